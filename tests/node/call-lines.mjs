// Answer calls given as JSON Lines through the module's string face in node.
//
// Usage: node tests/node/call-lines.mjs <module.wasm> <glue.js> < calls.jsonl
// where each input line is {"op": "...", "input": "..."}; prints {"answer": "..."} per line, in order.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const [wasmPath, gluePath] = process.argv.slice(2);
const glue = await import(pathToFileURL(gluePath).href);
glue.initSync({ module: readFileSync(wasmPath) });

const out = [];
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line) continue;
  const { op, input } = JSON.parse(line);
  out.push(JSON.stringify({ answer: glue.call(op, input) }));
  if (out.length >= 256) process.stdout.write(out.splice(0).join('\n') + '\n');
}
if (out.length) process.stdout.write(out.join('\n') + '\n');
