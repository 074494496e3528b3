#!/usr/bin/env node
// Search and filters over 100,000 frames, through the panel's own model (SessionStore and its FrameView) and its
// decoding (PanelDecoding), loaded from the TypeScript sources with Vite's SSR loader. Prints how
// long each filter takes to answer (the whole visible list recomputed), median of 5 runs.
//
//   npm run bench:filters [-- --frames 100000]
import { createServer } from 'vite';
import { numberArg } from './browser.mjs';

const N = numberArg('frames', 100_000);
const vite = await createServer({ configFile: false, server: { middlewareMode: true, hmr: false }, appType: 'custom', logLevel: 'error', resolve: { alias: { bl: 'bl/BufferList.js' } } });
const { SessionStore } = await vite.ssrLoadModule('/src/core/session-store.ts');
const { decodingOf } = await vite.ssrLoadModule('/src/view/decoding.ts');
const { bytesToBase64 } = await vite.ssrLoadModule('/src/core/codec.ts');

const EVENTS = ['chat', 'price', 'order', 'ping', 'trade'];
const enc = new TextEncoder();

/**
 * A capture of N frames of one protocol, as the relay would send it.
 * @param {'socket.io' | 'mqtt' | 'json-rpc'} kind
 */
function capture(kind) {
  const store = new SessionStore();
  store.applyAnnounce({ docId: 'd', url: 'http://x/', top: true, timeOrigin: 0, bounds: { maxFrames: 10_000_000, maxBytes: 1e10, maxFrameBytes: 1e8 } }, 0);
  const url = kind === 'socket.io' ? 'ws://x/socket.io/?EIO=4&transport=websocket' : kind === 'mqtt' ? 'ws://x/mqtt' : 'ws://x/rpc';
  /** @type {Array<Record<string, unknown>>} */
  const items = [
    { rseq: 1, type: 'connection', conn: 1, seq: 0, url, frameUrl: 'http://x/', protocols: kind === 'mqtt' ? ['mqtt'] : [], initiator: '', time: 0 },
    { rseq: 2, type: 'open', conn: 1, seq: 1, protocol: kind === 'mqtt' ? 'mqtt' : '', extensions: '', time: 1 },
  ];
  for (let i = 0; i < N; i++) {
    const ev = EVENTS[i % 5];
    let data;
    let opcode = 'text';
    if (kind === 'socket.io') data = i === 0 ? '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' : `42["${ev}",{"i":${i},"v":"${'x'.repeat(40)}"}]`;
    else if (kind === 'json-rpc') data = JSON.stringify({ jsonrpc: '2.0', id: i, method: ev, params: { i, note: 'a JSON-RPC request of about a hundred bytes' } });
    else {
      opcode = 'binary';
      const topic = enc.encode(`sensors/${ev}`);
      const payload = enc.encode(`{"i":${i}}`);
      const b = new Uint8Array(4 + topic.length + payload.length);
      b.set([0x30, 2 + topic.length + payload.length, 0, topic.length]);
      b.set(topic, 4);
      b.set(payload, 4 + topic.length);
      data = i === 0 ? new Uint8Array([0x10, 0x0c, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 0]) : b;
    }
    const size = typeof data === 'string' ? enc.encode(data).length : data.length;
    items.push({ rseq: items.length + 1, type: 'frame', conn: 1, seq: i + 2, time: 2 + i, dir: i % 2 ? 'received' : 'sent', opcode, ...(opcode === 'binary' ? { binKind: 'arraybuffer' } : {}), size, truncated: false, data: typeof data === 'string' ? data : bytesToBase64(data) });
  }
  store.applyRecords({ type: 'records', docId: 'd', after: 0, upTo: items.length, items, dropped: { frames: 0, bytes: 0, truncated: 0 } });
  // The panel's own wiring: the name filter reads names within a time budget per pass.
  // The panel syncs its decoding with the store on every render, as frames arrive.
  decodingOf(store).sync();
  return store;
}

/**
 * The median time of `store.view.setFilter(patch)` from the reset filter, and the frames it shows.
 * (A structural type: the SessionStore comes from Vite's SSR loader, untyped here.)
 * @param {{ view: { setFilter(patch: object): void, visible: { length: number } } }} store
 * @param {object} patch
 */
function time(store, patch) {
  const reset = { text: '', direction: 'all', name: '', type: undefined, minSize: undefined, maxSize: undefined, matchCase: false, show: 'messages' };
  const runs = [];
  for (let k = 0; k < 5; k++) {
    store.view.setFilter(reset);
    const t = performance.now();
    store.view.setFilter(patch);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[2], shown: store.view.visible.length };
}

console.log(`Filters over ${N.toLocaleString('en-US')} frames (median of 5; the whole visible list recomputed each time)\n`);
for (const kind of /** @type {const} */ (['socket.io', 'mqtt', 'json-rpc'])) {
  const store = capture(kind);
  // The first name filter meets frames not decoded yet: it answers within its budget with the
  // names decoded so far (the rest counted as pending), and the background decoding (idle slices,
  // as in the panel) fills the list in. Timed once, before the warm runs. (In the panel the
  // background decoding already starts when the Name filter gets focus, before the first key.)
  const t0 = performance.now();
  const complete = new Promise((resolve) => {
    const off = store.subscribe(() => {
      if (store.view.namePending === 0) {
        off();
        resolve(performance.now() - t0);
      }
    });
  });
  store.view.setFilter({ name: 'price' });
  const cold = performance.now() - t0;
  const pendingAtFirst = store.view.namePending;
  const shownAtFirst = store.view.visible.length;
  const full = await complete;
  /** @type {Array<[string, object]>} */
  const cases = [
    ['text substring "order"', { text: 'order' }],
    ['text, match case "ORDER"', { text: 'ORDER', matchCase: true }],
    ['text /"i":\\d*7\\b/', { text: '/"i":\\d*7\\b/' }],
    ['direction: received', { direction: 'received' }],
    ['type: binary', { type: 'binary' }],
    ['size 20–100 bytes', { minSize: 20, maxSize: 100 }],
    ['name "price" (decoded)', { name: 'price' }],
    ['name /(trade|ping)$/', { name: '/(trade|ping)$/' }],
    ['name + direction + text', { name: 'order', direction: 'sent', text: '9' }],
  ];
  console.log(
    `${kind}: first name filter answers in ${cold.toFixed(0)} ms (${shownAtFirst.toLocaleString('en-US')} shown, ${pendingAtFirst.toLocaleString('en-US')} frames still to decode); complete after ${full.toFixed(0)} ms of background decoding, ${store.view.visible.length.toLocaleString('en-US')} shown`,
  );
  for (const [label, patch] of cases) {
    const r = time(store, patch);
    console.log(`  ${label.padEnd(28)} ${r.ms.toFixed(1).padStart(7)} ms   ${r.shown.toLocaleString('en-US').padStart(7)} shown`);
  }
  // Saved filters (each compiled once) combined with the live filter: AND, then OR.
  const base = { text: '', direction: 'all' };
  const saved = [
    { ...base, name: '/(price|order)$/' },
    { ...base, direction: 'received', text: '/"i":\\d*[27]\\b/' },
  ];
  store.view.setFilter({ text: '', direction: 'all', name: '', type: undefined, minSize: undefined, maxSize: undefined, matchCase: false, show: 'messages' });
  for (const mode of ['and', 'or']) {
    const runs = [];
    for (let k = 0; k < 5; k++) {
      store.view.setSavedFilters([], mode);
      const t = performance.now();
      store.view.setSavedFilters(saved, mode);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    const label = `2 saved filters, ${mode.toUpperCase()}`;
    console.log(`  ${label.padEnd(28)} ${runs[2].toFixed(1).padStart(7)} ms   ${store.view.visible.length.toLocaleString('en-US').padStart(7)} shown`);
  }
  store.view.setSavedFilters([], 'and');
  const shown = time(store, { show: 'all' });
  console.log(`  ${'show: messages and events'.padEnd(28)} ${shown.ms.toFixed(1).padStart(7)} ms   ${shown.shown.toLocaleString('en-US').padStart(7)} shown`);
  console.log('');
}
await vite.close();
