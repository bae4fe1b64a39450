//! # icce-core
//!
//! The rules of international criminal conviction exchange, and the messages they produce, for
//! the UK's central authority and the police forces that ask it. Four exchange processes, and the
//! statistics over them:
//!
//! - **requests out** ([`requests_out`]): UK police ask other countries for a person's
//!   convictions. icce says whether the request is *ready* to send, *incomplete* (a destination
//!   country needs data that is missing: the officer gets an email) or *invalid* (data that is
//!   wrong), and builds one ECRIS REQ-shaped request per destination country;
//! - **requests in** ([`requests_in`]): a member state asks the UK (EUFRA 2020 s.5): the checks,
//!   the 20-working-day deadline, and the reply;
//! - **notifications out** ([`notifications_out`]): a UK conviction of an EU national is notified
//!   to each member state of nationality (s.1, Schedule 1), within 28 days;
//! - **notifications in** ([`notifications_in`]): a member state notifies the UK of a UK
//!   national's conviction (s.2): the checks, the acknowledgement and a summary for staff;
//! - **the quarterly profile** ([`stats`]) counts exchanged messages; **the rule book shown**
//!   ([`rules`]) lists what each country asks for, with its sources.
//!
//! This crate is pure: no I/O, no clock, no randomness. Today's date, the message sequence and
//! the sending authority come in the input, so every runtime gives the same bytes. The country
//! rule book (`core/countries/*.toml`) and the code tables (`core/tables/*.tsv`) are compiled in
//! by `build.rs`. The domain notes the code relies on are in `docs/domain/`.
//!
//! ## The house
//!
//! [`api`] is the door: the operation table ([`for_each_operation`]), the typed functions and
//! [`call_json`], the answers and their common head. Below it, the processes above are the
//! **rooms**: each imports floors only, never another room (`core/tests/architecture.rs` holds
//! this). The **floors**, from the ground up:
//!
//! | floor | what it holds |
//! | --- | --- |
//! | [`text`], [`date`] | names and free text in every script; full and partial dates |
//! | [`diag`] | the diagnostic registry, the capped collector, the outcome |
//! | [`json`] | the answer writer: serde_json's bytes, strings escaped a word at a time |
//! | [`rulebook`] | the compiled rule book and code tables |
//! | [`identifiers`] | UK identifiers: PNC ID, CRO number, arrest/summons number |
//! | [`calendar`] | working days and the legal deadlines |
//! | [`decode`], [`strict`], [`model`] | the input decoder, serde with a strict layer (the decoder's oracle, in tests only), and the input model of a request and a person |
//! | [`ecris`] | ECRIS message shapes and XML, identifiers and references, incoming messages read from JSON or XML |
//! | [`check`] | the checks of values every process shares |
//! | [`person`], [`conviction`] | the person and the conviction, checked and in ECRIS form |

// A diagnostic is data that crosses the JSON boundary; boxing it would only move the allocation.
#![allow(clippy::result_large_err)]

/// `schemars::JsonSchema` for a type the JSON contract sees as a string: its schema is
/// `String`'s, so the published document does not change when a field's Rust type does
/// (`model::Text`, `json::JsonText`).
#[cfg(feature = "schema")]
macro_rules! schema_of_a_string {
    ($t:ty) => {
        impl schemars::JsonSchema for $t {
            fn inline_schema() -> bool {
                <String as schemars::JsonSchema>::inline_schema()
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                <String as schemars::JsonSchema>::schema_name()
            }

            fn schema_id() -> std::borrow::Cow<'static, str> {
                <String as schemars::JsonSchema>::schema_id()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <String as schemars::JsonSchema>::json_schema(generator)
            }
        }
    };
}

// The door.
pub mod api;
#[cfg(feature = "schema")]
pub mod schema;

// The rooms: one per process, and the two that show the rule book and count the exchanges.
pub mod notifications_in;
pub mod notifications_out;
pub mod requests_in;
pub mod requests_out;
pub mod rules;
pub mod stats;

// The floors.
pub mod calendar;
pub mod check;
pub mod conviction;
pub mod date;
pub mod decode;
pub mod diag;
pub mod ecris;
pub mod identifiers;
pub mod json;
pub mod model;
pub mod person;
pub mod rulebook;
pub mod strict;
pub mod text;

pub use api::{OPERATIONS, call_json};

/// The tests' generator of inputs: xorshift64 (Marsaglia), the next state from `state`. Seeded by
/// each test, so every run generates the same inputs.
#[cfg(test)]
pub(crate) fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// The crate version, reported by the faces.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
