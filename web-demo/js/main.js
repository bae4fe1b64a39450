// The training demo: boots the module, builds the views and routes between them (hash routes, so
// `icce serve` only ever serves files). Views: scenarios (#/), the request form (#/request),
// check your answers (#/check), previews (#/previews), the rule book (#/rules) and statistics (#/stats).

import { el, $, $$, clear, sentence, richText, plainText, link } from './dom.js';
import { loadModule, callText, askServer, moduleVersion, moduleSha256, ModuleMissing } from './icce.js';
import { loadTables } from './tables.js';
import { buildForm, readForm, fillForm, clearForm, showErrors, clearErrors, enteredCountries, resolvePointer, syncConditionals, syncNotKnown } from './form.js';
import { renderPanel } from './panel.js';
import { mountStatus, scheduleStatus, refreshStatus } from './status.js';
import { renderCheck } from './check.js';
import { renderPreviews } from './previews.js';
import { renderRules } from './rules.js';
import { renderStats } from './stats.js';
import { renderAgreement, renderOutcome } from './answer.js';
import { SCENARIOS, scenarioInput } from './scenarios.js';

const SERVICE = 'Overseas conviction requests (training)';
const SENDING_AUTHORITY = { name: 'ACRO Criminal Records Office (UK Central Authority)', email: 'uk-central-authority@acro.example.police.uk' };
const SEQUENCE_KEY = 'icce-demo.messageSequence';

/** GOV.UK Frontend's JavaScript, imported at boot (so a missing build is reported, not silent). */
let govuk = null;

/** What the last submission sent and got back. */
const state = { input: null, json: null, answer: null, answerText: null, server: null, scenario: null, hasErrors: false };

document.body.classList.add('js-enabled', 'govuk-frontend-supported');

// ---------------------------------------------------------------------------------------------
// Context: what the page, as the caller, gives the module (the module reads no clock)

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function peekSequence() {
  const n = Number(localStorage.getItem(SEQUENCE_KEY));
  return Number.isSafeInteger(n) && n > 0 ? n : 1;
}

function takeSequence(count) {
  const n = peekSequence();
  localStorage.setItem(SEQUENCE_KEY, String(n + Math.max(1, count)));
  return n;
}

function renderContext() {
  const c = $('#context');
  clear(c);
  c.append(
    el(
      'dl',
      { class: 'govuk-summary-list govuk-summary-list--no-border' },
      [
        ['Today', `${today()} (from this computer’s clock)`],
        ['Next message sequence number', String(peekSequence())],
        ['Sending authority', `${SENDING_AUTHORITY.name}, ${SENDING_AUTHORITY.email}`],
      ].map(([k, v]) =>
        el('div', { class: 'govuk-summary-list__row' }, el('dt', { class: 'govuk-summary-list__key' }, k), el('dd', { class: 'govuk-summary-list__value' }, v)),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Views

const views = ['home', 'request', 'check', 'previews', 'rules', 'stats'];
const titles = { home: 'Training scenarios', request: 'Request overseas conviction information', check: 'Check your answers', previews: 'Previews', rules: 'The rule book', stats: 'Statistics' };

function renderHome() {
  const v = $('#view-home');
  clear(v);
  v.append(
    el(
      'div',
      { class: 'govuk-grid-row' },
      el(
        'div',
        { class: 'govuk-grid-column-two-thirds' },
        el('h1', { class: 'govuk-heading-l', tabindex: '-1' }, 'Requesting a person’s convictions abroad'),
        el(
          'p',
          { class: 'govuk-body-l' },
          'Practise the request a custody officer makes when a detainee may have convictions in another country.',
        ),
        el(
          'p',
          { class: 'govuk-body' },
          'The form is checked by the same rule engine a custody system uses. It runs in this browser, and the server runs the very same file to confirm each answer. Nothing you enter leaves this computer.',
        ),
        el('a', { href: '#/request', role: 'button', draggable: 'false', class: 'govuk-button govuk-button--start', id: 'start-empty', on: { click: () => startEmpty() } }, 'Start an empty request'),
        el('h2', { class: 'govuk-heading-m' }, 'Scenarios'),
        el('p', { class: 'govuk-body' }, 'Each scenario fills in the form with a made-up case. Read its note, submit it, and see what the rule engine says.'),
        el(
          'ul',
          { class: 'govuk-list app-scenarios', id: 'scenarios' },
          SCENARIOS.map((s) =>
            el(
              'li',
              { class: 'app-scenario', id: `scenario-${s.id}` },
              el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, s.title),
              el('p', { class: 'govuk-body' }, s.note),
              el(
                'button',
                { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', dataset: { scenario: s.id }, on: { click: () => loadScenario(s.id) } },
                'Load this scenario',
                el('span', { class: 'govuk-visually-hidden' }, `: ${s.title}`),
              ),
            ),
          ),
        ),
      ),
      el(
        'div',
        { class: 'govuk-grid-column-one-third' },
        el(
          'aside',
          { class: 'app-aside', 'aria-labelledby': 'home-aside-title' },
          el('h2', { class: 'govuk-heading-s', id: 'home-aside-title' }, 'How it works'),
          el(
            'ol',
            { class: 'govuk-list govuk-list--number govuk-body-s' },
            el('li', {}, 'Fill in the request form, or load a scenario.'),
            el('li', {}, 'Check the request: the rule engine says what is missing or wrong, in plain English, with the law or source behind each rule.'),
            el('li', {}, 'Check your answers, then preview the request to each country and the email to the officer.'),
          ),
          el('p', { class: 'govuk-body-s' }, link('#/rules', 'Read the rule book'), ' to see every country’s rules and sources.'),
        ),
      ),
    ),
  );
}

function buildRequestView() {
  const v = $('#view-request');
  const main = el(
    'div',
    { class: 'govuk-grid-column-two-thirds' },
    el('div', { id: 'error-summary-slot' }),
    el('div', { id: 'alarm-slot' }),
    el('div', { id: 'scenario-slot' }),
    el('h1', { class: 'govuk-heading-l', tabindex: '-1', id: 'request-title' }, titles.request),
    el('div', { id: 'result-slot' }),
  );
  const panel = el('aside', { class: 'app-aside app-country-panel', id: 'country-panel', 'aria-labelledby': 'country-panel-title', 'aria-live': 'polite' });
  const side = el('div', { class: 'govuk-grid-column-one-third' });
  v.append(el('div', { class: 'govuk-grid-row' }, main, side));
  const form = buildForm(main);
  // The status sits above the panel, outside it: the panel is a live region of its own.
  mountStatus(side, { context: () => ({ today: today(), messageSequence: peekSequence(), sendingAuthority: SENDING_AUTHORITY }) });
  side.append(panel);
  renderContext();
  renderPanel(panel, []);
  refreshStatus();
  const update = () => {
    const codes = enteredCountries();
    renderPanel(panel, codes);
    syncNotKnown(codes);
  };
  form.addEventListener('change', (e) => {
    if (e.target.matches('select[data-countries]') && e.target.closest('[data-pointer="/person/nationalities"], [data-pointer="/request/destinations"]')) update();
  });
  form.addEventListener('app:rows-changed', update);
  for (const type of ['input', 'change', 'app:rows-changed']) form.addEventListener(type, scheduleStatus);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  $('#clear-form').addEventListener('click', () => {
    startEmpty();
    $('#request-title').focus();
  });
}

function setResult(nodes) {
  const slot = $('#result-slot');
  clear(slot);
  if (nodes) slot.append(...[nodes].flat().filter(Boolean));
}

function resetResult() {
  clearErrors();
  clear($('#error-summary-slot'));
  clear($('#alarm-slot'));
  setResult(null);
  state.hasErrors = false;
}

function startEmpty() {
  state.scenario = null;
  clearForm();
  refreshStatus();
  resetResult();
  clear($('#scenario-slot'));
}

function loadScenario(id) {
  const s = SCENARIOS.find((x) => x.id === id);
  state.scenario = s;
  fillForm(scenarioInput(s, today()));
  refreshStatus();
  resetResult();
  const slot = $('#scenario-slot');
  clear(slot);
  slot.append(
    el(
      'div',
      { class: 'govuk-notification-banner', role: 'region', 'aria-labelledby': 'scenario-title', id: 'scenario-banner', dataset: { scenario: s.id } },
      el('div', { class: 'govuk-notification-banner__header' }, el('h2', { class: 'govuk-notification-banner__title', id: 'scenario-title' }, 'Scenario')),
      el(
        'div',
        { class: 'govuk-notification-banner__content' },
        el('p', { class: 'govuk-notification-banner__heading' }, s.title),
        el('p', { class: 'govuk-body' }, s.note),
      ),
    ),
  );
  location.hash = '#/request';
}

// ---------------------------------------------------------------------------------------------
// Submit: the module answers, the server answers the same JSON, the page shows both

let submitting = false;

async function submit() {
  if (submitting) return;
  submitting = true;
  const button = $('#submit-request');
  button.setAttribute('aria-disabled', 'true');
  try {
    const body = readForm();
    const seq = takeSequence(enteredCountries().length);
    const input = { context: { today: today(), messageSequence: seq, sendingAuthority: SENDING_AUTHORITY }, ...body };
    const json = JSON.stringify(input);
    const answerText = callText('validateRequestOut', json);
    const answer = JSON.parse(answerText);
    Object.assign(state, { input, json, answer, answerText, server: null });
    state.server = await askServer('validateRequestOut', json, answerText);
    renderContext();
    const errors = (answer.diagnostics ?? []).filter((d) => d.severity === 'error');
    if (!errors.length) {
      resetResult();
      navigate('#/check');
      return;
    }
    showFormErrors(errors);
  } finally {
    submitting = false;
    button.removeAttribute('aria-disabled');
  }
}

function showFormErrors(errors) {
  clear($('#alarm-slot'));
  const items = showErrors(errors);
  state.hasErrors = true;
  const summary = el(
    'div',
    { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', id: 'error-summary' },
    el(
      'div',
      { role: 'alert' },
      el('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      el(
        'div',
        { class: 'govuk-error-summary__body' },
        el(
          'ul',
          { class: 'govuk-list govuk-error-summary__list' },
          items.map(({ href, diagnostic }) => el('li', { dataset: { code: diagnostic.code, pointer: diagnostic.pointer } }, el('a', { href }, richText(sentence(diagnostic.message))))),
        ),
      ),
    ),
  );
  const slot = $('#error-summary-slot');
  clear(slot);
  slot.append(summary);
  const { answer } = state;
  // A disagreement goes to the top of the page, under the error summary: it must not be missed.
  const agreement = renderAgreement(state.server, 'form-');
  const disagrees = agreement?.dataset.agree === 'false';
  if (disagrees) $('#alarm-slot').append(agreement);
  setResult([
    el('h2', { class: 'govuk-heading-m' }, 'What the module says'),
    renderOutcome(answer, 'form-'),
    disagrees ? null : agreement,
    answer.email
      ? el(
          'div',
          { class: 'govuk-inset-text', id: 'continue-anyway' },
          el('p', { class: 'govuk-body' }, 'The module has written an email asking the officer to correct or add what is listed above. You can check your answers and preview that email before you fix the form.'),
          el('a', { class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', href: '#/check', role: 'button', draggable: 'false', id: 'continue-to-check' }, 'Check answers and preview the email'),
        )
      : null,
  ]);
  document.title = `Error: ${titles.request} – ${SERVICE}`;
  if (govuk) new govuk.ErrorSummary(summary);
}

// ---------------------------------------------------------------------------------------------
// Routing

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function route() {
  const h = location.hash || '#/';
  if (!h.startsWith('#/')) return; // an in-page anchor
  const [, name = '', ...rest] = h.slice(1).split('/');
  const view = name === '' ? 'home' : views.includes(name) ? name : 'home';
  for (const v of views) $(`#view-${v}`).hidden = v !== view;
  // Check and previews are drawn afresh each time, and only while shown (no duplicate ids).
  for (const v of ['check', 'previews']) if (v !== view) clear($(`#view-${v}`));
  $('#view-loading').hidden = true;
  for (const li of $$('.govuk-service-navigation__item')) {
    const active = li.dataset.route === view;
    li.classList.toggle('govuk-service-navigation__item--active', active);
    const a = li.querySelector('a');
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  let focusTarget = null;
  if (view === 'request') {
    renderPanel($('#country-panel'), enteredCountries());
    renderContext();
    syncConditionals();
    syncNotKnown();
    if (rest[0] === 'field' && rest[1]) focusTarget = resolvePointer(decodeURIComponent(rest.slice(1).join('/')));
  } else if (view === 'check') renderCheck($('#view-check'), state);
  else if (view === 'previews') renderPreviews($('#view-previews'), state);
  else if (view === 'rules') {
    if (!$('#view-rules').firstChild) renderRules($('#view-rules'));
    if (rest[0]) focusTarget = document.getElementById(`rules-${rest[0]}`);
  } else if (view === 'stats') {
    // Drawn once; its h1 is there at once, the table and chart follow.
    if (!$('#view-stats').firstChild) renderStats($('#view-stats')).catch(fail);
  }
  document.title = `${view === 'request' && state.hasErrors ? 'Error: ' : ''}${titles[view]} – ${SERVICE}`;
  if (!booted) return;
  if (view === 'request' && state.hasErrors && !focusTarget) focusTarget = $('#error-summary');
  const target = focusTarget ?? $(`#view-${view} h1`);
  if (target) {
    if (focusTarget && !target.matches('input, select, textarea, button, a') && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
    if (focusTarget) (target.closest('.govuk-form-group') ?? target).scrollIntoView({ block: 'start' });
    else window.scrollTo(0, 0);
  }
}

let booted = false;

/** In-page links (#preview-PL) scroll and move focus without touching the route. */
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href^="#"]');
  if (!a || e.defaultPrevented || a.matches('.govuk-skip-link')) return;
  const href = a.getAttribute('href');
  if (href.startsWith('#/')) return;
  const target = document.getElementById(href.slice(1));
  if (!target) return;
  e.preventDefault();
  if (!target.hasAttribute('tabindex') && !target.matches('input, select, textarea, button, a')) target.setAttribute('tabindex', '-1');
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
});

class AssetsMissing extends Error {}

function fail(err) {
  $('#view-loading').hidden = true;
  for (const v of views) $(`#view-${v}`).hidden = true;
  const f = $('#view-failed');
  f.hidden = false;
  clear(f);
  const missing = err instanceof ModuleMissing || err instanceof AssetsMissing;
  f.append(
    el('h1', { class: 'govuk-heading-l' }, missing ? 'The demo is not built' : 'Sorry, there is a problem with the demo'),
    el('p', { class: 'govuk-body' }, plainText(sentence(err.message)), '.'),
    missing ? el('p', { class: 'govuk-body' }, 'Build the module with ', el('code', {}, 'scripts/build-wasm.sh'), ' and the page assets with ', el('code', {}, 'scripts/build-demo.sh'), ', then reload.') : null,
  );
  document.title = `Sorry, there is a problem – ${SERVICE}`;
  console.error(err);
}

async function boot() {
  try {
    govuk = await import('../assets/govuk/govuk-frontend.min.js');
  } catch {
    throw new AssetsMissing('the page’s GOV.UK Frontend files (assets/govuk/) are missing');
  }
  new govuk.SkipLink($('.govuk-skip-link'));
  new govuk.ServiceNavigation($('.govuk-service-navigation'));
  await Promise.all([loadTables(), loadModule()]);
  const v = moduleVersion();
  $('#footer-version').textContent = v
    ? `Module ${v.crateVersion} (ABI ${v.abiVersion}), rule book ${v.rulebookVersion}, module SHA-256 ${moduleSha256()}.`
    : `Module SHA-256 ${moduleSha256()}.`;
  renderHome();
  buildRequestView();
  window.addEventListener('hashchange', route);
  route();
  booted = true;
  document.documentElement.dataset.ready = 'true';
}

boot().catch(fail);
