// `icce serve` under wrk on loopback (BENCHMARKS.md): POST /v1/validateRequestOut with the corpus's
// synthetic requests in turn, at a sweep of connection counts; throughput and latency
// percentiles at each, the level that gave the most throughput ("saturation"), and the one that gave
// the most with its p99 within 5 ms (the budget's level, "withinP99").
// The server is the release build (target/release/icce; ICCE_TARGET_PROFILE, bench/lib.mjs), started on a free loopback port and
// stopped by its own pid. Traffic goes to 127.0.0.1 only; each run is bounded in time.
//
//   node bench/serve-bench.mjs   (ICCE_BENCH_WRK_SECONDS=10, ICCE_BENCH_WRK_CONNECTIONS=4,16,64)
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, OUT, BUILD, corpus, writeResult } from './lib.mjs';

const ICCE = process.env.ICCE_BIN ?? join(BUILD, 'icce');
const SECONDS = Number(process.env.ICCE_BENCH_WRK_SECONDS ?? 10);
const LEVELS = (process.env.ICCE_BENCH_WRK_CONNECTIONS ?? '4,16,64').split(',').map(Number);
const THREADS = Number(process.env.ICCE_BENCH_WRK_THREADS ?? 2);
if (!existsSync(ICCE)) throw new Error(`serve: ${ICCE} is missing: cargo build --release -p icce-host (or the build ICCE_TARGET_PROFILE names)`);

function wrkVersion() {
  try {
    return execFileSync('wrk', ['-v'], { encoding: 'utf8' }).split('\n')[0];
  } catch (e) {
    return String(e.stdout ?? '').split('\n')[0] || 'wrk';
  }
}

const { texts, meta } = corpus();
const bodies = texts.filter((_, i) => meta[i]?.source === 'synthetic' && !texts[i].includes('\n'));
const bodiesFile = join(OUT, 'wrk-bodies.txt');
writeFileSync(bodiesFile, bodies.join('\n') + '\n');

const server = spawn(ICCE, ['serve', '--addr', '127.0.0.1:0'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } });
let log = '';
const port = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`serve: no port in 60 s:\n${log}`)), 60_000);
  server.stderr.on('data', (d) => {
    log += d;
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
    if (m) {
      clearTimeout(timer);
      resolve(Number(m[1]));
    }
  });
  server.on('exit', (code) => reject(new Error(`serve: exited with ${code}:\n${log}`)));
});
const base = `http://127.0.0.1:${port}`;
try {
  // Same answer over HTTP as in-process (spot check) and a short warm-up.
  const r = await fetch(`${base}/v1/validateRequestOut`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] });
  if (r.status !== 200) throw new Error(`serve: HTTP ${r.status}`);
  const wrk = (connections, seconds) =>
    JSON.parse(
      execFileSync('wrk', ['-t', String(Math.min(THREADS, connections)), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '5s', '-s', join(root, 'bench/wrk/post.lua'), base], {
        env: { ...process.env, BODIES: bodiesFile },
        encoding: 'utf8',
        timeout: (seconds + 30) * 1000,
      })
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop(),
    );
  wrk(4, Math.min(2, SECONDS));
  const sweep = [];
  for (const c of LEVELS) {
    const w = wrk(c, SECONDS);
    // Only 200 answers count as validations; wrk's latency covers every response.
    const ok = w.requests - w.errors.status;
    const rps = ok / (w.durationUs / 1e6);
    sweep.push({ connections: c, threads: Math.min(THREADS, c), rps, non200: w.errors.status, ...w });
    console.error(`serve: ${c} connections: ${rps.toFixed(0)} validations/s (200), ${w.errors.status} not 200, p50 ${w.latencyUs.p50} µs, p99 ${w.latencyUs.p99} µs`);
  }
  const best = sweep.reduce((a, b) => (b.rps > a.rps ? b : a));
  // The budget is a rate at a latency: the most throughput among the levels whose p99 is within 5 ms.
  const P99_BUDGET_US = 5000;
  const within = sweep.filter((l) => l.latencyUs.p99 <= P99_BUDGET_US).reduce((a, b) => (a && a.rps >= b.rps ? a : b), null);
  const figure = (l) => ({ unit: 'req/s', value: l.rps, connections: l.connections, p50: l.latencyUs.p50 / 1000, p99: l.latencyUs.p99 / 1000, latencyUnit: 'ms', non200: l.non200, requests: l.requests });
  writeResult('serve', {
    harness: 'serve',
    wrk: wrkVersion(),
    seconds: SECONDS,
    bodies: bodies.length,
    sweep,
    figures: {
      'serve.saturation': figure(best),
      ...(within ? { 'serve.withinP99': figure(within) } : {}),
    },
  });
} finally {
  server.kill('SIGTERM');
}
