#!/usr/bin/env bash
# A seconds-long smoke of every benchmark harness (BENCHMARKS.md), so that none of them rots: each runs
# on a small corpus with tiny counts, and must finish and write its figures. Nothing is asserted
# about time. Ends with `N passed, M failed` and exits non-zero if any harness failed.
#
#   scripts/bench-smoke.sh
#
# Needs what scripts/bench.sh builds: web-demo/pkg (scripts/build-wasm.sh), web-demo/assets
# (scripts/build-demo.sh), the icce binary and its bench_wasmtime example (built here, in the
# debug build by default: ICCE_TARGET_PROFILE=release to smoke the release build; a smoke times
# nothing, and the test command has the debug build already), tests/browser/node_modules and
# Debian's chromium and wrk (installed if missing). The native harnesses are `cargo bench`, so
# always release.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="$root/target/bench-smoke"
rm -rf "$out"
mkdir -p "$out/results"
export ICCE_BENCH_DIR="$out" ICCE_BENCH_PASSES=1 ICCE_BENCH_LIMIT=150
export ICCE_TARGET_PROFILE="${ICCE_TARGET_PROFILE:-debug}"
build="${CARGO_TARGET_DIR:-target}/$ICCE_TARGET_PROFILE"
passed=0
failed=0
failures=()
run() {
  local name="$1"
  shift
  local t0=$SECONDS
  if "$@" >"$out/$name.log" 2>&1; then
    passed=$((passed + 1))
    printf 'bench-smoke: ok   %-10s (%ss)\n' "$name" "$((SECONDS - t0))"
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf 'bench-smoke: FAIL %-10s (%ss)\n' "$name" "$((SECONDS - t0))"
    tail -n 20 "$out/$name.log" | sed 's/^/    /'
  fi
}
has_figures() { node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); if(!r.figures||!Object.keys(r.figures).length) process.exit(1)' "$1"; }

setup() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
  [ -x /usr/bin/chromium ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
  [ -d bench/node_modules/ajv ] || (cd bench && npm ci --no-audit --no-fund --loglevel=error)
  [ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  [ -f web-demo/pkg/icce_wasm_bg.wasm ] || bash scripts/build-wasm.sh
  [ -f web-demo/assets/data/code-tables.json ] || bash scripts/build-demo.sh
  if [ "$ICCE_TARGET_PROFILE" = debug ]; then
    # What `cargo test --workspace` builds (the icce binary and the examples, with the features
    # the whole workspace unifies to): nothing to do after the test step, and no second set of
    # debug artifacts with `-p icce-host`'s narrower features (94 s in a clean run).
    cargo test -q --workspace --no-run
  else
    cargo build -q --profile "$ICCE_TARGET_PROFILE" -p icce-host --bin icce --example bench_wasmtime
  fi
}
run setup setup
run corpus node bench/gen-corpus.mjs --n 120 --out "$out"
native() {
  ICCE_CORPUS="$out/corpus.jsonl" ICCE_BENCH_OUT="$out/results/native.json" cargo bench -q -p icce-core --bench corpus \
    && has_figures "$out/results/native.json"
}
run native native
run criterion cargo bench -q -p icce-core --bench ops -- --test
wasmtime() {
  "$build/examples/bench_wasmtime" corpus "$out/corpus.jsonl" "$out/results/wasmtime.json" \
    && has_figures "$out/results/wasmtime.json" && "$build/examples/bench_wasmtime" pool >/dev/null \
    && "$build/examples/bench_wasmtime" pages "$out/corpus.jsonl" | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8")); const s=r.slotResetPages; if(!(r.inputs>0&&r.pages.p50>0&&s&&(s.p50>=r.pages.p50||typeof s.notMeasured==="string"))) process.exit(1)'
}
run wasmtime wasmtime
run node node bench/node-bench.mjs
run ajv node bench/ajv-bench.mjs
run chromium env ICCE_BENCH_FORMS=2 ICCE_BENCH_CHANGES=3 ICCE_BENCH_BROWSER_CALLS=50 ICCE_BENCH_INITS=1 node bench/chromium-bench.mjs
run host env ICCE_BENCH_COLD=1 node bench/host-bench.mjs
run serve env ICCE_BENCH_WRK_SECONDS=1 ICCE_BENCH_WRK_CONNECTIONS=2 node bench/serve-bench.mjs
run report node bench/report.mjs

if [ "$failed" -gt 0 ]; then
  echo "bench-smoke: failed: ${failures[*]} (logs in $out)"
fi
echo "bench-smoke: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
