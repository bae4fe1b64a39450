//! Link settings of the WebAssembly module (only when building for wasm32).
//!
//! `--initial-memory`: the module starts with 2 MiB of linear memory (the linker's default is the
//! stack and static data, about 1.25 MiB here), so that the allocator's heap begins inside memory
//! that already exists. A call that needs more grows the memory; under the host's pooling
//! allocator each growth is an `mprotect` when the call grows and another when its slot is reset,
//! both taking the process's address-space lock and interrupting the other cores to flush their
//! TLBs (BENCHMARKS.md, "2026-12-01 (later)", "The fresh instance's memory growth").
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--initial-memory={}", 2 << 20);
    }
}
