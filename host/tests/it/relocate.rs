//! A relocatable host: a copy of the binary finds its module beside itself, or the one it is
//! given (`--module`, `ICCE_MODULE`), or says it found none; it never reaches back into the tree
//! it was built in. Compiled code is cached in the cache directory (`--cache-dir`,
//! `ICCE_CACHE_DIR`, else `$XDG_CACHE_HOME/icce`), never beside the module, and `--no-cache`
//! caches nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::{icce_bin, module};

/// A fresh folder outside any checkout: the system's temporary directory, not the build's (a
/// build directory inside the clone, as in CI, would let the host find the clone's module by
/// walking up from its working directory, which is what these tests must rule out). Removed
/// when dropped: it holds a copy of the binary.
struct Fresh(PathBuf);

impl std::ops::Deref for Fresh {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Fresh {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fresh(name: &str) -> Fresh {
    let dir = std::env::temp_dir().join(format!("icce-relocate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Fresh(dir)
}

/// The binary copied into `dir`.
fn copy_binary(dir: &Path) -> PathBuf {
    let bin = dir.join("icce");
    std::fs::copy(icce_bin(), &bin).unwrap();
    bin
}

/// Run `bin ARGS…` in `cwd` with none of icce's variables but `env`.
fn run(bin: &Path, cwd: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(bin);
    c.args(args).current_dir(cwd);
    for var in ["ICCE_MODULE", "ICCE_CACHE_DIR", "ICCE_EXPECT_MODULE_SHA256", "XDG_CACHE_HOME"] {
        c.env_remove(var);
    }
    c.envs(env.iter().map(|(k, v)| (*k, *v)));
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn cwasm_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).map_or_else(|_| Vec::new(), |d| d.filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|n| n.ends_with(".cwasm")).collect())
}

#[test]
fn a_copied_binary_without_a_module_says_so_and_never_uses_the_build_tree() {
    let dir = fresh("alone");
    let bin = copy_binary(&dir);
    let out = run(&bin, &dir, &["version"], &[("XDG_CACHE_HOME", &dir.join("cache"))]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("no module found") && err.contains(&dir.join("icce_wasm_bg.wasm").display().to_string()), "{err}");
    assert!(err.contains("--module") && err.contains("ICCE_MODULE"), "{err}");
    // The binary names no path of the tree it was built in.
    let built_in = std::fs::read(&bin).unwrap();
    let tree = icce_parity::repo().canonicalize().unwrap().join("web-demo/pkg").display().to_string();
    assert!(!built_in.windows(tree.len()).any(|w| w == tree.as_bytes()), "the binary has {tree} compiled in");
}

#[test]
fn a_copied_binary_uses_the_module_beside_it_and_caches_in_the_cache_directory() {
    let dir = fresh("beside");
    let bin = copy_binary(&dir);
    let wasm = dir.join("icce_wasm_bg.wasm");
    std::fs::copy(module(), &wasm).unwrap();
    let cache = dir.join("xdg");
    let out = run(&bin, &dir, &["version"], &[("XDG_CACHE_HOME", &cache)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = text(&out.stdout);
    assert!(v.contains(&format!("module: {}", wasm.display())) && v.contains("beside the executable"), "{v}");
    assert!(v.contains(&icce_parity::recorded_module_sha256()), "the SHA-256 is shown: {v}");
    assert_eq!(cwasm_in(&cache.join("icce")).len(), 1, "{v}");
    assert!(cwasm_in(&dir).is_empty(), "nothing is cached beside the module");
    let again = text(&run(&bin, &dir, &["version"], &[("XDG_CACHE_HOME", &cache)]).stdout);
    assert!(again.contains("loaded from cache"), "{again}");
    // The hash is still checked.
    let wrong = "0".repeat(64);
    let out = run(&bin, &dir, &["--expect-module-sha256", &wrong, "version"], &[("XDG_CACHE_HOME", &cache)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("refusing to run the module"));
    // And it answers.
    let sample = icce_parity::sample("request-ready.json");
    let out = run(&bin, &dir, &["validate", &sample.display().to_string()], &[("XDG_CACHE_HOME", &cache)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn the_module_and_the_cache_directory_can_be_given() {
    let dir = fresh("given");
    let bin = copy_binary(&dir);
    let modules = dir.join("modules");
    std::fs::create_dir_all(&modules).unwrap();
    let wasm = modules.join("icce.wasm");
    std::fs::copy(module(), &wasm).unwrap();
    let cache = dir.join("cache-flag");
    let out = run(&bin, &dir, &["--module", &wasm.display().to_string(), "--cache-dir", &cache.display().to_string(), "version"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("given (--module or ICCE_MODULE)"));
    assert_eq!(cwasm_in(&cache).len(), 1);
    let env_cache = dir.join("cache-env");
    let out = run(&bin, &dir, &["version"], &[("ICCE_MODULE", &wasm), ("ICCE_CACHE_DIR", &env_cache)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(cwasm_in(&env_cache).len(), 1);
    let out = run(&bin, &dir, &["--no-cache", "version"], &[("ICCE_MODULE", &wasm), ("XDG_CACHE_HOME", &dir.join("unused"))]);
    assert!(text(&out.stdout).contains("compiled now (not cached)"), "{}", text(&out.stdout));
    assert!(!dir.join("unused").exists());
    assert!(cwasm_in(&modules).is_empty(), "nothing is cached beside the module");
}
