#!/usr/bin/env bash
# The main job: build the module (the very file the demo page loads), build the `icce` host, show
# one answer for each sample request, then start `icce serve` with the demo page.
# ICCE_ADDR overrides the address (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
addr="${ICCE_ADDR:-127.0.0.1:8080}"

bash scripts/build-wasm.sh
bash scripts/build-demo.sh
cargo build -q --release -p icce-host
icce=target/release/icce

for s in ready incomplete invalid; do
  printf '\n==> icce validate samples/request-%s.json\n' "$s"
  "$icce" validate "samples/request-$s.json" || true
done

printf '\n==> icce serve --addr %s   (demo page: http://%s/ ; Ctrl-C to stop)\n' "$addr" "$addr"
exec "$icce" serve --addr "$addr"
