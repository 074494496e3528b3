/**
 * The test client in Firefox: the toolbar popup's page (here in a tab: the same page), prefilled
 * from its query, connecting with a subprotocol and sending saved messages with exact bytes; and
 * "Open in tab", a tab the extension opens itself with browser.tabs.create, carrying on; the
 * Socket.IO mode against a socket.io 4 server with variables from an environment.
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { clickByName, EXTENSION_ORIGIN, fillLabelled, frameRowTexts, gotoExtensionPage, textOf, typeInto, until, firefoxSuite } from './firefox';

const suite = firefoxSuite();

const status = (p: Page) => textOf(p, 'section[aria-label="Connection status"]');

test('the client connects with a subprotocol from its query, sends saved messages byte for byte, and "Open in tab" carries on in a tab it opens', async () => {
  const saved = JSON.stringify([
    { name: 'hello', data: 'hi there' },
    { name: 'bytes', data: 'AAEC', binary: true },
  ]);
  const q = new URLSearchParams({ url: `${suite.demo.wsUrl}/proto`, protocols: 'chat.v1', saved });
  const client = suite.ff.page;
  await gotoExtensionPage(client, `src/client/client.html?${q}`);
  await clickByName(client, 'Connect');
  await until('the client to connect', async () => (await status(client)).includes('Open'));
  expect(await textOf(client, '[aria-label="Negotiated subprotocol"]')).toBe('chat.v1');
  await clickByName(client, 'Send saved message hello');
  await clickByName(client, 'Send saved message bytes');
  await until('the server to receive both', () => suite.demo.stats.received('/proto').length === 2);
  expect(suite.demo.stats.received('/proto')[0].data.toString('utf8')).toBe('hi there');
  expect([...suite.demo.stats.received('/proto')[1].data]).toEqual([0, 1, 2]);
  expect(suite.demo.stats.connections('/proto').map((c) => [c.protocols, c.protocol])).toEqual([[['chat.v1'], 'chat.v1']]);

  // "Open in tab": browser.tabs.create opens the client in a tab, which connects again.
  const before = new Set(await suite.ff.browser.pages());
  await clickByName(client, 'Open in tab');
  const tab = await until('the tab the extension opened', async () => {
    for (const p of await suite.ff.browser.pages()) {
      if (before.has(p)) continue;
      // Puppeteer does not follow moz-extension:// navigations (p.url() stays about:blank): ask the page.
      const href = await p.evaluate(() => location.href).catch(() => '');
      if (href === `${EXTENSION_ORIGIN}/src/client/client.html?tab=1&connect=1`) return p;
    }
    return null;
  });
  await until('the tab to connect', async () => (await status(tab)).includes('Open'));
  await until('a second connection', () => suite.demo.stats.connections('/proto').length === 2);
  await clickByName(tab, 'Send saved message hello');
  await until('the server to receive it from the tab', () => suite.demo.stats.received('/proto').length === 3);
  await until('the tab to log the sent message', async () =>
    (await frameRowTexts(tab)).some((r) => r.includes('sent') && r.includes('hi there')),
  );
});

test('Socket.IO mode and variables: a socket.io 4 namespace with auth from the environment, an emit with an ack and a binary argument', async () => {
  const http = createServer();
  const io = new IoServer(http, { serveClient: false });
  io.of('/admin')
    .use((s, next) => (s.handshake.auth?.token === 'secret' ? next() : next(new Error('not authorized'))))
    .on('connection', (s) => {
      s.emit('welcome', { user: s.handshake.auth.user ?? null });
      s.on('sum', (a: number, b: number, ack: (n: number) => void) => ack(a + b));
      s.on('upload', (buf: Buffer) => s.emit('file', buf));
    });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  try {
    const client = suite.ff.page;
    await gotoExtensionPage(client, 'src/client/client.html?tab=1');
    // An environment with the server's port and the token.
    // The page draws its form after it loads: wait for the environments menu, then open it.
    await until('the environments menu', () =>
      client.evaluate(() => {
        const summary = document.querySelector('details.env-menu:not(.col-menu) summary') as HTMLElement | null;
        summary?.click();
        return summary !== null;
      }),
    );
    await clickByName(client, 'New environment');
    await typeInto(client, 'input[aria-label="Variable 1 name"]', 'port');
    await typeInto(client, 'input[aria-label="Variable 1 value"]', String(port));
    await clickByName(client, 'Add variable');
    await typeInto(client, 'input[aria-label="Variable 2 name"]', 'token');
    await typeInto(client, 'input[aria-label="Variable 2 value"]', 'secret');
    await clickByName(client, 'Add variable');
    await typeInto(client, 'input[aria-label="Variable 3 name"]', 'b');
    await typeInto(client, 'input[aria-label="Variable 3 value"]', '40');

    await client.evaluate(() => {
      const label = Array.from(document.querySelectorAll('fieldset[aria-label="Mode"] label')).find((l) => l.textContent?.trim() === 'Socket.IO');
      (label?.querySelector('input') as HTMLInputElement).click();
    });
    await fillLabelled(client, 'form[aria-label="Connection"]', 'URL', 'http://127.0.0.1:{{port}}');
    await fillLabelled(client, '.sio-settings', 'Namespace', '/admin');
    await fillLabelled(client, '.sio-settings', 'Auth (JSON)', '{"token": "{{token}}", "user": "ff"}');
    await clickByName(client, 'Connect');
    await until('the namespace to connect', async () => (await textOf(client, '[aria-label="Socket.IO status"]')).includes('connected to /admin'));
    await until('the welcome event', async () => (await frameRowTexts(client)).some((r) => r.includes('["welcome",{"user":"ff"}]')));

    await fillLabelled(client, 'form[aria-label="Emit an event"]', 'Event', 'sum');
    await fillLabelled(client, 'form[aria-label="Emit an event"]', 'Arguments (JSON array)', '[2, {{b}}]');
    await client.evaluate(() => {
      const box = Array.from(document.querySelectorAll('form[aria-label="Emit an event"] label')).find((l) => l.textContent?.includes('Ask for an ack'));
      (box?.querySelector('input') as HTMLInputElement).click();
    });
    await clickByName(client, 'Emit');
    await until('the sent event, resolved', async () => (await frameRowTexts(client)).some((r) => r.includes('["sum",2,40]')));
    await until('the ack with its latency', async () => (await frameRowTexts(client)).some((r) => /\{"ack":0,"event":"sum","ms":\d+,"args":\[42\]\}/.test(r)));

    await fillLabelled(client, 'form[aria-label="Emit an event"]', 'Event', 'upload');
    await fillLabelled(client, 'form[aria-label="Emit an event"]', 'Arguments (JSON array)', '[{"$binary": "AAH+"}]');
    await clickByName(client, 'Emit');
    await until('the binary argument back', async () => (await frameRowTexts(client)).some((r) => r.includes('["file",{"$binary":"AAH+"}]')));

    // An unknown variable is flagged before anything is emitted.
    await fillLabelled(client, 'form[aria-label="Emit an event"]', 'Arguments (JSON array)', '["{{nope}}"]');
    await clickByName(client, 'Emit');
    await until('the unknown variable to be flagged', async () => (await textOf(client, '[aria-label="Emit problem"]')).includes('Unknown variable {{nope}}'));

    // The raw frames, one click away.
    await client.evaluate(() => {
      const label = Array.from(document.querySelectorAll('fieldset[aria-label="Log shows"] label')).find((l) => l.textContent?.trim() === 'Raw frames');
      (label?.querySelector('input') as HTMLInputElement).click();
    });
    await until('the Engine.IO packets', async () => (await frameRowTexts(client)).some((r) => r.includes('42/admin,0["sum",2,40]')));
  } finally {
    await io.close();
    await new Promise<void>((r) => http.close(() => r()));
  }
});
