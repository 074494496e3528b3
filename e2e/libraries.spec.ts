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
    let wire = 0;
    page.on('websocket', (ws) => {
      ws.on('framesent', () => wire++);
      ws.on('framereceived', () => wire++);
    });
    const tabId = await tabIdOf(page);
    const panel = await openPanel(context, extensionId, tabId);
    for (const lib of LIBRARIES) {
      const without = await roundTrip(plainPage, protocols.url(lib.page), lib.done);
      wire = 0;
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
