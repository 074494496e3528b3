// ESLint for every source tree: src/, e2e/, e2e-firefox/, bench/, scripts/, demo/ and the configs.
// typescript-eslint's `recommended`, plus the few type-aware rules that catch real bugs here
// (promises left floating or passed where a void callback is expected) on the TypeScript files.
// The packages come from the scripts/lint workspace (see its package.json for why).
import { globals, js, tseslint } from '@websocket-lens/lint';

/**
 * Every name the page hook could reach through the global object: the browser's globals and the
 * JavaScript built-ins. The hook calls only natives captured once, at start, in src/hook/natives.ts;
 * any other hook module that names a global would call whatever the page has put there since.
 */
const hookForbidden = [...new Set([...Object.keys(globals.browser), ...Object.keys(globals.builtin)])]
  .filter((name) => !['undefined', 'NaN', 'Infinity'].includes(name)) // not writable: safe to name
  .sort()
  .map((name) => ({ name, message: 'The hook uses only natives captured at start: take it from src/hook/natives.ts.' }));

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/', 'playwright-report/', 'artifacts/', '.profiles/', 'scripts/lint/test-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Names starting with `_` are deliberately unused (a parameter kept for its position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `ok ? resolve(v) : reject(e)` and `cond && f()` are statements here by choice.
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
      // Playwright reads a fixture's dependencies from its first parameter, which must be a
      // destructuring pattern even when it takes none: `async ({}, use) => …`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  // Node: configs, scripts, benchmarks, the demo server, the test harnesses.
  {
    files: ['*.{ts,mjs,js}', 'scripts/**', 'bench/**', 'demo/*.mjs', 'e2e/**', 'e2e-firefox/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Pages and browser code: the extension, the demo page's scripts, e2e test pages; e2e and bench
  // evaluate functions inside pages, so they see both.
  {
    files: ['src/**', 'demo/public/**', 'e2e/**', 'e2e-firefox/**', 'bench/**', 'scripts/screenshots.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Functions evaluated in the extension's service worker or pages.
  { files: ['e2e/**', 'e2e-firefox/**', 'bench/**', 'scripts/**'], languageOptions: { globals: { chrome: 'readonly', browser: 'readonly' } } },
  { files: ['demo/public/**/*.js', 'e2e/pages/**/*.js'], languageOptions: { sourceType: 'script' } },
  // Type-aware rules where they are cheap: one TypeScript program over the TypeScript sources.
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Async request/message handlers passed to Node's servers are fine as callbacks (each
      // catches what it must); promises used as conditions or spread are still errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // The page hook: no globals outside the natives module.
  {
    files: ['src/hook/**/*.ts'],
    ignores: ['src/hook/natives.ts', 'src/hook/**/*.test.ts'],
    rules: { 'no-restricted-globals': ['error', ...hookForbidden] },
  },
);
