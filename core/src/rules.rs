//! The rule book shown: every country with what it requires and recommends (`listRules`), and one
//! country's rules with their sources (`showRules`). No verdict on any input: these answers say
//! what the compiled rule book holds, so that an officer or an auditor can read why icce asks for
//! what it asks.

use serde::{Deserialize, Serialize};
use crate::decode::decode_struct;

use crate::diag::{Code, Diagnostic};
use crate::rulebook::{self, AppliesTo, Channel, Country, LanguageBasis, Level, Region, ReplyDeadline, Source};
use crate::text::shorten;

/// The ECRIS baseline: what `PersonType` makes mandatory, so every destination needs it
/// (`docs/domain/ecris-message-model.md#persontype`).
pub const BASELINE: &[&str] = &["forename", "surname", "sex", "date-of-birth", "town-of-birth", "country-of-birth", "nationality"];

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CountrySummary {
    pub code: &'static str,
    pub name: &'static str,
    pub region: Region,
    pub channel: Channel,
    pub file: &'static str,
    pub required: Vec<&'static str>,
    pub recommended: Vec<&'static str>,
}

/// Every country file, in the rule book's order.
pub fn countries() -> Vec<CountrySummary> {
    rulebook::COUNTRIES
        .iter()
        .map(|c| CountrySummary {
            code: c.code,
            name: c.name,
            region: c.region,
            channel: c.channel,
            file: c.file,
            required: c.requirements.iter().filter(|r| r.level == Level::Required).map(|r| r.item.key()).collect(),
            recommended: c.requirements.iter().filter(|r| r.level == Level::Recommended).map(|r| r.item.key()).collect(),
        })
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShowRulesInput {
    /// An ISO 3166-1 alpha-2 code, or `default`.
    #[cfg_attr(feature = "schema", schemars(schema_with = "country_schema"))]
    pub country: String,
}

/// `showRules`' `country`: a current ISO 3166-1 alpha-2 code, or `default` (white space around it
/// is trimmed, so a code written with spaces is read too).
#[cfg(feature = "schema")]
fn country_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut codes: Vec<&str> = crate::rulebook::iso_codes().collect();
    codes.push("default");
    schemars::json_schema!({
        "description": "An ISO 3166-1 alpha-2 code (such as `PL`), or `default` for the rules of a country without its own file",
        "type": "string",
        "enum": codes
    })
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequirementView {
    pub item: &'static str,
    pub label: &'static str,
    pub level: Level,
    pub applies_to: AppliesTo,
    pub note: &'static str,
    pub file: String,
    pub sources: Vec<&'static Source>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CountryView {
    pub code: &'static str,
    pub name: &'static str,
    pub alpha3: Option<&'static str>,
    pub numeric: Option<&'static str>,
    pub region: Region,
    pub channel: Channel,
    pub channel_sources: Vec<&'static Source>,
    pub authority: Option<&'static str>,
    pub authority_sources: Vec<&'static Source>,
    pub request_language: &'static str,
    pub request_language_basis: LanguageBasis,
    pub no_published_requirements: Option<&'static str>,
    pub notes: &'static [&'static str],
    pub reply_deadline: &'static ReplyDeadline,
    pub requirements: Vec<RequirementView>,
    pub sources: &'static [Source],
    pub file: &'static str,
}

/// One country's rules, each requirement with its file, line and sources.
pub fn country_view(c: &'static Country) -> CountryView {
    let srcs = |keys: &[&str]| keys.iter().filter_map(|k| c.source(k)).collect::<Vec<_>>();
    CountryView {
        code: c.code,
        name: c.name,
        alpha3: c.alpha3,
        numeric: c.numeric,
        region: c.region,
        channel: c.channel,
        channel_sources: srcs(c.channel_sources),
        authority: c.authority,
        authority_sources: srcs(c.authority_sources),
        request_language: c.request_language,
        request_language_basis: c.request_language_basis,
        no_published_requirements: c.no_published_requirements,
        notes: c.notes,
        reply_deadline: &c.reply_deadline,
        requirements: c
            .requirements
            .iter()
            .map(|r| RequirementView {
                item: r.item.key(),
                label: r.item.label(),
                level: r.level,
                applies_to: r.applies_to,
                note: r.note,
                file: format!("{}:{}", c.file, r.line),
                sources: srcs(r.sources),
            })
            .collect(),
        sources: c.sources,
        file: c.file,
    }
}

/// The rules that apply to `input.country`: its own file, or the default file for a country
/// without one; `Err` when the code is not a country.
pub fn show(input: &ShowRulesInput) -> Result<(&str, CountryView), Diagnostic> {
    let code = input.country.trim();
    let c = if code == "default" {
        rulebook::default_rules()
    } else if rulebook::iso_country(code).is_some() {
        rulebook::rules_for(code)
    } else {
        return Err(Diagnostic::new(
            Code::UnknownCountryRules,
            "/country",
            format!("`{}` is not an ISO 3166-1 alpha-2 code or `default`", shorten(code)),
            "use a two-letter code such as `PL`; `listRules` lists the countries with their own file",
        ));
    };
    Ok((code, country_view(c)))
}

// The decoder ([`crate::decode`]): as the derived `Deserialize` reads it.
decode_struct!(ShowRulesInput { "country" => country: req });
