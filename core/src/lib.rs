//! # icce-core
//!
//! The rules of international criminal conviction exchange, and the messages they produce.
//!
//! A UK custody system, or the request form, hands icce a request for a person's conviction
//! history abroad. icce says whether it is **ready** to send, **incomplete** (a destination country
//! needs data that is missing) or **invalid** (data that is wrong), builds one ECRIS REQ-shaped
//! request per destination country (as JSON, and as ECRIS XML for ECRIS destinations), and writes
//! the email that asks the officer for what is missing.
//!
//! This crate is pure: no I/O, no clock, no randomness. Today's date, the message sequence and
//! the sending authority come in the input, so every runtime gives the same bytes. The country
//! rule book (`core/countries/*.toml`) and the code tables (`core/tables/*.tsv`) are compiled in
//! by `build.rs`. The JSON contract is in [`api`]; everything else serves it.
//!
//! Layout, from the floor up: [`date`], [`text`], [`identifiers`], [`rulebook`], [`diag`] and
//! [`model`] are shared floors; [`ecris`] renders messages and [`ecris_in`] reads incoming ones; [`requests_out`] and [`email`] hold
//! the requests-out process; [`api`] is the door.

// A diagnostic is data that crosses the JSON boundary; boxing it would only move the allocation.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod calendar;
pub mod conviction;
pub mod date;
pub mod diag;
pub mod ecris;
pub mod ecris_in;
pub mod email;
pub mod identifiers;
pub mod model;
pub mod notifications_in;
pub mod notifications_out;
pub mod requests_in;
pub mod requests_out;
pub mod rulebook;
#[cfg(feature = "schema")]
pub mod schema;
pub mod stats;
pub mod strict;
pub mod text;

pub use api::{OPERATIONS, call_json};

/// The crate version, reported by the faces.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
