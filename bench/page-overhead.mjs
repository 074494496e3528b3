#!/usr/bin/env node
// Page overhead of the capture: how long a page takes to receive N small WebSocket messages from a
// local server, without the extension, with it, and with it while a panel inspects the tab and
// streams every frame — alternating the three in each round, medians over the rounds.
//
//   npm run bench [-- --messages 100000 --size 16 --rounds 7]
//
// The browsers are started directly, not through Playwright: Playwright enables the DevTools
// Network domain on the pages it drives, which turns every frame into a DevTools event and makes a
// page ~10x slower to receive small messages, drowning what we want to measure. Raw CDP is used
// only to open tabs and, in the extension's service worker, to learn a tab's id.
// Not part of the test suite; the figures depend on the machine. Build first (`npm run build`).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
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
  const url = new URL(req.url, 'http://x');
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
await new Promise((r) => bench.listen(0, '127.0.0.1', r));
const benchUrl = `http://127.0.0.1:${bench.address().port}`;

// ── browsers ──
async function launch(withExtension) {
  const profile = mkdtempSync(join(tmpdir(), 'wsl-bench-'));
  const args = [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
    ...(withExtension ? [`--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`] : []),
    'about:blank',
  ];
  const proc = spawn(BROWSER, args, { stdio: 'ignore' });
  const portFile = join(profile, 'DevToolsActivePort');
  for (let i = 0; !existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2; i++) {
    if (i > 300) throw new Error('the browser did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = readFileSync(portFile, 'utf8').split('\n')[0].trim();
  const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
  const cdp = await cdpClient(webSocketDebuggerUrl);
  return { proc, profile, cdp };
}

async function cdpClient(url) {
  const ws = new WebSocket(url);
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let id = 0;
  const pending = new Map();
  ws.on('message', (m) => {
    const d = JSON.parse(m);
    if (d.id && pending.has(d.id)) {
      const p = pending.get(d.id);
      pending.delete(d.id);
      d.error ? p.j(new Error(d.error.message)) : p.r(d.result);
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((r, j) => {
      pending.set(++id, { r, j });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  return { send, close: () => ws.close() };
}

/** Runs code in the extension's service worker (to read chrome.tabs). */
async function inServiceWorker(cdp, expression) {
  let sw;
  for (let i = 0; !sw; i++) {
    sw = (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
    if (!sw) {
      if (i > 100) throw new Error('the extension did not load');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: true });
  const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
  return { value: r.result.value, extensionId: new URL(sw.url).host };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const demo = await startDemoServer({ port: 0, botIntervalMs: 0 });
const floodUrl = `${demo.wsUrl}/flood?count=${MESSAGES}&size=${SIZE}`;
const browsers = { without: await launch(false), with: await launch(true), 'with + panel': await launch(true) };
const times = { without: [], with: [], 'with + panel': [] };
const modes = Object.keys(browsers);
let roundId = 0;

async function runOnce(mode) {
  const { cdp } = browsers[mode];
  const round = String(++roundId);
  let done;
  const result = new Promise((r) => (done = r));
  const entry = { held: [], done };
  waiting.set(round, entry);
  const { targetId } = await cdp.send('Target.createTarget', { url: `${benchUrl}/bench.html?round=${round}&ws=${encodeURIComponent(floodUrl)}` });
  let panelTarget;
  if (mode === 'with + panel') {
    // The newest tab is the bench page; open a panel inspecting it, and let it attach.
    const { value: ids, extensionId } = await inServiceWorker(cdp, 'chrome.tabs.query({}).then((ts) => ts.map((t) => t.id))');
    const tabId = Math.max(...ids);
    panelTarget = (await cdp.send('Target.createTarget', { url: `chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`, background: true })).targetId;
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

console.log(`Receiving ${MESSAGES.toLocaleString('en-US')} messages of ${SIZE} bytes; ${ROUNDS} rounds (+1 warm-up), the three modes alternating…`);
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

for (const b of Object.values(browsers)) {
  b.cdp.close();
  b.proc.kill();
}
await new Promise((r) => setTimeout(r, 500));
for (const b of Object.values(browsers)) rmSync(b.profile, { recursive: true, force: true, maxRetries: 5 });
await demo.close();
bench.close();
