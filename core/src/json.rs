//! The answer writer: compact JSON, byte for byte what `serde_json::to_string` writes for the same
//! value, with a faster string escaper.
//!
//! Every answer is mostly text: messages, an ECRIS message's XML as one string, an email. serde_json
//! looks each byte of every string up in its escape table; that loop was a quarter of all the
//! instructions of `validateRequestOut` (BENCHMARKS.md, "2026-12-01, third session"). Here a string
//! is scanned eight bytes at a time: one word's test says whether it holds a byte JSON escapes
//! (`"`, `\` or a control character below U+0020) and where the first one is, and a string's last
//! few bytes are tested as one padded word. The escapes written are serde_json's own (`\"`, `\\`,
//! `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00xx` in lower-case hex for the other controls). Numbers
//! are written by `itoa` as serde_json writes them; a float, which no answer has, is handed to
//! serde_json itself.
//!
//! What this writer does not take is an error: a map key that is not a string, a character, an
//! integer or a unit variant (serde_json quotes a `bool` or float key, and refuses the rest), and an
//! error raised by a value's own `Serialize`. No answer type has either. Tests compare the two
//! writers on every shape serde derives, on every byte a string can hold
//! (`tests/tests/properties.rs`: any text, and every generated answer). serde_json is not kept as a
//! fallback: a second serializer for every answer type made the module 14 KB (gzip) larger.
//!
//! What icce builds only to send, an ECRIS message's XML and the missing-information email, is
//! written as it is built in the form this writer would write it ([`JsonText`]), and copied into
//! the answer whole: escaping it here had cost as much again as scanning every other string.
//!
//! A struct's field names are written as they are, unescaped: they are known before any input
//! arrives (each is an identifier of an answer type, camelCased, or a `rename`), and a test holds
//! them plain (see `write_field_name`). A type with a field name JSON would escape is not for
//! this writer.

use std::fmt;

use serde::ser::{self, Serialize};

use crate::text::swar;

/// Write `value` as compact JSON, starting with room for `capacity` bytes.
pub fn to_string<T: Serialize + ?Sized>(value: &T, capacity: usize) -> Result<String, Error> {
    let mut w = Writer { out: String::with_capacity(capacity), kept: Kept::No };
    value.serialize(&mut w)?;
    Ok(w.out)
}

/// A text kept in the form this writer writes it: what goes between a JSON string's quotes,
/// escaped as serde_json escapes it. What icce builds only to send (an ECRIS message's XML) is
/// written straight into this form, so that the answer copies it whole instead of scanning and
/// escaping it a second time (an XML message has about two escapes a line; BENCHMARKS.md).
/// [`JsonText::text`] gives the text itself.
///
/// Only its own methods write into it, so it holds nothing but well-formed escapes. Serialised
/// by this writer, it is copied as it is; by any other serializer, as the text it stands for
/// (tests hold both to serde_json's bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonText(String);

impl JsonText {
    pub fn with_capacity(capacity: usize) -> Self {
        JsonText(String::with_capacity(capacity))
    }

    /// Append `s`, escaped.
    pub fn push_str(&mut self, s: &str) {
        write_content(&mut self.0, s);
    }

    /// Append `s`, which is in this form already: fixed markup that holds nothing JSON escapes,
    /// or escapes written out (`\\"`, `\\n`). Checked in debug builds.
    pub fn push_escaped(&mut self, s: &str) {
        debug_assert!(is_json_content(s), "{s:?} is not JSON string content");
        self.0.push_str(s);
    }

    /// Append one ASCII character JSON writes as it is (checked in debug builds).
    pub fn push_plain(&mut self, c: char) {
        debug_assert!(c.is_ascii() && c >= ' ' && c != '"' && c != '\\', "{c:?} is not plain");
        self.0.push(c);
    }

    /// The escaped form: the characters between the quotes of this text's JSON string.
    pub fn as_json(&self) -> &str {
        &self.0
    }

    /// The text itself.
    pub fn text(&self) -> String {
        let mut quoted = String::with_capacity(self.0.len() + 2);
        quoted.push('"');
        quoted.push_str(&self.0);
        quoted.push('"');
        // Only this type's methods write into it: every escape in it is one serde_json writes.
        serde_json::from_str(&quoted).unwrap_or_default()
    }
}

/// Whether `s` can stand between a JSON string's quotes as it is: no control character, every
/// quote escaped, every backslash the start of one of JSON's escapes (a debug-build check of what
/// is pushed unescaped, cheap enough for every push).
fn is_json_content(s: &str) -> bool {
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'\\' => match bytes.next() {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {}
                Some(b'u') => {
                    if !(0..4).all(|_| bytes.next().is_some_and(|h| h.is_ascii_hexdigit())) {
                        return false;
                    }
                }
                _ => return false,
            },
            b'"' => return false,
            b if b < 0x20 => return false,
            _ => {}
        }
    }
    true
}

/// The name of the newtype by which a [`JsonText`] tells this writer that the string inside is
/// escaped already.
const ESCAPED: &str = "$icce::json::JsonText";

/// The name of the newtype by which a [`Raw`] tells this writer that the string inside is JSON
/// already (a value, or an object's members).
const RAW: &str = "$icce::json::Raw";

/// The field name under which a [`Raw::fields`] is handed to a struct: this writer writes the
/// members it holds in place of the field, without a name. No field of an answer type can have
/// this name (field names are plain letters, digits and `_`; see [`write_field_name`]).
pub(crate) const RAW_FIELDS: &str = "$";

/// Whether `S` is this writer. `type_name` is not promised to tell every two types apart; the
/// only other type that could carry this name is this writer of another copy of this crate,
/// which takes the newtype the same way.
pub(crate) fn is_this_writer<S>() -> bool {
    std::any::type_name::<S>() == std::any::type_name::<&mut Writer>()
}

impl Serialize for JsonText {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if is_this_writer::<S>() {
            serializer.serialize_newtype_struct(ESCAPED, self.as_json())
        } else {
            serializer.serialize_str(&self.text())
        }
    }
}

#[cfg(feature = "schema")]
schema_of_a_string!(JsonText);

/// JSON written before any input arrives (from the code registry or the compiled rule book): a
/// value ([`Raw::value`]) or a struct's fields in their order ([`Raw::fields`], handed over as
/// the field [`RAW_FIELDS`]). Only this writer takes it, and copies it whole; a type that hands
/// one over asks [`is_this_writer`] first and gives any other serializer its fields one by one.
/// Tests hold every such text to serde_json's bytes for the same fields.
pub(crate) struct Raw(&'static str);

impl Raw {
    /// A whole JSON value.
    pub(crate) fn value(json: &'static str) -> Self {
        debug_assert!(serde_json::from_str::<serde::de::IgnoredAny>(json).is_ok(), "not a JSON value: {json}");
        Raw(json)
    }

    /// The members of an object, without its braces (`"a":1,"b":"c"`), handed over as the
    /// field [`RAW_FIELDS`].
    pub(crate) fn fields(json: &'static str) -> Self {
        debug_assert!(serde_json::from_str::<serde::de::IgnoredAny>(&format!("{{{json}}}")).is_ok(), "not an object's members: {json}");
        Raw(json)
    }
}

impl Serialize for Raw {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if is_this_writer::<S>() {
            serializer.serialize_newtype_struct(RAW, self.0)
        } else {
            Err(ser::Error::custom("JSON written beforehand is for icce's answer writer only"))
        }
    }
}

/// A value this writer does not write (the caller answers with an internal error).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

struct Writer {
    out: String,
    /// Set by the newtype of a [`JsonText`] or a [`Raw`]: the next string is written as it is.
    kept: Kept,
}

/// What the next string is, when it is not a plain text to escape.
#[derive(Clone, Copy, PartialEq)]
enum Kept {
    No,
    /// A [`JsonText`]'s content: escaped already; written in quotes.
    Escaped,
    /// A [`Raw`]: JSON already (a value, or members in place of a field); written as it is.
    Json,
}

/// The escape serde_json writes for `b`, or `None` when `b` is written as it is.
#[inline]
fn escape_of(b: u8) -> Option<&'static str> {
    const CONTROLS: [&str; 32] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007", "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r",
        "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018",
        "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ];
    match b {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        _ => CONTROLS.get(usize::from(b)).copied(),
    }
}

/// `s` as a JSON string, quotes included.
#[inline]
fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    write_content(out, s);
    out.push('"');
}

/// `s` escaped, without the quotes: what a JSON string of it holds between them. Shared by every
/// string this writer writes and by [`JsonText::push_str`]; always inlined (left to the compiler,
/// it became a call that cost 1.1 % of `validateRequestOut`'s instructions, callgrind).
#[inline(always)]
fn write_content(out: &mut String, s: &str) {
    match first_escape(s.as_bytes(), 0) {
        // Most strings (codes, names, help texts) have nothing to escape: one copy.
        None => out.push_str(s),
        Some(at) => write_escaped(out, s, at),
    }
}

/// The first byte at or after `from` that JSON escapes, if any ([`swar::first_json_special`]).
#[inline]
fn first_escape(bytes: &[u8], from: usize) -> Option<usize> {
    swar::first_json_special(bytes.get(from..)?).map(|i| from + i)
}

/// `s` from its first byte to escape, `at`, on: each run between escapes written whole. Every
/// cut is at an ASCII byte, so every run is whole characters. A mark past the first in a word
/// may be false (a borrow), so each is looked at again by [`escape_of`].
#[cold]
fn write_escaped(out: &mut String, s: &str, mut at: usize) {
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        match bytes.get(at).copied().and_then(escape_of) {
            Some(escape) => {
                out.push_str(s.get(start..at).unwrap_or_default());
                out.push_str(escape);
                start = at + 1;
            }
            None if at >= bytes.len() => break,
            None => {}
        }
        match first_escape(bytes, at + 1) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.push_str(s.get(start..).unwrap_or_default());
}

/// A struct's field name and its colon, written as it is. A field name comes from the derive of
/// one of icce's answer types (a Rust identifier, camelCased, or a `rename`), and none holds a
/// byte JSON escapes: the published OpenAPI document lists every one, and
/// `core/tests/openapi.rs` fails on a name that is not plain letters, digits or `_` (debug builds
/// also check each name here). Scanning every name on every write had cost 8 % of
/// `validateRequestOut`'s instructions.
#[inline]
fn write_field_name(out: &mut String, name: &str) {
    debug_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "field name {name:?} is not plain");
    out.reserve(name.len() + 3);
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
}

impl Writer {
    fn integer<I: itoa::Integer>(&mut self, v: I) -> Result<(), Error> {
        self.out.push_str(itoa::Buffer::new().format(v));
        Ok(())
    }

    fn float<F: Serialize>(&mut self, v: F) -> Result<(), Error> {
        let text = serde_json::to_string(&v).map_err(|e| Error(e.to_string()))?;
        self.out.push_str(&text);
        Ok(())
    }

    /// Open a list or an object; one of no members is closed at once, as serde_json does.
    fn open(&mut self, open: char, close: &'static str, len: Option<usize>) -> Compound<'_> {
        self.out.push(open);
        if len == Some(0) {
            self.out.push_str(close);
            Compound { w: self, state: State::Empty, close, outer: "" }
        } else {
            Compound { w: self, state: State::First, close, outer: "" }
        }
    }

    /// The string a [`JsonText`] holds, in quotes (escaped already), or a [`Raw`]'s JSON.
    #[cold]
    #[inline(never)]
    fn kept_text(&mut self, v: &str) {
        match self.kept {
            // A Raw's value, or its members in place of the field whose name was not written.
            Kept::Json => self.out.push_str(v),
            Kept::Escaped | Kept::No => {
                self.out.reserve(v.len() + 2);
                self.out.push('"');
                self.out.push_str(v);
                self.out.push('"');
            }
        }
        self.kept = Kept::No;
    }

    /// `{"variant":` before a variant's value.
    fn variant_key(&mut self, variant: &str) {
        self.out.push('{');
        write_str(&mut self.out, variant);
        self.out.push(':');
    }
}

#[derive(PartialEq)]
enum State {
    /// Opened and closed already (no members).
    Empty,
    First,
    Rest,
}

struct Compound<'w> {
    w: &'w mut Writer,
    state: State,
    close: &'static str,
    /// What closes the variant around a tuple or struct variant (`}`), else nothing.
    outer: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if self.state == State::First {
            self.state = State::Rest;
        } else {
            self.w.out.push(',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.w)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.comma();
        // A Raw's members take the place of this field: its name is not written (one test of
        // the name's length on every field: 2 % of listRules' instructions, which writes little
        // else; writing the name and taking it back cost the form check 0.8 %).
        if key.as_bytes() != RAW_FIELDS.as_bytes() {
            write_field_name(&mut self.w.out, key);
        }
        value.serialize(&mut *self.w)
    }

    fn finish(self) {
        if self.state != State::Empty {
            self.w.out.push_str(self.close);
        }
        self.w.out.push_str(self.outer);
    }
}

/// The ten integer methods of a serializer, each handing its value to the serializer's own
/// `integer` (the value writer writes it; a map key writes it in quotes).
macro_rules! integers {
    ($($method:ident: $t:ty)*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            self.integer(v)
        }
    )*};
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    integers! {
        serialize_i8: i8 serialize_i16: i16 serialize_i32: i32 serialize_i64: i64 serialize_i128: i128
        serialize_u8: u8 serialize_u16: u16 serialize_u32: u32 serialize_u64: u64 serialize_u128: u128
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(&mut self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if self.kept != Kept::No {
            self.kept_text(v);
        } else {
            write_str(&mut self.out, v);
        }
        Ok(())
    }

    /// As serde_json: a list of numbers.
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.open('[', "]", Some(v.len()));
        for b in v {
            seq.element(b)?;
        }
        seq.finish();
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<(), Error> {
        // Only a JsonText or a Raw names these newtypes, and what each holds is a string.
        self.kept = match name {
            ESCAPED => Kept::Escaped,
            RAW => Kept::Json,
            _ => Kept::No,
        };
        value.serialize(&mut *self)?;
        self.kept = Kept::No;
        Ok(())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, variant: &'static str, value: &T) -> Result<(), Error> {
        self.variant_key(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(self.open('[', "]", len))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Error> {
        Ok(self.open('[', "]", Some(len)))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w>, Error> {
        Ok(self.open('[', "]", Some(len)))
    }

    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, len: usize) -> Result<Compound<'w>, Error> {
        self.variant_key(variant);
        let mut c = self.open('[', "]", Some(len));
        c.outer = "}";
        Ok(c)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'w>, Error> {
        Ok(self.open('{', "}", len))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w>, Error> {
        Ok(self.open('{', "}", Some(len)))
    }

    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, len: usize) -> Result<Compound<'w>, Error> {
        self.variant_key(variant);
        let mut c = self.open('{', "}", Some(len));
        c.outer = "}";
        Ok(c)
    }
}

/// The list-like compounds: each member is an element.
macro_rules! elements {
    ($($trait:ident::$method:ident)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), Error> {
                self.finish();
                Ok(())
            }
        }
    )*};
}

elements! {
    SerializeSeq::serialize_element SerializeTuple::serialize_element
    SerializeTupleStruct::serialize_field SerializeTupleVariant::serialize_field
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(Key { out: &mut self.w.out })
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.w.out.push(':');
        value.serialize(&mut *self.w)
    }

    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

/// The struct-like compounds: each member is a named field.
macro_rules! fields {
    ($($trait:ident)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), Error> {
                self.finish();
                Ok(())
            }
        }
    )*};
}

fields! { SerializeStruct SerializeStructVariant }

/// A map key: a string, a character, a unit variant's name or an integer in quotes, as serde_json
/// writes them; anything else is an error (the caller answers with an internal error).
struct Key<'o> {
    out: &'o mut String,
}

impl Key<'_> {
    /// An integer key, in quotes.
    fn integer<I: itoa::Integer>(self, v: I) -> Result<(), Error> {
        self.out.push('"');
        self.out.push_str(itoa::Buffer::new().format(v));
        self.out.push('"');
        Ok(())
    }
}

fn key_error() -> Error {
    Error("a map key this writer does not write".to_owned())
}

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    integers! {
        serialize_i8: i8 serialize_i16: i16 serialize_i32: i32 serialize_i64: i64 serialize_i128: i128
        serialize_u8: u8 serialize_u16: u16 serialize_u32: u32 serialize_u64: u64 serialize_u128: u128
    }

    fn serialize_bool(self, _v: bool) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, _variant: &'static str, _value: &T) -> Result<(), Error> {
        Err(key_error())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_error())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_error())
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_error())
    }

    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, _variant: &'static str, _len: usize) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_error())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_error())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_error())
    }

    fn serialize_struct_variant(self, _name: &'static str, _index: u32, _variant: &'static str, _len: usize) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_error())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, reason = "tests")]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    fn same<T: Serialize + ?Sized>(v: &T) {
        let ours = to_string(v, 0).unwrap();
        let theirs = serde_json::to_string(v).unwrap();
        assert_eq!(ours, theirs);
    }

    /// A text kept escaped is written as the text it stands for would be: by this writer (which
    /// copies it) and by serde_json (which is handed the text), alone and inside every shape
    /// that passes a value on (a list, an option, a struct, a flattened struct, a tagged enum,
    /// a map), and next to a plain newtype, whose string this writer still escapes.
    #[test]
    fn a_text_kept_escaped_is_written_as_its_text() {
        #[derive(Serialize)]
        struct Holder {
            xml: Option<JsonText>,
            all: Vec<JsonText>,
            after: Wrapper,
        }
        #[derive(Serialize)]
        struct Outer {
            #[serde(flatten)]
            inner: Holder,
            tail: JsonText,
        }
        #[derive(Serialize)]
        #[serde(tag = "kind")]
        enum Kinds {
            One { text: JsonText },
        }
        let texts = ["", "plain", "<a b=\"c\">\n  <d>O'Brien \\ é\t\u{1}</d>\n</a>\n", "\"", "\u{1f}\u{7f}😀"];
        for t in texts {
            let mut jt = JsonText::default();
            // Written in pieces, as the XML writer writes a message.
            for piece in t.split_inclusive(['\n', '"']) {
                jt.push_str(piece);
            }
            assert_eq!(jt.text(), t);
            assert_eq!(format!("\"{}\"", jt.as_json()), serde_json::to_string(t).unwrap());
            same(&jt);
            assert_eq!(to_string(&jt, 0).unwrap(), serde_json::to_string(t).unwrap());
            let holder = || Holder { xml: Some(jt.clone()), all: vec![jt.clone(), JsonText::default()], after: Wrapper(t.to_owned()) };
            same(&holder());
            same(&Outer { inner: holder(), tail: jt.clone() });
            same(&Kinds::One { text: jt.clone() });
            let mut map = BTreeMap::new();
            map.insert("k", jt.clone());
            same(&map);
        }
        // The debug-build check of what is pushed unescaped agrees with serde_json.
        for s in [r#"a\"b"#, r"\n\t\\\/", r"\u00e9", "plain é", r#"a"b"#, r"\x", r"\u12", r"\u12g4", "\u{1}", r"\", "ends\\"] {
            assert_eq!(is_json_content(s), serde_json::from_str::<String>(&format!("\"{s}\"")).is_ok(), "{s}");
        }
        let mut markup = JsonText::default();
        markup.push_escaped(r#"<x a=\"1\">\n"#);
        markup.push_plain('<');
        assert_eq!(markup.text(), "<x a=\"1\">\n<");
    }

    /// Every byte JSON may escape, at every position of a word and around it, in strings of
    /// every length up to three words, with text before and after in one and in several scripts.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for b in 0u8..0x80 {
            let c = char::from(b);
            for len in 0..24 {
                for at in 0..=len {
                    let mut s: String = "abcdefghijklmnopqrstuvwxyz".chars().cycle().take(len).collect();
                    s.insert(at, c);
                    same(&s);
                    same(&format!("é{s}ж"));
                }
            }
        }
        for s in ["", "\"", "\\\\", "\u{7f}\u{80}\u{ffff}\u{10ffff}", "😀\n😀\"", "\u{2028}\u{2029}", "a\u{0}b\u{1f}c\u{1b}[31m"] {
            same(s);
        }
        // Escapes packed in every word, and runs of many.
        let dense: String = (0u8..0x80).map(char::from).cycle().take(1000).collect();
        same(&dense);
        same(&"\"".repeat(33));
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Head {
        operation: &'static str,
        count: usize,
        flag: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        none: Option<String>,
    }

    #[derive(Serialize)]
    struct Flat {
        #[serde(flatten)]
        head: Head,
        list: Vec<Shape>,
        empty: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    enum Shape {
        Unit,
        Newtype(i64),
        Tuple(u8, String),
        EmptyTuple(),
        Struct { a: char, b: Option<bool> },
        EmptyStruct {},
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "camelCase")]
    enum Tagged {
        Plain,
        WithFields { n: u64 },
        Inner(Head),
    }

    #[derive(Serialize)]
    struct Wrapper(String);

    #[derive(Serialize)]
    struct Unit;

    #[test]
    fn every_shape_serde_derives_is_written_as_serde_json_writes_it() {
        let head = || Head { operation: "op\"", count: usize::MAX, flag: true, skipped: None, none: None };
        same(&Flat {
            head: head(),
            list: vec![
                Shape::Unit,
                Shape::Newtype(i64::MIN),
                Shape::Tuple(7, "t\n".into()),
                Shape::EmptyTuple(),
                Shape::Struct { a: '\u{1}', b: Some(false) },
                Shape::EmptyStruct {},
            ],
            empty: vec![],
            empty_map: BTreeMap::new(),
        });
        same(&[Tagged::Plain, Tagged::WithFields { n: u64::MAX }, Tagged::Inner(head())]);
        same(&(Wrapper("w".into()), Unit, (), 'x', i128::MIN, u128::MAX, -0i8));
        let mut keys = BTreeMap::new();
        keys.insert(-3i32, "minus three");
        keys.insert(12, "twelve");
        same(&keys);
        let mut text_keys = BTreeMap::new();
        text_keys.insert("k\u{7}", vec![Some(1u16), None]);
        text_keys.insert("", vec![]);
        same(&text_keys);
        same(&serde_bytes_like(&[0, 255]));
        for f in [0.0f64, -0.0, 1.5, 1e300, 0.1, f64::NAN, f64::INFINITY] {
            same(&f);
            same(&(f as f32));
        }
    }

    fn serde_bytes_like(b: &[u8]) -> impl Serialize + '_ {
        struct Bytes<'a>(&'a [u8]);
        impl Serialize for Bytes<'_> {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Bytes(b)
    }

    #[test]
    fn a_key_it_does_not_write_is_an_error_not_a_wrong_answer() {
        let mut m = BTreeMap::new();
        m.insert(true, 1);
        assert!(to_string(&m, 0).is_err());
        let mut v = BTreeMap::new();
        v.insert(vec![1], 1);
        assert!(to_string(&v, 0).is_err());
    }
}
