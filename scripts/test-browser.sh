#!/usr/bin/env bash
# The demo page's browser tests: Debian's Chromium, driven by playwright-core, against
# `icce serve` on loopback, with axe-core (WCAG 2.2 AA tags) on every page state. Screenshots of
# every state go to target/browser-screenshots/; ICCE_SCREENSHOTS=commit writes them over the
# committed set in tests/browser/screenshots/ instead (a run leaves the working tree as it was).
#
# Builds neither the module nor the host: it needs web-demo/pkg (scripts/build-wasm.sh) and
# target/release/icce (cargo build --release -p icce-host) or the binary ICCE_BIN names (the test
# command gives its debug build), and the tests say so when they are missing. It installs
# Chromium from Debian's packages when /usr/bin/chromium is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "test-browser: installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

bash scripts/build-demo.sh
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
# The release binary of this checkout (CARGO_TARGET_DIR honoured, as cargo does).
icce_bin="${ICCE_BIN:-${CARGO_TARGET_DIR:-target}/release/icce}"
[[ "$icce_bin" = /* ]] || icce_bin="$PWD/$icce_bin"
export ICCE_BIN="$icce_bin"
node --test tests/browser/
