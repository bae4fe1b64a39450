// "Request status" beside the form: while the form is filled in, each destination is ready to
// send, incomplete (with how many details it still needs) or cannot be sent yet. All of it is the
// module's `checkRequestOut` answer on the form as it stands; the page only counts the findings
// the module says concern each destination.
//
// It never says which field is wrong: error messages and the error summary appear only when the
// user checks the request, as GOV.UK forms do (checking while someone types interrupts them with
// errors about what they have not finished). The status is a polite live region, so it is written
// only when the text it shows changes: a screen reader hears a change once, and an edit that
// changes nothing costs no DOM work and no layout.

import { el } from './dom.js';
import { callText } from './icce.js';
import { readForm } from './form.js';
import { countryName } from './tables.js';
import { liveStatusLabel, liveStatusColour } from './labels.js';

/** Quiet time after the last edit before the form is checked: one check per pause in typing. */
export const STATUS_DELAY_MS = 200;

let live = null;
let contextOf = null;
let timer = 0;
let shown = null;
let message = null;
let list = null;

/**
 * Build the status box at the end of `container`. `context()` gives the context the page adds
 * to every input (today, the next message sequence number, the sending authority).
 */
export function mountStatus(container, { context }) {
  contextOf = context;
  live = el('div', { role: 'status', id: 'request-status-live', class: 'app-status__live' });
  container.append(
    el(
      'div',
      { class: 'app-aside app-status', id: 'request-status' },
      el('h2', { class: 'govuk-heading-s govuk-!-margin-bottom-2', id: 'request-status-title' }, 'Request status'),
      live,
      el(
        'p',
        { class: 'govuk-body-s app-muted govuk-!-margin-bottom-0', id: 'request-status-hint' },
        'The rule engine checks the form as you fill it in. To see what is missing or wrong, select ‘Check the request’.',
      ),
    ),
  );
}

/** After an edit: check once the user pauses, not on every keystroke. */
export function scheduleStatus() {
  if (!live) return;
  clearTimeout(timer);
  timer = setTimeout(refreshStatus, STATUS_DELAY_MS);
}

const noop = () => {};

/**
 * Check the form now and show the result; a pending scheduled check is dropped, being the same
 * question. `mark(phase)` is called after each phase (for the benchmark). Returns the module's
 * outcome and whether the text shown changed; an `app:status-checked` event says the same.
 */
export function refreshStatus(mark = noop) {
  clearTimeout(timer);
  timer = 0;
  if (!live) return null;
  let view;
  let outcome;
  try {
    const body = readForm({ prune: false });
    mark('readForm');
    const json = JSON.stringify({ context: contextOf(), ...body });
    mark('stringify');
    const text = callText('checkRequestOut', json);
    mark('call');
    const answer = JSON.parse(text);
    mark('parse');
    outcome = answer.outcome;
    view = viewOf(answer);
  } catch (e) {
    console.error(e);
    view = { message: 'The rule engine could not check the form just now.' };
  }
  const changed = show(view);
  mark('status');
  live.dispatchEvent(new CustomEvent('app:status-checked', { bubbles: true, detail: { outcome, changed } }));
  return { outcome, changed };
}

// ---------------------------------------------------------------------------------------------
// The answer as text

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** What each destination shows: its name, the status the module gave it, and what holds it back. */
function viewOf(answer) {
  if (answer.outcome === 'unusable' || !Array.isArray(answer.destinations)) {
    return { message: 'The rule engine could not read the form. To see why, select ‘Check the request’.' };
  }
  if (!answer.destinations.length) return { message: 'No countries to ask yet. Add a nationality or another country to ask.' };
  const findings = answer.diagnostics ?? [];
  // Past the module's cap, findings are counted but not listed: a count is then only a floor.
  const atLeast = answer.diagnosticsDropped > 0 ? 'at least ' : '';
  return {
    rows: answer.destinations.map(({ country, status }) => {
      // A finding without countries concerns every destination (the module's own rule for status).
      const count = (kind) => findings.filter((d) => d.kind === kind && (!d.countries?.length || d.countries.includes(country))).length;
      const missing = count('missing');
      const wrong = count('invalid');
      const details = [
        status === 'invalid' && wrong ? `${atLeast}${plural(wrong, 'answer', 'answers')} to correct` : '',
        status !== 'ready' && missing ? `${atLeast}${plural(missing, 'detail', 'details')} still needed` : '',
      ];
      return {
        name: countryName(country),
        label: liveStatusLabel(status),
        colour: liveStatusColour(status),
        detail: details.filter(Boolean).join(', '),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The text on the page: written only where it differs from what is shown

/** Show `view`; false, touching nothing, when it is what is shown already. */
function show(view) {
  const key = JSON.stringify(view);
  if (key === shown) return false;
  shown = key;
  if (view.message !== undefined) {
    list?.remove();
    list = null;
    if (!message) message = live.appendChild(el('p', { class: 'govuk-body-s govuk-!-margin-bottom-2' }));
    setText(message, view.message);
    return true;
  }
  message?.remove();
  message = null;
  if (!list) list = live.appendChild(el('ul', { class: 'govuk-list app-status__list' }));
  // Row i shows destination i; only the texts that differ are rewritten.
  while (list.children.length > view.rows.length) list.lastElementChild.remove();
  view.rows.forEach((r, i) => {
    const li = list.children[i] ?? list.appendChild(newRow());
    const [name, tag, detail] = li.querySelectorAll('[data-part]');
    setText(name, r.name);
    setText(tag, r.label);
    const cls = `govuk-tag govuk-tag--${r.colour}`;
    if (tag.className !== cls) tag.className = cls;
    setText(detail, r.detail);
    if (detail.hidden !== !r.detail) detail.hidden = !r.detail;
  });
  return true;
}

function newRow() {
  return el(
    'li',
    { class: 'app-status__item' },
    el('span', { class: 'app-status__country', dataset: { part: 'country' } }),
    el('span', { class: 'govuk-visually-hidden' }, ': '),
    el('strong', { class: 'govuk-tag', dataset: { part: 'status' } }),
    el('span', { class: 'app-status__detail', dataset: { part: 'detail' } }),
  );
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
