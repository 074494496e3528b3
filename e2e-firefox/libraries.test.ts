/**
 * Real client libraries in Firefox (Chromium: e2e/libraries.spec.ts): each library's own round
 * trip (its shipped browser bundle, against the real servers of e2e/protocol-server.ts on
 * 127.0.0.1) gives the same result with and without the add-on, and the panel counts every frame
 * the page sent and received. WebDriver BiDi in Firefox ESR 140 reports no WebSocket frames (the
 * Chromium test counts the DevTools protocol's), so the page counts them itself: a preload script,
 * run before the page's scripts, counts each `send` that returned and each `message` event the
 * browser fired.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startProtocolServer, type ProtocolServer } from '../e2e/protocol-server';
import type { SessionStore } from '../src/core/session-store';
import { firefoxSuite, launchFirefox, openPanel, until } from './firefox';

const suite = firefoxSuite();
let protocols: ProtocolServer;
beforeAll(async () => {
  protocols = await startProtocolServer();
});
afterAll(async () => {
  await protocols?.close();
});

/** The pages' round trips, and the results that say they are complete (as in e2e/libraries.spec.ts). */
const LIBRARIES: Array<{ name: string; page: string; done: string[] }> = [
  { name: 'socket.io-client', page: 'protocols-sio.html', done: ['sum', 'chat', 'file'] },
  { name: 'mqtt.js over WebSocket (aedes)', page: 'protocols-mqtt.html', done: ['puback', 'message'] },
  { name: '@stomp/stompjs', page: 'protocols-stomp.html', done: ['message', 'receipt'] },
  { name: 'graphql-ws', page: 'protocols-graphql.html', done: ['hello', 'complete'] },
  { name: 'json-rpc-2.0', page: 'protocols-jsonrpc.html', done: ['sum', 'error'] },
  { name: 'sockjs-client', page: 'lib-sockjs.html', done: ['echoes', 'transport'] },
  { name: 'reconnecting-websocket', page: 'lib-reconnecting.html', done: ['echoes', 'opens'] },
  { name: 'phoenix', page: 'lib-phoenix.html', done: ['joined', 'reply', 'broadcast'] },
  { name: '@microsoft/signalr', page: 'lib-signalr.html', done: ['notify', 'sum'] },
];

async function roundTrip(page: Page, url: string, done: string[]): Promise<unknown> {
  await page.goto(url);
  await until(`${url}: ${done.join(', ')}`, () =>
    page.evaluate((keys) => keys.every((k) => k in ((window as unknown as { __done?: object }).__done ?? {})), done),
  );
  return page.evaluate(() => (window as unknown as { __done: unknown }).__done);
}

/** Counts, in `window.__wire`, every frame the page's sockets sent and every message the browser delivered. */
function countFramesInPage(): void {
  const Native = WebSocket;
  const counts = { n: 0 };
  Object.defineProperty(window, '__wire', { value: counts });
  const send = Native.prototype.send;
  Native.prototype.send = function (this: WebSocket, data: Parameters<WebSocket["send"]>[0]) {
    send.call(this, data);
    counts.n++;
  };
  window.WebSocket = new Proxy(Native, {
    construct(target, args, newTarget) {
      const ws = Reflect.construct(target, args, newTarget) as WebSocket;
      ws.addEventListener('message', (e) => e.isTrusted && counts.n++);
      return ws;
    },
  });
}

test('real client libraries give the same results with and without the add-on, and the panel counts every frame the page sent and received', async () => {
  const { page } = suite.ff;
  const plain = await launchFirefox(null);
  try {
    await page.evaluateOnNewDocument(countFramesInPage);
    await page.goto(protocols.url('lib-sockjs.html'));
    const panel = await openPanel(suite.ff, page, { ownWindow: true });
    for (const lib of LIBRARIES) {
      const without = await roundTrip(plain.page, protocols.url(lib.page), lib.done);
      const withAddOn = await roundTrip(page, protocols.url(lib.page), lib.done);
      expect(withAddOn, `${lib.name}: same result with the add-on`).toEqual(without);
      // The panel (preserve log off) shows this page's connections: every frame counted.
      const wire = await page.evaluate(() => (window as unknown as { __wire: { n: number } }).__wire.n);
      expect(wire, `${lib.name}: some traffic`).toBeGreaterThan(1);
      let inPanel = -1;
      await until(`${lib.name}: ${wire} frames in the panel`, async () => {
        // The page may still be talking (heartbeats): both figures are read again each time.
        const now = await page.evaluate(() => (window as unknown as { __wire: { n: number } }).__wire.n);
        inPanel = await panel.evaluate(() => {
          const store = (globalThis as unknown as { wslens: { store: SessionStore } }).wslens.store;
          let n = 0;
          for (const c of store.connections.values()) n += c.sent.frames + c.received.frames;
          return n;
        });
        return inPanel === now;
      }).catch((e: Error) => {
        throw new Error(`${e.message}; the panel counted ${inPanel}`);
      });
      console.log(`${lib.name}: ${wire} frames in the page, all in the panel; results equal`);
    }
  } finally {
    await plain.close();
  }
});
