//! # icce-parity
//!
//! Holds no code: its integration test (`tests/parity.rs`) runs every vector under
//! `tests/vectors/` through the three runtimes and compares the answers byte for byte.
