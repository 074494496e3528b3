import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: Debian's Chromium (CHROME_PATH to override) with the built extension from
 * dist/, driven by e2e/fixtures.ts. One worker: the machine has 2 cores and each test launches
 * its own browser.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  // Builds dist/ once per run (skipped with WSL_SKIP_BUILD=1).
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/artifacts',
});
