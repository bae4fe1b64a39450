// Display words for the codes the module answers with. These are wording, not rules: each label
// only renames a value the module gave, and an unknown value is shown as the module wrote it.

const OUTCOME = {
  ready: ['Ready to send', 'green'],
  incomplete: ['Incomplete', 'yellow'],
  invalid: ['Invalid', 'red'],
  unusable: ['Unusable', 'red'],
  ok: ['OK', 'green'],
};

const STATUS = {
  ready: ['Ready', 'green'],
  incomplete: ['Incomplete', 'yellow'],
  invalid: ['Invalid', 'red'],
};

// The same statuses while the form is being filled in, beside it: calmer words, since nothing is
// wrong until the user asks for the request to be checked (an unfinished date is not an error).
const LIVE_STATUS = {
  ready: ['Ready to send', 'green'],
  incomplete: ['Incomplete', 'yellow'],
  invalid: ['Cannot be sent yet', 'grey'],
};

// The channel codes of the rule book (core/countries/README.md names them).
const CHANNEL = {
  'ecris-tca': 'ECRIS, through UK-CRIS under the Trade and Cooperation Agreement',
  'interpol-nca': 'Interpol channels, through the National Crime Agency',
};

const CHANNEL_SHORT = { 'ecris-tca': 'ECRIS (UK-CRIS, TCA)', 'interpol-nca': 'Interpol (NCA)' };

const REGION = { eu: 'EU member state', europe: 'Rest of Europe', world: 'Rest of the world', default: 'Any other country' };
const LEVEL = { required: 'Required', recommended: 'Recommended' };
const APPLIES_TO = { 'police-request': 'a police request', 'individual-application': "a person's own application (used here as advice only)" };
const SEVERITY = { error: 'Error', warning: 'Advice', info: 'For information' };

const OUTCOME_TEXT = {
  ready: 'Every request can be sent.',
  incomplete: 'Information is missing: a country will not answer without it.',
  invalid: 'Some details are wrong and must be corrected.',
  unusable: 'The request could not be read.',
};

export const outcomeText = (o) => OUTCOME_TEXT[o] ?? '';
export const outcomeLabel = (o) => OUTCOME[o]?.[0] ?? o;
export const outcomeColour = (o) => OUTCOME[o]?.[1] ?? 'grey';
export const statusLabel = (s) => STATUS[s]?.[0] ?? s;
export const statusColour = (s) => STATUS[s]?.[1] ?? 'grey';
export const liveStatusLabel = (s) => LIVE_STATUS[s]?.[0] ?? s;
export const liveStatusColour = (s) => LIVE_STATUS[s]?.[1] ?? 'grey';
export const channelLabel = (c) => CHANNEL[c] ?? c;
export const channelShort = (c) => CHANNEL_SHORT[c] ?? c;
export const regionLabel = (r) => REGION[r] ?? r;
export const levelLabel = (l) => LEVEL[l] ?? l;
export const appliesToLabel = (a) => APPLIES_TO[a] ?? a;
export const severityLabel = (s) => SEVERITY[s] ?? s;

/** An item key the module gave without a label (`date-of-birth`) as words (`date of birth`). */
export function itemWords(key) {
  return String(key).replace(/-/g, ' ');
}
