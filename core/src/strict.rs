//! serde's derived decoders with three changes: the oracle of the input decoder
//! ([`crate::decode`], which reads every input the operations get and must read and refuse as this
//! does; `core/tests/decoder.rs` and every fuzz target that reads an input hold them alike through
//! `api::decoders_agree`). No operation calls it, so it is not in the module.
//!
//! 1. **A struct must be a JSON object.** serde's derived structs also accept a JSON array of
//!    their fields in order, which would let `[[today, …], request, person]` past field names,
//!    `deny_unknown_fields` and the published JSON Schema (found by fuzzing; FUZZING.md). Here a struct, an
//!    internally tagged enum (read through `deserialize_any`) and a struct variant refuse an array
//!    with serde's own "invalid type: sequence, expected …" error. Consequence, by design: a list
//!    inside an internally tagged enum's variant would be refused too (no input type has one; a
//!    vector in `tests/hostile/` and a unit test below hold this).
//! 2. **Where it failed, paid for only on failure.** The JSON Pointer of the failing value is
//!    assembled while the error unwinds: each list or object level adds its index or key on the
//!    way out. A valid input costs no allocation for its path (serde_path_to_error, used before,
//!    copied every object key into a new `String`); the key being read is borrowed from the input
//!    (copied into one reused buffer per object only when it is written with escapes).
//!
//! 3. **An integer may be written with a zero fraction.** JSON Schema counts `231.0` as the
//!    integer 231, and the published OpenAPI document says `integer`; serde_json would refuse it
//!    where an integer field is read. Here a whole number written as a float (finite, fraction
//!    zero, at most 2^53 in size, so that it is exactly the integer it says) is read as that integer;
//!    `231.5` is still refused with serde's own error.
//!
//! The wrappers forward every call unchanged otherwise, so the error values (and their categories,
//! lines and columns) are serde_json's own.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Unexpected, VariantAccess, Visitor};

use crate::diag::pointer_escape;

enum Segment {
    Index(usize),
    Key(String),
}

/// The path of the value that failed, innermost segment first (filled only while an error unwinds).
#[derive(Default)]
pub struct Track {
    segments: RefCell<Vec<Segment>>,
}

impl Track {
    fn push(&self, s: Segment) {
        if let Ok(mut v) = self.segments.try_borrow_mut() {
            v.push(s);
        }
    }

    /// The JSON Pointer (RFC 6901) of the value that failed; empty for the document itself.
    pub fn pointer(&self) -> String {
        let Ok(segments) = self.segments.try_borrow() else { return String::new() };
        let mut p = String::new();
        for s in segments.iter().rev() {
            p.push('/');
            match s {
                Segment::Index(i) => p.push_str(&i.to_string()),
                Segment::Key(k) => p.push_str(&pointer_escape(k)),
            }
        }
        p
    }
}

/// Deserialize `T` from `de` with the two changes above.
pub fn deserialize<'de, T, D>(de: D, track: &Track) -> Result<T, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(Strict { de, track, key: None })
}

struct Strict<'t, 'k, 'de, D> {
    de: D,
    track: &'t Track,
    /// Set when this deserializer reads an object key: the key's text is kept here.
    key: Option<&'k mut KeyText<'de>>,
}

/// The key an object is reading, for the path of a failure: borrowed from the input when it is
/// written without escapes (serde_json then hands it over borrowed), else copied into the
/// object's one buffer.
#[derive(Default)]
enum KeyText<'de> {
    #[default]
    None,
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> KeyText<'de> {
    fn borrow(&mut self, key: &'de str) {
        *self = KeyText::Borrowed(key);
    }

    fn copy(&mut self, key: &str) {
        match self {
            KeyText::Owned(buffer) => {
                buffer.clear();
                buffer.push_str(key);
            }
            _ => *self = KeyText::Owned(key.to_owned()),
        }
    }

    fn clear(&mut self) {
        match self {
            KeyText::Owned(buffer) => buffer.clear(),
            _ => *self = KeyText::None,
        }
    }

    fn as_str(&self) -> &str {
        match self {
            KeyText::None => "",
            KeyText::Borrowed(k) => k,
            KeyText::Owned(k) => k,
        }
    }
}

impl<'t, 'k, 'de, D> Strict<'t, 'k, 'de, D> {
    fn visitor<V>(self, v: V, refuse_seq: bool) -> (D, Wrap<'t, 'k, 'de, V>) {
        (self.de, Wrap { v, track: self.track, key: self.key, refuse_seq, integer: false })
    }
}

macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            let (de, w) = self.visitor(visitor, false);
            de.$method(w)
        }
    )*};
}

/// Integers: as [`forward_deserialize`], and a whole number written as a float is read as the
/// integer it is (change 3 of the module doc).
macro_rules! forward_integer {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            let (de, mut w) = self.visitor(visitor, false);
            w.integer = true;
            de.$method(w)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<'_, '_, 'de, D> {
    type Error = D::Error;

    forward_integer! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    forward_deserialize! {
        deserialize_bool deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_bytes deserialize_byte_buf deserialize_option deserialize_unit
        deserialize_seq deserialize_map deserialize_identifier
    }

    /// Only internally tagged enums (and serde's buffering for them) read input through `any`.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let (de, w) = self.visitor(visitor, true);
        de.deserialize_any(w)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_ignored_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        let (de, w) = self.visitor(visitor, false);
        de.deserialize_unit_struct(name, w)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        let (de, w) = self.visitor(visitor, false);
        de.deserialize_newtype_struct(name, w)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        let (de, w) = self.visitor(visitor, false);
        de.deserialize_tuple(len, w)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let (de, w) = self.visitor(visitor, false);
        de.deserialize_tuple_struct(name, len, w)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let (de, w) = self.visitor(visitor, true);
        de.deserialize_struct(name, fields, w)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let (de, w) = self.visitor(visitor, false);
        de.deserialize_enum(name, variants, w)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

struct Wrap<'t, 'k, 'de, V> {
    v: V,
    track: &'t Track,
    key: Option<&'k mut KeyText<'de>>,
    refuse_seq: bool,
    /// An integer is being read: a whole float is that integer.
    integer: bool,
}

impl<'de, V> Wrap<'_, '_, 'de, V> {
    fn capture(&mut self, s: &str) {
        if let Some(k) = self.key.as_deref_mut() {
            k.copy(s);
        }
    }

    fn capture_borrowed(&mut self, s: &'de str) {
        if let Some(k) = self.key.as_deref_mut() {
            k.borrow(s);
        }
    }
}

macro_rules! forward_visit {
    ($($method:ident: $t:ty)*) => {$(
        fn $method<E: de::Error>(self, v: $t) -> Result<V::Value, E> {
            self.v.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, '_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.v.expecting(f)
    }

    forward_visit! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64 visit_i128: i128
        visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64 visit_u128: u128
        visit_f32: f32 visit_char: char
        visit_bytes: &[u8] visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        // 2^53: every whole float up to it is exactly one integer.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if self.integer && v.is_finite() && v.fract() == 0.0 && v.abs() <= EXACT {
            return if v >= 0.0 { self.v.visit_u64(v as u64) } else { self.v.visit_i64(v as i64) };
        }
        self.v.visit_f64(v)
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<V::Value, E> {
        self.capture(v);
        self.v.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(mut self, v: &'de str) -> Result<V::Value, E> {
        self.capture_borrowed(v);
        self.v.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(mut self, v: String) -> Result<V::Value, E> {
        self.capture(&v);
        self.v.visit_string(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.v.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.v.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
        self.v.visit_some(Strict { de, track: self.track, key: None })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
        self.v.visit_newtype_struct(Strict { de, track: self.track, key: None })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        if self.refuse_seq {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self.v));
        }
        self.v.visit_seq(Seq { a: seq, track: self.track, index: 0 })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.v.visit_map(Map { a: map, track: self.track, key: KeyText::None })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.v.visit_enum(Enum { a: data, track: self.track })
    }
}

/// A value inside a list, an object or an enum.
struct Seed<'t, S> {
    seed: S,
    track: &'t Track,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Strict { de, track: self.track, key: None })
    }
}

/// An object key: its text is kept (borrowed, or in the object's one buffer) for the path of a
/// failure.
struct KeySeed<'t, 'k, 'de, S> {
    seed: S,
    track: &'t Track,
    key: &'k mut KeyText<'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, '_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Strict { de, track: self.track, key: Some(self.key) })
    }
}

struct Seq<'t, A> {
    a: A,
    track: &'t Track,
    index: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        let index = self.index;
        self.index = self.index.saturating_add(1);
        let track = self.track;
        self.a.next_element_seed(Seed { seed, track }).inspect_err(|_| track.push(Segment::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        self.a.size_hint()
    }
}

struct Map<'t, 'de, A> {
    a: A,
    track: &'t Track,
    key: KeyText<'de>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.key.clear();
        let track = self.track;
        let result = self.a.next_key_seed(KeySeed { seed, track, key: &mut self.key });
        // An unknown field is reported at its own key, as a failing value would be.
        result.inspect_err(|_| {
            if !self.key.as_str().is_empty() {
                track.push(Segment::Key(self.key.as_str().to_owned()));
            }
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let track = self.track;
        self.a.next_value_seed(Seed { seed, track }).inspect_err(|_| track.push(Segment::Key(self.key.as_str().to_owned())))
    }

    fn size_hint(&self) -> Option<usize> {
        self.a.size_hint()
    }
}

struct Enum<'t, A> {
    a: A,
    track: &'t Track,
}

impl<'t, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Enum<'t, A> {
    type Error = A::Error;
    type Variant = Variant<'t, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), A::Error> {
        let track = self.track;
        self.a.variant_seed(Seed { seed, track }).map(|(value, a)| (value, Variant { a, track }))
    }
}

struct Variant<'t, A> {
    a: A,
    track: &'t Track,
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.a.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.a.newtype_variant_seed(Seed { seed, track: self.track })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.a.tuple_variant(len, Wrap { v: visitor, track: self.track, key: None, refuse_seq: false, integer: false })
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, A::Error> {
        self.a.struct_variant(fields, Wrap { v: visitor, track: self.track, key: None, refuse_seq: true, integer: false })
    }
}

/// `#[serde(deserialize_with = "crate::strict::at_most::<N, _, _>")]`: a list of at most `N`
/// items, refused at its pointer beyond that (found by fuzzing, FUZZING.md: without caps an answer grows
/// with the product of list lengths, for example aliases × nationalities). Reading stops at item
/// `N + 1`, so an oversized list costs no more than its cap.
pub fn at_most<'de, const N: usize, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de>,
{
    d.deserialize_seq(AtMost::<N, T>(std::marker::PhantomData))
}

/// [`at_most`] for an optional list.
pub fn at_most_opt<'de, const N: usize, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de>,
{
    struct Opt<const N: usize, T>(std::marker::PhantomData<T>);
    impl<'de, const N: usize, T: de::Deserialize<'de>> Visitor<'de> for Opt<N, T> {
        type Value = Option<Vec<T>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a list of at most {N} items, or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            at_most::<N, D, T>(d).map(Some)
        }
    }
    d.deserialize_option(Opt::<N, T>(std::marker::PhantomData))
}

struct AtMost<const N: usize, T>(std::marker::PhantomData<T>);

impl<'de, const N: usize, T: de::Deserialize<'de>> Visitor<'de> for AtMost<N, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of at most {N} items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(N));
        while let Some(item) = seq.next_element()? {
            if items.len() == N {
                return Err(de::Error::custom(format_args!("the list has more than {N} items; icce accepts at most {N}")));
            }
            items.push(item);
        }
        Ok(items)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        a: u8,
        #[serde(default)]
        list: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        inner: Inner,
        items: Vec<Inner>,
        tagged: Option<Tagged>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(tag = "kind", deny_unknown_fields)]
    enum Tagged {
        One,
        Two { x: u8 },
    }

    #[derive(Debug, Deserialize)]
    struct Capped {
        #[serde(default, deserialize_with = "at_most::<2, _, _>")]
        list: Vec<u8>,
        #[serde(default, deserialize_with = "at_most_opt::<1, _, _>")]
        opt: Option<Vec<u8>>,
    }

    #[test]
    fn capped_lists_stop_at_their_cap() {
        let v: Capped = run(r#"{"list":[1,2],"opt":null}"#).unwrap();
        assert_eq!((v.list, v.opt), (vec![1, 2], None));
        let v: Capped = run(r#"{"opt":[3]}"#).unwrap();
        assert_eq!((v.list, v.opt), (vec![], Some(vec![3])));
        let (p, e) = run::<Capped>(r#"{"list":[1,2,3]}"#).unwrap_err();
        assert_eq!(p, "/list");
        assert!(e.starts_with("the list has more than 2 items; icce accepts at most 2"), "{e}");
        let (p, _) = run::<Capped>(r#"{"opt":[1,2]}"#).unwrap_err();
        assert_eq!(p, "/opt");
        // An item past the cap is not read at all: a broken one is not what is reported.
        let (_, e) = run::<Capped>(r#"{"list":[1,2,3,"x"]}"#).unwrap_err();
        assert!(e.starts_with("the list has more than 2"), "{e}");
    }

    #[test]
    fn a_whole_number_written_as_a_float_is_an_integer() {
        #[derive(Debug, Deserialize)]
        struct Numbers {
            small: u8,
            big: u64,
            signed: i64,
            maybe: Option<u32>,
        }
        let v: Numbers = run(r#"{"small":231.0,"big":9007199254740992.0,"signed":-5.0,"maybe":7e0}"#).unwrap();
        assert_eq!((v.small, v.big, v.signed, v.maybe), (231, 1 << 53, -5, Some(7)));
        // A fraction, a value out of the field's range, or a float too large to be exact: refused.
        for (json, pointer) in [
            (r#"{"small":1.5,"big":0,"signed":0}"#, "/small"),
            (r#"{"small":256.0,"big":0,"signed":0}"#, "/small"),
            (r#"{"small":0,"big":1e20,"signed":0}"#, "/big"),
            (r#"{"small":0,"big":-1.0,"signed":0}"#, "/big"),
        ] {
            let (p, _) = run::<Numbers>(json).unwrap_err();
            assert_eq!(p, pointer, "{json}");
        }
        // A float field is unchanged.
        #[derive(Debug, Deserialize)]
        struct F {
            f: f64,
        }
        assert_eq!(run::<F>(r#"{"f":2.5}"#).unwrap().f, 2.5);
    }

    fn run<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, (String, String)> {
        let track = Track::default();
        let mut de = serde_json::Deserializer::from_str(json);
        deserialize::<T, _>(&mut de, &track).map_err(|e| (track.pointer(), e.to_string()))
    }

    #[test]
    fn objects_decode_as_serde_would() {
        let v: Outer = run(r#"{"inner":{"a":1,"list":["x"]},"items":[{"a":2}],"tagged":{"kind":"Two","x":3}}"#).unwrap();
        assert_eq!(v.inner, Inner { a: 1, list: vec!["x".into()] });
        assert_eq!(v.tagged, Some(Tagged::Two { x: 3 }));
    }

    #[test]
    fn a_struct_written_as_an_array_is_refused_at_its_pointer() {
        let (p, e) = run::<Outer>(r#"[{"a":1},[],null]"#).unwrap_err();
        assert_eq!(p, "");
        assert!(e.starts_with("invalid type: sequence, expected struct Outer"), "{e}");
        let (p, e) = run::<Outer>(r#"{"inner":{"a":1},"items":[{"a":1},[7]]}"#).unwrap_err();
        assert_eq!(p, "/items/1");
        assert!(e.contains("invalid type: sequence"), "{e}");
        let (p, _) = run::<Outer>(r#"{"inner":{"a":1},"items":[],"tagged":["Two",3]}"#).unwrap_err();
        assert_eq!(p, "/tagged");
    }

    #[test]
    fn pointers_name_the_failing_value_and_unknown_keys() {
        let (p, _) = run::<Outer>(r#"{"inner":{"a":1},"items":[{"a":1},{"a":300}]}"#).unwrap_err();
        assert_eq!(p, "/items/1/a");
        let (p, e) = run::<Outer>(r#"{"inner":{"a":1,"b~/":2},"items":[]}"#).unwrap_err();
        assert_eq!(p, "/inner/b~0~1");
        assert!(e.starts_with("unknown field `b~/`"), "{e}");
        let (p, e) = run::<Outer>(r#"{"inner":{"list":[]},"items":[]}"#).unwrap_err();
        assert_eq!(p, "/inner");
        assert!(e.starts_with("missing field `a`"), "{e}");
    }

    /// A key written with escapes is not handed over borrowed; its text is copied, and the
    /// pointer is the key as it reads, unescaped, whether it is the failing value's or unknown.
    #[test]
    fn an_escaped_key_is_named_as_it_reads() {
        let (p, _) = run::<Outer>(r#"{"inner":{"a":1},"\u0069tems":[{"\u0061":300}]}"#).unwrap_err();
        assert_eq!(p, "/items/0/a");
        let (p, e) = run::<Outer>(r#"{"inner":{"a":1,"b\u00e9":2},"items":[]}"#).unwrap_err();
        assert_eq!(p, "/inner/bé");
        assert!(e.starts_with("unknown field `bé`"), "{e}");
        // A borrowed key after an escaped one in the same object (the first case has the reverse).
        let (p, _) = run::<Outer>(r#"{"\u0069nner":{"a":1},"items":[{"a":999}]}"#).unwrap_err();
        assert_eq!(p, "/items/0/a");
    }
}
