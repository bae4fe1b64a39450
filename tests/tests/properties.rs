//! Property-based parity: generated requests (and generated text that is not a request at all)
//! through native icce-core, the wasmtime host and node give byte-identical answers.
//!
//! Two generators. One takes every vector input (requests out and in, notifications out and in,
//! rule-book questions) and replaces or removes up to four of its values. The other builds
//! `validateRequestOut` inputs from pools of realistic and hostile values
//! (names in many scripts, control and bidi characters, emoji, real and impossible dates, known
//! and unknown country codes, valid and broken identifiers), leaves optional fields out at random,
//! adds unknown fields and wrong types now and then, and sometimes mangles the JSON text itself;
//! `showRules` gets generated country codes.
//!
//! Cases: 64 by default; `ICCE_PROPTEST_CASES=10000` for the long run. Every generated input is
//! also sent to node (one process for the whole run) and compared there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::sync::{Mutex, OnceLock};

use icce_parity::{module_path, node, vectors, without_bom};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value, json};

fn runtime() -> &'static icce_host::Runtime {
    static RT: OnceLock<icce_host::Runtime> = OnceLock::new();
    RT.get_or_init(|| icce_host::Runtime::load(module_path()).expect("the host loads the module"))
}

fn cases() -> u32 {
    std::env::var("ICCE_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

// ---- value pools ----

const NAMES: &[&str] = &[
    "Ionela Maria", "Testescu", "Jan", "Kowalski", "Łukasz", "Żółć", "Иван", "Петров", "Γιώργος", "Παπαδόπουλος",
    "محمد", "علي", "王", "小明", "김민준", "さくら", "José", "García", "O'Brien", "Anne-Marie", "van der Berg",
    "Nguyễn", "Şahin", "Øystein", "Ḱ", "Te\u{301}st", "", "   ", "A", "T\u{435}st", "I\u{3bf}nela", "Min\u{c900}",
    "Test\u{202e}escu", "\u{2066}Ana\u{2069}", "Ana\u{0}", "Ana\u{1b}", "Ana\n", "Ana\t", "Ana \u{1F600}",
    "\u{1F468}\u{200d}\u{1F469}", "<b>Ana</b>", "Ana\u{feff}", "\u{200b}", "Ana\u{e000}", "R2D2", "Ana\u{ffff}",
    "Ana\u{2028}", "Ｔｅｓｔ", "\u{5c}", "\"quoted\"",
];

const DATES: &[&str] = &[
    "1991-03-14", "1991-03", "1991", "2000-02-29", "2023-02-29", "0000-00-00", "9999-12-31", "1900-01-01",
    "1850-06-01", "2020-13-01", "2020-00-10", "2020-04-31", "1991-3-14", "+1991", "１９９１", "", "26-11-2026",
    "2026-11-28", "2026-11-29", "2016-05-05", "1991-03-14T00:00:00Z", "0001-01-01",
];

const COUNTRIES: &[&str] = &[
    "RO", "PL", "LT", "DE", "FR", "ES", "IT", "GB", "IE", "US", "JM", "CH", "AL", "BG", "GR", "TR", "UA", "IN", "PK",
    "NG", "XK", "YU", "CS", "SU", "DD", "YUCS", "SUHH", "CSHH", "CSXX", "DDDE", "ZZ", "ro", " RO", "R", "ROU", "642",
    "", "R\u{41e}", "default",
];

const TODAY: &[&str] = &["2026-11-28", "2026-01-01", "2000-02-29", "9999-12-31", "0000-00-00", "2026-11-28T00:00:00Z", ""];

const PNC: &[&str] = &["2019/0123456E", "19/0123456E", "2019/0123456F", "2019/123456E", "１９/0123456E", "", "x"];
const CRO: &[&str] = &["123456/09A", "SF09/123456A", "123456/09B", "12/3", ""];
const ASN: &[&str] = &["2644010000000012345D", "2644010000000012345A", "26XX010000000012345D", "1", ""];
const FORCES: &[&str] = &["44", "01", "99", "4", "AA", ""];
const EMAILS: &[&str] = &["pc.example@hampshire.example.police.uk", "a@b.c", "no-at-sign", "a@b", "a@@b.c", "a b@c.d", "pc\u{0}@x.uk", ""];
const OFFENCES: &[&str] = &["0401 00", "1604 00", "9999 99", "04010", "", "0100 00"];
const DOCS: &[&str] = &["passport", "national-identity-card", "driving-licence", "unknown-doc", ""];

fn pick(pool: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop::sample::select(pool).prop_map(|s| Value::String(s.to_owned()))
}

/// A string from the pool, or (1 time in 8) any short string at all.
fn text(pool: &'static [&'static str]) -> BoxedStrategy<Value> {
    prop_oneof![7 => pick(pool), 1 => any::<String>().prop_map(Value::String)].boxed()
}

/// Present with the strategy's value, or absent (`None`), or (rarely) a value of the wrong type.
fn field(s: BoxedStrategy<Value>) -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        200 => s.prop_map(Some),
        60 => Just(None),
        1 => wrong_type().prop_map(Some),
    ]
    .boxed()
}

fn wrong_type() -> BoxedStrategy<Value> {
    prop_oneof![Just(json!(42)), Just(json!(true)), Just(json!(null)), Just(json!([])), Just(json!({}))].boxed()
}

fn object(fields: Vec<(&'static str, Option<Value>)>) -> Value {
    let mut m = Map::new();
    for (k, v) in fields {
        if let Some(v) = v {
            m.insert(k.to_owned(), v);
        }
    }
    Value::Object(m)
}

fn names() -> BoxedStrategy<Value> {
    (field(text(NAMES)), field(text(NAMES)))
        .prop_map(|(f, s)| object(vec![("forename", f), ("surname", s)]))
        .boxed()
}

fn list(s: BoxedStrategy<Value>, max: usize) -> BoxedStrategy<Value> {
    prop::collection::vec(s, 0..=max).prop_map(Value::Array).boxed()
}

fn person() -> BoxedStrategy<Value> {
    (
        (field(text(NAMES)), field(text(NAMES)), field(text(NAMES)), field(text(NAMES))),
        (field(list(names(), 3)), field(list(names(), 3)), field(names()), field(names())),
        (field(pick(&["male", "female", "notKnown", "notSpecified", "male", "female", "x"]).boxed()), field(text(DATES))),
        (
            field((field(text(NAMES)), field(text(COUNTRIES))).prop_map(|(t, c)| object(vec![("town", t), ("country", c)])).boxed()),
            field(list(text(COUNTRIES), 4)),
            field(text(&["85031412345", "X0000001", ""])),
            field(list(
                (field(text(DOCS)), field(text(&["X0000001", ""])), field(text(COUNTRIES)))
                    .prop_map(|(c, n, i)| object(vec![("category", c), ("number", n), ("issuingCountry", i)]))
                    .boxed(),
                2,
            )),
        ),
    )
        .prop_map(|((fore, sur, second, full), (former, aliases, father, mother), (sex, dob), (pob, nats, idn, docs))| {
            object(vec![
                ("forename", fore),
                ("surname", sur),
                ("secondSurname", second),
                ("fullName", full),
                ("formerNames", former),
                ("aliases", aliases),
                ("father", father),
                ("mother", mother),
                ("sex", sex),
                ("dateOfBirth", dob),
                ("placeOfBirth", pob),
                ("nationalities", nats),
                ("identityNumber", idn),
                ("identityDocuments", docs),
            ])
        })
        .boxed()
}

fn route() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json!({"kind": "automatedCustody"})),
        Just(json!({"kind": "form", "reason": "ukNational"})),
        Just(json!({"kind": "form", "reason": "notArrested", "proceedings": "Summons for fraud"})),
        Just(json!({"kind": "form", "reason": "notArrested"})),
    ]
    .boxed()
}

fn purpose() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json!({"kind": "criminalProceedings", "details": "Charged with burglary"})),
        Just(json!({"kind": "criminalProceedings"})),
        Just(json!({"kind": "other", "description": "Employment vetting"})),
        Just(json!({"kind": "other"})),
    ]
    .boxed()
}

fn request() -> BoxedStrategy<Value> {
    let context = (text(TODAY), field(text(&["2026-11-28T09:30:00Z", "2026-11-27T09:30:00Z", "x"])), prop_oneof![
        20 => Just(json!(1042)),
        5 => Just(json!(0)),
        5 => Just(json!(999_999_999_999_999u64)),
        2 => Just(json!(1_000_000_000_000_000u64)),
        2 => Just(json!(u64::MAX)),
        1 => Just(json!(-1)),
        1 => Just(json!(1.5)),
    ])
        .prop_map(|(today, ts, seq)| {
            object(vec![
                ("today", Some(today)),
                ("timestamp", ts),
                ("messageSequence", Some(seq)),
                ("sendingAuthority", Some(json!({"name": "ACRO Criminal Records Office (UK Central Authority)", "email": "uk-central-authority@acro.example.police.uk"}))),
            ])
        });
    let details = (
        (field(route()), field(purpose()), field(text(&["HC-2026-004417", "", "x"])), field(Just(json!(false)).boxed())),
        (
            field(pick(&["yes", "no", "unknown"]).boxed()),
            field((field(text(NAMES)), field(text(EMAILS))).prop_map(|(n, e)| object(vec![("name", n), ("email", e)])).boxed()),
            field(list(text(COUNTRIES), 3)),
            field(list(
                (field(text(OFFENCES)), field(text(&["Burglary of a dwelling", "", "<x>"])))
                    .prop_map(|(c, d)| object(vec![("category", c), ("description", d)]))
                    .boxed(),
                3,
            )),
            field(text(&["Urgent: bail hearing tomorrow", "line one\nline two", "\u{202e}", ""])),
        ),
    )
        .prop_map(|((route, purpose, case, urgent), (consent, officer, dests, offences, remarks))| {
            object(vec![
                ("route", route),
                ("purpose", purpose),
                ("caseReference", case),
                ("urgent", urgent),
                ("consent", consent),
                ("officer", officer),
                ("destinations", dests),
                ("offences", offences),
                ("remarks", remarks),
            ])
        });
    let uk = (field(text(PNC)), field(text(CRO)), field(text(ASN)), field(text(FORCES)), field(text(&["44HQ/0123/26", ""])), field(text(DATES)))
        .prop_map(|(p, c, a, f, cr, ad)| {
            object(vec![("pncId", p), ("croNumber", c), ("asn", a), ("forceCode", f), ("custodyRecord", cr), ("arrestDate", ad)])
        });
    (context, details, person(), field(uk.boxed()), prop::option::weighted(0.05, "[a-zA-Z]{1,12}"))
        .prop_map(|(context, request, person, uk, unknown)| {
            let mut v = object(vec![("context", Some(context)), ("request", Some(request)), ("person", Some(person)), ("uk", uk)]);
            if let Some(k) = unknown {
                v[k.as_str()] = json!("unexpected");
            }
            v
        })
        .boxed()
}

/// A generated call: an operation and the text sent.
#[derive(Clone, Debug)]
struct Call {
    op: String,
    input: String,
}

/// How a request's JSON text may be damaged on the way.
fn mangle(text: String, how: u8, at: usize) -> String {
    let cut = |s: &str, i: usize| {
        let mut i = i % (s.len() + 1);
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match how {
        0 => {
            let i = cut(&text, at);
            text[..i].to_owned()
        }
        1 => format!("\u{feff}{text}"),
        2 => {
            let i = cut(&text, at);
            format!("{}{}{}", &text[..i], ["\u{0}", "}", "\"", ",", "\u{202e}", "\\"][at % 6], &text[i..])
        }
        _ => text,
    }
}

/// Every vector input that is a JSON object, with its operation (its folder's name): realistic
/// requests and messages to mutate, from every folder there is.
fn bases() -> &'static [(String, Value)] {
    static BASES: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    BASES.get_or_init(|| {
        vectors()
            .into_iter()
            .filter_map(|v| {
                let input: Value = serde_json::from_str(without_bom(&std::fs::read_to_string(&v.input).ok()?)).ok()?;
                Some((v.operation, input)).filter(|(_, input)| input.is_object())
            })
            .collect()
    })
}

/// Every leaf of a JSON value, as a JSON Pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| leaves(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out)),
        _ => out.push(at),
    }
}

/// A vector with up to four of its values replaced (from the pools, or by a wrong type) or removed.
fn mutated_vector() -> BoxedStrategy<(String, Value)> {
    let pools: Vec<BoxedStrategy<Value>> = vec![text(NAMES), text(DATES), text(COUNTRIES), text(PNC), text(ASN), text(EMAILS), text(OFFENCES), wrong_type()];
    let change = (any::<prop::sample::Index>(), prop::sample::select((0..=pools.len()).collect::<Vec<_>>()), prop::strategy::Union::new(pools));
    (prop::sample::select(bases().to_vec()), prop::collection::vec(change, 0..=4))
        .prop_map(|((op, mut v), changes)| {
            for (at, kind, value) in changes {
                let mut all = Vec::new();
                leaves(&v, String::new(), &mut all);
                if all.is_empty() {
                    break;
                }
                let pointer = at.get(&all).clone();
                if kind == 0 {
                    // Remove the leaf from its object (or null it in an array).
                    let (parent, key) = pointer.rsplit_once('/').unwrap();
                    match v.pointer_mut(parent) {
                        Some(Value::Object(m)) => {
                            m.remove(&key.replace("~1", "/").replace("~0", "~"));
                        }
                        Some(other) => *other = Value::Null,
                        None => {}
                    }
                } else if let Some(slot) = v.pointer_mut(&pointer) {
                    *slot = value;
                }
            }
            (op, v)
        })
        .boxed()
}

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![
        12 => mutated_vector().prop_map(|(op, v)| Call { op, input: serde_json::to_string(&v).unwrap() }),
        6 => (request(), prop_oneof![8 => Just(9u8), 1 => 0u8..3], any::<usize>())
            .prop_map(|(v, how, at)| Call { op: "validateRequestOut".into(), input: mangle(serde_json::to_string(&v).unwrap(), how, at) }),
        3 => text(COUNTRIES).prop_map(|c| Call { op: "showRules".into(), input: json!({ "country": c }).to_string() }),
        2 => (prop::sample::select(icce_core::OPERATIONS.iter().map(|o| o.name).collect::<Vec<_>>()), any::<String>()).prop_map(|(op, s)| Call { op: op.into(), input: s }),
    ]
}

#[test]
fn generated_requests_are_byte_identical_in_native_wasmtime_and_node() {
    let rt = runtime();
    let seen: Mutex<Vec<(Call, String)>> = Mutex::new(Vec::new());
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let outcomes: Mutex<std::collections::BTreeMap<String, u32>> = Mutex::default();
    runner
        .run(&call(), |c| {
            let native = icce_core::call_json(&c.op, &c.input);
            let wasm = rt.call(&c.op, &c.input).expect("the host answers");
            prop_assert_eq!(&native, &wasm, "native and wasmtime differ for {:?}", c);
            let v: Value = serde_json::from_str(&native).unwrap();
            *outcomes.lock().unwrap().entry(v["outcome"].as_str().unwrap_or("?").to_owned()).or_default() += 1;
            seen.lock().unwrap().push((c, native));
            Ok(())
        })
        .unwrap();
    let seen = seen.into_inner().unwrap();
    let node = node_answers(&seen);
    assert_eq!(node.len(), seen.len(), "node answered {} of {}", node.len(), seen.len());
    let differ: Vec<&Call> = seen.iter().zip(&node).filter(|((_, native), n)| native != *n).map(|((c, _), _)| c).collect();
    println!("properties: {} generated calls x 3 runtimes; outcomes {:?}; node differs on {}", seen.len(), outcomes.lock().unwrap(), differ.len());
    assert!(differ.is_empty(), "node differs from native on {} inputs, first: {:?}", differ.len(), differ.first());
    // The generator reaches every outcome (checked in runs of 1,000 cases or more; 64 random
    // cases may miss the rarest).
    let o = outcomes.into_inner().unwrap();
    if cases() >= 1000 {
        for k in ["unusable", "invalid", "incomplete", "ready", "ok"] {
            assert!(o.contains_key(k), "the generator never produced outcome {k}: {o:?}");
        }
    }
}

/// One node process answers every call (`tests/node/call-lines.mjs`, the string face).
fn node_answers(calls: &[(Call, String)]) -> Vec<String> {
    let lines: String = calls.iter().map(|(c, _)| json!({"op": c.op, "input": c.input}).to_string() + "\n").collect();
    node::run("call-lines.mjs", lines, None).iter().map(|v| v["answer"].as_str().unwrap().to_owned()).collect()
}

/// The answer writer (`icce_core::json`) writes what serde_json writes: for any text (every
/// character, control characters and escapes where they fall), and for every answer to the
/// generated calls above, read back as a tree and written again by both.
#[test]
fn the_answer_writer_writes_serde_json_s_bytes() {
    let config = Config { cases: cases().saturating_mul(16), failure_persistence: None, ..Config::default() };
    let texts = (any::<String>(), prop::collection::vec(prop_oneof![Just('"'), Just('\\'), Just('\n'), Just('\u{1}'), Just('\u{7f}'), Just('é'), Just('a')], 0..40));
    TestRunner::new(config.clone())
        .run(&texts, |(free, picked)| {
            for s in [free, picked.into_iter().collect::<String>()] {
                let ours = icce_core::json::to_string(&s, 0).expect("a string is always written");
                prop_assert_eq!(ours, serde_json::to_string(&s).unwrap());
            }
            Ok(())
        })
        .unwrap();
    TestRunner::new(Config { cases: cases(), ..config })
        .run(&call(), |c| {
            let tree: Value = serde_json::from_str(&icce_core::call_json(&c.op, &c.input)).unwrap();
            prop_assert_eq!(icce_core::json::to_string(&tree, 0).expect("a tree is always written"), serde_json::to_string(&tree).unwrap());
            Ok(())
        })
        .unwrap();
}
