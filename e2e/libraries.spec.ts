/**
 * Real client libraries work unchanged and are captured completely: each library's own round trip
 * (its shipped browser bundle, against a real server on 127.0.0.1) gives the same result with and
 * without the extension, and the panel counts every frame that Chromium itself reports on the wire
 * (Playwright's WebSocket frame events, from the DevTools protocol).
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openPanel, CHROME_PATH } from './fixtures';
// (Each library's page is in e2e/pages/; its bundle and server in e2e/protocol-server.ts.)
import { test } from './protocol-server';
import type { SessionStore } from '../src/core/session-store';


/** The pages' round trips, and the results that say they are complete. */
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
  { name: 'faye (Bayeux)', page: 'protocols-bayeux.html', done: ['message', 'refused'] },
  { name: 'pusher-js', page: 'protocols-pusher.html', done: ['greeting', 'refused', 'echo'] },
  { name: 'centrifuge-js', page: 'protocols-centrifugo.html', done: ['publication', 'sum', 'refused'] },
  { name: 'socket.io-client with socket.io-msgpack-parser', page: 'protocols-sio-msgpack.html', done: ['sum', 'file'] },
  { name: 'y-websocket (Yjs)', page: 'protocols-yjs.html', done: ['text', 'edited'] },
  { name: '@microsoft/signalr with the MessagePack protocol', page: 'protocols-signalr-msgpack.html', done: ['notify', 'sum', 'error', 'items'] },
  { name: 'phoenix with binary payloads', page: 'protocols-phoenix-binary.html', done: ['reply', 'file', 'thumb'] },
];

async function roundTrip(page: Page, url: string, done: string[]): Promise<unknown> {
  await page.goto(url);
  await expect
    .poll(() => page.evaluate((keys) => keys.every((k) => k in ((window as unknown as { __done?: object }).__done ?? {})), done), { timeout: 15_000 })
    .toBe(true);
  return page.evaluate(() => (window as unknown as { __done: unknown }).__done);
}

test('real client libraries give the same results with and without the extension, and the panel counts every frame on the wire', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  test.setTimeout(120_000);
  const profile = await mkdtemp(join(tmpdir(), 'wslens-plain-'));
  const plain = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const plainPage = plain.pages()[0] ?? (await plain.newPage());
    // Frames as Chromium reports them on the wire, for the page with the extension.
    // Only the sockets of the page being tested count: a previous page's socket may still send as
    // it is torn down (faye's /meta/disconnect on unload).
    let wire = 0;
    let generation = 0;
    page.on('websocket', (ws) => {
      const g = generation;
      ws.on('framesent', () => void (g === generation && wire++));
      ws.on('framereceived', () => void (g === generation && wire++));
    });
    const tabId = await tabIdOf(page);
    const panel = await openPanel(context, extensionId, tabId);
    for (const lib of LIBRARIES) {
      const without = await roundTrip(plainPage, protocols.url(lib.page), lib.done);
      wire = 0;
      generation++;
      await page.bringToFront();
      const withExtension = await roundTrip(page, protocols.url(lib.page), lib.done);
      expect(withExtension, `${lib.name}: same result with the extension`).toEqual(without);
      // The panel (preserve log off) shows this page's connections: every frame counted.
      await expect
        .poll(
          () =>
            panel.evaluate(() => {
              const store = (globalThis as unknown as { wslens: { store: SessionStore } }).wslens.store;
              let n = 0;
              for (const c of store.connections.values()) n += c.sent.frames + c.received.frames;
              return n;
            }),
          { message: `${lib.name}: frames in the panel`, timeout: 10_000 },
        )
        .toBe(wire);
      expect(wire, `${lib.name}: some traffic`).toBeGreaterThan(1);
      console.log(`${lib.name}: ${wire} frames on the wire, all in the panel; results equal`);
    }
  } finally {
    await plain.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 10 });
  }
});
