// Rewrites one function of wasm-bindgen's JavaScript glue: `passStringToWasm0`, which copies a
// string argument into the module's memory. wasm-bindgen 0.2.130 copies it code unit by code
// unit in JavaScript while the units are ASCII and hands the rest to `TextEncoder.encodeInto`;
// here the engine's encoder writes the whole string in one call, as the glue already does for
// any string with a non-ASCII character past its first one. The bytes that reach the module are
// the same (UTF-8; a lone surrogate becomes U+FFFD either way); a `checkRequestOutJson` in node
// costs about 1 µs (13 %) less (BENCHMARKS.md, eleventh session).
//
// The function is matched whole, byte for byte: a wasm-bindgen that writes it differently stops
// the build here, rather than leave an unpatched or half-patched glue.
//
//   node scripts/glue-pass-string.mjs <icce_wasm.js>
import { readFileSync, writeFileSync } from 'node:fs';

// Both versions keep the glue's path for a call without `realloc` as it is.
const WITHOUT_REALLOC = `    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
`;

const WASM_BINDGEN_0_2_130 = `function passStringToWasm0(arg, malloc, realloc) {
${WITHOUT_REALLOC}
    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}
`;

const ICCE = `function passStringToWasm0(arg, malloc, realloc) {
    // Rewritten by scripts/glue-pass-string.mjs: the whole string through the engine's encoder.
    // Not a string (a JavaScript caller's mistake): its text, as String() gives it.
    if (typeof arg !== 'string') arg = String(arg);
${WITHOUT_REALLOC}    // A UTF-16 code unit is at most three bytes of UTF-8 (a surrogate pair, two units, is four).
    const room = arg.length * 3;
    let ptr = malloc(room, 1) >>> 0;
    const { written } = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(ptr, ptr + room));
    // The module frees the string with its length: give back the room not written (never to
    // zero bytes: an empty string took none).
    if (written !== room) ptr = realloc(ptr, room, written, 1) >>> 0;
    WASM_VECTOR_LEN = written;
    return ptr;
}
`;

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: node scripts/glue-pass-string.mjs <icce_wasm.js>');
  process.exit(2);
}
const glue = readFileSync(path, 'utf8');
const found = glue.split(WASM_BINDGEN_0_2_130).length - 1;
if (found !== 1) {
  console.error(`glue-pass-string: ${path} has ${found} copies of wasm-bindgen 0.2.130's passStringToWasm0, not 1; ` +
    'a new wasm-bindgen writes it differently: compare, then update this script (or drop it if the glue now uses encodeInto)');
  process.exit(1);
}
writeFileSync(path, glue.replace(WASM_BINDGEN_0_2_130, ICCE));
console.error(`glue-pass-string: ${path}: passStringToWasm0 rewritten`);
