// Headless Chromium (Debian's, driven by tests/browser's playwright-core), for BENCHMARKS.md:
//  - the demo page per change, in the real page: a request from the corpus is filled into the
//    form, then one field is edited at a time, and each change runs what the page runs when the
//    user pauses: its own handler (`refreshStatus` of web-demo/js/status.js, which the debounced
//    listener calls; called here at once, without the wait), which reads the form without
//    rewriting it, JSON.stringify, `checkRequestOut`, JSON.parse, writes the request status where
//    its text changed; then the page is laid out (a forced layout, as the next frame would).
//    p50 and p95 per change, the mean of each phase, and how many changes rewrote the status;
//  - for comparison, the full validation per change on the same forms, as the page once did it:
//    read the whole form (pruning its lists), `validateRequestOut`, every error beside its field,
//    layout;
//  - the module alone in the page over the corpus (JSON-string path), per call;
//  - browser init: a fresh page fetching, compiling and instantiating the module and answering
//    once; and the demo's whole boot (navigation to `data-ready`).
// The pages are served from disk by a plain node HTTP server on loopback (a real fetch, as from
// `icce serve`; playwright's request interception passed every body through the DevTools protocol
// and added its cost to the init figure), with COOP/COEP headers so that the page is cross-origin
// isolated and performance.now() has 5 µs resolution, not 100 µs.
//
//   node bench/chromium-bench.mjs   (ICCE_BENCH_FORMS, ICCE_BENCH_CHANGES, ICCE_BENCH_LIMIT, ICCE_BENCH_INITS)
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join, extname, normalize } from 'node:path';
import { root, corpus, stats, writeResult } from './lib.mjs';

const pw = join(root, 'tests/browser/node_modules/playwright-core/index.mjs');
if (!existsSync(pw)) throw new Error('chromium: tests/browser/node_modules is missing: (cd tests/browser && npm ci)');
const { chromium } = await import(pw);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FORMS = Number(process.env.ICCE_BENCH_FORMS ?? 100);
const CHANGES = Number(process.env.ICCE_BENCH_CHANGES ?? 20);
const INITS = Number(process.env.ICCE_BENCH_INITS ?? 7);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ico': 'image/x-icon' };
const webRoot = join(root, 'web-demo');
const BLANK = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>init</title></head><body></body></html>';

const { texts, meta } = corpus();
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  if (url.pathname === '/__bench/blank.html') return res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(BLANK);
  const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(webRoot, rel);
  if (!file.startsWith(webRoot) || !existsSync(file)) return res.writeHead(404, headers).end('not found');
  res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const ORIGIN = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'icce-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // ---- browser init: a fresh page each time ----
  const init = [];
  for (let i = 0; i < INITS; i++) {
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/__bench/blank.html`);
    init.push(
      await page.evaluate(async (sample) => {
        // The module's bytes asked for before the glue, as the demo page does (web-demo/js/icce.js),
        // so that they travel while the glue is fetched and compiled.
        const t0 = performance.now();
        const wasm = fetch('/pkg/icce_wasm_bg.wasm');
        const g = await import('/pkg/icce_wasm.js');
        const t1 = performance.now();
        await g.default({ module_or_path: wasm });
        const t2 = performance.now();
        const a = JSON.parse(g.validateRequestOutJson(sample));
        const t3 = performance.now();
        if (a.outcome !== 'ready') throw new Error('init: sample not ready');
        return { glueMs: t1 - t0, fetchCompileInstantiateMs: t2 - t1, firstCallMs: t3 - t2, totalMs: t3 - t0, isolated: crossOriginIsolated };
      }, readFileSync(join(root, 'samples/request-ready.json'), 'utf8')),
    );
    await page.close();
  }
  const boot = [];
  for (let i = 0; i < Math.min(INITS, 5); i++) {
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${ORIGIN}/`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
    boot.push(Date.now() - t0);
    await page.close();
  }

  // ---- the demo form, per change: the page's own handler, and the full validation ----
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${ORIGIN}/#/request`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
  await page.waitForSelector('#request-form');
  const isolated = await page.evaluate(() => crossOriginIsolated);
  // Forms: synthetic requests spread over the corpus (every country comes round in turn).
  const picks = [];
  const synthetic = meta.map((m, i) => [m, i]).filter(([m]) => m.source === 'synthetic');
  for (let k = 0; k < FORMS && synthetic.length; k++) picks.push(texts[synthetic[Math.floor((k * synthetic.length) / FORMS)][1]]);
  const form = await page.evaluate(
    async ({ picks, changes }) => {
      const f = await import('/js/form.js');
      const icce = await import('/js/icce.js');
      const status = await import('/js/status.js');
      const fieldsOf = () => [...document.querySelectorAll('#request-form input[type=text]:not([hidden]), #request-form input:not([type]), #request-form textarea')].filter((n) => n.offsetParent !== null);
      // One edit: a character typed, or the last one deleted; the events a keystroke fires.
      const edit = (field, c) => {
        field.value = c % 2 ? field.value.slice(0, -1) : `${field.value}e`;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      };
      const perMs = (phases, calls) => Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, (v * 1000) / Math.max(calls, 1)]));
      const live = { ns: [], nsModule: [], phases: { events: 0, readForm: 0, stringify: 0, call: 0, parse: 0, status: 0, layout: 0 }, outcomes: {}, statusWrites: 0, calls: 0 };
      const full = { ns: [], nsModule: [], phases: { events: 0, readForm: 0, stringify: 0, call: 0, parse: 0, showErrors: 0, layout: 0 }, outcomes: {}, calls: 0 };
      for (const text of picks) {
        const input = JSON.parse(text);

        // What the page does per change. The form is filled and its status shown as loading a
        // scenario does; finding the visible fields lays the page out before the first edit.
        f.clearErrors();
        f.fillForm(input);
        status.refreshStatus();
        let fields = fieldsOf();
        for (let c = 0; c < changes && fields.length; c++) {
          const field = fields[c % fields.length];
          const t0 = performance.now();
          edit(field, c);
          const t1 = performance.now();
          const at = {};
          const r = status.refreshStatus((phase) => (at[phase] = performance.now()));
          void document.body.offsetHeight; // lay out, as the next frame would
          const t2 = performance.now();
          if (!r?.outcome) throw new Error('the page could not check the form');
          live.ns.push((t2 - t0) * 1e6);
          live.nsModule.push((at.parse - at.readForm) * 1e6);
          live.phases.events += t1 - t0;
          live.phases.readForm += at.readForm - t1;
          live.phases.stringify += at.stringify - at.readForm;
          live.phases.call += at.call - at.stringify;
          live.phases.parse += at.parse - at.call;
          live.phases.status += at.status - at.parse;
          live.phases.layout += t2 - at.status;
          live.outcomes[r.outcome] = (live.outcomes[r.outcome] ?? 0) + 1;
          if (r.changed) live.statusWrites++;
          live.calls++;
        }

        // The full validation per change, for comparison: the same form and edits, measured as
        // before the page checked with `checkRequestOut`.
        f.fillForm(input);
        fields = fieldsOf();
        for (let c = 0; c < changes && fields.length; c++) {
          const field = fields[c % fields.length];
          const t0 = performance.now();
          edit(field, c);
          const t1 = performance.now();
          const body = f.readForm();
          const t2 = performance.now();
          const json = JSON.stringify({ context: input.context, ...body });
          const t3 = performance.now();
          const answerText = icce.callText('validateRequestOut', json);
          const t4 = performance.now();
          const answer = JSON.parse(answerText);
          const t5 = performance.now();
          f.showErrors((answer.diagnostics ?? []).filter((d) => d.severity === 'error'));
          const t6 = performance.now();
          void document.body.offsetHeight; // lay out, as the next frame would
          const t7 = performance.now();
          full.ns.push((t7 - t0) * 1e6);
          full.nsModule.push((t5 - t2) * 1e6);
          full.phases.events += t1 - t0;
          full.phases.readForm += t2 - t1;
          full.phases.stringify += t3 - t2;
          full.phases.call += t4 - t3;
          full.phases.parse += t5 - t4;
          full.phases.showErrors += t6 - t5;
          full.phases.layout += t7 - t6;
          full.outcomes[answer.outcome] = (full.outcomes[answer.outcome] ?? 0) + 1;
          full.calls++;
        }
      }
      f.clearErrors();
      return {
        live: { ns: live.ns, nsModule: live.nsModule, outcomes: live.outcomes, statusWrites: live.statusWrites, calls: live.calls, phases: perMs(live.phases, live.calls) },
        full: { ns: full.ns, nsModule: full.nsModule, outcomes: full.outcomes, calls: full.calls, phases: perMs(full.phases, full.calls) },
      };
    },
    { picks, changes: CHANGES },
  );
  // ---- the module alone in the page, per call, on the corpus ----
  const moduleOnly = await page.evaluate(async (texts) => {
    const icce = await import('/js/icce.js');
    for (let w = 0; w < 2; w++) for (const t of texts) icce.callText('validateRequestOut', t);
    const ns = [];
    for (const t of texts) {
      const t0 = performance.now();
      icce.callText('validateRequestOut', t);
      ns.push((performance.now() - t0) * 1e6);
    }
    return ns;
  }, texts.slice(0, Number(process.env.ICCE_BENCH_BROWSER_CALLS ?? 3000)));
  await page.close();
  if (consoleErrors.length) throw new Error(`chromium: console errors:\n${consoleErrors.join('\n')}`);

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  writeResult('chromium', {
    harness: 'chromium',
    chromium: context.browser()?.version() ?? null,
    crossOriginIsolated: isolated,
    timerResolutionUs: isolated ? 5 : 100,
    forms: picks.length,
    changesPerForm: CHANGES,
    pageChangeOutcomes: form.live.outcomes,
    pageChangeStatusWrites: form.live.statusWrites,
    pageChangeMeanUsByPhase: form.live.phases,
    formOutcomes: form.full.outcomes,
    formChangeMeanUsByPhase: form.full.phases,
    init,
    figures: {
      'chromium.pageChange': stats(form.live.ns),
      'chromium.pageChangeModule': stats(form.live.nsModule),
      'chromium.formChange': stats(form.full.ns),
      'chromium.formChangeModule': stats(form.full.nsModule),
      'chromium.moduleString': stats(moduleOnly),
      'chromium.init': { unit: 'ms', value: median(init.map((x) => x.totalMs)), fetchCompileInstantiateMs: median(init.map((x) => x.fetchCompileInstantiateMs)), firstCallMs: median(init.map((x) => x.firstCallMs)), runs: init.length },
      'chromium.demoBoot': { unit: 'ms', value: median(boot), runs: boot.length },
    },
  });
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
