//! ECRIS XML, written by hand: elements in the schema's sequence order, text escaped, two-space
//! indentation, the official v1.0 namespaces on every root. No XML library is needed to write, and
//! the tests validate every rendered message against the official schemas in
//! `schemas/ecris-v1.0/` (`xmllint`). The pieces every message shares (the person, the contact)
//! are here; each process renders its own message around them.

use super::{Contact, CountryRef, EcrisRequest, NS_COMMONS, NS_CRT, NS_DOMAIN, NS_MESSAGES, NS_SERVICE, Person, UNKNOWN_COUNTRY};
use crate::date::PartialDate;
use crate::json::JsonText;
use crate::text::swar;

/// A tiny XML writer: elements in order, text escaped, two-space indentation. It writes the
/// message in the form the answer's JSON carries it ([`JsonText`]: a line ends in `\n`, an
/// attribute's quotes are `\"`), so that the answer copies it instead of escaping it again;
/// [`JsonText::text`] gives the XML itself.
pub struct Xml {
    out: JsonText,
    depth: usize,
}

impl Xml {
    pub fn new() -> Self {
        // Room for a whole message at once (a request is 2-4 KB): growing from a few bytes had
        // copied it five or six times.
        let mut out = JsonText::with_capacity(4096);
        out.push_escaped(r#"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"#);
        Xml { out, depth: 0 }
    }
    fn indent(&mut self) {
        const SPACES: &str = "                                                                ";
        let width = 2 * self.depth;
        match SPACES.get(..width) {
            Some(spaces) => self.out.push_escaped(spaces),
            None => (0..width).for_each(|_| self.out.push_plain(' ')),
        }
    }
    /// An element's or an attribute's name: icce's own, plain ASCII (checked in debug builds).
    fn name(&mut self, name: &str) {
        self.out.push_escaped(name);
    }
    pub fn open(&mut self, name: &str) {
        self.open_attrs(name, &[]);
    }
    pub fn open_attrs(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push_plain('<');
        self.name(name);
        for (k, v) in attrs {
            self.out.push_plain(' ');
            self.name(k);
            self.out.push_escaped(r#"=\""#);
            escape_into(&mut self.out, v);
            self.out.push_escaped(r#"\""#);
        }
        self.out.push_escaped(r">\n");
        self.depth += 1;
    }
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_escaped("</");
        self.name(name);
        self.out.push_escaped(r">\n");
    }
    pub fn leaf(&mut self, name: &str, text: &str) {
        self.indent();
        self.out.push_plain('<');
        self.name(name);
        self.out.push_plain('>');
        escape_into(&mut self.out, text);
        self.out.push_escaped("</");
        self.name(name);
        self.out.push_escaped(r">\n");
    }
    pub fn opt_leaf(&mut self, name: &str, text: Option<&str>) {
        if let Some(t) = text {
            self.leaf(name, t);
        }
    }
    /// An ECRIS `MultilingualText…` element with one linguistic representation, in English
    /// (`languageCode="en"`): the UK writes its free texts in English, and marks them so that the
    /// receiving authority knows what a translation starts from.
    pub fn english(&mut self, name: &str, text: &str) {
        self.open(name);
        self.indent();
        self.out.push_escaped(r#"<commons:MultilingualTextLinguisticRepresentation languageCode=\"en\">"#);
        escape_into(&mut self.out, text);
        self.out.push_escaped(r"</commons:MultilingualTextLinguisticRepresentation>\n");
        self.close(name);
    }
    pub fn opt_english(&mut self, name: &str, text: Option<&str>) {
        if let Some(t) = text {
            self.english(name, t);
        }
    }
    /// An ECRIS `MultilingualText…` element with one linguistic representation, in no stated
    /// language: a proper name (a town, a street, an authority abroad) is written as it is.
    pub fn multilingual(&mut self, name: &str, text: &str) {
        self.open(name);
        self.leaf("commons:MultilingualTextLinguisticRepresentation", text);
        self.close(name);
    }
    pub fn opt_multilingual(&mut self, name: &str, text: Option<&str>) {
        if let Some(t) = text {
            self.multilingual(name, t);
        }
    }
    /// An ECRIS `DateType`.
    pub fn date(&mut self, name: &str, d: PartialDate) {
        self.open(name);
        let mut buf = [0; 8];
        self.leaf("commons:DateYear", padded(&mut buf, "", d.year, 4));
        if let Some(m) = d.month {
            self.open("commons:DateMonthDay");
            self.leaf("commons:DateMonth", padded(&mut buf, "--", m.into(), 2));
            if let Some(day) = d.day {
                self.leaf("commons:DateDay", padded(&mut buf, "---", day.into(), 2));
            }
            self.close("commons:DateMonthDay");
        }
        self.close(name);
    }
    pub fn finish(self) -> JsonText {
        self.out
    }
}

impl Default for Xml {
    fn default() -> Self {
        Self::new()
    }
}

/// `s` as XML text (the five characters XML escapes, as entities) in the answer's JSON form (a
/// backslash or a control character as JSON escapes it). The runs between are found eight bytes
/// at a time and written whole, unscanned (they hold nothing JSON escapes); most texts have
/// nothing to escape.
fn escape_into(out: &mut JsonText, s: &str) {
    let special = |b: u8| b < 0x20 || matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | b'\\');
    let marks = |w| {
        swar::below(w, 0x20)
            | swar::equal(w, b'&')
            | swar::equal(w, b'<')
            | swar::equal(w, b'>')
            | swar::equal(w, b'"')
            | swar::equal(w, b'\'')
            | swar::equal(w, b'\\')
    };
    let mut rest = s;
    while let Some(at) = swar::first(rest.as_bytes(), marks, special) {
        // `at` is an ASCII byte: both sides are whole characters.
        let (run, tail) = rest.split_at(at);
        out.push_escaped(run);
        let (one, after) = tail.split_at(1);
        match one {
            "&" => out.push_escaped("&amp;"),
            "<" => out.push_escaped("&lt;"),
            ">" => out.push_escaped("&gt;"),
            "\"" => out.push_escaped("&quot;"),
            "'" => out.push_escaped("&apos;"),
            // A backslash or a control character: JSON's escape of it.
            _ => out.push_str(one),
        }
        rest = after;
    }
    out.push_escaped(rest);
}

/// `prefix` and `n` in `width` digits with leading zeros (as `format!("{prefix}{n:0width$}")`
/// writes a number of at most `width` digits), in `buf`: a date's parts without an allocation each.
fn padded<'b>(buf: &'b mut [u8; 8], prefix: &str, mut n: u16, width: usize) -> &'b str {
    let len = prefix.len() + width;
    let Some(out) = buf.get_mut(..len) else { return "" };
    let (head, digits) = out.split_at_mut(prefix.len());
    head.copy_from_slice(prefix.as_bytes());
    for d in digits.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
    std::str::from_utf8(out).unwrap_or_default()
}

/// The namespace declarations every ECRIS message root carries.
pub fn root_attrs() -> [(&'static str, &'static str); 5] {
    [
        ("xmlns:svc", NS_SERVICE),
        ("xmlns:msg", NS_MESSAGES),
        ("xmlns:dm", NS_DOMAIN),
        ("xmlns:commons", NS_COMMONS),
        ("xmlns:crt", NS_CRT),
    ]
}

fn place(x: &mut Xml, name: &str, country: Option<&CountryRef>, town: &str) {
    x.open(name);
    x.leaf("dm:PlaceCountryReference", country.map_or(UNKNOWN_COUNTRY, |c| c.ecris_reference.as_ref()));
    x.multilingual("dm:PlaceTownName", town);
    x.close(name);
}

/// Write an ECRIS `PersonType` body; `None` when a mandatory element cannot be filled.
pub fn person_xml(x: &mut Xml, name: &str, p: &Person) -> Option<()> {
    x.open(name);
    x.open("dm:PersonName");
    x.leaf("dm:Forename", p.forename.as_deref()?);
    x.leaf("dm:Surname", p.surname.as_deref()?);
    x.opt_leaf("dm:SecondSurname", p.second_surname.as_deref());
    x.opt_leaf("dm:FullName", p.full_name.as_deref());
    x.close("dm:PersonName");
    x.leaf("dm:PersonSex", &p.sex?.to_string());
    x.date("dm:PersonBirthDate", p.birth_date?);
    place(x, "dm:PersonBirthPlace", Some(p.birth_place.country.as_ref()?), p.birth_place.town.as_deref()?);
    if p.nationalities.is_empty() {
        return None;
    }
    for n in &p.nationalities {
        x.leaf("dm:PersonNationalityReference", &n.ecris_reference);
    }
    for f in &p.former_forenames {
        x.leaf("dm:PersonFormerForename", f);
    }
    for f in &p.former_surnames {
        x.leaf("dm:PersonFormerSurname", f);
    }
    for f in &p.former_second_surnames {
        x.leaf("dm:PersonFormerSecondSurname", f);
    }
    x.opt_leaf("dm:PersonFatherForename", p.father_forename.as_deref());
    x.opt_leaf("dm:PersonFatherSurname", p.father_surname.as_deref());
    x.opt_leaf("dm:PersonMotherForename", p.mother_forename.as_deref());
    x.opt_leaf("dm:PersonMotherSurname", p.mother_surname.as_deref());
    x.opt_leaf("dm:PersonIdentityNumber", p.identity_number.as_deref());
    for d in &p.identification_documents {
        x.open("dm:PersonIdentificationDocument");
        x.leaf("dm:IdentificationDocumentCategoryReference", d.category_reference);
        x.english("dm:IdentificationDocumentType", d.category);
        x.leaf("dm:IdentificationDocumentNumber", d.number.as_deref().unwrap_or("UNKNOWN"));
        x.opt_multilingual("dm:IdentificationDocumentIssuingAuthority", d.issuing_authority.as_deref());
        if let Some(i) = d.issue_date {
            x.date("dm:IdentificationDocumentIssuingDate", i);
        }
        if let Some(v) = d.valid_until {
            x.date("dm:IdentificationDocumentValidUntil", v);
        }
        x.close("dm:PersonIdentificationDocument");
    }
    for a in &p.addresses {
        x.open("dm:PersonAddress");
        // The town name is mandatory in a PlaceType; an address without one says so.
        place(x, "dm:AddressPlace", a.country.as_ref(), a.town.as_deref().unwrap_or("UNKNOWN"));
        x.opt_multilingual("dm:AddressStreet", a.street.as_deref());
        x.opt_multilingual("dm:AddressPostCode", a.postcode.as_deref());
        x.close("dm:PersonAddress");
    }
    for a in &p.aliases {
        let (Some(f), Some(s)) = (a.forename.as_deref(), a.surname.as_deref()) else { continue };
        x.open("dm:PersonAlias");
        x.open("dm:PersonName");
        x.leaf("dm:Forename", f);
        x.leaf("dm:Surname", s);
        x.close("dm:PersonName");
        if let Some(d) = a.birth_date {
            x.date("dm:PersonBirthDate", d);
        }
        x.close("dm:PersonAlias");
    }
    x.opt_english("dm:PersonRemarks", p.remarks.as_deref());
    x.close(name);
    Some(())
}

/// `msg:MessageDataContactPerson`, when there is a contact.
pub fn contact_xml(x: &mut Xml, contact: Option<&Contact<'_>>) {
    if let Some(c) = contact {
        x.open("msg:MessageDataContactPerson");
        // ECRIS takes 8 to 30 characters; a shorter number is left out rather than sent invalid.
        x.opt_leaf("msg:ContactPersonPhoneNumber", c.phone.as_deref().filter(|p| (8..=30).contains(&p.chars().count())));
        x.leaf("msg:ContactPersonEmail", &c.email);
        x.close("msg:MessageDataContactPerson");
    }
}

/// Render an ECRIS `RequestMessage`; `None` when a mandatory element cannot be filled (the
/// validation has then already said what is missing).
pub fn request_xml(m: &EcrisRequest) -> Option<JsonText> {
    let mut x = Xml::new();
    x.open_attrs("svc:RequestMessage", &root_attrs());
    x.open("msg:MessageMetaData");
    x.leaf("msg:MessageMetaDataMessageID", m.message_id.as_deref()?);
    x.leaf("msg:MessageMetaDataTimestamp", &m.timestamp);
    x.close("msg:MessageMetaData");
    x.open("msg:MessageData");
    contact_xml(&mut x, m.contact_person.as_ref());
    person_xml(&mut x, "msg:MessageDataPerson", &m.person)?;
    x.opt_english("msg:MessageDataRemarks", m.remarks.as_deref());
    x.leaf("msg:MessageDataRequestPurposeCategoryReference", m.purpose_category_reference);
    x.english("msg:MessageDataRequestPurpose", &m.purpose);
    for c in &m.accusation_categories {
        x.leaf("msg:MessageDataAccusationOffenceCategoryReference", c);
    }
    x.opt_english("msg:MessageDataAccusation", m.accusation.as_deref());
    let ra = m.requesting_authority.as_ref()?;
    x.open("msg:MessageDataRequestingAuthority");
    x.leaf("msg:RequestingAuthorityTypeReference", ra.type_reference);
    x.opt_leaf("msg:RequestingAuthorityCode", ra.code.as_deref());
    x.english("msg:RequestingAuthorityName", &ra.name);
    x.close("msg:MessageDataRequestingAuthority");
    x.opt_leaf("msg:MessageDataCaseReferenceNumber", m.case_reference.as_deref());
    x.leaf("msg:MessageDataConcernedPersonConsent", m.consent);
    x.leaf("msg:MessageDataUrgency", m.urgency);
    x.close("msg:MessageData");
    x.close("svc:RequestMessage");
    Some(x.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run-by-run escaper writes what escaping character by character writes.
    #[test]
    fn text_is_escaped_as_character_by_character() {
        fn by_char(s: &str) -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&apos;".to_owned(),
                    c => c.to_string(),
                })
                .collect()
        }
        for s in ["", "plain", "&", "<a href=\"x\">O'Brien & Søn</a>", "ÿ&ł<>\"'é", "'''", "tail&", "&head", "Łódź \u{1F600} <>", "a\\b\nc\td\r\u{1}\"", "\\&\n<"] {
            let mut out = JsonText::default();
            escape_into(&mut out, s);
            assert_eq!(out.text(), by_char(s), "{s}");
            // And in the form the answer carries it: serde_json's string of the XML text.
            assert_eq!(format!("\"{}\"", out.as_json()), serde_json::to_string(&by_char(s)).unwrap_or_default(), "{s}");
        }
        // Every special byte at every position of texts up to three words long, next to another
        // (where a word's test can mark a byte falsely), among multi-byte characters.
        let specials = ['&', '<', '>', '"', '\'', '\\', '\n', '\u{1}', '\u{1f}', ' ', 'é', 'a'];
        for len in 0..26 {
            for at in 0..len {
                for &c in &specials {
                    for &next in &['a', '&', '\u{0}', 'ł'] {
                        let s: String = (0..len).map(|i| if i == at { c } else if i == at + 1 { next } else { 'x' }).collect();
                        let mut out = JsonText::default();
                        escape_into(&mut out, &s);
                        assert_eq!(out.text(), by_char(&s), "{s:?}");
                        assert_eq!(format!("\"{}\"", out.as_json()), serde_json::to_string(&by_char(&s)).unwrap_or_default(), "{s:?}");
                    }
                }
            }
        }
        // A date's parts as format! writes them.
        let mut buf = [0; 8];
        for n in [0, 1, 9, 10, 99, 100, 999, 1000, 2026, 9999] {
            assert_eq!(padded(&mut buf, "", n, 4), format!("{n:04}"));
            if n < 100 {
                assert_eq!(padded(&mut buf, "--", n, 2), format!("--{n:02}"));
                assert_eq!(padded(&mut buf, "---", n, 2), format!("---{n:02}"));
            }
        }
        let mut x = Xml::new();
        x.depth = 40;
        x.indent();
        assert!(x.out.as_json().ends_with(&" ".repeat(80)));
    }
}
