// "What these countries need": as nationalities (and other countries to ask) are entered, show
// what each destination needs beyond the baseline, with the source of each requirement. All of it
// is the module's `showRules` answer.

import { el, append, clear, sentence, sourceLink } from './dom.js';
import { showRules } from './icce.js';
import { countryName } from './tables.js';
import { channelLabel, itemWords, appliesToLabel } from './labels.js';

export function renderPanel(container, codes) {
  clear(container);
  container.append(el('h2', { class: 'govuk-heading-m', id: 'country-panel-title' }, 'What these countries need'));
  if (!codes.length) {
    container.append(el('p', { class: 'govuk-body-s' }, 'Choose a nationality to see what each country needs beyond the baseline, and where each rule comes from.'));
    return;
  }
  const first = showRules(codes[0]);
  if (first.baseline) {
    container.append(
      el('p', { class: 'govuk-body-s' }, 'Every country needs the baseline: ', first.baseline.map(itemWords).join(', '), '.'),
    );
  }
  for (const code of codes) {
    const ans = showRules(code);
    const block = el('div', { class: 'app-panel-country', dataset: { country: code } });
    block.append(el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, countryName(code)));
    if (ans.outcome !== 'ok') {
      block.append(el('p', { class: 'govuk-body-s' }, (ans.diagnostics ?? []).map((d) => sentence(d.message)).join(' ')));
      container.append(block);
      continue;
    }
    const c = ans.country;
    block.append(el('p', { class: 'govuk-body-s govuk-!-margin-bottom-1' }, 'Sent by ', channelLabel(c.channel), '.'));
    if (c.code !== code) block.append(el('p', { class: 'govuk-body-s govuk-!-margin-bottom-1' }, 'No rules of its own: the default rules apply.'));
    const required = c.requirements.filter((r) => r.level === 'required');
    const recommended = c.requirements.filter((r) => r.level === 'recommended');
    if (!c.requirements.length) {
      block.append(el('p', { class: 'govuk-body-s' }, c.noPublishedRequirements ?? 'Nothing beyond the baseline.'));
    }
    const list = (title, reqs) =>
      reqs.length
        ? [
            el('p', { class: 'govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1' }, title),
            el(
              'ul',
              { class: 'govuk-list govuk-list--bullet govuk-body-s' },
              reqs.map((r) =>
                el(
                  'li',
                  { dataset: { item: r.item, level: r.level } },
                  sentence(r.label),
                  el('span', { class: 'app-panel-note' }, sentence(r.note)),
                  r.appliesTo !== 'police-request' ? el('span', { class: 'app-panel-note' }, 'Applies to ', appliesToLabel(r.appliesTo), '.') : null,
                  el('span', { class: 'app-panel-note' }, 'Source: ', r.sources.map((s, i) => [i ? '; ' : '', sourceLink(s)])),
                ),
              ),
            ),
          ]
        : null;
    append(block, [list('Required', required), list('Recommended, never blocks', recommended)]);
    container.append(block);
  }
}
