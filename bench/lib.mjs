// Shared by the node harnesses: the corpus, percentiles, results files.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = resolve(process.env.ICCE_BENCH_DIR ?? join(root, 'bench/out'));
export const PASSES = Number(process.env.ICCE_BENCH_PASSES ?? 2);
export const LIMIT = Number(process.env.ICCE_BENCH_LIMIT ?? Infinity);
/** The cargo build the harnesses run: `target/release` unless ICCE_TARGET_PROFILE names another
 *  (the test command's smoke runs them on the debug build its tests already made); CARGO_TARGET_DIR
 *  honoured, as cargo does. Timings are only worth quoting from the release build. */
export const BUILD = resolve(root, process.env.CARGO_TARGET_DIR ?? 'target', process.env.ICCE_TARGET_PROFILE ?? 'release');

/** The corpus: exact input texts, and each one's meta line. */
export function corpus() {
  const texts = readFileSync(join(OUT, 'corpus.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const meta = readFileSync(join(OUT, 'corpus-meta.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const n = Math.min(texts.length, LIMIT);
  return { texts: texts.slice(0, n), meta: meta.slice(0, n) };
}

/** Parse what parses; an input that is not JSON stays its text. */
export function asValue(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Percentiles of nanosecond samples, in microseconds. */
export function stats(ns, unit = 'us') {
  const a = Float64Array.from(ns).sort();
  const n = Math.max(a.length, 1);
  const q = (p) => a[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))] / 1000;
  const mean = a.reduce((s, x) => s + x, 0) / n / 1000;
  return { unit, n: a.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), mean, max: q(1) };
}

/** Time `fn(x)` for each x, `passes` times, after one warm-up pass; nanosecond samples. */
export function timeEach(xs, fn, passes = PASSES) {
  for (const x of xs) fn(x);
  const ns = [];
  for (let p = 0; p < passes; p++) {
    for (const x of xs) {
      const t = process.hrtime.bigint();
      fn(x);
      ns.push(Number(process.hrtime.bigint() - t));
    }
  }
  return ns;
}

export function writeResult(name, value) {
  const dir = join(OUT, 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
  console.error(`${name}: -> ${path}`);
}
