//! The native baseline for per-call times: the same entry the C ABI uses (`call_bytes`), compiled
//! for this machine instead of wasm. Compare with `cargo run --release -p icce-host --example
//! percall` (wasmtime) on the same sample.
//!
//! ```text
//! cargo run --release -p icce-wasm --example native_percall [SAMPLE] [CALLS]
//! ```

use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let sample = args.next().unwrap_or_else(|| "samples/request-ready.json".to_owned());
    let calls: u32 = args.next().map(|n| n.parse()).transpose()?.unwrap_or(2000);
    let input = std::fs::read(&sample)?;
    for (op, input) in [("validateRequestOut", input.as_slice()), ("listRules", b"{}".as_slice())] {
        let mut times = Vec::with_capacity(calls as usize);
        let mut bytes = 0;
        for _ in 0..calls {
            let t = Instant::now();
            bytes = icce_wasm::call_bytes(op.as_bytes(), input).len();
            times.push(t.elapsed());
        }
        times.sort();
        let mean = times.iter().sum::<Duration>() / calls.max(1);
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        println!("native {op}: {calls} calls: mean {mean:?}, median {median:?} ({bytes} bytes out)");
    }
    Ok(())
}
