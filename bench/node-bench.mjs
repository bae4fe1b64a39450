// node 20 over the benchmark corpus (BENCHMARKS.md): the module through its wasm-bindgen glue
// (web-demo/pkg, `--target web`, loaded with initSync as a browser-style consumer would), on the
// object path (`validateRequestOut(object)`: JSON.stringify in, the answer back as a JS object)
// and the JSON-string path (`validateRequestOutJson(text)`), each call timed on its own; the form's
// check (`checkRequestOutJson(text)`) on the same inputs; and the
// module's init in node (compile + instantiate).
//
//   node bench/node-bench.mjs        (ICCE_BENCH_PASSES, ICCE_BENCH_LIMIT, ICCE_BENCH_DIR)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, corpus, asValue, stats, timeEach, writeResult } from './lib.mjs';

const bytes = readFileSync(join(root, 'web-demo/pkg/icce_wasm_bg.wasm'));
const t0 = process.hrtime.bigint();
const module = new WebAssembly.Module(bytes);
const t1 = process.hrtime.bigint();
const glue = await import(pathToFileURL(join(root, 'web-demo/pkg/icce_wasm.js')));
const t2 = process.hrtime.bigint();
glue.initSync({ module });
const firstAnswer = glue.validateRequestOutJson(readFileSync(join(root, 'samples/request-ready.json'), 'utf8'));
const t3 = process.hrtime.bigint();
if (JSON.parse(firstAnswer).outcome !== 'ready') throw new Error('node: the sample is not ready');

const { texts } = corpus();
const values = texts.map(asValue);
// The two faces answer the same thing (spot check).
for (let i = 0; i < Math.min(50, texts.length); i++) {
  if (JSON.stringify(glue.validateRequestOut(values[i])) !== glue.validateRequestOutJson(texts[i]) && typeof values[i] === 'object') {
    throw new Error(`node: object and string faces differ on input ${i}`);
  }
}
// V8 runs wasm in its baseline compiler (Liftoff) first and tiers hot functions up to TurboFan as
// they run: warm every path up over the whole corpus before timing any of them.
for (let w = 0; w < 2; w++) {
  for (let i = 0; i < texts.length; i++) {
    glue.validateRequestOutJson(texts[i]);
    glue.validateRequestOut(values[i]);
    glue.checkRequestOutJson(texts[i]);
  }
}
const str = timeEach(texts, (t) => glue.validateRequestOutJson(t));
const obj = timeEach(values, (v) => glue.validateRequestOut(v));
// What a JS caller of the string face does when it wants objects: call, then JSON.parse.
// (the input's own text stands for the JSON.stringify of a parsed object: a hostile vector nests
// deeper than JSON.stringify's recursion allows)
const strRound = timeEach(texts, (t) => JSON.parse(glue.validateRequestOutJson(t)));
// The form's per-change check on the same inputs (string face), to set beside ajv's all-errors time.
const check = timeEach(texts, (t) => glue.checkRequestOutJson(t));
const ms = (a, b) => Number(b - a) / 1e6;
writeResult('node', {
  harness: 'node',
  node: process.version,
  inputs: texts.length,
  figures: {
    'node.string': stats(str),
    'node.object': stats(obj),
    'node.stringWithParse': stats(strRound),
    'node.checkRequestOut': stats(check),
    'node.init': { unit: 'ms', compileMs: ms(t0, t1), instantiateAndFirstCallMs: ms(t2, t3), value: ms(t0, t1) + ms(t2, t3) },
  },
});
