//! The compressed forms of the web root's files: which one a request accepts (`Accept-Encoding`,
//! RFC 9110 12.5.3), and a store of the forms made, one per file, coding and version.
//!
//! gzip is made when first asked for (about 70 ms for the 1.1 MB module in a release build, on a
//! blocking thread; the module's is made as the server starts). Brotli at its best setting packs
//! the module a quarter smaller than gzip (300 KB against 397 KB) but takes about 1.6 s for it, so
//! it is made in the background, one file at a time, once a request has asked for it; until it is
//! ready, that request and the next get gzip (or the file as it is). Each form is made from the
//! version of the file its tag names, and the same file gives the same bytes every time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, header};
use tokio::sync::Semaphore;

use super::static_files::{Opened, open, read_all};

/// A content coding the server makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Coding {
    Brotli,
    Gzip,
}

impl Coding {
    /// Its name in `Content-Encoding`.
    pub(super) fn name(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The tag of the file's form in this coding: a tag names one representation (RFC 9110 8.8.3).
    pub(super) fn tag(self, file_tag: &str) -> String {
        format!("{}-{}\"", file_tag.trim_end_matches('"'), self.name())
    }

    /// The largest file made in this coding; a larger one goes out in another, or as it is.
    pub(super) fn up_to_bytes(self) -> u64 {
        match self {
            Coding::Brotli => 2 << 20,
            Coding::Gzip => 16 << 20,
        }
    }

    fn compress(self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        use std::io::Write as _;
        match self {
            // No time or file name in the header: the same bytes every time.
            Coding::Gzip => {
                let mut z = flate2::GzBuilder::new().write(Vec::with_capacity(bytes.len() / 3), flate2::Compression::best());
                z.write_all(bytes)?;
                z.finish()
            }
            Coding::Brotli => {
                // Quality 11 (the best), a 4 MiB window (lgwin 22: more than the largest file made).
                let mut w = brotli::CompressorWriter::new(Vec::with_capacity(bytes.len() / 3), 1 << 16, 11, 22);
                w.write_all(bytes)?;
                Ok(w.into_inner())
            }
        }
    }
}

/// Below this size a file goes out as it is: a coding's own bytes would eat what it saves.
pub(super) const COMPRESS_FROM_BYTES: u64 = 1024;
/// The most forms, and bytes, kept; past either the store starts again (the demo has about 40
/// files, 490 KB in gzip).
const KEPT_FORMS: usize = 512;
const KEPT_BYTES: usize = 64 << 20;

/// The codings a request accepts, by their weights: brotli where it weighs at least as much as
/// gzip, gzip where it weighs more than nothing (`x-gzip` is gzip; `*` stands for a coding not
/// named).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Accepted {
    brotli: f32,
    gzip: f32,
}

impl Accepted {
    pub(super) fn of(headers: &HeaderMap) -> Self {
        let (mut brotli, mut gzip, mut any) = (None, None, None);
        for item in headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')) {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let weight = parts
                .filter_map(|p| p.trim().split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                .map_or(1.0, |(_, v)| v.trim().parse::<f32>().unwrap_or(0.0));
            let slot = if coding.eq_ignore_ascii_case("br") {
                &mut brotli
            } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                &mut gzip
            } else if coding == "*" {
                &mut any
            } else {
                continue;
            };
            *slot = Some(slot.unwrap_or(0.0_f32).max(weight));
        }
        Accepted { brotli: brotli.or(any).unwrap_or(0.0), gzip: gzip.or(any).unwrap_or(0.0) }
    }

    /// The codings to use for a file of `len` bytes, best first.
    pub(super) fn codings(self, len: u64) -> impl Iterator<Item = Coding> {
        let mut order = [(Coding::Brotli, self.brotli), (Coding::Gzip, self.gzip)];
        if self.gzip > self.brotli {
            order.swap(0, 1);
        }
        order.into_iter().filter(move |(c, w)| *w > 0.0 && (COMPRESS_FROM_BYTES..=c.up_to_bytes()).contains(&len)).map(|(c, _)| c)
    }
}

/// A form: the tag of the file it was made from, and its bytes.
type Kept = (String, Arc<[u8]>);

/// The forms made so far, and those being made in the background.
pub(super) struct Store {
    kept: Mutex<HashMap<(PathBuf, Coding), Kept>>,
    making: Mutex<HashSet<(PathBuf, Coding)>>,
    /// One background compression at a time: it never takes more than one of the cores.
    turn: Semaphore,
}

impl Default for Store {
    fn default() -> Self {
        Store { kept: Mutex::default(), making: Mutex::default(), turn: Semaphore::new(1) }
    }
}

impl Store {
    /// The form of the file in `coding`, if made from the version `tag` names.
    pub(super) fn get(&self, path: &Path, coding: Coding, tag: &str) -> Option<Arc<[u8]>> {
        let kept = self.kept.lock().ok()?;
        kept.get(&(path.to_path_buf(), coding)).filter(|(t, _)| t == tag).map(|(_, b)| Arc::clone(b))
    }

    pub(super) fn keep(&self, path: PathBuf, coding: Coding, tag: String, bytes: Arc<[u8]>) {
        if let Ok(mut kept) = self.kept.lock() {
            let key = (path, coding);
            let held: usize = kept.iter().filter(|(k, _)| **k != key).map(|(_, (_, b))| b.len()).sum();
            if (!kept.contains_key(&key) && kept.len() >= KEPT_FORMS) || held + bytes.len() > KEPT_BYTES {
                kept.clear();
            }
            kept.insert(key, (tag, bytes));
        }
    }

    /// Make the file's form in `coding` now, from the open file, and keep it.
    pub(super) async fn make(&self, path: PathBuf, coding: Coding, opened: &mut Opened) -> std::io::Result<Arc<[u8]>> {
        let bytes = read_all(&mut opened.file, opened.len).await?;
        let made: Arc<[u8]> = tokio::task::spawn_blocking(move || coding.compress(&bytes)).await.map_err(std::io::Error::other)??.into();
        if let Some(tag) = opened.tag.clone() {
            self.keep(path, coding, tag, Arc::clone(&made));
        }
        Ok(made)
    }

    /// Make the file's form in `coding` in the background, unless it is being made already; from
    /// the file as it is when its turn comes.
    pub(super) fn make_later(self: &Arc<Self>, path: PathBuf, coding: Coding) {
        let key = (path, coding);
        let first = self.making.lock().is_ok_and(|mut making| making.insert(key.clone()));
        if !first {
            return;
        }
        let store = Arc::clone(self);
        tokio::spawn(async move {
            if let Ok(_turn) = store.turn.acquire().await
                && let Ok(mut opened) = open(&key.0).await
                && opened.tag.as_ref().is_some_and(|t| store.get(&key.0, coding, t).is_none())
            {
                // A file that cannot be read or compressed now is tried again when next asked for.
                let _ = store.make(key.0.clone(), coding, &mut opened).await;
            }
            if let Ok(mut making) = store.making.lock() {
                making.remove(&key);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> Vec<Coding> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, value.parse().unwrap_or_else(|_| unreachable!()));
        Accepted::of(&h).codings(100_000).collect()
    }

    #[test]
    fn codings_follow_the_weights() {
        use Coding::{Brotli, Gzip};
        for (accept, codings) in [
            ("gzip, deflate, br, zstd", vec![Brotli, Gzip]),
            ("gzip", vec![Gzip]),
            ("x-gzip", vec![Gzip]),
            ("br", vec![Brotli]),
            ("BR;q=0.5, GZIP", vec![Gzip, Brotli]),
            ("br, gzip;q=0.5", vec![Brotli, Gzip]),
            ("br;q=0, gzip", vec![Gzip]),
            ("gzip;q=0", vec![]),
            ("identity", vec![]),
            ("deflate", vec![]),
            ("*", vec![Brotli, Gzip]),
            ("*;q=0", vec![]),
            ("gzip;q=0, *", vec![Brotli]),
            ("gzip; q=0.000", vec![]),
            ("gzip;q=nonsense", vec![]),
            ("", vec![]),
        ] {
            assert_eq!(accepting(accept), codings, "Accept-Encoding: {accept}");
        }
        // Too small for either, or too large for brotli.
        let both = Accepted { brotli: 1.0, gzip: 1.0 };
        assert_eq!(both.codings(COMPRESS_FROM_BYTES - 1).count(), 0);
        assert_eq!(both.codings(Coding::Brotli.up_to_bytes() + 1).collect::<Vec<_>>(), vec![Coding::Gzip]);
        assert_eq!(both.codings(Coding::Gzip.up_to_bytes() + 1).count(), 0);
    }

    #[test]
    fn the_store_keeps_one_form_per_file_and_coding_within_its_bounds() {
        let store = Store::default();
        let bytes = |n: usize| -> Arc<[u8]> { vec![0; n].into() };
        let p = |s: &str| PathBuf::from(s);
        let g = Coding::Gzip;
        store.keep(p("a"), g, "t1".into(), bytes(10));
        assert!(store.get(&p("a"), g, "t1").is_some());
        assert!(store.get(&p("a"), Coding::Brotli, "t1").is_none());
        // A new version of the file replaces the old one; the old tag no longer finds it.
        store.keep(p("a"), g, "t2".into(), bytes(10));
        assert!(store.get(&p("a"), g, "t1").is_none());
        assert!(store.get(&p("a"), g, "t2").is_some());
        // Past the number of forms, the store starts again.
        for i in 1..KEPT_FORMS {
            store.keep(p(&format!("f{i}")), g, "t".into(), bytes(1));
        }
        assert!(store.get(&p("a"), g, "t2").is_some(), "{KEPT_FORMS} forms fit");
        store.keep(p("one-more"), g, "t".into(), bytes(1));
        assert!(store.get(&p("a"), g, "t2").is_none());
        assert!(store.get(&p("one-more"), g, "t").is_some());
        // Past the number of bytes, likewise: `one-more` and `big` fill it exactly; one byte more
        // starts again.
        store.keep(p("big"), g, "t".into(), bytes(KEPT_BYTES - 1));
        assert!(store.get(&p("one-more"), g, "t").is_some() && store.get(&p("big"), g, "t").is_some());
        store.keep(p("c"), g, "t".into(), bytes(1));
        assert!(store.get(&p("big"), g, "t").is_none() && store.get(&p("one-more"), g, "t").is_none());
        assert!(store.get(&p("c"), g, "t").is_some());
    }

    #[test]
    fn each_coding_gives_the_same_bytes_every_time_and_they_decompress() {
        use std::io::Read as _;
        let text: Vec<u8> = (0..20_000u32).flat_map(|i| format!("line {} of a file\n", i % 97).into_bytes()).collect();
        for coding in [Coding::Gzip, Coding::Brotli] {
            let a = coding.compress(&text).unwrap_or_default();
            assert_eq!(a, coding.compress(&text).unwrap_or_default(), "{coding:?}");
            assert!(a.len() * 10 < text.len(), "{coding:?}: {} bytes", a.len());
            let mut back = Vec::new();
            match coding {
                Coding::Gzip => flate2::read::GzDecoder::new(&a[..]).read_to_end(&mut back),
                Coding::Brotli => brotli::Decompressor::new(&a[..], 4096).read_to_end(&mut back),
            }
            .unwrap_or_default();
            assert!(back == text, "{coding:?} decompresses to the file");
        }
    }
}
