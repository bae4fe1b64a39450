//! The shape of the house, as ARCHITECTURE.md states it, checked on the source:
//!
//! - a **room** (a process, or the rule book shown) imports floors only, never another room;
//! - a **floor** imports other floors only, never a room or the door;
//! - no two modules import each other, directly or in a ring;
//! - every module of `lib.rs` is a room, a floor or the door, so a new one has to be placed.
//!
//! Imports are read from the code (comments left out): every `crate::name` path, and the names
//! of `crate::{…}` groups.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The processes, and the two answers that show the rule book and count the exchanges.
const ROOMS: &[&str] = &["notifications_in", "notifications_out", "requests_in", "requests_out", "rules", "stats"];
/// The JSON contract and its OpenAPI document.
const DOOR: &[&str] = &["api", "schema"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules `lib.rs` declares.
fn modules() -> Vec<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    lib.lines().filter_map(|l| l.trim().strip_prefix("pub mod ").and_then(|m| m.strip_suffix(';'))).map(str::to_owned).collect()
}

/// Every source file of a module: `name.rs`, or everything under `name/`.
fn files(module: &str) -> Vec<PathBuf> {
    let single = src().join(format!("{module}.rs"));
    if single.is_file() {
        return vec![single];
    }
    let mut out = Vec::new();
    let mut dirs = vec![src().join(module)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("module {module}: {e}")) {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out
}

/// The code of a file without its comments.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for piece in code.split("crate::").skip(1) {
        if let Some(group) = piece.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for item in inner.split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                out.insert(name);
            }
        } else {
            out.insert(piece.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let all = modules();
    let known: BTreeSet<&str> = all.iter().map(String::as_str).collect();
    all.iter()
        .map(|m| {
            let mut uses = BTreeSet::new();
            for f in files(m) {
                let text = code(&f);
                assert!(!text.contains("super::super"), "{}: reaches out of its module with super::super", f.display());
                uses.extend(imports(&text).into_iter().filter(|u| known.contains(u.as_str()) && u != m));
            }
            (m.clone(), uses)
        })
        .collect()
}

#[test]
fn every_module_is_a_room_a_floor_or_the_door() {
    let all = modules();
    assert!(all.len() >= 15, "lib.rs declares only {all:?}");
    for room in ROOMS.iter().chain(DOOR) {
        assert!(all.iter().any(|m| m == room), "ARCHITECTURE.md names `{room}`, which lib.rs does not declare");
    }
}

#[test]
fn a_room_imports_no_other_room() {
    let mut broken = Vec::new();
    for (m, uses) in graph() {
        if ROOMS.contains(&m.as_str()) {
            for u in uses.iter().filter(|u| ROOMS.contains(&u.as_str()) || DOOR.contains(&u.as_str())) {
                broken.push(format!("room `{m}` imports `{u}`"));
            }
        }
    }
    assert!(broken.is_empty(), "a process imports another process (or the door); move what they share to a floor:\n{}", broken.join("\n"));
}

#[test]
fn a_floor_imports_no_room_and_not_the_door() {
    let mut broken = Vec::new();
    for (m, uses) in graph() {
        if !ROOMS.contains(&m.as_str()) && !DOOR.contains(&m.as_str()) {
            for u in uses.iter().filter(|u| ROOMS.contains(&u.as_str()) || DOOR.contains(&u.as_str())) {
                broken.push(format!("floor `{m}` imports `{u}`"));
            }
        }
    }
    assert!(broken.is_empty(), "a floor reaches up:\n{}", broken.join("\n"));
}

#[test]
fn no_import_cycles() {
    let g = graph();
    // Take away, again and again, the modules that import nothing left; a ring never empties.
    let mut left: BTreeMap<String, BTreeSet<String>> = g.clone();
    loop {
        let leaves: Vec<String> = left.iter().filter(|(_, uses)| uses.iter().all(|u| !left.contains_key(u))).map(|(m, _)| m.clone()).collect();
        if leaves.is_empty() {
            break;
        }
        for l in leaves {
            left.remove(&l);
        }
    }
    assert!(left.is_empty(), "these modules import each other in a ring: {left:?}");
}

#[test]
fn the_checks_can_fail() {
    // The reader of imports sees what the tests above rely on.
    let text = "use crate::{check::Checker, diag::Code};\nuse crate::requests_out::Destination;\nfn f() { crate::text::shorten(\"x\"); }";
    let got = imports(text);
    assert_eq!(got, ["check", "diag", "requests_out", "text"].iter().map(|s| (*s).to_owned()).collect());
    let g = graph();
    assert!(g["api"].contains("requests_out") && g["requests_out"].contains("person"), "the graph misses known imports: {g:?}");
    assert!(!imports(&code(&src().join("person.rs"))).is_empty());
}
