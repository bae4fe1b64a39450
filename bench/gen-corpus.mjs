// The benchmark corpus (BENCHMARKS.md, section The corpus): synthetic validateRequestOut inputs from a fixed seed, across
// every country of the rule book (as the module's own `listRules` lists it) and every route, with
// ready, incomplete and invalid requests in set proportions, followed by every request vector in
// tests/vectors/validateRequestOut/*.in.json. No real personal data: names are made of syllables,
// identifiers are generated (with correct check letters where they should be correct).
//
//   node bench/gen-corpus.mjs [--n 10000] [--seed 0x1cce2026] [--out bench/out]
//
// Writes
//   <out>/corpus.jsonl       one line per input: the input's exact text as a JSON string literal
//                            (a line is `JSON.parse`d / `serde_json::from_str::<String>`ed to get it)
//   <out>/corpus-meta.jsonl  one line per input: {id, source, intent, route, countries, outcome}
//   <out>/corpus-summary.json  counts by intent, outcome, route and country, and the SHA-256
// The outcome of each input is the module's own (web-demo/pkg, in node), so the proportions
// printed are what icce says, not what the generator meant.

import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const N = Number(args.n ?? 10000);
const SEED = Number(args.seed ?? 0x1cce2026) >>> 0;
const OUT = resolve(args.out ?? join(root, 'bench/out'));

// ---- the module, for listRules and for each input's actual outcome ----
const glue = await import(pathToFileURL(join(root, 'web-demo/pkg/icce_wasm.js')));
glue.initSync({ module: readFileSync(join(root, 'web-demo/pkg/icce_wasm_bg.wasm')) });
const rules = JSON.parse(glue.call('listRules', '{}'));
const countries = rules.countries.filter((c) => c.code !== 'default');
const foreign = countries.filter((c) => c.code !== 'GB');
// Countries without a file of their own (the default rules apply); a fixed handful from ISO 3166-1.
const withFile = new Set(countries.map((c) => c.code));
const iso = readFileSync(join(root, 'core/tables/iso-3166-1.tsv'), 'utf8')
  .split('\n')
  .filter((l) => /^[A-Z]{2}\t/.test(l))
  .map((l) => l.split('\t')[0]);
const defaultCountries = ['BR', 'MA', 'PH', 'VN', 'CN', 'ZA', 'EG', 'KE'].filter((c) => iso.includes(c) && !withFile.has(c));
const byCode = new Map(countries.map((c) => [c.code, c]));

// ---- a small seeded PRNG (mulberry32): the same seed gives the same corpus everywhere ----
let state = SEED;
function rnd() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const chance = (p) => rnd() < p;
const pad = (n, w) => String(n).padStart(w, '0');

// ---- synthetic names: syllables in the script a country writes in ----
const SYL = {
  latin: ['an', 'el', 'mar', 'tin', 'ko', 'va', 'lu', 'ri', 'sa', 'ben', 'to', 'mi', 'ra', 'den', 'lo', 'is', 'ne', 'gor', 'pa', 'ul'],
  cyrillic: ['ан', 'ко', 'ва', 'ли', 'мир', 'ен', 'до', 'ра', 'сла', 'ни', 'то', 'ве', 'па', 'ро', 'ду'],
  greek: ['αν', 'κο', 'λα', 'μι', 'στα', 'νι', 'πα', 'ρο', 'θε', 'δη', 'σο', 'λι'],
};
const MARKS = { PL: 'ąęłńóśźż', CZ: 'čěřšžůý', SK: 'čľňšťž', HU: 'áéőű', RO: 'ășțî', TR: 'çğışö', DE: 'äöüß', FR: 'éèçê', ES: 'ñáé', PT: 'ãçõ', SE: 'åäö', NO: 'æøå', DK: 'æøå', LT: 'ąčėšž', LV: 'āēīšž', HR: 'čćđšž', SI: 'čšž', EE: 'äõöü', FI: 'äö', IS: 'ðþæ' };
const script = (code) => (['BG', 'UA', 'RS'].includes(code) ? 'cyrillic' : ['GR', 'CY'].includes(code) ? 'greek' : 'latin');
function word(code, syllables) {
  const sc = script(code);
  let w = '';
  for (let i = 0; i < syllables; i++) w += pick(SYL[sc]);
  const marks = MARKS[code];
  if (sc === 'latin' && marks && chance(0.5)) {
    const at = int(1, w.length - 1);
    w = w.slice(0, at) + pick([...marks]) + w.slice(at + 1);
  }
  return w.charAt(0).toUpperCase() + w.slice(1);
}
const forename = (code) => (chance(0.3) ? `${word(code, int(2, 3))} ${word(code, 2)}` : word(code, int(2, 3)));
const surname = (code) => word(code, int(2, 4));

// ---- UK identifiers with their check letters (core/src/identifiers.rs) ----
const CHECK = 'ZABCDEFGHJKLMNPQRTUVWXY';
const check = (digits) => CHECK[Number(BigInt(digits) % 23n)];
const FORCES = readFileSync(join(root, 'core/tables/pnc-forces.tsv'), 'utf8')
  .split('\n')
  .filter((l) => /^\d\d\t/.test(l))
  .map((l) => l.split('\t')[0]);
function pncId() {
  const year = int(1995, 2026);
  const serial = pad(int(1, 9999999), 7);
  return `${year}/${serial}${check(`${String(year).slice(2)}${serial}`)}`;
}
function asn(force) {
  const yy = '26';
  const unit = pad(int(0, 99), 2);
  const system = '00';
  const seq = pad(int(1, 99999999999), 11);
  return `${yy}${force}${unit}${system}${seq}${check(`${force}${system}${yy}${seq}`)}`;
}
function croNumber() {
  const serial = pad(int(1, 999999), 6);
  const yy = pad(int(0, 26), 2);
  return `${serial}/${yy}${check(`${yy}${serial}`)}`;
}

const TODAY = '2026-11-28';
const TOWNS = ['Northbridge', 'Eastham', 'Westford', 'Southgate', 'Kingsmead', 'Riverton', 'Hillcrest', 'Lakeside'];
const OFFENCES = [
  ['0401 00', 'Burglary of a dwelling'],
  ['0600 00', 'Supplying a controlled drug'],
  [null, 'Assault occasioning actual bodily harm'],
  [null, 'Theft from a shop'],
  ['1000 00', 'Fraud by false representation'],
  [null, 'Criminal damage'],
];
const DOCS = ['passport', 'national-identity-card', 'driving-licence', 'residence-permit'];

function dob() {
  const y = int(1950, 2006);
  const m = int(1, 12);
  const d = int(1, 28);
  const r = rnd();
  return r < 0.9 ? `${y}-${pad(m, 2)}-${pad(d, 2)}` : r < 0.95 ? `${y}-${pad(m, 2)}` : `${y}`;
}

/** Fill one country item (a rule-book key) on the request. */
function fill(req, key, code) {
  const p = req.person;
  switch (key) {
    case 'second-surname':
      p.secondSurname = surname(code);
      break;
    case 'surname-at-birth':
      p.surnameAtBirth = chance(0.7) ? p.surname : surname(code);
      break;
    case 'former-names':
      p.formerNames = chance(0.6) ? [] : [{ surname: surname(code) }];
      break;
    case 'alias':
      p.aliases = chance(0.6) ? [] : [{ forename: forename(code), surname: surname(code) }];
      break;
    case 'father-forename':
      (p.father ??= {}).forename = forename(code);
      break;
    case 'father-surname':
      (p.father ??= {}).surname = p.surname;
      break;
    case 'mother-forename':
      (p.mother ??= {}).forename = forename(code);
      break;
    case 'mother-surname':
      (p.mother ??= {}).surname = p.surname;
      break;
    case 'mother-maiden-name':
      (p.mother ??= {}).maidenName = surname(code);
      break;
    case 'identity-number':
      p.identityNumber = pad(int(0, 99999999), 8) + pad(int(0, 999), 3);
      break;
    case 'identity-document':
      (p.identityDocuments ??= []).push({ category: pick(DOCS), number: `X${pad(int(0, 9999999), 7)}`, issuingCountry: code });
      break;
    case 'address':
      (p.addresses ??= []).push({ street: `${int(1, 200)} ${word('GB', 2)} Street`, town: pick(TOWNS), postcode: `${int(10, 99)}-${pad(int(0, 999), 3)}`, country: code });
      break;
    case 'fingerprints':
      p.fingerprints = { taken: true, reference: `IDENT1-${pad(int(0, 99999999), 8)}` };
      break;
    case 'purpose-details':
      if (req.request.purpose.kind === 'criminalProceedings') req.request.purpose.details = 'Charged; the court needs previous convictions for sentencing and bail';
      else req.request.purpose.description = 'Safeguarding check under national law, with the person’s consent';
      break;
    default:
      throw new Error(`generator does not know the item ${key}`);
  }
}

const ROUTES = [
  ['automatedCustody', 0.6],
  ['form/ukNational', 0.25],
  ['form/notArrested', 0.15],
];
const INTENTS = [
  ['ready', 0.6],
  ['incomplete', 0.25],
  ['invalid', 0.15],
];
const weighted = (xs) => {
  let r = rnd();
  for (const [v, w] of xs) if ((r -= w) < 0) return v;
  return xs[xs.length - 1][0];
};

// Invalid variants: each makes the request wrong in one way an officer could make it wrong.
const INVALID = [
  (r) => (r.uk.pncId = r.uk.pncId ? r.uk.pncId.slice(0, -1) + (r.uk.pncId.endsWith('A') ? 'B' : 'A') : '2019/0123456A'),
  (r) => (r.person.dateOfBirth = '1990-02-30'),
  (r) => (r.person.nationalities = [...r.person.nationalities, 'YU']),
  (r) => (r.person.placeOfBirth.country = 'ZZ'),
  (r) => (r.person.forename = `${r.person.forename}\u202E`),
  (r) => (r.request.officer.email = 'pc.example.police.uk'),
  (r) => (r.request.offences = [{ category: '401', description: 'Burglary' }]),
  (r) => (r.uk.forceCode = '99'),
  (r) => ((r.uk.arrestDate = '2027-01-02'), (r.uk.custodyRecord ??= '44HQ/0001/26')),
  (r) => (r.person.surname = 'x'.repeat(210)),
  (r) => (r.person.dateOfBirth = '2031-05-01'),
  (r) => (r.request.remarks = 'See <b>notes</b>'),
  (r) => (r.person.identityDocuments = [{ category: 'library-card', number: 'L1' }]),
  (r) => (r.uk.croNumber = '123456/99Z'),
];
// Missing variants that are not a country's rule (the baseline and the officer's details).
const MISSING = [
  (r) => delete r.person.sex,
  (r) => delete r.person.placeOfBirth.town,
  (r) => delete r.request.officer.email,
  (r) => delete r.request.caseReference,
  (r) => delete r.person.dateOfBirth,
];

function synthetic(i) {
  const intent = weighted(INTENTS);
  const route = weighted(ROUTES);
  // Every country of the rule book comes round in turn; some requests go to countries with only
  // the default rules.
  const primary = chance(0.05) ? pick(defaultCountries) : foreign[i % foreign.length].code;
  const nat = [primary];
  if (chance(0.15)) {
    const second = pick(foreign).code;
    if (second !== primary) nat.push(second);
  }
  const force = pick(FORCES.filter((f) => !['00'].includes(f)));
  const req = {
    context: {
      today: TODAY,
      timestamp: `${TODAY}T${pad(int(7, 20), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}Z`,
      messageSequence: 100000 + i * 4,
      sendingAuthority: { name: 'ACRO Criminal Records Office (UK Central Authority)', email: 'uk-central-authority@acro.example.police.uk' },
    },
    request: {
      route: { kind: 'automatedCustody' },
      purpose: chance(0.92) ? { kind: 'criminalProceedings', details: chance(0.5) ? 'Charged; bail decision pending' : undefined } : { kind: 'other', description: 'Vetting for a position of trust, as national law allows' },
      caseReference: `HC-2026-${pad(int(0, 999999), 6)}`,
      urgent: chance(0.3),
      consent: 'unknown',
      officer: { name: `PC ${word('GB', 2)} ${word('GB', 3)}`, email: `pc.${pad(int(0, 99999), 5)}@force${force}.example.police.uk` },
      offences: [],
    },
    person: {
      forename: forename(primary),
      surname: '',
      sex: pick(['male', 'female', 'male', 'female', 'notKnown', 'notSpecified']),
      dateOfBirth: dob(),
      placeOfBirth: { town: pick(TOWNS), country: chance(0.04) ? pick(['YUCS', 'SUHH', 'CSHH']) : primary },
      nationalities: nat,
    },
    uk: { forceCode: force },
  };
  req.person.surname = surname(primary);
  if (req.request.purpose.kind === 'other') req.request.consent = 'yes';
  const nOff = int(1, 3);
  for (let k = 0; k < nOff; k++) {
    const [category, description] = pick(OFFENCES);
    req.request.offences.push(category && chance(0.6) ? { category, description } : { description });
  }
  if (route === 'automatedCustody') {
    req.uk.pncId = chance(0.5) ? pncId() : undefined;
    req.uk.asn = chance(0.7) ? asn(force) : undefined;
    req.uk.custodyRecord = `${force}HQ/${pad(int(1, 9999), 4)}/26`;
    req.uk.arrestDate = `2026-11-${pad(int(1, 28), 2)}`;
  } else if (route === 'form/ukNational') {
    req.request.route = { kind: 'form', reason: 'ukNational' };
    req.person.nationalities = ['GB', ...(chance(0.2) ? [primary] : [])];
    req.request.destinations = [primary];
    req.uk.pncId = pncId();
    if (chance(0.3)) req.uk.croNumber = croNumber();
  } else {
    req.request.route = { kind: 'form', reason: 'notArrested', proceedings: 'Postal requisition to appear at the magistrates’ court' };
    if (chance(0.3)) req.request.destinations = [pick(foreign).code].filter((c) => !nat.includes(c));
  }
  if (chance(0.1)) req.request.requestingAuthority = { name: 'Crown Court at Riverton', code: `CC${pad(int(0, 999), 3)}` };
  if (chance(0.1)) req.request.remarks = 'Interpreter needed.';

  // Destinations and what their rule books ask for.
  const dests = [...new Set([...req.person.nationalities.filter((c) => c !== 'GB'), ...(req.request.destinations ?? [])])];
  const required = new Set();
  const recommended = new Set();
  for (const d of dests) {
    const c = byCode.get(d);
    if (!c) continue;
    c.required.forEach((k) => required.add(k));
    c.recommended.forEach((k) => recommended.add(k));
  }
  for (const k of recommended) if (chance(0.5)) fill(req, k, primary);
  let missing = [...required];
  if (intent === 'incomplete' && missing.length && chance(0.8)) {
    // Leave out one thing a destination requires.
    const leave = pick(missing);
    missing = missing.filter((k) => k !== leave);
  } else if (intent === 'incomplete') {
    pick(MISSING)(req);
  }
  for (const k of missing) fill(req, k, primary);
  if (intent === 'invalid') pick(INVALID)(req);
  return { intent, route, countries: dests, req };
}

// ---- build, check with the module, write ----
mkdirSync(OUT, { recursive: true });
const lines = [];
const meta = [];
const tally = { byIntent: {}, byOutcome: {}, byRoute: {}, byCountry: {}, intentVsOutcome: {} };
const bump = (o, k) => (o[k] = (o[k] ?? 0) + 1);
for (let i = 0; i < N; i++) {
  const { intent, route, countries: cs, req } = synthetic(i);
  const text = JSON.stringify(req);
  const outcome = JSON.parse(glue.call('validateRequestOut', text)).outcome;
  lines.push(JSON.stringify(text));
  meta.push(JSON.stringify({ id: `syn-${pad(i, 5)}`, source: 'synthetic', intent, route, countries: cs, outcome }));
  bump(tally.byIntent, intent);
  bump(tally.byOutcome, outcome);
  bump(tally.byRoute, route);
  for (const c of cs) bump(tally.byCountry, byCode.has(c) ? c : 'default-rules');
  bump(tally.intentVsOutcome, `${intent}->${outcome}`);
}
const vecDir = join(root, 'tests/vectors/validateRequestOut');
const vectors = readdirSync(vecDir).filter((f) => f.endsWith('.in.json')).sort();
for (const f of vectors) {
  const text = readFileSync(join(vecDir, f), 'utf8');
  const outcome = JSON.parse(glue.call('validateRequestOut', text)).outcome;
  lines.push(JSON.stringify(text));
  meta.push(JSON.stringify({ id: `vec-${f.replace(/\.in\.json$/, '')}`, source: 'vector', intent: null, route: null, countries: [], outcome }));
  bump(tally.byOutcome, `vector:${outcome}`);
}
const corpus = lines.join('\n') + '\n';
writeFileSync(join(OUT, 'corpus.jsonl'), corpus);
writeFileSync(join(OUT, 'corpus-meta.jsonl'), meta.join('\n') + '\n');
const missingCountries = foreign.map((c) => c.code).filter((c) => !tally.byCountry[c]);
const summary = {
  seed: `0x${SEED.toString(16)}`,
  synthetic: N,
  vectors: vectors.length,
  total: lines.length,
  bytes: Buffer.byteLength(corpus),
  sha256: createHash('sha256').update(corpus).digest('hex'),
  rulebook: rules.rulebook,
  countriesInRulebook: countries.length,
  countriesNotCovered: missingCountries,
  ...tally,
};
writeFileSync(join(OUT, 'corpus-summary.json'), JSON.stringify(summary, null, 2) + '\n');
console.error(
  `corpus: ${summary.total} inputs (${N} synthetic, seed ${summary.seed}; ${vectors.length} vectors), ${summary.bytes} bytes, sha256 ${summary.sha256}`,
);
console.error(`corpus: outcomes ${JSON.stringify(tally.byOutcome)}`);
if (missingCountries.length) {
  console.error(`corpus: countries never asked: ${missingCountries.join(' ')}`);
  process.exit(1);
}
