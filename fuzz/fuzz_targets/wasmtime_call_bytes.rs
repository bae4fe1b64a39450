//! The C ABI through wasmtime: `icce_host::Runtime::call_bytes` runs the built module
//! (`web-demo/pkg/icce_wasm_bg.wasm`, or `ICCE_MODULE`) in a fresh instance on any operation
//! and input bytes, and its answer must be byte-identical to the native `icce_wasm::call_bytes`
//! (the same Rust, not compiled to wasm): no trap, no limit hit, no disagreement.
#![no_main]
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static RUNTIME: OnceLock<icce_host::Runtime> = OnceLock::new();

fn runtime() -> &'static icce_host::Runtime {
    RUNTIME.get_or_init(|| {
        let path = std::env::var_os("ICCE_MODULE").map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../web-demo/pkg/icce_wasm_bg.wasm")
        });
        // icce-host is built here without its compiler (an instrumented Cranelift was most of the
        // build, and is not what is fuzzed): the module's `.cwasm` comes from the cache directory,
        // written by an `icce` built normally (scripts/fuzz-smoke.sh does it; `ICCE_CACHE_DIR`,
        // else the default cache directory).
        let cache_dir = std::env::var_os("ICCE_CACHE_DIR").map(PathBuf::from).or_else(icce_host::default_cache_dir);
        let options = icce_host::Options { instances: 1, cache_dir, ..icce_host::Options::default() };
        match icce_host::Runtime::load_with(&path, options) {
            Ok(rt) => rt,
            Err(e) => panic!("cannot load the module {} (run scripts/build-wasm.sh, then scripts/fuzz-smoke.sh writes its `.cwasm`): {e}", path.display()),
        }
    })
}

fuzz_target!(
    // Load the module before the first input: libFuzzer's per-input timeout would otherwise count
    // the loading (when it was compiled here, on a busy machine, longer than the timeout).
    init: {
        runtime();
    },
    |data: &[u8]| {
        let (op, input) = icce_fuzz::split_operation(data);
        let wasm = match runtime().call_bytes(&op, input) {
            Ok(a) => a,
            Err(e) => panic!("the host could not run the module: {e}"),
        };
        let native = icce_wasm::call_bytes(&op, input);
        if wasm != native {
            panic!("wasmtime and native differ\n wasmtime: {wasm}\n native:   {native}");
        }
        icce_fuzz::check_answer(&String::from_utf8_lossy(&op), &wasm);
    }
);
