//! Names and free text in every script.
//!
//! Latin with diacritics, Cyrillic, Greek, Arabic, Chinese and every other script are valid in a
//! name. What is refused is what no name contains and what can hide or reorder text: control
//! characters, bidirectional overrides and isolates, the byte-order mark, private-use and
//! non-characters, pictographs (emoji), and `<` or `>` (which ECRIS strings may not contain).

/// Why a character is refused, in words for the message.
pub fn forbidden_reason(c: char) -> Option<&'static str> {
    // Fast path: most names and texts are ASCII, where only controls, `<` and `>` are refused
    // (every other class below lies outside ASCII).
    if c.is_ascii() {
        return match c {
            '\0'..='\x1f' | '\x7f' => Some("a control character"),
            '<' | '>' => Some("`<` or `>`"),
            _ => None,
        };
    }
    let u = u32::from(c);
    if c.is_control() {
        return Some("a control character");
    }
    if matches!(u, 0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069) {
        return Some("a bidirectional control");
    }
    if u == 0xFEFF {
        return Some("a byte-order mark");
    }
    // Zero-width space, word joiner and invisible operators, the Mongolian vowel separator and
    // the Hangul fillers: invisible, and in no name (a surname of U+200B alone looked present).
    // ZWNJ and ZWJ (U+200C, U+200D) stay allowed: Persian and Indic names need them.
    if matches!(u, 0x200B | 0x2060..=0x2064 | 0x180E | 0x115F | 0x1160 | 0x3164 | 0xFFA0) {
        return Some("an invisible character");
    }
    if matches!(u, 0x2028 | 0x2029) {
        return Some("a line separator");
    }
    if matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF) {
        return Some("a private-use character");
    }
    if matches!(u, 0xFDD0..=0xFDEF) || (u & 0xFFFE) == 0xFFFE {
        return Some("a non-character");
    }
    if matches!(u, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F | 0xE0000..=0xE007F) {
        return Some("a pictograph or emoji");
    }
    if c == '<' || c == '>' {
        return Some("`<` or `>`");
    }
    None
}

/// The first refused character in `s`, with its position (in characters) and the reason.
pub fn first_forbidden(s: &str) -> Option<(usize, char, &'static str)> {
    if s.is_ascii() {
        // Byte positions are character positions.
        return swar::first(s.as_bytes(), refused_marks, ascii_refused).and_then(|i| ascii_at(s, i));
    }
    s.chars().enumerate().find_map(|(i, c)| forbidden_reason(c).map(|r| (i, c, r)))
}

/// Like [`first_forbidden`], but line breaks and tabs are allowed (for remarks).
pub fn first_forbidden_multiline(s: &str) -> Option<(usize, char, &'static str)> {
    if s.is_ascii() {
        return swar::first(s.as_bytes(), refused_marks, |b| ascii_refused(b) && !matches!(b, b'\n' | b'\t' | b'\r')).and_then(|i| ascii_at(s, i));
    }
    s.chars()
        .enumerate()
        .find_map(|(i, c)| if matches!(c, '\n' | '\t' | '\r') { None } else { forbidden_reason(c).map(|r| (i, c, r)) })
}

/// An ASCII byte [`forbidden_reason`] refuses: a control, `<` or `>`.
#[inline]
fn ascii_refused(b: u8) -> bool {
    b < 0x20 || b == 0x7f || b == b'<' || b == b'>'
}

/// [`ascii_refused`]'s bytes of an ASCII word, and perhaps later ones (see [`swar`]).
#[inline]
fn refused_marks(w: u64) -> u64 {
    swar::below(w, 0x20) | swar::equal(w, 0x7f) | swar::equal(w, b'<') | swar::equal(w, b'>')
}

/// Tests of eight bytes at once, in a little-endian word (the classic "has a byte less than n"
/// and "has a zero byte" tricks). Each gives the high bit of every byte that passes, and perhaps
/// of later (higher) bytes too: a false mark comes only from a borrow out of a true one, so the
/// lowest mark is always true, and no true one is ever missing.
pub(crate) mod swar {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;

    /// The bytes below `n` (`n` at most 0x80).
    #[inline]
    pub(crate) fn below(w: u64, n: u8) -> u64 {
        w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS
    }

    /// The bytes equal to `b`.
    #[inline]
    pub(crate) fn equal(w: u64, b: u8) -> u64 {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS
    }

    /// The bytes a JSON string cannot hold as they are: a control character, `"` or `\`.
    #[inline]
    fn json_specials(w: u64) -> u64 {
        below(w, 0x20) | equal(w, b'"') | equal(w, b'\\')
    }

    /// The first byte of `bytes` that a JSON string cannot hold as it is ([`json_specials`]):
    /// where a plain run of a string ends for the input decoder, and what the answer writer
    /// escapes. Eight bytes at a time; the last few (most keys and codes are shorter than a word)
    /// as one word padded with a byte that is not special. A word's lowest mark is always exact
    /// (a borrow in [`below`] and [`equal`] only runs towards higher bytes), so none is tested
    /// again.
    #[inline]
    pub(crate) fn first_json_special(bytes: &[u8]) -> Option<usize> {
        let mut words = bytes.chunks_exact(8);
        let mut i = 0;
        for word in &mut words {
            let mut w = [0; 8];
            w.copy_from_slice(word);
            let marks = json_specials(u64::from_le_bytes(w));
            if marks != 0 {
                return Some(i + (marks.trailing_zeros() / 8) as usize);
            }
            i += 8;
        }
        let tail = words.remainder();
        if tail.is_empty() {
            return None;
        }
        let mut w = [b'a'; 8];
        w.get_mut(..tail.len())?.copy_from_slice(tail);
        let marks = json_specials(u64::from_le_bytes(w));
        (marks != 0).then(|| i + (marks.trailing_zeros() / 8) as usize)
    }

    /// The first byte of `bytes` that `exact` picks, where `marks` marks every byte `exact` could
    /// pick in a word (made of [`below`] and [`equal`], so perhaps later bytes too). Eight bytes
    /// at a time: each mark is tested exactly; most texts have none. Any UTF-8 text: neither test
    /// marks a byte of a multi-byte character, so what `exact` picks among ASCII bytes is found.
    #[inline]
    pub(crate) fn first(bytes: &[u8], marks: impl Fn(u64) -> u64, exact: impl Fn(u8) -> bool) -> Option<usize> {
        let mut words = bytes.chunks_exact(8);
        let mut i = 0;
        for word in &mut words {
            let mut w = [0; 8];
            w.copy_from_slice(word);
            let mut marked = marks(u64::from_le_bytes(w));
            while marked != 0 {
                let at = i + (marked.trailing_zeros() / 8) as usize;
                if bytes.get(at).is_some_and(|&b| exact(b)) {
                    return Some(at);
                }
                marked &= marked - 1;
            }
            i += 8;
        }
        words.remainder().iter().position(|&b| exact(b)).map(|p| i + p)
    }
}

/// The refused ASCII character at byte `i`, with its reason.
fn ascii_at(s: &str, i: usize) -> Option<(usize, char, &'static str)> {
    let c = char::from(*s.as_bytes().get(i)?);
    forbidden_reason(c).map(|r| (i, c, r))
}

/// `s` for a message: each character that [`forbidden_reason`] names (controls, bidi overrides,
/// markup) written as `U+XXXX`, so an echoed value can neither reorder nor break the text around it.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if forbidden_reason(c).is_some() {
            out.push_str(&codepoint(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `U+202E` style, for messages that must not echo the character itself.
pub fn codepoint(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// A coarse script of a letter, for spotting look-alike letters typed into a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Georgian,
    Indic,
    Thai,
    Hangul,
    Kana,
    Han,
    Other,
}

pub fn script_of(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    let u = u32::from(c);
    Some(match u {
        0x0041..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF5A => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F | 0x1C80..=0x1C8F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x0590..=0x05FF => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Georgian,
        0x0900..=0x0DFF => Script::Indic,
        0x0E00..=0x0E7F => Script::Thai,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Script::Han,
        _ => Script::Other,
    })
}

/// True when a single word mixes two scripts that are not normally written together.
/// Japanese mixes Han and Kana, and Korean may mix Hangul and Han: those are allowed.
pub fn mixes_scripts(s: &str) -> bool {
    // ASCII letters are all Latin: one script cannot mix.
    if s.is_ascii() {
        return false;
    }
    s.split_whitespace().any(|word| {
        let mut first: Option<Script> = None;
        for c in word.chars() {
            let Some(sc) = script_of(c) else { continue };
            if sc == Script::Other {
                continue;
            }
            match first {
                None => first = Some(sc),
                Some(f) if f == sc => {}
                Some(f) => {
                    let cjk = |x: Script| matches!(x, Script::Han | Script::Kana | Script::Hangul);
                    if !(cjk(f) && cjk(sc)) {
                        return true;
                    }
                }
            }
        }
        false
    })
}

pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Trim surrounding white space; `None` when nothing is left, or nothing visible (only joiners,
/// variation selectors or the like: a value that looks empty is empty).
pub fn clean(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty() && !t.chars().all(invisible)).then_some(t)
}

/// White space and the default-ignorable characters that show nothing by themselves.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(u32::from(c), 0x00AD | 0x034F | 0x180B..=0x180F | 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0x115F | 0x1160 | 0x3164 | 0xFFA0)
}

/// A deliberately plain check of an email address: one `@`, a non-empty local part, a domain
/// with a dot, no spaces, at most 320 characters (the ECRIS limit).
pub fn plausible_email(s: &str) -> bool {
    email_shape(s)
        && !if s.is_ascii() {
            // ASCII white space is U+0009–U+000D and U+0020; the rest of < U+0020 is control.
            let marks = |w| refused_marks(w) | swar::equal(w, b' ');
            swar::first(s.as_bytes(), marks, |b| b <= b' ' || ascii_refused(b)).is_some()
        } else {
            email_has_refused_char(s)
        }
}

/// One `@` with a non-empty local part before it and a dotted domain after it; at most 320 bytes.
fn email_shape(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty() && !domain.contains('@') && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && s.len() <= 320
}

/// Whether an address has white space or a refused character, character by character.
fn email_has_refused_char(s: &str) -> bool {
    s.chars().any(|c| c.is_whitespace() || forbidden_reason(c).is_some())
}

/// Cut a user value for echoing in a message (values may be huge or hostile): at most 40
/// characters, made [`visible`], with an ellipsis when cut.
pub fn shorten(s: &str) -> String {
    let mut out = visible(prefix_chars(s, 40));
    if prefix_chars(s, 40).len() < s.len() {
        out.push('…');
    }
    out
}

/// The first `n` characters of `s` (all of it when it is shorter), as a slice.
pub fn prefix_chars(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s; // n bytes hold at least n characters
    }
    match s.char_indices().nth(n) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::{ascii_refused, email_has_refused_char, email_shape, first_forbidden, first_forbidden_multiline, plausible_email};

    /// The email check as first written (a test of every byte of an ASCII address), the
    /// reference for the one that tests eight bytes at a time; the shape and the non-ASCII path,
    /// which did not change, are shared.
    fn plausible_email_by_bytes(s: &str) -> bool {
        email_shape(s) && !if s.is_ascii() { s.bytes().any(|b| b <= b' ' || ascii_refused(b)) } else { email_has_refused_char(s) }
    }

    /// Generated addresses of every length up to 40 with a space, a tab, a control, `<`, DEL or
    /// a non-ASCII letter anywhere: the same verdict as the byte-by-byte check.
    #[test]
    fn an_email_is_judged_as_byte_by_byte() {
        let pieces = ["a", "b.c", "@", ".", " ", "\t", "\u{1}", "<", "\u{7f}", "é", "x", "y", "z", "q"];
        let mut seed: u64 = 0x1234_5678_9abc_def1;
        let mut verdicts = [0; 2];
        for _ in 0..50_000 {
            crate::xorshift(&mut seed);
            let mut s = seed;
            let mut text = String::from("pc.32687");
            for _ in 0..(seed % 24) {
                s = s.rotate_left(7) ^ 0x2545_f491;
                text.push_str(pieces.get((s % pieces.len() as u64) as usize).copied().unwrap_or(""));
            }
            text.push_str(["@force90.example.police.uk", "", ".uk", "@x."].get((seed >> 60) as usize % 4).copied().unwrap_or(""));
            let ours = plausible_email(&text);
            assert_eq!(ours, plausible_email_by_bytes(&text), "{text:?}");
            verdicts[usize::from(ours)] += 1;
        }
        assert!(verdicts.iter().all(|n| *n > 100), "{verdicts:?}");
    }

    /// Eight bytes at a time finds the byte a byte-by-byte search finds: every refused and
    /// allowed byte kind at every position of texts of up to 3 words and a tail, next to each
    /// other (where a borrow could mark a byte falsely), and in generated texts.
    #[test]
    fn a_refused_byte_is_found_where_a_search_finds_it() {
        let by_bytes = |s: &str, breaks: bool| s.bytes().position(|b| ascii_refused(b) && !(breaks && matches!(b, b'\n' | b'\t' | b'\r')));
        let kinds = [b'\0', b'\x1f', b'\n', b'\t', b'\r', b'\x7f', b'<', b'>', b' ', b'=', b'?', b';', b'~', b'a'];
        let mut texts = Vec::new();
        for len in 0..27 {
            for at in 0..len {
                for &k in &kinds {
                    for &next in b"a\n<\0" {
                        let mut t = vec![b'x'; len];
                        t[at] = k;
                        if at + 1 < len {
                            t[at + 1] = next;
                        }
                        texts.push(String::from_utf8(t).unwrap_or_default());
                    }
                }
            }
        }
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            crate::xorshift(&mut seed);
            let len = (seed % 40) as usize;
            let mut s = seed;
            texts.push(
                (0..len)
                    .map(|_| {
                        s = s.rotate_left(5) ^ 0x5851_f42d;
                        char::from(kinds[(s % kinds.len() as u64) as usize])
                    })
                    .collect(),
            );
        }
        for t in &texts {
            assert_eq!(first_forbidden(t).map(|f| f.0), by_bytes(t, false), "{t:?}");
            assert_eq!(first_forbidden_multiline(t).map(|f| f.0), by_bytes(t, true), "{t:?}");
        }
    }
}
