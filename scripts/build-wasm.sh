#!/usr/bin/env bash
# Build icce's one WebAssembly module and everything that carries it.
#
#   scripts/build-wasm.sh
#
# Idempotent: installs what it needs (the wasm32 target, wasm-bindgen-cli at exactly the crate's
# version, npm's binaryen from package-lock.json), then writes
#   web-demo/pkg/   ES-module glue (--target web), .d.ts, icce_wasm_bg.wasm, its .sha256
#   pkg/            the npm package: the same glue and the same wasm file, byte for byte
# and checks that the optimised module loads in node and answers.
#
# Debian's binaryen (108) corrupts wasm-bindgen output: after its wasm-opt, the externref table
# export points at the wrong table and the JS glue throws in initSync. Only the npm one in
# node_modules/ is used.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Read the pinned version from the workspace manifest, so the CLI can never drift from the crate.
bindgen_version="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)"
if [[ -z "$bindgen_version" ]]; then
  echo "build-wasm: cannot find the pinned wasm-bindgen version (wasm-bindgen = \"=X.Y.Z\") in Cargo.toml" >&2
  exit 1
fi

step() { printf '\n== %s\n' "$*" >&2; }

step "rust target wasm32-unknown-unknown"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

step "wasm-bindgen-cli $bindgen_version"
export PATH="$HOME/.cargo/bin:$PATH"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]]; then
  # --locked is preferred; it has failed here on a yanked dependency, hence the fallback.
  cargo install --locked wasm-bindgen-cli --version "$bindgen_version" \
    || cargo install wasm-bindgen-cli --version "$bindgen_version"
fi
wasm-bindgen --version >&2

step "binaryen (npm ci)"
if [[ ! -x node_modules/.bin/wasm-opt ]] || ! node_modules/.bin/wasm-opt --version | grep -q 'version 132\b'; then
  npm ci --no-audit --no-fund
fi
node_modules/.bin/wasm-opt --version >&2

step "cargo build (wasm32, profile wasm-release)"
cargo build -p icce-wasm --target wasm32-unknown-unknown --profile wasm-release
# Cargo puts its output in CARGO_TARGET_DIR when that is set (a build directory per worktree, say).
target_dir="${CARGO_TARGET_DIR:-target}"
raw="$target_dir/wasm32-unknown-unknown/wasm-release/icce_wasm.wasm"

step "wasm-bindgen --target web, wasm-opt -Oz"
# Work in a scratch folder and move finished files into place, so that a server or test reading
# web-demo/pkg meanwhile never sees an unoptimised or half-written module.
work="$target_dir/icce-wasm-pkg"
rm -rf "$work"
mkdir -p "$work"
wasm-bindgen --target web --out-dir "$work" "$raw"
node_modules/.bin/wasm-opt -Oz "$work/icce_wasm_bg.wasm" -o "$work/icce_wasm_bg.opt.wasm"
mv "$work/icce_wasm_bg.opt.wasm" "$work/icce_wasm_bg.wasm"
sha256sum "$work/icce_wasm_bg.wasm" | cut -d' ' -f1 > "$work/icce_wasm_bg.wasm.sha256"
# The types of the JSON contract, generated from host/openapi.json (itself generated from
# icce-core's types); the glue's .d.ts refers to them for each operation's input and answer.
node scripts/gen-ts-types.mjs host/openapi.json > "$work/icce_types.d.ts"
# node loads the ES-module glue only with "type": "module" beside it.
printf '{\n  "type": "module",\n  "private": true\n}\n' > "$work/package.json"

# Copy a file unless the destination already has the same bytes; replace it atomically.
place() {
  if ! cmp -s "$1" "$2"; then
    cp "$1" "$2.tmp.$$"
    mv "$2.tmp.$$" "$2"
  fi
}

step "-> web-demo/pkg and pkg (the npm package)"
out="web-demo/pkg"
wasm="$out/icce_wasm_bg.wasm"
mkdir -p "$out"
for f in icce_wasm.js icce_wasm.d.ts icce_types.d.ts icce_wasm_bg.wasm icce_wasm_bg.wasm.d.ts icce_wasm_bg.wasm.sha256 package.json; do
  place "$work/$f" "$out/$f"
done
for f in icce_wasm.js icce_wasm.d.ts icce_types.d.ts icce_wasm_bg.wasm icce_wasm_bg.wasm.d.ts; do
  place "$work/$f" "pkg/$f"
done
cmp "$wasm" pkg/icce_wasm_bg.wasm

step "check: a TypeScript caller type-checks against the generated types"
node_modules/.bin/tsc --noEmit --strict --target es2022 --module nodenext --moduleResolution nodenext tests/node/typed-caller.ts

step "check: the optimised module loads in node and answers"
node --input-type=module - <<'JS'
// The optimised module loads in node through both the
// web glue (initSync, as a browser-style consumer would) and the npm package's node entry, and
// the object face agrees with the string face on a real sample.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';

const root = pathToFileURL(process.cwd() + '/');
const wasm = readFileSync(new URL('web-demo/pkg/icce_wasm_bg.wasm', root));
const web = await import(new URL('web-demo/pkg/icce_wasm.js', root));
web.initSync({ module: wasm });
const node = await import(new URL('pkg/node.js', root));

const text = readFileSync(new URL('samples/request-ready.json', root), 'utf8');
for (const [name, m] of [['web-demo/pkg', web], ['pkg (node entry)', node]]) {
  const answer = m.validateRequestOut(JSON.parse(text));
  assert.equal(answer.outcome, 'ready', `${name}: validateRequestOut outcome`);
  assert.equal(JSON.stringify(answer), m.validateRequestOutJson(text), `${name}: object and string faces differ`);
  assert.equal(m.call('validateRequestOut', text), m.validateRequestOutJson(text));
  const v = m.version();
  assert.equal(v.abiVersion, 1);
  assert.equal(v.rulebookHash, answer.rulebook.hash);
  const bad = m.validateRequestOutJson('{');
  assert.equal(JSON.parse(bad).outcome, 'unusable');
  console.error(`check-wasm: ${name}: ready; rule book ${v.rulebookVersion} ${v.rulebookHash}`);
}
JS

printf '\nbuild-wasm: %s  %s bytes (%s gzip)  sha256 %s\n' "$wasm" "$(stat -c%s "$wasm")" \
  "$(gzip -9c "$wasm" | wc -c)" "$(cat "$wasm.sha256")" >&2
