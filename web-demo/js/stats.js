// Statistics (#/stats): the quarterly profile of the synthetic sample log. The browser counts it
// with the module (`quarterlyProfile` through the wasm-bindgen face); the chart is the one
// `icce serve` draws (`POST /stats/chart.svg`), shown from a blob URL. The page holds no rules: it
// reads lines, hands them to the module (in chunks, carrying the profile so far, as the host
// does) and lays the module's counts out as a table.

import { el, append, clear, para, richText } from './dom.js';
import { quarterlyProfile } from './icce.js';

const LOG_URL = 'assets/data/exchange-log.jsonl';
const CHUNK = 2000;
const PROCESSES = [
  ['requestsOut', 'Requests out'],
  ['requestsIn', 'Requests in'],
  ['notificationsOut', 'Notifications out'],
  ['notificationsIn', 'Notifications in'],
];

let chartUrl = null;

/** JSON Lines to the module, a chunk at a time: the same path as `icce stats`. */
export function profileLog(text) {
  const entries = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    try {
      const v = JSON.parse(t);
      if (v && typeof v === 'object' && !Array.isArray(v)) entries.push(v);
      else badLines += 1;
    } catch {
      badLines += 1;
    }
  }
  let answer = null;
  for (let i = 0; i === 0 || i < entries.length; i += CHUNK) {
    const input = { entries: entries.slice(i, i + CHUNK) };
    if (answer) {
      const { entriesRead, rows, diagnostics, diagnosticsDropped } = answer;
      input.profileSoFar = { entriesRead, rows, diagnostics, diagnosticsDropped };
    }
    answer = quarterlyProfile(input);
    if (answer.outcome === 'unusable') break;
  }
  return { answer, badLines, lines: entries.length + badLines };
}

const number = (n) => Number(n).toLocaleString('en-GB');

function profileTable(answer) {
  const count = (q, p) => answer.totals.find((t) => t.quarter === q && t.process === p)?.count ?? 0;
  const numeric = 'govuk-table__cell govuk-table__cell--numeric';
  return el(
    'table',
    { class: 'govuk-table', id: 'stats-table' },
    el('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, 'Messages exchanged per quarter, by process'),
    el(
      'thead',
      { class: 'govuk-table__head' },
      el(
        'tr',
        { class: 'govuk-table__row' },
        el('th', { scope: 'col', class: 'govuk-table__header' }, 'Quarter'),
        [...PROCESSES.map(([, label]) => label), 'Total'].map((h) => el('th', { scope: 'col', class: 'govuk-table__header govuk-table__header--numeric' }, h)),
      ),
    ),
    el(
      'tbody',
      { class: 'govuk-table__body' },
      answer.quarters.map((q) => {
        const counts = PROCESSES.map(([p]) => count(q, p));
        return el(
          'tr',
          { class: 'govuk-table__row' },
          el('th', { scope: 'row', class: 'govuk-table__header' }, q),
          counts.map((n) => el('td', { class: numeric }, number(n))),
          el('td', { class: numeric }, number(counts.reduce((a, b) => a + b, 0))),
        );
      }),
    ),
  );
}

function chartAlt(answer) {
  const qs = answer.quarters;
  const span = qs.length ? `from ${qs[0]} to ${qs[qs.length - 1]}` : 'with no quarters';
  return `Stacked bar chart: messages exchanged per quarter ${span}, one bar per quarter, stacked by process (requests out, requests in, notifications out, notifications in). The table above gives the same counts.`;
}

/** The chart's box at once, and a promise that settles when the chart (or the message) is in it. */
function loadChart(logText, answer) {
  const box = el('div', { id: 'stats-chart', 'aria-live': 'polite' }, para('Loading the chart from the server…'));
  const show = (...nodes) => {
    clear(box);
    append(box, nodes);
  };
  const done = (async () => {
    let resp;
    try {
      resp = await fetch('stats/chart.svg', { method: 'POST', headers: { 'content-type': 'application/jsonl' }, body: logText, cache: 'no-store' });
    } catch {
      resp = null;
    }
    const svg = resp?.ok && /image\/svg\+xml/.test(resp.headers.get('content-type') ?? '');
    if (!svg) {
      show(noServer(resp));
      box.dataset.state = 'no-server';
      return;
    }
    const blob = await resp.blob();
    if (chartUrl) URL.revokeObjectURL(chartUrl);
    chartUrl = URL.createObjectURL(blob);
    const img = el('img', { class: 'app-chart', src: chartUrl, alt: chartAlt(answer), width: '800', height: '440', id: 'stats-chart-image' });
    show(
      el(
        'figure',
        { class: 'app-figure' },
        img,
        el('figcaption', { class: 'govuk-body-s app-muted' }, 'Drawn by icce serve from the same log; the server counted it with the same module.'),
      ),
      el('p', { class: 'govuk-body' }, el('a', { class: 'govuk-link', href: chartUrl, download: 'quarterly-profile.svg' }, 'Download the chart (SVG)')),
    );
    await img.decode().catch(() => {});
    box.dataset.state = 'chart';
  })();
  return { box, done };
}

function noServer(resp) {
  const why = resp ? `the server answered HTTP ${resp.status}` : 'the server could not be reached';
  return el(
    'div',
    { class: 'govuk-inset-text', id: 'stats-no-server' },
    el('p', { class: 'govuk-body' }, el('strong', {}, 'The chart is not available: '), `${why}. `, 'The chart is drawn by ', el('code', {}, 'icce serve'), ', and this page was not opened from it.'),
    el('p', { class: 'govuk-body' }, 'Start it with ', el('code', {}, 'scripts/run.sh'), ' and open the page it names. The table above needs no server: the browser counted it.'),
  );
}

export async function renderStats(container) {
  clear(container);
  container.removeAttribute('data-stats');
  append(
    container,
    el('h1', { class: 'govuk-heading-l', tabindex: '-1' }, 'Statistics'),
    el(
      'p',
      { class: 'govuk-body-l' },
      'The quarterly profile: messages exchanged with other countries, per quarter and process, from the synthetic sample log.',
    ),
  );
  const body = el('div', { id: 'stats-body' }, para('Loading the sample log…'));
  container.append(body);
  let text;
  try {
    const resp = await fetch(LOG_URL, { cache: 'no-store' });
    if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
    text = await resp.text();
  } catch (e) {
    clear(body);
    append(body, el('div', { class: 'govuk-inset-text' }, `The sample log (${LOG_URL}) could not be loaded (${e.message}): build the page assets with scripts/build-demo.sh.`));
    container.setAttribute('data-stats', 'ready');
    return;
  }
  const { answer, badLines, lines } = profileLog(text);
  clear(body);
  if (answer.outcome === 'unusable') {
    append(body, el('div', { class: 'govuk-inset-text' }, 'The module could not profile the log: ', richText(answer.diagnostics[0]?.message ?? '')));
    container.setAttribute('data-stats', 'ready');
    return;
  }
  const leftOut = answer.diagnostics.length + answer.diagnosticsDropped + badLines;
  const chart = loadChart(text, answer);
  append(
    body,
    para(
      `${number(lines)} log lines (process, country, date and outcome; no personal data), counted in this browser by the rule engine. `,
      leftOut ? `${number(leftOut)} were left out.` : 'Every line was counted.',
    ),
    profileTable(answer),
    el('h2', { class: 'govuk-heading-m' }, 'Chart'),
    chart.box,
  );
  await chart.done.catch(() => {});
  container.setAttribute('data-stats', 'ready');
}
