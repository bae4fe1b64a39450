#!/usr/bin/env bash
# Schemathesis (property-based, from PyPI, pinned in tests/schemathesis/requirements.txt) against
# `icce serve` on loopback, driven only by the service's own /openapi.json: every check on
# (server errors, status codes, content types, response schemas and headers, valid data
# accepted, invalid data rejected, unsupported methods), a fixed seed and a small number of
# generated examples per operation (tests/schemathesis/schemathesis.toml). Any failure fails the
# run. Installed into a throwaway venv outside the repository.
#
# Needs: the module (scripts/build-wasm.sh), the icce binary (ICCE_BIN, default the debug build
# `cargo test` leaves), Python 3 with venv and pip.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
icce="${ICCE_BIN:-${CARGO_TARGET_DIR:-target}/debug/icce}"
[[ "$icce" = /* ]] || icce="$root/$icce"
[[ -x "$icce" ]] || { echo "test-schemathesis: $icce is missing (cargo build -p icce-host)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/icce-schemathesis.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
t0=$SECONDS

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check --no-deps -r tests/schemathesis/requirements.txt
echo "  [$((SECONDS - t0))s] $("$work/venv/bin/schemathesis" --version)"

"$icce" --module "$root/web-demo/pkg/icce_wasm_bg.wasm" serve --addr 127.0.0.1:0 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q 'listening on' "$work/serve.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.1
done
url="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.log" | head -n 1)"
[[ -n "$url" ]] || { cat "$work/serve.log"; exit 1; }

status=0
(cd "$work" && PYTHONPATH="$root/tests/schemathesis" SCHEMATHESIS_HOOKS=hooks \
  "$work/venv/bin/schemathesis" --no-color --config-file "$root/tests/schemathesis/schemathesis.toml" \
  run "$url/openapi.json" --seed 20261130 --workers 2 --request-timeout 20 \
  --report junit --report-dir "$work/report") || status=$?
if [[ "$status" -ne 0 ]]; then
  echo "test-schemathesis: Schemathesis found failures (exit $status); the server's log:" >&2
  tail -n 40 "$work/serve.log" >&2
  exit "$status"
fi
if grep -qE ' (panicked|ERROR) ' "$work/serve.log"; then
  echo "test-schemathesis: the server logged an error:" >&2
  grep -E ' (panicked|ERROR) ' "$work/serve.log" | head -n 20 >&2
  exit 1
fi
echo "test-schemathesis: no failures against icce serve ($((SECONDS - t0)) s)"
