#!/usr/bin/env bash
# Every benchmark figure, in one run, on one corpus (BENCHMARKS.md explains them):
#
#   scripts/bench.sh                 # builds what it needs, then measures; about 10 minutes
#   ICCE_BENCH_NO_BUILD=1 scripts/bench.sh   # measure what is built
#
# Writes bench/out/ (corpus, results/*.json, results.md: the table with ratios to native).
# Knobs (environment): ICCE_BENCH_N (synthetic requests, default 10000), ICCE_BENCH_PASSES,
# ICCE_BENCH_WRK_SECONDS, ICCE_BENCH_WRK_CONNECTIONS, ICCE_BENCH_FORMS, ICCE_BENCH_CHANGES.
# Timing is never asserted: this machine is shared and noisy; read ratios from one run.
# A harness that fails does not stop the others: the report shows its figures as not measured,
# and the script names it and exits 1 at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${ICCE_BENCH_DIR:-$root/bench/out}"
export ICCE_BENCH_DIR="$out"
mkdir -p "$out/results"
step() { printf '\n== %s\n' "$*" >&2; }
failed=()
# harness <name> <command...>: run one harness; on failure, note it and go on.
harness() {
  local name="$1"
  shift
  step "$name"
  local rc=0
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf 'bench: %s failed (exit %s); its figures are not in this run\n' "$name" "$rc" >&2
    failed+=("$name")
  fi
}

step "tools: wrk, chromium, node packages"
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ "${#need_apt[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
[ -d bench/node_modules/ajv ] || (cd bench && npm ci --no-audit --no-fund --loglevel=error)
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

if [ "${ICCE_BENCH_NO_BUILD:-0}" != 1 ]; then
  step "build: the module, the demo assets, the host and its bench example, the native benches"
  bash scripts/build-wasm.sh
  [ -f web-demo/assets/data/code-tables.json ] || bash scripts/build-demo.sh
  cargo build -q --release -p icce-host --bin icce --example bench_wasmtime
  cargo bench -q -p icce-core --no-run
fi

# This run's figures only: a harness that fails must not leave the last run's file behind.
rm -f "$out/results/"*.json
uptime > "$out/load-before.txt"
step "corpus"
node bench/gen-corpus.mjs --n "${ICCE_BENCH_N:-10000}" --out "$out"

criterion() {
  cargo bench -q -p icce-core --bench ops 2>&1 | tee "$out/criterion.txt" | { grep -E '^[a-zA-Z].*time:|^validateRequestOut|^rules' || true; }
  [ "${PIPESTATUS[0]}" -eq 0 ] || return 1
  local summary
  summary="$(node bench/criterion-summary.mjs "$root/target/criterion")"
  printf '%s\n' "$summary" > "$out/results/criterion.json"
}
harness "native icce-core: per call over the corpus" \
  env ICCE_CORPUS="$out/corpus.jsonl" ICCE_BENCH_OUT="$out/results/native.json" cargo bench -q -p icce-core --bench corpus
harness "native icce-core: criterion, per operation on the samples" criterion
harness "wasmtime: reused instance, fresh pooled instance" \
  target/release/examples/bench_wasmtime corpus "$out/corpus.jsonl" "$out/results/wasmtime.json"
harness "node: object and string paths" node bench/node-bench.mjs
harness "ajv (the peer)" node bench/ajv-bench.mjs
# The server before Chromium: in the seconds after the Chromium harness, `icce serve` at 4
# connections measured p99 9-19 ms against 0.4 ms otherwise (BENCHMARKS.md, eleventh session).
harness "icce serve under wrk" node bench/serve-bench.mjs
harness "module size, host cold start, instance pool" node bench/host-bench.mjs
harness "Chromium: whole form per change, module, init" node bench/chromium-bench.mjs
uptime > "$out/load-after.txt"

step "report"
node bench/report.mjs
# The peer's schema as this run used it, kept beside its generator for readers.
[ ! -f "$out/request-out.schema.json" ] || cp "$out/request-out.schema.json" bench/request-out.schema.json
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'bench: %d harness(es) failed: %s\n' "${#failed[@]}" "$(IFS=';'; echo "${failed[*]}")" >&2
  exit 1
fi
