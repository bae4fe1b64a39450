#!/usr/bin/env bash
# Run every fuzz target for a few seconds (the smoke), or longer:
#
#   scripts/fuzz-smoke.sh                               # each target 5 s (the test command runs this)
#   ICCE_FUZZ_SECONDS=600 scripts/fuzz-smoke.sh         # each target 10 minutes
#   ICCE_FUZZ_TARGETS="call_json show_rules" scripts/fuzz-smoke.sh
#
# Needs the nightly toolchain (libFuzzer instrumentation) and cargo-fuzz (installed here if
# missing), and the built module for the wasmtime target (scripts/build-wasm.sh). Seeds every
# target's corpus (fuzz/corpus/TARGET, not in git) from tests/vectors and tests/hostile. A crash
# fails the script and leaves its input in fuzz/artifacts/TARGET/. Without a nightly toolchain it
# says so and stops with success, unless ICCE_FUZZ_REQUIRED=1. The first build takes minutes
# (wasmtime, instrumented); ICCE_FUZZ_TARGET_DIR=DIR keeps it outside the clone, so that later
# clones on the same machine (CI's) reuse it. FUZZING.md has the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${ICCE_FUZZ_SECONDS:-5}"
targets="${ICCE_FUZZ_TARGETS:-call_json validate_request_out answer_request_in build_notifications_out check_notification_in show_rules list_rules ecris_xml wasmtime_call_bytes answer_writer}"
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz-smoke: no nightly toolchain (rustup toolchain install nightly); fuzz targets NOT run" >&2
  [ "${ICCE_FUZZ_REQUIRED:-0}" = 1 ] && exit 1
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi
if [ ! -f web-demo/pkg/icce_wasm_bg.wasm ]; then
  echo "fuzz-smoke: web-demo/pkg/icce_wasm_bg.wasm is missing: run scripts/build-wasm.sh" >&2
  exit 1
fi

# Seeds: the vectors and the hostile inputs (recipes left out). The targets that take an
# operation name get it first: byte 0xFF, the name, NUL (see fuzz/src/lib.rs).
op_of() {
  # A vector's operation is named by its answer; a hostile input's by tests/hostile/expected.tsv.
  case "$1" in
    tests/vectors/*) sed -n 's/^ *"operation": *"\([^"]*\)".*/\1/p' "${1%.in.json}.out.json" 2>/dev/null | head -n 1 ;;
    tests/hostile/*) awk -F'\t' -v f="$(basename "$1")" '$1 == f { print $2 }' tests/hostile/expected.tsv ;;
  esac
}
seed() {
  local target="$1" dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return 0
  local f op want
  case "$target" in
    validate_request_out) want=validateRequestOut ;;
    answer_request_in) want=answerRequestIn ;;
    build_notifications_out) want=buildNotificationsOut ;;
    check_notification_in) want=checkNotificationIn ;;
    show_rules) want=showRules ;;
    *) want="" ;;
  esac
  if [ "$target" = ecris_xml ]; then
    # The XML messages of the vectors, as raw XML.
    node -e '
      const fs = require("fs"), path = require("path");
      const [dir, ...files] = process.argv.slice(1);
      for (const f of files) {
        let v;
        try { v = JSON.parse(fs.readFileSync(f, "utf8")); } catch { continue; }  // the malformed-JSON vectors
        const xml = v && (v.requestXml ?? v.notificationXml);
        if (typeof xml === "string") fs.writeFileSync(path.join(dir, path.basename(f, ".in.json") + ".xml"), xml);
      }' "$dir" tests/vectors/answerRequestIn/*.in.json tests/vectors/checkNotificationIn/*.in.json
    return 0
  fi
  for f in tests/vectors/*/*.in.json tests/hostile/inputs/*.json; do
    op=$(op_of "$f")
    case "$target" in
      call_json|wasmtime_call_bytes) { printf '\xff%s\x00' "$op"; cat "$f"; } > "$dir/$(basename "$f")" ;;
      list_rules) cp "$f" "$dir/$(basename "$f")" ;;
      *) if [ "$op" = "$want" ]; then cp "$f" "$dir/$(basename "$f")"; fi ;;
    esac
  done
}

tdir=()
if [ -n "${ICCE_FUZZ_TARGET_DIR:-}" ]; then
  mkdir -p "$ICCE_FUZZ_TARGET_DIR"
  tdir=(--target-dir "$(cd "$ICCE_FUZZ_TARGET_DIR" && pwd)")
fi
echo "fuzz-smoke: building the targets (nightly, no sanitizer, debug assertions on)" >&2
(cd fuzz && cargo +nightly fuzz build -s none "${tdir[@]}" >/dev/null 2>&1) || (cd fuzz && cargo +nightly fuzz build -s none "${tdir[@]}")
# The fuzz crate builds icce-host without its compiler (no instrumented Cranelift to build): the
# wasmtime target runs the module's `.cwasm`, written here by an `icce` built normally (the test
# command's debug build when it is there) into a cache directory of its own. wasmtime refuses a
# `.cwasm` compiled for other settings, so a mismatch fails the target's start loudly.
case " $targets " in
  *" wasmtime_call_bytes "*)
    icce_bin="${ICCE_BIN:-${CARGO_TARGET_DIR:-target}/debug/icce}"
    if [ ! -x "$icce_bin" ]; then
      cargo build -q -p icce-host --bin icce
      icce_bin="${CARGO_TARGET_DIR:-target}/debug/icce"
    fi
    ICCE_CACHE_DIR="$(pwd)/target/fuzz-cwasm"
    export ICCE_CACHE_DIR
    "$icce_bin" --module web-demo/pkg/icce_wasm_bg.wasm --cache-dir "$ICCE_CACHE_DIR" version >/dev/null
    ;;
esac
logs="${ICCE_FUZZ_LOGS:-target/fuzz-logs}"
mkdir -p "$logs"
summary=()
for t in $targets; do
  seed "$t"
  log="$logs/$t.log"
  started=$(date +%s)
  set +e
  (cd fuzz && cargo +nightly fuzz run -s none "${tdir[@]}" "$t" "corpus/$t" -- \
      -max_total_time="$seconds" -dict="dict/$([ "$t" = ecris_xml ] && echo xml || echo json).dict" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1) >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  corpus=$(ls "fuzz/corpus/$t" | wc -l)
  line="fuzz-smoke: $t: ${runs:-?} runs in $(( $(date +%s) - started )) s, corpus $corpus"
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "$line: FAILED (exit $rc); the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  echo "$line, no crash" >&2
  summary+=("$line")
done
echo "fuzz-smoke: ${#summary[@]} targets, 0 crashes"
