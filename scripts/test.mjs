#!/usr/bin/env node
// `npm test`, in this order: type check (the TypeScript sources, then the Node tools from their
// JSDoc), ESLint, knip (unused code), the import-cycle check, unit tests (vitest), end-to-end tests
// (Playwright driving Debian's Chromium with the built extension), the Firefox end-to-end tests
// (puppeteer-core driving Firefox ESR with the Firefox build over WebDriver BiDi) and addons-linter
// on the Firefox build. Every suite runs even when an earlier one fails; each is counted (a check
// counts as one test) and the last line totals them all: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

/** @typedef {{ suite: string, passed: number, failed: number, note?: string }} SuiteResult */

/** @type {SuiteResult[]} */
const results = [];
/** @param {string} cmd @param {string[]} args @param {Record<string, string>} [env] @returns {number} exit status */
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

mkdirSync('test-results', { recursive: true });

// 1–4. The static checks, one counted test each.
check('typecheck', 'Type check (tsc --noEmit)', 'npm', ['run', '--silent', 'typecheck']);
check('eslint', 'ESLint (typescript-eslint; the hook uses only natives captured at start)', 'npx', ['eslint', '.']);
check('knip', 'Unused files, exports and dependencies (knip)', 'npx', ['knip']);
check('cycles', 'Import cycles in src/ (dpdm)', 'npm', ['run', '--silent', 'check:cycles']);

// 5. Unit tests.
console.log('\n▶ Unit tests (vitest)');
rmSync('test-results/unit.json', { force: true });
const unitStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json']);
results.push(countVitest('unit', 'test-results/unit.json', unitStatus));

// 6. End-to-end tests in Chromium.
console.log('\n▶ End-to-end tests (Playwright + Chromium with the built extension)');
rmSync('test-results/e2e.json', { force: true });
const e2eStatus = run('npx', ['playwright', 'test']);
results.push(countPlaywright('test-results/e2e.json', e2eStatus));

// 7. End-to-end tests in Firefox ESR (builds dist-firefox/ first, see e2e-firefox/global-setup.ts).
console.log('\n▶ End-to-end tests in Firefox (puppeteer-core + Firefox ESR with the Firefox build)');
rmSync('test-results/firefox.json', { force: true });
const ffStatus = run('npx', ['vitest', 'run', '-c', 'vitest.firefox.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/firefox.json']);
results.push(countVitest('firefox', 'test-results/firefox.json', ffStatus));

// 8. addons-linter on the Firefox build (one check: passes with zero errors; warnings are listed).
console.log('\n▶ addons-linter (dist-firefox/)');
results.push(lintFirefox(process.env.WSL_DIST_FIREFOX || 'dist-firefox'));

console.log('');
for (const r of results) console.log(`  ${r.suite.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

/** @param {string} suite @param {string} title @param {string} cmd @param {string[]} args */
function check(suite, title, cmd, args) {
  console.log(`\n▶ ${title}`);
  const status = run(cmd, args);
  results.push({ suite, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 });
}

/**
 * The counts of vitest's JSON report (a suite that failed without running a test counts as one).
 * @param {string} suite @param {string} file @param {number} status
 * @returns {SuiteResult}
 */
function countVitest(suite, file, status) {
  if (!existsSync(file)) return { suite, passed: 0, failed: 1, note: `vitest exited ${status} without a report` };
  /** @type {{ testResults?: { status: string, assertionResults?: unknown[] }[], numPassedTests?: number, numFailedTests?: number, numPendingTests?: number }} */
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const failedSuites = (j.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  return { suite, passed: j.numPassedTests ?? 0, failed: (j.numFailedTests ?? 0) + failedSuites + (j.numPendingTests ?? 0) };
}

/**
 * The counts of Playwright's JSON report.
 * @param {string} file @param {number} status
 * @returns {SuiteResult}
 */
function countPlaywright(file, status) {
  if (!existsSync(file)) return { suite: 'e2e', passed: 0, failed: 1, note: `playwright exited ${status} without a report` };
  /** @type {{ stats?: { expected?: number, unexpected?: number, flaky?: number, skipped?: number }, errors?: unknown[] }} */
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const s = j.stats ?? {};
  // A skipped test is a hidden failure here; errors outside tests (global setup) count as failures.
  const failed = (s.unexpected ?? 0) + (s.flaky ?? 0) + (s.skipped ?? 0) + (j.errors?.length ?? 0);
  return { suite: 'e2e', passed: s.expected ?? 0, failed };
}

/**
 * addons-linter on `dir`: one check, passed with zero errors.
 * @param {string} dir
 * @returns {SuiteResult}
 */
function lintFirefox(dir) {
  if (!existsSync(`${dir}/manifest.json`)) return { suite: 'lint', passed: 0, failed: 1, note: `no ${dir}/manifest.json (the Firefox build failed?)` };
  const r = spawnSync('npx', ['addons-linter', '--output', 'json', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  /** @typedef {{ code: string, file?: string, message: string }} LinterMessage */
  /** @type {{ errors?: LinterMessage[], warnings?: LinterMessage[] }} */
  let j;
  try {
    j = JSON.parse(r.stdout);
  } catch {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    return { suite: 'lint', passed: 0, failed: 1, note: `addons-linter exited ${r.status} without a JSON report` };
  }
  for (const kind of /** @type {const} */ (['errors', 'warnings'])) {
    for (const m of j[kind] ?? []) console.log(`  ${kind === 'errors' ? 'ERROR' : 'warning'} ${m.code}${m.file ? ` (${m.file})` : ''}: ${m.message}`);
  }
  const errors = (j.errors ?? []).length;
  const note = `${errors} errors, ${(j.warnings ?? []).length} warnings (explained in the README)`;
  return errors === 0 ? { suite: 'lint', passed: 1, failed: 0, note } : { suite: 'lint', passed: 0, failed: 1, note };
}
