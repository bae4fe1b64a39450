//! `icce serve` answers what `icce call` prints, byte for byte, with the hash and security
//! headers; problem+json for unusable input (422), an unknown operation (404) and a body over
//! the limit (413); health, metrics, static files (the module itself, never its compiled-code
//! cache) and the OpenAPI document.

use icce_parity::http::{get, http};
use icce_parity::server::Server;

use crate::{icce, icce_bin, module, parse, repo, runtime, sample};

#[test]
fn answers_exactly_what_call_prints() {
    let server = Server::start(icce_bin(), &module(), "warn", &[]);
    assert!(server.log().contains("sha256"), "serve prints the hashes at start:\n{}", server.log());
    let file = sample("request-ready.json");
    let body = std::fs::read(&file).unwrap();
    let cli = icce(&["call", "validateRequestOut", &file.to_string_lossy()], b"");
    assert_eq!(cli.status.code(), Some(0));

    let r = http(&server.addr, "POST", "/v1/validateRequestOut", &body);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let mut expected = r.body.clone();
    expected.push(b'\n');
    assert_eq!(expected, cli.stdout, "HTTP body and `icce call` output differ");

    let rt = runtime();
    assert_eq!(r.header("x-icce-module-sha256"), Some(rt.module_hash()));
    assert_eq!(r.header("x-icce-rulebook-hash"), Some(rt.rulebook().hash.as_str()));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.header("content-security-policy").unwrap().contains("'wasm-unsafe-eval'"));

    // Unusable input: 422 problem+json carrying the module's diagnostics.
    let r = http(&server.addr, "POST", "/v1/validateRequestOut", b"{");
    assert_eq!(r.status, 422);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = r.json();
    assert_eq!(p["status"], 422);
    assert_eq!(p["diagnostics"][0]["code"], "INP-001");
    assert!(r.header("x-icce-module-sha256").is_some());

    // Unknown operation: 404 problem.
    let r = http(&server.addr, "POST", "/v1/noSuchOperation", b"{}");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));

    // Over the body limit: 413 problem.
    let r = http(&server.addr, "POST", "/v1/validateRequestOut", &vec![b' '; (1 << 20) + 1]);
    assert_eq!(r.status, 413);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));

    // Health, metrics, static files.
    assert_eq!(get(&server.addr, "/livez").status, 200);
    assert_eq!(get(&server.addr, "/readyz").status, 200);
    let m = get(&server.addr, "/metrics").text();
    assert!(m.contains(r#"icce_requests_total{operation="validateRequestOut",outcome="ready"} 1"#), "{m}");
    assert!(m.contains(r#"icce_rejected_total{reason="unknown-operation"} 1"#), "{m}");
    assert!(!m.contains("noSuchOperation"), "caller text must not become a label:\n{m}");
    let w = get(&server.addr, "/pkg/icce_wasm_bg.wasm");
    assert_eq!(w.status, 200);
    assert_eq!(w.header("content-type"), Some("application/wasm"));
    assert_eq!(w.body, std::fs::read(module()).unwrap());
    assert_eq!(get(&server.addr, "/").status, 200);
    assert_eq!(get(&server.addr, "/../Cargo.toml").status, 404);
    // The OpenAPI document is the checked-in file, byte for byte, and names every operation.
    let o = get(&server.addr, "/openapi.json");
    assert_eq!(o.status, 200);
    assert_eq!(o.header("content-type"), Some("application/json"));
    assert_eq!(o.body, std::fs::read(repo().join("host/openapi.json")).unwrap());
    let doc = parse(&o.text());
    assert_eq!(doc["openapi"], "3.1.0");
    for op in ["validateRequestOut", "listRules", "showRules"] {
        assert!(doc["paths"][format!("/v1/{op}")]["post"].is_object(), "{op}");
    }
    let cwasm = std::fs::read_dir(module().parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.ends_with(".cwasm"))
        .expect("the runtime left a .cwasm cache");
    assert_eq!(get(&server.addr, &format!("/pkg/{cwasm}")).status, 404, "the cache is not served");
}
