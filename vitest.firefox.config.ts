import { defineConfig } from 'vitest/config';

// The Firefox end-to-end suite (e2e-firefox/): Firefox ESR with dist-firefox/ over WebDriver BiDi.
// One file at a time and one browser per test: the machine has 2 cores.
export default defineConfig({
  test: {
    include: ['e2e-firefox/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['e2e-firefox/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
