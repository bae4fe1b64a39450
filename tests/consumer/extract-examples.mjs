// The README's examples, exactly as written in the installed package's README.md, each into the
// file a user would put it in: ```js example:node -> examples/node.mjs, ```js example:bundler ->
// src/main.js (index.html loads it through Vite), ```html example:browser -> browser.html (served
// as it is, beside node_modules), ```ts example:types -> src/readme-types.ts (type-checked).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const readme = readFileSync('node_modules/icce/README.md', 'utf8');
const targets = { node: 'examples/node.mjs', bundler: 'src/main.js', browser: 'browser.html', types: 'src/readme-types.ts' };
const found = {};
for (const m of readme.matchAll(/^```(\w+) example:(\w+)\n([\s\S]*?)^```$/gm)) {
  const [, , name, code] = m;
  if (!(name in targets)) throw new Error(`README: an example named ${name} has no place here`);
  if (name in found) throw new Error(`README: two examples named ${name}`);
  found[name] = code;
}
for (const [name, file] of Object.entries(targets)) {
  if (!(name in found)) throw new Error(`README: no example:${name} code block`);
  mkdirSync(file.split('/').slice(0, -1).join('/') || '.', { recursive: true });
  writeFileSync(file, found[name]);
  console.log(`readme example ${name} -> ${file}`);
}
