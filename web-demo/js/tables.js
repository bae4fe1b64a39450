// Code tables for the form's selects: country names (current, ISO 3166-1, and former, ISO 3166-3),
// identity-document categories and PNC force codes. scripts/build-demo.sh writes them from the
// module's own tables (core/tables/*.tsv). They hold names only: no rule. Whether a code is
// acceptable is for the module to say.

export const tables = { countries: [], formerCountries: [], identityDocumentCategories: [], pncForces: [] };
const names = new Map();

export async function loadTables() {
  const resp = await fetch(new URL('../assets/data/code-tables.json', import.meta.url));
  if (!resp.ok) throw new Error(`assets/data/code-tables.json answered HTTP ${resp.status}`);
  Object.assign(tables, await resp.json());
  for (const c of tables.countries) names.set(c.code, c.name);
  for (const c of tables.formerCountries) names.set(c.code, c.name);
}

/** "Poland (PL)"; a code the tables do not know is shown as it is. */
export function countryName(code) {
  if (!code) return '';
  const n = names.get(code);
  return n ? `${n} (${code})` : code;
}

export function documentCategoryName(key) {
  return tables.identityDocumentCategories.find((c) => c.key === key)?.name ?? key;
}

export function forceName(code) {
  const f = tables.pncForces.find((c) => c.code === code);
  return f ? `${f.code} ${f.name}` : code;
}
