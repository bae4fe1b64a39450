// Training scenarios: synthetic people and requests (no real person, no real identifier), each
// with a teaching note. A scenario is only an input: what is right or wrong with it is for the
// module to say when the trainee submits it. `@today` is replaced by the browser's date.

const officer = { name: 'PC Training Officer', email: 'pc.training@hampshire.example.police.uk' };
const automated = { kind: 'automatedCustody' };

export const SCENARIOS = [
  {
    id: 'dual-national',
    title: 'Dual national: Portugal and Luxembourg',
    note:
      'A person with two nationalities gets one request for each country, and each request is judged by that country’s own rules. ' +
      'Submit as it is: both requests can be sent, but read the advice. Luxembourg’s register would like to know what the proceedings are; advice never blocks a request, but it helps the other country answer. ' +
      'Add the details of the proceedings and submit again.',
    input: {
      request: {
        route: automated,
        purpose: { kind: 'criminalProceedings' },
        caseReference: 'TRN-2026-0001',
        urgent: false,
        consent: 'unknown',
        officer,
        offences: [{ description: 'Theft from a shop' }],
      },
      person: {
        forename: 'Luís Miguel',
        surname: 'Exemplo',
        sex: 'male',
        dateOfBirth: '1985-09-02',
        placeOfBirth: { town: 'Esch-sur-Alzette', country: 'LU' },
        nationalities: ['PT', 'LU'],
        formerNames: [],
        identityDocuments: [{ category: 'passport', number: 'P0000011', issuingCountry: 'PT' }],
      },
      uk: { pncId: '2019/0123456E', forceCode: '44', custodyRecord: '44HQ/0201/26', arrestDate: '@today' },
    },
  },
  {
    id: 'former-yugoslavia',
    title: 'Born in the former Yugoslavia',
    note:
      'Zagreb is in Croatia today, but in 1979 it was in Yugoslavia. Record the country of birth as it was at the time: ' +
      'choose Yugoslavia from the former countries at the end of the list. Notice what the module says about the former country, and that the request goes to Croatia, the country of nationality.',
    input: {
      request: { route: automated, purpose: { kind: 'criminalProceedings', details: 'Charged with assault; remanded for court' }, caseReference: 'TRN-2026-0002', urgent: true, consent: 'unknown', officer },
      person: {
        forename: 'Ana',
        surname: 'Primer',
        sex: 'female',
        dateOfBirth: '1979-04-11',
        placeOfBirth: { town: 'Zagreb', country: 'YUCS' },
        nationalities: ['HR'],
        identityDocuments: [{ category: 'national-identity-card', number: 'HR0000022', issuingCountry: 'HR' }],
      },
      uk: { forceCode: '44', custodyRecord: '44HQ/0202/26', arrestDate: '@today' },
    },
  },
  {
    id: 'cyrillic-names',
    title: 'Names in Cyrillic',
    note:
      'Enter names as the person’s documents write them, here in Cyrillic: the request carries any script, so nothing is lost in transliteration. ' +
      'Look at the advice: Bulgaria’s register identifies people by their parents’ names too, so add them if the person gives them.',
    input: {
      request: { route: automated, purpose: { kind: 'criminalProceedings', details: 'Charged with fraud by false representation' }, caseReference: 'TRN-2026-0003', urgent: false, consent: 'unknown', officer },
      person: {
        forename: 'Иван',
        surname: 'Примеров',
        fullName: 'Иван Петров Примеров',
        sex: 'male',
        dateOfBirth: '1992-12-05',
        placeOfBirth: { town: 'Пловдив', country: 'BG' },
        nationalities: ['BG'],
      },
      uk: { forceCode: '44', custodyRecord: '44HQ/0203/26', arrestDate: '@today' },
    },
  },
  {
    id: 'year-only-date-of-birth',
    title: 'Only the year of birth is known',
    note:
      'The person knows only the year they were born. Leave the day and month blank: never invent a date such as 1 January, which would send the wrong date to the other country. ' +
      'See how the module reports a year-only date and how it appears in the request.',
    input: {
      request: { route: automated, purpose: { kind: 'criminalProceedings', details: 'Arrested for possession of a controlled drug with intent to supply' }, caseReference: 'TRN-2026-0004', urgent: false, consent: 'unknown', officer },
      person: {
        forename: 'Andrei',
        surname: 'Exemplu',
        sex: 'male',
        dateOfBirth: '1990',
        placeOfBirth: { town: 'Iași', country: 'RO' },
        nationalities: ['RO'],
      },
      uk: { forceCode: '44', custodyRecord: '44HQ/0204/26', arrestDate: '@today' },
    },
  },
  {
    id: 'uk-national-form-route',
    title: 'A British national who lived abroad',
    note:
      'The custody system started this as an automated request, but the person is British. Submit and read the error, then change how the request started to the request form, because the person is a British national. ' +
      'The countries where the person lived are named as other countries to ask.',
    input: {
      request: {
        route: automated,
        purpose: { kind: 'criminalProceedings', details: 'Charged with burglary; first court appearance pending' },
        caseReference: 'TRN-2026-0005',
        urgent: false,
        consent: 'unknown',
        officer,
        destinations: ['ES', 'PT'],
      },
      person: {
        forename: 'Oliver',
        surname: 'Sample',
        sex: 'male',
        dateOfBirth: '1983-02-19',
        placeOfBirth: { town: 'Leeds', country: 'GB' },
        nationalities: ['GB'],
        identityDocuments: [{ category: 'passport', number: '000000000', issuingCountry: 'GB' }],
      },
      uk: { pncId: '2019/0123456E', forceCode: '44' },
    },
  },
  {
    id: 'poland-parents-missing',
    title: 'Poland: the parents’ names are missing',
    note:
      'Watch the panel as the nationality is chosen: Poland’s law lists more than the baseline for a police request, with its source. ' +
      'Submit without them: the request is incomplete, and the module writes the email asking the officer for what is missing. Preview that email, then add the names and submit again.',
    input: {
      request: { route: automated, purpose: { kind: 'criminalProceedings', details: 'Charged with dangerous driving' }, caseReference: 'TRN-2026-0006', urgent: false, consent: 'unknown', officer },
      person: {
        forename: 'Tomasz',
        surname: 'Przykładowski',
        sex: 'male',
        dateOfBirth: '1987-06-21',
        placeOfBirth: { town: 'Gdańsk', country: 'PL' },
        nationalities: ['PL'],
        father: { forename: 'Jan' },
      },
      uk: { forceCode: '44', custodyRecord: '44HQ/0206/26', arrestDate: '@today' },
    },
  },
  {
    id: 'wrong-pnc-check-letter',
    title: 'A mistyped PNC ID',
    note:
      'The last letter of a PNC ID is a check letter worked out from the digits, so a single mistyped character is caught. ' +
      'Submit and read which letter the digits give; then check the PNC record itself rather than copying the letter from the message.',
    input: {
      request: { route: automated, purpose: { kind: 'criminalProceedings', details: 'Charged with burglary; bail decision pending' }, caseReference: 'TRN-2026-0007', urgent: false, consent: 'unknown', officer },
      person: {
        forename: 'Ionela Maria',
        surname: 'Testescu',
        sex: 'female',
        dateOfBirth: '1991-03-14',
        placeOfBirth: { town: 'Cluj-Napoca', country: 'RO' },
        nationalities: ['RO'],
        identityDocuments: [{ category: 'passport', number: 'X0000001', issuingCountry: 'RO' }],
      },
      uk: { pncId: '2019/0123456A', forceCode: '44', custodyRecord: '44HQ/0207/26', arrestDate: '@today' },
    },
  },
  {
    id: 'not-arrested-proceedings',
    title: 'Not arrested, but subject to proceedings',
    note:
      'A person who was never arrested can still be the subject of a request, through the form, when they are subject to relevant proceedings such as a postal requisition. ' +
      'Submit and read what the module asks for; then describe the proceedings and submit again.',
    input: {
      request: {
        route: { kind: 'form', reason: 'notArrested' },
        purpose: { kind: 'criminalProceedings', details: 'Summonsed for careless driving' },
        caseReference: 'TRN-2026-0008',
        urgent: false,
        consent: 'unknown',
        officer,
      },
      person: {
        forename: 'Jürgen',
        surname: 'Mustermann',
        sex: 'male',
        dateOfBirth: '1975-01-30',
        placeOfBirth: { town: 'Köln', country: 'DE' },
        nationalities: ['DE'],
      },
      uk: { forceCode: '44' },
    },
  },
  {
    id: 'two-channels',
    title: 'Two channels: France and the United States',
    note:
      'France is asked through ECRIS, with a structured XML message and a reply deadline. The United States is not on ECRIS: ACRO sends its request to the National Crime Agency, which passes it on through Interpol channels, so there is no ECRIS message, code or XML for it. ' +
      'Compare the two previews: what goes to France, and what goes to the NCA for the United States. Notice too that the request language for France is French.',
    input: {
      request: { route: automated, purpose: { kind: 'criminalProceedings', details: 'Charged with possession of an offensive weapon' }, caseReference: 'TRN-2026-0009', urgent: true, consent: 'unknown', officer },
      person: {
        forename: 'Élodie',
        surname: 'Modèle',
        sex: 'female',
        dateOfBirth: '1988-07-14',
        placeOfBirth: { town: 'Lyon', country: 'FR' },
        nationalities: ['FR', 'US'],
      },
      uk: { forceCode: '44', custodyRecord: '44HQ/0209/26', arrestDate: '@today' },
    },
  },
  {
    id: 'poland-maiden-name-not-known',
    title: 'Poland: the mother’s maiden name is not known',
    note:
      'Poland’s register needs the mother’s maiden name, and this person does not know it. Submit as it is: the request to Poland is held back. ' +
      'Never guess the name or type “unknown” into the field. Instead tick “Not known to the person” under the mother’s last name at birth, and submit again: the request can now be sent, and it tells Poland that the person does not know the name.',
    input: {
      request: { route: automated, purpose: { kind: 'criminalProceedings', details: 'Charged with theft from a motor vehicle' }, caseReference: 'TRN-2026-0010', urgent: false, consent: 'unknown', officer },
      person: {
        forename: 'Katarzyna',
        surname: 'Przykładowa',
        surnameAtBirth: 'Przykładowa',
        sex: 'female',
        dateOfBirth: '1993-08-09',
        placeOfBirth: { town: 'Kraków', country: 'PL' },
        nationalities: ['PL'],
        father: { forename: 'Piotr' },
        mother: { forename: 'Maria' },
      },
      uk: { forceCode: '44', custodyRecord: '44HQ/0210/26', arrestDate: '@today' },
    },
  },
  {
    id: 'force-not-automated',
    title: 'Arrested at a force not yet automated',
    note:
      'The person was arrested, but this force’s custody system does not send requests yet, so the officer uses the request form. ' +
      'The request still needs what the custody system would have sent: the date of arrest and the custody record number. Submit and read what is missing; then add the custody record number and submit again.',
    input: {
      request: {
        route: { kind: 'form', reason: 'forceNotAutomated' },
        purpose: { kind: 'criminalProceedings', details: 'Charged with handling stolen goods' },
        caseReference: 'TRN-2026-0011',
        urgent: false,
        consent: 'unknown',
        officer,
      },
      person: {
        forename: 'Jan',
        surname: 'Voorbeeld',
        sex: 'male',
        dateOfBirth: '1984-10-03',
        placeOfBirth: { town: 'Utrecht', country: 'NL' },
        nationalities: ['NL'],
      },
      uk: { forceCode: '44', arrestDate: '@today' },
    },
  },
];

/** A deep copy of the scenario's input with `@today` replaced. */
export function scenarioInput(scenario, today) {
  return JSON.parse(JSON.stringify(scenario.input), (k, v) => (v === '@today' ? today : v));
}
