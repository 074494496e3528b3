#!/usr/bin/env node
// The capture at scale, side by side in one run, in headless Chromium over raw CDP (no Playwright:
// its DevTools Network instrumentation would load the pages we measure; see page-overhead.mjs):
//
//   1. page receive time for --messages small messages (--size bytes) with no extension, with the
//      extension, and with the extension while a panel streams every frame (the three modes
//      alternating, --rounds rounds, medians);
//   2. with the history bound set to --frames (through chrome.storage in the service worker, as the
//      Settings dialog saves it) and a panel open: --frames frames arrive in two floods (a tenth,
//      then the rest); after each, once the panel counts them all and the garbage is collected,
//      the JS heap per frame beyond its payload in the page (hook + relay, one V8 heap) and in the
//      panel; the panel's longest paint gap (requestAnimationFrame) while they arrive;
//   3. at --frames frames, a key in the filter box until the list is painted (from the key event's
//      timestamp to the first animation frame after the summary changed), at 500 and 1,280 px.
//
//   npm run bench:scale [-- --frames 1000000 --messages 100000 --size 16 --rounds 3] [-- --profile]
//
// --profile also takes a heap snapshot of the page and of the panel after the first flood and
// prints what they hold by constructor (self size per frame), to see where the bytes go.
// Not part of the test suite; the figures depend on the machine (say its load with them).
// Build first (`npm run build`).
import { loadavg } from 'node:os';
import { startDemoServer } from '../demo/server.mjs';
import { launchBrowser, median, numberArg, requireBuild } from './browser.mjs';

requireBuild();
const FRAMES = numberArg('frames', 1_000_000);
const MESSAGES = numberArg('messages', 100_000);
const SIZE = numberArg('size', 16);
const ROUNDS = numberArg('rounds', 3);
const PROFILE = process.argv.includes('--profile');
const MB = 1024 * 1024;
const KEYS = 3; // key presses timed per width (median)

/** @typedef {Awaited<ReturnType<typeof launchBrowser>>} Browser */
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** @param {number} n */
const fmt = (n) => n.toLocaleString('en-US');

/**
 * `probe()` until it returns something other than undefined.
 * @template T
 * @param {string} what
 * @param {() => Promise<T | undefined>} probe
 * @param {number} timeoutMs
 * @returns {Promise<T>}
 */
async function until(what, probe, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const demo = await startDemoServer({ port: 0, botIntervalMs: 0 });
const pageUrl = `${demo.httpUrl}/fixture.html`;
/** @param {number} count */
const floodUrl = (count) => `${demo.wsUrl}/flood?count=${count}&size=${SIZE}`;

/**
 * Opens the bench page in `b` (a window of its own) and waits until it is loaded.
 * @param {Browser} b
 */
async function openPage(b) {
  const { targetId } = await b.send('Target.createTarget', { url: pageUrl, newWindow: true });
  const session = await b.attach(targetId);
  await until('the page', async () => ((await b.evaluate(session, 'document.readyState')) === 'complete' ? true : undefined), 20_000);
  return { targetId, session };
}

/**
 * Opens a panel inspecting the page `targetId`, in a window of its own (so that it paints), and
 * waits until it shows its summary.
 * @param {Browser} b
 * @param {string} targetId
 */
async function openPanel(b, targetId) {
  const ext = await b.extension();
  const { windowId } = await b.send('Browser.getWindowForTarget', { targetId });
  const tabs = await until('the tab id', async () => {
    const ids = await b.evaluate(ext.session, `chrome.tabs.query({ windowId: ${windowId} }).then((ts) => ts.map((t) => t.id))`);
    return Array.isArray(ids) && ids.length > 0 ? ids : undefined;
  }, 10_000);
  const { targetId: panelTarget } = await b.send('Target.createTarget', {
    url: `chrome-extension://${ext.id}/src/panel/panel.html?tabId=${tabs[0]}`,
    newWindow: true,
  });
  const session = await b.attach(panelTarget);
  await until('the panel', () => panelFigures(b, session), 20_000);
  return { targetId: panelTarget, session };
}

/**
 * What the panel's status bar says: "shown / total frames shown" and the frames a bound dropped.
 * @param {Browser} b
 * @param {string} panel
 * @returns {Promise<{ shown: number, total: number, dropped: number } | undefined>}
 */
async function panelFigures(b, panel) {
  const text = String(await b.evaluate(panel, `document.querySelector('[role=status][aria-label="Summary"]')?.innerText ?? ''`));
  const m = /([\d,]+) \/ ([\d,]+) frames? shown/.exec(text);
  if (m === null) return undefined;
  const all = String(await b.evaluate(panel, 'document.body.innerText'));
  const d = /History bound reached: ([\d,]+) oldest frames? (?:was|were) dropped/.exec(all);
  /** @param {string} s */
  const n = (s) => Number(s.replace(/,/g, ''));
  return { shown: n(m[1]), total: n(m[2]), dropped: d === null ? 0 : n(d[1]) };
}

/**
 * In the page: opens a socket to `url`, counts its messages until "done", resolves with the count
 * and the receive time (from open to "done").
 * @param {string} url
 */
const receive = (url) => `new Promise((resolve) => {
  const ws = new WebSocket(${JSON.stringify(url)});
  let n = 0, t0 = 0;
  ws.onopen = () => (t0 = performance.now());
  ws.onmessage = (e) => { if (e.data !== 'done') { n++; return; } const ms = performance.now() - t0; ws.close(); resolve({ n, ms }); };
})`;

// ── 1. page receive time, three modes side by side ──
console.log(`Chromium, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${fmt(MESSAGES)} messages of ${SIZE} B; ${ROUNDS} rounds + 1 warm-up, modes alternating)`);
/** @type {Record<string, Browser>} */
const browsers = { without: await launchBrowser(false), with: await launchBrowser(true), 'with + panel': await launchBrowser(true) };
/** @type {Record<string, number[]>} */
const times = { without: [], with: [], 'with + panel': [] };
const modes = Object.keys(browsers);
for (let r = 0; r <= ROUNDS; r++) {
  for (const mode of r % 2 ? [...modes].reverse() : modes) {
    const b = browsers[mode];
    const page = await openPage(b);
    const panel = mode === 'with + panel' ? await openPanel(b, page.targetId) : null;
    const { n, ms } = await b.evaluate(page.session, receive(floodUrl(MESSAGES)));
    if (n !== MESSAGES) throw new Error(`${mode}: received ${n} of ${MESSAGES}`);
    if (r > 0) times[mode].push(ms);
    if (panel) await b.send('Target.closeTarget', { targetId: panel.targetId });
    await b.send('Target.closeTarget', { targetId: page.targetId });
  }
}
await browsers.without.close();
await browsers.with.close();
await browsers['with + panel'].close();
const base = median(times.without);
/** @type {string[]} */
const out = [];
out.push('', `page receive time, ${fmt(MESSAGES)} × ${SIZE} B   median ms    min ms    max ms   × without`);
for (const mode of modes) {
  const m = median(times[mode]);
  out.push(`  ${mode.padEnd(39)} ${m.toFixed(0).padStart(9)} ${Math.min(...times[mode]).toFixed(0).padStart(9)} ${Math.max(...times[mode]).toFixed(0).padStart(9)}   ${(m / base).toFixed(3)}`);
}
console.log(out.join('\n'));

// ── 2. heap per frame and paint gaps at FRAMES/10 and FRAMES ──
const b = await launchBrowser(true);
try {
  const ext = await b.extension();
  await until('chrome.storage in the service worker', async () => ((await b.evaluate(ext.session, "typeof chrome === 'object' && !!chrome.storage")) ? true : undefined), 10_000);
  await b.evaluate(ext.session, `chrome.storage.local.set({ settings: { bounds: { maxFrames: ${FRAMES}, maxBytes: ${1024 * MB}, maxFrameBytes: ${16 * MB} } } })`);
  const page = await openPage(b);
  const panel = await openPanel(b, page.targetId);
  /** @param {string} session */
  const heapAfterGc = async (session) => {
    await b.send('HeapProfiler.collectGarbage', {}, session);
    await b.send('HeapProfiler.collectGarbage', {}, session);
    return /** @type {number} */ ((await b.send('Runtime.getHeapUsage', {}, session)).usedSize);
  };
  const start = { page: await heapAfterGc(page.session), panel: await heapAfterGc(panel.session) };
  const before = PROFILE ? { page: await byConstructor(page.session), panel: await byConstructor(panel.session) } : null;
  await b.evaluate(
    panel.session,
    `(() => { window.__gaps = []; window.__sampling = true; let last = performance.now();
      const tick = (t) => { window.__gaps.push(t - last); last = t; if (window.__sampling) requestAnimationFrame(tick); };
      requestAnimationFrame(tick); })()`,
  );
  const first = Math.round(FRAMES / 10);
  /** @type {Array<{ frames: number, page: number, panel: number, panelMs: number }>} */
  const heaps = [];
  let captured = 0;
  for (const count of [first - 1, FRAMES - first - 1]) {
    // Each flood ends with "done", captured too: count + 1 frames.
    const t = Date.now();
    const { n } = await b.evaluate(page.session, receive(floodUrl(count)));
    if (n !== count) throw new Error(`received ${n} of ${count}`);
    captured += count + 1;
    const f = await until('the panel to count every frame', async () => {
      const x = await panelFigures(b, panel.session);
      return x !== undefined && x.total >= captured ? x : undefined;
    }, 600_000);
    if (f.dropped !== 0) throw new Error(`the panel dropped ${f.dropped} frames`);
    const panelMs = Date.now() - t;
    heaps.push({ frames: captured, page: await heapAfterGc(page.session), panel: await heapAfterGc(panel.session), panelMs });
    if (before !== null && heaps.length === 1) {
      for (const [name, session, was] of /** @type {const} */ ([['page (hook + relay)', page.session, before.page], ['panel', panel.session, before.panel]])) {
        console.log(`\n${name}: what ${fmt(captured)} frames added to the heap, by constructor (self sizes, after GC)\n${growth(was, await byConstructor(session), captured)}`);
      }
    }
  }
  const gaps = /** @type {number[]} */ (await b.evaluate(panel.session, '(window.__sampling = false, window.__gaps)'));

  // ── 3. filter key → list painted at FRAMES, two widths ──
  /** @type {Array<[number, number[]]>} */
  const keyTimes = [];
  for (const width of [500, 1280]) {
    await b.send('Emulation.setDeviceMetricsOverride', { width, height: 800, deviceScaleFactor: 1, mobile: false }, panel.session);
    await sleep(300);
    /** @type {number[]} */
    const ms = [];
    for (let k = 0; k < KEYS; k++) {
      for (const key of ['9', 'Backspace']) {
        await b.evaluate(panel.session, `(() => { const box = document.querySelector('input[aria-label="Filter frames"]'); box.focus();
          window.__timer = new Promise((resolve) => {
            let start = 0;
            const target = document.querySelector('[role=status][aria-label="Summary"]');
            const observer = new MutationObserver(() => { observer.disconnect(); requestAnimationFrame(() => resolve(performance.now() - start)); });
            addEventListener('keydown', (e) => { start = e.timeStamp; observer.observe(target, { childList: true, subtree: true, characterData: true }); }, { capture: true, once: true });
          }); })()`);
        // As Puppeteer types them: a key with text is a keyDown; Backspace a rawKeyDown with its editing command.
        const ev = key === '9' ? { type: 'keyDown', key: '9', code: 'Digit9', text: '9', windowsVirtualKeyCode: 57 } : { type: 'rawKeyDown', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8, commands: ['deleteBackward'] };
        await b.send('Input.dispatchKeyEvent', ev, panel.session);
        await b.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ev.key, code: ev.code, windowsVirtualKeyCode: ev.windowsVirtualKeyCode }, panel.session);
        const took = /** @type {number} */ (await b.evaluate(panel.session, 'window.__timer'));
        if (key === '9') ms.push(took);
        // Back to every frame before the next key.
        if (key === 'Backspace') {
          await until('the whole list again', async () => ((await panelFigures(b, panel.session))?.shown === captured ? true : undefined), 60_000).catch(async (e) => {
            throw new Error(`${e.message}: ${JSON.stringify(await panelFigures(b, panel.session))}, the box says "${await b.evaluate(panel.session, `document.querySelector('input[aria-label="Filter frames"]').value`)}"`);
          });
        }
      }
    }
    keyTimes.push([width, ms]);
  }

  const lines = ['', `history bound ${fmt(FRAMES)} frames, ${SIZE}-byte frames, JS heap after GC (over the heap before the first frame)`];
  lines.push('  frames kept      page heap   page B/frame beyond payload   panel heap   panel B/frame beyond payload   panel counted all after');
  for (const h of heaps) {
    const per = (/** @type {number} */ d) => (d / h.frames - SIZE).toFixed(0);
    lines.push(
      `  ${fmt(h.frames).padStart(11)} ${((h.page - start.page) / MB).toFixed(1).padStart(11)} MB ${per(h.page - start.page).padStart(29)} ${((h.panel - start.panel) / MB).toFixed(1).padStart(9)} MB ${per(h.panel - start.panel).padStart(30)}   ${(h.panelMs / 1000).toFixed(1)} s`,
    );
  }
  lines.push(`  panel's longest paint gap while ${fmt(captured)} frames arrived: ${Math.max(...gaps).toFixed(0)} ms (${fmt(gaps.length)} animation frames, median gap ${median(gaps).toFixed(0)} ms)`);
  for (const [width, ms] of keyTimes) lines.push(`  filter key "9" → list painted at ${fmt(captured)} frames, ${width} px: median ${median(ms).toFixed(0)} ms (${ms.map((x) => x.toFixed(0)).join(', ')})`);
  lines.push(`  load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(out.join('\n'));
  console.log(lines.join('\n'));

  /**
   * A heap snapshot of `session` (after GC), its nodes summed by type and constructor name.
   * @param {string} session
   * @returns {Promise<Map<string, { count: number, bytes: number }>>}
   */
  async function byConstructor(session) {
    /** @type {string[]} */
    const chunks = [];
    /** @param {import('ws').RawData} m */
    const onChunk = (m) => {
      const d = JSON.parse(String(m));
      if (d.method === 'HeapProfiler.addHeapSnapshotChunk' && d.sessionId === session) chunks.push(d.params.chunk);
    };
    b.raw.on('message', onChunk);
    await b.send('HeapProfiler.enable', {}, session);
    await b.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, session);
    b.raw.off('message', onChunk);
    await b.send('HeapProfiler.disable', {}, session);
    const snap = JSON.parse(chunks.join(''));
    const fields = snap.snapshot.meta.node_fields;
    const types = snap.snapshot.meta.node_types[0];
    const [T, N, S, E] = ['type', 'name', 'self_size', 'edge_count'].map((f) => fields.indexOf(f));
    const edgeFields = snap.snapshot.meta.edge_fields;
    const [ET, EN] = ['type', 'name_or_index'].map((f) => edgeFields.indexOf(f));
    const property = snap.snapshot.meta.edge_types[0].indexOf('property');
    /** @type {Map<string, { count: number, bytes: number }>} */
    const by = new Map();
    let edge = 0;
    for (let i = 0; i < snap.nodes.length; i += fields.length) {
      const type = types[snap.nodes[i + T]];
      const name = snap.strings[snap.nodes[i + N]];
      const edges = snap.nodes[i + E];
      let key = type === 'object' || type === 'closure' || type === 'native' ? `${type} ${name}` : `(${type})`;
      if (type === 'object' && name === 'Object') {
        // Plain objects by their property names: which record or row they are.
        /** @type {string[]} */
        const props = [];
        for (let k = edge; k < edge + edges * edgeFields.length; k += edgeFields.length)
          if (snap.edges[k + ET] === property) props.push(snap.strings[snap.edges[k + EN]]);
        key += ` {${props.slice(0, 10).join(',')}}`;
      }
      edge += edges * edgeFields.length;
      const e = by.get(key) ?? { count: 0, bytes: 0 };
      e.count++;
      e.bytes += snap.nodes[i + S];
      by.set(key, e);
    }
    return by;
  }

  /**
   * What grew from `was` to `now`, largest first, per frame.
   * @param {Map<string, { count: number, bytes: number }>} was
   * @param {Map<string, { count: number, bytes: number }>} now
   * @param {number} frames
   */
  function growth(was, now, frames) {
    return [...now]
      .map(([k, e]) => /** @type {[string, number, number]} */ ([k, e.bytes - (was.get(k)?.bytes ?? 0), e.count - (was.get(k)?.count ?? 0)]))
      .sort((x, y) => y[1] - x[1])
      .slice(0, 12)
      .map(([k, bytes, count]) => `  ${(bytes / frames).toFixed(1).padStart(8)} B/frame ${(count / frames).toFixed(2).padStart(6)} nodes/frame  ${k.slice(0, 110)}`)
      .join('\n');
  }
} finally {
  await b.close();
  await demo.close();
}
