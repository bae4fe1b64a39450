// Run vectors through the wasm-bindgen glue in node, on the very file the demo page serves.
//
// Usage: node tests/node/run-vectors.mjs <module.wasm> <glue.js> < list
// where each stdin line is "<operation>\t<path of input file>". Prints one JSON line per input:
// {"file", "operation", "answer"} (the string path), then a final line with the module's SHA-256,
// its import list, and any disagreement between the object path and the string path.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [wasmPath, gluePath] = process.argv.slice(2);
const bytes = readFileSync(wasmPath);
const glue = await import(pathToFileURL(gluePath).href);
glue.initSync({ module: bytes });

const canonical = (v) => {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
};

const disagreements = [];
const lines = readFileSync(0, 'utf8').split('\n').filter(Boolean);
for (const line of lines) {
  const [operation, file] = line.split('\t');
  const text = readFileSync(file, 'utf8');
  const answer = glue.call(operation, text);
  process.stdout.write(JSON.stringify({ file, operation, answer }) + '\n');
  // The object path: only for inputs that are JSON objects to begin with.
  let input;
  try { input = JSON.parse(text.replace(/^\uFEFF/, '')); } catch { continue; }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) continue;
  // Each operation's object face is the glue's export of the same name.
  const viaObject = canonical(glue[operation](input));
  if (viaObject !== canonical(JSON.parse(answer))) disagreements.push(file);
}
const module = new WebAssembly.Module(bytes);
const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`).sort();
// The glue's functions: what a JavaScript caller can import.
const faces = Object.keys(glue).filter((k) => typeof glue[k] === 'function').sort();
process.stdout.write(JSON.stringify({
  summary: true,
  moduleSha256: createHash('sha256').update(bytes).digest('hex'),
  imports,
  faces,
  objectPathDisagreements: disagreements,
}) + '\n');
