//! `host/openapi.json` is generated from icce-core's types; this fails when it drifts.
//! Regenerate with `BLESS=1 cargo test -p icce-core --features schema --test openapi`.
#![cfg(feature = "schema")]
// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

#[test]
fn checked_in_openapi_matches_the_types() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../host/openapi.json");
    let generated = serde_json::to_string_pretty(&icce_core::schema::openapi()).unwrap() + "\n";
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&file, &generated).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        on_disk == generated,
        "host/openapi.json is out of date: run `BLESS=1 cargo test -p icce-core --features schema --test openapi` and commit it"
    );
}

#[test]
fn every_operation_has_a_path_and_every_ref_resolves() {
    let doc = icce_core::schema::openapi();
    for op in icce_core::OPERATIONS.iter().map(|o| o.name) {
        assert!(doc["paths"][format!("/v1/{op}")]["post"].is_object(), "no path for {op}");
    }
    let text = doc.to_string();
    for piece in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = piece.split('"').next().unwrap();
        assert!(doc["components"]["schemas"][name].is_object(), "dangling $ref {name}");
    }
}

/// The answer writer (`core/src/json.rs`) writes a struct's field names without escaping them: each
/// property name of every published schema must be plain letters, digits or `_`.
#[test]
fn every_property_name_is_plain() {
    fn walk(v: &serde_json::Value, names: &mut usize) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    for name in props.keys() {
                        assert!(!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "property {name:?} is not plain");
                        *names += 1;
                    }
                }
                map.values().for_each(|x| walk(x, names));
            }
            serde_json::Value::Array(list) => list.iter().for_each(|x| walk(x, names)),
            _ => {}
        }
    }
    let mut names = 0;
    walk(&icce_core::schema::openapi(), &mut names);
    assert!(names > 100, "only {names} property names found");
}
