// A client of `icce serve` written against its OpenAPI document with openapi-typescript (no
// flags: `src/icce-api.d.ts` is generated from the served /openapi.json by
// scripts/test-consumer.sh) and openapi-fetch. Type-checked strictly, then run against the server.
import createClient from 'openapi-fetch';
import type { components, paths } from './icce-api.js';

type RequestOutInput = components['schemas']['RequestOutInput'];

const base = process.env.ICCE_URL;
if (!base) throw new Error('ICCE_URL is not set');
const client = createClient<paths>({ baseUrl: base });

// Members with a default (consent, destinations, uk…) stay optional: no flag needed.
const body: RequestOutInput = {
  context: { today: '2026-11-28', messageSequence: 1, sendingAuthority: { name: 'ACRO Criminal Records Office (UK Central Authority)' } },
  request: { route: { kind: 'automatedCustody' }, purpose: { kind: 'criminalProceedings' } },
  person: { forename: 'Ana', surname: 'Exemplu', sex: 'female', dateOfBirth: '1990-01-01', nationalities: ['RO'] },
};
const { data, error, response } = await client.POST('/v1/validateRequestOut', { body });
if (!data) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
// The 200 answer is the operation's own: its outcome is a check's, its destinations are there.
const outcome: 'ready' | 'incomplete' | 'invalid' = data.outcome;
console.log(`http client: ${response.status} ${outcome}; ${data.destinations.map((d) => d.country).join(', ')}; module ${response.headers.get('x-icce-module-sha256')}`);

// An unusable input: a 422 problem carrying the answer's diagnostics.
const bad = await client.POST('/v1/showRules', { body: { country: 'PL' }, bodySerializer: () => '{"country":' });
const problem = bad.error;
if (bad.response.status !== 422 || !problem || !('diagnostics' in problem)) throw new Error(`expected a 422 problem, got ${bad.response.status}`);
const code: string | undefined = problem.diagnostics[0]?.code;
console.log(`http client: 422 ${code} (${problem.title})`);

// Another content type: 415.
const plain = await fetch(`${base}/v1/listRules`, { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } });
if (plain.status !== 415) throw new Error(`expected 415 for text/plain, got ${plain.status}`);
console.log('http client: text/plain refused with 415');
