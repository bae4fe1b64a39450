//! The quick road of the input decoder: one pass over the JSON text, written per input type, that
//! reads what a well-formed input of the published shape holds and gives up (`None`) on anything
//! else. Nearly every input a custody system or a form sends is such an input; for the rest
//! ([`crate::api::Input`]) the input is decoded again by [`crate::strict`] (serde_json and the
//! derived visitors), which also says what is wrong and where. So this road never writes an
//! error: it accepts a subset of what the strict decoder accepts, and what it accepts it reads as
//! that decoder does (the same values, texts borrowed from the input where written without
//! escapes). Tests and the `validate_request_out` fuzz target hold this against the strict decoder.
//!
//! What it leaves to the strict decoder (returns `None` on): any key written with an escape, an
//! unknown or repeated key, a missing required member, a value of another type, `null` where the
//! field takes none, a number that is not a plain unsigned integer (a fraction, an exponent, a
//! sign, a leading zero, too many digits), a string with a control character or an escape that is
//! not one of JSON's (a lone surrogate), a list longer than the field allows, trailing text.
//!
//! Measured (callgrind, first 500 corpus inputs, BENCHMARKS.md): the strict decoder spends about
//! 25 instructions an input byte, a third of them scanning strings through serde's layers; this
//! road scans a string eight bytes at a time and matches a key with one comparison of its bytes.

use std::borrow::Cow;

use crate::text::swar;

/// An input type this road can read.
pub trait Fast<'a>: Sized {
    /// The value at the reader's position (whitespace before it skipped), or `None`.
    fn read(r: &mut Reader<'a>) -> Option<Self>;
}

/// The whole of `json` as a `T` (whitespace around it allowed, nothing else), or `None`.
pub fn read<'a, T: Fast<'a>>(json: &'a str) -> Option<T> {
    let mut r = Reader { text: json, at: 0 };
    let value = T::read(&mut r)?;
    r.skip_whitespace();
    (r.at == json.len()).then_some(value)
}

/// A position in the input text.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
}

/// The bytes that end a plain run of a string: its quote, an escape, a control character.
#[inline]
fn string_marks(w: u64) -> u64 {
    swar::equal(w, b'"') | swar::equal(w, b'\\') | swar::below(w, 0x20)
}

#[inline]
fn ends_run(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

impl<'a> Reader<'a> {
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

    /// The next byte after whitespace, taken.
    #[inline]
    fn next_token(&mut self) -> Option<u8> {
        self.skip_whitespace();
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    #[inline]
    fn expect(&mut self, token: u8) -> Option<()> {
        (self.next_token()? == token).then_some(())
    }

    /// `word` here (its first byte already taken).
    fn rest_of(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.text.as_bytes().get(self.at..end)? == word).then(|| self.at = end)
    }

    /// `null`, taken; `false` (nothing taken) when the next value is something else.
    #[inline]
    fn null(&mut self) -> Option<bool> {
        self.skip_whitespace();
        if self.peek()? != b'n' {
            return Some(false);
        }
        self.at += 1;
        self.rest_of(b"ull").map(|()| true)
    }

    /// From the byte after an opening quote to the end of its plain run: the position of the byte
    /// that ends it (quote, backslash or control character).
    #[inline]
    fn run_end(&self, from: usize) -> Option<usize> {
        let rest = self.text.as_bytes().get(from..)?;
        swar::first(rest, string_marks, ends_run).map(|i| from + i)
    }

    /// A key, a unit variant's name or a tag: a string written without escapes, borrowed.
    #[inline]
    pub fn name(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let end = self.run_end(start)?;
        if self.text.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        self.text.get(start..end)
    }

    /// A string: borrowed when written without escapes, else decoded into its own.
    #[inline]
    pub fn string(&mut self) -> Option<Cow<'a, str>> {
        self.expect(b'"')?;
        let start = self.at;
        let end = self.run_end(start)?;
        match self.text.as_bytes().get(end)? {
            b'"' => {
                self.at = end + 1;
                self.text.get(start..end).map(Cow::Borrowed)
            }
            b'\\' => self.escaped(start, end).map(Cow::Owned),
            _ => None,
        }
    }

    /// The rest of a string whose plain run `start..escape` ends at a backslash.
    fn escaped(&mut self, start: usize, mut escape: usize) -> Option<String> {
        let mut out = String::with_capacity(escape - start + 16);
        out.push_str(self.text.get(start..escape)?);
        loop {
            let mut at = escape + 2;
            match *self.text.as_bytes().get(escape + 1)? {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let unit = self.hex4(at)?;
                    at += 4;
                    let c = match unit {
                        0xD800..=0xDBFF => {
                            // A leading surrogate: only with its trailing one.
                            if self.text.as_bytes().get(at..at + 2)? != b"\\u" {
                                return None;
                            }
                            let trail = self.hex4(at + 2)?;
                            if !(0xDC00..=0xDFFF).contains(&trail) {
                                return None;
                            }
                            at += 6;
                            char::from_u32(0x1_0000 + ((unit - 0xD800) << 10) + (trail - 0xDC00))?
                        }
                        0xDC00..=0xDFFF => return None,
                        _ => char::from_u32(unit)?,
                    };
                    out.push(c);
                }
                _ => return None,
            }
            let end = self.run_end(at)?;
            out.push_str(self.text.get(at..end)?);
            match self.text.as_bytes().get(end)? {
                b'"' => {
                    self.at = end + 1;
                    return Some(out);
                }
                b'\\' => escape = end,
                _ => return None,
            }
        }
    }

    /// Four hex digits at `at`, as serde_json reads a `\u` escape (either case).
    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.as_bytes().get(at..at + 4)?;
        digits.iter().try_fold(0, |n, &b| Some(n * 16 + char::from(b).to_digit(16)?))
    }

    /// An object: `member` reads the value of each key (the key's text given) and refuses a key
    /// it does not know; a repeated key is the member's to refuse.
    #[inline]
    pub fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.expect(b'{')?;
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let key = self.name()?;
            self.expect(b':')?;
            member(self, key)?;
            match self.next_token()? {
                b',' => {}
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    /// A list of at most `cap` items.
    #[inline]
    pub fn list<T>(&mut self, cap: usize, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(items);
        }
        loop {
            if items.len() == cap {
                return None;
            }
            items.push(item(self)?);
            match self.next_token()? {
                b',' => {}
                b']' => return Some(items),
                _ => return None,
            }
        }
    }

    /// `null` as `None`, else the value `read` reads.
    #[inline]
    pub fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.null()? { Some(None) } else { read(self).map(Some) }
    }
}

impl<'a> Fast<'a> for bool {
    fn read(r: &mut Reader<'a>) -> Option<bool> {
        match r.next_token()? {
            b't' => r.rest_of(b"rue").map(|()| true),
            b'f' => r.rest_of(b"alse").map(|()| false),
            _ => None,
        }
    }
}

impl<'a> Fast<'a> for u64 {
    /// Digits only, no leading zero but `0` itself, within `u64`; what follows must not continue
    /// a number (serde_json would read `1.0` or `1e3` as a float).
    fn read(r: &mut Reader<'a>) -> Option<u64> {
        r.skip_whitespace();
        let digits = r.text.as_bytes().get(r.at..)?;
        let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        let (number, after) = (digits.get(..len)?, digits.get(len).copied());
        if len == 0 || (len > 1 && number.first() == Some(&b'0')) || matches!(after, Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let n = number.iter().try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')))?;
        r.at += len;
        Some(n)
    }
}

/// One member's value into its slot: `None` when the key came before (serde refuses a repeated
/// field) or the value cannot be read.
#[inline]
pub fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value?);
    Some(())
}

/// [`Fast`] for a struct with named fields, each as the derived `Deserialize` reads it: `req`
/// (required), `opt` (an `Option`: absent or `null` is `None`), `def` (`#[serde(default)]`),
/// `list N` (a defaulted list of at most N items, `strict::at_most`), `optlist N` (an optional
/// list, `strict::at_most_opt`). Every field of the struct must be named (the struct literal
/// does not compile otherwise), with its JSON name.
macro_rules! fast_struct {
    (@read req $r:ident) => { $crate::fast::Fast::read($r) };
    (@read def $r:ident) => { $crate::fast::Fast::read($r) };
    (@read opt $r:ident) => { $r.nullable($crate::fast::Fast::read) };
    (@read list $r:ident $n:literal) => { $r.list($n, $crate::fast::Fast::read) };
    (@read optlist $r:ident $n:literal) => { $r.nullable(|r| r.list($n, $crate::fast::Fast::read)) };
    (@take req $v:ident) => { $v };
    (@take def $v:ident) => { Some($v.unwrap_or_default()) };
    (@take list $v:ident) => { Some($v.unwrap_or_default()) };
    (@take opt $v:ident) => { Some($v.flatten()) };
    (@take optlist $v:ident) => { Some($v.flatten()) };
    ($ty:ident { $($json:literal => $field:ident: $how:ident $($n:literal)?),* $(,)? }) => {
        impl<'a> $crate::fast::Fast<'a> for $ty<'a> {
            fn read(r: &mut $crate::fast::Reader<'a>) -> Option<Self> {
                $(let mut $field = None;)*
                r.object(|r, key| match key {
                    $($json => $crate::fast::once(&mut $field, $crate::fast::fast_struct!(@read $how r $($n)?)),)*
                    _ => None,
                })?;
                Some($ty { $($field: $crate::fast::fast_struct!(@take $how $field)?,)* })
            }
        }
    };
}
pub(crate) use fast_struct;

/// [`Fast`] for an enum of unit variants, each named by a string.
macro_rules! fast_names {
    ($ty:ident { $($json:literal => $variant:ident),* $(,)? }) => {
        impl<'a> $crate::fast::Fast<'a> for $ty {
            fn read(r: &mut $crate::fast::Reader<'a>) -> Option<Self> {
                match r.name()? {
                    $($json => Some($ty::$variant),)*
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use fast_names;

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole of `json` as one string, as [`read`] takes a whole document.
    fn string(json: &str) -> Option<Cow<'_, str>> {
        let mut r = Reader { text: json, at: 0 };
        let s = r.string()?;
        r.skip_whitespace();
        (r.at == json.len()).then_some(s)
    }

    /// Every string the quick road reads is the one serde_json reads; what it gives up on,
    /// serde_json refuses or reads (the strict decoder then answers).
    #[test]
    fn strings_read_as_serde_json_reads_them() {
        let cases = [
            r#""""#,
            r#""Anna""#,
            r#"  "Anna"  "#,
            r#""Jos\u00e9 \"Pepe\"""#,
            r#""a\\b\/c\b\f\n\r\t""#,
            r#""\ud83d\ude00 and \u00E9\u00e9""#,
            r#""long run of plain text before the escape at the end\n""#,
            "\"ż\u{fe0f}漢字\"",
            r#""\u0000""#,
            // Given up on: serde_json refuses each.
            r#""\ud800""#,
            r#""\ud800\u0041""#,
            r#""\udc00""#,
            r#""\x""#,
            "\"tab\there\"",
            r#""unterminated"#,
            r#""a" "b""#,
        ];
        for json in cases {
            let serde: Option<String> = serde_json::from_str(json).ok();
            assert_eq!(string(json).map(Cow::into_owned), serde, "{json}");
        }
        assert!(matches!(string(r#""plain""#), Some(Cow::Borrowed("plain"))));
    }

    #[test]
    fn integers_read_as_serde_json_reads_them_or_not_at_all() {
        for (json, want) in [("0", Some(0)), ("42", Some(42)), (" 7 ", Some(7)), ("18446744073709551615", Some(u64::MAX))] {
            assert_eq!(read::<u64>(json), want, "{json}");
            assert_eq!(serde_json::from_str::<u64>(json).ok(), want, "{json}");
        }
        // Left to the strict decoder (which reads some of them: `1.0` is the integer 1 there).
        for json in ["01", "-1", "1.0", "1e3", "18446744073709551616", "", "x", "+1"] {
            assert_eq!(read::<u64>(json), None, "{json}");
        }
    }

    #[test]
    fn lists_objects_and_literals() {
        assert_eq!(read::<bool>(" true"), Some(true));
        assert_eq!(read::<bool>("false "), Some(false));
        assert_eq!(read::<bool>("fals"), None);
        assert_eq!(read::<bool>("true false"), None);
        let mut r = Reader { text: r#"[ "a" , "b" ]"#, at: 0 };
        assert_eq!(r.list(2, |r| r.string()), Some(vec![Cow::Borrowed("a"), Cow::Borrowed("b")]));
        let mut r = Reader { text: r#"["a","b","c"]"#, at: 0 };
        assert_eq!(r.list(2, |r| r.string()), None, "over the cap");
        for trailing in [r#"["a",]"#, r#"["a" "b"]"#, "[", "]"] {
            let mut r = Reader { text: trailing, at: 0 };
            assert_eq!(r.list(5, |r| r.string()), None, "{trailing}");
        }
        let mut keys = Vec::new();
        let mut r = Reader { text: r#"{ "a" : null , "b":"x"}"#, at: 0 };
        assert_eq!(
            r.object(|r, k| {
                keys.push(k);
                r.nullable(|r| r.string()).map(drop)
            }),
            Some(())
        );
        assert_eq!(keys, ["a", "b"]);
        for bad in [r#"{"a":null,}"#, r#"{"a\u0062":null}"#, r#"{"a" null}"#, "{", r#"{"a":nul}"#] {
            let mut r = Reader { text: bad, at: 0 };
            assert_eq!(r.object(|r, _| r.nullable(|r| r.string()).map(drop)), None, "{bad}");
        }
    }
}
