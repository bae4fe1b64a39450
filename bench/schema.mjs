// The peer's schema (BENCHMARKS.md): a JSON Schema (draft 2020-12 subset that ajv 8 runs) of the
// validateRequestOut input, encoding as much of icce's structure and of the country rule book as a
// schema can: every object closed (deny_unknown_fields), types, required fields, the ECRIS length
// limits, character classes for names and texts, date shapes with month lengths, ISO 3166 code
// lists, the PNC force, identity-document and identifier shapes, the route and purpose rules that
// are structural, and each country's required items as `if nationality/destination contains X
// then require …`. Built from the same tables and the module's own listRules, so it never drifts.
//
// What no schema can say, and icce does: check letters (PNC ID, CRO, ASN), dates against today
// (future, implausible age, arrest before birth), a year-and-month partial date's real length
// (Feb 29 in a leap year only), mixed scripts in one word, "British only" across nationalities
// AND destinations, a retired code's ambiguity, duplicates after trimming, the 400-character
// total of the offence texts, and everything an answer carries: the outcome (ready / incomplete /
// invalid), per-destination status, the ECRIS messages, XML and the officer's email.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const tsv = (root, file, re) =>
  readFileSync(join(root, 'core/tables', file), 'utf8')
    .split('\n')
    .filter((l) => re.test(l))
    .map((l) => l.split('\t'));

export function buildSchema(root, listRules) {
  const alpha2 = tsv(root, 'iso-3166-1.tsv', /^[A-Z]{2}\t/).map((r) => r[0]);
  const alpha4 = tsv(root, 'iso-3166-3.tsv', /^[A-Z]{4}\t/).map((r) => r[0]);
  const forces = tsv(root, 'pnc-forces.tsv', /^\d\d\t/).map((r) => r[0]);
  const docs = tsv(root, 'identity-document-categories.tsv', /^ID-/).map((r) => r[1]);

  // Characters no name may hold (core/src/text.rs): controls, bidi controls, BOM, separators,
  // private use, non-characters, pictographs, < and >.
  const bad = '\\p{Cc}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF\\u2028\\u2029\\uE000-\\uF8FF\\u{F0000}-\\u{10FFFF}\\uFDD0-\\uFDEF\\uFFFE\\uFFFF\\u{1F000}-\\u{1FAFF}\\u2600-\\u27BF\\uFE0F\\u{E0000}-\\u{E007F}<>';
  const badText = bad.replace('\\p{Cc}', '\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F');
  const name = { type: 'string', maxLength: 200, pattern: `^\\s*[^\\s${bad}][^${bad}]*$` };
  const text = (max) => ({ type: 'string', maxLength: max, pattern: `^\\s*[^\\s${badText}][^${badText}]*$` });
  // YYYY, YYYY-MM or YYYY-MM-DD with each month's length (Feb 29 allowed in any year).
  const dd = '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2\\d))';
  const partialDate = { type: 'string', pattern: `^\\s*(?!0000)\\d{4}(?:-(?:0[1-9]|1[0-2])|-${dd})?\\s*$` };
  const fullDate = { type: 'string', pattern: `^\\s*(?!0000)\\d{4}-${dd}\\s*$` };
  const country = { type: 'string', enum: alpha2 };
  const closed = (properties, required = []) => ({ type: 'object', additionalProperties: false, properties, required });
  const email = { type: 'string', maxLength: 320, pattern: '^\\s*[^@\\s<>]+@[^@\\s<>.][^@\\s<>]*\\.[^@\\s<>]*[^@\\s<>.]\\s*$' };
  const parent = closed({ forename: name, surname: name, maidenName: name });

  const person = closed(
    {
      forename: name,
      surname: name,
      secondSurname: name,
      fullName: { type: 'string', maxLength: 600 },
      surnameAtBirth: name,
      formerNames: { type: 'array', items: closed({ forename: name, surname: name, secondSurname: name }, []) },
      aliases: { type: 'array', items: closed({ forename: name, surname: name, dateOfBirth: partialDate }) },
      father: parent,
      mother: parent,
      sex: { enum: ['notKnown', 'male', 'female', 'notSpecified'] },
      dateOfBirth: partialDate,
      placeOfBirth: closed({ town: name, country: { type: 'string', enum: [...alpha2, ...alpha4] } }, ['town', 'country']),
      nationalities: { type: 'array', items: country, minItems: 1, uniqueItems: true },
      identityNumber: text(50),
      identityDocuments: {
        type: 'array',
        items: closed(
          {
            category: { enum: docs },
            number: text(50),
            issuingCountry: country,
            issuingAuthority: text(400),
            issueDate: partialDate,
            validUntil: partialDate,
          },
          ['category'],
        ),
      },
      addresses: { type: 'array', items: closed({ street: text(400), town: text(200), postcode: text(50), country }) },
      fingerprints: closed({ taken: { type: 'boolean' }, reference: text(50) }, ['taken']),
    },
    ['forename', 'surname', 'sex', 'dateOfBirth', 'placeOfBirth', 'nationalities'],
  );
  const route = {
    oneOf: [
      closed({ kind: { const: 'automatedCustody' } }, ['kind']),
      closed({ kind: { const: 'form' }, reason: { enum: ['ukNational', 'notArrested'] }, proceedings: text(400) }, ['kind', 'reason']),
    ],
  };
  const purpose = {
    oneOf: [
      closed({ kind: { const: 'criminalProceedings' }, details: text(400) }, ['kind']),
      closed({ kind: { const: 'other' }, description: text(400) }, ['kind', 'description']),
    ],
  };
  const request = closed(
    {
      route,
      purpose,
      caseReference: text(50),
      urgent: { type: 'boolean' },
      consent: { enum: ['yes', 'no', 'unknown'] },
      requestingAuthority: closed({ name: text(400), code: text(50) }, ['name']),
      officer: closed({ name, email, phone: text(30) }, ['email']),
      destinations: { type: 'array', items: { ...country, not: { const: 'GB' } }, uniqueItems: true },
      offences: {
        type: 'array',
        items: closed({ category: { type: 'string', pattern: '^\\s*\\d{4} \\d{2}\\s*$' }, description: text(400) }),
      },
      remarks: text(4000),
    },
    ['route', 'purpose', 'caseReference', 'officer'],
  );
  const uk = closed({
    pncId: { type: 'string', pattern: '^\\s*(?:\\d{2}|\\d{4})/?\\d{1,7}[A-Za-z]\\s*$' },
    croNumber: { type: 'string', pattern: '^\\s*(?:\\d{1,6}/\\d{2}|[Ss][Ff]\\d{2}/\\d{1,6})[A-Za-z]\\s*$' },
    asn: { type: 'string', pattern: '^\\s*(?:[0-9A-Za-z]/?){8}(?:\\d/?){11}[A-HJ-NP-RT-Za-hj-np-rt-z]\\s*$' },
    forceCode: { type: 'string', enum: forces },
    custodyRecord: text(50),
    arrestDate: fullDate,
  });

  // Each country's required items, when it is a nationality or a destination.
  const itemSchema = {
    'second-surname': { properties: { person: { required: ['secondSurname'] } } },
    'surname-at-birth': { properties: { person: { required: ['surnameAtBirth'] } } },
    'former-names': { properties: { person: { required: ['formerNames'] } } },
    alias: { properties: { person: { required: ['aliases'] } } },
    'father-forename': { properties: { person: { required: ['father'], properties: { father: { required: ['forename'] } } } } },
    'father-surname': { properties: { person: { required: ['father'], properties: { father: { required: ['surname'] } } } } },
    'mother-forename': { properties: { person: { required: ['mother'], properties: { mother: { required: ['forename'] } } } } },
    'mother-surname': { properties: { person: { required: ['mother'], properties: { mother: { required: ['surname'] } } } } },
    'mother-maiden-name': { properties: { person: { required: ['mother'], properties: { mother: { required: ['maidenName'] } } } } },
    'identity-number': { properties: { person: { required: ['identityNumber'] } } },
    'identity-document': { properties: { person: { required: ['identityDocuments'], properties: { identityDocuments: { minItems: 1 } } } } },
    address: { properties: { person: { required: ['addresses'], properties: { addresses: { minItems: 1 } } } } },
    fingerprints: { properties: { person: { required: ['fingerprints'], properties: { fingerprints: { properties: { taken: { const: true } } } } } } },
    'purpose-details': {
      properties: {
        request: {
          properties: {
            purpose: {
              if: { properties: { kind: { const: 'criminalProceedings' } } },
              then: { required: ['details'] },
              else: { required: ['description'] },
            },
          },
        },
      },
    },
  };
  const countryRules = [];
  for (const c of listRules.countries) {
    if (c.code === 'default' || !c.required.length) continue;
    const asked = {
      anyOf: [
        { properties: { person: { properties: { nationalities: { contains: { const: c.code } } } } } },
        { properties: { request: { properties: { destinations: { contains: { const: c.code } } }, required: ['destinations'] } } },
      ],
    };
    countryRules.push({ if: asked, then: { allOf: c.required.map((k) => itemSchema[k]) } });
  }
  const structural = [
    // Automated custody: a foreign national, with the arrest date and custody record.
    {
      if: { properties: { request: { properties: { route: { properties: { kind: { const: 'automatedCustody' } } } } } } },
      then: {
        required: ['uk'],
        properties: {
          uk: { required: ['arrestDate', 'custodyRecord'] },
          person: { properties: { nationalities: { contains: { not: { const: 'GB' } } } } },
        },
      },
    },
    // Form, not arrested: the proceedings are described.
    {
      if: { properties: { request: { properties: { route: { properties: { reason: { const: 'notArrested' } }, required: ['reason'] } } } } },
      then: { properties: { request: { properties: { route: { required: ['proceedings'] } } } } },
    },
    // Form, UK national: GB is a nationality.
    {
      if: { properties: { request: { properties: { route: { properties: { reason: { const: 'ukNational' } }, required: ['reason'] } } } } },
      then: { properties: { person: { properties: { nationalities: { contains: { const: 'GB' } } } } } },
    },
    // A requesting authority, or a force code to name it.
    { anyOf: [{ properties: { request: { required: ['requestingAuthority'] } } }, { required: ['uk'], properties: { uk: { required: ['forceCode'] } } }] },
  ];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:icce:bench:validateRequestOut-input',
    title: 'validateRequestOut input, as far as a JSON Schema can say it (benchmark peer; generated by bench/schema.mjs)',
    ...closed(
      {
        context: closed(
          {
            today: fullDate,
            timestamp: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\dZ$' },
            messageSequence: { type: 'integer', minimum: 0, maximum: 999999999999999 },
            sendingAuthority: closed({ name: text(400), email, phone: text(30) }, ['name']),
          },
          ['today', 'messageSequence', 'sendingAuthority'],
        ),
        request,
        person,
        uk,
      },
      ['context', 'request', 'person'],
    ),
    allOf: [...structural, ...countryRules],
  };
}
