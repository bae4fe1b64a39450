// Pieces that show the module's answer: its outcome, the advice it gave, and whether the server
// (wasmtime) gave the same answer from the same module.

import { el, sentence, richText, sourceLink, tag, summaryList } from './dom.js';
import { showRules } from './icce.js';
import { outcomeLabel, outcomeText, outcomeColour, statusLabel, statusColour, itemWords, severityLabel, channelShort } from './labels.js';

/** The label the rule book gives an item for a country (`mother-forename` -> "mother's first name"). */
export function itemLabel(country, item) {
  try {
    const ans = showRules(country);
    const r = ans.country?.requirements?.find((x) => x.item === item);
    if (r) return r.label;
  } catch {
    // fall through to the plain words
  }
  return itemWords(item);
}

export function outcomeTag(outcome) {
  return tag(outcomeLabel(outcome), outcomeColour(outcome));
}

export function statusTag(status) {
  return tag(statusLabel(status), statusColour(status));
}

/** "Server (wasmtime) gave the identical answer", with both module hashes side by side. */
export function renderAgreement(result, prefix = '') {
  if (!result) return null;
  const id = (x) => `${prefix}${x}`;
  const hashes = el(
    'table',
    { class: 'govuk-table app-hash-table', id: id('module-hashes') },
    el('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, 'Which module gave each answer'),
    el(
      'thead',
      { class: 'govuk-table__head' },
      el(
        'tr',
        { class: 'govuk-table__row' },
        el('th', { scope: 'col', class: 'govuk-table__header' }, ''),
        el('th', { scope: 'col', class: 'govuk-table__header' }, 'This browser'),
        el('th', { scope: 'col', class: 'govuk-table__header' }, 'Server (wasmtime)'),
      ),
    ),
    el(
      'tbody',
      { class: 'govuk-table__body' },
      el(
        'tr',
        { class: 'govuk-table__row' },
        el('th', { scope: 'row', class: 'govuk-table__header' }, 'Module SHA-256'),
        el('td', { class: 'govuk-table__cell app-hash', id: id('hash-browser') }, result.browserModuleSha256 ?? 'not known'),
        el('td', { class: 'govuk-table__cell app-hash', id: id('hash-server') }, result.serverModuleSha256 ?? 'not given'),
      ),
      el(
        'tr',
        { class: 'govuk-table__row' },
        el('th', { scope: 'row', class: 'govuk-table__header' }, 'Rule book hash'),
        el('td', { class: 'govuk-table__cell app-hash' }, result.browserRulebookHash ?? 'not known'),
        el('td', { class: 'govuk-table__cell app-hash' }, result.serverRulebookHash ?? 'not given'),
      ),
    ),
  );
  if (result.identical && !result.problem) {
    return el(
      'div',
      { class: 'govuk-notification-banner govuk-notification-banner--success app-agreement', role: 'region', 'aria-labelledby': id('agreement-title'), id: id('server-agreement'), dataset: { agree: 'true' } },
      el('div', { class: 'govuk-notification-banner__header' }, el('h2', { class: 'govuk-notification-banner__title', id: id('agreement-title') }, 'Server agrees')),
      el(
        'div',
        { class: 'govuk-notification-banner__content' },
        el('p', { class: 'govuk-notification-banner__heading' }, 'Server (wasmtime) gave the identical answer'),
        el(
          'p',
          { class: 'govuk-body' },
          'The page sent the same request to icce serve. Its answer, compared with sorted keys, is the same as the one this browser worked out',
          result.byteIdentical ? ', byte for byte.' : '.',
          result.wrapped ? ` The server wrapped it in an HTTP ${result.status} problem document, as it does for a request it cannot use.` : '',
        ),
        hashes,
      ),
    );
  }
  return el(
    'div',
    { class: 'govuk-error-summary app-agreement app-agreement--differs', id: id('server-agreement'), dataset: { agree: 'false' } },
    el(
      'div',
      { role: 'alert' },
      el('h2', { class: 'govuk-error-summary__title' }, result.reached ? 'Warning: the server and this browser disagree' : 'Warning: the server did not answer'),
      el(
        'div',
        { class: 'govuk-error-summary__body' },
        el('p', { class: 'govuk-body govuk-!-font-weight-bold' }, sentence(result.problem ?? 'the answers differ'), '.'),
        result.difference
          ? el(
              'p',
              { class: 'govuk-body', id: id('first-difference') },
              'First difference at ',
              el('code', { class: 'app-code' }, result.difference.pointer),
              ': this browser ',
              el('code', { class: 'app-code' }, short(result.difference.browser)),
              ', server ',
              el('code', { class: 'app-code' }, short(result.difference.server)),
              '.',
            )
          : null,
        el('p', { class: 'govuk-body' }, 'Do not rely on either answer until this is explained: the browser and the server must run the same module and give the same answer.'),
        hashes,
      ),
    ),
  );
}

const short = (s) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);

/** The outcome and the countries, with each country's status. */
export function renderOutcome(answer, prefix = '') {
  const dests = answer.destinations ?? [];
  return summaryList(
    [
      ['Outcome', [outcomeTag(answer.outcome), ' ', outcomeText(answer.outcome)]],
      [
        'Countries to ask',
        dests.length
          ? el(
              'ul',
              { class: 'govuk-list' },
              dests.map((d) => el('li', {}, `${d.name} (${d.country}) `, statusTag(d.status), el('span', { class: 'app-muted' }, ` through ${channelShort(d.channel)}`))),
            )
          : null,
      ],
      ['Rule book', answer.rulebook ? `version ${answer.rulebook.version}` : null],
    ],
    { id: `${prefix}outcome-summary`, empty: 'None' },
  );
}

/** The errors (what must be added or corrected), each linked to its field. */
export function renderProblems(answer) {
  const errors = (answer.diagnostics ?? []).filter((d) => d.severity === 'error');
  if (!errors.length) return null;
  return el(
    'div',
    { class: 'app-problems', id: 'problems' },
    el('h2', { class: 'govuk-heading-m' }, answer.outcome === 'incomplete' ? 'What is missing' : 'What must be corrected'),
    el(
      'ul',
      { class: 'govuk-list app-advice__list' },
      errors.map((d) =>
        el(
          'li',
          { dataset: { code: d.code } },
          el('a', { class: 'govuk-link govuk-!-font-weight-bold', href: `#/request/field/${encodeURIComponent(d.pointer ?? '')}` }, richText(sentence(d.message))),
          d.help ? el('span', { class: 'app-advice__help' }, richText(sentence(d.help))) : null,
          d.rule?.sources?.length ? el('span', { class: 'app-advice__help' }, 'Source: ', d.rule.sources.map((s, i) => [i ? '; ' : '', sourceLink(s)])) : null,
        ),
      ),
    ),
  );
}

/** The warnings and notes that do not block a request, each with its help and sources. */
export function renderAdvice(answer, { withLinks = true } = {}) {
  const rest = (answer.diagnostics ?? []).filter((d) => d.severity !== 'error');
  if (!rest.length) return null;
  const item = (d) =>
    el(
      'li',
      { dataset: { code: d.code } },
      el('span', { class: 'govuk-!-font-weight-bold' }, withLinks && d.pointer ? el('a', { class: 'govuk-link', href: `#/request/field/${encodeURIComponent(d.pointer)}` }, richText(sentence(d.message))) : richText(sentence(d.message))),
      d.help ? el('span', { class: 'app-advice__help' }, richText(sentence(d.help))) : null,
      d.rule?.sources?.length ? el('span', { class: 'app-advice__help' }, 'Source: ', d.rule.sources.map((s, i) => [i ? '; ' : '', sourceLink(s)])) : null,
    );
  const warnings = rest.filter((d) => d.severity === 'warning');
  const infos = rest.filter((d) => d.severity !== 'warning');
  return el(
    'div',
    { class: 'app-advice', id: 'advice' },
    warnings.length
      ? [el('h2', { class: 'govuk-heading-m' }, 'Advice: would help, not required'), el('ul', { class: 'govuk-list app-advice__list' }, warnings.map(item))]
      : null,
    infos.length ? [el('h2', { class: 'govuk-heading-m' }, severityLabel('info')), el('ul', { class: 'govuk-list app-advice__list' }, infos.map(item))] : null,
  );
}
