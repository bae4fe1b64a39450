// The node entry of the icce package: the same ES-module glue and the same .wasm file as the
// browser entry, initialised synchronously on import, so node callers need no `init()`. The
// default export is there all the same (the glue's `init`, which returns at once once the module
// is initialised), so that code shared with the browser, `await init()` included, runs unchanged.
// No top-level await: `require('icce')` works too (node >= 20.19, which loads ES modules that way).
// Types: ./index.d.ts.
import { readFileSync } from 'node:fs';
import { initSync } from './icce_wasm.js';

initSync({ module: readFileSync(new URL('./icce_wasm_bg.wasm', import.meta.url)) });

export * from './icce_wasm.js';
export { default } from './icce_wasm.js';
