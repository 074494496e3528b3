#!/usr/bin/env node
// The panel's responsiveness with 100,000 frames, in real Chromium, at 500 px (DevTools docked to
// the side) and at 1,280 px: a key press in the filter box until the list is updated, and a click
// on a row until its detail is painted. Each is timed from the input event's timestamp to the
// first animation frame after the DOM changed (the frame that paints it), median of 7. The frames
// come from a generated WebSocket Lens log imported into the panel (read-only: the same views).
// Prints figures, no limits. Run `npm run build` first.
//
//   npm run bench:panel [-- --frames 100000]
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, BROWSER, numberArg, requireBuild, median } from './browser.mjs';
import { chromiumArgs } from '../scripts/browsers.mjs';

requireBuild();
const N = numberArg('frames', 100_000);
const RUNS = 7;

/**
 * A log of N frames over two connections: JSON chat and ticks, as a real app sends them.
 * @param {string} dir where to write it
 * @returns {string} the log file
 */
function makeLog(dir) {
  const t0 = Date.UTC(2026, 0, 1, 12);
  /** @param {number} id @param {string} path */
  const conn = (id, path) => ({
    id, url: `wss://app.example.com${path}`, protocols: [], protocol: '', extensions: '', frameUrl: 'https://app.example.com/', initiator: '',
    state: 'open', createdAt: t0, openedAt: t0 + 5, closedAt: null, closing: null, close: null, closedBy: null, errors: [],
    sent: { frames: 0, bytes: 0 }, received: { frames: 0, bytes: 0 },
  });
  const connections = [conn(1, '/live?room=alpha'), conn(2, '/live?room=beta')];
  const frames = [];
  for (let i = 0; i < N; i++) {
    const data = JSON.stringify({ type: i % 7 === 0 ? 'chat' : 'tick', seq: i, symbol: ['AAPL', 'MSFT', 'NVDA'][i % 3], price: (100 + (i % 997) / 10).toFixed(2), note: 'a message of about a hundred bytes' });
    const dir = i % 4 === 0 ? 'sent' : 'received';
    const c = connections[i % 2];
    c[dir].frames++;
    c[dir].bytes += data.length;
    frames.push({ connection: c.id, seq: i + 1, time: t0 + 10 + i * 3, dir, opcode: 'text', size: data.length, truncated: false, data });
  }
  const log = { format: 'websocket-lens', version: 1, exportedAt: new Date(t0 + N * 3).toISOString(), page: { url: 'https://app.example.com/' }, userAgent: 'bench', extension: { version: '0' }, counts: { connections: 2, frames: N }, connections, frames };
  const file = join(dir, 'bench-100k.json');
  writeFileSync(file, JSON.stringify(log));
  return file;
}

/**
 * In the page: time from the next `type` input event to the first animation frame after `target` changed (window.__timer).
 * @param {[string, string]} arg
 */
function armTimer([type, selector]) {
  /** @type {{ __timer?: Promise<number> }} */ (/** @type {unknown} */ (window)).__timer = new Promise((resolve) => {
    let start = 0;
    const target = /** @type {Element} */ (document.querySelector(selector));
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - start));
    });
    addEventListener(type, (e) => { start = e.timeStamp; observer.observe(target, { childList: true, subtree: true, characterData: true, attributes: true }); }, { capture: true, once: true });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'wsl-bench-panel-'));
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: BROWSER,
  headless: true,
  ignoreDefaultArgs: ['--disable-extensions'],
  args: chromiumArgs({ extension: DIST }),
});
try {
  const file = makeLog(dir);
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(sw.url()).host;
  // A tab for the panel to inspect (it shows the imported log; the live capture waits behind it).
  const inspected = context.pages()[0] ?? (await context.newPage());
  await inspected.goto('about:blank');
  const [tabId] = await sw.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));
  console.log(`Panel with ${N.toLocaleString('en-US')} frames (imported log), median of ${RUNS}; from the input event to the frame that paints the result\n`);
  for (const [width, height] of [[500, 700], [1280, 800]]) {
    const panel = await context.newPage();
    await panel.setViewportSize({ width, height });
    await panel.goto(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
    const t = Date.now();
    await panel.getByLabel('Import log').setInputFiles(file);
    await panel.getByRole('status', { name: 'Summary' }).filter({ hasText: `${N.toLocaleString('en-US')} / ${N.toLocaleString('en-US')} frames shown` }).waitFor({ timeout: 120_000 });
    const importMs = Date.now() - t;
    const rowsInDom = await panel.getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row').count();
    const box = panel.getByRole('searchbox', { name: 'Filter frames' });
    /** @type {{ first: number[], second: number[], clear: number[] }} */
    const keys = { first: [], second: [], clear: [] };
    for (let k = 0; k < RUNS; k++) {
      await box.focus();
      for (const [key, into] of /** @type {Array<[string, number[]]>} */ ([['9', keys.first], ['9', keys.second], ['Backspace', keys.clear]])) {
        await panel.evaluate(armTimer, /** @type {[string, string]} */ (['keydown', '[role=status][aria-label="Summary"]']));
        await panel.keyboard.press(key);
        into.push(/** @type {number} */ (await panel.evaluate(() => /** @type {{ __timer?: Promise<number> }} */ (/** @type {unknown} */ (window)).__timer)));
      }
      await panel.keyboard.press('Backspace');
      await panel.getByRole('status', { name: 'Summary' }).filter({ hasText: `${N.toLocaleString('en-US')} / ` }).waitFor();
    }
    const shown = await panel.getByRole('status', { name: 'Summary' }).innerText();
    /** @type {number[]} */
    const clicks = [];
    const rows = panel.getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row');
    for (let k = 0; k < RUNS; k++) {
      await panel.evaluate(armTimer, /** @type {[string, string]} */ (['pointerdown', '.main']));
      await rows.nth(3 + (k % 5)).click();
      clicks.push(/** @type {number} */ (await panel.evaluate(() => /** @type {{ __timer?: Promise<number> }} */ (/** @type {unknown} */ (window)).__timer)));
    }
    /** @param {number[]} xs */
    const ms = (xs) => `${median(xs).toFixed(0).padStart(5)} ms`;
    console.log(`${width}×${height}: import ${importMs} ms, ${rowsInDom} row elements in the DOM (${/[\d,]+ \/ [\d,]+ frames shown/.exec(shown)?.[0]})`);
    console.log(`  filter box, key "9" (all → "9")      ${ms(keys.first)}`);
    console.log(`  filter box, key "9" again ("99")     ${ms(keys.second)}`);
    console.log(`  filter box, Backspace ("99" → "9")   ${ms(keys.clear)}`);
    console.log(`  row click → its detail painted       ${ms(clicks)}`);
    console.log('');
    await panel.close();
  }
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}
