// The peer (BENCHMARKS.md): ajv 8 validating the same corpus against the schema bench/schema.mjs builds
// (a copy from the last full run is bench/request-out.schema.json), each input timed on its own;
// first error only (ajv's default) and all errors (what icce reports); then icce's form check and
// ajv's all-errors validation side by side, input by input. Also how often the schema's verdict
// agrees with icce's outcome.
//
//   (cd bench && npm ci) && node bench/ajv-bench.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { root, OUT, PASSES, corpus, asValue, stats, timeEach, writeResult } from './lib.mjs';
import { buildSchema } from './schema.mjs';

const glue = await import(pathToFileURL(join(root, 'web-demo/pkg/icce_wasm.js')));
glue.initSync({ module: readFileSync(join(root, 'web-demo/pkg/icce_wasm_bg.wasm')) });
const schema = buildSchema(root, JSON.parse(glue.call('listRules', '{}')));
// The schema as run; scripts/bench.sh copies a full run's to bench/request-out.schema.json.
writeFileSync(join(OUT, 'request-out.schema.json'), JSON.stringify(schema, null, 2) + '\n');

const t0 = process.hrtime.bigint();
const first = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true }).compile(schema);
const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
const all = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, allErrors: true }).compile(schema);

const { texts, meta } = corpus();
const values = texts.map(asValue);
const isObject = (v) => typeof v === 'object' && v !== null;
// Each input that parses, as its text (what icce takes) and its value (what ajv takes).
const pairs = texts.map((t, i) => [t, values[i]]).filter(([, v]) => isObject(v));
const parseable = pairs.map(([, v]) => v);
// Warm every path up (V8 tiers hot code up as it runs) before timing any of them.
for (let w = 0; w < 2; w++) {
  for (const v of parseable) {
    first(v);
    all(v);
  }
}
const firstNs = timeEach(parseable, (v) => first(v));
const allNs = timeEach(parseable, (v) => all(v));
const withParse = timeEach(texts, (t) => {
  try {
    return first(JSON.parse(t));
  } catch {
    return false;
  }
});

// The budget's comparison (issue 14 item 1: the form check in node at or below ajv's all-errors
// time), measured side by side: in this one process, each input's icce check
// (`checkRequestOutJson`, from its text) and ajv's all-errors validation (of its parsed value)
// timed one after the other, the order alternating per input, after both are warmed up. Timed in
// separate phases (node-bench.mjs, and ajv above), the same check moved between 15 and 35 µs
// p50 from one phase to the next on a 2-vCPU machine: V8's background TurboFan compilation and
// concurrent GC run on the other vCPU, and neighbours come and go; side by side, both
// validators meet the same conditions (BENCHMARKS.md, "2026-12-02, ninth session").
for (let w = 0; w < 2; w++) {
  for (const [t, v] of pairs) {
    glue.checkRequestOutJson(t);
    all(v);
  }
}
const pairIcce = [];
const pairAjv = [];
const timeInto = (samples, fn) => {
  const s = process.hrtime.bigint();
  fn();
  samples.push(Number(process.hrtime.bigint() - s));
};
for (let p = 0; p < PASSES; p++) {
  pairs.forEach(([t, v], i) => {
    const icce = () => timeInto(pairIcce, () => glue.checkRequestOutJson(t));
    const ajv = () => timeInto(pairAjv, () => all(v));
    if ((i + p) % 2 === 0) {
      icce();
      ajv();
    } else {
      ajv();
      icce();
    }
  });
}

// Agreement: schema-valid against icce "ready"; schema errors on icce incomplete / invalid.
const agree = {};
for (let i = 0; i < values.length; i++) {
  const v = values[i];
  const ok = isObject(v) && first(v);
  const key = `schema-${ok ? 'valid' : 'invalid'}/icce-${meta[i]?.outcome}`;
  agree[key] = (agree[key] ?? 0) + 1;
}
writeResult('ajv', {
  harness: 'ajv',
  ajv: JSON.parse(readFileSync(join(root, 'bench/node_modules/ajv/package.json'), 'utf8')).version,
  inputs: texts.length,
  parseable: parseable.length,
  schemaBytes: JSON.stringify(schema).length,
  compileMs,
  agreement: agree,
  figures: {
    'ajv.firstError': stats(firstNs),
    'ajv.allErrors': stats(allNs),
    'ajv.parseAndValidate': stats(withParse),
    'pair.icceCheck': stats(pairIcce),
    'pair.ajvAllErrors': stats(pairAjv),
  },
});
