/**
 * Builds the Firefox package (dist-firefox/) once before the Firefox suite, so the tests load the
 * current src/. WSL_SKIP_BUILD=1 reuses the existing build; WSL_DIST_FIREFOX builds elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST_FIREFOX } from './firefox';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default function setup(): void {
  if (process.env.WSL_SKIP_BUILD === '1') {
    if (!existsSync(join(DIST_FIREFOX, 'manifest.json')))
      throw new Error(`WSL_SKIP_BUILD=1 but ${DIST_FIREFOX}/manifest.json does not exist: npm run build:firefox`);
    return;
  }
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', DIST_FIREFOX, '--emptyOutDir'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, BROWSER: 'firefox', NO_COLOR: '1' },
    },
  );
  if (result.status !== 0)
    throw new Error(`vite build (Firefox) failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}
