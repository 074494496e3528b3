#!/usr/bin/env node
// Page overhead of the capture: how long a page takes to receive N small WebSocket messages from
// a local server, with and without the extension (and with the panel open and streaming), in
// alternating rounds within one run. Prints medians and the ratio to "without".
//
//   node bench/page-overhead.mjs [--messages 100000] [--size 16] [--rounds 7]
//
// Not part of the test suite: the figures depend on the machine. Build first (`npm run build`).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoServer } from '../demo/server.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const MESSAGES = arg('messages', 100_000);
const SIZE = arg('size', 16);
const ROUNDS = arg('rounds', 7);
const DIST = resolve('dist');
const BROWSER = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(join(DIST, 'manifest.json'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

async function launch(withExtension) {
  const dir = mkdtempSync(join(tmpdir(), 'wsl-bench-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: BROWSER,
    headless: true,
    ignoreDefaultArgs: withExtension ? ['--disable-extensions'] : [],
    args: withExtension ? [...BASE_ARGS, `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`] : BASE_ARGS,
  });
  return { ctx, dir };
}

async function receiveAll(page, wsUrl) {
  return page.evaluate(
    ({ url }) =>
      new Promise((resolveRun, reject) => {
        const ws = new WebSocket(url);
        let n = 0;
        let t0 = 0;
        ws.onopen = () => (t0 = performance.now());
        ws.onmessage = (e) => {
          if (e.data === 'done') {
            const ms = performance.now() - t0;
            ws.close();
            resolveRun({ ms, n });
          } else n++;
        };
        ws.onerror = () => reject(new Error('socket error'));
      }),
    { url: wsUrl },
  );
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await startDemoServer({ port: 0 });
const floodUrl = `${server.wsUrl}/flood?count=${MESSAGES}&size=${SIZE}`;
const plain = await launch(false);
const ext = await launch(true);
const sw = ext.ctx.serviceWorkers()[0] ?? (await ext.ctx.waitForEvent('serviceworker'));
const extId = new URL(sw.url()).host;

const pages = {
  without: await plain.ctx.newPage(),
  with: await ext.ctx.newPage(),
  'with + panel': await ext.ctx.newPage(),
};
for (const p of Object.values(pages)) await p.goto(`${server.httpUrl}/fixture.html`);
// Open a panel on the third page's tab so its relay streams everything to the panel as it comes.
const tabIds = await sw.evaluate(() => chrome.tabs.query({}).then((ts) => ts.map((t) => t.id)));
const panelTab = tabIds[tabIds.length - 1];
const panel = await ext.ctx.newPage();
await panel.goto(`chrome-extension://${extId}/src/panel/panel.html?tabId=${panelTab}`);
await pages['with + panel'].bringToFront();

const times = { without: [], with: [], 'with + panel': [] };
const modes = Object.keys(pages);
console.log(`Receiving ${MESSAGES.toLocaleString('en-US')} messages of ${SIZE} bytes, ${ROUNDS} rounds, modes alternating…`);
for (let r = 0; r < ROUNDS + 1; r++) {
  const order = r % 2 ? [...modes].reverse() : modes;
  for (const mode of order) {
    await pages[mode].reload();
    const { ms, n } = await receiveAll(pages[mode], floodUrl);
    if (n !== MESSAGES) throw new Error(`${mode}: received ${n} of ${MESSAGES}`);
    if (r > 0) times[mode].push(ms); // round 0 warms up
  }
}
const base = median(times.without);
console.log('');
console.log('mode            median ms   min ms   ratio to without');
for (const mode of modes) {
  const m = median(times[mode]);
  console.log(`${mode.padEnd(15)} ${m.toFixed(1).padStart(9)} ${Math.min(...times[mode]).toFixed(1).padStart(8)}   ${(m / base).toFixed(3)}`);
}
const rows = await panel.evaluate(() => document.querySelector('.status')?.textContent ?? '');
console.log(`\npanel status after the run: ${rows}`);

await plain.ctx.close();
await ext.ctx.close();
await server.close();
for (const d of [plain.dir, ext.dir]) rmSync(d, { recursive: true, force: true, maxRetries: 5 });
