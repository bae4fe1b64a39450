// The browser and bundler entry of the icce package. `await init()` once before the first call
// (or `initSync({ module: bytes })`); every later `init()` returns at once.
//
// `init()` with no argument fetches `icce_wasm_bg.wasm` beside this file, the way bundlers (Vite,
// webpack, Rollup) recognise and copy it: `new URL('./icce_wasm_bg.wasm', import.meta.url)`. A
// development server that moves this file away from its .wasm answers that URL with something
// else (a 404, or an index.html); then the same bytes come from `icce_wasm_inline.js`, loaded
// only in that case, so that no configuration is needed. Vite's dependency pre-bundling is known
// by where it puts this file (its cache folder, `.vite/deps/`), and goes to the inline copy at
// once rather than leave a failed request in the console.
import glueInit from './icce_wasm.js';

export * from './icce_wasm.js';

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export default async function init(options) {
  if (options !== undefined) return glueInit(options);
  const url = new URL('./icce_wasm_bg.wasm', import.meta.url);
  if (/\/\.vite\/deps(_[a-z]+)?\//.test(import.meta.url)) {
    return glueInit({ module_or_path: (await import('./icce_wasm_inline.js')).wasmBytes() });
  }
  let bytes;
  try {
    const response = await fetch(url);
    // Served as WebAssembly: compiled while it streams in.
    if (response.ok && (response.headers.get('content-type') ?? '').startsWith('application/wasm')) {
      return glueInit({ module_or_path: response });
    }
    // Served under another type (some static servers): the bytes, if they are a module.
    if (response.ok) {
      const body = new Uint8Array(await response.arrayBuffer());
      if (WASM_MAGIC.every((b, i) => body[i] === b)) bytes = body;
    }
  } catch {
    // Not reachable (a file: page, say): the inline copy below.
  }
  if (bytes === undefined) bytes = (await import('./icce_wasm_inline.js')).wasmBytes();
  return glueInit({ module_or_path: bytes });
}
