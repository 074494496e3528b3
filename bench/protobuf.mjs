#!/usr/bin/env node
// Protobuf decoding with a schema, in real Chromium: 100,000 binary frames of ~100–300 bytes
// (Envelopes carrying a Trade or a Quote, encoded by protobufjs from the test schema in
// src/core/protobuf/fixtures/), in a WebSocket Lens log imported into the panel, with the schema
// and a message type set in extension storage as the Settings dialog saves them. Measured: the
// Name filter over every frame ("Trade": each frame must be decoded to be named), from the key
// press to the count of matches shown (frames per second), and the panel's longest gap between
// two animation frames while it runs.
// Prints figures, no limits. Run `npm run build` first.
//
//   npm run bench:protobuf [-- --frames 100000]
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { DIST, BROWSER, numberArg, requireBuild } from './browser.mjs';
import { chromiumArgs } from '../scripts/browsers.mjs';

requireBuild();
const N = numberArg('frames', 100_000);
const FIX = fileURLToPath(new URL('../src/core/protobuf/fixtures/', import.meta.url));
const files = ['market.proto', 'common.proto'].map((name) => ({ name, kind: 'proto', content: readFileSync(join(FIX, name), 'utf8') }));
const URL_ = 'wss://app.example.com/market';
const config = { files, bindings: [{ url: '/market', dir: 'both', type: 'lens.market.Envelope', typeField: 'type', payloadField: 'payload' }] };

const root = protobuf.loadSync([join(FIX, 'market.proto')]);
/** @param {string} type @param {Record<string, unknown>} obj */
const enc = (type, obj) => {
  const t = root.lookupType(type);
  return t.encode(t.fromObject(obj)).finish();
};
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'GOOG', 'AMZN'];
/** Frame i: an Envelope whose payload is a Trade (even i) or a Quote (odd i). */
/** @param {number} i */
function frame(i) {
  const symbol = SYMBOLS[i % SYMBOLS.length];
  const inner =
    i % 2 === 0
      ? enc('lens.market.Trade', {
          symbol, price: 100 + (i % 997) / 10, qty: 1 + (i % 500), delta: (i % 21) - 10, side: 1 + (i % 2),
          tags: Array.from({ length: 12 }, (_, k) => (i * (k + 1)) % 1000), venue: i % 13, ratio: 0.5, live: true,
          raw: Uint8Array.from({ length: 16 }, (_, k) => (i + k) & 0xff),
          meta: { source: `feed-${i % 3}.primary.market-data.example.com`, at: 1767268800000 + i * 3 },
          counts: { bid: i % 9, ask: i % 5, last: i % 7, open: i % 3 },
        })
      : enc('lens.market.Quote', { symbol, bid: 100 + (i % 997) / 10, ask: 100.05 + (i % 997) / 10 });
  const extra = { type_url: 'type.googleapis.com/lens.common.Meta', value: enc('lens.common.Meta', { source: `gateway-${i % 4}.example.com`, at: 1767268800000 + i }) };
  return enc('lens.market.Envelope', { type: i % 2 === 0 ? 'Trade' : 'Quote', seq: i, payload: inner, extra });
}

/** @param {string} dir */
function makeLog(dir) {
  const t0 = Date.UTC(2026, 0, 1, 12);
  const c = {
    id: 1, url: URL_, protocols: [], protocol: '', extensions: '', frameUrl: 'https://app.example.com/', initiator: '',
    state: 'open', createdAt: t0, openedAt: t0 + 5, closedAt: null, closing: null, close: null, closedBy: null, errors: [],
    sent: { frames: 0, bytes: 0 }, received: { frames: 0, bytes: 0 },
  };
  const frames = [];
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const b = frame(i);
    bytes += b.length;
    c.received.frames++;
    c.received.bytes += b.length;
    frames.push({ connection: 1, seq: i + 1, time: t0 + 10 + i * 3, dir: 'received', opcode: 'binary', binaryType: 'arraybuffer', size: b.length, truncated: false, data: Buffer.from(b).toString('base64') });
  }
  const log = { format: 'websocket-lens', version: 1, exportedAt: new Date(t0 + N * 3).toISOString(), page: { url: 'https://app.example.com/' }, userAgent: 'bench', extension: { version: '0' }, counts: { connections: 1, frames: N }, connections: [c], frames };
  const file = join(dir, 'bench-protobuf.json');
  writeFileSync(file, JSON.stringify(log));
  return { file, avg: bytes / N };
}

const dir = mkdtempSync(join(tmpdir(), 'wsl-bench-protobuf-'));
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: BROWSER,
  headless: true,
  ignoreDefaultArgs: ['--disable-extensions'],
  args: chromiumArgs({ extension: DIST }),
});
try {
  const { file, avg } = makeLog(dir);
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(sw.url()).host;
  await sw.evaluate((c) => chrome.storage.local.set({ protobuf: c }), config);
  const inspected = context.pages()[0] ?? (await context.newPage());
  await inspected.goto('about:blank');
  const [tabId] = await sw.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 1280, height: 800 });
  await panel.goto(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
  const t0 = Date.now();
  await panel.getByLabel('Import log').setInputFiles(file);
  const summary = panel.getByRole('status', { name: 'Summary' });
  const all = N.toLocaleString('en-US');
  await summary.filter({ hasText: `${all} / ${all} frames shown` }).waitFor({ timeout: 600_000 });
  const importMs = Date.now() - t0;
  const toggle = panel.getByRole('toolbar', { name: 'WebSocket panel controls' }).getByRole('button', { name: /^Filters/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const nameBox = panel.getByRole('searchbox', { name: 'Name filter' });
  await nameBox.waitFor();
  // Sampler: gaps between animation frames while the filter decodes.
  await panel.evaluate(() => {
    const w = /** @type {any} */ (window); // the bench's own globals on the panel's window
    w.__gaps = [];
    w.__sampling = true;
    let last = performance.now();
    /** @param {number} t */
    const tick = (t) => {
      w.__gaps.push(t - last);
      last = t;
      if (w.__sampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const half = Math.ceil(N / 2).toLocaleString('en-US');
  const t = Date.now();
  await nameBox.fill('Trade');
  await summary.filter({ hasText: `${half} / ${all} frames shown` }).waitFor({ timeout: 300_000 });
  const ms = Date.now() - t;
  const gaps = /** @type {number[]} */ (await panel.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__sampling = false;
    return w.__gaps;
  }));
  // The first matching row, decoded by name: the schema was in use.
  const firstRow = await panel.getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row').first().textContent();
  console.log(`Protobuf with a schema: ${all} frames (average ${avg.toFixed(0)} B), imported into the panel at 1280×800`);
  console.log(`  import: ${importMs} ms`);
  console.log(`  Name filter "Trade" over every frame: ${ms} ms to "${half} / ${all} frames shown" → ${Math.round(N / (ms / 1000)).toLocaleString('en-US')} frames/s`);
  console.log(`  longest gap between painted frames meanwhile: ${Math.max(...gaps).toFixed(0)} ms (${gaps.length} frames painted)`);
  console.log(`  the first row shown is named by the schema ("Trade"): ${/Trade/.test(firstRow ?? '')}`);
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}

