// A strict TypeScript caller of the packed package, as a custody form's code would be: the
// contract's types imported by name, answers narrowed on `outcome`, optional members treated as
// optional. Type-checked (tsc --strict, exactOptionalPropertyTypes) and run in node by
// scripts/test-consumer.sh. Each `@ts-expect-error` is a mistake the types must catch.
import init, { validateRequestOut, showRules, listRules, validateRequestOutJson, version } from 'icce';
import type { Diagnostic, RequestOutAnswer, RequestOutInput, UnusableAnswer } from 'icce';
import type { CheckOutcome } from 'icce/types';

await init(); // in node a no-op, as the README says; shared code may call it everywhere

const nationalities: string[] = ['PL', 'LT']; // a plain string[] is a list of nationalities
const request: RequestOutInput = {
  context: { today: '2026-11-28', messageSequence: 1, sendingAuthority: { name: 'ACRO Criminal Records Office (UK Central Authority)' } },
  request: { route: { kind: 'automatedCustody' }, purpose: { kind: 'criminalProceedings' } },
  person: { forename: 'Jan', surname: 'Przykład', sex: 'male', dateOfBirth: '1985-03-02', nationalities },
};

const answer: RequestOutAnswer | UnusableAnswer = validateRequestOut(request);
if (answer.outcome !== 'unusable') {
  // Narrowed to RequestOutAnswer: its own members, and an outcome of a check.
  const outcome: CheckOutcome = answer.outcome;
  const destinations = answer.destinations.map((d) => `${d.country} ${d.status}`);
  console.log(`typed caller: ${outcome}; ${destinations.join(', ')}`);
} else {
  // @ts-expect-error: an unusable answer has no destinations
  console.log(answer.destinations);
  throw new Error(`unusable: ${answer.diagnostics[0]?.message}`);
}

// `countries` is optional: it is left out when a diagnostic concerns every destination.
const concerns = (d: Diagnostic): string => d.countries?.join(', ') ?? 'every destination';
// @ts-expect-error: `countries` may be absent, so this would throw at run time
const unsafe = (d: Diagnostic): string => d.countries.join(', ');
void unsafe;
console.log(`typed caller: ${answer.diagnostics.map(concerns).length} diagnostics`);

// A misspelt field is a type error.
// @ts-expect-error: `forname` is not a field of Person
const misspelt: RequestOutInput = { ...request, person: { ...request.person, forname: 'Jan' } };
void misspelt;
// An unknown route is a type error, as it is an unusable answer at run time.
// @ts-expect-error: `telepathy` is not a route
validateRequestOut({ ...request, request: { ...request.request, route: { kind: 'telepathy' } } });

const rules = showRules({ country: 'PL' });
if (rules.outcome === 'ok') {
  const required: string[] = rules.country.requirements.filter((r) => r.level === 'required').map((r) => r.item);
  console.log(`typed caller: Poland requires ${required.length} items`);
}
const list = listRules({});
if (list.outcome === 'ok') console.log(`typed caller: ${list.countries.length} countries in the rule book`);
const text: string = validateRequestOutJson(JSON.stringify(request));
const v: { abiVersion: number; rulebookHash: string } = version();
if (JSON.parse(text).rulebook.hash !== v.rulebookHash) throw new Error('the string face and version() disagree');
