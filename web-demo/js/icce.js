// The module, loaded in the browser through its wasm-bindgen `--target web` glue, and the same
// operation asked of `icce serve` (wasmtime), so the page can show that both gave one answer.
//
// The page holds no rules: every judgement it shows comes from `call(operation, json)`.

let glue = null;
let browserModuleSha256 = null;
let versionInfo = null;

export class ModuleMissing extends Error {}

/**
 * Fetch the module's bytes once, hash them (SHA-256, crypto.subtle) and instantiate the glue
 * with those very bytes, so the hash shown is the hash of the code that runs.
 */
export async function loadModule() {
  if (glue) return;
  const wasmUrl = new URL('../pkg/icce_wasm_bg.wasm', import.meta.url);
  // The module's bytes are asked for first, so that they travel while the glue is fetched and
  // compiled (BENCHMARKS.md, eleventh session); a failed fetch is reported below, not twice.
  const wasmResponse = fetch(wasmUrl);
  wasmResponse.catch(() => {});
  let g;
  try {
    g = await import('../pkg/icce_wasm.js');
  } catch (e) {
    throw new ModuleMissing(`the module's JavaScript glue (pkg/icce_wasm.js) could not be loaded: ${e.message}`);
  }
  let resp;
  try {
    resp = await wasmResponse;
  } catch (e) {
    throw new ModuleMissing(`pkg/icce_wasm_bg.wasm could not be fetched: ${e.message}`);
  }
  if (!resp.ok) throw new ModuleMissing(`pkg/icce_wasm_bg.wasm answered HTTP ${resp.status}`);
  const bytes = await resp.arrayBuffer();
  browserModuleSha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  await g.default({ module_or_path: bytes });
  glue = g;
  versionInfo = typeof g.version === 'function' ? g.version() : null;
}

export function moduleSha256() {
  return browserModuleSha256;
}

export function moduleVersion() {
  return versionInfo;
}

/** One operation, JSON text in and JSON text out (the same path the host takes). */
export function callText(operation, json) {
  if (!glue) throw new ModuleMissing('the module is not loaded');
  return glue.call(operation, json);
}

export function call(operation, input) {
  return JSON.parse(callText(operation, typeof input === 'string' ? input : JSON.stringify(input)));
}

/** `quarterlyProfile` through the wasm-bindgen object face (a JS object in, a JS object out). */
export function quarterlyProfile(input) {
  if (!glue) throw new ModuleMissing('the module is not loaded');
  return glue.quarterlyProfile(input);
}

const rulesCache = new Map();

/** `showRules` for one code, cached (the rule book does not change while the page is open). */
export function showRules(code) {
  if (!rulesCache.has(code)) rulesCache.set(code, call('showRules', { country: code }));
  return rulesCache.get(code);
}

let listCache = null;
export function listRules() {
  if (!listCache) listCache = call('listRules', {});
  return listCache;
}

/** JSON with every object's keys sorted, so two answers compare by meaning, not key order. */
export function canonical(value) {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  }
  return v;
}

/** Strip a `sha256:` prefix and lower-case, so header and browser hashes compare as hex. */
export function normaliseHash(h) {
  return h ? String(h).trim().replace(/^sha256:/i, '').toLowerCase() : null;
}

/**
 * Send the same JSON to `POST /v1/<operation>` and compare the server's answer with the
 * module's, canonically. Never throws: a failure to reach the server is reported in the result.
 */
export async function askServer(operation, json, moduleAnswerText) {
  const result = {
    reached: false,
    status: null,
    identical: false,
    byteIdentical: false,
    serverModuleSha256: null,
    serverRulebookHash: null,
    browserModuleSha256,
    browserRulebookHash: versionInfo?.rulebookHash ?? null,
    problem: null,
  };
  let resp;
  try {
    resp = await fetch(`/v1/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
      cache: 'no-store',
    });
  } catch (e) {
    result.problem = `the server could not be reached (${e.message})`;
    return result;
  }
  result.reached = true;
  result.status = resp.status;
  result.serverModuleSha256 = resp.headers.get('x-icce-module-sha256');
  result.serverRulebookHash = resp.headers.get('x-icce-rulebook-hash');
  const text = await resp.text();
  let serverAnswer;
  try {
    serverAnswer = JSON.parse(text);
  } catch {
    result.problem = `the server's answer (HTTP ${resp.status}) is not JSON`;
    return result;
  }
  // An unusable answer comes wrapped in an RFC 9457 problem document: its standard members are
  // the server's, the rest is the module's answer.
  result.wrapped = /application\/problem\+json/.test(resp.headers.get('content-type') ?? '');
  if (result.wrapped && serverAnswer && typeof serverAnswer === 'object') {
    for (const k of ['type', 'title', 'status', 'detail', 'instance', 'help']) delete serverAnswer[k];
  }
  const moduleAnswer = JSON.parse(moduleAnswerText);
  result.identical = canonical(serverAnswer) === canonical(moduleAnswer);
  if (!result.identical) result.difference = firstDifference(moduleAnswer, serverAnswer);
  result.byteIdentical = !result.wrapped && text === moduleAnswerText;
  result.sameModule = normaliseHash(result.serverModuleSha256) === normaliseHash(browserModuleSha256);
  result.sameRulebook =
    result.serverRulebookHash === null || normaliseHash(result.serverRulebookHash) === normaliseHash(result.browserRulebookHash);
  if (!result.identical) result.problem = 'the server gave a different answer';
  else if (!result.serverModuleSha256) result.problem = 'the server did not say which module it runs (no x-icce-module-sha256 header)';
  else if (!result.sameModule) result.problem = 'the server runs a different module';
  else if (!result.sameRulebook) result.problem = 'the server reports a different rule book';
  return result;
}

/** The first place two JSON values differ: { pointer, browser, server }. */
export function firstDifference(a, b, pointer = '') {
  if (canonical(a) === canonical(b)) return null;
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], `${pointer}/${k}`);
      if (d) return d;
    }
  }
  return { pointer: pointer || '/', browser: a === undefined ? '(absent)' : JSON.stringify(a), server: b === undefined ? '(absent)' : JSON.stringify(b) };
}

function hex(buf) {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}
