/**
 * Protocol decoders in Firefox (Chromium: e2e/protocols.spec.ts), with the real client libraries
 * in the page against the servers of e2e/protocol-server.ts: each protocol detected, its names
 * decoded, requests paired with their responses (and "Go to response"/"Go to request"), requests
 * never answered flagged; then garbled frames shown raw with a note while the rest of each
 * connection decodes. The panel's own controls (filter box, size range, saved filters) are the same
 * code in both browsers and are driven in e2e/filters.spec.ts and e2e-firefox/panel-features.test.ts;
 * here the Name filter and the decoder picker, which the decoders feed.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startProtocolServer, type ProtocolServer } from '../e2e/protocol-server';
import { clickByName, firefoxSuite, frameRowTexts, openPanel, textOf, typeInto, until } from './firefox';

const suite = firefoxSuite();
let protocols: ProtocolServer;
beforeAll(async () => {
  protocols = await startProtocolServer();
});
afterAll(async () => {
  await protocols?.close();
});

const DETAIL = 'section[aria-label="Frame detail"]';
const PAIRING = `${DETAIL} [role="group"][aria-label="Request and response"]`;

/** Waits for the page's round trip (`window.__done`) to hold `keys`, and returns it. */
async function done(page: Page, keys: string[]): Promise<Record<string, unknown>> {
  return until(`the page's ${keys.join(', ')}`, async () => {
    const d = await page.evaluate(() => (window as unknown as { __done?: Record<string, unknown> }).__done ?? null);
    return d !== null && keys.every((k) => k in d) ? d : null;
  });
}

/** Opens the toolbar's Filters row (the Name filter, the Type select). */
async function openFilters(panel: Page): Promise<void> {
  await clickByName(panel, 'Filters', '[role="toolbar"][aria-label="WebSocket panel controls"]');
  await until('the Filters row', () =>
    panel.evaluate(() => {
      const row = document.querySelector('[role="toolbar"][aria-label="More filters"]');
      return row !== null && row.closest('[hidden]') === null;
    }),
  );
}

/** Selects the connection whose row (its text or its URL cell's whole URL) holds `part`. */
async function selectConnection(panel: Page, part: string): Promise<void> {
  await until(`the connection ${part} selected`, () =>
    panel.evaluate((part) => {
      const rows = Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="row"]')).filter((r) =>
        Array.from(r.querySelectorAll('[role="gridcell"]')).some((c) => `${c.textContent ?? ''} ${c.getAttribute('title') ?? ''}`.includes(part)),
      );
      if (rows.length !== 1) return false;
      if (rows[0].getAttribute('aria-selected') === 'true') return true;
      (rows[0].querySelector('[role="gridcell"]') as HTMLElement).click();
      return false;
    }, part),
  );
}

/** The text of the Decoder picker's chosen option. */
const decoderChoice = (panel: Page): Promise<string> =>
  panel.evaluate(() => {
    const el = document.querySelector('select[aria-label="Decoder"]') as HTMLSelectElement | null;
    return el?.selectedOptions[0]?.text ?? '';
  });

/** Picks the Decoder picker's option `value`, in the inspector pane's Connection tab. */
async function chooseDecoder(panel: Page, value: string): Promise<void> {
  await until('the Connection tab of the pane', () =>
    panel.evaluate(() => {
      const tab = Array.from(document.querySelectorAll('[role="tablist"][aria-label="Inspector"] [role="tab"]')).find((t) => /^Connection/.test(t.textContent?.trim() ?? ''));
      if (tab === undefined) return false;
      if (tab.getAttribute('aria-selected') === 'true') return true;
      (tab as HTMLElement).click();
      return false;
    }),
  );
  await until(`the decoder ${value}`, () =>
    panel.evaluate((value) => {
      const el = document.querySelector('select[aria-label="Decoder"]') as HTMLSelectElement | null;
      if (el === null) return false;
      el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return el.value === value;
    }, value),
  );
}

/** The rows holding every one of `texts` (all of each row's text, hidden columns too). */
const rowsWith = (panel: Page, ...texts: string[]): Promise<string[]> =>
  panel.evaluate(
    (texts) =>
      Array.from(document.querySelectorAll('[role="rowgroup"][aria-label="Frame rows"] [role="row"]'), (r) => r.textContent ?? '').filter((t) =>
        texts.every((x) => t.includes(x)),
      ),
    texts,
  );

/** Waits until exactly `n` rows hold every one of `texts`; returns them. */
async function expectRows(panel: Page, n: number, ...texts: string[]): Promise<string[]> {
  let last: string[] = [];
  await until(`${n} rows with ${JSON.stringify(texts)}`, async () => (last = await rowsWith(panel, ...texts)).length === n).catch(async (e: Error) => {
    throw new Error(`${e.message}; rows: ${JSON.stringify(last)}; all: ${JSON.stringify(await frameRowTexts(panel))}`);
  });
  return last;
}

/** Clicks the one row holding every one of `texts` until it is selected (the first, with `first`). */
async function clickRow(panel: Page, texts: string[], first = false): Promise<void> {
  await until(`the row ${JSON.stringify(texts)} selected`, () =>
    panel.evaluate(
      (texts, first) => {
        const rows = Array.from(document.querySelectorAll('[role="rowgroup"][aria-label="Frame rows"] [role="row"]')).filter((r) =>
          texts.every((x) => (r.textContent ?? '').includes(x)),
        );
        if (rows.length === 0 || (rows.length > 1 && !first)) return false;
        if (rows[0].getAttribute('aria-selected') === 'true') return true;
        (rows[0] as HTMLElement).click();
        return false;
      },
      texts,
      first,
    ),
  );
}

/** Waits until the text at `selector` holds `expected` (a string or a pattern); returns it. */
async function expectText(panel: Page, selector: string, expected: string | RegExp): Promise<string> {
  let last = '';
  await until(`${selector} to hold ${String(expected)}`, async () => {
    last = (await textOf(panel, selector)).replace(/\s+/g, ' '); // as a reader (and Playwright's toContainText) reads it
    return typeof expected === 'string' ? last.includes(expected) : expected.test(last);
  }).catch((e: Error) => {
    throw new Error(`${e.message}; it read ${JSON.stringify(last)}`);
  });
  return last;
}

const detailPanel = `${DETAIL} [role="tabpanel"]`;
const selectedTab = (panel: Page): Promise<string> =>
  panel.evaluate((d) => (document.querySelector(`${d} [role="tab"][aria-selected="true"]`) as HTMLElement | null)?.innerText.trim() ?? '', DETAIL);
const setNameFilter = (panel: Page, text: string): Promise<void> => typeInto(panel, 'input[aria-label="Name filter"]', text);

test('socket.io-client, mqtt.js, @stomp/stompjs, graphql-ws and json-rpc-2.0: detected, names decoded, requests paired with their responses, unanswered ones flagged', async () => {
  const { page } = suite.ff;

  // socket.io-client.
  await page.goto(protocols.url('protocols-sio.html'));
  expect(await done(page, ['sum', 'chat', 'file'])).toMatchObject({ sum: 5, chat: ['hello', { n: 1 }], file: [1, 2, 3] });
  const panel = await openPanel(suite.ff, page);
  await openFilters(panel);
  await selectConnection(panel, '/socket.io/');
  await until('the Socket.IO decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: Socket.IO / Engine.IO)');
  await until('the Name column', () =>
    panel.evaluate(() => Array.from(document.querySelectorAll('[role="grid"][aria-label="Frames"] [role="columnheader"]')).some((h) => h.textContent?.trim() === 'Name')),
  );
  // The event name is a column; its arguments are in the Decoded tab; the raw view one click away.
  await expectRows(panel, 1, 'sent', 'chat message');
  await clickRow(panel, ['sent', 'chat message']);
  await until('the Decoded tab', async () => (await selectedTab(panel)) === 'Decoded');
  await expectText(panel, detailPanel, 'EVENT chat message');
  await expectText(panel, detailPanel, '"hello"');
  await clickByName(panel, 'Text', DETAIL);
  await expectText(panel, detailPanel, '42["chat message","hello",{"n":1}]');
  await clickByName(panel, 'Decoded', DETAIL);
  // The Name filter.
  await setNameFilter(panel, 'sum');
  await expectRows(panel, 2, 'sum');
  expect(await rowsWith(panel, 'chat message')).toEqual([]);
  // The request shows its latency; its detail links the ack, which links back.
  const [sum] = await expectRows(panel, 1, 'sent', 'sum');
  expect(sum).toMatch(/↔ \d+ ms/);
  await clickRow(panel, ['sent', 'sum']);
  await expectText(panel, PAIRING, /Request sum: answered in \d+ ms/);
  await clickByName(panel, 'Go to response', PAIRING);
  await expectText(panel, `${DETAIL} .detail-head`, 'Received');
  await expectText(panel, detailPanel, 'ACK');
  await clickByName(panel, 'Go to request', PAIRING);
  await expectText(panel, detailPanel, 'EVENT sum');
  // A request nobody answered is flagged, in the row and the detail.
  await setNameFilter(panel, '');
  const [ignored] = await expectRows(panel, 1, 'sent', 'ignored');
  expect(ignored).toContain('no reply');
  await clickRow(panel, ['sent', 'ignored']);
  await expectText(panel, PAIRING, 'Request ignored: no response (unanswered)');
  // The binary event, its attachment put back: both frames carry the event's name.
  await setNameFilter(panel, '/^(upload|file)$/');
  await expectRows(panel, 2, 'sent', 'upload');
  await clickRow(panel, ['sent', 'upload', '_placeholder']);
  await expectText(panel, detailPanel, '<3 bytes: 01 02 03>');
  await clickRow(panel, ['received', 'file', '_placeholder']);
  await expectText(panel, detailPanel, '<3 bytes: 01 02 03>');
  // Raw for this connection: no names, no Decoded tab; then Auto again.
  await setNameFilter(panel, '');
  await chooseDecoder(panel, 'raw');
  await until('no Name column', () =>
    panel.evaluate(() => !Array.from(document.querySelectorAll('[role="grid"][aria-label="Frames"] [role="columnheader"]')).some((h) => h.textContent?.trim() === 'Name')),
  );
  await clickRow(panel, ['sent', 'chat message']);
  await until('no Decoded tab', () => panel.evaluate((d) => !Array.from(document.querySelectorAll(`${d} [role="tab"]`)).some((t) => t.textContent?.trim() === 'Decoded'), DETAIL));
  await chooseDecoder(panel, 'auto');
  expect((await expectRows(panel, 1, 'sent', 'sum'))[0]).toMatch(/↔ \d+ ms/);

  // mqtt.js against aedes: topics decoded, PUBLISH qos1 paired with its PUBACK.
  await page.goto(protocols.url('protocols-mqtt.html'));
  expect(await done(page, ['puback', 'message'])).toMatchObject({ puback: true, message: ['sensors/temp', '21.5'] });
  await selectConnection(panel, '/mqtt');
  await until('the MQTT decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: MQTT)');
  await expectRows(panel, 1, 'sent', 'sensors/+'); // SUBSCRIBE
  expect((await expectRows(panel, 1, 'sent', 'sensors/temp'))[0]).toMatch(/↔ \d+ ms/);
  await clickRow(panel, ['sent', 'sensors/temp']);
  await expectText(panel, detailPanel, 'PUBLISH sensors/temp');
  await expectText(panel, PAIRING, /Request sensors\/temp: answered in \d+ ms/);
  await clickByName(panel, 'Go to response', PAIRING);
  await expectText(panel, detailPanel, 'PUBACK');
  // The broker's delivery of the message is a PUBLISH received on the same topic.
  await setNameFilter(panel, 'sensors/temp');
  await expectRows(panel, 1, 'received', 'sensors/temp');
  await setNameFilter(panel, '');

  // @stomp/stompjs: a SEND paired with its RECEIPT, a receipt never sent flagged.
  await page.goto(protocols.url('protocols-stomp.html'));
  expect(await done(page, ['receipt', 'message'])).toMatchObject({ receipt: true, message: 'Hello, STOMP' });
  await selectConnection(panel, '/stomp');
  await until('the STOMP decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: STOMP)');
  expect((await expectRows(panel, 1, 'sent', '/topic/chat', 'SEND'))[0]).toMatch(/↔ \d+ ms/);
  expect((await expectRows(panel, 1, 'sent', '/queue/never-answered'))[0]).toContain('no reply');
  await clickRow(panel, ['sent', '/topic/chat', 'SEND']);
  await expectText(panel, PAIRING, /Request \/topic\/chat: answered in \d+ ms/);
  await clickByName(panel, 'Go to response', PAIRING);
  await expectText(panel, detailPanel, 'RECEIPT');

  // graphql-ws: a subscription paired with its four results, a query's result.
  await page.goto(protocols.url('protocols-graphql.html'));
  expect(await done(page, ['hello', 'greetings', 'complete'])).toMatchObject({ hello: 'world', greetings: ['Hi', 'Bonjour', 'Hola'], complete: true });
  await selectConnection(panel, '/graphql');
  await until('the GraphQL decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: GraphQL over WebSocket)');
  await setNameFilter(panel, 'Greetings');
  await expectRows(panel, 5, 'Greetings'); // subscribe, three nexts and complete
  expect((await expectRows(panel, 1, 'sent', 'Greetings'))[0]).toMatch(/↔ \d+ ms/);
  await clickRow(panel, ['sent', 'Greetings']);
  await expectText(panel, PAIRING, '(4 responses)');
  await setNameFilter(panel, 'Hello');
  await clickRow(panel, ['received', 'Hello'], true);
  await expectText(panel, detailPanel, '"world"');
  await setNameFilter(panel, '');

  // json-rpc-2.0: results and errors paired, a notification unpaired, a request never answered flagged.
  await page.goto(protocols.url('protocols-jsonrpc.html'));
  expect(await done(page, ['sum', 'error'])).toMatchObject({ sum: 42, error: 'Method not found' });
  await selectConnection(panel, '/rpc');
  await until('the JSON-RPC decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: JSON-RPC 2.0)');
  expect((await expectRows(panel, 1, 'sent', 'log'))[0]).not.toMatch(/no reply|↔/);
  expect((await expectRows(panel, 1, 'sent', 'hang'))[0]).toContain('no reply');
  expect((await expectRows(panel, 1, 'sent', 'add'))[0]).toMatch(/↔ \d+ ms/);
  expect((await expectRows(panel, 1, 'received', 'add'))[0]).toMatch(/↩ \d+ ms/);
  expect((await expectRows(panel, 1, 'sent', 'nope'))[0]).toMatch(/↔ \d+ ms/);
  await clickRow(panel, ['received', 'nope']);
  await expectText(panel, detailPanel, 'Method not found');
  await clickByName(panel, 'Go to request', PAIRING);
  await expectText(panel, detailPanel, 'request nope');
});

test('garbled frames show raw with a note and the rest of the connection still decodes: truncated MQTT, a missing Socket.IO attachment, invalid MessagePack', async () => {
  const { page } = suite.ff;
  await page.goto(protocols.url('protocols-garbled.html'));
  const panel = await openPanel(suite.ff, page);
  const note = `${DETAIL} [role="note"][aria-label="Decoder note"]`;

  // MQTT: the truncated PUBLISH is raw with its note; the PUBLISHes after it decode.
  await selectConnection(panel, '/garble/mqtt');
  await expectRows(panel, 1, 'received', 'c/d');
  await expectRows(panel, 1, 'received', 'a/b');
  await expectRows(panel, 1, 'received', '⚠ raw');
  await clickRow(panel, ['received', '⚠ raw']);
  await expectText(panel, note, 'MQTT: shown raw: truncated MQTT packet: 9 byte(s)');
  await until('the Hex tab', async () => (await selectedTab(panel)) === 'Hex');
  await expectText(panel, detailPanel, '30 14 00 05 74 6f 70 69 63');

  // Socket.IO: the event whose attachment never came is raw; the next events decode.
  await selectConnection(panel, 'garble/socket.io');
  await expectRows(panel, 1, 'received', 'after');
  await expectRows(panel, 1, 'received', 'later');
  await clickRow(panel, ['received', '⚠ raw']);
  await expectText(panel, note, 'Socket.IO / Engine.IO: shown raw: expected 1 binary attachment(s), got 0');
  await expectText(panel, detailPanel, '451-["before",1]');

  // MessagePack: the bad frame is raw, its neighbours decode.
  await selectConnection(panel, 'garble/msgpack');
  await clickRow(panel, ['received', '⚠ raw']);
  await expectText(panel, note, 'shown raw:');
  await expectText(panel, detailPanel, 'c1');
  await clickRow(panel, ['received', '92 01 02']);
  await until('the Decoded tab', async () => (await selectedTab(panel)) === 'Decoded');
  await expectText(panel, detailPanel, 'Array(2)');
  // Timestamps (extension -1) as ISO dates, nanoseconds kept.
  await clickRow(panel, ['received', 'tick']);
  await expectText(panel, detailPanel, '"at": "2026-12-03T09:00:00.123Z"');
  await expectText(panel, detailPanel, '"precise": "2023-11-14T22:13:20.123456789Z"');
});

test('pusher-js, centrifuge-js, y-websocket and SignalR MessagePack: detected and named in Firefox; your own decoders are said to need Chrome', async () => {
  const { page } = suite.ff;

  await page.goto(protocols.url('protocols-pusher.html'));
  await done(page, ['greeting', 'refused', 'echo']);
  const panel = await openPanel(suite.ff, page);
  await openFilters(panel);
  await selectConnection(panel, '/app/app-key');
  await until('the Pusher decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: Pusher Channels)');
  expect((await expectRows(panel, 1, 'received', 'pusher:subscription_error'))[0]).toMatch(/↩ \d+ ms/);
  await expectRows(panel, 1, 'received', 'greeting');

  await page.goto(protocols.url('protocols-centrifugo.html'));
  await done(page, ['publication', 'sum', 'refused']);
  await selectConnection(panel, '/connection/websocket');
  await until('the Centrifugo decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: Centrifugo (JSON))');
  expect((await expectRows(panel, 1, 'sent', 'connect, news, secret'))[0]).toMatch(/↔ \d+ ms/);

  await page.goto(protocols.url('protocols-yjs.html'));
  await done(page, ['text', 'edited']);
  await selectConnection(panel, '/yjs/room-');
  await until('the Yjs decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: Yjs (y-websocket))');
  await clickRow(panel, ['sent', 'update']);
  await expectText(panel, detailPanel, /update: \d+ bytes, client 4242 \(clock 0→7\)/);

  await page.goto(protocols.url('protocols-signalr-msgpack.html'));
  await done(page, ['notify', 'sum', 'error', 'items']);
  await selectConnection(panel, '/hub-msgpack');
  expect((await expectRows(panel, 1, 'sent', 'Add'))[0]).toMatch(/↔ \d+ ms/);

  // Firefox has no sandboxed extension pages: Settings says the feature needs Chrome.
  await clickByName(panel, 'Settings');
  await expectText(panel, 'dialog[aria-labelledby="settings-title"]', 'Your own decoders need Chrome');
});

test('faye (Bayeux), socket.io-client with socket.io-msgpack-parser and phoenix.js with binary payloads: detected, named and paired in Firefox', async () => {
  const { page } = suite.ff;

  await page.goto(protocols.url('protocols-bayeux.html'));
  await until('the Bayeux round trip', async () => {
    const d = await done(page, ['message', 'refused']);
    return d.message === 'hello faye' && d.refused === 'Forbidden';
  });
  const panel = await openPanel(suite.ff, page);
  await openFilters(panel);
  await selectConnection(panel, '/faye');
  await until('the Bayeux decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: Bayeux (Faye, CometD))');
  expect((await expectRows(panel, 1, 'sent', '/meta/subscribe /news'))[0]).toMatch(/↔ \d+ ms/);
  // The publish, answered by its reply; the server's delivery of it is an event, paired with nothing.
  expect((await expectRows(panel, 1, 'sent', '/news', 'hello faye'))[0]).toMatch(/↔ \d+ ms/);
  expect((await expectRows(panel, 1, 'received', '/news', 'hello faye'))[0]).not.toMatch(/↩|↔|no reply/);
  expect((await expectRows(panel, 1, 'received', '"channel":"/news","successful":true'))[0]).toMatch(/↩ \d+ ms/);
  await clickRow(panel, ['received', '/meta/subscribe /secret']);
  await expectText(panel, detailPanel, 'failed: 403 Forbidden (/secret)');
  await clickByName(panel, 'Go to request', PAIRING);
  await expectText(panel, detailPanel, /\/meta\/subscribe \/secret #\d+/);

  await page.goto(protocols.url('protocols-sio-msgpack.html'));
  await until('the Socket.IO msgpack round trip', async () => {
    const d = await done(page, ['sum', 'file']);
    return d.sum === 42 && JSON.stringify(d.file) === '[[1,2,3],3]';
  });
  await selectConnection(panel, '/sio-msgpack/');
  await until('the Socket.IO decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: Socket.IO / Engine.IO)');
  expect((await expectRows(panel, 1, 'sent', 'sum'))[0]).toMatch(/↔ \d+ ms/);
  expect((await expectRows(panel, 1, 'received', 'sum'))[0]).toMatch(/↩ \d+ ms/);
  await clickRow(panel, ['sent', 'upload']);
  await until('the Decoded tab chosen', async () => (await selectedTab(panel)) === 'Decoded');
  await expectText(panel, detailPanel, '<3 bytes: 01 02 03>');
  await clickRow(panel, ['received', 'file']);
  await expectText(panel, detailPanel, '<3 bytes: 01 02 03>');

  await page.goto(protocols.url('protocols-phoenix-binary.html'));
  await until('the Phoenix binary round trip', async () => {
    const d = await done(page, ['reply', 'file', 'thumb']);
    return JSON.stringify([d.reply, d.file, d.thumb]) === '[[9,8,7],[7,8,9],[7]]';
  });
  await selectConnection(panel, '/phoenix/websocket');
  await until('the Phoenix decoder detected', async () => (await decoderChoice(panel)) === 'Auto (detected: Phoenix Channels)');
  expect((await expectRows(panel, 1, 'sent', 'upload'))[0]).toMatch(/↔ \d+ ms/);
  await clickRow(panel, ['sent', 'upload']);
  await expectText(panel, detailPanel, '<3 bytes: 07 08 09>');
  await clickByName(panel, 'Go to response', PAIRING);
  await expectText(panel, detailPanel, '<3 bytes: 09 08 07>');
  await expectRows(panel, 1, 'received', 'file');
  await expectRows(panel, 1, 'received', 'thumb');
});
