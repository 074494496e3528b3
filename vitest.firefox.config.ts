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
    // graphql-ws through Vite's resolver too, so that it and e2e/protocol-server.ts load one copy
    // of graphql (Node would give it graphql's CommonJS build, Vite gives ours the ESM one).
    server: { deps: { inline: ['graphql-ws'] } },
  },
});
