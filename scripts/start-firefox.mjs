#!/usr/bin/env node
/**
 * `npm run start:firefox`: builds the Firefox package (dist-firefox/), starts the demo server and
 * runs Firefox with the add-on installed temporarily (`web-ext run`), on the demo page. Open
 * DevTools (F12) and pick the "WebSocket" panel. Ctrl-C stops Firefox and the server; web-ext
 * reloads the add-on when dist-firefox/ changes (e.g. after another `npm run build:firefox`).
 *
 * Environment:
 *   PORT=8080          demo server port (a free port is used when it is busy)
 *   FIREFOX_PATH=…     the Firefox to run (default: the first found, Firefox ESR first; else web-ext's choice)
 *   HEADLESS=1         run Firefox headless (for machines without a display)
 *   WSL_SKIP_BUILD=1   reuse the existing dist-firefox/
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../demo/server.mjs';
import { findFirefox } from './browsers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist-firefox');

if (process.env.WSL_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, BROWSER: 'firefox' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(join(DIST, 'manifest.json'))) {
  console.error('dist-firefox/manifest.json is missing: run npm run build:firefox');
  process.exit(1);
}

const port = Number(process.env.PORT || 8080);
let demo;
try {
  demo = await startDemoServer({ port });
} catch {
  demo = await startDemoServer({ port: 0 });
}
console.log(`Demo server: ${demo.httpUrl}/`);

const firefox = findFirefox() ?? '';
const args = [
  join(ROOT, 'node_modules', 'web-ext', 'bin', 'web-ext.js'),
  'run',
  '--source-dir',
  DIST,
  '--start-url',
  `${demo.httpUrl}/`,
  // Firefox MV3 host permissions are opt-in: grant the content scripts' <all_urls> at install.
  '--pref',
  'extensions.originControls.grantByDefault=true',
  ...(firefox ? [`--firefox=${firefox}`] : []),
  // Opens DevTools on the demo page at start (pick the "WebSocket" panel, maybe behind »).
  ...(process.env.HEADLESS === '1' ? ['--arg=--headless'] : ['--arg=--devtools']),
];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
const stop = () => child.kill('SIGINT');
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, stop);
child.on('exit', async (code) => {
  await demo.close();
  process.exit(code ?? 0);
});
