//! The architecture invariant: the host runs the module or nothing, so it never depends on
//! icce-core, not even through a dev-dependency (the support library `icce-parity` included).

use std::process::Command;

use crate::repo;

#[test]
fn host_does_not_depend_on_core() {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "-p", "icce-host", "-e", "normal,build,dev", "--prefix", "none"])
        .current_dir(repo())
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(tree.lines().any(|l| l.starts_with("wasmtime ")), "cargo tree printed no wasmtime:\n{tree}");
    let core: Vec<&str> = tree.lines().filter(|l| l.starts_with("icce-core ")).collect();
    assert!(core.is_empty(), "icce-host must not depend on icce-core, but cargo tree has: {core:?}");
}
