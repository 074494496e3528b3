/**
 * The standalone test client (toolbar popup, opened here as a tab: the same page): connect with
 * subprotocols, send text / JSON / binary with exact bytes, saved messages and history that
 * survive closing the page, auto-reconnect with backoff and a heartbeat, and bad input.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { closedPort, startDemoServer, type DemoServer } from '../demo/server.mjs';
import { frameRow, frameRows, payloadView, setFilter } from './panel';
import { readFile } from 'node:fs/promises';

async function openClient(context: BrowserContext, extensionId: string, page?: Page, query = ''): Promise<Page> {
  const p = page ?? (await context.newPage());
  await p.goto(`chrome-extension://${extensionId}/src/client/client.html${query}`);
  await expect(p.getByRole('form', { name: 'Connection' })).toBeVisible();
  return p;
}

const urlField = (p: Page) => p.getByLabel('URL', { exact: true });
const protocolsField = (p: Page) => p.getByLabel('Subprotocols', { exact: true });
const editor = (p: Page) => p.getByRole('textbox', { name: /^Message \(/ });
const sendButton = (p: Page) => p.getByRole('button', { name: /^(Send|Send as text)$/ });
const state = (p: Page) => p.getByRole('region', { name: 'Connection status' }).getByRole('status');

async function connect(p: Page, url: string, protocols = ''): Promise<void> {
  await urlField(p).fill(url);
  await protocolsField(p).fill(protocols);
  await p.getByRole('button', { name: 'Connect', exact: true }).click();
}

async function send(p: Page, mode: 'Text' | 'JSON' | 'Hex' | 'Base64', text: string): Promise<void> {
  await p.getByRole('radio', { name: mode, exact: true }).check();
  await editor(p).fill(text);
  await sendButton(p).click();
}

test('connects offering two subprotocols, sends text, JSON and hex with exact bytes, shows the echoes and the negotiated protocol', async ({
  page,
  context,
  extensionId,
  demo,
}) => {
  const client = await openClient(context, extensionId, page);
  await connect(client, `${demo.wsUrl}/proto`, 'chat.v3, chat.v2');
  await expect(state(client)).toContainText('Open');
  await expect(client.getByLabel('Negotiated subprotocol')).toHaveText('chat.v2');
  await expect(frameRows(client).filter({ hasText: /Connected in \d+/ })).toHaveCount(1);
  expect(demo.stats.connections('/proto').map((c) => [c.protocols, c.protocol])).toEqual([[['chat.v3', 'chat.v2'], 'chat.v2']]);

  // Text (non-ASCII), JSON minified in the composer and sent with Ctrl+Enter, binary from hex.
  await send(client, 'Text', 'hello 안녕 ✓');
  await client.getByRole('radio', { name: 'JSON', exact: true }).check();
  await editor(client).fill('{ "type": "sub",\n  "ids": [1, 2] }');
  await expect(client.getByText('Valid JSON.')).toBeVisible();
  await client.getByRole('button', { name: 'Minify' }).click();
  await expect(editor(client)).toHaveValue('{"type":"sub","ids":[1,2]}');
  await editor(client).press('Control+Enter');
  await send(client, 'Hex', '00 01 fe ff 0x4142');

  await expect.poll(() => demo.stats.received('/proto').length).toBe(3);
  const got = demo.stats.received('/proto');
  expect(got.map((m) => m.isBinary)).toEqual([false, false, true]);
  expect(got[0].data.toString('utf8')).toBe('hello 안녕 ✓');
  expect(got[1].data.toString('utf8')).toBe('{"type":"sub","ids":[1,2]}');
  expect([...got[2].data]).toEqual([0x00, 0x01, 0xfe, 0xff, 0x41, 0x42]);

  // The echoes, in the panel's grid and detail view.
  await expect(frameRow(client, 'sent', 'hello 안녕 ✓')).toHaveCount(1);
  await expect(frameRow(client, 'received', 'hello 안녕 ✓')).toHaveCount(1);
  const jsonEcho = frameRow(client, 'received', '{"type":"sub"');
  await expect(jsonEcho).toHaveCount(1);
  expect(await payloadView(client, jsonEcho, 'JSON')).toContain('"sub"');
  const binEcho = frameRow(client, 'received', '00 01 fe ff 41 42'); // its payload, as hex
  await expect(binEcho).toHaveCount(1);
  expect(await payloadView(client, binEcho, 'Hex')).toContain('00 01 fe ff 41 42');
  expect(await payloadView(client, binEcho, 'Base64')).toContain('AAH+/0FC');
  expect(await payloadView(client, frameRow(client, 'sent', '00 01 fe ff 41 42'), 'Base64')).toContain('AAH+/0FC');

  // Base64 input, and the filter.
  await send(client, 'Base64', 'AAH+/0FC');
  await expect.poll(() => demo.stats.received('/proto').length).toBe(4);
  expect([...demo.stats.received('/proto')[3].data]).toEqual([0x00, 0x01, 0xfe, 0xff, 0x41, 0x42]);
  // A file, sent as one binary message.
  await client.getByRole('radio', { name: 'File', exact: true }).check();
  await client
    .getByLabel('File to send')
    .setInputFiles({ name: 'blob.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([9, 8, 7, 0, 255]) });
  await expect(client.getByText('blob.bin: 5 B, sent as one binary message')).toBeVisible();
  await sendButton(client).click();
  await expect.poll(() => demo.stats.received('/proto').length).toBe(5);
  expect([...demo.stats.received('/proto')[4].data]).toEqual([9, 8, 7, 0, 255]);
  await expect(frameRow(client, 'received', '09 08 07 00 ff')).toHaveCount(1);

  await setFilter(client, '안녕');
  await expect(frameRows(client).filter({ hasText: /^(?!.*—).*(sent|received)/ })).toHaveCount(2);
  await setFilter(client, '');

  // Invalid hex is refused with the position of the error; invalid JSON is flagged, sent as text.
  await client.getByRole('radio', { name: 'Hex', exact: true }).check();
  await editor(client).fill('00 0g');
  await sendButton(client).click();
  await expect(client.getByRole('alert')).toContainText('position 5');
  await client.getByRole('radio', { name: 'JSON', exact: true }).check();
  await editor(client).fill('{"open": ');
  await expect(client.getByText(/Invalid JSON/)).toBeVisible();
  await client.getByRole('button', { name: 'Send as text' }).click();
  await expect.poll(() => demo.stats.received('/proto').length).toBe(6);
  expect(demo.stats.received('/proto')[5].data.toString('utf8')).toBe('{"open": ');
  expect(demo.stats.received('/proto')[5].isBinary).toBe(false);

  // Close with a chosen code and reason: 1001 is refused, 4000 is sent.
  await client.getByText(/^Connection settings/).click();
  await client.getByLabel('Close code').fill('1001');
  await client.getByRole('button', { name: 'Disconnect' }).click();
  await expect(client.getByRole('alert').filter({ hasText: 'Close code 1001 cannot be sent by a client' }).first()).toBeVisible();
  await client.getByLabel('Close code').fill('4000');
  await client.getByLabel('Close reason').fill('done testing');
  await client.getByRole('button', { name: 'Disconnect' }).click();
  await expect(client.getByLabel('Last close')).toContainText('4000 Private Use "done testing" (by you)');
  await expect.poll(() => demo.stats.closes('/proto').map((c) => [c.code, c.reason])).toEqual([[4000, 'done testing']]);
});

test('saved messages, the URL history, the draft and the log survive closing and reopening the client', async ({
  page,
  context,
  extensionId,
  demo,
}) => {
  const client = await openClient(context, extensionId, page);
  await connect(client, `${demo.wsUrl}/echo`, 'x.one');
  await expect(state(client)).toContainText('Open');
  await send(client, 'Text', 'before closing');
  await expect(frameRow(client, 'received', 'before closing')).toHaveCount(1);

  await client.getByRole('radio', { name: 'JSON', exact: true }).check();
  await editor(client).fill('{"op":"ping"}');
  await client.getByLabel('Name for the saved message').fill('Ping op');
  await client.getByRole('button', { name: 'Save message' }).click();
  await expect(client.getByRole('button', { name: 'Send saved message Ping op' })).toBeVisible();
  await editor(client).fill('{"draft": true}');
  await client.close();

  const again = await openClient(context, extensionId);
  await expect(urlField(again)).toHaveValue(`${demo.wsUrl}/echo`);
  await expect(protocolsField(again)).toHaveValue('x.one');
  await expect(again.locator('#url-history option')).toHaveAttribute('value', `${demo.wsUrl}/echo`);
  await expect(editor(again)).toHaveValue('{"draft": true}');
  await expect(frameRow(again, 'sent', 'before closing')).toHaveCount(1);
  await expect(frameRow(again, 'received', 'before closing')).toHaveCount(1);
  await expect(frameRows(again).filter({ hasText: 'closed while connected' })).toHaveCount(1);

  // One click sends the saved message.
  await again.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(again)).toContainText('Open');
  await again.getByRole('button', { name: 'Send saved message Ping op' }).click();
  await expect.poll(() => demo.stats.received('/echo').map((m) => m.data.toString('utf8'))).toEqual(['before closing', '{"op":"ping"}']);
  await expect(frameRow(again, 'received', '{"op":"ping"}')).toHaveCount(1);
});

test('query parameters prefill the URL, the subprotocols and saved messages', async ({ page, context, extensionId, demo }) => {
  const saved = JSON.stringify([
    { name: 'hello', data: 'hi there' },
    { name: 'bytes', data: 'AAEC', binary: true },
  ]);
  const q = new URLSearchParams({ url: `${demo.wsUrl}/proto`, protocols: 'chat.v1', saved });
  const client = await openClient(context, extensionId, page, `?${q}`);
  await expect(urlField(client)).toHaveValue(`${demo.wsUrl}/proto`);
  await expect(protocolsField(client)).toHaveValue('chat.v1');
  await client.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(client.getByLabel('Negotiated subprotocol')).toHaveText('chat.v1');
  await client.getByRole('button', { name: 'Send saved message hello' }).click();
  await client.getByRole('button', { name: 'Send saved message bytes' }).click();
  await expect.poll(() => demo.stats.received('/proto').length).toBe(2);
  expect(demo.stats.received('/proto')[0].data.toString('utf8')).toBe('hi there');
  expect([...demo.stats.received('/proto')[1].data]).toEqual([0, 1, 2]);
  // Reopening with the same query does not add the same saved messages twice.
  await client.reload();
  await expect(client.getByRole('button', { name: /^Send saved message/ })).toHaveCount(2);
});

test('auto-reconnect: the client reconnects within the backoff after the server restarts and marks the gap; the heartbeat keeps its interval', async ({
  page,
  context,
  extensionId,
}) => {
  test.setTimeout(60_000);
  const port = await closedPort();
  let server: DemoServer = await startDemoServer({ port });
  try {
    const client = await openClient(context, extensionId, page);
    await client.getByText(/^Connection settings/).click();
    await client.getByLabel('Max attempts').fill('20');
    await client.getByLabel('Initial delay (s)').fill('0.5');
    await client.getByLabel('Max delay (s)').fill('1');
    await client.getByLabel('Send a heartbeat').check();
    await client.getByLabel('Every (s)').fill('1');
    await client.getByLabel('Heartbeat message').fill('hb');
    await connect(client, `ws://127.0.0.1:${port}/echo`);
    await expect(state(client)).toContainText('Open');

    // Heartbeats a second apart: the client's timer never fires early, so no upper bound (a busy
    // machine delays timers). Where they arrive, a starved server may stamp one late, which
    // shortens the gap after it and lengthens the one before: the median of the gaps still holds
    // (50 ms of slack).
    const beats = () => server.stats.received('/echo').filter((m) => m.data.toString('utf8') === 'hb');
    await expect.poll(() => beats().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    const times = beats().map((m) => m.time);
    const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)], `gaps ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(950);
    await expect(frameRow(client, 'received', 'hb').first()).toBeVisible();

    // The server goes away: the client says so and retries with backoff.
    const closing = Date.now();
    await server.close();
    await expect(frameRows(client).filter({ hasText: 'Disconnected: the connection dropped' })).toHaveCount(1);
    await expect(state(client)).toContainText(/Reconnecting/);
    await expect(
      frameRows(client).filter({ hasText: /Reconnect attempt 1 failed .* Reconnecting in 1\.0 s \(attempt 2 of 20\)/ }),
    ).toHaveCount(1, { timeout: 5_000 });
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    server = await startDemoServer({ port });
    const up = Date.now();

    // Back on the next attempt: one connection, every earlier attempt logged as failed, and the
    // gap it reports lies within what this test measured around it (no fixed limit).
    const marker = frameRows(client).filter({ hasText: /Reconnected after \d+(\.\d)? s \(attempt \d+\)/ });
    await expect(marker).toHaveCount(1, { timeout: 30_000 });
    await expect(state(client)).toContainText('Open');
    expect(server.stats.connections('/echo')).toHaveLength(1);
    const [, gapText, attemptText] = /Reconnected after (\d+(?:\.\d)?) s \(attempt (\d+)\)/.exec(await marker.innerText())!;
    const attempt = Number(attemptText);
    await expect(frameRows(client).filter({ hasText: /Reconnect attempt \d+ failed/ })).toHaveCount(attempt - 1);
    const gap = Number(gapText);
    expect(gap).toBeGreaterThanOrEqual((up - down) / 1000 - 0.2);
    expect(gap).toBeLessThanOrEqual((Date.now() - closing) / 1000 + 0.1);

    // The heartbeat resumes on the new connection.
    await expect.poll(() => beats().length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  } finally {
    await server.close();
  }
});

test('bad input gives a clear message and leaves the log intact: http URL, "ws://", "foo", a closed port, a refused subprotocol', async ({
  page,
  context,
  extensionId,
  demo,
}) => {
  const client = await openClient(context, extensionId, page);
  await connect(client, `${demo.wsUrl}/echo`);
  await expect(state(client)).toContainText('Open');
  await send(client, 'Text', 'keep me');
  await expect(frameRow(client, 'received', 'keep me')).toHaveCount(1);
  await client.getByRole('button', { name: 'Disconnect' }).click();
  await expect(state(client)).toContainText('Closed');

  const alert = () => client.getByRole('alert').first();

  // http: is offered as its ws: twin.
  const http = `${demo.httpUrl}/echo`;
  await connect(client, http);
  await expect(alert()).toContainText('http: is not a WebSocket scheme');
  await client.getByRole('button', { name: `Use ${demo.wsUrl}/echo` }).click();
  await expect(urlField(client)).toHaveValue(`${demo.wsUrl}/echo`);

  await connect(client, 'ws://');
  await expect(alert()).toContainText('The URL has no host');
  await connect(client, 'foo');
  await expect(alert()).toContainText('"foo" is not a URL: a WebSocket URL starts with ws:// or wss://');
  await connect(client, 'ws://127.0.0.1:8080/a b#frag');
  await expect(alert()).toContainText('fragment');
  await connect(client, `${demo.wsUrl}/echo`, 'chat;v2');
  await expect(alert()).toContainText('Subprotocol "chat;v2" contains ";"');

  // Nothing listens on the port.
  const port = await closedPort();
  await connect(client, `ws://127.0.0.1:${port}/echo`);
  const error = client.getByLabel('Connection error');
  await expect(error).toContainText(`Could not connect to ws://127.0.0.1:${port}/echo`);
  await expect(error).toContainText(`Nothing answered at 127.0.0.1:${port}`, { timeout: 10_000 });

  // The server refuses the only subprotocol offered.
  await connect(client, `${demo.wsUrl}/proto`, 'nope');
  await expect(error).toContainText('The server refused the subprotocol offered (nope)', { timeout: 10_000 });
  await expect(state(client)).toContainText('Closed');

  // The log still holds the frames from before.
  await expect(frameRow(client, 'sent', 'keep me')).toHaveCount(1);
  await expect(frameRow(client, 'received', 'keep me')).toHaveCount(1);
});

test('"Open in tab" opens the client in a tab that carries on the connection', async ({ page, context, extensionId, demo }) => {
  const client = await openClient(context, extensionId, page);
  await connect(client, `${demo.wsUrl}/echo`);
  await expect(state(client)).toContainText('Open');
  await send(client, 'Text', 'from the popup');
  await expect(frameRow(client, 'received', 'from the popup')).toHaveCount(1);
  const [tab] = await Promise.all([context.waitForEvent('page'), client.getByRole('button', { name: 'Open in tab' }).click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toContain('/src/client/client.html?tab=1&connect=1');
  await expect(state(tab)).toContainText('Open');
  await expect(tab.getByRole('button', { name: 'Open in tab' })).toHaveCount(0);
  await expect(frameRow(tab, 'received', 'from the popup')).toHaveCount(1);
  await send(tab, 'Text', 'from the tab');
  await expect(frameRow(tab, 'received', 'from the tab')).toHaveCount(1);
  await expect.poll(() => demo.stats.connections('/echo').length).toBe(2);

  // The popup, opened again while the tab runs the connection, says so and switches to the tab;
  // it does not mark the tab's connection as ended.
  await client.reload();
  await expect(
    client.getByRole('note').filter({ hasText: `The test client is open in a tab, connected to ${demo.wsUrl}/echo.` }),
  ).toBeVisible();
  await expect(client.getByRole('button', { name: 'Switch to tab' })).toBeVisible();
  await expect(frameRows(client).filter({ hasText: 'closed while connected' })).toHaveCount(0);
  await client.getByRole('button', { name: 'Switch to tab' }).click();
  await expect.poll(() => tab.evaluate(() => document.visibilityState)).toBe('visible');
  await expect(state(tab)).toContainText('Open');
});

test('the popup opens the log viewer, where a log file can be opened without DevTools', async ({ context, extensionId }) => {
  const client = await context.newPage();
  await client.goto(`chrome-extension://${extensionId}/src/client/client.html`);
  const [viewer] = await Promise.all([
    context.waitForEvent('page', (p) => p.url().endsWith('/src/viewer/viewer.html')),
    client.getByRole('button', { name: 'Log viewer' }).click(),
  ]);
  await expect(viewer.getByRole('heading', { name: /log viewer/ })).toBeVisible();
  await expect(viewer.getByLabel('Open log file')).toBeAttached();
});

test("the client's log exports in the panel's formats, named after the server, and reads back", async ({ context, extensionId, demo }) => {
  const client = await openClient(context, extensionId);
  await connect(client, `${demo.wsUrl}/echo`);
  await send(client, 'Text', 'exported from the client');
  await send(client, 'Hex', '00 ff 10');
  await expect(client.getByLabel('Frame count')).toContainText('4 / ');
  await client.getByRole('button', { name: 'Export', exact: true }).click();
  const menu = client.getByRole('menu', { name: 'Export' });
  const [download] = await Promise.all([client.waitForEvent('download'), menu.getByRole('menuitem', { name: 'All connections as JSON' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^websocket-lens_127\.0\.0\.1-\d+_.*\.json$/);
  const log = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
    format: string;
    connections: Array<{ url: string }>;
    frames: Array<{ dir: string; opcode: string; data: string }>;
  };
  expect(log.format).toBe('websocket-lens');
  expect(log.connections.map((c) => c.url)).toEqual([`${demo.wsUrl}/echo`]);
  expect(log.frames.map((f) => [f.dir, f.opcode, f.data])).toEqual([
    ['sent', 'text', 'exported from the client'],
    ['received', 'text', 'exported from the client'],
    ['sent', 'binary', 'AP8Q'],
    ['received', 'binary', 'AP8Q'],
  ]);
});
