/**
 * Playwright global setup: builds the extension once (`vite build` into dist/) before any test
 * runs, so every test loads the current src/. WSL_SKIP_BUILD=1 reuses the existing dist/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = process.env.WSL_DIST ? resolve(process.env.WSL_DIST) : join(ROOT, 'dist');

export default function globalSetup(): void {
  if (process.env.WSL_SKIP_BUILD === '1') {
    if (!existsSync(join(DIST, 'manifest.json')))
      throw new Error('WSL_SKIP_BUILD=1 but dist/manifest.json does not exist: build first (npm run build)');
    console.log('Global setup: WSL_SKIP_BUILD=1, using the existing dist/');
    return;
  }
  const started = Date.now();
  // The local vite binary run by this very Node (what `npx vite build` resolves to).
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', DIST, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`vite build failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('vite build succeeded but wrote no dist/manifest.json');
  console.log(`Global setup: built the extension into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
