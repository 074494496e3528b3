/**
 * The core end-to-end cases in Firefox ESR with the Firefox build: capture of an inline socket from
 * its first frame with exact bytes and close codes (top frame and iframe), the page unaffected,
 * the panel showing the frames, replay reaching the server, and an export that round-trips.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { closedPort } from '../demo/server.mjs';
import { startPageServer, type PageServer } from '../e2e/page-server';
import { channelAttacks, echoHandlersRoundTrip, exportTraffic, socketsByOtherRoutes } from '../e2e/scenarios';
import {
  clickByName,
  connectionRowTexts,
  frameRow,
  frameRowTexts,
  gotoExtensionPage,
  openPanel,
  payloadView,
  textOf,
  until,
  waitFramesShown,
  firefoxSuite,
} from './firefox';

const suite = firefoxSuite();
let pages: PageServer;
beforeAll(async () => {
  pages = await startPageServer();
});
afterAll(async () => {
  await pages?.close();
});

interface CaptureWindow {
  __received: { ab: unknown[]; blob: unknown[] };
  __closed?: [number, string];
  __deadClose?: number;
}

const serverGot = () => suite.demo.stats.received('/echo').map((m) => (m.isBinary ? [...m.data] : m.data.toString('utf8')));

test('captures an inline socket from its first frame: every send and receive type with exact bytes, close 4001, a refused socket', async () => {
  const { page } = suite.ff;
  const port = await closedPort();
  await page.goto(pages.url('capture.html', new URL(suite.demo.httpUrl).host, { closed: port }));
  await until('close 4001', () => page.evaluate(() => JSON.stringify((window as unknown as CaptureWindow).__closed) === '[4001,"bye"]'));
  await until('the refused socket to close', () => page.evaluate(() => (window as unknown as CaptureWindow).__deadClose === 1006));
  await until('the Blob echo', () => page.evaluate(() => (window as unknown as CaptureWindow).__received.blob.length === 1));

  const panel = await openPanel(suite.ff, page);
  // 7 sent + 7 received on the echo sockets, 1 + 1 in the iframe.
  await waitFramesShown(panel, 16);

  const conns = await connectionRowTexts(panel);
  const echo = conns.filter((c) => c.includes('chat.v1'));
  expect(echo).toHaveLength(1);
  expect(echo[0]).toContain('closed');
  expect(echo[0]).toContain('4001 Private Use "bye"');
  expect(echo[0]).toContain('closed by the page');
  const dead = conns.filter((c) => c.includes(`127.0.0.1:${port}/nobody`));
  expect(dead).toHaveLength(1);
  expect(dead[0]).toContain('error');
  expect(dead[0]).toContain('1006 Abnormal Closure');
  expect(dead[0]).toContain('never opened');

  // The first frame of the first inline script (sent before any other script ran), and the iframe's.
  const rows = await frameRowTexts(panel);
  const count = (...t: string[]) => rows.filter((r) => t.every((x) => r.includes(x))).length;
  expect(rows[0]).toContain('hello from the first inline script');
  expect(count('sent', 'hello from the first inline script')).toBe(1);
  expect(count('received', 'hello from the first inline script')).toBe(1);
  expect(count('sent', 'hello from the iframe')).toBe(1);
  expect(count('received', 'hello from the iframe')).toBe(1);

  // Exact bytes of each binary send type, and of the echoes received as ArrayBuffer and Blob.
  const cases: Array<[string, string, string]> = [
    ['binary (arraybuffer)', '00 01 02 ff', 'AAEC/w=='],
    ['binary (typedarray)', 'de ad be ef', '3q2+7w=='],
    ['binary (dataview)', 'ca fe', 'yv4='],
    ['binary (blob)', 'b1 0b 5e', 'sQte'],
  ];
  for (const [type, hex, b64] of cases) {
    expect(await payloadView(panel, await frameRow(panel, 'sent', type, hex), 'Base64'), `${type} sent`).toContain(b64);
    expect(await payloadView(panel, await frameRow(panel, 'received', 'binary (arraybuffer)', hex), 'Hex'), `${type} echoed`).toContain(
      hex,
    );
  }
  expect(await payloadView(panel, await frameRow(panel, 'received', 'binary (blob)', '0b 10 b0'), 'Base64')).toContain('CxCw');
  expect(await payloadView(panel, await frameRow(panel, 'received', 'ff fe 41 42'), 'UTF-8')).toContain(
    'Not valid UTF-8: the first invalid byte is at offset 0',
  );

  // What the page received is what the server sent.
  const received = await page.evaluate(() => (window as unknown as CaptureWindow).__received);
  expect(received.ab).toEqual([
    'hello from the first inline script',
    [0, 1, 2, 255],
    [0xde, 0xad, 0xbe, 0xef],
    [0xca, 0xfe],
    [0xb1, 0x0b, 0x5e],
    [0xff, 0xfe, 0x41, 0x42],
  ]);
  expect(received.blob).toEqual([[0x0b, 0x10, 0xb0]]);
});

test('the page keeps working: its handlers see every message in order with identical data, and WebSocket looks native', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const roundTrip = await page.evaluate(echoHandlersRoundTrip, `${suite.demo.wsUrl}/echo`);
  expect(roundTrip.viaProperty).toEqual(roundTrip.sent);
  expect(roundTrip.viaListener).toEqual(roundTrip.sent);
  const result = await page.evaluate(async (url) => {
    const ws = new WebSocket(url);
    await new Promise((r) => (ws.onopen = r));
    // Firefox prints natives as "function name() {\n    [native code]\n}".
    const nativeSource = (name: string) => `function ${name}() {\n    [native code]\n}`;
    return {
      instance: ws instanceof WebSocket,
      ctor: ws.constructor === WebSocket,
      protoCtor: WebSocket.prototype.constructor === WebSocket,
      name: WebSocket.name,
      length: WebSocket.length,
      ownKeys: Object.getOwnPropertyNames(ws).length,
      ctorString: Function.prototype.toString.call(WebSocket) === nativeSource('WebSocket'),
      sendString: Function.prototype.toString.call(WebSocket.prototype.send) === nativeSource('send'),
      toStringString: Function.prototype.toString.call(Function.prototype.toString) === nativeSource('toString'),
      errorsWithoutExtensionFrames: [() => new WebSocket('ws://['), () => WebSocket.prototype.send.call({}, 'x'), () => ws.close(5)].map(
        (f) => {
          try {
            f();
            return 'no error';
          } catch (e) {
            return String((e as Error).stack ?? '').includes('-extension://') ? 'extension frame in stack' : (e as Error).name;
          }
        },
      ),
    };
  }, `${suite.demo.wsUrl}/echo`);
  expect(result).toMatchObject({
    instance: true,
    ctor: true,
    protoCtor: true,
    name: 'WebSocket',
    length: 1,
    ownKeys: 0,
    ctorString: true,
    sendString: true,
    toStringString: true,
  });
  expect(result.errorsWithoutExtensionFrames).toEqual(['SyntaxError', 'TypeError', 'InvalidAccessError']);
  // And the extension saw all 400 frames.
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 400);
});

async function openEcho(page: Page): Promise<void> {
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { ws: WebSocket };
        w.ws = new WebSocket(url);
        w.ws.binaryType = 'arraybuffer';
        w.ws.onopen = () => resolve();
      }),
    `${suite.demo.wsUrl}/echo`,
  );
}

test('replay one frame, text and binary, from the panel: the server receives it again byte for byte', async () => {
  const { page } = suite.ff;
  await openEcho(page);
  await page.evaluate(() => {
    const ws = (window as unknown as { ws: WebSocket }).ws;
    ws.send('hello replay');
    ws.send(new Uint8Array([1, 2, 3, 255]));
  });
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 4);

  const actions = '[role="group"][aria-label="Frame actions"]';
  await (await frameRow(panel, 'sent', 'hello replay')).click();
  await clickByName(panel, 'Replay', actions);
  await until('"Replayed into #1"', async () => (await textOf(panel, `${actions} [role="status"]`)).includes('Replayed into #1'));
  await (await frameRow(panel, 'sent', '01 02 03 ff')).click();
  await clickByName(panel, 'Replay', actions);
  await until(
    'the server to receive the replays',
    () => JSON.stringify(serverGot()) === JSON.stringify(['hello replay', [1, 2, 3, 255], 'hello replay', [1, 2, 3, 255]]),
  );
  // Marked in the log, and the echoes come back as usual.
  await waitFramesShown(panel, 8);
  await frameRow(panel, 'sent', 'text · replayed', 'hello replay');
  await frameRow(panel, 'sent', 'replayed', '01 02 03 ff');
});

test('a received frame: Simulate again first, sending it to the server only through the composer; its header says received and its binaryType', async () => {
  const { page } = suite.ff;
  await openEcho(page);
  await page.evaluate(() => {
    const ws = (window as unknown as { ws: WebSocket }).ws;
    ws.send('from server');
    ws.send(new Uint8Array([9, 8]));
  });
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 4);
  const actions = '[role="group"][aria-label="Frame actions"]';
  await (await frameRow(panel, 'received', 'from server')).click();
  const names = () => panel.evaluate((sel) => Array.from(document.querySelectorAll(`${sel} button`)).map((b) => b.textContent?.trim()), actions);
  await until('the received frame\'s actions', async () => JSON.stringify(await names()) === JSON.stringify(['Simulate again', 'Send to server as if from page…']));
  await clickByName(panel, 'Simulate again', actions);
  await until('the page to get it again', async () => (await textOf(panel, `${actions} [role="status"]`)).includes('Delivered to the page again on #1'));
  await (await frameRow(panel, 'received', '09 08')).click();
  await until('the binary header', async () =>
    (await textOf(panel, 'section[aria-label="Frame detail"]')).includes("binary, received as an ArrayBuffer (the socket's binaryType)"),
  );
  expect(serverGot()).toEqual(['from server', [9, 8]]);
});

test('export round trip: real traffic saved as JSON from the panel (a real download) imports back identically', async () => {
  const { page } = suite.ff;
  const port = await closedPort();
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(exportTraffic, { wsUrl: suite.demo.wsUrl, port });
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 6);

  await clickByName(panel, 'Export');
  await clickByName(panel, 'All connections as JSON', '[role="menu"][aria-label="Export"]');
  const name = await until(
    'the export to finish',
    async () => /to (\S+\.json)/.exec(await textOf(panel, '[role="status"][aria-label="Export progress"]'))?.[1],
  );
  expect(name).toMatch(/^websocket-lens_127\.0\.0\.1-\d+_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/);
  // Firefox saved it into the downloads folder (a .part file until it is complete).
  const path = join(suite.ff.downloads, name);
  const text = await until('the download on disk', async () => {
    const files = await readdir(suite.ff.downloads);
    if (!files.includes(name) || files.some((f) => f.endsWith('.part'))) return '';
    return readFile(path, 'utf8');
  });
  const log = JSON.parse(text) as { format: string; connections: unknown[]; frames: unknown[] };
  expect(log.format).toBe('websocket-lens');
  expect(log.connections).toHaveLength(2);
  expect(log.frames).toHaveLength(6);

  const snapshot = (which: 'store' | 'imported') =>
    panel.evaluate((which) => {
      type Conn = Record<string, unknown> & { url: string };
      type Row = { kind: string; connKey: string; rec: { data: string | Uint8Array } & Record<string, unknown> };
      const s = (globalThis as unknown as { wslens: Record<string, unknown> }).wslens[which] as {
        connectionList(): Conn[];
        connections: Map<string, Conn>;
        rows: Row[];
      } | null;
      if (!s) return null;
      const b64 = (u: Uint8Array) => btoa(Array.from(u, (b) => String.fromCharCode(b)).join(''));
      return {
        connections: s
          .connectionList()
          .map((c) => [c.url, c.protocol, c.state, c.createdAt, c.openedAt, c.closedAt, JSON.stringify(c.close), c.closedBy, c.errors]),
        frames: s.rows
          .filter((r) => r.kind === 'frame')
          .map((r) => [
            s.connections.get(r.connKey)?.url,
            r.rec.seq,
            r.rec.time,
            r.rec.dir,
            r.rec.opcode,
            r.rec.size,
            r.rec.binKind,
            typeof r.rec.data === 'string' ? r.rec.data : b64(r.rec.data),
          ]),
      };
    }, which);
  const live = await snapshot('store');
  expect(live!.frames).toHaveLength(6);

  // Import the file into the panel: the same connections and frames, byte for byte.
  const input = await panel.$('input[type="file"]');
  await input!.uploadFile(path);
  await until('the imported banner', async () =>
    (await textOf(panel, '[role="region"][aria-label="Imported log"]')).includes(`Imported: ${name} — read-only · 2 connections, 6 frames`),
  );
  expect(await snapshot('imported')).toEqual(live);
  expect(await payloadView(panel, await frameRow(panel, 'sent', '00 01 02 ff fe 80'), 'Hex')).toContain('00 01 02 ff fe 80');
  expect((await connectionRowTexts(panel)).some((c) => c.includes('4001 Private Use "bye"'))).toBe(true);

  // The standalone log viewer reads the same file the same way.
  const viewer = await suite.ff.browser.newPage();
  await gotoExtensionPage(viewer, 'src/viewer/viewer.html');
  const viewerInput = await until('the viewer file input', () => viewer.$('input[type="file"]'));
  await viewerInput.uploadFile(path);
  await until('the viewer banner', async () =>
    (await textOf(viewer, '[role="region"][aria-label="Imported log"]')).includes(
      `Imported: ${name} — read-only · 2 connections, 6 frames`,
    ),
  );
  const viewerSnapshot = await viewer.evaluate(() => {
    const s = (globalThis as unknown as { wslens: { imported: { rows: Array<{ kind: string }> } | null } }).wslens.imported;
    return s === null ? -1 : s.rows.filter((r) => r.kind === 'frame').length;
  });
  expect(viewerSnapshot).toBe(6);
  expect(await payloadView(viewer, await frameRow(viewer, 'received', 'hello ✓ export'), 'Text')).toContain('hello ✓ export');
});

test('sockets made by a subclass, with Reflect.construct, and from a fresh about:blank iframe (at once and later) are captured, each once', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(socketsByOtherRoutes, suite.demo.wsUrl);
  // Firefox ESR 140 runs a fresh about:blank frame's content scripts late; the frame above adopts
  // its realm, so the socket made at once with its constructor is captured too (README, Firefox).
  await until('the iframe complete', () => page.evaluate(() => document.querySelector('iframe')?.contentDocument?.readyState === 'complete'));
  await page.evaluate((url) => {
    const fw = document.querySelector('iframe')!.contentWindow as unknown as typeof window;
    const ws = new fw.WebSocket(`${url}/echo`);
    ws.onopen = () => ws.send('via the iframe, later');
  }, suite.demo.wsUrl);
  await until('the server to get all four', () => serverGot().length === 4);
  expect([...serverGot()].sort()).toEqual(['via Reflect.construct', 'via a fresh iframe', 'via subclass', 'via the iframe, later']);
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 8);
  const rows = await frameRowTexts(panel);
  for (const text of ['via subclass', 'via Reflect.construct', 'via a fresh iframe', 'via the iframe, later']) {
    await frameRow(panel, 'sent', text);
    await frameRow(panel, 'received', text);
    expect(rows.filter((r) => r.includes(text))).toHaveLength(2); // sent and echoed, never twice
  }
});

test('a page cannot use the extension channel to send, simulate or read', async () => {
  const { page } = suite.ff;
  await openEcho(page);
  await page.evaluate(() => {
    const w = window as unknown as { ws: WebSocket; __got: unknown[] };
    w.__got = [];
    w.ws.onmessage = (e) => w.__got.push(e.data);
  });
  const attempts = await page.evaluate(channelAttacks);
  expect(attempts).toEqual(['forged port taken: false', 'hook port leaked: false', 'runtime.sendMessage available: false']);
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 2);
  // A sentinel sent after the attacks: once its echo is back, anything they had set off would be too.
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('sentinel'));
  await until('the sentinel echoed', async () => (await page.evaluate(() => (window as unknown as { __got: unknown[] }).__got)).length === 2);
  await waitFramesShown(panel, 4);
  expect(serverGot()).toEqual(['real', 'sentinel']);
  expect(await page.evaluate(() => (window as unknown as { __got: unknown[] }).__got)).toEqual(['real', 'sentinel']);
  const rows = await frameRowTexts(panel);
  expect(rows.some((r) => r.includes('FORGED') || r.includes('INJECTED'))).toBe(false);
});
