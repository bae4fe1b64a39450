//! Rule-book integrity: the compiled data equals the files, every file is registered and sorted,
//! every file parses, its stem equals its code, and every requirement names a source that exists.
//! `build.rs` refuses to build on most of these; this test proves the compiled result agrees.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use icce_core::rulebook::{self, COUNTRIES, Item, Level};

fn core_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn index() -> toml::Table {
    toml::from_str(&std::fs::read_to_string(core_dir().join("rulebook.toml")).unwrap()).unwrap()
}

#[test]
fn every_file_is_registered_sorted_and_compiled() {
    let registered: Vec<String> =
        index()["countries"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    let mut sorted = registered.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(registered, sorted, "rulebook.toml `countries` must be sorted and unique");

    let on_disk: BTreeSet<String> = std::fs::read_dir(core_dir().join("countries"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".toml").map(str::to_owned))
        .collect();
    let mut expected: BTreeSet<String> = registered.iter().cloned().collect();
    expected.insert("default".to_owned());
    assert_eq!(on_disk, expected, "files in core/countries/ and registered codes differ");

    let compiled: Vec<&str> = COUNTRIES.iter().map(|c| c.code).collect();
    let mut want: Vec<&str> = registered.iter().map(String::as_str).collect();
    want.push("default");
    assert_eq!(compiled, want, "the compiled rule book is not the registered one, in order");
}

#[test]
fn every_file_parses_and_agrees_with_the_compiled_data() {
    for c in COUNTRIES {
        let path = core_dir().join(c.file);
        let t: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path.file_stem().unwrap().to_string_lossy();
        assert_eq!(t["code"].as_str(), Some(c.code), "{}", path.display());
        assert_eq!(stem, c.code, "file stem and code differ in {}", path.display());
        assert_eq!(t["name"].as_str(), Some(c.name));
        let reqs = t.get("requirement").and_then(|r| r.as_array()).map_or(0, Vec::len);
        assert_eq!(reqs, c.requirements.len(), "{}", path.display());
        if c.code != "default" {
            let iso = rulebook::iso_country(c.code).unwrap_or_else(|| panic!("{} is not ISO 3166-1", c.code));
            assert_eq!(Some(iso.alpha3), c.alpha3, "{}: alpha3 disagrees with ISO 3166-1", c.file);
            assert_eq!(Some(iso.numeric), c.numeric, "{}: numeric disagrees with ISO 3166-1", c.file);
        }
    }
}

#[test]
fn every_requirement_names_a_source_that_exists() {
    for c in COUNTRIES {
        assert!(
            !c.requirements.is_empty() || c.no_published_requirements.is_some(),
            "{} has neither requirements nor a statement that none were found",
            c.file
        );
        for r in c.requirements {
            assert!(!r.sources.is_empty(), "{}:{} has no source", c.file, r.line);
            for k in r.sources {
                let s = c.source(k).unwrap_or_else(|| panic!("{}:{} cites undefined source {k}", c.file, r.line));
                assert!(!s.url.is_empty() && !s.title.is_empty());
                if r.level == Level::Required {
                    assert!(!s.weak, "{}:{} is required on a weak source", c.file, r.line);
                }
            }
            if r.level == Level::Required {
                assert_eq!(r.applies_to, rulebook::AppliesTo::PoliceRequest, "{}:{}", c.file, r.line);
            }
        }
    }
}

#[test]
fn coverage_is_all_eu_states_and_the_named_others() {
    const EU: [&str; 27] = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ];
    for code in EU {
        let c = rulebook::country_file(code).unwrap_or_else(|| panic!("no file for EU state {code}"));
        assert_eq!(c.region, rulebook::Region::Eu, "{code}");
        assert_eq!(c.channel, rulebook::Channel::EcrisTca, "{code}");
    }
    for code in ["US", "JM", "NO", "CH", "AL"] {
        assert!(rulebook::country_file(code).is_some(), "no file for {code}");
    }
    let eu_count = COUNTRIES.iter().filter(|c| c.region == rulebook::Region::Eu).count();
    assert_eq!(eu_count, 27);
    assert_eq!(rulebook::default_rules().code, "default");
    // The generated lookup finds each file by its code, and nothing else.
    for c in COUNTRIES.iter().filter(|c| c.code != "default") {
        assert!(rulebook::country_file(c.code).is_some_and(|f| std::ptr::eq(f, c)), "{}", c.code);
        assert!(std::ptr::eq(rulebook::rules_for(c.code), c), "{}", c.code);
        assert!(rulebook::country_file(&c.code.to_ascii_lowercase()).is_none(), "{}", c.code);
    }
    for code in ["default", "", "XX", "GB", "FRA", "F"] {
        assert!(rulebook::country_file(code).is_none(), "{code}");
        assert_eq!(rulebook::rules_for(code).code, "default", "{code}");
    }
}

#[test]
fn item_vocabulary_matches_the_enum() {
    let keys: Vec<&str> = Item::ALL.iter().map(|i| i.key()).collect();
    let vocab: Vec<&str> = rulebook::ITEM_KEYS.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, vocab);
}

#[test]
fn rulebook_hash_is_sha256_hex() {
    let h = rulebook::RULEBOOK_HASH.strip_prefix("sha256:").unwrap();
    assert_eq!(h.len(), 64);
    assert!(h.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(index()["version"].as_str(), Some(rulebook::RULEBOOK_VERSION));
}

#[test]
fn diagnostic_registry_is_sorted_and_unique() {
    let codes: Vec<&str> = icce_core::diag::CODES.iter().map(|c| c.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted);
    let names: BTreeSet<&str> = icce_core::diag::CODES.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), codes.len(), "diagnostic names must be unique");
    for c in icce_core::diag::CODES {
        assert!(c.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{} is not kebab-case", c.name);
    }
}

#[test]
fn an_item_is_said_in_a_sentence() {
    assert_eq!(Item::MotherForename.sentence("Poland", "needs"), "Poland needs the mother's first name");
    assert_eq!(Item::Fingerprints.sentence("Malta", "recommends"), "Malta recommends fingerprints");
    for item in Item::ALL {
        assert_eq!(item.sentence("X", "needs"), format!("X needs {}{}", item.article(), item.label()));
    }
}
