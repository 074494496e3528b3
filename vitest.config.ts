import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Kept apart from vite.config.ts: the crx plugin has no business in unit tests.
export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Tests assert order and counts, not speed: vitest's 5 s default failed background-decoding
    // tests on a machine running a second `npm test` beside this one. A hung test still fails.
    testTimeout: 60_000,
  },
});
