//! The OpenAPI 3.1 document of the JSON contract, generated from the Rust types (feature
//! `schema`, never compiled into the module). `host/openapi.json` is its checked-in output, which
//! the host embeds and serves; `core/tests/openapi.rs` fails when the two drift apart.
//!
//! Regenerate: `cargo run -q -p icce-core --features schema --example openapi > host/openapi.json`
//! (or `BLESS=1 cargo test -p icce-core --features schema --test openapi`).

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::api::*;

/// One operation: its name, summary, and the schemas of its input and answer.
struct Op {
    name: &'static str,
    summary: &'static str,
    input: Value,
    answer: Value,
}

macro_rules! operations {
    ($( $name:ident $json:ident: $function:ident($input:ident) -> $answer:ident, $summary:literal; )*) => {
        fn operations(generator: &mut schemars::SchemaGenerator) -> Vec<Op> {
            vec![$( Op {
                name: stringify!($name),
                summary: $summary,
                input: generator.subschema_for::<$input>().to_value(),
                answer: generator.subschema_for::<$answer>().to_value(),
            }, )*]
        }
    };
}

crate::for_each_operation!(operations);

pub fn openapi() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    let unusable = generator.subschema_for::<UnusableAnswer>().to_value();
    let ops = operations(&mut generator);
    let mut paths = serde_json::Map::new();
    for op in ops {
        let body = op.input;
        paths.insert(
            format!("/v1/{}", op.name),
            json!({
                "post": {
                    "operationId": op.name,
                    "summary": op.summary,
                    "requestBody": { "required": true, "content": { "application/json": { "schema": body } } },
                    "responses": {
                        "200": {
                            "description": "The answer (any outcome but unusable)",
                            "headers": {
                                "x-icce-module-sha256": { "schema": { "type": "string" }, "description": "SHA-256 of the WebAssembly module that answered" },
                                "x-icce-rulebook-hash": { "schema": { "type": "string" }, "description": "Content hash of the rule book" }
                            },
                            "content": { "application/json": { "schema": op.answer } }
                        },
                        "422": {
                            "description": "The input could not be used: RFC 9457 problem details carrying the unusable answer's diagnostics",
                            "content": { "application/problem+json": { "schema": { "type": "object" } }, "application/json": { "schema": unusable.clone() } }
                        },
                        "413": { "description": "The body is larger than the service accepts", "content": { "application/problem+json": { "schema": { "type": "object" } } } }
                    }
                }
            }),
        );
    }
    // The host's chart of the quarterly profile: the same log as `quarterlyProfile` reads, one
    // entry per line, profiled by the module (in chunks, with `profileSoFar`) and drawn by the host.
    let entry = generator.subschema_for::<crate::stats::LogEntry>().to_value();
    paths.insert(
        "/stats/chart.svg".to_owned(),
        json!({
            "post": {
                "operationId": "statsChartSvg",
                "summary": "The quarterly profile of a JSON Lines log of exchanged messages, as an SVG chart (stacked bars per quarter, by process): byte for byte what `icce stats --format svg` prints. Logs larger than one module call are profiled in chunks",
                "requestBody": {
                    "required": true,
                    "description": "JSON Lines: one log entry per line (`LogEntry`). Blank lines are skipped; a line that is not a JSON object is left out and counted",
                    "content": { "application/jsonl": { "schema": { "type": "string" }, "x-icce-line-schema": entry } }
                },
                "responses": {
                    "200": {
                        "description": "The chart. Entries left out (any not counted) are said in the headers; the chart shows what was counted",
                        "headers": {
                            "x-icce-profile-outcome": { "schema": { "type": "string", "enum": ["ready", "invalid"] }, "description": "`invalid` when entries were left out" },
                            "x-icce-entries-left-out": { "schema": { "type": "integer", "minimum": 0 }, "description": "Lines and entries left out" },
                            "x-icce-module-sha256": { "schema": { "type": "string" }, "description": "SHA-256 of the WebAssembly module that counted" }
                        },
                        "content": { "image/svg+xml": { "schema": { "type": "string" } } }
                    },
                    "422": {
                        "description": "The log could not be profiled: RFC 9457 problem details carrying the unusable answer's diagnostics",
                        "content": { "application/problem+json": { "schema": { "type": "object" } } }
                    },
                    "413": { "description": "The body is larger than the service accepts", "content": { "application/problem+json": { "schema": { "type": "object" } } } }
                }
            }
        }),
    );
    let schemas: serde_json::Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "icce",
            "version": crate::VERSION,
            "description": "International criminal conviction exchange, as rules: the JSON contract of icce-core, served by `icce serve`. Every answer names its operation, outcome, rule book (version and hash) and diagnostics.",
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": { "schemas": schemas },
    })
}
