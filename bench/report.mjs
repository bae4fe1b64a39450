// Join every harness's results (bench/out/results/*.json) into one table, each figure with its
// ratio to native icce-core from the same run, and the budget (BENCHMARKS.md, section The budget) beside it.
// Writes bench/out/results.md and bench/out/results.json, and prints the table.
//
//   node bench/report.mjs [--machine "..."] [--command "..."]
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import os from 'node:os';
import { OUT } from './lib.mjs';

const dir = join(OUT, 'results');
const results = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
);
const fig = (h, k) => results[h]?.figures?.[k];
const summary = existsSync(join(OUT, 'corpus-summary.json')) ? JSON.parse(readFileSync(join(OUT, 'corpus-summary.json'), 'utf8')) : null;
const native = fig('native', 'native.callJson');
if (!native) throw new Error('report: no native figures (bench/out/results/native.json)');
const cores = os.cpus().length;
const nativeRatePerCore = 1e6 / native.mean;

const f1 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const us = (s, q = 'p99') => (s ? `${f1(s.p50)} µs p50 / ${f1(s[q])} µs ${q}` : 'not measured');
const ratio = (s, q = 'p99') => (s ? `${f1(s.p50 / native.p50)}× / ${f1(s[q] / native[q])}×` : '–');
const rows = [];
const row = (figure, measured, vsNative, budget, verdict) => rows.push({ figure, measured, vsNative, budget, verdict });
const check = (ok) => (ok === undefined ? '–' : ok ? 'met' : '**missed**');

row('native icce-core, `call_json` (decode + rules + messages + answer JSON)', us(native), '1× (reference)', '', '');
for (const [k, label] of [['native.decode', 'native: decoding the input'], ['native.validate', 'native: `validate_request_out` (rules, ECRIS messages, XML, email)'], ['native.serialize', 'native: writing the answer JSON']]) {
  const s = fig('native', k);
  row(label, us(s), ratio(s), '', '');
}
const nc = fig('native', 'native.checkRequestOut');
row('native: the form check `checkRequestOut` through `call_json`', us(nc), ratio(nc), '≤ 5 µs p50', check(nc && nc.p50 <= 5));
const reused = fig('wasmtime', 'wasmtime.reused');
row('wasmtime, reused instance per worker', us(reused), ratio(reused), '≤ 2× native', check(reused && reused.p50 <= 2 * native.p50));
const fresh = fig('wasmtime', 'wasmtime.fresh');
row('wasmtime, fresh pooled instance per request (`Runtime::call`)', us(fresh), ratio(fresh), '≤ reused + 25 µs p50', check(fresh && reused && fresh.p50 <= reused.p50 + 25));
for (const k of ['wasmtime.reused.throughput', 'wasmtime.fresh.throughput']) {
  const t = fig('wasmtime', k);
  if (t) row(`${k.replace('.throughput', '')}: throughput, ${t.workers} workers`, `${f1(t.value)} calls/s`, `${f1((nativeRatePerCore * t.workers) / t.value)}×`, '', '');
}
const ns = fig('node', 'node.string');
row('node 20, JSON-string path (`validateRequestOutJson`)', us(ns), ratio(ns), '', '');
const no = fig('node', 'node.object');
row('node 20, object path (`validateRequestOut(object)`)', us(no), ratio(no), '≤ 1.2× the string path', check(no && ns && no.p50 <= 1.2 * ns.p50));
const nck = fig('node', 'node.checkRequestOut');
// The verdict is judged side by side (ajv-bench.mjs: each input's icce check and ajv's all-errors
// validation timed one after the other in one process); the phase figures beside it are context.
const pairIcce = fig('ajv', 'pair.icceCheck');
const pairAjv = fig('ajv', 'pair.ajvAllErrors');
row('node 20, the form check (`checkRequestOutJson`), timed in its own phase', us(nck), ratio(nck), '', '');
row(
  'node 20, the form check side by side with ajv all errors, input by input (icce / ajv)',
  pairIcce && pairAjv ? `${f1(pairIcce.p50)} / ${f1(pairAjv.p50)} µs p50 (${f1(pairIcce.p50 / pairAjv.p50)}×), ${f1(pairIcce.p99)} / ${f1(pairAjv.p99)} µs p99` : 'not measured',
  ratio(pairIcce),
  '≤ ajv all errors (same run), p50',
  check(pairIcce && pairAjv ? pairIcce.p50 <= pairAjv.p50 : undefined),
);
const cp = fig('chromium', 'chromium.pageChange');
row('Chromium, the demo page per change (its handler: read without rewriting, `checkRequestOut`, status where changed, layout)', us(cp, 'p95'), ratio(cp, 'p95'), '≤ 16 ms p95 (one frame)', check(cp && cp.p95 <= 16000));
const cpm = fig('chromium', 'chromium.pageChangeModule');
row('Chromium, the page per change: the module part only (stringify + `checkRequestOut` + parse)', us(cpm, 'p95'), ratio(cpm, 'p95'), '', '');
const cf = fig('chromium', 'chromium.formChange');
row('Chromium, for comparison: full validation per change (read with pruning, `validateRequestOut`, errors, layout)', us(cf, 'p95'), ratio(cf, 'p95'), '≤ 16 ms p95 (one frame)', check(cf && cf.p95 <= 16000));
const cfm = fig('chromium', 'chromium.formChangeModule');
row('Chromium, full validation per change: the module part only (stringify + call + parse)', us(cfm, 'p95'), ratio(cfm, 'p95'), '', '');
const cm = fig('chromium', 'chromium.moduleString');
row('Chromium, module alone over the corpus (string path)', us(cm), ratio(cm), '', '');
for (const [k, label] of [['ajv.firstError', 'ajv 8 (peer), schema, first error'], ['ajv.allErrors', 'ajv 8 (peer), schema, all errors'], ['ajv.parseAndValidate', 'ajv 8 (peer), JSON.parse + schema, first error']]) {
  const s = fig('ajv', k);
  row(label, us(s), ratio(s), '', '');
}
const sv = fig('serve', 'serve.saturation');
const served = (s) => (s ? `${f1(s.value)} validations/s, p99 ${f1(s.p99)} ms${s.non200 ? `, ${s.non200} not 200` : ''}` : 'not measured');
const perCore = (s) => (s ? `${f1((nativeRatePerCore * cores) / s.value)}× (per core)` : '–');
row(`\`icce serve\` under wrk, most throughput (${sv?.connections ?? '?'} connections)`, served(sv), perCore(sv), '', '');
// The budget is judged at the best level whose p99 is within 5 ms (none: missed).
const sw = fig('serve', 'serve.withinP99');
row(
  `\`icce serve\` under wrk, most throughput with p99 ≤ 5 ms (${sw ? `${sw.connections} connections` : 'no level'})`,
  sw ? served(sw) : 'no level had p99 ≤ 5 ms',
  perCore(sw),
  '≥ 15,000/s, p99 ≤ 5 ms',
  check(sw && sw.value >= 15000 && sw.p99 <= 5),
);
const size = fig('host', 'module.size');
row('module size (icce_wasm_bg.wasm)', size ? `${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli` : 'not measured', '–', '≤ 200 KB gzip', check(size && size.gzip <= 200 * 1000));
const cold = fig('host', 'host.coldStart');
row('host cold start (new process: load `.cwasm` + first answer)', cold ? `${f1(cold.value)} ms (load ${f1(cold.loadMs)} + first call ${f1(cold.firstCallMs)})` : 'not measured', cold ? `${f1((cold.value * 1000) / native.p50)} native calls` : '–', '≤ 5 ms', check(cold && cold.value <= 5));
const cli = fig('host', 'host.cliProcess');
row('`icce validate` whole process', cli ? `${f1(cli.value)} ms` : 'not measured', cli ? `${f1((cli.value * 1000) / native.p50)} native calls` : '–', '', '');
const bi = fig('chromium', 'chromium.init');
row('browser init (fresh page: glue + fetch + compile + instantiate + first answer)', bi ? `${f1(bi.value)} ms (compile+instantiate ${f1(bi.fetchCompileInstantiateMs)}, first call ${f1(bi.firstCallMs)})` : 'not measured', bi ? `${f1((bi.value * 1000) / native.p50)} native calls` : '–', '≤ 30 ms', check(bi && bi.value <= 30));
const boot = fig('chromium', 'chromium.demoBoot');
row('demo page boot (navigation to ready)', boot ? `${f1(boot.value)} ms` : 'not measured', '–', '', '');
const ni = fig('node', 'node.init');
row('node init (compile + instantiate + first answer)', ni ? `${f1(ni.value)} ms` : 'not measured', ni ? `${f1((ni.value * 1000) / native.p50)} native calls` : '–', '', '');

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cores} vCPU (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`;
let rev = '';
try {
  const dirty = execSync('git status --porcelain --untracked-files=no -- core/src wasm/src host/src', { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
  rev = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim() + (dirty.length ? ` (uncommitted: ${dirty.join(', ')})` : '');
} catch {}
const load = ['load-before.txt', 'load-after.txt'].map((f) => (existsSync(join(OUT, f)) ? readFileSync(join(OUT, f), 'utf8').replace(/.*load average:/s, '').trim() : '?'));
const lines = [
  `Load average (1, 5, 15 min) before the run: ${load[0]}; after: ${load[1]}.`,
  '',
  `Machine: ${machine}. Date: ${new Date().toISOString()}. Commit: ${rev}. Corpus: ${summary ? `${summary.total} inputs (${summary.synthetic} synthetic, seed ${summary.seed}, + ${summary.vectors} vectors), sha256 ${summary.sha256.slice(0, 16)}…` : '?'}.`,
  '',
  '| figure | measured | × native (p50 / tail) | budget | |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.figure} | ${r.measured} | ${r.vsNative} | ${r.budget} | ${r.verdict} |`),
];
const text = lines.join('\n') + '\n';
writeFileSync(join(OUT, 'results.md'), text);
writeFileSync(join(OUT, 'results.json'), JSON.stringify({ machine, rev, rows, results, summary }, null, 2) + '\n');
console.log(text);
