//! The UK identifiers of a request out: PNC ID, CRO number, PNC force code, arrest/summons
//! number, custody record and arrest date (`docs/domain/uk-identifiers.md`). The check letters
//! are computed by [`crate::identifiers`]; this step says what is wrong with them in the words
//! an officer needs. A wrong check letter is reported without the letter that would fit: the
//! letter exists to catch a mistyped digit, and an officer told the fitting letter could turn a
//! typo into a valid-looking identifier of someone else.

use crate::check::Checker;
use crate::date::{Date, PartialDate};
use crate::diag::{Code, Diagnostic};
use crate::identifiers::{self, IdError};
use crate::model::UkIdentifiers;
use crate::rulebook;
use crate::text::shorten;

/// The requesting force, from its PNC force code.
pub(super) struct Force<'i> {
    pub code: Option<&'i str>,
    pub name: Option<&'static str>,
}

pub(super) fn identifiers<'i>(ck: &mut Checker<'_>, uk: &'i UkIdentifiers<'_>, today: Option<Date>, dob: Option<PartialDate>) -> Force<'i> {
    let this_year = today.map_or(2000, |t| t.year);
    if let Some(v) = &uk.pnc_id {
        match identifiers::pnc(v, this_year) {
            Ok(_) => {}
            Err(IdError::CheckLetter { .. }) => ck.push(Diagnostic::new(
                Code::PncIdCheckLetter,
                "/uk/pncId",
                format!("the PNC ID `{}` does not check: its check letter does not match its digits", shorten(v)),
                "read the whole PNC ID again from the PNC record; a digit or the letter was mistyped, and changing the letter alone could name someone else",
            )),
            Err(_) => ck.push(Diagnostic::new(Code::PncIdMalformed, "/uk/pncId", format!("`{}` is not a PNC ID", shorten(v)), "a PNC ID is written YYYY/NNNNNNNA, for example 2003/0011985X")),
        }
    }
    if let Some(v) = &uk.cro_number {
        match identifiers::cro_number(v) {
            Ok(_) => {}
            Err(IdError::CheckLetter { .. }) => ck.push(Diagnostic::new(
                Code::CroNumberCheckLetter,
                "/uk/croNumber",
                format!("the CRO number `{}` does not check: its check letter does not match its digits", shorten(v)),
                "read the whole CRO number again from the record; a digit or the letter was mistyped, and changing the letter alone could name someone else",
            )),
            Err(_) => ck.push(Diagnostic::new(Code::CroNumberMalformed, "/uk/croNumber", format!("`{}` is not a CRO number", shorten(v)), "a CRO number is written NNNNNN/YYA, or SFYY/NNNNNNA")),
        }
    }
    let code = uk.force_code.as_deref().map(str::trim);
    let name = code.and_then(rulebook::force_name);
    if let (Some(f), None) = (&code, name) {
        ck.push(Diagnostic::new(Code::ForceCodeUnknown, "/uk/forceCode", format!("`{}` is not a PNC force code", shorten(f)), "use the two-digit PNC force code, for example `44` for Hampshire"));
    }
    if let Some(v) = &uk.asn {
        arrest_summons_number(ck, v, code);
    }
    let _ = ck.text(uk.custody_record.as_deref(), "/uk/custodyRecord", "the custody record reference", 50);
    arrest_date(ck, uk, today, dob);
    Force { code, name }
}

fn arrest_summons_number(ck: &mut Checker<'_>, v: &str, force: Option<&str>) {
    match identifiers::asn(v) {
        Ok(a) => {
            if let Some(f) = force.filter(|f| *f != a.force) {
                ck.push(Diagnostic::new(Code::AsnForceMismatch, "/uk/asn", format!("the arrest/summons number is for force `{}`, not `{f}`", a.force), "check the force code and the arrest/summons number"));
            }
        }
        Err((IdError::CheckLetter { .. }, _)) => ck.push(Diagnostic::new(
            Code::AsnCheckLetter,
            "/uk/asn",
            format!("the arrest/summons number `{}` does not check: its check letter does not match its digits", shorten(v)),
            "read the whole arrest/summons number again from the custody record; changing the letter alone could name another case",
        )),
        Err((IdError::NotVerifiable, _)) => ck.push(Diagnostic::new(Code::AsnCheckNotVerifiable, "/uk/asn", "the arrest/summons number's check letter cannot be verified", "its force or system part has letters; check it by eye")),
        Err((IdError::Malformed(form), _)) => ck.push(Diagnostic::new(Code::AsnMalformed, "/uk/asn", format!("`{}` is not an arrest/summons number", shorten(v)), format!("an arrest/summons number is {form}"))),
    }
}

/// The arrest date: a full date, not after today and not before the person was born.
fn arrest_date(ck: &mut Checker<'_>, uk: &UkIdentifiers, today: Option<Date>, dob: Option<PartialDate>) {
    let Some(arrest) = ck.partial_date(uk.arrest_date.as_deref(), "/uk/arrestDate", "the arrest date") else { return };
    match (arrest.full(), today) {
        (None, _) => ck.push(Diagnostic::new(Code::DateInvalid, "/uk/arrestDate", "the arrest date must be a full date", "write YYYY-MM-DD")),
        (Some(a), Some(t)) if a > t => ck.push(Diagnostic::new(Code::ArrestDateInFuture, "/uk/arrestDate", format!("the arrest date {a} is after today ({t})"), "check the arrest date")),
        (Some(a), _) => {
            if let Some(d) = dob.filter(|d| a < d.range().0) {
                ck.push(Diagnostic::new(Code::ArrestBeforeBirth, "/uk/arrestDate", format!("the arrest date {a} is before the date of birth {d}"), "check both dates"));
            }
        }
    }
}
