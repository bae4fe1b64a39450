// Run the hostile corpus (tests/hostile) through the module in node, two ways per input:
//  - the string face, `call(operation, text)`, when the input is UTF-8 (JS strings cannot carry
//    anything else), and
//  - the plain C ABI (icce_alloc / icce_call / icce_free) on the raw bytes, exactly as wasmtime
//    calls it.
//
// Usage: node tests/node/run-hostile.mjs <module.wasm> <glue.js> < list
// where each stdin line is "<percent-encoded operation>\t<input file>" (`.gen` files are recipes:
// a JSON list of [text, times] parts). Prints one JSON line per input:
// {"file", "string": answer or null, "abi": answer, "ms": slowest of the two}.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [wasmPath, gluePath] = process.argv.slice(2);
const glue = await import(pathToFileURL(gluePath).href);
const exports = glue.initSync({ module: readFileSync(wasmPath) });

export function expand(file) {
  const raw = readFileSync(file);
  if (!file.endsWith('.gen')) return raw;
  const parts = JSON.parse(raw.toString('utf8'));
  return Buffer.from(parts.map(([text, times]) => text.repeat(times)).join(''), 'utf8');
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8 = (bytes) => { try { return strict.decode(bytes); } catch { return null; } };

function put(bytes) {
  if (bytes.length === 0) return 0;
  const ptr = exports.icce_alloc(bytes.length) >>> 0;
  if (ptr === 0) throw new Error(`icce_alloc(${bytes.length}) failed`);
  new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

function callAbi(opBytes, input) {
  const op = put(opBytes);
  const inp = put(input);
  const packed = BigInt.asUintN(64, BigInt(exports.icce_call(op, opBytes.length, inp, input.length)));
  const ptr = Number(packed >> 32n);
  const len = Number(packed & 0xffffffffn);
  const answer = strict.decode(new Uint8Array(exports.memory.buffer, ptr, len).slice());
  exports.icce_free(ptr, len);
  if (input.length) exports.icce_free(inp, input.length);
  if (opBytes.length) exports.icce_free(op, opBytes.length);
  return answer;
}

const lines = readFileSync(0, 'utf8').split('\n').filter(Boolean);
for (const line of lines) {
  const [opEncoded, file] = line.split('\t');
  const opBytes = Buffer.from(decodeURIComponent(opEncoded), 'utf8');
  const input = expand(file);
  const text = utf8(input);
  const t0 = performance.now();
  const string = text === null ? null : glue.call(opBytes.toString('utf8'), text);
  const t1 = performance.now();
  const abi = callAbi(opBytes, input);
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ file, string, abi, ms: Math.max(t1 - t0, t2 - t1) }) + '\n');
}
