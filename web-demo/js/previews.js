// Previews: the outgoing request for each country and the missing-information email exactly as
// the module wrote it. A country on ECRIS gets its ECRIS request (readable, as JSON and, when it
// is ready, as the ECRIS XML); a country not on ECRIS gets what ACRO sends through the NCA's
// Interpol channel (`ncaRequest`: readable and as JSON, never XML).

import { el, append, clear, summaryList, link, sentence } from './dom.js';
import { itemLabel, statusTag, renderAgreement } from './answer.js';
import { channelLabel } from './labels.js';
import { showDate, SEX } from './check.js';
import { countryName } from './tables.js';

const list = (items) => (items && items.length ? el('ul', { class: 'govuk-list' }, items.map((t) => el('li', {}, t))) : null);
const join = (...parts) => parts.filter((x) => x !== null && x !== undefined && x !== '').join(' ');
const country = (c) => (c ? `${c.name} (${c.code}${c.ecrisReference ? `, ${c.ecrisReference}` : ''})` : null);

/** A scrollable block of code that a keyboard user can reach (WCAG 2.1.1). */
function codeBlock(id, label, text, full = false) {
  return el('pre', { class: `app-code-block${full ? ' app-code-block--full' : ''}`, id, tabindex: '0', role: 'region', 'aria-label': label }, el('code', {}, text));
}

/** A language code of the rule book (`fr`) in words ("French"); an unknown code as it is. */
export function languageName(code) {
  if (!code) return null;
  try {
    const name = new Intl.DisplayNames(['en-GB'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** What ACRO sends the NCA for a country not on ECRIS: plain fields, no ECRIS id or code. */
function readableNca(n) {
  const p = n.person ?? {};
  const formers = [...(p.formerForenames ?? []), ...(p.formerSurnames ?? [])];
  return summaryList(
    [
      ['From – to', join(n.sender, '→', n.receiver)],
      ['Time', n.timestamp],
      ['Urgent', n.urgency],
      ['Consent', n.consent],
      ['Case reference', n.caseReference],
      ['Purpose', n.purpose],
      ['Offences', list(n.offences)],
      ['Requesting authority', n.requestingAuthority],
      ['Contact', list([n.contact?.email, n.contact?.phone].filter(Boolean))],
      ['Name', join(p.forename, p.surname, p.secondSurname)],
      ['Full name as written', p.fullName],
      ['Former names', list(formers)],
      ['Aliases', list(p.aliases)],
      ['Sex', SEX[p.sex] ?? p.sex],
      ['Date of birth', showDate(p.dateOfBirth)],
      ['Place of birth', join(p.townOfBirth, p.countryOfBirth ? `– ${countryName(p.countryOfBirth)}` : '')],
      ['Nationalities', list((p.nationalities ?? []).map(countryName))],
      ['Father', join(p.fatherForename, p.fatherSurname)],
      ['Mother', join(p.motherForename, p.motherSurname)],
      ['Identity number', p.identityNumber],
      ['Identity documents', list(p.identityDocuments)],
      ['Addresses', list(p.addresses)],
      ['Remarks', list([n.remarks, p.remarks].filter(Boolean))],
    ],
    { empty: 'Not given' },
  );
}

function readable(d) {
  const m = d.message;
  if (!m) return el('p', { class: 'govuk-body' }, 'No message was built for this country.');
  const p = m.person ?? {};
  const formers = [...(p.formerForenames ?? []), ...(p.formerSurnames ?? []), ...(p.formerSecondSurnames ?? [])];
  return summaryList(
    [
      ['Message', join(m.messageType, m.messageId)],
      ['From – to', join(m.sender, '→', m.receiver)],
      ['Time', m.timestamp],
      ['Urgent', m.urgency],
      ['Consent', m.consent],
      ['Case reference', m.caseReference],
      ['Purpose', m.purpose],
      [
        'Requesting authority',
        m.requestingAuthority
          ? join(m.requestingAuthority.name, m.requestingAuthority.code ? `(code ${m.requestingAuthority.code})` : '', m.requestingAuthority.typeReference ? `– type ${m.requestingAuthority.typeReference}` : '')
          : null,
      ],
      ['Contact', list([m.contactPerson?.email, m.contactPerson?.phone].filter(Boolean))],
      ['Name', join(p.forename, p.surname, p.secondSurname)],
      ['Full name as written', p.fullName],
      ['Former names', list(formers)],
      ['Aliases', list((p.aliases ?? []).map((a) => (typeof a === 'string' ? a : join(a.forename, a.surname, a.dateOfBirth ? `(${a.dateOfBirth})` : ''))))],
      ['Sex', p.sex !== undefined && p.sex !== null ? `ECRIS code ${p.sex}${p.sexCjs !== undefined ? `, CJS code ${p.sexCjs}` : ''}` : null],
      ['Date of birth', showDate(p.birthDate)],
      ['Place of birth', join(p.birthPlace?.town, p.birthPlace?.country ? `– ${country(p.birthPlace.country)}` : '')],
      ['Nationalities', list((p.nationalities ?? []).map(country))],
      ['Father', join(p.fatherForename, p.fatherSurname)],
      ['Mother', join(p.motherForename, p.motherSurname)],
      ['Identity number', p.identityNumber],
      ['Identity documents', list((p.identificationDocuments ?? []).map((x) => join(x.category, x.number, x.categoryReference ? `(${x.categoryReference})` : '')))],
      ['Addresses', list((p.addresses ?? []).map((a) => [a.street, a.town, a.postcode, a.country?.name].filter(Boolean).join(', ')))],
      ['Offence', join(m.accusation, m.accusationCategories?.length ? `(${m.accusationCategories.join(', ')})` : '')],
      ['Remarks', list([m.remarks, p.remarks].filter(Boolean))],
      ['Local placeholder codes', m.localCodes?.length ? m.localCodes.join(', ') : null],
    ],
    { empty: 'Not given' },
  );
}

function destination(d, i) {
  const missing = (d.missing ?? []).map((item) => sentence(itemLabel(d.country, item)));
  const recommended = (d.recommendedMissing ?? []).map((item) => sentence(itemLabel(d.country, item)));
  const rd = d.replyDeadline;
  return el(
    'section',
    { class: 'app-destination', id: `preview-${d.country}`, 'aria-labelledby': `preview-${d.country}-title` },
    el('h2', { class: 'govuk-heading-m', id: `preview-${d.country}-title` }, `Request to ${d.name} (${d.country}) `, statusTag(d.status)),
    summaryList([
      ['Sent by', channelLabel(d.channel)],
      ['Language of the request', languageName(d.requestLanguage)],
      [
        'Reply expected within',
        rd
          ? [
              rd.criminalProceedingsWorkingDays !== null && rd.criminalProceedingsWorkingDays !== undefined
                ? `${rd.criminalProceedingsWorkingDays} working days for criminal proceedings, ${rd.otherPurposesWorkingDays} for other purposes. `
                : 'No deadline. ',
              el('span', { class: 'app-muted' }, rd.explanation),
            ]
          : null,
      ],
      ['Still missing', list(missing)],
      ['Would help', list(recommended)],
      ['Rules used', d.rules],
    ], { empty: 'Nothing' }),
    d.translateTo
      ? el(
          'div',
          { class: 'govuk-inset-text', id: `preview-${d.country}-translation` },
          `The request language for ${d.name} is ${languageName(d.translateTo)}. The purpose, the offences and the remarks go in English: check whether ACRO translates them before the request is sent.`,
        )
      : null,
    d.ncaRequest ? ncaPart(d) : ecrisPart(d),
    i >= 0 ? el('hr', { class: 'govuk-section-break govuk-section-break--l govuk-section-break--visible' }) : null,
  );
}

/** A destination not on ECRIS: what goes to the NCA, and that ACRO sends it through Interpol. */
function ncaPart(d) {
  return [
    el(
      'div',
      { class: 'govuk-inset-text', id: `preview-${d.country}-channel` },
      el('p', { class: 'govuk-body' }, `${d.name} is not on ECRIS. ACRO sends this request to the National Crime Agency (NCA), which passes it on through Interpol channels.`),
      el('p', { class: 'govuk-body govuk-!-margin-bottom-0' }, 'It is not an ECRIS message: it has no ECRIS message id, no ECRIS reference codes and no XML.'),
    ),
    el('h3', { class: 'govuk-heading-s' }, 'What goes to the NCA'),
    el('div', { id: `preview-${d.country}-nca` }, readableNca(d.ncaRequest)),
    el(
      'details',
      { class: 'govuk-details' },
      el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text' }, `Show what goes to the NCA for ${d.name} as JSON`)),
      el('div', { class: 'govuk-details__text' }, codeBlock(`preview-${d.country}-json`, `Request to ${d.name} through the NCA, as JSON`, JSON.stringify(d.ncaRequest, null, 2))),
    ),
    el('p', { class: 'govuk-body app-muted' }, 'No ECRIS XML: this country is not asked through ECRIS.'),
  ];
}

/** A destination on ECRIS: the request, as JSON and (when it is ready) as ECRIS XML. */
function ecrisPart(d) {
  return [
    el('h3', { class: 'govuk-heading-s' }, 'The request as it would be sent'),
    readable(d),
    d.message
      ? el(
          'details',
          { class: 'govuk-details' },
          el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text' }, `Show the request to ${d.name} as JSON`)),
          el('div', { class: 'govuk-details__text' }, codeBlock(`preview-${d.country}-json`, `Request to ${d.name} as JSON`, JSON.stringify(d.message, null, 2))),
        )
      : null,
    d.xml
      ? el(
          'details',
          { class: 'govuk-details' },
          el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text' }, `Show the ECRIS XML for ${d.name}`)),
          el('div', { class: 'govuk-details__text' }, codeBlock(`preview-${d.country}-xml`, `ECRIS XML for ${d.name}`, d.xml)),
        )
      : el(
          'p',
          { class: 'govuk-body app-muted' },
          d.channel === 'ecris-tca' ? 'No ECRIS XML: the module builds it only for a request that is ready.' : 'No ECRIS XML: this country is not asked through ECRIS.',
        ),
  ];
}

export function renderPreviews(container, state) {
  clear(container);
  const h1 = el('h1', { class: 'govuk-heading-l', tabindex: '-1' }, 'Previews');
  if (!state.answer) {
    append(container, h1, el('p', { class: 'govuk-body' }, 'There is no checked request yet. ', link('#/request', 'Fill in the request form'), '.'));
    return;
  }
  const { answer } = state;
  const dests = answer.destinations ?? [];
  append(container, 
    h1,
    el('p', { class: 'govuk-body-l' }, 'What would be sent: one request for each country, and the email to the officer when something is missing or wrong.'),
    renderAgreement(state.server),
    el(
      'ul',
      { class: 'govuk-list', id: 'preview-contents', 'aria-label': 'Contents' },
      dests.map((d) => el('li', {}, link(`#preview-${d.country}`, `Request to ${d.name}${d.ncaRequest ? ' (through the NCA)' : ''}`))),
      el('li', {}, link('#preview-email', 'Email to the officer')),
    ),
    dests.map(destination),
    el(
      'section',
      { id: 'preview-email', 'aria-labelledby': 'preview-email-title' },
      el('h2', { class: 'govuk-heading-m', id: 'preview-email-title' }, 'Email to the officer'),
      answer.email
        ? [
            el('p', { class: 'govuk-body' }, 'Exactly as the module wrote it:'),
            summaryList([
              ['To', el('span', { id: 'email-to' }, answer.email.to)],
              ['Subject', el('span', { id: 'email-subject' }, answer.email.subject)],
            ]),
            codeBlock('email-body', 'Email body', answer.email.body, true),
          ]
        : el('p', { class: 'govuk-body', id: 'email-none' }, 'No email: nothing is missing or wrong, so the officer has nothing to do.'),
    ),
    el('div', { class: 'govuk-button-group' }, el('a', { class: 'govuk-link', href: '#/check' }, 'Back to check your answers'), el('a', { class: 'govuk-link', href: '#/request' }, 'Change the request')),
  );
}
