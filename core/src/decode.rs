//! The input decoder: one pass over the JSON text, written per input type, that reads every input
//! the derived serde decoder with icce's strict layer ([`crate::strict`], serde_json underneath)
//! reads, as it reads it, and refuses every other input with the error that decoder gives, at the
//! same JSON Pointer. serde stays in the repository as this decoder's oracle (tests and fuzz
//! targets compare the two on every vector and on mutations of them); the module holds only this
//! one, which is why it exists: serde's per-type decoding code was a third of the module's code
//! (BENCHMARKS.md, "Item 6").
//!
//! What it shares with serde_json, to say the same thing in the same words: the error values
//! themselves (`serde_json::Error` built through `serde::de::Error`, so "invalid type: …,
//! expected …", "unknown field …" and the rest are serde's own formatting), the reading of a
//! number that is not a plain unsigned integer (serde_json reads the number's text: the same
//! float, the same "number out of range"), and of a string whose `\u` escapes are not a valid
//! UTF-16 text (serde_json reads the string's text: the same error). Whether the document is
//! JSON at all is not this decoder's to say: where it fails, the caller asks serde_json's
//! value-skipping reader whether the text is well-formed, and reports the syntax error if not
//! (as the strict decoder's caller does); so a reader step that meets broken JSON only has to
//! stop ([`Reader::broken`]).
//!
//! serde's behaviours kept, each as serde_json and the derive have them:
//! - a struct is a JSON object (an array is refused: "invalid type: sequence, expected struct …",
//!   the strict layer's first change); an unknown member is refused at its own pointer, a repeated
//!   one at the object's, a missing one after the object (in the fields' declared order);
//! - an enum of names reads `"name"` or `{"name": null}` (serde_json's externally tagged form);
//!   anything else is serde_json's "expected value";
//! - an internally tagged enum ([`tagged`]) buffers its members, reading `kind` wherever it
//!   stands, and then reads the variant from what it buffered (serde's `Content`): the variant's
//!   errors are reported at the enum's pointer, with `Content`'s wording ("string or map");
//! - an integer may be written as a whole float up to 2^53 (the strict layer's third change);
//! - containers nested 128 deep are refused with serde_json's "recursion limit exceeded".

use std::borrow::Cow;

use serde::de::{Error as _, Expected, Unexpected};

use crate::diag::pointer_escape;
use crate::text::swar;

/// Why a value could not be read, and where: serde_json's error value, and the path to the value,
/// innermost segment first (filled while the failure unwinds; nothing is spent on a path while
/// reading succeeds).
#[derive(Debug)]
pub struct Failure {
    pub error: serde_json::Error,
    /// serde_json counts the error as a syntax error (a number out of range, a lone surrogate,
    /// "expected value" where an enum's name belongs, the recursion limit), though the document
    /// is well-formed.
    pub syntax: bool,
    path: Vec<Segment>,
    /// The reader met text that is not JSON: the caller's well-formedness check says what.
    pub broken: bool,
}

#[derive(Debug)]
enum Segment {
    Index(usize),
    Key(String),
}

impl Failure {
    fn new(error: serde_json::Error) -> Box<Failure> {
        let syntax = error.is_syntax();
        Box::new(Failure { error, syntax, path: Vec::new(), broken: false })
    }

    /// One of serde_json's syntax errors in a well-formed document, in its words.
    fn syntax(message: &'static str) -> Box<Failure> {
        Box::new(Failure { error: serde_json::Error::custom(message), syntax: true, path: Vec::new(), broken: false })
    }

    /// The JSON Pointer (RFC 6901) of the value that failed; empty for the document itself.
    pub fn pointer(&self) -> String {
        let mut p = String::new();
        for s in self.path.iter().rev() {
            p.push('/');
            match s {
                Segment::Index(i) => p.push_str(&i.to_string()),
                Segment::Key(k) => p.push_str(&pointer_escape(k)),
            }
        }
        p
    }
}

pub type Result<T> = std::result::Result<T, Box<Failure>>;

// The failure paths below are functions of their own, never inlined: each input type's reader
// then carries a call where it would carry their code (the module's size, BENCHMARKS.md).

#[inline]
fn at_key<T>(r: Result<T>, key: &str) -> Result<T> {
    r.map_err(|f| with_key(f, key))
}

#[cold]
#[inline(never)]
fn with_key(mut f: Box<Failure>, key: &str) -> Box<Failure> {
    f.path.push(Segment::Key(key.to_owned()));
    f
}

#[inline]
fn at_index<T>(r: Result<T>, index: usize) -> Result<T> {
    r.map_err(|f| with_index(f, index))
}

#[cold]
#[inline(never)]
fn with_index(mut f: Box<Failure>, index: usize) -> Box<Failure> {
    f.path.push(Segment::Index(index));
    f
}

#[cold]
#[inline(never)]
fn duplicate(name: &'static str) -> Box<Failure> {
    Failure::new(serde_json::Error::duplicate_field(name))
}

/// The index of `name` among an enum's `names`, or serde's "unknown variant".
fn index_of(name: &str, names: &'static [&'static str]) -> Result<usize> {
    names.iter().position(|n| *n == name).ok_or_else(|| Failure::new(serde_json::Error::unknown_variant(name, names)))
}

#[cold]
#[inline(never)]
fn missing(name: &'static str) -> Box<Failure> {
    Failure::new(serde_json::Error::missing_field(name))
}

#[cold]
#[inline(never)]
fn broken() -> Box<Failure> {
    let mut f = Failure::new(serde_json::Error::custom("the input is not JSON here"));
    f.broken = true;
    f
}

#[inline]
fn invalid_type<T>(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Result<T> {
    Err(invalid_type_failure(unexpected, expected))
}

#[cold]
#[inline(never)]
fn invalid_type_failure(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Box<Failure> {
    Failure::new(serde_json::Error::invalid_type(unexpected, expected))
}

#[cold]
fn invalid_value<T>(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Result<T> {
    Err(Failure::new(serde_json::Error::invalid_value(unexpected, expected)))
}

/// serde_json's syntax error "expected value" where the document is well-formed: an enum given a
/// value that is neither a name nor an object (the caller reports "the wrong type").
fn expected_value<T>() -> Result<T> {
    Err(Failure::syntax("expected value"))
}

/// The type read by each input decoder.
pub trait Decode<'a>: Sized {
    /// The value at the reader's position (whitespace before it skipped).
    fn decode(r: &mut Reader<'a>) -> Result<Self>;
}

/// The whole of `json` as a `T` (whitespace around it allowed, nothing else).
pub fn read<'a, T: Decode<'a>>(json: &'a str) -> Result<T> {
    let mut r = Reader { text: json, at: 0, depth: 0 };
    let value = T::decode(&mut r)?;
    r.skip_whitespace();
    if r.at == json.len() { Ok(value) } else { r.broken() }
}

/// A position in the input text, and how many containers are open around it.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

/// serde_json's recursion limit: the 128th container opened inside one another is refused.
const MAX_DEPTH: u32 = 127;

/// A number as serde_json reads it.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

impl Number {
    fn unexpected(self) -> Unexpected<'static> {
        match self {
            Number::U64(n) => Unexpected::Unsigned(n),
            Number::I64(n) => Unexpected::Signed(n),
            Number::F64(n) => Unexpected::Float(n),
        }
    }
}

impl<'a> Reader<'a> {
    /// Text that is not JSON: the caller's well-formedness check reports it.
    #[inline]
    pub fn broken<T>(&self) -> Result<T> {
        Err(broken())
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// JSON's whitespace, as serde_json skips it.
    #[inline]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, not taken; `broken` at the end of the text.
    #[inline]
    pub fn ahead(&mut self) -> Result<u8> {
        self.skip_whitespace();
        match self.peek() {
            Some(b) => Ok(b),
            None => self.broken(),
        }
    }

    #[inline]
    fn expect(&mut self, token: u8) -> Result<()> {
        if self.ahead()? == token {
            self.at += 1;
            Ok(())
        } else {
            self.broken()
        }
    }

    /// `word` here (its first byte not yet taken).
    fn word(&mut self, word: &[u8]) -> Result<()> {
        let end = self.at + word.len();
        if self.text.as_bytes().get(self.at..end) == Some(word) {
            self.at = end;
            Ok(())
        } else {
            self.broken()
        }
    }

    /// `null`, taken; `false` (nothing taken) when the next value is something else.
    #[inline]
    pub fn null(&mut self) -> Result<bool> {
        if self.ahead()? == b'n' {
            self.word(b"null").map(|()| true)
        } else {
            Ok(false)
        }
    }

    /// Opening a container (its bracket not yet taken): serde_json's recursion limit.
    fn open(&mut self) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(Failure::syntax("recursion limit exceeded"));
        }
        self.depth += 1;
        self.at += 1;
        Ok(())
    }

    fn close(&mut self) {
        self.depth -= 1;
    }

    /// A string (the reader at its opening quote): borrowed when written without escapes, else
    /// decoded into its own. Always inlined: its callers are few (a key, a text, a refusal, a
    /// tagged enum's buffer), and out of line its frame cost a sixth of decoding.
    #[inline(always)]
    pub fn string(&mut self) -> Result<Cow<'a, str>> {
        let start = self.at + 1;
        let rest = self.text.as_bytes().get(start..).unwrap_or_default();
        let Some(end) = swar::first_json_special(rest).map(|i| start + i) else { return self.broken() };
        match self.text.as_bytes().get(end) {
            Some(b'"') => {
                self.at = end + 1;
                Ok(Cow::Borrowed(self.text.get(start..end).unwrap_or_default()))
            }
            Some(b'\\') => self.escaped(start, end).map(Cow::Owned),
            _ => self.broken(),
        }
    }

    /// The rest of a string whose plain run `start..escape` ends at a backslash.
    fn escaped(&mut self, start: usize, mut escape: usize) -> Result<String> {
        let bytes = self.text.as_bytes();
        let mut out = String::with_capacity(escape - start + 16);
        out.push_str(self.text.get(start..escape).unwrap_or_default());
        loop {
            let mut at = escape + 2;
            match bytes.get(escape + 1) {
                Some(b'"') => out.push('"'),
                Some(b'\\') => out.push('\\'),
                Some(b'/') => out.push('/'),
                Some(b'b') => out.push('\u{8}'),
                Some(b'f') => out.push('\u{c}'),
                Some(b'n') => out.push('\n'),
                Some(b'r') => out.push('\r'),
                Some(b't') => out.push('\t'),
                Some(b'u') => {
                    let unit = self.hex4(at)?;
                    at += 4;
                    let pair = (bytes.get(at..at + 2) == Some(b"\\u")).then(|| self.hex4(at + 2)).transpose()?;
                    match (unit, pair) {
                        (0xD800..=0xDBFF, Some(trail @ 0xDC00..=0xDFFF)) => {
                            at += 6;
                            out.push(char::from_u32(0x1_0000 + ((unit - 0xD800) << 10) + (trail - 0xDC00)).unwrap_or_default());
                        }
                        (0xD800..=0xDFFF, _) => return self.surrogate_failure(start - 1),
                        _ => out.push(char::from_u32(unit).unwrap_or_default()),
                    }
                }
                _ => return self.broken(),
            }
            let rest = bytes.get(at..).unwrap_or_default();
            let Some(end) = swar::first_json_special(rest).map(|i| at + i) else { return self.broken() };
            out.push_str(self.text.get(at..end).unwrap_or_default());
            match bytes.get(end) {
                Some(b'"') => {
                    self.at = end + 1;
                    return Ok(out);
                }
                Some(b'\\') => escape = end,
                _ => return self.broken(),
            }
        }
    }

    /// A string with a `\u` escape that is not valid UTF-16 (a lone surrogate): well-formed JSON
    /// that serde_json refuses to read as a text. Its error, in its own words, from the string's
    /// own text (the whole string taken first: broken JSON further on is the caller's to find).
    #[cold]
    fn surrogate_failure<T>(&self, quote: usize) -> Result<T> {
        let bytes = self.text.as_bytes();
        let mut at = quote + 1;
        loop {
            match bytes.get(at) {
                Some(b'"') => break,
                Some(b'\\') => at += 2,
                Some(_) => at += 1,
                None => return self.broken(),
            }
        }
        match self.text.get(quote..=at).map(serde_json::from_str::<String>) {
            Some(Err(e)) => Err(Failure::new(e)),
            _ => self.broken(),
        }
    }

    /// Four hex digits at `at` (either case).
    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self.text.as_bytes().get(at..at + 4);
        match digits.and_then(|d| d.iter().try_fold(0, |n, &b| Some(n * 16 + char::from(b).to_digit(16)?))) {
            Some(n) => Ok(n),
            None => self.broken(),
        }
    }

    /// A number (the reader at its first byte): a plain unsigned integer read here, any other
    /// read by serde_json from its text.
    pub fn number(&mut self) -> Result<Number> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut at = start;
        if bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        let digits = |from: usize| bytes.get(from..).unwrap_or_default().iter().take_while(|b| b.is_ascii_digit()).count();
        let int = digits(at);
        if int == 0 || (int > 1 && bytes.get(at) == Some(&b'0')) {
            return self.broken();
        }
        at += int;
        let plain = at - start == int && int <= 19;
        if bytes.get(at) == Some(&b'.') {
            let n = digits(at + 1);
            if n == 0 {
                return self.broken();
            }
            at += 1 + n;
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = bytes.get(at) {
                at += 1;
            }
            let n = digits(at);
            if n == 0 {
                return self.broken();
            }
            at += n;
        }
        self.at = at;
        let text = self.text.get(start..at).unwrap_or_default();
        if plain && at - start == int {
            return Ok(Number::U64(text.bytes().fold(0, |n, d| n * 10 + u64::from(d - b'0'))));
        }
        match serde_json::from_str::<serde_json::Number>(text) {
            Ok(n) => Ok(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Number::U64(u),
                (None, Some(i)) => Number::I64(i),
                _ => Number::F64(n.as_f64().unwrap_or_default()),
            }),
            Err(e) => Err(Failure::new(e)),
        }
    }

    /// serde_json's "invalid type" for the value here, given what was expected (the value taken,
    /// as serde_json takes it; a string's own errors first).
    #[inline]
    pub fn invalid_type<T>(&mut self, expected: &dyn Expected) -> Result<T> {
        Err(self.refusal(expected))
    }

    #[cold]
    #[inline(never)]
    fn refusal(&mut self, expected: &dyn Expected) -> Box<Failure> {
        let taken = match self.ahead() {
            Ok(b'n') => self.word(b"null").map(|()| Unexpected::Unit),
            Ok(b't') => self.word(b"true").map(|()| Unexpected::Bool(true)),
            Ok(b'f') => self.word(b"false").map(|()| Unexpected::Bool(false)),
            Ok(b'-' | b'0'..=b'9') => self.number().map(Number::unexpected),
            Ok(b'"') => match self.string() {
                Ok(s) => return invalid_type_failure(Unexpected::Str(&s), expected),
                Err(f) => return f,
            },
            Ok(b'[') => Ok(Unexpected::Seq),
            Ok(b'{') => Ok(Unexpected::Map),
            Ok(_) => Err(broken()),
            Err(f) => Err(f),
        };
        match taken {
            Ok(unexpected) => invalid_type_failure(unexpected, expected),
            Err(f) => f,
        }
    }

    /// A JSON string where serde reads one (`deserialize_str`). Left to the compiler to inline:
    /// kept out of line, node's form check was 10-20 % slower (BENCHMARKS.md, thirteenth session).
    #[inline]
    pub fn text(&mut self) -> Result<Cow<'a, str>> {
        if self.ahead()? == b'"' { self.string() } else { self.invalid_type(&"a string") }
    }

    /// An object's members: `member` reads the value of each key (given its text, borrowed where
    /// written without escapes) and refuses a key it does not know. Failures inside a value are
    /// placed at its key; `member` places its own refusals (an unknown key at the key, a
    /// repeated one at the object).
    pub fn members(&mut self, mut member: impl FnMut(&mut Self, &Cow<'a, str>) -> Result<()>) -> Result<()> {
        self.open()?;
        let mut first = true;
        while let Some(key) = self.next_key(&mut first)? {
            member(self, &key)?;
        }
        Ok(())
    }

    /// The next member's key and its colon, taken; `None` at the object's end (its brace taken).
    /// Not inlined: one copy for every object of every type (inlined into each, the module was
    /// 11.4 KB larger gzipped for 10 % fewer instructions decoding).
    #[inline(never)]
    fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>> {
        match self.ahead()? {
            b'}' => {
                self.at += 1;
                self.close();
                return Ok(None);
            }
            b',' if !*first => {
                self.at += 1;
                if self.ahead()? != b'"' {
                    return self.broken();
                }
            }
            b'"' if *first => {}
            _ => return self.broken(),
        }
        *first = false;
        let key = self.string()?;
        self.expect(b':')?;
        Ok(Some(key))
    }

    /// A struct's object: as [`Reader::members`], after serde's refusals of anything else (an
    /// array is "invalid type: sequence").
    #[inline]
    pub fn object(&mut self, name: &dyn Expected, member: impl FnMut(&mut Self, &Cow<'a, str>) -> Result<()>) -> Result<()> {
        match self.ahead()? {
            b'{' => self.members(member),
            b'[' => {
                self.open()?;
                invalid_type(Unexpected::Seq, name)
            }
            _ => self.invalid_type(name),
        }
    }

    /// A list's items (`cap`: refused past that many items, after reading the one past it, as
    /// `strict::at_most` does; `expected`: what serde says a list is).
    pub fn list<T>(&mut self, cap: usize, expected: &dyn Expected, mut item: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        if self.ahead()? != b'[' {
            return self.invalid_type(expected);
        }
        self.open()?;
        let mut items = Vec::new();
        loop {
            match self.ahead()? {
                b']' => {
                    self.at += 1;
                    self.close();
                    return Ok(items);
                }
                b',' if !items.is_empty() => self.at += 1,
                _ if items.is_empty() => {}
                _ => return self.broken(),
            }
            let value = at_index(item(self), items.len())?;
            if items.len() == cap {
                return Err(Failure::new(serde_json::Error::custom(format_args!(
                    "the list has more than {cap} items; icce accepts at most {cap}"
                ))));
            }
            items.push(value);
        }
    }

    /// A variant's name (serde's variant identifier: a string), as its index among `names`.
    fn variant_name(&mut self, names: &'static [&'static str]) -> Result<usize> {
        let name = if self.ahead()? == b'"' { self.string()? } else { return self.invalid_type(&"variant identifier") };
        index_of(&name, names)
    }

    /// An enum of names, as serde_json reads one: `"name"` or `{"name": null}`; the index of the
    /// name among `names` (serde's "unknown variant" otherwise). Not generic: one copy for every
    /// enum.
    #[inline(never)]
    pub fn variant(&mut self, names: &'static [&'static str]) -> Result<usize> {
        let named = |r: &mut Self| r.variant_name(names);
        match self.ahead()? {
            b'"' => named(self),
            b'{' => {
                self.open()?;
                if self.ahead()? == b'}' {
                    return expected_value();
                }
                let value = named(self)?;
                self.expect(b':')?;
                if !self.null()? {
                    return self.invalid_type(&"unit");
                }
                match self.ahead()? {
                    b'}' => {
                        self.at += 1;
                        self.close();
                        Ok(value)
                    }
                    _ => expected_value(),
                }
            }
            b'n' | b't' | b'f' | b'-' | b'0'..=b'9' | b'[' => expected_value(),
            _ => self.broken(),
        }
    }

    /// A value as serde buffers it for an internally tagged enum (serde's `Content`, read
    /// through the strict layer: a list is refused).
    pub fn content(&mut self) -> Result<Content<'a>> {
        match self.ahead()? {
            b'n' => self.word(b"null").map(|()| Content::Null),
            b't' => self.word(b"true").map(|()| Content::Bool(true)),
            b'f' => self.word(b"false").map(|()| Content::Bool(false)),
            b'-' | b'0'..=b'9' => self.number().map(Content::Number),
            b'"' => self.string().map(Content::Str),
            b'[' => {
                self.open()?;
                invalid_type(Unexpected::Seq, &"any value")
            }
            b'{' => {
                let mut members = Vec::new();
                self.members(|r, key| {
                    let value = at_key(r.content(), key)?;
                    members.push((key.clone(), value));
                    Ok(())
                })?;
                Ok(Content::Map(members))
            }
            _ => self.broken(),
        }
    }
}

/// A member read once: serde's "duplicate field" when it comes again (at the object's pointer),
/// and the value's failures at the member's key.
#[inline]
pub fn once<T>(slot: &mut Option<T>, name: &'static str, key: &str, value: impl FnOnce() -> Result<T>) -> Result<()> {
    once_content(slot, name, || at_key(value(), key))
}

/// serde's refusal of a member the struct does not have (`deny_unknown_fields`), at its key (at
/// the object for the empty key: the strict layer keeps no empty key for an unknown field).
#[cold]
#[inline(never)]
pub fn unknown_field(key: &str, fields: &'static [&'static str]) -> Result<()> {
    let refused = unknown_variant_field(key, fields);
    if key.is_empty() { refused } else { at_key(refused, key) }
}

/// A required member: serde's "missing field" when it was not there.
#[inline]
pub fn required<T>(slot: Option<T>, name: &'static str) -> Result<T> {
    slot.map_or_else(|| Err(missing(name)), Ok)
}

/// A value of an internally tagged enum's object, as serde buffered it (`Content`).
#[derive(Debug)]
pub enum Content<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(Cow<'a, str>),
    Map(Vec<(Cow<'a, str>, Content<'a>)>),
}

impl<'a> Content<'a> {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Content::Null => Unexpected::Unit,
            Content::Bool(b) => Unexpected::Bool(*b),
            Content::Number(n) => n.unexpected(),
            Content::Str(s) => Unexpected::Str(s),
            Content::Map(_) => Unexpected::Map,
        }
    }

    /// An optional text from buffered content (`Option<Text>` through serde's
    /// `ContentDeserializer`: `null` is `None`).
    pub fn optional_text(self) -> Result<Option<Cow<'a, str>>> {
        match self {
            Content::Null => Ok(None),
            Content::Str(s) => Ok(Some(s)),
            other => invalid_type(other.unexpected(), &"a string"),
        }
    }

    /// An enum of names from buffered content: a name, or an object of one name whose value is
    /// `null` (serde's `ContentDeserializer::deserialize_enum`); the index of the name.
    pub fn variant(self, names: &'static [&'static str]) -> Result<usize> {
        let (name, value) = match self {
            Content::Str(s) => (s, None),
            Content::Map(mut members) => {
                if members.len() != 1 {
                    return invalid_value(Unexpected::Map, &"map with a single key");
                }
                match members.pop() {
                    Some((name, value)) => (name, Some(value)),
                    None => return invalid_value(Unexpected::Map, &"map with a single key"),
                }
            }
            other => return invalid_type(other.unexpected(), &"string or map"),
        };
        let index = index_of(&name, names)?;
        match value {
            None | Some(Content::Null) => Ok(index),
            Some(other) => invalid_type(other.unexpected(), &"unit"),
        }
    }
}

/// An internally tagged enum (`#[serde(tag = "kind", deny_unknown_fields)]`), as serde reads it
/// through the strict layer: `expected` is serde's name for it ("internally tagged enum Route"),
/// `variants` its variants' names. The object's members are buffered, `kind` read wherever it
/// stands (its value a variant's name); then `build` makes the variant from the tag's index and
/// the other members in their order (its failures are the enum's, placed at its pointer as
/// serde places them).
pub fn tagged<'a, T>(
    r: &mut Reader<'a>,
    expected: &dyn Expected,
    variants: &'static [&'static str],
    build: impl FnOnce(usize, Vec<(Cow<'a, str>, Content<'a>)>) -> Result<T>,
) -> Result<T> {
    match r.ahead()? {
        b'{' => {}
        b'[' => {
            r.open()?;
            return invalid_type(Unexpected::Seq, expected);
        }
        _ => return r.invalid_type(expected),
    }
    let mut tag = None;
    let mut members = Vec::new();
    r.members(|r, key| {
        if key == "kind" {
            once(&mut tag, "kind", key, || r.variant_name(variants))?;
        } else {
            let value = at_key(r.content(), key)?;
            members.push((key.clone(), value));
        }
        Ok(())
    })?;
    build(required(tag, "kind")?, members)
}

/// A struct variant of an internally tagged enum, from its buffered members: `member` takes each
/// (its key and value) and refuses a key the variant does not have.
pub fn variant_members<'a>(
    members: Vec<(Cow<'a, str>, Content<'a>)>,
    mut member: impl FnMut(&str, Content<'a>) -> Result<()>,
) -> Result<()> {
    for (key, value) in members {
        member(&key, value)?;
    }
    Ok(())
}

/// A member read once: serde's "duplicate field" when it comes again, before its value is read
/// (as the derive checks); for a struct variant's buffered member, the failures are the enum's
/// (no key of their own).
#[inline]
pub fn once_content<T>(slot: &mut Option<T>, name: &'static str, value: impl FnOnce() -> Result<T>) -> Result<()> {
    if slot.is_some() {
        return Err(duplicate(name));
    }
    *slot = Some(value()?);
    Ok(())
}

/// An unknown member of a struct variant (no pointer of its own: serde's `Content` reader has
/// none).
#[cold]
#[inline(never)]
pub fn unknown_variant_field(key: &str, fields: &'static [&'static str]) -> Result<()> {
    Err(Failure::new(serde_json::Error::unknown_field(key, fields)))
}

impl<'a> Decode<'a> for bool {
    fn decode(r: &mut Reader<'a>) -> Result<bool> {
        match r.ahead()? {
            b't' => r.word(b"true").map(|()| true),
            b'f' => r.word(b"false").map(|()| false),
            _ => r.invalid_type(&"a boolean"),
        }
    }
}

impl<'a> Decode<'a> for String {
    fn decode(r: &mut Reader<'a>) -> Result<String> {
        r.text().map(Cow::into_owned)
    }
}

impl<'a, T: Decode<'a>> Decode<'a> for Option<T> {
    /// Left to the compiler to inline, as [`Reader::text`] (`Option<Text>` serves some sixty
    /// fields; out of line, node's form check was slower).
    #[inline]
    fn decode(r: &mut Reader<'a>) -> Result<Option<T>> {
        if r.null()? { Ok(None) } else { T::decode(r).map(Some) }
    }
}

/// An unsigned integer as serde reads one through the strict layer: a whole float up to 2^53 is
/// that integer; a negative one, or one too large for the type, is "invalid value".
fn unsigned<'a>(r: &mut Reader<'a>, max: u64, name: &'static str) -> Result<u64> {
    let n = match r.ahead()? {
        b'-' | b'0'..=b'9' => r.number()?,
        _ => return r.invalid_type(&name),
    };
    // 2^53: every whole float up to it is exactly one integer.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let n = match n {
        Number::F64(f) if f.is_finite() && f.fract() == 0.0 && f.abs() <= EXACT => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "whole and within 2^53: exact")]
            if f >= 0.0 { Number::U64(f as u64) } else { Number::I64(f as i64) }
        }
        n => n,
    };
    match n {
        Number::U64(u) if u <= max => Ok(u),
        Number::U64(u) => invalid_value(Unexpected::Unsigned(u), &name),
        Number::I64(i) => match u64::try_from(i) {
            Ok(u) if u <= max => Ok(u),
            _ => invalid_value(Unexpected::Signed(i), &name),
        },
        Number::F64(f) => invalid_type(Unexpected::Float(f), &name),
    }
}

impl<'a> Decode<'a> for u64 {
    fn decode(r: &mut Reader<'a>) -> Result<u64> {
        unsigned(r, u64::MAX, "u64")
    }
}

impl<'a> Decode<'a> for u16 {
    fn decode(r: &mut Reader<'a>) -> Result<u16> {
        unsigned(r, u16::MAX.into(), "u16").map(|n| u16::try_from(n).unwrap_or_default())
    }
}

impl<'a> Decode<'a> for u8 {
    fn decode(r: &mut Reader<'a>) -> Result<u8> {
        unsigned(r, u8::MAX.into(), "u8").map(|n| u8::try_from(n).unwrap_or_default())
    }
}

/// `#[serde(deserialize_with = "strict::at_most::<N, _, _>")]`: a list of at most N items.
pub fn at_most<'a, T: Decode<'a>>(r: &mut Reader<'a>, cap: usize) -> Result<Vec<T>> {
    r.list(cap, &AtMost(cap), T::decode)
}

/// `strict::at_most_opt`: `null` or a list of at most N items.
pub fn at_most_opt<'a, T: Decode<'a>>(r: &mut Reader<'a>, cap: usize) -> Result<Option<Vec<T>>> {
    if r.null()? { Ok(None) } else { at_most(r, cap).map(Some) }
}

/// A list without a cap (serde's `Vec<T>`: "a sequence").
pub fn sequence<'a, T: Decode<'a>>(r: &mut Reader<'a>) -> Result<Vec<T>> {
    r.list(usize::MAX, &"a sequence", T::decode)
}

/// What `strict::at_most` says it expects.
struct AtMost(usize);

impl Expected for AtMost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a list of at most {} items", self.0)
    }
}

/// [`Decode`] for a struct with named fields, each as the derived `Deserialize` reads it:
/// `req` (required), `opt` (an `Option`: absent or `null` is `None`), `def`
/// (`#[serde(default)]`), `list N` (a defaulted list of at most N items, `strict::at_most`),
/// `optlist N` (`strict::at_most_opt`), `reqlist N` (a required list of at most N items), `seq`
/// (a required `Vec` without a cap). Every field of the struct must be named (the struct
/// literal does not compile otherwise), with its JSON name, in the struct's declared order (the
/// order serde reports missing fields in).
macro_rules! decode_struct {
    (@read req $r:ident) => { $crate::decode::Decode::decode($r) };
    (@read def $r:ident) => { $crate::decode::Decode::decode($r) };
    (@read opt $r:ident) => { $crate::decode::Decode::decode($r) };
    (@read list $r:ident $n:expr) => { $crate::decode::at_most($r, $n) };
    (@read reqlist $r:ident $n:expr) => { $crate::decode::at_most($r, $n) };
    (@read optlist $r:ident $n:expr) => { $crate::decode::at_most_opt($r, $n) };
    (@read seq $r:ident) => { $crate::decode::sequence($r) };
    (@take req $v:ident $json:literal) => { $crate::decode::required($v, $json)? };
    (@take reqlist $v:ident $json:literal) => { $crate::decode::required($v, $json)? };
    (@take seq $v:ident $json:literal) => { $crate::decode::required($v, $json)? };
    (@take def $v:ident $json:literal) => { $v.unwrap_or_default() };
    (@take list $v:ident $json:literal) => { $v.unwrap_or_default() };
    (@take opt $v:ident $json:literal) => { $v.flatten() };
    (@take optlist $v:ident $json:literal) => { $v.flatten() };
    (@impl $name:ident { $($json:literal => $field:ident: $how:ident $($n:expr)?),* $(,)? }) => {
        fn decode(r: &mut $crate::decode::Reader<'a>) -> $crate::decode::Result<Self> {
            const FIELDS: &[&str] = &[$($json),*];
            $(let mut $field = None;)*
            r.object(&concat!("struct ", stringify!($name)), |r, key| match &**key {
                $($json => $crate::decode::once(&mut $field, $json, key, || $crate::decode::decode_struct!(@read $how r $($n)?)),)*
                _ => $crate::decode::unknown_field(key, FIELDS),
            })?;
            // Missing fields in the declared order, as serde reports them.
            $(let $field = $crate::decode::decode_struct!(@take $how $field $json);)*
            Ok($name { $($field,)* })
        }
    };
    ($name:ident<'a> { $($body:tt)* }) => {
        impl<'a> $crate::decode::Decode<'a> for $name<'a> {
            $crate::decode::decode_struct!(@impl $name { $($body)* });
        }
    };
    ($name:ident { $($body:tt)* }) => {
        impl<'a> $crate::decode::Decode<'a> for $name {
            $crate::decode::decode_struct!(@impl $name { $($body)* });
        }
    };
}
pub(crate) use decode_struct;

/// [`Decode`] for an enum of unit variants, each named by a string (in the enum's order, as
/// serde lists them in "unknown variant").
macro_rules! decode_names {
    ($ty:ident { $first_json:literal => $first:ident $(, $json:literal => $variant:ident)* $(,)? }) => {
        impl $ty {
            /// The variants' JSON names, in serde's order.
            pub const NAMES: &'static [&'static str] = &[$first_json $(, $json)*];
            const VARIANTS: &'static [$ty] = &[$ty::$first $(, $ty::$variant)*];

            /// The variant whose name is at `index` in [`Self::NAMES`].
            pub fn at(index: usize) -> Self {
                Self::VARIANTS.get(index).copied().unwrap_or($ty::$first)
            }
        }

        impl<'a> $crate::decode::Decode<'a> for $ty {
            fn decode(r: &mut $crate::decode::Reader<'a>) -> $crate::decode::Result<Self> {
                r.variant($ty::NAMES).map($ty::at)
            }
        }
    };
}
pub(crate) use decode_names;
