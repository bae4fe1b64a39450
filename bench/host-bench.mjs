// Module size and host cold start (BENCHMARKS.md):
//  - the module's size raw, gzip -9 and brotli (quality 11), as a browser would download it;
//  - host cold start: a fresh process loads the module (its `.cwasm` cache present, as after the
//    first start) and gives its first answer (host/examples/bench_wasmtime.rs `cold`), median of
//    ICCE_BENCH_COLD runs; and the whole `icce validate` process, median wall time;
//  - the instance pool check (`bench_wasmtime pool`): how many instances a pool sized like the
//    host's holds at once.
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { root, BUILD, writeResult } from './lib.mjs';

const RUNS = Number(process.env.ICCE_BENCH_COLD ?? 9);
const example = join(BUILD, 'examples/bench_wasmtime');
const icce = join(BUILD, 'icce');
for (const f of [example, icce]) if (!existsSync(f)) throw new Error(`host: ${f} is missing: cargo build --release -p icce-host --examples (or the build ICCE_TARGET_PROFILE names)`);

const wasm = readFileSync(join(root, 'web-demo/pkg/icce_wasm_bg.wasm'));
const glue = readFileSync(join(root, 'web-demo/pkg/icce_wasm.js'));
const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The first start writes the cache if it is missing; it is not counted.
execFileSync(example, ['cold'], { cwd: root, encoding: 'utf8' });
const cold = [];
for (let i = 0; i < RUNS; i++) cold.push(JSON.parse(execFileSync(example, ['cold'], { cwd: root, encoding: 'utf8' }).trim()));
const cli = [];
for (let i = 0; i < RUNS; i++) {
  const t = process.hrtime.bigint();
  try {
    execFileSync(icce, ['validate', join(root, 'samples/request-ready.json'), '--format', 'json'], { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] });
  } catch (e) {
    if (e.status !== 0) throw e;
  }
  cli.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const pool = JSON.parse(execFileSync(example, ['pool'], { cwd: root, encoding: 'utf8' }).trim());
writeResult('host', {
  harness: 'host',
  cold,
  pool,
  figures: {
    'module.size': { unit: 'bytes', raw: wasm.length, gzip: gz(wasm), brotli: br(wasm), glueRaw: glue.length, glueGzip: gz(glue) },
    'host.coldStart': { unit: 'ms', value: median(cold.map((c) => c.totalMs)), loadMs: median(cold.map((c) => c.loadMs)), firstCallMs: median(cold.map((c) => c.firstCallMs)), secondCallMs: median(cold.map((c) => c.secondCallMs)), fromCache: cold.every((c) => c.fromCache), runs: cold.length },
    'host.cliProcess': { unit: 'ms', value: median(cli), runs: cli.length },
  },
});
