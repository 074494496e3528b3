// The linting packages, re-exported from this workspace so that the root eslint.config.mjs gets
// typescript-eslint resolved against TypeScript 6's JavaScript API (nested here), not against the
// repo's TypeScript 7 (whose package has no such API yet).
export { default as js } from '@eslint/js';
export { default as globals } from 'globals';
export { default as tseslint } from 'typescript-eslint';
