// The request form: built from GOV.UK Frontend markup, read into the module's input JSON
// (core/src/model.rs, camelCase) and filled back from it. Every input's id is its JSON Pointer
// with the slashes turned into hyphens (/person/mother/forename -> person-mother-forename), so a
// diagnostic's pointer leads straight to its field. The form checks nothing itself: what is
// missing or wrong is for the module to say.

import { el, $, $$, clear, sentence, richText, sourceLink } from './dom.js';
import { tables, countryName } from './tables.js';
import { showRules } from './icce.js';

export const ptrId = (pointer) => String(pointer).replace(/^\//, '').replace(/\//g, '-');

// ---------------------------------------------------------------------------------------------
// Builders (GOV.UK Frontend markup)

const hintEl = (id, hint) => (hint ? el('div', { class: 'govuk-hint', id: `${id}-hint` }, hint) : null);

/** A text input. `name: true` turns spellcheck off (names); detainee fields are autocomplete="off". */
function textInput(id, label, o = {}) {
  return el(
    'div',
    { class: 'govuk-form-group' },
    el('label', { class: `govuk-label${o.labelClass ? ` ${o.labelClass}` : ''}`, for: id }, label),
    hintEl(id, o.hint),
    el('input', {
      class: `govuk-input${o.width ? ` ${o.width}` : ''}`,
      id,
      name: id,
      type: o.type ?? 'text',
      spellcheck: o.name || o.nospell ? 'false' : null,
      autocomplete: o.autocomplete ?? 'off',
      inputmode: o.inputmode,
      'aria-describedby': o.hint ? `${id}-hint` : null,
      dataset: { describedby: o.hint ? `${id}-hint` : '' },
    }),
  );
}

function textarea(id, label, o = {}) {
  return el(
    'div',
    { class: 'govuk-form-group' },
    el('label', { class: `govuk-label${o.labelClass ? ` ${o.labelClass}` : ''}`, for: id }, label),
    hintEl(id, o.hint),
    el('textarea', {
      class: 'govuk-textarea',
      id,
      name: id,
      rows: o.rows ?? 3,
      autocomplete: 'off',
      spellcheck: o.nospell ? 'false' : null,
      'aria-describedby': o.hint ? `${id}-hint` : null,
      dataset: { describedby: o.hint ? `${id}-hint` : '', pointer: o.pointer },
    }),
  );
}

let countryTemplate = null;
let currentCountryTemplate = null;

/** <option>s for a country select: current countries, then (optionally) former ones. */
function countryOptions(withFormer) {
  if (withFormer && countryTemplate) return countryTemplate.cloneNode(true);
  if (!withFormer && currentCountryTemplate) return currentCountryTemplate.cloneNode(true);
  const frag = document.createDocumentFragment();
  frag.append(el('option', { value: '' }, 'Select a country'));
  const current = el('optgroup', { label: 'Countries' }, tables.countries.map((c) => el('option', { value: c.code }, `${c.name} (${c.code})`)));
  frag.append(current);
  if (withFormer) {
    frag.append(
      el(
        'optgroup',
        { label: 'Former countries' },
        tables.formerCountries.map((c) => el('option', { value: c.code }, `${c.name} (${c.code}, former country)`)),
      ),
    );
    countryTemplate = frag.cloneNode(true);
  } else {
    currentCountryTemplate = frag.cloneNode(true);
  }
  return frag;
}

function selectEl(id, options, o = {}) {
  return el(
    'select',
    {
      class: 'govuk-select',
      id,
      name: id,
      autocomplete: 'off',
      'aria-describedby': o.hint ? `${id}-hint` : null,
      dataset: { describedby: o.hint ? `${id}-hint` : '', countries: o.countries ? 'true' : null },
    },
    options,
  );
}

function select(id, label, options, o = {}) {
  return el(
    'div',
    { class: 'govuk-form-group' },
    el('label', { class: `govuk-label${o.labelClass ? ` ${o.labelClass}` : ''}`, for: id }, label),
    hintEl(id, o.hint),
    selectEl(id, options, o),
  );
}

const countrySelect = (id, label, o = {}) => select(id, label, countryOptions(o.former), { ...o, countries: true });

function docCategoryOptions() {
  return [el('option', { value: '' }, 'Select a document type'), ...tables.identityDocumentCategories.map((c) => el('option', { value: c.key }, c.name))];
}

function forceOptions() {
  return [el('option', { value: '' }, 'Select a force'), ...tables.pncForces.map((f) => el('option', { value: f.code }, `${f.code} ${f.name}`))];
}

/**
 * Radios; items [{ value, text, hint, conditional }]. The first input's id is `id`, the others
 * `id-2`, `id-3`… (the GOV.UK convention), so a pointer to the group lands on the first.
 */
function radios(id, legend, items, o = {}) {
  const rows = items.map((it, i) => {
    const iid = i === 0 ? id : `${id}-${i + 1}`;
    const condId = it.conditional ? `conditional-${iid}` : null;
    return [
      el(
        'div',
        { class: 'govuk-radios__item' },
        el('input', {
          class: 'govuk-radios__input',
          id: iid,
          name: id,
          type: 'radio',
          value: it.value,
          'aria-controls': condId,
          'aria-describedby': it.hint ? `${iid}-item-hint` : null,
        }),
        el('label', { class: 'govuk-label govuk-radios__label', for: iid }, it.text),
        it.hint ? el('div', { class: 'govuk-hint govuk-radios__hint', id: `${iid}-item-hint` }, it.hint) : null,
      ),
      it.conditional ? el('div', { class: 'govuk-radios__conditional govuk-radios__conditional--hidden', id: condId }, it.conditional) : null,
    ];
  });
  return el(
    'div',
    { class: 'govuk-form-group' },
    el(
      'fieldset',
      { class: 'govuk-fieldset', 'aria-describedby': o.hint ? `${id}-hint` : null, dataset: { describedby: o.hint ? `${id}-hint` : '' } },
      el('legend', { class: `govuk-fieldset__legend ${o.legendClass ?? 'govuk-fieldset__legend--s'}` }, legend),
      hintEl(id, o.hint),
      el('div', { class: `govuk-radios${o.inline ? ' govuk-radios--inline' : ''}${o.small ? ' govuk-radios--small' : ''}` }, rows),
    ),
  );
}

/** Day, month and year in three inputs; any may be left blank (a partial date). */
function dateInput(id, legend, o = {}) {
  const part = (key, label, width) =>
    el(
      'div',
      { class: 'govuk-date-input__item' },
      el(
        'div',
        { class: 'govuk-form-group' },
        el('label', { class: 'govuk-label govuk-date-input__label', for: `${id}-${key}` }, label),
        el('input', {
          class: `govuk-input govuk-date-input__input ${width}`,
          id: `${id}-${key}`,
          name: `${id}-${key}`,
          type: 'text',
          inputmode: 'numeric',
          autocomplete: 'off',
        }),
      ),
    );
  return el(
    'div',
    { class: 'govuk-form-group' },
    el(
      'fieldset',
      { class: 'govuk-fieldset', role: 'group', 'aria-describedby': o.hint ? `${id}-hint` : null, dataset: { describedby: o.hint ? `${id}-hint` : '' } },
      el('legend', { class: `govuk-fieldset__legend ${o.legendClass ?? 'govuk-fieldset__legend--s'}` }, legend),
      hintEl(id, o.hint),
      el(
        'div',
        { class: 'govuk-date-input', id },
        part('day', 'Day', 'govuk-input--width-2'),
        part('month', 'Month', 'govuk-input--width-2'),
        part('year', 'Year', 'govuk-input--width-4'),
      ),
    ),
  );
}

function fieldset(legend, children, o = {}) {
  return el(
    'fieldset',
    { class: 'govuk-fieldset', dataset: { pointer: o.pointer }, id: o.id },
    el('legend', { class: `govuk-fieldset__legend ${o.legendClass ?? 'govuk-fieldset__legend--s'}` }, legend),
    o.hint ? el('div', { class: 'govuk-hint' }, o.hint) : null,
    children,
  );
}

const section = (title, pointer, ...children) =>
  el('div', { class: 'app-form-section', dataset: { pointer } }, el('h2', { class: 'govuk-heading-m' }, title), children);

// ---------------------------------------------------------------------------------------------
// Repeating rows ("add another")

class Repeat {
  /**
   * @param o.pointer  JSON Pointer of the list (/person/nationalities)
   * @param o.noun     "nationality" (for labels: "Nationality 2", "Add another nationality")
   * @param o.fields   [{ key, label, kind: 'text'|'country'|'country-current'|'doc'|'date', name, width }]
   *                   a single field with no key makes a list of strings
   * @param o.min      rows always shown
   */
  constructor(o) {
    this.o = o;
    this.base = ptrId(o.pointer);
    this.single = o.fields.length === 1 && !o.fields[0].key;
    this.rows = el('div', { class: 'app-repeat__rows' });
    this.addButton = el(
      'button',
      { type: 'button', class: 'govuk-button govuk-button--secondary app-repeat__add', id: `${this.base}-add`, on: { click: () => this.add() } },
      '',
    );
    this.element = el(
      'div',
      { class: 'govuk-form-group app-repeat' },
      el(
        'fieldset',
        { class: 'govuk-fieldset', dataset: { pointer: o.pointer, describedby: o.hint ? `${this.base}-hint` : '' }, 'aria-describedby': o.hint ? `${this.base}-hint` : null },
        el('legend', { class: `govuk-fieldset__legend ${o.legendClass ?? 'govuk-fieldset__legend--s'}` }, o.legend),
        hintEl(this.base, o.hint),
        this.rows,
        this.addButton,
      ),
    );
    this.set([]);
  }

  blank() {
    return this.single ? '' : {};
  }

  isBlank(v) {
    return this.single ? !v : Object.values(v).every((x) => !x);
  }

  rowElement(i, value, count) {
    const noun = this.o.noun;
    const Noun = sentence(noun);
    const remove =
      count > (this.o.min ?? 0)
        ? el(
            'button',
            { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0 app-repeat__remove', on: { click: () => this.remove(i) } },
            'Remove',
            el('span', { class: 'govuk-visually-hidden' }, ` ${noun} ${i + 1}`),
          )
        : null;
    if (this.single) {
      const f = this.o.fields[0];
      const id = `${this.base}-${i}`;
      const field = this.field(f, id, `${Noun} ${i + 1}`);
      return el('div', { class: 'app-repeat__item app-repeat__item--single' }, field, remove);
    }
    const fields = this.o.fields.map((f) => this.field(f, `${this.base}-${i}-${f.key}`, f.label));
    return el('fieldset', { class: 'govuk-fieldset app-repeat__item' }, el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, `${Noun} ${i + 1}`), fields, remove);
  }

  field(f, id, label) {
    switch (f.kind) {
      case 'country':
        return countrySelect(id, label, { former: true });
      case 'country-current':
        return countrySelect(id, label, { former: false });
      case 'doc':
        return select(id, label, docCategoryOptions());
      case 'date':
        return dateInput(id, label, { hint: f.hint });
      default:
        return textInput(id, label, { name: f.name, width: f.width ?? 'govuk-!-width-two-thirds', hint: f.hint, nospell: f.nospell });
    }
  }

  get() {
    const n = this.rows.children.length;
    const out = [];
    for (let i = 0; i < n; i += 1) {
      if (this.single) {
        out.push(getValue(`${this.base}-${i}`, this.rows) ?? '');
      } else {
        const v = {};
        for (const f of this.o.fields) {
          const id = `${this.base}-${i}-${f.key}`;
          const x = f.kind === 'date' ? readDate(id, this.rows) : getValue(id, this.rows);
          if (x !== undefined) v[f.key] = x;
        }
        out.push(v);
      }
    }
    return out;
  }

  set(values) {
    const vals = values.slice();
    while (vals.length < (this.o.min ?? 0)) vals.push(this.blank());
    clear(this.rows);
    vals.forEach((v, i) => {
      const row = this.rowElement(i, v, vals.length);
      this.rows.append(row);
      if (!this.single) {
        for (const f of this.o.fields) {
          const id = `${this.base}-${i}-${f.key}`;
          if (f.kind === 'date') writeDate(id, v[f.key], this.rows);
          else setValue(id, v[f.key], this.rows);
        }
      } else {
        setValue(`${this.base}-${i}`, v, this.rows);
      }
    });
    const first = vals.length === 0;
    this.addButton.textContent = first ? `Add ${this.o.article ?? 'a'} ${this.o.noun}` : `Add another ${this.o.noun}`;
    this.element.dispatchEvent(new CustomEvent('app:rows-changed', { bubbles: true }));
  }

  add() {
    const vals = this.get();
    vals.push(this.blank());
    this.set(vals);
    const i = vals.length - 1;
    const row = this.rows.children[i];
    row?.querySelector('input, select')?.focus();
  }

  remove(i) {
    const vals = this.get();
    vals.splice(i, 1);
    this.set(vals);
    (this.rows.querySelector('input, select') ?? this.addButton).focus();
  }

  /** The values without blank rows (keeping `min`): what `prune` leaves, read without touching the DOM. */
  values(min = this.o.min ?? 0) {
    const kept = this.get().filter((v) => !this.isBlank(v));
    while (kept.length < min) kept.push(this.blank());
    return kept;
  }

  /** Drop blank rows (keeping `min`), so that row i is index i of the list sent to the module. */
  prune(min = this.o.min ?? 0) {
    this.set(this.values(min));
  }
}

// ---------------------------------------------------------------------------------------------
// Values

function byId(id, root) {
  return root ? root.querySelector(`#${CSS.escape(id)}`) : document.getElementById(id);
}

function getValue(id, root) {
  const n = byId(id, root);
  if (!n) return undefined;
  const v = n.value;
  return v === '' ? undefined : v;
}

function setValue(id, v, root) {
  const n = byId(id, root);
  if (n) n.value = v ?? '';
}

function radioValue(name) {
  return $(`input[type=radio][name="${name}"]:checked`)?.value;
}

function setRadio(name, value) {
  for (const r of $$(`input[type=radio][name="${name}"]`)) r.checked = value !== undefined && r.value === String(value);
}

const pad2 = (s) => (/^\d$/.test(s) ? `0${s}` : s);

/** Three inputs to `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else is passed on for the module to judge. */
export function readDate(id, root) {
  const d = (getValue(`${id}-day`, root) ?? '').trim();
  const m = (getValue(`${id}-month`, root) ?? '').trim();
  const y = (getValue(`${id}-year`, root) ?? '').trim();
  if (!d && !m && !y) return undefined;
  const parts = [y, pad2(m), pad2(d)];
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('-');
}

function writeDate(id, value, root) {
  const [y = '', m = '', d = ''] = value ? String(value).split('-') : [];
  setValue(`${id}-year`, y, root);
  setValue(`${id}-month`, m, root);
  setValue(`${id}-day`, d, root);
}

/** An object without its undefined members, or undefined if none is left. */
function compact(o) {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return Object.keys(out).length ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// The form

const lists = {};

export function buildForm(container) {
  lists.formerNames = new Repeat({
    pointer: '/person/formerNames',
    legend: 'Former names',
    noun: 'former name',
    min: 1,
    fields: [
      { key: 'forename', label: 'First names', name: true },
      { key: 'surname', label: 'Last name', name: true },
      { key: 'secondSurname', label: 'Second last name (if any)', name: true },
    ],
  });
  lists.aliases = new Repeat({
    pointer: '/person/aliases',
    legend: 'Aliases',
    noun: 'alias',
    article: 'an',
    min: 1,
    fields: [
      { key: 'forename', label: 'First names', name: true },
      { key: 'surname', label: 'Last name', name: true },
      { key: 'dateOfBirth', label: 'Date of birth used with this alias (if any)', kind: 'date', hint: 'Leave the day or month blank if not known' },
    ],
  });
  lists.nationalities = new Repeat({
    pointer: '/person/nationalities',
    legend: 'Nationalities',
    hint: 'Give every nationality the person holds. A request goes to each country of nationality.',
    noun: 'nationality',
    min: 1,
    fields: [{ kind: 'country-current' }],
  });
  lists.identityDocuments = new Repeat({
    pointer: '/person/identityDocuments',
    legend: 'Identity documents',
    hint: 'For example a passport or national identity card seen or seized in custody.',
    noun: 'identity document',
    article: 'an',
    fields: [
      { key: 'category', label: 'Type of document', kind: 'doc' },
      { key: 'number', label: 'Document number', width: 'govuk-input--width-20', nospell: true },
      { key: 'issuingCountry', label: 'Issuing country', kind: 'country-current' },
    ],
  });
  lists.addresses = new Repeat({
    pointer: '/person/addresses',
    legend: 'Addresses',
    hint: 'Addresses abroad, if known.',
    noun: 'address',
    article: 'an',
    fields: [
      { key: 'street', label: 'Street and number' },
      { key: 'town', label: 'Town or city', width: 'govuk-!-width-one-half' },
      { key: 'postcode', label: 'Postcode', width: 'govuk-input--width-10', nospell: true },
      { key: 'country', label: 'Country', kind: 'country-current' },
    ],
  });
  lists.destinations = new Repeat({
    pointer: '/request/destinations',
    legend: 'Other countries to ask',
    hint: 'Countries to ask besides the nationalities, for example where a British national has lived.',
    noun: 'country',
    fields: [{ kind: 'country-current' }],
  });
  lists.offences = new Repeat({
    pointer: '/request/offences',
    legend: 'Offences under investigation',
    noun: 'offence',
    article: 'an',
    fields: [
      { key: 'description', label: 'Description' },
      { key: 'category', label: 'ECRIS offence category (if known)', width: 'govuk-input--width-10', hint: 'For example 0401 00', nospell: true },
    ],
  });

  const form = el(
    'form',
    { id: 'request-form', class: 'app-request-form', novalidate: true, autocomplete: 'off', action: '#/request', method: 'post' },

    section(
      'The person',
      '/person',
      el('p', { class: 'govuk-body' }, 'Give the names as they appear on the person’s documents, in any script.'),
      textInput('person-forename', 'First names', { name: true, hint: 'All first names, in order' }),
      textInput('person-surname', 'Last name', { name: true }),
      textInput('person-secondSurname', 'Second last name (if any)', { name: true, hint: 'For example the second surname of a Spanish or Portuguese name' }),
      textInput('person-fullName', 'Full name as written (if it matters)', { name: true, hint: 'For example the name in its original script' }),
      textInput('person-surnameAtBirth', 'Last name at birth', { name: true, hint: 'Leave blank if not known' }),
      radios(
        'person-sex',
        'Sex',
        [
          { value: 'male', text: 'Male' },
          { value: 'female', text: 'Female' },
          { value: 'notKnown', text: 'Not known' },
          { value: 'notSpecified', text: 'Not specified' },
        ],
        { inline: true },
      ),
      radios(
        'person-formerNames',
        'Has the person had any other names (for example before marriage)?',
        [
          { value: 'yes', text: 'Yes', conditional: lists.formerNames.element },
          { value: 'none', text: 'No, none' },
          { value: 'notAsked', text: 'Not asked' },
        ],
        { hint: 'Answer ‘No, none’ only if the person was asked.' },
      ),
      radios('person-aliases', 'Has the person used any aliases?', [
        { value: 'yes', text: 'Yes', conditional: lists.aliases.element },
        { value: 'none', text: 'No, none' },
        { value: 'notAsked', text: 'Not asked' },
      ]),
    ),

    section(
      'Date and place of birth',
      null,
      dateInput('person-dateOfBirth', 'Date of birth', { hint: 'For example 27 3 1987. If only the year or the month and year are known, leave the rest blank.' }),
      textInput('person-placeOfBirth-town', 'Town of birth', { name: true, width: 'govuk-!-width-two-thirds' }),
      countrySelect('person-placeOfBirth-country', 'Country of birth', {
        former: true,
        hint: 'Choose the country as it was when the person was born: former countries such as Yugoslavia and the USSR are at the end of the list.',
      }),
    ),

    section('Nationality', null, lists.nationalities.element),

    section(
      'Parents',
      null,
      fieldset(
        'Father',
        [textInput('person-father-forename', 'Father’s first names', { name: true }), textInput('person-father-surname', 'Father’s last name', { name: true })],
        { pointer: '/person/father' },
      ),
      fieldset(
        'Mother',
        [
          textInput('person-mother-forename', 'Mother’s first names', { name: true }),
          textInput('person-mother-surname', 'Mother’s last name', { name: true }),
          textInput('person-mother-maidenName', 'Mother’s last name at birth (maiden name)', { name: true }),
        ],
        { pointer: '/person/mother' },
      ),
    ),

    section(
      'Identity',
      null,
      textInput('person-identityNumber', 'National identity number (if any)', { hint: 'For example a PESEL (Poland) or EGN (Bulgaria)', width: 'govuk-input--width-20', nospell: true }),
      lists.identityDocuments.element,
      lists.addresses.element,
      radios(
        'person-fingerprints',
        'Were fingerprints taken?',
        [
          { value: 'yes', text: 'Yes', conditional: textInput('person-fingerprints-reference', 'IDENT1 or other reference', { width: 'govuk-input--width-20', nospell: true }) },
          { value: 'no', text: 'No' },
        ],
        { hint: 'The prints themselves are never sent from this form.' },
      ),
    ),

    section(
      'UK identifiers',
      '/uk',
      textInput('uk-pncId', 'PNC ID', { hint: 'For example 2019/0123456E', width: 'govuk-input--width-20', nospell: true }),
      textInput('uk-croNumber', 'CRO number (if any)', { hint: 'For example 012345/19A', width: 'govuk-input--width-20', nospell: true }),
      textInput('uk-asn', 'Arrest/summons number (ASN, if any)', { width: 'govuk-input--width-30', nospell: true }),
      select('uk-forceCode', 'Requesting police force', forceOptions()),
      textInput('uk-custodyRecord', 'Custody record number', { width: 'govuk-input--width-20', nospell: true }),
      dateInput('uk-arrestDate', 'Date of arrest', { hint: 'For example 27 11 2026' }),
    ),

    section(
      'The request',
      '/request',
      radios(
        'request-route',
        'How did this request start?',
        [
          { value: 'automatedCustody', text: 'Automated custody request', hint: 'A foreign national in custody: the custody system sends the request' },
          {
            value: 'form',
            text: 'Request form',
            hint: 'A British national, a person not arrested but subject to relevant proceedings, or a person arrested at a force whose custody system does not send requests yet',
            conditional: [
              radios('request-route-reason', 'Why is the form used?', [
                { value: 'ukNational', text: 'The person is a British national' },
                { value: 'notArrested', text: 'The person was not arrested but is subject to relevant proceedings' },
                {
                  value: 'forceNotAutomated',
                  text: 'The person was arrested at a force whose custody system does not send requests yet',
                  hint: 'Give the date of arrest and the custody record number under UK identifiers',
                },
              ]),
              textarea('request-route-proceedings', 'Which proceedings is the person subject to?', { hint: 'For example a postal requisition and its court' }),
            ],
          },
        ],
        { legendClass: 'govuk-fieldset__legend--s' },
      ),
      radios(
        'request-purpose',
        'Purpose of the request',
        [
          {
            value: 'criminalProceedings',
            text: 'Criminal proceedings or a criminal investigation',
            conditional: textarea('request-purpose-details', 'Details of the proceedings', { hint: 'For example: charged with burglary; bail decision pending' }),
          },
          {
            value: 'lawEnforcement',
            text: 'Another law-enforcement purpose',
            hint: 'Preventing or detecting crime, carrying out a sentence, or protecting against a threat to public security',
            conditional: textarea('request-purpose-description', 'Describe the purpose', { hint: 'Say which law-enforcement purpose the information serves' }),
          },
          {
            value: 'ownRequest',
            text: 'The person’s own request for their convictions',
            hint: 'A national of an EU member state asks for their own record: the request goes to each member state of their nationality, and nowhere else',
            conditional: textarea('request-purpose-ownDetails', 'Details (if any)', { pointer: '/request/purpose/details' }),
          },
        ],
        { hint: 'Conviction information can be requested only for one of these purposes.' },
      ),
      textInput('request-caseReference', 'Case reference', { width: 'govuk-input--width-20', nospell: true }),
      radios(
        'request-urgent',
        'Is the request urgent?',
        [
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
        ],
        { inline: true },
      ),
      radios(
        'request-consent',
        'Has the person consented to the request?',
        [
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
          { value: 'unknown', text: 'Not known' },
        ],
        { inline: true },
      ),
      lists.destinations.element,
      lists.offences.element,
      textarea('request-remarks', 'Remarks (if any)'),
    ),

    section(
      'Requesting authority',
      '/request/requestingAuthority',
      radios('request-requestingAuthority-kind', 'Who is asking?', [
        { value: 'police', text: 'A police force', hint: 'The force of the force code under UK identifiers, unless you name another authority below' },
        { value: 'lawEnforcementAgency', text: 'Another law-enforcement agency', hint: 'An agency other than the police whose officers investigate or prosecute crime: name it below' },
      ]),
      textInput('request-requestingAuthority-name', 'Name of the requesting authority', { hint: 'Leave blank for the police force of the force code', width: 'govuk-!-width-two-thirds' }),
      textInput('request-requestingAuthority-code', 'Code of the requesting authority (if any)', { width: 'govuk-input--width-10', nospell: true }),
    ),

    section(
      'Officer in the case',
      null,
      el(
        'div',
        { dataset: { pointer: '/request/officer' } },
        textInput('request-officer-name', 'Name', { autocomplete: 'name', nospell: true, width: 'govuk-!-width-two-thirds' }),
        textInput('request-officer-email', 'Email address', { autocomplete: 'email', type: 'email', nospell: true, hint: 'The email about missing information goes here' }),
        textInput('request-officer-phone', 'Phone number (if any)', { autocomplete: 'tel', type: 'tel', width: 'govuk-input--width-20' }),
      ),
    ),

    section(
      'Filled in by this page',
      '/context',
      el('p', { class: 'govuk-body' }, 'The module reads no clock and keeps no counter: the page gives it today’s date, the message sequence number and the sending authority.'),
      el('div', { id: 'context', tabindex: '-1', class: 'app-context' }),
    ),

    el(
      'div',
      { class: 'govuk-button-group' },
      el('button', { type: 'submit', class: 'govuk-button', id: 'submit-request', dataset: { preventDoubleClick: 'true' } }, 'Check the request'),
      el('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'clear-form' }, 'Clear the form'),
    ),
  );

  for (const [key, { at, what }] of Object.entries(NOT_KNOWN_AT)) {
    const anchor = at === 'identity-documents' ? lists.identityDocuments.element : at === 'addresses' ? lists.addresses.element : byId(at, form)?.closest('.govuk-form-group');
    anchor?.append(notKnownBox(key, what));
  }

  form.addEventListener('change', (e) => {
    if (e.target.matches('input[type=radio]')) syncConditionals();
  });
  container.append(form);
  syncConditionals();
  return form;
}

// ---------------------------------------------------------------------------------------------
// "Not known to the person": one checkbox for each item a country can ask for, beside the field
// that answers it. A box is shown while a country entered asks for its item (the module's
// `showRules` says which) or while it is ticked, so nothing hidden is ever sent; the ticked ones
// go to the module as `person.notKnown`.

/** Where each item of the rule book is answered on this form (a field's id), and its words. */
const NOT_KNOWN_AT = {
  'second-surname': { at: 'person-secondSurname', what: 'second last name' },
  'surname-at-birth': { at: 'person-surnameAtBirth', what: 'last name at birth' },
  'former-names': { at: 'person-formerNames', what: 'other names' },
  alias: { at: 'person-aliases', what: 'aliases' },
  'father-forename': { at: 'person-father-forename', what: 'father’s first names' },
  'father-surname': { at: 'person-father-surname', what: 'father’s last name' },
  'mother-forename': { at: 'person-mother-forename', what: 'mother’s first names' },
  'mother-surname': { at: 'person-mother-surname', what: 'mother’s last name' },
  'mother-maiden-name': { at: 'person-mother-maidenName', what: 'mother’s last name at birth' },
  'identity-number': { at: 'person-identityNumber', what: 'national identity number' },
  'identity-document': { at: 'identity-documents', what: 'identity document' },
  address: { at: 'addresses', what: 'address' },
};

const notKnownId = (key) => `person-notKnown-${key}`;

function notKnownBox(key, what) {
  const id = notKnownId(key);
  return el(
    'div',
    { class: 'govuk-checkboxes govuk-checkboxes--small app-not-known', dataset: { notKnown: key }, hidden: true },
    el(
      'div',
      { class: 'govuk-checkboxes__item' },
      el('input', { class: 'govuk-checkboxes__input', id, name: 'person-notKnown', type: 'checkbox', value: key, 'aria-describedby': `${id}-item-hint`, dataset: { describedby: `${id}-item-hint` } }),
      el('label', { class: 'govuk-label govuk-checkboxes__label', for: id }, 'Not known to the person', el('span', { class: 'govuk-visually-hidden' }, `: ${what}`)),
      el('div', { class: 'govuk-hint govuk-checkboxes__hint', id: `${id}-item-hint` }),
    ),
  );
}

/** The items the countries ask for, each with the countries that ask (from `showRules`). */
function itemsAsked(codes) {
  const asked = new Map();
  for (const code of codes) {
    let ans;
    try {
      ans = showRules(code);
    } catch {
      continue;
    }
    const name = ans.country?.code === code ? ans.country.name : countryName(code);
    for (const r of ans.country?.requirements ?? []) {
      if (!asked.has(r.item)) asked.set(r.item, []);
      asked.get(r.item).push({ name, level: r.level });
    }
  }
  return asked;
}

const listWords = (xs) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** Show the "not known" box of each item a country entered asks for (and of each one ticked). */
export function syncNotKnown(codes = enteredCountries()) {
  const asked = itemsAsked(codes);
  for (const box of $$('#request-form [data-not-known]')) {
    const input = box.querySelector('input');
    const by = asked.get(box.dataset.notKnown) ?? [];
    box.hidden = !by.length && !input.checked;
    const hint = box.querySelector('.govuk-checkboxes__hint');
    const required = by.filter((x) => x.level === 'required').map((x) => x.name);
    const recommended = by.filter((x) => x.level !== 'required').map((x) => x.name);
    hint.textContent = [
      required.length ? `${listWords(required)} ${required.length > 1 ? 'need' : 'needs'} this.` : '',
      recommended.length ? `${listWords(recommended)} ${recommended.length > 1 ? 'ask' : 'asks'} for this.` : '',
      'Tick only if the person was asked and does not know.',
    ]
      .filter(Boolean)
      .join(' ');
  }
}

/**
 * The items ticked "not known", in the order of the form. With `mark`, each box learns its place
 * in the list (so that a diagnostic's pointer leads to it); without, the DOM is only read.
 */
function readNotKnown(mark) {
  const keys = [];
  for (const input of $$('#request-form input[name="person-notKnown"]')) {
    if (input.checked) {
      if (mark) input.dataset.pointer = `/person/notKnown/${keys.length}`;
      keys.push(input.value);
    } else if (mark) delete input.dataset.pointer;
  }
  return keys;
}

/** Show each radio's conditional panel only while it is checked (as GOV.UK Frontend's Radios do). */
export function syncConditionals() {
  for (const input of $$('#request-form input[type=radio][aria-controls]')) {
    const target = document.getElementById(input.getAttribute('aria-controls'));
    if (!target) continue;
    // GOV.UK Frontend also sets aria-expanded here, which ARIA does not allow on a radio (axe
    // aria-allowed-attr); aria-controls alone ties the radio to what it reveals.
    target.classList.toggle('govuk-radios__conditional--hidden', !input.checked);
  }
}

/** The countries the form will ask (nationalities, then other destinations), as entered. */
export function enteredCountries() {
  const codes = [...lists.nationalities.get(), ...lists.destinations.get()].filter(Boolean);
  return [...new Set(codes)];
}

// ---------------------------------------------------------------------------------------------
// Form -> JSON, JSON -> form

/** A list's values without its blank rows; with `prune`, the blank rows leave the DOM too. */
function listValues(list, prune, min) {
  if (!prune) return list.values(min);
  list.prune(min);
  return list.get();
}

function threeState(name, list, prune) {
  const answer = radioValue(name);
  if (answer === 'none') return [];
  if (answer === 'yes') return listValues(list, prune, 1);
  return undefined;
}

/**
 * Read the form into the module's input JSON (without `context`, which the caller adds).
 *
 * Submitting prunes (`prune: true`): blank rows are removed from the page, so that row i is index
 * i of each list sent and a diagnostic's pointer leads to its field, and each "not known" box
 * learns its place. The check while the user types (`prune: false`) sends the same JSON but only
 * reads the DOM: rewriting rows under the user's cursor would move focus and force the browser to
 * lay out the whole form again on every change.
 */
export function readForm({ prune = true } = {}) {
  const list = (key) => listValues(lists[key], prune);
  const nationalities = list('nationalities');
  const identityDocuments = list('identityDocuments');
  const addresses = list('addresses');
  const destinations = list('destinations');
  const offences = list('offences');
  const v = getValue;
  const fingerprints = radioValue('person-fingerprints');
  const person = compact({
    forename: v('person-forename'),
    surname: v('person-surname'),
    secondSurname: v('person-secondSurname'),
    fullName: v('person-fullName'),
    surnameAtBirth: v('person-surnameAtBirth'),
    formerNames: threeState('person-formerNames', lists.formerNames, prune),
    aliases: threeState('person-aliases', lists.aliases, prune),
    father: compact({ forename: v('person-father-forename'), surname: v('person-father-surname') }),
    mother: compact({ forename: v('person-mother-forename'), surname: v('person-mother-surname'), maidenName: v('person-mother-maidenName') }),
    sex: radioValue('person-sex'),
    dateOfBirth: readDate('person-dateOfBirth'),
    placeOfBirth: compact({ town: v('person-placeOfBirth-town'), country: v('person-placeOfBirth-country') }),
    nationalities: nationalities.filter(Boolean),
    identityNumber: v('person-identityNumber'),
    identityDocuments: nonEmpty(identityDocuments),
    addresses: nonEmpty(addresses),
    fingerprints: fingerprints === 'yes' ? compact({ taken: true, reference: v('person-fingerprints-reference') }) : fingerprints === 'no' ? { taken: false } : undefined,
    notKnown: nonEmpty(readNotKnown(prune)),
  });
  const routeKind = radioValue('request-route');
  const route =
    routeKind === 'form'
      ? compact({ kind: 'form', reason: radioValue('request-route-reason'), proceedings: v('request-route-proceedings') })
      : routeKind
        ? { kind: routeKind }
        : undefined;
  const purposeKind = radioValue('request-purpose');
  const purpose = {
    criminalProceedings: () => compact({ kind: purposeKind, details: v('request-purpose-details') }),
    lawEnforcement: () => compact({ kind: purposeKind, description: v('request-purpose-description') }),
    ownRequest: () => compact({ kind: purposeKind, details: v('request-purpose-ownDetails') }),
  }[purposeKind]?.();
  // The police need not be named (the force code gives the force); an agency must be, so an
  // agency chosen without a name is sent with an empty one, for the module to say so.
  const authorityKind = radioValue('request-requestingAuthority-kind');
  const authorityName = v('request-requestingAuthority-name');
  const authorityCode = v('request-requestingAuthority-code');
  const requestingAuthority =
    authorityName !== undefined || authorityCode !== undefined || authorityKind === 'lawEnforcementAgency'
      ? compact({ name: authorityName ?? '', code: authorityCode, kind: authorityKind })
      : undefined;
  const urgent = radioValue('request-urgent');
  const request = compact({
    route,
    purpose,
    caseReference: v('request-caseReference'),
    urgent: urgent === 'yes' ? true : urgent === 'no' ? false : undefined,
    consent: radioValue('request-consent'),
    requestingAuthority,
    officer: compact({ name: v('request-officer-name'), email: v('request-officer-email'), phone: v('request-officer-phone') }),
    destinations: nonEmpty(destinations.filter(Boolean)),
    offences: nonEmpty(offences),
    remarks: v('request-remarks'),
  });
  const uk = compact({
    pncId: v('uk-pncId'),
    croNumber: v('uk-croNumber'),
    asn: v('uk-asn'),
    forceCode: v('uk-forceCode'),
    custodyRecord: v('uk-custodyRecord'),
    arrestDate: readDate('uk-arrestDate'),
  });
  const out = { request: request ?? {}, person: person ?? { nationalities: [] } };
  if (uk) out.uk = uk;
  return out;
}

const nonEmpty = (a) => (a && a.length ? a : undefined);

/** Fill the form from an input JSON (a scenario, or a request to change). */
export function fillForm(input) {
  const form = $('#request-form');
  form.reset();
  const p = input.person ?? {};
  const r = input.request ?? {};
  const uk = input.uk ?? {};
  for (const k of ['forename', 'surname', 'secondSurname', 'fullName', 'surnameAtBirth', 'identityNumber']) setValue(`person-${k}`, p[k]);
  setRadio('person-sex', p.sex);
  const three = (name, list, value) => {
    setRadio(name, value === undefined ? undefined : value.length ? 'yes' : 'none');
    list.set(value && value.length ? value : []);
  };
  three('person-formerNames', lists.formerNames, p.formerNames);
  three('person-aliases', lists.aliases, p.aliases);
  setValue('person-father-forename', p.father?.forename);
  setValue('person-father-surname', p.father?.surname);
  setValue('person-mother-forename', p.mother?.forename);
  setValue('person-mother-surname', p.mother?.surname);
  setValue('person-mother-maidenName', p.mother?.maidenName);
  writeDate('person-dateOfBirth', p.dateOfBirth);
  setValue('person-placeOfBirth-town', p.placeOfBirth?.town);
  setValue('person-placeOfBirth-country', p.placeOfBirth?.country);
  lists.nationalities.set(p.nationalities ?? []);
  lists.identityDocuments.set(p.identityDocuments ?? []);
  lists.addresses.set(p.addresses ?? []);
  setRadio('person-fingerprints', p.fingerprints ? (p.fingerprints.taken ? 'yes' : 'no') : undefined);
  setValue('person-fingerprints-reference', p.fingerprints?.reference);
  for (const input of $$('#request-form input[name="person-notKnown"]')) input.checked = (p.notKnown ?? []).includes(input.value);

  for (const k of ['pncId', 'croNumber', 'asn', 'forceCode', 'custodyRecord']) setValue(`uk-${k}`, uk[k]);
  writeDate('uk-arrestDate', uk.arrestDate);

  setRadio('request-route', r.route?.kind);
  setRadio('request-route-reason', r.route?.reason);
  setValue('request-route-proceedings', r.route?.proceedings);
  setRadio('request-purpose', r.purpose?.kind);
  setValue(r.purpose?.kind === 'ownRequest' ? 'request-purpose-ownDetails' : 'request-purpose-details', r.purpose?.details);
  setValue('request-purpose-description', r.purpose?.description);
  setRadio('request-requestingAuthority-kind', r.requestingAuthority ? (r.requestingAuthority.kind ?? 'police') : undefined);
  setValue('request-requestingAuthority-name', r.requestingAuthority?.name);
  setValue('request-requestingAuthority-code', r.requestingAuthority?.code);
  setValue('request-caseReference', r.caseReference);
  setRadio('request-urgent', r.urgent === true ? 'yes' : r.urgent === false ? 'no' : undefined);
  setRadio('request-consent', r.consent);
  setValue('request-officer-name', r.officer?.name);
  setValue('request-officer-email', r.officer?.email);
  setValue('request-officer-phone', r.officer?.phone);
  lists.destinations.set(r.destinations ?? []);
  lists.offences.set(r.offences ?? []);
  setValue('request-remarks', r.remarks);
  syncConditionals();
  syncNotKnown();
}

export function clearForm() {
  fillForm({ request: {}, person: {} });
}

// ---------------------------------------------------------------------------------------------
// Errors: the module's diagnostics on the form

const CONTROL = 'input:not([type=hidden]), select, textarea, button';

/** The control a JSON Pointer leads to: its own field, else the nearest enclosing group. */
export function resolvePointer(pointer) {
  let p = String(pointer ?? '');
  for (;;) {
    // Two fields may answer one pointer (the details of two purposes): the one shown wins.
    const all = p ? [document.getElementById(ptrId(p)), ...$$(`#request-form [data-pointer="${CSS.escape(p)}"]`)].filter(Boolean) : [];
    const node = all.find((n) => !n.closest('.govuk-radios__conditional--hidden') && !n.closest('#request-form [hidden]')) ?? all[0];
    if (node) {
      if (node.matches(CONTROL) || node.id === 'context') return node;
      return node.querySelector(CONTROL) ?? node;
    }
    if (!p) return $('#request-form').querySelector(CONTROL);
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

function groupOf(control) {
  const date = control.closest('.govuk-date-input');
  if (date) return date.closest('.govuk-fieldset').closest('.govuk-form-group');
  if (control.id === 'context') return control.closest('.app-form-section');
  if (control.matches('.app-repeat__add')) return control.closest('.govuk-form-group');
  return control.closest('.govuk-form-group') ?? control.closest('.app-form-section');
}

export function clearErrors() {
  for (const n of $$('#request-form [data-app-error]')) n.remove();
  for (const n of $$('#request-form .govuk-form-group--error')) n.classList.remove('govuk-form-group--error');
  for (const cls of ['govuk-input--error', 'govuk-select--error', 'govuk-textarea--error']) {
    for (const n of $$(`#request-form .${cls}`)) n.classList.remove(cls);
  }
  for (const n of $$('#request-form [data-has-error]')) {
    const base = n.dataset.describedby;
    if (base) n.setAttribute('aria-describedby', base);
    else n.removeAttribute('aria-describedby');
    delete n.dataset.hasError;
  }
}

let errorCounter = 0;

/**
 * Put each error diagnostic beside its field (GOV.UK inline error) and return the summary items
 * [{ href, message }] in the order of the diagnostics.
 */
export function showErrors(diagnostics) {
  clearErrors();
  const items = [];
  const byGroup = new Map();
  for (const d of diagnostics) {
    const control = resolvePointer(d.pointer);
    const group = groupOf(control);
    items.push({ href: `#${control.id || 'request-form'}`, diagnostic: d });
    if (!byGroup.has(group)) byGroup.set(group, { control, list: [] });
    byGroup.get(group).list.push(d);
    const errCls = control.matches('select') ? 'govuk-select--error' : control.matches('textarea') ? 'govuk-textarea--error' : control.matches('input:not([type=radio]):not([type=checkbox])') ? 'govuk-input--error' : null;
    if (control.closest('.govuk-date-input')) {
      for (const i of $$('input', control.closest('.govuk-date-input'))) i.classList.add('govuk-input--error');
    } else if (errCls) control.classList.add(errCls);
  }
  for (const [group, { control, list }] of byGroup) {
    if (!group) continue;
    group.classList.add('govuk-form-group--error');
    errorCounter += 1;
    const id = `app-error-${errorCounter}`;
    const message = el(
      'p',
      { class: 'govuk-error-message', id, dataset: { appError: 'true' } },
      list.map((d, i) => [i ? el('br') : null, el('span', { class: 'govuk-visually-hidden' }, 'Error: '), richText(sentence(d.message))]),
    );
    const help = el(
      'div',
      { class: 'govuk-hint app-error-help', id: `${id}-help`, dataset: { appError: 'true' } },
      list.map((d) => [
        d.help ? el('span', { class: 'app-error-help__line' }, richText(sentence(d.help))) : null,
        d.rule?.sources?.length ? el('span', { class: 'app-error-help__line' }, 'Source: ', d.rule.sources.map((s, i) => [i ? '; ' : '', sourceLink(s)])) : null,
      ]),
    );
    const container = group.querySelector(':scope > fieldset') ?? group;
    const anchors = $$(':scope > label, :scope > legend, :scope > .govuk-hint', container);
    const last = anchors[anchors.length - 1];
    if (last) last.after(message);
    else container.prepend(message);
    message.after(help);
    const describedTarget = group.querySelector(':scope > fieldset') ?? (control.matches('input, select, textarea') ? control : null);
    if (describedTarget) {
      const base = describedTarget.dataset.describedby ?? describedTarget.getAttribute('aria-describedby') ?? '';
      if (describedTarget.dataset.describedby === undefined) describedTarget.dataset.describedby = base;
      describedTarget.setAttribute('aria-describedby', `${base} ${id} ${id}-help`.trim());
      describedTarget.dataset.hasError = 'true';
    }
  }
  return items;
}
