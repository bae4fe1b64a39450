//! The contract: the answers are the schema. Every vector's answer (the native bytes;
//! `tests/parity.rs` proves that wasmtime and node give the same bytes) validates against the
//! OpenAPI document's schema for it (`host/openapi.json`, the checked-in file the server serves),
//! with a JSON Schema 2020-12 validator: an unusable answer against `UnusableAnswer` and never the
//! operation's answer, any other against the operation's 200 schema and never `UnusableAnswer`
//! (the union is discriminated on `outcome`). Every vector input that the core accepts (any
//! answer but unusable) validates against the operation's request body schema. And every example
//! in the document, request and answer, validates against its own schema.

// Test code: an unwrap that fails is a failing test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use icce_parity::{parse, repo, without_bom};
use jsonschema::Validator;
use serde_json::{Value, json};

/// The checked-in document (`core/tests/openapi.rs` keeps it equal to the generated one).
fn document() -> Value {
    parse(&std::fs::read_to_string(repo().join("host/openapi.json")).unwrap())
}

/// A validator for `schema`, with the document's components beside it so that its `$ref`s
/// (`#/components/schemas/…`) resolve.
fn validator(doc: &Value, schema: &Value) -> Validator {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    jsonschema::draft202012::new(&root).unwrap_or_else(|e| panic!("the schema does not compile: {e}\n{schema}"))
}

/// Why `v` fails `validator`, in a few lines (empty when it passes).
fn errors(validator: &Validator, v: &Value) -> Vec<String> {
    validator.iter_errors(v).take(5).map(|e| format!("{} at `{}`", e, e.instance_path())).collect()
}

struct OpSchemas {
    input: Validator,
    answer: Validator,
}

fn operation_schemas(doc: &Value) -> BTreeMap<String, OpSchemas> {
    icce_core::OPERATIONS
        .iter()
        .map(|op| {
            let post = &doc["paths"][format!("/v1/{}", op.name)]["post"];
            let input = &post["requestBody"]["content"]["application/json"]["schema"];
            let answer = &post["responses"]["200"]["content"]["application/json"]["schema"];
            assert!(input.is_object() && answer.is_object(), "{}: no request or 200 schema", op.name);
            (op.name.to_owned(), OpSchemas { input: validator(doc, input), answer: validator(doc, answer) })
        })
        .collect()
}

#[test]
fn every_vector_answer_and_accepted_input_validates_against_the_document() {
    let doc = document();
    let ops = operation_schemas(&doc);
    let unusable = validator(&doc, &json!({ "$ref": "#/components/schemas/UnusableAnswer" }));
    let vectors = icce_parity::vectors();
    assert!(vectors.len() >= 100, "only {} vectors", vectors.len());
    let mut failures = Vec::new();
    let (mut answers, mut inputs) = (0, 0);
    for v in &vectors {
        let name = format!("{}/{}", v.operation, v.file_name());
        let text = std::fs::read_to_string(&v.input).unwrap_or_else(|_| String::from_utf8_lossy(&std::fs::read(&v.input).unwrap()).into_owned());
        let answer = parse(&icce_core::call_json(&v.operation, &text));
        let op = &ops[&v.operation];
        let (own, other) = if answer["outcome"] == "unusable" { (&unusable, &op.answer) } else { (&op.answer, &unusable) };
        let why = errors(own, &answer);
        if !why.is_empty() {
            failures.push(format!("{name}: the answer does not validate: {}", why.join("; ")));
        }
        if other.is_valid(&answer) {
            failures.push(format!("{name}: the answer validates against both the operation's answer and UnusableAnswer"));
        }
        answers += 1;
        if answer["outcome"] != "unusable" && v.operation != "listRules" {
            let input: Value = serde_json::from_str(without_bom(&text)).unwrap_or_else(|e| panic!("{name}: accepted but not JSON? {e}"));
            let why = errors(&op.input, &input);
            if !why.is_empty() {
                failures.push(format!("{name}: an accepted input does not validate: {}", why.join("; ")));
            }
            inputs += 1;
        }
    }
    println!("contract: {answers} answers and {inputs} accepted inputs validated");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_example_in_the_document_validates_against_its_schema() {
    let doc = document();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let mut media: Vec<(String, &Value)> = Vec::new();
            if let Some(content) = operation["requestBody"]["content"].as_object() {
                media.extend(content.iter().map(|(m, c)| (format!("request {m}"), c)));
            }
            for (status, response) in operation["responses"].as_object().unwrap() {
                if let Some(content) = response["content"].as_object() {
                    media.extend(content.iter().map(|(m, c)| (format!("{status} {m}"), c)));
                }
            }
            for (what, content) in media {
                let Some(example) = content.get("example") else { continue };
                let why = errors(&validator(&doc, &content["schema"]), example);
                if !why.is_empty() {
                    failures.push(format!("{method} {path} {what}: {}", why.join("; ")));
                }
                checked += 1;
            }
        }
    }
    // Every operation has a request example and an answer example.
    assert!(checked >= 2 * icce_core::OPERATIONS.len(), "only {checked} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The answer schemas are discriminated unions on `outcome`: an answer's `outcome` is exactly
/// what its kind can say, which is what lets a TypeScript caller narrow on it.
#[test]
fn outcomes_are_narrow() {
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["UnusableAnswer"]["properties"]["outcome"]["const"], "unusable");
    assert_eq!(schemas["CheckOutcome"]["enum"], json!(["ready", "incomplete", "invalid"]));
    for name in ["ListRulesAnswer", "ShowRulesAnswer"] {
        assert_eq!(schemas[name]["properties"]["outcome"]["const"], "ok", "{name}");
    }
    for name in ["RequestOutAnswer", "RequestInAnswer", "NotificationsOutAnswer", "NotificationInAnswer", "ProfileAnswer"] {
        assert_eq!(schemas[name]["properties"]["outcome"]["$ref"], "#/components/schemas/CheckOutcome", "{name}");
    }
    // No `default` keyword anywhere (a generator would make such a member required).
    assert!(!has_default_keyword(&doc["components"]), "a `default` keyword is left");
}

fn has_default_keyword(v: &Value) -> bool {
    fn walk(v: &Value, members: bool) -> bool {
        match v {
            Value::Object(map) => {
                (!members && map.contains_key("default"))
                    || map.iter().any(|(k, x)| walk(x, !members && (k == "properties" || k == "schemas")))
            }
            Value::Array(items) => items.iter().any(|x| walk(x, false)),
            _ => false,
        }
    }
    walk(v, false)
}
