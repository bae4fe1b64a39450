// Check your answers: what was entered (from the JSON sent to the module), the module's outcome,
// its advice, and the server's agreement.

import { el, append, clear, summaryList, link, sentence } from './dom.js';
import { countryName, documentCategoryName, forceName } from './tables.js';
import { renderAgreement, renderOutcome, renderAdvice, renderProblems, itemLabel } from './answer.js';
import { itemWords } from './labels.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 1990-05-17 -> 17 May 1990; 1990-05 -> May 1990; 1990 -> 1990 (only year); anything else as given. */
export function showDate(s) {
  if (!s) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m && MONTHS[Number(m[2]) - 1]) return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m && MONTHS[Number(m[2]) - 1]) return `${MONTHS[Number(m[2]) - 1]} ${m[1]} (day not known)`;
  if (/^\d{4}$/.test(s)) return `${s} (only the year is known)`;
  return s;
}

const change = (pointer, what) =>
  el('a', { class: 'govuk-link', href: `#/request/field/${encodeURIComponent(pointer)}` }, 'Change', el('span', { class: 'govuk-visually-hidden' }, ` ${what}`));

const row = (key, value, pointer) => [key, value, pointer ? change(pointer, key.toLowerCase()) : null];

const names = (n) => [n.forename, n.surname, n.secondSurname].filter(Boolean).join(' ');

const lines = (items) => (items && items.length ? el('ul', { class: 'govuk-list' }, items.map((t) => el('li', {}, t))) : null);

function threeState(v, fmt) {
  if (v === undefined) return 'Not asked';
  if (!v.length) return 'None';
  return lines(v.map(fmt));
}

const yesNo = (b) => (b === true ? 'Yes' : b === false ? 'No' : null);
export const SEX = { male: 'Male', female: 'Female', notKnown: 'Not known', notSpecified: 'Not specified' };
const CONSENT = { yes: 'Yes', no: 'No', unknown: 'Not known' };

function routeText(route) {
  if (!route) return null;
  if (route.kind === 'automatedCustody') return 'Automated custody request';
  if (route.kind === 'form') {
    const why = {
      ukNational: 'the person is a British national',
      notArrested: 'the person was not arrested but is subject to relevant proceedings',
      forceNotAutomated: 'the person was arrested at a force whose custody system does not send requests yet',
    }[route.reason];
    return `Request form${why ? `: ${why}` : ''}`;
  }
  return route.kind;
}

const PURPOSE = { criminalProceedings: 'Criminal proceedings or a criminal investigation', lawEnforcement: 'Another law-enforcement purpose', ownRequest: 'The person’s own request for their convictions' };

function purposeText(purpose) {
  if (!purpose) return null;
  const text = purpose.details ?? purpose.description;
  return [PURPOSE[purpose.kind] ?? purpose.kind, text ? `: ${text}` : ''].join('');
}

const AUTHORITY = { police: 'A police force', lawEnforcementAgency: 'Another law-enforcement agency' };

function authorityText(ra, uk) {
  if (!ra) return uk.forceCode ? `A police force: ${forceName(uk.forceCode)} (from the force code)` : null;
  return lines([[AUTHORITY[ra.kind ?? 'police'] ?? ra.kind, ra.name ? `: ${ra.name}` : ''].join(''), ra.code ? `Code ${ra.code}` : null].filter(Boolean));
}

/** The "not known" items, in the words of the rule book (from any country that asks for them). */
function notKnownText(keys, countries) {
  if (!keys?.length) return null;
  return lines(keys.map((k) => sentence(countries.map((c) => itemLabel(c, k)).find((l) => l !== itemWords(k)) ?? itemWords(k))));
}

export function renderCheck(container, state) {
  clear(container);
  const h1 = el('h1', { class: 'govuk-heading-l', tabindex: '-1' }, 'Check your answers');
  if (!state.answer) {
    append(container, h1, el('p', { class: 'govuk-body' }, 'There is no checked request yet. ', link('#/request', 'Fill in the request form'), '.'));
    return;
  }
  const { input, answer } = state;
  const p = input.person ?? {};
  const r = input.request ?? {};
  const uk = input.uk ?? {};
  const c = input.context;

  append(container, 
    h1,
    renderAgreement(state.server),
    el('h2', { class: 'govuk-heading-m' }, 'What the module says'),
    renderOutcome(answer),
    renderProblems(answer),
    renderAdvice(answer),

    el('h2', { class: 'govuk-heading-m' }, 'The person'),
    summaryList([
      row('First names', p.forename, '/person/forename'),
      row('Last name', p.surname, '/person/surname'),
      row('Second last name', p.secondSurname, '/person/secondSurname'),
      row('Full name as written', p.fullName, '/person/fullName'),
      row('Last name at birth', p.surnameAtBirth, '/person/surnameAtBirth'),
      row('Sex', SEX[p.sex] ?? p.sex, '/person/sex'),
      row('Other names', threeState(p.formerNames, names), '/person/formerNames'),
      row('Aliases', threeState(p.aliases, (a) => [names(a), a.dateOfBirth ? ` (born ${showDate(a.dateOfBirth)})` : ''].join('')), '/person/aliases'),
    ]),

    el('h2', { class: 'govuk-heading-m' }, 'Date and place of birth'),
    summaryList([
      row('Date of birth', showDate(p.dateOfBirth), '/person/dateOfBirth'),
      row('Town of birth', p.placeOfBirth?.town, '/person/placeOfBirth/town'),
      row('Country of birth', countryName(p.placeOfBirth?.country), '/person/placeOfBirth/country'),
      row('Nationalities', lines((p.nationalities ?? []).map(countryName)), '/person/nationalities'),
    ]),

    el('h2', { class: 'govuk-heading-m' }, 'Parents'),
    summaryList([
      row('Father', p.father ? names(p.father) : null, '/person/father/forename'),
      row('Mother', p.mother ? names(p.mother) : null, '/person/mother/forename'),
      row('Mother’s last name at birth', p.mother?.maidenName, '/person/mother/maidenName'),
    ]),

    el('h2', { class: 'govuk-heading-m' }, 'Identity'),
    summaryList([
      row('National identity number', p.identityNumber, '/person/identityNumber'),
      row(
        'Identity documents',
        lines((p.identityDocuments ?? []).map((d) => [documentCategoryName(d.category), d.number, d.issuingCountry ? `issued by ${countryName(d.issuingCountry)}` : ''].filter(Boolean).join(', '))),
        '/person/identityDocuments',
      ),
      row('Addresses', lines((p.addresses ?? []).map((a) => [a.street, a.town, a.postcode, countryName(a.country)].filter(Boolean).join(', '))), '/person/addresses'),
      row('Fingerprints', p.fingerprints ? (p.fingerprints.taken ? ['Taken', p.fingerprints.reference ? `, reference ${p.fingerprints.reference}` : ''].join('') : 'Not taken') : null, '/person/fingerprints'),
      p.notKnown?.length ? row('Not known to the person', notKnownText(p.notKnown, (answer.destinations ?? []).map((d) => d.country)), '/person/notKnown/0') : null,
    ]),

    el('h2', { class: 'govuk-heading-m' }, 'UK identifiers'),
    summaryList([
      row('PNC ID', uk.pncId, '/uk/pncId'),
      row('CRO number', uk.croNumber, '/uk/croNumber'),
      row('Arrest/summons number', uk.asn, '/uk/asn'),
      row('Requesting force', uk.forceCode ? forceName(uk.forceCode) : null, '/uk/forceCode'),
      row('Custody record number', uk.custodyRecord, '/uk/custodyRecord'),
      row('Date of arrest', showDate(uk.arrestDate), '/uk/arrestDate'),
    ]),

    el('h2', { class: 'govuk-heading-m' }, 'The request'),
    summaryList([
      row('How it started', routeText(r.route), '/request/route'),
      r.route?.proceedings ? row('Proceedings', r.route.proceedings, '/request/route/proceedings') : null,
      row('Purpose', purposeText(r.purpose), '/request/purpose'),
      row('Case reference', r.caseReference, '/request/caseReference'),
      row('Urgent', yesNo(r.urgent), '/request/urgent'),
      row('Consent', CONSENT[r.consent] ?? r.consent, '/request/consent'),
      row('Requesting authority', authorityText(r.requestingAuthority, uk), '/request/requestingAuthority'),
      row('Other countries to ask', lines((r.destinations ?? []).map(countryName)), '/request/destinations'),
      row('Offences', lines((r.offences ?? []).map((o) => [o.description, o.category ? `(category ${o.category})` : ''].filter(Boolean).join(' '))), '/request/offences'),
      row('Remarks', r.remarks, '/request/remarks'),
      row('Officer', lines([r.officer?.name, r.officer?.email, r.officer?.phone].filter(Boolean)), '/request/officer/name'),
    ]),

    el('h2', { class: 'govuk-heading-m' }, 'Filled in by this page'),
    summaryList([
      ['Today', showDate(c.today)],
      ['First message sequence number', String(c.messageSequence)],
      ['Sending authority', lines([c.sendingAuthority.name, c.sendingAuthority.email].filter(Boolean))],
    ]),

    el(
      'div',
      { class: 'govuk-button-group' },
      el('a', { class: 'govuk-button', href: '#/previews', role: 'button', draggable: 'false', id: 'to-previews' }, 'Preview the requests and the email'),
      el('a', { class: 'govuk-link', href: '#/request' }, 'Change the request'),
    ),
  );
}
