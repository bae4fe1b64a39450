#!/usr/bin/env bash
# Builds the demo page's local assets (web-demo/assets/, gitignored): GOV.UK Frontend from npm
# (tools/demo-assets, pinned by its lockfile), compiled without GDS Transport, and the code-table
# names from core/tables. The module itself (web-demo/pkg/) comes from scripts/build-wasm.sh.
# No CDN: everything the page loads is served by `icce serve` from web-demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools=tools/demo-assets
out=web-demo/assets

(cd "$tools" && npm ci --no-audit --no-fund --omit=optional --ignore-scripts --loglevel=error)
dist="$tools/node_modules/govuk-frontend/dist/govuk"

rm -rf "$out"
mkdir -p "$out/govuk" "$out/data"

# CSS: GOV.UK Frontend compiled with the font stack set to arial (no @font-face, no font files).
node "$tools/node_modules/sass/sass.js" --no-source-map --style=compressed --quiet \
  --load-path="$tools/node_modules" "$tools/govuk.scss" "$out/govuk/govuk-frontend.min.css"
if grep -q 'GDS Transport' "$out/govuk/govuk-frontend.min.css"; then
  echo "build-demo: GDS Transport is still in the compiled CSS" >&2
  exit 1
fi

# JS: the ES module build (the page imports it; no inline script).
cp "$dist/govuk-frontend.min.js" "$out/govuk/"

# Images the compiled CSS refers to. The crest is the royal crest of the GOV.UK footer, which a
# police service does not use: the page never shows that footer, so the crest is not copied.
for f in $(grep -oE 'url\("?/assets/govuk/[^")]+' "$out/govuk/govuk-frontend.min.css" | sed -E 's#^url\("?/assets/govuk/##' | sort -u); do
  case "$f" in images/govuk-crest.svg) continue ;; esac
  mkdir -p "$out/govuk/$(dirname "$f")"
  cp "$dist/assets/$f" "$out/govuk/$f"
done

node "$tools/code-tables.mjs" "$root/core/tables" "$out/data/code-tables.json"
# The synthetic log the Statistics view profiles (samples/exchange-log.jsonl; no personal data).
cp samples/exchange-log.jsonl "$out/data/exchange-log.jsonl"

v=$(node -p "require('./$tools/node_modules/govuk-frontend/package.json').version")
echo "build-demo: web-demo/assets/ ready (GOV.UK Frontend $v, no GDS Transport)"
if [ ! -f web-demo/pkg/icce_wasm.js ]; then
  echo "build-demo: note: web-demo/pkg/ is missing; run scripts/build-wasm.sh for the module"
fi
