/**
 * Protobuf in Firefox ESR with the Firefox build, against the loopback server of the Chromium
 * suite (e2e/protobuf-server.ts, frames encoded by protobufjs): field numbers without a schema;
 * the schema added through the Settings dialog (file input), then field names and the envelope's
 * inner type in the Name column; JSON composed and encoded into the type, the server checking the
 * bytes; a gzip'd JSON frame with both sizes; Edit and resend of a schema-decoded frame as JSON of
 * its type. The Chromium version: e2e/protobuf.spec.ts.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { FIXTURES, startProtobufServer, type ProtobufServer } from '../e2e/protobuf-server';
import { clickByName, connectionRowTexts, firefoxSuite, frameRow, openPanel, selectFrame, textOf, typeInto, until } from './firefox';

const suite = firefoxSuite();
let pb: ProtobufServer;
beforeAll(async () => {
  pb = await startProtobufServer();
});
afterAll(async () => {
  await pb.close();
});

const decodedText = (panel: Page) =>
  panel.evaluate(() => {
    const d = document.querySelector('[role="region"][aria-label="Frame detail"], section[aria-label="Frame detail"]');
    return (d?.querySelector('[role="tabpanel"]') as HTMLElement | null)?.innerText ?? `(no detail: ${document.body.innerText.slice(0, 300)})`;
  });

async function selectConnection(panel: Page, path: string): Promise<void> {
  await until(`the ${path} connection`, async () => (await connectionRowTexts(panel)).some((c) => c.includes(path)));
  await panel.evaluate((path) => {
    const rows = Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="row"]'));
    (rows.find((r) => (r.textContent ?? '').includes(path)) as HTMLElement).click();
  }, path);
}

async function setSelect(panel: Page, selector: string, value: string): Promise<void> {
  await until(`${selector} = ${value}`, () =>
    panel.evaluate(
      (selector, value) => {
        const el = document.querySelector(selector) as HTMLSelectElement | null;
        if (!el || !Array.from(el.options).some((o) => o.value === value)) return false;
        el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
        return el.value === value;
      },
      selector,
      value,
    ),
  );
}

test('Protobuf: field numbers without a schema; with one added in Settings, names, envelope types, JSON encoded to the bytes protobufjs writes; gzip', async () => {
  const { page } = suite.ff;
  await page.goto(pb.url);
  await until('the page got every frame', () => page.evaluate(() => {
    const got = (window as unknown as { __got: Record<string, number> }).__got;
    return Object.keys(got).length === 3 && got['/market'] === 3 && got['/gz'] === 1 && got['/mixed'] === 4;
  }));
  const panel = await openPanel(suite.ff, page);

  await selectConnection(panel, '/market');
  await until('three frames', async () => (await panel.$$('[role="rowgroup"][aria-label="Frame rows"] [role="row"]')).length === 3);
  await panel.evaluate(() => (document.querySelector('[role="rowgroup"][aria-label="Frame rows"] [role="row"]') as HTMLElement).click());
  let seen = '';
  await until('the wire format', async () => (seen = await decodedText(panel)).includes('"string": "Heartbeat"')).catch((e: Error) => {
    throw new Error(`${e.message}; the detail showed: ${seen.slice(0, 400)}`);
  });
  expect(await decodedText(panel)).toContain('"wire": "len"');

  // The schema through the Settings dialog.
  await clickByName(panel, 'Settings');
  const input = await until('the schema file input', () => panel.$('#pb-files'));
  await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(`${FIXTURES}market.proto`, `${FIXTURES}common.proto`);
  await until('5 message types', async () => (await textOf(panel, 'dialog.settings')).includes('5 message types.'));
  await clickByName(panel, 'Add a message type');
  await typeInto(panel, '#pb-url-0', '/market');
  await setSelect(panel, '#pb-type-0', 'lens.market.Envelope');
  await typeInto(panel, '#pb-typefield-0', 'type');
  await typeInto(panel, '#pb-payload-0', 'payload');
  await clickByName(panel, 'Apply message types');
  await until('applied', async () => (await textOf(panel, 'dialog.settings')).includes('Message types applied'));
  await clickByName(panel, 'Close', 'dialog.settings');

  await frameRow(panel, 'Heartbeat');
  await selectFrame(panel, 'Trade');
  await until('the Trade by field name', async () => (await decodedText(panel)).includes('"symbol": "ACME"'));
  const text = await decodedText(panel);
  expect(text).toContain('Envelope → Trade');
  expect(text).toContain('"@type": "lens.market.Trade"');
  expect(text).not.toContain('"wire"');

  // The composer encodes JSON into the type; the server checks the bytes.
  await clickByName(panel, 'Act', '[role="tablist"][aria-label="Inspector"]');
  await until('the act controls', () => panel.$('button.act-toggle'));
  await panel.evaluate(() => {
    const t = document.querySelector('button.act-toggle') as HTMLButtonElement;
    if (t.getAttribute('aria-expanded') !== 'true') t.click();
  });
  await until('the JSON format chosen', () =>
    panel.evaluate(() => {
      const label = Array.from(document.querySelectorAll('[role="radiogroup"][aria-label="Message format"] label')).find((l) => (l.textContent ?? '').trim() === 'JSON');
      const radio = label?.querySelector('input[type="radio"]') as HTMLInputElement | null;
      if (!radio) return false;
      if (!radio.checked) radio.click();
      return radio.checked;
    }),
  );
  await typeInto(panel, 'textarea[aria-label="Message to send (JSON)"]', JSON.stringify({ type: 'Heartbeat', seq: '7', payload: { '@type': 'Heartbeat', seq: '8' } }));
  await clickByName(panel, 'Send', 'section[aria-label="Message to send"]');
  await until('the server got the frame', () => (pb.received.get('/market')?.length ?? 0) === 1);
  const expected = pb.encode('lens.market.Envelope', { type: 'Heartbeat', seq: 7, payload: pb.encode('lens.market.Heartbeat', { seq: 8 }) });
  expect([...pb.received.get('/market')![0]!]).toEqual([...expected]);

  // gzip'd JSON, with both sizes.
  await selectConnection(panel, '/gz');
  await until('the gzip frame', async () => (await panel.$$('[role="rowgroup"][aria-label="Frame rows"] [role="row"]')).length === 1);
  await panel.evaluate(() => (document.querySelector('[role="rowgroup"][aria-label="Frame rows"] [role="row"]') as HTMLElement).click());
  await until('the JSON inflated', async () => (await decodedText(panel)).includes('"type": "snapshot"'));
  expect(await decodedText(panel)).toContain(`gzip: ${pb.gz.length} B compressed → `);
});

test('Edit and resend of a Protobuf frame: its JSON in its own type, sent and simulated as the bytes protobufjs writes', async () => {
  const { page } = suite.ff;
  const got = () => pb.received.get('/market')?.length ?? 0;
  const last = () => [...pb.received.get('/market')![got() - 1]!];
  await page.goto(pb.url);
  await until('the page got the Envelopes', () => page.evaluate(() => (window as unknown as { __got: Record<string, number> }).__got['/market'] === 3));
  // The page sends a Quote that protobufjs built.
  const before = got();
  const quote = pb.encode('lens.market.Quote', { symbol: 'PAGE', bid: 1.25, ask: 1.5 });
  await page.evaluate((b) => (window as unknown as { __sockets: Record<string, WebSocket> }).__sockets['/market']!.send(new Uint8Array(b)), [...quote]);
  await until('the server got the Quote', () => got() === before + 1);
  const panel = await openPanel(suite.ff, page);
  await selectConnection(panel, '/market');

  // Received frames are Envelopes, sent ones Quotes.
  await clickByName(panel, 'Settings');
  const input = await until('the schema file input', () => panel.$('#pb-files'));
  await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(`${FIXTURES}market.proto`, `${FIXTURES}common.proto`);
  await until('5 message types', async () => (await textOf(panel, 'dialog.settings')).includes('5 message types.'));
  await clickByName(panel, 'Add a message type');
  await typeInto(panel, '#pb-url-0', '/market');
  await setSelect(panel, '#pb-dir-0', 'received');
  await setSelect(panel, '#pb-type-0', 'lens.market.Envelope');
  await typeInto(panel, '#pb-typefield-0', 'type');
  await typeInto(panel, '#pb-payload-0', 'payload');
  await clickByName(panel, 'Add a message type');
  await typeInto(panel, '#pb-url-1', '/market');
  await setSelect(panel, '#pb-dir-1', 'sent');
  await setSelect(panel, '#pb-type-1', 'lens.market.Quote');
  await clickByName(panel, 'Apply message types');
  await until('applied', async () => (await textOf(panel, 'dialog.settings')).includes('Message types applied'));
  await clickByName(panel, 'Close', 'dialog.settings');

  const editor = 'textarea[aria-label="Message to send (JSON)"]';
  const editorValue = () => panel.evaluate((s) => (document.querySelector(s) as HTMLTextAreaElement | null)?.value ?? null, editor);
  const encodeToggle = () =>
    panel.evaluate(() => {
      const l = document.querySelector('section[aria-label="Message to send"] label.pb-encode') as HTMLLabelElement | null;
      return l ? { text: l.textContent?.trim(), checked: (l.querySelector('input') as HTMLInputElement).checked } : null;
    });

  // The page's Quote: "Edit and resend" opens its JSON, encoded as a Quote.
  await selectFrame(panel, 'sent', 'Quote');
  await until('the Quote by field name', async () => (await decodedText(panel)).includes('"symbol": "PAGE"'));
  await clickByName(panel, 'Edit and resend', '[role="group"][aria-label="Frame actions"]');
  await until('the composer with the JSON', async () => (await editorValue()) === JSON.stringify({ symbol: 'PAGE', bid: 1.25, ask: 1.5 }, null, 2));
  expect(await encodeToggle()).toEqual({ text: 'Encode JSON as Protobuf (lens.market.Quote)', checked: true });
  await typeInto(panel, editor, JSON.stringify({ symbol: 'EDIT', bid: 1.25, ask: 1.5 }));
  await clickByName(panel, 'Send', 'section[aria-label="Message to send"]');
  await until('the server got the edited Quote', () => got() === before + 2);
  const edited = pb.encode('lens.market.Quote', { symbol: 'EDIT', bid: 1.25, ask: 1.5 });
  expect(last()).toEqual([...edited]);
  // Simulated, still a Quote (the draft's type), not the received frames' Envelope.
  await clickByName(panel, 'Simulate incoming', 'section[aria-label="Message to send"]');
  await until('the page got the Quote', () =>
    page.evaluate((want) => JSON.stringify((window as unknown as { __last: Record<string, unknown> }).__last['/market']) === JSON.stringify(want), [...edited]),
  );

  // A received Envelope, sent to the server as it is: the very bytes the server sent.
  await selectFrame(panel, 'received', 'Trade');
  await clickByName(panel, 'Send to server as if from page…', '[role="group"][aria-label="Frame actions"]');
  await until('the composer with the Envelope', async () => {
    const v = await editorValue();
    return v !== null && v.includes('"@type": "lens.market.Trade"');
  });
  expect(JSON.parse((await editorValue())!)).toEqual({
    type: 'Trade',
    seq: '2',
    payload: { '@type': 'lens.market.Trade', symbol: 'ACME', price: 101.25, side: 'SIDE_SELL', meta: { source: 'feed-a' } },
  });
  expect(await encodeToggle()).toEqual({ text: 'Encode JSON as Protobuf (lens.market.Envelope)', checked: true });
  await clickByName(panel, 'Send', 'section[aria-label="Message to send"]');
  await until('the server got the Envelope', () => got() === before + 3);
  const trade = pb.encode('lens.market.Trade', { symbol: 'ACME', price: 101.25, side: 2, meta: { source: 'feed-a' } });
  expect(last()).toEqual([...pb.encode('lens.market.Envelope', { type: 'Trade', seq: 2, payload: trade })]);
});
