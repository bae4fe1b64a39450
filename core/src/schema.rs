//! The OpenAPI 3.1 document of the JSON contract, generated from the Rust types (feature
//! `schema`, never compiled into the module). `host/openapi.json` is its checked-in output, which
//! the host embeds and serves; `core/tests/openapi.rs` fails when the two drift apart, and
//! `tests/tests/contract.rs` validates every vector's input and answer against it.
//!
//! Regenerate: `cargo run -q -p icce-core --features schema --example openapi > host/openapi.json`
//! (or `BLESS=1 cargo test -p icce-core --features schema --test openapi`).
//!
//! What the document promises, beyond what the types alone say:
//!
//! - **Inputs are described as they are read, answers as they are written** (schemars'
//!   deserialize and serialize contracts): a member an answer leaves out when empty is optional,
//!   one it always writes (`null` included) is required.
//! - **Answers are discriminated on `outcome`**: a check's answer has `ready`, `incomplete` or
//!   `invalid` (`CheckOutcome`), the rule book's `ok`, and the unusable answer exactly
//!   `unusable`; a typed answer's `operation` is its operation's name. So `answer.outcome !==
//!   'unusable'` narrows a caller's type to the operation's own answer.
//! - **No `default` keyword**: a default is said in the description instead, so that code
//!   generators (openapi-typescript's `defaultNonNullable`) keep such members optional.
//! - **Every route and status the server answers**, with the problem documents of RFC 9457, and
//!   an example of every request body with its real answer (computed here, by the core).

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::api::*;

/// One operation: its name, summary, and the schemas of its input and answer.
struct Op {
    name: &'static str,
    summary: &'static str,
    input: Value,
    answer: Value,
    example: &'static str,
}

macro_rules! operations {
    ($( $name:ident $json:ident: $function:ident($input:ident) -> $answer:ident $(<$lt:lifetime>)?, $summary:literal; )*) => {
        fn operations(inputs: &mut SchemaGenerator, answers: &mut SchemaGenerator) -> Vec<Op> {
            vec![$( Op {
                name: stringify!($name),
                summary: $summary,
                input: inputs.subschema_for::<$input>().to_value(),
                answer: answers.subschema_for::<$answer>().to_value(),
                // Every operation has an example body, `core/openapi-examples/<operation>.json`;
                // its answer is computed.
                example: include_str!(concat!("../openapi-examples/", stringify!($name), ".json")),
            }, )*]
        }
    };
}

crate::for_each_operation!(operations);

const SCHEMAS: &str = "#/components/schemas/";

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("{SCHEMAS}{name}") })
}

/// The component name a `$ref` schema points at.
fn ref_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix(SCHEMAS)
}

fn generator(serialize: bool) -> SchemaGenerator {
    let settings = SchemaSettings::draft2020_12().with(|s| s.definitions_path = "/components/schemas".into());
    if serialize { settings.for_serialize() } else { settings.for_deserialize() }.into_generator()
}

pub fn openapi() -> Value {
    let mut inputs = generator(false);
    let mut answers = generator(true);
    let unusable = answers.subschema_for::<UnusableAnswer>().to_value();
    let ops = operations(&mut inputs, &mut answers);
    let entry = inputs.subschema_for::<crate::stats::LogEntry>().to_value();
    let mut schemas = inputs.take_definitions(true);
    let mut answer_schemas = answers.take_definitions(true);
    // Two schemas under one name: two types of one name (an input's `Offence` and a message's),
    // or one type read and written differently. The answer's is renamed, and so are its refs.
    let clashes: Vec<String> =
        answer_schemas.iter().filter(|(name, schema)| schemas.get(*name).is_some_and(|s| s != *schema)).map(|(name, _)| name.clone()).collect();
    let renamed = |name: &str| format!("{name}2");
    let mut ops = ops;
    for name in &clashes {
        let (from, to) = (format!("{SCHEMAS}{name}"), format!("{SCHEMAS}{}", renamed(name)));
        for schema in answer_schemas.values_mut().chain(ops.iter_mut().map(|o| &mut o.answer)) {
            rename_refs(schema, &from, &to);
        }
        if let Some(schema) = answer_schemas.remove(name) {
            answer_schemas.insert(renamed(name), schema);
        }
    }
    for (name, schema) in answer_schemas {
        schemas.entry(name).or_insert(schema);
    }
    without_defaults(&mut schemas);
    narrow_answers(&mut schemas, &ops);
    schemas.insert("Problem".to_owned(), problem_schema());
    schemas.insert(
        "UnusableProblem".to_owned(),
        json!({
            "description": "An unusable answer as an RFC 9457 problem: the problem's members, then the answer's own (`operation`, `outcome: \"unusable\"`, `rulebook`, `diagnostics`, `diagnosticsDropped`)",
            "allOf": [schema_ref("Problem"), unusable.clone()]
        }),
    );

    let mut paths = Map::new();
    for op in &ops {
        let answer_example: Value = serde_json::from_str(&crate::api::call_json(op.name, op.example)).unwrap_or(Value::Null);
        let input_example: Value = serde_json::from_str(op.example).unwrap_or(Value::Null);
        let input = if op.name == "listRules" {
            // Any JSON is read (and ignored); a missing body is refused before the module.
            json!({ "description": "ignored; send `{}`" })
        } else {
            op.input.clone()
        };
        let mut responses = Map::new();
        responses.insert(
            "200".to_owned(),
            json!({
                "description": "The module's answer: any outcome but `unusable`",
                "headers": module_headers(),
                "content": { "application/json": { "schema": op.answer, "example": answer_example } }
            }),
        );
        responses.insert(
            "422".to_owned(),
            json!({
                "description": "The module could not use the input (`outcome: \"unusable\"`: not JSON, the wrong shape, XML that is not ECRIS, a carried profile that does not add up), or it needs more memory than a call may use (`HOST-002`): the unusable answer as a problem",
                "headers": module_headers(),
                "content": { "application/problem+json": { "schema": schema_ref("UnusableProblem") } }
            }),
        );
        refusals(&mut responses, "application/json");
        paths.insert(
            format!("/v1/{}", op.name),
            json!({
                "post": {
                    "operationId": op.name,
                    "summary": op.summary,
                    "requestBody": {
                        "required": true,
                        "description": "The operation's input as JSON (`Content-Type: application/json`); at most 1 MiB",
                        "content": { "application/json": { "schema": input, "example": input_example } }
                    },
                    "responses": responses
                }
            }),
        );
    }
    paths.insert("/stats/chart.svg".to_owned(), chart_path(entry));
    for (path, id, summary, media, example) in [
        ("/livez", "livez", "Liveness: the process answers", "text/plain", "ok\n"),
        ("/readyz", "readyz", "Readiness: the module is loaded and calls are served", "text/plain", "ready\n"),
        ("/metrics", "metrics", "Prometheus metrics (text format 0.0.4): calls by operation and outcome, latency, refusals by reason; labels never carry request data", "text/plain", "# HELP icce_module_info The module being served and its rule book.\n"),
    ] {
        paths.insert(
            path.to_owned(),
            json!({ "get": {
                "operationId": id,
                "summary": summary,
                "responses": { "200": { "description": summary, "headers": module_headers(), "content": { media: { "schema": { "type": "string" }, "example": example } } } }
            } }),
        );
    }
    paths.insert(
        "/openapi.json".to_owned(),
        json!({ "get": {
            "operationId": "openapi",
            "summary": "This document",
            "responses": { "200": { "description": "The OpenAPI 3.1 document of the service", "headers": module_headers(), "content": { "application/json": { "schema": { "type": "object" } } } } }
        } }),
    );

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "icce",
            "version": crate::VERSION,
            "description": concat!(
                "International criminal conviction exchange, as rules: the JSON contract of icce-core, served by `icce serve`. ",
                "Every answer names its operation, outcome, rule book (version and hash) and diagnostics.\n\n",
                "Bodies are JSON (`application/json`; the chart takes JSON Lines, `application/jsonl`); any other content type is refused with 415 before the body is read, and a missing body with 400. ",
                "Every refusal is an RFC 9457 problem (`application/problem+json`). ",
                "A path that names nothing is a 404 problem (an operation icce does not have gets the list of operations in `help`), and a method a path does not take a 405 problem with `Allow`. ",
                "Cross-origin calls are refused unless the server was started with `--cors-allow-origin ORIGIN` (preflight answered; the `x-icce-*` headers exposed)."
            ),
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" }
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

fn rename_refs(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::Object(map) => {
            if map.get("$ref").and_then(Value::as_str) == Some(from) {
                map.insert("$ref".to_owned(), Value::String(to.to_owned()));
            }
            map.values_mut().for_each(|v| rename_refs(v, from, to));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, from, to)),
        _ => {}
    }
}

/// The headers every response of the service carries.
fn module_headers() -> Value {
    json!({
        "x-icce-module-sha256": { "schema": { "type": "string", "pattern": "^[0-9a-f]{64}$" }, "description": "SHA-256 of the WebAssembly module that answered" },
        "x-icce-rulebook-hash": { "schema": { "type": "string" }, "description": "Content hash of the rule book" }
    })
}

/// The refusals of a request that carries a body, made before (or instead of) the module's answer.
fn refusals(responses: &mut Map<String, Value>, media: &str) {
    let problem = |description: String| {
        json!({ "description": description, "headers": module_headers(), "content": { "application/problem+json": { "schema": schema_ref("Problem") } } })
    };
    responses.insert("400".to_owned(), problem("The body is missing (empty), or it could not be read (broken HTTP framing)".to_owned()));
    responses.insert("405".to_owned(), problem("The path takes only POST (and, with CORS on, its preflight): the `Allow` header lists them".to_owned()));
    responses.insert("408".to_owned(), problem("The body did not arrive within `--read-timeout-ms`".to_owned()));
    responses.insert("413".to_owned(), problem("The body is larger than 1 MiB".to_owned()));
    responses.insert("415".to_owned(), problem(format!("The body is not `{media}` (by its `Content-Type`)")));
    responses.insert("500".to_owned(), problem("A fault in icce, not in the input (`HOST-001` module trap, `HOST-004` an answer that is not UTF-8): the unusable answer's members follow the problem's".to_owned()));
    let mut busy = problem("The call ran out of time (`HOST-003`), the server is busy (every instance in use and the queue full, or no instance within `--queue-timeout-ms`: `Retry-After: 1`), or it is shutting down".to_owned());
    if let Some(headers) = busy.get_mut("headers").and_then(Value::as_object_mut) {
        headers.insert(
            "retry-after".to_owned(),
            json!({ "schema": { "type": "string" }, "description": "Seconds to wait before trying again, when the server is busy" }),
        );
    }
    responses.insert("503".to_owned(), busy);
}

/// RFC 9457 problem details as the service writes them.
fn problem_schema() -> Value {
    json!({
        "description": "RFC 9457 problem details. A problem for an unusable answer carries the answer's members after these (`UnusableProblem`)",
        "type": "object",
        "properties": {
            "type": { "type": "string", "description": "Always `about:blank`: the status says what happened" },
            "title": { "type": "string", "description": "The status's reason phrase" },
            "status": { "type": "integer", "minimum": 400, "maximum": 599 },
            "detail": { "type": "string", "description": "What happened, for a person" },
            "help": { "description": "For an unknown operation: the operations there are", "type": "string" }
        },
        "required": ["type", "title", "status", "detail"]
    })
}

/// `POST /stats/chart.svg`: the same log as `quarterlyProfile` reads, one entry per line,
/// profiled by the module (in chunks, with `profileSoFar`) and drawn by the host.
fn chart_path(entry: Value) -> Value {
    let mut responses = Map::new();
    responses.insert(
        "200".to_owned(),
        json!({
            "description": "The chart. Entries left out (any not counted) are said in the headers; the chart shows what was counted",
            "headers": {
                "x-icce-profile-outcome": { "schema": { "type": "string", "enum": ["ready", "invalid"] }, "description": "`invalid` when entries were left out" },
                "x-icce-entries-left-out": { "schema": { "type": "integer", "minimum": 0 }, "description": "Lines and entries left out" },
                "x-icce-module-sha256": { "schema": { "type": "string", "pattern": "^[0-9a-f]{64}$" }, "description": "SHA-256 of the WebAssembly module that counted" },
                "x-icce-rulebook-hash": { "schema": { "type": "string" }, "description": "Content hash of the rule book" }
            },
            "content": { "image/svg+xml": { "schema": { "type": "string" } } }
        }),
    );
    responses.insert(
        "422".to_owned(),
        json!({
            "description": "The log could not be profiled (more rows than a profile keeps, `STA-001`): the unusable answer as a problem",
            "headers": module_headers(),
            "content": { "application/problem+json": { "schema": schema_ref("UnusableProblem") } }
        }),
    );
    refusals(&mut responses, "application/jsonl");
    json!({
        "post": {
            "operationId": "statsChartSvg",
            "summary": "The quarterly profile of a JSON Lines log of exchanged messages, as an SVG chart (stacked bars per quarter, by process): byte for byte what `icce stats --format svg` prints. Logs larger than one module call are profiled in chunks",
            "requestBody": {
                "required": true,
                "description": "JSON Lines (`Content-Type: application/jsonl`, also `application/x-ndjson`): one log entry per line, each a `LogEntry` (`x-icce-line-schema`). Blank lines are skipped; a line that is not a JSON object is left out and counted. At most 1 MiB",
                "content": { "application/jsonl": {
                    "schema": { "type": "string", "minLength": 1, "x-icce-line-schema": entry },
                    "example": include_str!("../openapi-examples/stats-chart.jsonl")
                } }
            },
            "responses": responses
        }
    })
}

/// Drop every `default` keyword, saying the default in the description instead (see the module
/// doc: a generator that reads `default` as "always present" would make such members required).
fn without_defaults(schemas: &mut Map<String, Value>) {
    /// `properties` holds members by name (a member may be called `default`); anything else
    /// holding objects is a schema or a list of schemas.
    fn walk(v: &mut Value, members: bool) {
        match v {
            Value::Object(map) => {
                if !members && let Some(default) = map.remove("default") {
                    let said = match &default {
                        Value::Null => None,
                        Value::Array(a) if a.is_empty() => Some("an empty list".to_owned()),
                        Value::Object(o) if o.is_empty() => Some("an empty object".to_owned()),
                        other => Some(format!("`{other}`")),
                    };
                    if let Some(said) = said {
                        let text = match map.get("description").and_then(Value::as_str) {
                            Some(d) => format!("{d}\n\nDefault: {said}."),
                            None => format!("Default: {said}."),
                        };
                        map.insert("description".to_owned(), Value::String(text));
                    }
                }
                for (key, value) in map.iter_mut() {
                    walk(value, !members && (key == "properties" || key == "$defs"));
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, false)),
            _ => {}
        }
    }
    schemas.values_mut().for_each(|s| walk(s, false));
}

/// Each answer's `outcome` (and `operation`) as narrow as the answer is: see the module doc.
fn narrow_answers(schemas: &mut Map<String, Value>, ops: &[Op]) {
    schemas.insert(
        "CheckOutcome".to_owned(),
        json!({
            "description": "The verdict of a check: `ready` (every destination can be asked now), `incomplete` (data a destination needs is missing), `invalid` (data is wrong and must be corrected). The worst kind among the diagnostics decides",
            "type": "string",
            "enum": ["ready", "incomplete", "invalid"]
        }),
    );
    fn set(schemas: &mut Map<String, Value>, name: &str, member: &str, schema: Value) {
        if let Some(props) = schemas.get_mut(name).and_then(|s| s.get_mut("properties")).and_then(Value::as_object_mut) {
            props.insert(member.to_owned(), schema);
        }
    }
    set(schemas, "UnusableAnswer", "outcome", json!({ "description": "The input could not be used at all", "type": "string", "const": "unusable" }));
    set(schemas, "UnusableAnswer", "operation", json!({ "description": "The operation named, as given (cut to 64 characters)", "type": "string" }));
    for op in ops {
        let Some(name) = ref_name(&op.answer).map(str::to_owned) else { continue };
        let is_check = schemas.get(&name).and_then(|s| s.pointer("/properties/diagnostics")).is_some();
        let outcome = if is_check {
            schema_ref("CheckOutcome")
        } else {
            json!({ "description": "Not a verdict on an input: the rule book as it is", "type": "string", "const": "ok" })
        };
        set(schemas, &name, "outcome", outcome);
        set(schemas, &name, "operation", json!({ "type": "string", "const": op.name }));
    }
}
