#!/usr/bin/env node
// Page overhead of the capture: how long a page takes to receive N small WebSocket messages from a
// local server, without the extension, with it, and with it while a panel inspects the tab and
// streams every frame — alternating the three in each round, medians over the rounds.
//
//   npm run bench [-- --messages 100000 --size 16 --rounds 7] [-- --browser firefox]
//
// With `--browser firefox` (or BROWSER=firefox) the three modes run in Firefox ESR with
// dist-firefox/ (bench/firefox.mjs; build it with `npm run build:firefox`).
//
// The browsers are started directly, not through Playwright: Playwright enables the DevTools
// Network domain on the pages it drives, which turns every frame into a DevTools event and makes a
// page ~10x slower to receive small messages, drowning what we want to measure. Raw CDP is used
// only to open tabs and, in the extension's service worker, to learn a tab's id.
// Not part of the test suite; the figures depend on the machine. Build first (`npm run build`).
import { createServer } from 'node:http';
import { startDemoServer } from '../demo/server.mjs';
import { launchBrowser, listenLocal, median, numberArg, requireBuild } from './browser.mjs';
import { launchFirefox, requireFirefoxBuild, wantsFirefox } from './firefox.mjs';

const MESSAGES = numberArg('messages', 100_000);
const SIZE = numberArg('size', 16);
const ROUNDS = numberArg('rounds', 7);
const FIREFOX = wantsFirefox();
if (FIREFOX) requireFirefoxBuild();
else requireBuild();

// ── the bench page and its result channel ──
const BENCH_PAGE = `<!doctype html><title>bench</title><script>
const q = new URLSearchParams(location.search);
(async () => {
  await fetch('/go?round=' + q.get('round'));           // held until the bench says go
  const ws = new WebSocket(q.get('ws'));
  let n = 0, t0 = 0;
  ws.onopen = () => (t0 = performance.now());
  ws.onmessage = (e) => {
    if (e.data !== 'done') { n++; return; }
    const ms = performance.now() - t0;
    ws.close();
    fetch('/result?round=' + q.get('round'), { method: 'POST', body: JSON.stringify({ ms, n }) });
  };
})();
</script>`;
const waiting = new Map(); // round → { go(), result: Promise }
const bench = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const round = url.searchParams.get('round');
  if (url.pathname === '/bench.html') return res.writeHead(200, { 'content-type': 'text/html' }).end(BENCH_PAGE);
  if (url.pathname === '/go') return waiting.get(round).held.push(() => res.writeHead(200).end('go'));
  if (url.pathname === '/result') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.writeHead(204).end();
      waiting.get(round).done(JSON.parse(body));
    });
    return;
  }
  res.writeHead(404).end();
});
const benchUrl = `http://127.0.0.1:${await listenLocal(bench)}`;

const demo = await startDemoServer({ port: 0, botIntervalMs: 0 });
const floodUrl = `${demo.wsUrl}/flood?count=${MESSAGES}&size=${SIZE}`;
const launch = FIREFOX ? launchFirefox : launchBrowser;
/** @type {Record<string, Awaited<ReturnType<typeof launch>>>} by mode */
const browsers = { without: await launch(false), with: await launch(true), 'with + panel': await launch(true) };
/** @type {Record<string, number[]>} by mode, ms per round */
const times = { without: [], with: [], 'with + panel': [] };
const modes = Object.keys(browsers);
let roundId = 0;

/**
 * One round of `mode`: how long the page took to receive the messages.
 * @param {string} mode a key of `browsers`
 * @returns {Promise<number>} ms
 */
async function runOnce(mode) {
  /**
   * @type {any} the Chromium (bench/browser.mjs) or the Firefox driver (bench/firefox.mjs), as
   * FIREFOX chose: each branch below calls its own driver's methods, which a union type cannot tell apart.
   */
  const cdp = browsers[mode];
  const round = String(++roundId);
  let done;
  const result = new Promise((r) => (done = r));
  const entry = { held: /** @type {Array<() => void>} */ ([]), done };
  waiting.set(round, entry);
  const pageUrl = `${benchUrl}/bench.html?round=${round}&ws=${encodeURIComponent(floodUrl)}`;
  if (FIREFOX) {
    const page = await cdp.openTab(pageUrl);
    const panel = mode === 'with + panel' ? await cdp.openPanel(page) : null;
    if (panel) await new Promise((r) => setTimeout(r, 500));
    while (entry.held.length === 0) await new Promise((r) => setTimeout(r, 10));
    entry.held[0]();
    const { ms, n } = await result;
    if (n !== MESSAGES) throw new Error(`${mode}: received ${n} of ${MESSAGES}`);
    await page.close();
    if (panel) await panel.close();
    return ms;
  }
  const { targetId } = await cdp.send('Target.createTarget', { url: pageUrl });
  let panelTarget;
  if (mode === 'with + panel') {
    // The newest tab is the bench page; open a panel inspecting it, and let it attach.
    panelTarget = await cdp.openPanelOnNewestTab();
    await new Promise((r) => setTimeout(r, 500));
  }
  while (entry.held.length === 0) await new Promise((r) => setTimeout(r, 10));
  entry.held[0]();
  const { ms, n } = await result;
  if (n !== MESSAGES) throw new Error(`${mode}: received ${n} of ${MESSAGES}`);
  await cdp.send('Target.closeTarget', { targetId });
  if (panelTarget) await cdp.send('Target.closeTarget', { targetId: panelTarget });
  return ms;
}

console.log(`${FIREFOX ? 'Firefox' : 'Chromium'}: receiving ${MESSAGES.toLocaleString('en-US')} messages of ${SIZE} bytes; ${ROUNDS} rounds (+1 warm-up), the three modes alternating…`);
for (let r = 0; r <= ROUNDS; r++) {
  const order = r % 2 ? [...modes].reverse() : modes;
  for (const mode of order) {
    const ms = await runOnce(mode);
    if (r > 0) times[mode].push(ms);
  }
}
const base = median(times.without);
console.log('');
console.log('mode            median ms    min ms    max ms   ratio (median / without)');
for (const mode of modes) {
  const m = median(times[mode]);
  console.log(
    `${mode.padEnd(15)} ${m.toFixed(1).padStart(9)} ${Math.min(...times[mode]).toFixed(1).padStart(9)} ${Math.max(...times[mode]).toFixed(1).padStart(9)}   ${(m / base).toFixed(3)}`,
  );
}
console.log(`\nper message without the extension: ${((base * 1000) / MESSAGES).toFixed(2)} µs`);

for (const b of Object.values(browsers)) await b.close();
await demo.close();
bench.close();
