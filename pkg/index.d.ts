// The types of the icce package: the functions (one object face and one string face per
// operation, generated with the module) and every type of the JSON contract by name (generated
// from the OpenAPI document), so that `import type { RequestOutInput } from 'icce'` works.
export * from './icce_wasm.js';
export { default } from './icce_wasm.js';
export type * from './icce_types.js';
