// The packed package in Debian's Chromium (playwright-core), three ways a user loads it: the
// README's bundler example through Vite's development server (dependency pre-bundling on) and
// through `vite build` + `vite preview`, and the README's browser example with no bundler (an
// import map, from a plain static server). Each page must show `outcome: incomplete` with no
// error in the console. Then CORS: a page on an origin `icce serve` allows calls it and reads its
// headers; a page on another origin is refused by the browser.
//
// Usage: node check-browser.mjs ICCE_URL ALLOWED_PORT   (icce serve runs with
// --cors-allow-origin http://127.0.0.1:ALLOWED_PORT)
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build, createServer, preview } from 'vite';

const [icceUrl, allowedPort] = process.argv.slice(2);
const root = process.cwd();
const results = [];
const t0 = Date.now();
const at = (what) => results.push(`  [${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);
const profile = mkdtempSync(join(tmpdir(), 'icce-consumer-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function expectOutcome(name, url, mustRequest) {
  const page = await context.newPage();
  const problems = [];
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  // Every failed request is named; the browser's own request for /favicon.ico is not the page's.
  const failed = [];
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(`${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  const started = Date.now();
  await page.goto(url);
  const text = await page.locator('output').textContent({ timeout: 30_000 });
  if (text !== 'outcome: incomplete') throw new Error(`${name}: the page shows ${JSON.stringify(text)}`);
  problems.push(...failed);
  if (mustRequest && !requested.some((u) => mustRequest.test(u))) problems.push(`no request matched ${mustRequest}: ${requested.join(' ')}`);
  if (problems.length) throw new Error(`${name}: console errors or failed requests:\n${problems.join('\n')}`);
  results.push(`${name}: ${text} (${Date.now() - started} ms)`);
  return page;
}

// A static file server for the no-bundler page (and a second origin for the CORS refusal).
function staticServer(dir, port) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createHttpServer((req, res) => {
    const path = resolve(dir, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.startsWith(dir) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

at('chromium started');
try {
  // 1. Vite's development server, no configuration: dependency pre-bundling moves the glue.
  const dev = await createServer({ root, logLevel: 'error', server: { host: '127.0.0.1', port: Number(allowedPort), strictPort: true } });
  await dev.listen();
  // The package is served pre-bundled, from Vite's cache folder: the case that broke.
  const devPage = await expectOutcome('vite dev (dependency pre-bundling)', `http://127.0.0.1:${allowedPort}/`, /\/node_modules\/\.vite\/deps\/icce\.js/);

  // CORS, from the allowed origin: the call works and the x-icce-* headers can be read.
  const allowed = await devPage.evaluate(async (url) => {
    const r = await fetch(`${url}/v1/listRules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return { status: r.status, module: r.headers.get('x-icce-module-sha256'), outcome: (await r.json()).outcome };
  }, icceUrl);
  if (allowed.status !== 200 || allowed.outcome !== 'ok' || !/^[0-9a-f]{64}$/.test(allowed.module ?? '')) throw new Error(`CORS from the allowed origin: ${JSON.stringify(allowed)}`);
  results.push(`cors: a page on http://127.0.0.1:${allowedPort} calls icce serve (${allowed.status}, module ${allowed.module.slice(0, 12)}…)`);
  await dev.close();
  at('vite dev closed');

  // 2. vite build, then vite preview: the .wasm is emitted as an asset.
  const outDir = join(root, 'dist');
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  at('vite build done');
  const assets = readdirSync(join(outDir, 'assets'));
  if (!assets.some((f) => f.endsWith('.wasm'))) throw new Error(`vite build emitted no .wasm: ${assets.join(', ')}`);
  results.push(`vite build: emitted ${assets.filter((f) => f.endsWith('.wasm')).join(', ')}`);
  const preview_ = await preview({ root, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  const previewUrl = preview_.resolvedUrls.local[0];
  await expectOutcome('vite build + preview', previewUrl, /\/assets\/icce_wasm_bg-[^/]*\.wasm$/);
  await preview_.close();
  at('vite preview closed');

  // 3. No bundler: the README's page with its import map, from a plain static server.
  const plain = await staticServer(root, 0);
  const plainUrl = `http://127.0.0.1:${plain.address().port}`;
  const plainPage = await expectOutcome('browser, no bundler', `${plainUrl}/browser.html`, /\/node_modules\/icce\/icce_wasm_bg\.wasm$/);
  // CORS from an origin icce serve does not allow: the browser refuses the call.
  const refused = await plainPage.evaluate(async (url) => {
    try {
      await fetch(`${url}/v1/listRules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return 'answered';
    } catch (e) {
      return `refused (${e.name})`;
    }
  }, icceUrl);
  if (!refused.startsWith('refused')) throw new Error(`CORS from another origin was ${refused}`);
  results.push(`cors: a page on ${plainUrl} is ${refused} by the browser`);
  plain.closeAllConnections();
  plain.close();
} finally {
  at('closing chromium');
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
at('done');
console.log(results.join('\n'));
