#!/usr/bin/env node
/**
 * `npm start`: builds the extension, starts the demo server and opens Chromium with the extension
 * loaded, DevTools open and the demo page showing. Ctrl-C stops the browser and the server.
 *
 * Environment:
 *   PORT=8080          demo server port (a free port is used when it is busy)
 *   CHROME_PATH=…      the browser to run (default: the first Chromium found)
 *   HEADLESS=1         run the browser headless (for machines without a display)
 *   WSL_SKIP_BUILD=1   reuse the existing dist/
 *   VERBOSE=1          show the browser's own output
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorCode, startDemoServer } from '../demo/server.mjs';
import { chromiumArgs, devToolsPort, findChromium, isBrandedChrome } from './browsers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const HEADLESS = process.env.HEADLESS === '1';

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function findBrowser() {
  try {
    return findChromium();
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function checkDisplay() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY || HEADLESS) return;
  fail(
    [
      'No display: $DISPLAY and $WAYLAND_DISPLAY are not set, so Chromium cannot open a window.',
      'Run it under a virtual display:   xvfb-run -a npm start',
      '(Debian/Ubuntu: sudo apt-get install xvfb xauth)',
      'or run the browser headless and use the demo from elsewhere:   HEADLESS=1 npm start',
    ].join('\n'),
  );
}

function build() {
  if (process.env.WSL_SKIP_BUILD === '1') {
    if (!existsSync(join(DIST, 'manifest.json')))
      fail('WSL_SKIP_BUILD=1 but dist/manifest.json does not exist: run `npm run build` first.');
    console.log('Using the existing dist/ (WSL_SKIP_BUILD=1).');
    return;
  }
  console.log('Building the extension (vite build → dist/)…');
  // The local vite, run by this Node: what `npx vite build` resolves to, without npx's overhead.
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.error) fail(`Could not run vite: ${result.error.message}. Did you run \`npm install\`?`);
  if (result.status !== 0) fail('The build failed (see above).');
}

async function startServer() {
  const raw = process.env.PORT ?? '8080';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${raw} is not a port number.`);
  try {
    return await startDemoServer({ port });
  } catch (error) {
    if (errorCode(error) !== 'EADDRINUSE') throw error;
    console.warn(`Port ${port} is busy; using a free port instead.`);
    return startDemoServer({ port: 0 });
  }
}

async function main() {
  const browserPath = findBrowser();
  checkDisplay();
  if (isBrandedChrome(browserPath)) {
    console.warn(
      `Warning: ${browserPath} looks like branded Google Chrome. Chrome 137+ ignores --load-extension, so the\n` +
        'extension may be missing. Prefer Chromium or Chrome for Testing (set CHROME_PATH).',
    );
  }
  build();

  const server = await startServer();
  const pageUrl = `${server.httpUrl}/`;
  const profile = mkdtempSync(join(tmpdir(), 'wslens-start-'));

  const verbose = process.env.VERBOSE === '1';
  const args = chromiumArgs({ extension: DIST, profile, headless: HEADLESS, debuggingPort: HEADLESS, forPerson: !HEADLESS, extra: [pageUrl] });
  const browser = spawn(browserPath, args, {
    stdio: ['ignore', verbose ? 'inherit' : 'pipe', verbose ? 'inherit' : 'pipe'],
  });
  // Chromium is chatty on stderr; keep the tail to explain an early exit.
  /** @type {string[]} */
  const tail = [];
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 30));
  };
  browser.stdout?.on('data', keep);
  browser.stderr?.on('data', keep);

  /** @type {Promise<never> | null} */
  let stopping = null;
  /** @param {number} exitCode */
  const stop = (exitCode) =>
    (stopping ??= (async () => {
      if (browser.exitCode === null && browser.signalCode === null) {
        const exited = new Promise((resolve) => browser.once('exit', resolve));
        browser.kill('SIGTERM');
        const timer = setTimeout(() => browser.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await server.close();
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      process.exit(exitCode);
    })());

  browser.once('error', (error) => {
    console.error(`Could not start ${browserPath}: ${error.message}`);
    stop(1);
  });
  browser.once('exit', (code, signal) => {
    if (stopping) return;
    const ok = code === 0 || signal === 'SIGTERM' || signal === 'SIGINT';
    if (!ok)
      console.error(`The browser exited (${signal ?? `code ${code}`}).${tail.length ? `\nIts last output:\n  ${tail.join('\n  ')}` : ''}`);
    else console.log('The browser was closed.');
    stop(ok ? 0 : 1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.log('\nStopping…');
      stop(0);
    });
  }

  console.log(`
WebSocket Lens is running.
  Demo page:  ${pageUrl}
  Browser:    ${browserPath}${HEADLESS ? ' (headless)' : ''}, temporary profile ${profile} (deleted on exit)
  Extension:  ${DIST}`);
  if (HEADLESS) {
    const endpoint = await devToolsPort(profile, 5000).then(
      (port) => `http://127.0.0.1:${port}`,
      () => null,
    );
    console.log(`
The browser runs headless with the extension. Open the demo page above in any browser, or inspect
the headless one through its DevTools endpoint${endpoint ? `: ${endpoint}` : ''} (chrome://inspect → Configure).`);
  } else {
    console.log(`
In the browser window DevTools is already open for the demo tab: pick the "WebSocket" panel
(it may be behind the » overflow of the DevTools tab bar). The chat, ticker, binary stream,
expiring session, refused upgrade and the iframe each show up as a connection.`);
  }
  // In the background (`npm start &`) Ctrl-C does not reach it, and killing npm leaves this process
  // running: say which process to stop.
  console.log(`\nPress Ctrl-C to stop the browser and the server (in the background: kill ${process.pid}).`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
