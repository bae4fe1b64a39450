#!/usr/bin/env bash
# Every test icce has, on a fresh machine of the project's kind (Rust via rustup, node 20, apt as
# root). Installs what it needs, then builds and tests. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step says how long the one before it took, and the end gives the whole: CI allows 90
# minutes and this should stay under 30 on two cores (README says what a clean run measured).
t0=$SECONDS; t_step=$SECONDS; name_step=""
step() {
  [ -n "$name_step" ] && printf '    (%s: %d s)\n' "$name_step" $((SECONDS - t_step))
  name_step="$1"; t_step=$SECONDS
  printf '\n==> %s\n' "$*"
}

step "the repository stands on its own"
bash scripts/check-standalone.sh

step "tools: xmllint (ECRIS schema validation), the wasm32 target"
if ! command -v xmllint >/dev/null; then
  apt-get update -qq && apt-get install -y -qq libxml2-utils >/dev/null
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target add wasm32-unknown-unknown

if [ -x scripts/build-wasm.sh ]; then
  step "the module: build, bind, optimise"
  bash scripts/build-wasm.sh
fi

step "lints (native, and icce-core for wasm32)"
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q -p icce-core --target wasm32-unknown-unknown -- -D warnings
cargo clippy -q -p icce-core --features schema --all-targets -- -D warnings

step "tests"
mkdir -p target
set +e
{ cargo test --workspace && cargo test -p icce-core --features schema --test openapi; } >target/test-output.txt 2>&1
rc=$?
set -e
grep -E '^(test result|     Running)' target/test-output.txt || true
if [ "$rc" -ne 0 ]; then
  tail -n 100 target/test-output.txt
  exit "$rc"
fi
step "the npm package as a new user's project gets it: packed, installed outside the repository, node, tsc --strict, Vite, Chromium (scripts/test-consumer.sh)"
bash scripts/test-consumer.sh

step "Schemathesis against icce serve, from its own OpenAPI document (scripts/test-schemathesis.sh)"
bash scripts/test-schemathesis.sh

if [ -x scripts/test-browser.sh ]; then
  step "browser: the demo page in Debian's Chromium against icce serve (the debug build the tests made)"
  ICCE_BIN="${CARGO_TARGET_DIR:-target}/debug/icce" bash scripts/test-browser.sh
fi
step "benchmark harnesses: a seconds-long smoke of each, host ones on the debug build (BENCHMARKS.md; nothing is asserted about time)"
bash scripts/bench-smoke.sh

step "instruction counts: each operation on its example, against bench/instructions.tsv (callgrind; fails above +10 %)"
bash scripts/instructions.sh

step "fuzz targets: a few seconds of each (FUZZING.md; nightly toolchain and cargo-fuzz)"
rustup run nightly cargo --version >/dev/null 2>&1 || rustup toolchain install nightly --profile minimal
# A smoke, not a campaign (FUZZING.md has those): built at opt-level 1 without debug info into
# its own target dir (a cold build, ~2.5 minutes without Cranelift, is most of this step), 3 s per target.
CARGO_PROFILE_RELEASE_DEBUG=0 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 ICCE_FUZZ_SECONDS=3 \
  ICCE_FUZZ_TARGET_DIR=target/fuzz-smoke ICCE_FUZZ_REQUIRED=1 bash scripts/fuzz-smoke.sh

passed=$(grep -oE 'test result: ok\. [0-9]+ passed' target/test-output.txt | awk '{s+=$4} END {print s+0}')
step "done"
echo "rust: ${passed} passed, 0 failed; the whole test command took $((SECONDS - t0)) s"
