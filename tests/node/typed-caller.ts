// Type-checked (never run) by scripts/build-wasm.sh: a custody form written in TypeScript calls
// the module and gets typed answers, with types generated from icce-core's Rust types.
import { initSync, validateRequestOut, showRules } from '../../pkg/icce_wasm.js';
import type { Outcome, RequestOutInput } from '../../pkg/icce_types.js';

declare const bytes: BufferSource;
initSync({ module: bytes });

const request: RequestOutInput = {
  context: {
    today: '2026-11-28',
    messageSequence: 1,
    sendingAuthority: { name: 'ACRO Criminal Records Office (UK Central Authority)' },
  },
  request: { route: { kind: 'automatedCustody' }, purpose: { kind: 'criminalProceedings' } },
  person: { forename: 'Ana', surname: 'Exemplu', sex: 'female', nationalities: ['RO'] },
};
const answer = validateRequestOut(request);
if ('destinations' in answer) {
  const first: string | undefined = answer.destinations[0]?.message?.messageId ?? undefined;
  const outcome: Outcome = answer.outcome;
  void first;
  void outcome;
}
const rules = showRules({ country: 'PL' });
if ('country' in rules) {
  const required: string[] = rules.country.requirements.filter((r) => r.level === 'required').map((r) => r.item);
  void required;
}
// @ts-expect-error: an unknown route kind is a type error, as it is an answer error at run time
validateRequestOut({ ...request, request: { ...request.request, route: { kind: 'telepathy' } } });
