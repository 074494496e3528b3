#!/usr/bin/env node
// Soak: a page receives 5,000 messages a second for 60 s while a panel inspects its tab. Prints
// frames sent vs frames the panel counted (must be equal), the page's event-loop delay with and
// without the extension (how late a 10 ms timer fires), and peak JS heap of the page and the panel.
//
//   npm run bench:soak [-- --rate 5000 --seconds 60] [-- --browser firefox]
//
// With `--browser firefox` (or BROWSER=firefox): Firefox ESR with dist-firefox/ (bench/firefox.mjs).
// Firefox gives a client no JS heap figure per page; it prints the peak resident unique memory of
// the page's content process and of the extension process (the panel and the background) instead.
//
// Chromium is started directly and observed over raw CDP (Runtime and Performance domains only;
// bench/browser.mjs), not through Playwright, whose Network instrumentation would load the page.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { launchBrowser, listenLocal, numberArg, requireBuild } from './browser.mjs';
import { launchFirefox, requireFirefoxBuild, wantsFirefox } from './firefox.mjs';

const RATE = numberArg('rate', 5000);
const SECONDS = numberArg('seconds', 60);
const FIREFOX = wantsFirefox();
if (FIREFOX) requireFirefoxBuild();
else requireBuild();

// A page that measures its own event-loop delay while it receives.
const PAGE = `<!doctype html><title>soak</title><script>
window.__soak = { received: 0, lateMax: 0, lateSum: 0, ticks: 0, over50: 0, done: false };
let expected = performance.now() + 10;
setInterval(() => {
  const now = performance.now(), late = Math.max(0, now - expected);
  const s = window.__soak; s.lateMax = Math.max(s.lateMax, late); s.lateSum += late; s.ticks++; if (late > 50) s.over50++;
  expected = now + 10;
}, 10);
const ws = new WebSocket('ws://' + location.host + '/soak');
ws.onmessage = (e) => { if (e.data === 'done') window.__soak.done = true; else window.__soak.received++; };
</script>`;
const http = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
let sentTotal = 0;
wss.on('connection', (ws) => {
  // RATE per second, paced by the clock (a 10 ms timer drifts): every tick sends what is due.
  const start = Date.now();
  const total = RATE * SECONDS;
  let i = 0;
  const timer = setInterval(() => {
    const due = Math.min(total, Math.floor(((Date.now() - start) * RATE) / 1000));
    while (i < due) ws.send(JSON.stringify({ n: i++, t: Date.now(), v: 'tick' }));
    sentTotal = i;
    if (i >= total) {
      clearInterval(timer);
      ws.send('done');
    }
  }, 10);
  ws.on('close', () => clearInterval(timer));
});
const base = `http://127.0.0.1:${await listenLocal(http)}`;

/**
 * What the page recorded (window.__soak in PAGE).
 * @typedef {{ received: number, lateMax: number, lateSum: number, ticks: number, over50: number, done: boolean }} SoakCounts
 */

/**
 * One soak run's figures. Peaks are bytes: JS heap in Chromium, resident unique memory in Firefox.
 * @typedef {{ soak: SoakCounts, counted: number | null, sent: number, peakPage: number, peakPanel: number }} SoakRun
 */

/**
 * The globals this bench reads: PAGE's `__soak` (typed as present: it is read only behind a check
 * that it is) and, in the panel, the extension's debug handle `wslens`.
 * @typedef {{ __soak: SoakCounts, wslens: { store: { connections: Map<number, { received: { frames: number } }> } } }} SoakGlobals
 */

/**
 * The same run in Firefox: memory is the page's content process and the extension process.
 * @param {boolean} withExtension
 * @param {boolean} withPanel
 * @returns {Promise<SoakRun>}
 */
async function runFirefox(withExtension, withPanel) {
  sentTotal = 0;
  const b = await launchFirefox(withExtension);
  const page = await b.openTab('about:blank');
  const panel = withPanel ? await b.openPanelOnNewestTab() : null;
  if (panel) await new Promise((r) => setTimeout(r, 500));
  await page.bringToFront(); // Firefox slows the timers of a background tab (the panel has its own window)
  page.goto(`${base}/`).catch(() => {});
  let peakPage = 0;
  let peakPanel = 0;
  const sample = async () => {
    peakPage = Math.max(peakPage, (await b.processMemory(base)) ?? 0);
    if (panel) peakPanel = Math.max(peakPanel, (await b.processMemory('extension')) ?? 0);
  };
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    await sample();
    if (await page.evaluate(() => /** @type {SoakGlobals} */ (/** @type {unknown} */ (window))['__soak'] && /** @type {SoakGlobals} */ (/** @type {unknown} */ (window))['__soak'].done).catch(() => false)) break;
  }
  const soak = /** @type {SoakCounts} */ (await page.evaluate(() => /** @type {SoakGlobals} */ (/** @type {unknown} */ (window))['__soak']));
  /** @type {number | null} */
  let counted = null;
  if (panel) {
    for (let i = 0; i < 20; i++) {
      counted = await panel.evaluate(() => { let n = 0; for (const c of /** @type {SoakGlobals} */ (/** @type {unknown} */ (globalThis))['wslens'].store.connections.values()) n += c.received.frames; return n; });
      if (counted !== null && counted >= sentTotal + 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await sample();
  }
  await b.close();
  return { soak, counted, sent: sentTotal, peakPage, peakPanel };
}

/**
 * @param {boolean} withExtension
 * @param {boolean} [withPanel] default: with the extension
 * @returns {Promise<SoakRun>}
 */
async function run(withExtension, withPanel = withExtension) {
  if (FIREFOX) return runFirefox(withExtension, withPanel);
  sentTotal = 0;
  const b = await launchBrowser(withExtension);
  /** @param {string} sid @returns {Promise<number>} JSHeapUsedSize of that session's target */
  const heap = async (sid) => (await b.send('Performance.getMetrics', {}, sid)).metrics.find((/** @type {{ name: string, value: number }} */ m) => m.name === 'JSHeapUsedSize').value;
  const { targetId: pageTarget } = await b.send('Target.createTarget', { url: 'about:blank' });
  const pageSession = await b.attach(pageTarget);
  await b.send('Performance.enable', {}, pageSession);
  /** @type {string | null} */
  let panelSession = null;
  if (withPanel) {
    panelSession = await b.attach(await b.openPanelOnNewestTab());
    await b.send('Performance.enable', {}, panelSession);
    await new Promise((r) => setTimeout(r, 500));
  }
  await b.send('Page.navigate', { url: `${base}/` }, pageSession);
  let peakPage = 0;
  let peakPanel = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    peakPage = Math.max(peakPage, await heap(pageSession));
    if (panelSession) peakPanel = Math.max(peakPanel, await heap(panelSession));
    if (await b.evaluate(pageSession, 'window.__soak && window.__soak.done')) break;
  }
  const soak = await b.evaluate(pageSession, 'window.__soak');
  /** @type {number | null} */
  let counted = null;
  if (panelSession) {
    for (let i = 0; i < 20; i++) {
      counted = await b.evaluate(panelSession, '(() => { let n = 0; for (const c of wslens.store.connections.values()) n += c.received.frames; return n; })()');
      if (counted !== null && counted >= sentTotal + 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    peakPanel = Math.max(peakPanel, await heap(panelSession));
  }
  await b.close();
  return { soak, counted, sent: sentTotal, peakPage, peakPanel };
}

/** @param {number} n bytes */
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
console.log(`${FIREFOX ? 'Firefox' : 'Chromium'} soak: ${RATE.toLocaleString('en-US')} messages/s for ${SECONDS} s, without the extension, then with it and a panel open…`);
const without = await run(false);
const noPanel = await run(true, false);
const withExt = await run(true);
console.log('');
console.log(`frames sent by the server:            ${withExt.sent.toLocaleString('en-US')} (+1 "done")`);
console.log(`frames the page received:             ${withExt.soak.received.toLocaleString('en-US')} (+1)`);
console.log(`frames the panel counted (received):  ${withExt.counted?.toLocaleString('en-US')}  ${withExt.counted === withExt.sent + 1 ? '= sent' : '≠ sent'}`);
console.log('page event-loop delay (how late a 10 ms timer fires):');
for (const [name, r] of /** @type {const} */ ([['without the extension', without], ['with, no panel', noPanel], ['with, panel streaming', withExt]]))
  console.log(`   ${name.padEnd(24)} mean ${(r.soak.lateSum / r.soak.ticks).toFixed(2)} ms, max ${r.soak.lateMax.toFixed(1)} ms, ${r.soak.over50} ticks over 50 ms; peak page ${FIREFOX ? 'process memory' : 'heap'} ${mb(r.peakPage)}`);
console.log(`peak panel ${FIREFOX ? 'memory (the extension process: panel and background)' : 'heap'}: ${mb(withExt.peakPanel)}`);
http.close();
wss.close();
process.exit(0);
