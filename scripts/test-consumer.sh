#!/usr/bin/env bash
# The npm package as a new user gets it, proven by a client icce did not write: `npm publish
# --dry-run` must be clean; the packed tarball is installed into a throwaway project made
# outside the repository (a temporary folder; its tools from tests/consumer/package-lock.json),
# which then
#   - runs the README's node example as written, and `require('icce')` from CommonJS;
#   - type-checks a strict TypeScript caller (narrowing on `outcome`, types by name, optional
#     members; tests/consumer/src/caller.ts) and the README's TypeScript example, and runs them;
#   - generates types from `icce serve`'s /openapi.json with openapi-typescript (no flags) and
#     runs a typed openapi-fetch client against the server on loopback;
#   - loads the README's bundler example in Chromium through Vite's dev server (no config) and
#     through `vite build` + `vite preview`, the README's browser example with no bundler, and
#     checks CORS from an allowed and a refused origin (tests/consumer/check-browser.mjs).
#
# Needs: the module and the package (scripts/build-wasm.sh), the icce binary (ICCE_BIN, default
# the debug build `cargo test` leaves), node 20 and npm, Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
icce="${ICCE_BIN:-${CARGO_TARGET_DIR:-target}/debug/icce}"
[[ "$icce" = /* ]] || icce="$root/$icce"
for f in "$icce" pkg/icce_wasm_bg.wasm pkg/icce_wasm_inline.js pkg/icce_types.d.ts; do
  [[ -e "$f" ]] || { echo "test-consumer: $f is missing (scripts/build-wasm.sh; cargo build -p icce-host)" >&2; exit 1; }
done
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/icce-consumer.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
t0=$SECONDS
say() { printf '  [%3ss] %s\n' "$((SECONDS - t0))" "$*"; }

# 1. The package: publishable, and packed exactly as it would be published.
(cd pkg && npm publish --dry-run --ignore-scripts >"$work/publish.out" 2>&1) || { cat "$work/publish.out"; exit 1; }
# The one warning allowed: no npm login here (a dry run says so, and publishes nothing).
if grep -iE 'npm (warn|err)' "$work/publish.out" | grep -v 'requires you to be logged in'; then
  echo "test-consumer: npm publish --dry-run is not clean" >&2
  exit 1
fi
tarball="$(cd pkg && npm pack --ignore-scripts --pack-destination "$work" 2>/dev/null | tail -n 1)"
tar -tzf "$work/$tarball" | sort > "$work/files"
for f in README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE package.json index.d.ts node.js browser.js icce_wasm.js icce_types.d.ts icce_wasm_bg.wasm icce_wasm_inline.js; do
  grep -qx "package/$f" "$work/files" || { echo "test-consumer: $f is not in $tarball" >&2; exit 1; }
done
node -e '
const p = require(process.argv[1]);
const want = require("node:fs").readFileSync(process.argv[2], "utf8").match(/^version = "(.*)"/m)[1];
if (p.private) throw new Error("package.json is private");
if (!p.engines?.node) throw new Error("package.json has no engines.node");
if (p.version !== want) throw new Error(`package.json version ${p.version} is not the workspace version ${want}`);
' "$root/pkg/package.json" "$root/Cargo.toml"
say "npm publish --dry-run clean; $tarball ($(stat -c%s "$work/$tarball") bytes, $(wc -l <"$work/files") files)"

# 2. A consumer project outside the repository: its tools from the lockfile, icce from the tarball.
app="$work/app"
mkdir -p "$app"
cp -r tests/consumer/. "$app/"
cd "$app"
npm ci --no-audit --no-fund --loglevel=error
npm install --no-save --no-audit --no-fund --loglevel=error "$work/$tarball"
node extract-examples.mjs
say "installed (npm ci + the tarball)"

# 3. node: the README's example as written, and CommonJS.
out="$(node examples/node.mjs)"
printf '%s\n' "$out" | head -n 3
[[ "$(printf '%s\n' "$out" | head -n 1)" == "outcome: incomplete" ]] || { echo "test-consumer: the README's node example printed: $out" >&2; exit 1; }
node -e '
const icce = require("icce");
const a = icce.validateRequestOut({});
if (a.outcome !== "unusable" || icce.operations().length < 7) throw new Error("require(\"icce\") does not work");
console.log(`require("icce"): ${icce.operations().length} operations, rule book ${icce.version().rulebookVersion}`);
'
say "node: README example and require()"

# 4. icce serve on loopback (CORS for the Vite page's origin), openapi-typescript, tsc --strict.
: >"$work/serve.log"
vite_port="$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
"$icce" --module "$root/web-demo/pkg/icce_wasm_bg.wasm" serve --addr 127.0.0.1:0 --cors-allow-origin "http://127.0.0.1:$vite_port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q 'listening on' "$work/serve.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.1
done
url="$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/serve.log" | head -n 1)"
[[ -n "$url" ]] || { cat "$work/serve.log"; exit 1; }
npx --no-install openapi-typescript "$url/openapi.json" -o src/icce-api.d.ts >/dev/null
npx --no-install tsc -p .
say "tsc --strict: the typed caller, the README's TypeScript example, the openapi-fetch client"
node out/caller.js
node out/readme-types.js >/dev/null
ICCE_URL="$url" node out/http-client.js
say "ran the typed caller, the README's TypeScript example and the HTTP client"

# 5. Chromium: Vite dev, Vite build + preview, no bundler; CORS.
node check-browser.mjs "$url" "$vite_port"
say "Chromium: Vite dev, Vite build + preview, no bundler, CORS"
echo "test-consumer: the packed package works for a new user's project ($((SECONDS - t0)) s)"
