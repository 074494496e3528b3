/**
 * The test client's basics in Firefox (Chromium: e2e/client.spec.ts; the query prefill, saved
 * messages and "Open in tab" are in e2e-firefox/client.test.ts): two subprotocols offered, text,
 * JSON, hex, Base64 and a file sent with exact bytes and their echoes shown, the filter, invalid
 * input refused, a chosen close code; what survives closing and reopening the client; bad URLs and
 * refused connections worded; the popup reopened while a tab runs the connection; the log viewer;
 * the log exported and read back; auto-reconnect and the heartbeat.
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort, startDemoServer, type DemoServer } from '../demo/server.mjs';
import {
  clickByName,
  EXTENSION_ORIGIN,
  fillLabelled,
  firefoxSuite,
  frameRow,
  frameRowTexts,
  gotoExtensionPage,
  payloadView,
  setFilter,
  textOf,
  until,
} from './firefox';

const suite = firefoxSuite();
const FORM = 'form[aria-label="Connection"]';
const COMPOSER = 'section.composer[aria-label="Message"]';
const OPTIONS = 'details[aria-label="Options"]';

async function openClient(p: Page, query = ''): Promise<Page> {
  await gotoExtensionPage(p, `src/client/client.html${query}`);
  await until('the client form', () => p.evaluate((f) => document.querySelector(f) !== null, FORM));
  return p;
}

const status = (p: Page) => textOf(p, 'section[aria-label="Connection status"]');
const alerts = (p: Page) => p.evaluate(() => Array.from(document.querySelectorAll('[role="alert"]'), (a) => (a as HTMLElement).innerText).join(' | '));
const fieldValue = (p: Page, label: string) =>
  p.evaluate(
    (form, label) =>
      (Array.from(document.querySelectorAll(`${form} label`))
        .find((l) => (l.firstChild?.textContent ?? '').trim() === label)
        ?.querySelector('input') as HTMLInputElement | null)?.value ?? null,
    FORM,
    label,
  );
const editorValue = (p: Page) => p.evaluate((c) => (document.querySelector(`${c} textarea`) as HTMLTextAreaElement | null)?.value ?? null, COMPOSER);
const rowsWith = async (p: Page, ...texts: string[]) => (await frameRowTexts(p)).filter((r) => texts.every((t) => r.includes(t))).length;
const waitRows = (p: Page, n: number, ...texts: string[]) => until(`${n} rows with ${JSON.stringify(texts)}`, async () => (await rowsWith(p, ...texts)) === n);
async function waitText(p: Page, selector: string, want: string | RegExp, timeout?: number): Promise<void> {
  let last = '';
  await until(
    `${selector} to hold ${String(want)}`,
    async () => {
      last = await textOf(p, selector);
      return typeof want === 'string' ? last.includes(want) : want.test(last);
    },
    timeout,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; it read ${JSON.stringify(last)}`);
  });
}
const waitAlert = (p: Page, want: string) => until(`an alert with ${JSON.stringify(want)}`, async () => (await alerts(p)).includes(want));

async function connect(p: Page, url: string, protocols = ''): Promise<void> {
  await fillLabelled(p, FORM, 'URL', url);
  await fillLabelled(p, FORM, 'Subprotocols', protocols);
  await clickByName(p, 'Connect', FORM);
}

/** Chooses a message format of the composer (its radio, named by its label). */
async function mode(p: Page, name: 'Text' | 'JSON' | 'Hex' | 'Base64' | 'File'): Promise<void> {
  await until(`the ${name} format`, () =>
    p.evaluate(
      (c, name) => {
        const label = Array.from(document.querySelectorAll(`${c} [role="radiogroup"][aria-label="Message format"] label`)).find(
          (l) => (l.textContent ?? '').trim() === name,
        );
        const radio = label?.querySelector('input[type="radio"]') as HTMLInputElement | undefined;
        if (!radio) return false;
        if (!radio.checked) radio.click();
        return radio.checked;
      },
      COMPOSER,
      name,
    ),
  );
}

/** Puts `text` in the composer's editor, as typing it would (an input event). */
async function write(p: Page, text: string): Promise<void> {
  await until('the editor to hold the text', () =>
    p.evaluate(
      (c, text) => {
        const area = document.querySelector(`${c} textarea`) as HTMLTextAreaElement | null;
        if (!area) return false;
        if (area.value !== text) {
          area.value = text;
          area.dispatchEvent(new Event('input', { bubbles: true }));
        }
        return area.value === text;
      },
      COMPOSER,
      text,
    ),
  );
}

const clickSend = (p: Page) =>
  until('the Send button', () =>
    p.evaluate((c) => {
      const b = Array.from(document.querySelectorAll(`${c} button.primary`)).find((x) => /^(Send|Send as text)$/.test(x.textContent?.trim() ?? ''));
      (b as HTMLButtonElement | undefined)?.click();
      return b !== undefined;
    }, COMPOSER),
  );

async function send(p: Page, m: 'Text' | 'JSON' | 'Hex' | 'Base64', text: string): Promise<void> {
  await mode(p, m);
  await write(p, text);
  await clickSend(p);
}

/** Opens the "Reconnect, heartbeat and close options". */
const openOptions = (p: Page) =>
  until('the options open', () =>
    p.evaluate((o) => {
      const d = document.querySelector(o) as HTMLDetailsElement | null;
      if (d && !d.open) (d.querySelector('summary') as HTMLElement).click();
      return d?.open === true;
    }, OPTIONS),
  );

test('connects offering two subprotocols, sends text, JSON and hex with exact bytes, shows the echoes and the negotiated protocol', async () => {
  const { demo } = suite;
  const client = await openClient(suite.ff.page);
  await connect(client, `${demo.wsUrl}/proto`, 'chat.v3, chat.v2');
  await until('Open', async () => (await status(client)).includes('Open'));
  expect(await textOf(client, '[aria-label="Negotiated subprotocol"]')).toBe('chat.v2');
  await until('the connect row', async () => (await frameRowTexts(client)).filter((r) => /Connected in \d+/.test(r)).length === 1);
  expect(demo.stats.connections('/proto').map((c) => [c.protocols, c.protocol])).toEqual([[['chat.v3', 'chat.v2'], 'chat.v2']]);

  // Text (non-ASCII), JSON minified in the composer and sent with Ctrl+Enter, binary from hex.
  await send(client, 'Text', 'hello 안녕 ✓');
  await mode(client, 'JSON');
  await write(client, '{ "type": "sub",\n  "ids": [1, 2] }');
  await waitText(client, COMPOSER, 'Valid JSON.');
  await clickByName(client, 'Minify', COMPOSER);
  await until('the JSON minified', async () => (await editorValue(client)) === '{"type":"sub","ids":[1,2]}');
  await client.focus(`${COMPOSER} textarea`);
  await client.keyboard.down('Control');
  await client.keyboard.press('Enter');
  await client.keyboard.up('Control');
  await until('the JSON sent', () => demo.stats.received('/proto').length === 2);
  await send(client, 'Hex', '00 01 fe ff 0x4142');

  await until('3 messages at the server', () => demo.stats.received('/proto').length === 3);
  const got = demo.stats.received('/proto');
  expect(got.map((m) => m.isBinary)).toEqual([false, false, true]);
  expect(got[0].data.toString('utf8')).toBe('hello 안녕 ✓');
  expect(got[1].data.toString('utf8')).toBe('{"type":"sub","ids":[1,2]}');
  expect([...got[2].data]).toEqual([0x00, 0x01, 0xfe, 0xff, 0x41, 0x42]);

  // The echoes, in the grid and the detail view.
  await waitRows(client, 1, 'sent', 'hello 안녕 ✓');
  await waitRows(client, 1, 'received', 'hello 안녕 ✓');
  await waitRows(client, 1, 'received', '{"type":"sub"');
  expect(await payloadView(client, await frameRow(client, 'received', '{"type":"sub"'), 'JSON')).toContain('"sub"');
  const binEcho = await frameRow(client, 'received', '00 01 fe ff 41 42'); // its payload, as hex
  expect(await payloadView(client, binEcho, 'Hex')).toContain('00 01 fe ff 41 42');
  expect(await payloadView(client, await frameRow(client, 'received', '00 01 fe ff 41 42'), 'Base64')).toContain('AAH+/0FC');
  expect(await payloadView(client, await frameRow(client, 'sent', '00 01 fe ff 41 42'), 'Base64')).toContain('AAH+/0FC');

  // Base64 input.
  await send(client, 'Base64', 'AAH+/0FC');
  await until('4 messages at the server', () => demo.stats.received('/proto').length === 4);
  expect([...demo.stats.received('/proto')[3].data]).toEqual([0x00, 0x01, 0xfe, 0xff, 0x41, 0x42]);
  // A file, sent as one binary message.
  const dir = await mkdtemp(join(tmpdir(), 'wslens-ff-file-'));
  try {
    const file = join(dir, 'blob.bin');
    await writeFile(file, Buffer.from([9, 8, 7, 0, 255]));
    await mode(client, 'File');
    const input = await until('the file input', () => client.$(`${COMPOSER} input[type="file"][aria-label="File to send"]`));
    await input.uploadFile(file);
    await waitText(client, COMPOSER, 'blob.bin: 5 B, sent as one binary message');
    await clickSend(client);
    await until('5 messages at the server', () => demo.stats.received('/proto').length === 5);
    expect([...demo.stats.received('/proto')[4].data]).toEqual([9, 8, 7, 0, 255]);
    await waitRows(client, 1, 'received', '09 08 07 00 ff');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // The filter: the text's two frames (not the connect row).
  await setFilter(client, '안녕');
  await until('the filtered frames', async () => (await frameRowTexts(client)).filter((r) => !r.includes('—') && /sent|received/.test(r)).length === 2);
  await setFilter(client, '');

  // Invalid hex is refused with the position of the error; invalid JSON is flagged, sent as text.
  await mode(client, 'Hex');
  await write(client, '00 0g');
  await clickSend(client);
  await waitAlert(client, 'position 5');
  await mode(client, 'JSON');
  await write(client, '{"open": ');
  await waitText(client, COMPOSER, 'Invalid JSON');
  await clickByName(client, 'Send as text', COMPOSER);
  await until('6 messages at the server', () => demo.stats.received('/proto').length === 6);
  expect(demo.stats.received('/proto')[5].data.toString('utf8')).toBe('{"open": ');
  expect(demo.stats.received('/proto')[5].isBinary).toBe(false);

  // Close with a chosen code and reason: 1001 is refused, 4000 is sent.
  await openOptions(client);
  await fillLabelled(client, OPTIONS, 'Close code', '1001');
  await clickByName(client, 'Disconnect', FORM);
  await waitAlert(client, 'Close code 1001 cannot be sent by a client');
  await fillLabelled(client, OPTIONS, 'Close code', '4000');
  await fillLabelled(client, OPTIONS, 'Close reason', 'done testing');
  await clickByName(client, 'Disconnect', FORM);
  await waitText(client, '[aria-label="Last close"]', '4000 Private Use "done testing" (by you)');
  await until('the close at the server', () => JSON.stringify(demo.stats.closes('/proto').map((c) => [c.code, c.reason])) === JSON.stringify([[4000, 'done testing']]));
});

test('saved messages, the URL history, the draft and the log survive closing and reopening the client', async () => {
  const { demo } = suite;
  // No other client page open (the suite's page holds one from the test before): closed means closed.
  await suite.ff.page.goto('about:blank');
  const first = await suite.ff.browser.newPage();
  const client = await openClient(first);
  await connect(client, `${demo.wsUrl}/echo`, 'x.one');
  await until('Open', async () => (await status(client)).includes('Open'));
  await send(client, 'Text', 'before closing');
  await waitRows(client, 1, 'received', 'before closing');

  await mode(client, 'JSON');
  await write(client, '{"op":"ping"}');
  await fillLabelled(client, 'section[aria-label="Saved messages"]', 'Name for the saved message', 'Ping op');
  await clickByName(client, 'Save message');
  await until('the saved message', () => client.evaluate(() => document.querySelector('[aria-label="Send saved message Ping op"]') !== null));
  await write(client, '{"draft": true}');
  // Left for another page, which loads once the client's page has unloaded (its pagehide ran):
  // a closed tab may linger among the extension's views while the next page starts, still running
  // its connection, which the next page must then leave to it.
  await first.goto('about:blank');
  await first.close();

  const again = await openClient(await suite.ff.browser.newPage());
  await until('the URL kept', async () => (await fieldValue(again, 'URL')) === `${demo.wsUrl}/echo`);
  expect(await fieldValue(again, 'Subprotocols')).toBe('x.one');
  expect(await again.evaluate(() => Array.from(document.querySelectorAll('#url-history option'), (o) => o.getAttribute('value')))).toEqual([`${demo.wsUrl}/echo`]);
  await until('the draft kept', async () => (await editorValue(again)) === '{"draft": true}');
  await waitRows(again, 1, 'sent', 'before closing');
  await waitRows(again, 1, 'received', 'before closing');
  await waitRows(again, 1, 'closed while connected');

  // One click sends the saved message.
  await clickByName(again, 'Connect', FORM);
  await until('Open', async () => (await status(again)).includes('Open'));
  await clickByName(again, 'Send saved message Ping op');
  await until('the saved message at the server', () => demo.stats.received('/echo').length === 2);
  expect(demo.stats.received('/echo').map((m) => m.data.toString('utf8'))).toEqual(['before closing', '{"op":"ping"}']);
  await waitRows(again, 1, 'received', '{"op":"ping"}');
});

test('bad input gives a clear message and leaves the log intact: http URL, "ws://", "foo", a closed port; a subprotocol the server did not select', async () => {
  const { demo } = suite;
  const client = await openClient(suite.ff.page);
  await connect(client, `${demo.wsUrl}/echo`);
  await until('Open', async () => (await status(client)).includes('Open'));
  await send(client, 'Text', 'keep me');
  await waitRows(client, 1, 'received', 'keep me');
  await clickByName(client, 'Disconnect', FORM);
  await until('Closed', async () => (await status(client)).includes('Closed'));

  // http: is offered as its ws: twin.
  await connect(client, `${demo.httpUrl}/echo`);
  await waitAlert(client, 'http: is not a WebSocket scheme');
  await clickByName(client, `Use ${demo.wsUrl}/echo`);
  await until('the ws: URL', async () => (await fieldValue(client, 'URL')) === `${demo.wsUrl}/echo`);

  await connect(client, 'ws://');
  await waitAlert(client, 'The URL has no host');
  await connect(client, 'foo');
  await waitAlert(client, '"foo" is not a URL: a WebSocket URL starts with ws:// or wss://');
  await connect(client, 'ws://127.0.0.1:8080/a b#frag');
  await waitAlert(client, 'fragment');
  await connect(client, `${demo.wsUrl}/echo`, 'chat;v2');
  await waitAlert(client, 'Subprotocol "chat;v2" contains ";"');

  // Nothing listens on the port.
  const port = await closedPort();
  await connect(client, `ws://127.0.0.1:${port}/echo`);
  const error = '[role="alert"][aria-label="Connection error"]';
  await waitText(client, error, `Could not connect to ws://127.0.0.1:${port}/echo`);
  await waitText(client, error, `Nothing answered at 127.0.0.1:${port}`);

  // The server selects none of the subprotocols offered (no Sec-WebSocket-Protocol in its answer).
  // Chromium fails that handshake and the client words why; Firefox ESR 140 opens the connection
  // with no subprotocol (README, Firefox), and the client says so.
  await connect(client, `${demo.wsUrl}/proto`, 'nope');
  await until('Open', async () => (await status(client)).includes('Open'));
  expect(await textOf(client, '[aria-label="Negotiated subprotocol"]')).toBe('none');
  expect(demo.stats.connections('/proto').map((c) => [c.protocols, c.protocol])).toEqual([[['nope'], '']]);
  await clickByName(client, 'Disconnect', FORM);
  await until('Closed', async () => (await status(client)).includes('Closed'));

  // The log still holds the frames from before.
  expect(await rowsWith(client, 'sent', 'keep me')).toBe(1);
  expect(await rowsWith(client, 'received', 'keep me')).toBe(1);
});

test('the client opened again while a tab it opened runs the connection says so and switches to that tab, which keeps its connection', async () => {
  const { demo } = suite;
  const client = await openClient(suite.ff.page);
  await connect(client, `${demo.wsUrl}/echo`);
  await until('Open', async () => (await status(client)).includes('Open'));
  await send(client, 'Text', 'from the popup');
  await waitRows(client, 1, 'received', 'from the popup');
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
  expect(await tab.evaluate(() => Array.from(document.querySelectorAll('button'), (b) => b.textContent?.trim()).includes('Open in tab'))).toBe(false);
  await waitRows(tab, 1, 'received', 'from the popup');
  await send(tab, 'Text', 'from the tab');
  await waitRows(tab, 1, 'received', 'from the tab');
  await until('two connections at the server', () => demo.stats.connections('/echo').length === 2);

  // The popup, opened again while the tab runs the connection, says so and switches to the tab;
  // it does not mark the tab's connection as ended.
  await openClient(client);
  await waitText(client, '[role="note"]', `The test client is open in a tab, connected to ${demo.wsUrl}/echo.`);
  expect(await rowsWith(client, 'closed while connected')).toBe(0);
  await clickByName(client, 'Switch to tab');
  await until('the tab in front', () => tab.evaluate(() => document.visibilityState === 'visible'));
  expect(await status(tab)).toContain('Open');
});

test('the client opens the log viewer, where a log file can be opened without DevTools', async () => {
  const client = await openClient(suite.ff.page);
  const before = new Set(await suite.ff.browser.pages());
  await clickByName(client, 'Log viewer');
  const viewer = await until('the log viewer tab', async () => {
    for (const p of await suite.ff.browser.pages()) {
      if (before.has(p)) continue;
      const href = await p.evaluate(() => location.href).catch(() => '');
      if (href === `${EXTENSION_ORIGIN}/src/viewer/viewer.html`) return p;
    }
    return null;
  });
  await until('its heading and file input', () =>
    viewer.evaluate(
      () =>
        Array.from(document.querySelectorAll('h1')).some((h) => /log viewer/.test(h.textContent ?? '')) &&
        Array.from(document.querySelectorAll('label')).some((l) => l.textContent?.trim() === 'Open log file' && l.querySelector('input[type="file"]') !== null),
    ),
  );
});

test("the client's log exports in the panel's formats, named after the server, and reads back", async () => {
  const { demo, ff } = suite;
  const client = await openClient(ff.page);
  await connect(client, `${demo.wsUrl}/echo`);
  await until('Open', async () => (await status(client)).includes('Open'));
  await send(client, 'Text', 'exported from the client');
  await send(client, 'Hex', '00 ff 10');
  await waitText(client, '[aria-label="Frame count"]', '4 / ');
  const before = new Set(await readdir(ff.downloads));
  await clickByName(client, 'Export', '[role="toolbar"][aria-label="Log controls"]');
  await clickByName(client, 'All connections as JSON', '[role="menu"][aria-label="Export"]');
  const name = await until('the download on disk', async () => {
    const files = await readdir(ff.downloads);
    if (files.some((f) => f.endsWith('.part'))) return undefined;
    return files.find((f) => !before.has(f));
  });
  expect(name).toMatch(/^websocket-lens_127\.0\.0\.1-\d+_.*\.json$/);
  const log = JSON.parse(await readFile(join(ff.downloads, name), 'utf8')) as {
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

test('auto-reconnect: the client reconnects within the backoff after the server restarts and marks the gap; the heartbeat keeps its interval', async () => {
  const port = await closedPort();
  let server: DemoServer = await startDemoServer({ port });
  try {
    const client = await openClient(suite.ff.page);
    await openOptions(client);
    await fillLabelled(client, OPTIONS, 'Max attempts', '20');
    await fillLabelled(client, OPTIONS, 'Initial delay (s)', '0.5');
    await fillLabelled(client, OPTIONS, 'Max delay (s)', '1');
    await until('the heartbeat on', () =>
      client.evaluate(() => {
        const box = document.querySelector('input[type="checkbox"][aria-label="Send a heartbeat"]') as HTMLInputElement | null;
        if (box && !box.checked) box.click();
        return box?.checked === true;
      }),
    );
    await fillLabelled(client, OPTIONS, 'Every (s)', '1');
    await fillLabelled(client, OPTIONS, 'Heartbeat message', 'hb');
    await connect(client, `ws://127.0.0.1:${port}/echo`);
    await until('Open', async () => (await status(client)).includes('Open'));

    // Heartbeats a second apart: the client's timer never fires early, so no upper bound; the
    // median of the gaps holds against a server that stamps one late (50 ms of slack).
    const beats = () => server.stats.received('/echo').filter((m) => m.data.toString('utf8') === 'hb');
    await until('5 heartbeats', () => beats().length >= 5, 15_000);
    const times = beats().map((m) => m.time);
    const gaps = times
      .slice(1)
      .map((t, i) => t - times[i])
      .sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)], `gaps ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(950);
    await until('a heartbeat echo in the log', async () => (await rowsWith(client, 'received', 'hb')) > 0);

    // The server goes away: the client says so and retries with backoff.
    const closing = Date.now();
    await server.close();
    await waitRows(client, 1, 'Disconnected: the connection dropped');
    await until('Reconnecting', async () => /Reconnecting/.test(await status(client)));
    await until('the first failed attempt', async () =>
      (await frameRowTexts(client)).filter((r) => /Reconnect attempt 1 failed .* Reconnecting in 1\.0 s \(attempt 2 of 20\)/.test(r)).length === 1,
    );
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    server = await startDemoServer({ port });
    const up = Date.now();

    // Back on the next attempt: one connection, every earlier attempt logged as failed, and the
    // gap it reports lies within what this test measured around it (no fixed limit).
    const marker = await until(
      'the reconnected row',
      async () => (await frameRowTexts(client)).find((r) => /Reconnected after \d+(\.\d)? s \(attempt \d+\)/.test(r)),
      30_000,
    );
    await until('Open again', async () => (await status(client)).includes('Open'));
    expect(server.stats.connections('/echo')).toHaveLength(1);
    const [, gapText, attemptText] = /Reconnected after (\d+(?:\.\d)?) s \(attempt (\d+)\)/.exec(marker) ?? [];
    const attempt = Number(attemptText);
    expect((await frameRowTexts(client)).filter((r) => /Reconnect attempt \d+ failed/.test(r))).toHaveLength(attempt - 1);
    const gap = Number(gapText);
    expect(gap).toBeGreaterThanOrEqual((up - down) / 1000 - 0.2);
    expect(gap).toBeLessThanOrEqual((Date.now() - closing) / 1000 + 0.1);

    // The heartbeat resumes on the new connection.
    await until('heartbeats again', () => beats().length >= 2, 5_000);
  } finally {
    await server.close();
  }
});
