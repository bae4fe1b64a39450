//! How long one call takes through the host, with a fresh instance per call (as `icce serve`
//! does). Run it in release: a debug build measures the debug wasmtime, not the module.
//!
//! ```text
//! cargo run --release -p icce-host --example percall [MODULE] [SAMPLE] [CALLS]
//! ```

use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let module: std::path::PathBuf = match args.next() {
        Some(m) => m.into(),
        None => icce_host::find_module(None).map_err(anyhow::Error::msg)?.0,
    };
    let sample = args.next().unwrap_or_else(|| "samples/request-ready.json".to_owned());
    let calls: u32 = args.next().map(|n| n.parse()).transpose()?.unwrap_or(2000);
    let input = std::fs::read_to_string(&sample)?;

    let t = Instant::now();
    let rt = icce_host::Runtime::load(&module)?;
    println!("load: {:?} ({:?})", t.elapsed(), rt.compiled());

    for (op, input) in [("validateRequestOut", input.as_str()), ("listRules", "{}")] {
        let mut times = Vec::with_capacity(calls as usize);
        let mut bytes = 0;
        for _ in 0..calls {
            let t = Instant::now();
            bytes = rt.call(op, input)?.len();
            times.push(t.elapsed());
        }
        times.sort();
        let mean = times.iter().sum::<Duration>() / calls.max(1);
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        println!("{op}: {calls} calls, fresh instance each: mean {mean:?}, median {median:?} ({bytes} bytes out)");
    }
    Ok(())
}
