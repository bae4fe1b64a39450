//! icce-host: the wasmtime host (in progress).
