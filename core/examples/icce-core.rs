//! Run one operation of the JSON contract natively: `cargo run -p icce-core --example icce-core --
//! validateRequestOut < samples/request-ready.json`. The `icce` host runs the same contract from
//! the WebAssembly module; this example is for development and for the parity tests' reference.

use std::io::Read as _;

fn main() {
    let operation = std::env::args().nth(1).unwrap_or_else(|| "validateRequestOut".to_owned());
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cannot read standard input: {e}");
        std::process::exit(2);
    }
    println!("{}", icce_core::call_json(&operation, &input));
}
