// The lint rule that keeps the page hook on natives captured at start: any other src/hook module
// that names a global (window, Object, …) fails `npm test`. Lints a fixture as if it were placed
// in src/hook/, with the repo's own eslint.config.mjs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = readFileSync(new URL('test-fixtures/hook-global.ts', import.meta.url), 'utf8');

// The fixture is not part of any tsconfig, so the type-aware rules (which need a program) are
// turned off for it; the rule under test needs no types.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});

const globalsUsed = async (filePath: string): Promise<string[]> => {
  const [result] = await eslint.lintText(fixture, { filePath });
  return result!.messages.map((m) => `${m.ruleId}@${m.line}`);
};

// The first lint loads ESLint's config with typescript-eslint and TypeScript 6: seconds on a busy
// machine, past vitest's 5 s default. This timeout only stops a hang; nothing here is timed.
describe('the hook may use no globals outside src/hook/natives.ts', { timeout: 120_000 }, () => {
  it('fails a hook module that reads window or Object, and only those lines', async () => {
    expect(await globalsUsed('src/hook/capture.ts')).toEqual(['no-restricted-globals@4', 'no-restricted-globals@5']);
    expect(await globalsUsed('src/hook/rules/compile.ts')).toEqual(['no-restricted-globals@4', 'no-restricted-globals@5']);
  });

  it('allows them in the natives module, in the hook tests and outside the hook', async () => {
    expect(await globalsUsed('src/hook/natives.ts')).toEqual([]);
    expect(await globalsUsed('src/hook/capture.test.ts')).toEqual([]);
    expect(await globalsUsed('src/relay/main.ts')).toEqual([]);
  });
});
