// The rule book: every country with its own rules (listRules), its channel, what it requires and
// recommends, and the sources (showRules). Nothing here is the page's own: it is all the module's.

import { el, append, clear, summaryList, sentence, sourceLink, link } from './dom.js';
import { listRules, showRules } from './icce.js';
import { channelLabel, channelShort, regionLabel, levelLabel, appliesToLabel, itemWords } from './labels.js';

function requirementList(reqs) {
  if (!reqs.length) return null;
  return el(
    'ul',
    { class: 'govuk-list govuk-list--bullet' },
    reqs.map((r) =>
      el(
        'li',
        {},
        el('span', { class: 'govuk-!-font-weight-bold' }, sentence(r.label)),
        ` (${levelLabel(r.level).toLowerCase()}; from the rules for ${appliesToLabel(r.appliesTo)}). `,
        sentence(r.note),
        el('span', { class: 'app-advice__help' }, 'Source: ', r.sources.map((s, i) => [i ? '; ' : '', sourceLink(s)]), ` (${r.file})`),
      ),
    ),
  );
}

const sources = (list) => (list && list.length ? list.map((s, i) => [i ? '; ' : '', sourceLink(s)]) : null);

function countrySection(code) {
  const ans = showRules(code);
  const c = ans.country;
  const required = c.requirements.filter((r) => r.level === 'required');
  const recommended = c.requirements.filter((r) => r.level === 'recommended');
  const rd = c.replyDeadline;
  return el(
    'section',
    { class: 'app-rules-country', id: `rules-${c.code}`, 'aria-labelledby': `rules-${c.code}-title`, tabindex: '-1' },
    el('h3', { class: 'govuk-heading-m', id: `rules-${c.code}-title` }, c.code === 'default' ? c.name : `${c.name} (${c.code})`),
    summaryList(
      [
        ['Region', regionLabel(c.region)],
        ['Channel', [channelLabel(c.channel), c.channelSources?.length ? el('span', { class: 'app-advice__help' }, 'Source: ', sources(c.channelSources)) : null]],
        ['Authority', c.authority ? [c.authority, c.authoritySources?.length ? el('span', { class: 'app-advice__help' }, 'Source: ', sources(c.authoritySources)) : null] : null],
        ['Language of the request', `${c.requestLanguage}${c.requestLanguageBasis === 'general-knowledge' ? ' (the official language, from general knowledge: verify before relying on it)' : ''}`],
        [
          'Reply deadline',
          rd
            ? [
                rd.criminalProceedingsWorkingDays !== null && rd.criminalProceedingsWorkingDays !== undefined
                  ? `${rd.criminalProceedingsWorkingDays} working days (criminal proceedings), ${rd.otherPurposesWorkingDays} (other purposes). `
                  : 'None. ',
                el('span', { class: 'app-muted' }, rd.explanation),
              ]
            : null,
        ],
        ['Required beyond the baseline', required.length ? requirementList(required) : c.noPublishedRequirements ?? 'Nothing'],
        ['Recommended', requirementList(recommended)],
        ['Notes', c.notes?.length ? el('ul', { class: 'govuk-list govuk-list--bullet' }, c.notes.map((n) => el('li', {}, n))) : null],
        ['Rule file', c.file],
      ],
      { empty: 'None' },
    ),
  );
}

export function renderRules(container) {
  clear(container);
  const all = listRules();
  const rows = all.countries.map((c) =>
    el(
      'tr',
      { class: 'govuk-table__row' },
      el('th', { scope: 'row', class: 'govuk-table__header' }, link(`#/rules/${c.code}`, c.code === 'default' ? c.name : `${c.name} (${c.code})`)),
      el('td', { class: 'govuk-table__cell' }, channelShort(c.channel)),
      el('td', { class: 'govuk-table__cell' }, c.required.length ? c.required.map((i) => labelFor(c.code, i)).join(', ') : 'Nothing'),
      el('td', { class: 'govuk-table__cell' }, c.recommended.length ? c.recommended.map((i) => labelFor(c.code, i)).join(', ') : 'Nothing'),
    ),
  );
  append(container, 
    el('h1', { class: 'govuk-heading-l', tabindex: '-1' }, 'The rule book'),
    el(
      'p',
      { class: 'govuk-body-l' },
      `Version ${all.rulebook.version}: ${all.countries.length - (all.countries.some((c) => c.code === 'default') ? 1 : 0)} countries with rules of their own, and default rules for every other country.`,
    ),
    el('p', { class: 'govuk-body' }, 'Every country needs the baseline: ', all.baseline.map(itemWords).join(', '), '. The table shows what each country needs beyond it. Recommended items never block a request.'),
    el('p', { class: 'govuk-body app-hash' }, `Rule book hash: ${all.rulebook.hash}`),
    el(
      'table',
      { class: 'govuk-table app-rules-table', id: 'rules-table' },
      el('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, 'Countries, channels and requirements'),
      el(
        'thead',
        { class: 'govuk-table__head' },
        el(
          'tr',
          { class: 'govuk-table__row' },
          ['Country', 'Channel', 'Required', 'Recommended'].map((h) => el('th', { scope: 'col', class: 'govuk-table__header' }, h)),
        ),
      ),
      el('tbody', { class: 'govuk-table__body' }, rows),
    ),
    el('h2', { class: 'govuk-heading-l' }, 'Each country’s rules and sources'),
    all.countries.map((c) => countrySection(c.code)),
  );
}

function labelFor(code, item) {
  const r = showRules(code).country?.requirements?.find((x) => x.item === item);
  return r ? r.label : itemWords(item);
}
