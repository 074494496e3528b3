/**
 * Protobuf and compressed payloads in the panel, against a loopback server sending frames encoded
 * by protobufjs (e2e/protobuf-server.ts): field numbers without a schema; the schema added through
 * the Settings dialog (.proto files importing each other), then field names, an envelope's inner
 * type picked by its `type` field and named in the Name column, Any unpacked; a malformed .proto
 * said by file and line with nothing lost; a gzip'd JSON frame shown as JSON with both sizes; a
 * frame decoded with the schema edited and resent as JSON of its type; a compiled descriptor set
 * uploaded, and malformed ones said by name with nothing lost.
 */
import { test as base, expect, openPanel } from './fixtures';
import { actPanel, connectionRow, frameRow } from './panel';
import { proto, startProtobufServer, type ProtobufServer } from './protobuf-server';
import type { Page } from '@playwright/test';
import type protobuf from 'protobufjs';
import descriptorExt from 'protobufjs/ext/descriptor/index.js';

const test = base.extend<{ pb: ProtobufServer }>({
  pb: async ({}, use) => {
    const s = await startProtobufServer();
    await use(s);
    await s.close();
  },
});

const detail = (panel: Page) => panel.getByRole('region', { name: 'Frame detail' });

async function addSchema(panel: Page, files: { name: string; text: string }[]): Promise<void> {
  await panel.getByRole('button', { name: 'Settings' }).click();
  const dialog = panel.getByRole('dialog', { name: 'Capture settings' });
  await dialog.getByLabel('Add schema files (.proto, or descriptor sets .pb / .desc)').setInputFiles(
    files.map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: Buffer.from(f.text) })),
  );
}

test('Protobuf: field numbers without a schema; names, envelope types and Any with one added in Settings; a malformed .proto said by file:line', async ({
  page,
  context,
  extensionId,
  tabIdOf,
  pb,
}) => {
  await page.goto(pb.url);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: Record<string, number> }).__got)).toEqual({ '/market': 3, '/gz': 1, '/mixed': 4 });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));

  // Without a schema: detected from the content, the wire format field by field.
  await connectionRow(panel, '/market').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: Protobuf)');
  const frames = panel.getByRole('grid', { name: 'Frames' }).getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row');
  await expect(frames).toHaveCount(3);
  await frames.first().click();
  const tree = detail(panel).getByRole('tabpanel');
  await expect(tree).toContainText('"field": 1');
  await expect(tree).toContainText('"wire": "len"');
  await expect(tree).toContainText('"string": "Heartbeat"');
  await expect(tree).not.toContainText('"seq"');

  // The schema, through the Settings dialog: two files, one importing the other.
  await addSchema(panel, [
    { name: 'market.proto', text: proto('market.proto') },
    { name: 'common.proto', text: proto('common.proto') },
  ]);
  const dialog = panel.getByRole('dialog', { name: 'Capture settings' });
  await expect(dialog.getByText('5 message types.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add a message type' }).click();
  const binding = dialog.getByRole('group', { name: 'Message type 1' });
  await binding.getByLabel('URL pattern').fill('/market');
  await binding.getByLabel('Message type', { exact: true }).selectOption('lens.market.Envelope');
  await binding.getByLabel('Envelope: field naming the inner type').fill('type');
  await binding.getByLabel('Envelope: bytes field holding it').fill('payload');
  await dialog.getByRole('button', { name: 'Apply message types' }).click();
  await expect(dialog.getByText('Message types applied')).toBeVisible();

  // A malformed file: said by file and line; the files before it still compile.
  await dialog.getByLabel('Add schema files (.proto, or descriptor sets .pb / .desc)').setInputFiles({
    name: 'bad.proto',
    mimeType: 'text/plain',
    buffer: Buffer.from('syntax = "proto3";\n\nmessage Broken {\n  string a = 1\n  int32 b = 2;\n}\n'),
  });
  await expect(dialog.getByRole('alert')).toHaveText("bad.proto:5: illegal token 'int32', ';' expected");
  await expect(dialog.getByText('5 message types.')).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Schema files' }).getByRole('listitem')).toHaveText([
    /market\.proto \(\.proto\)\s*Remove/,
    /common\.proto \(\.proto\)\s*Remove/,
    /bad\.proto \(\.proto\): does not compile\s*Remove/,
  ]);
  await dialog.getByRole('button', { name: 'Remove bad.proto' }).click();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // With the schema: the Name column has the envelope's type; the tree its fields by name.
  await expect(frameRow(panel, 'Heartbeat')).toHaveCount(1);
  await expect(frameRow(panel, 'Trade')).toHaveCount(1);
  await frameRow(panel, 'Trade').click();
  await expect(tree).toContainText('Envelope → Trade');
  await expect(tree).toContainText('"@type": "lens.market.Trade"');
  await expect(tree).toContainText('"symbol": "ACME"');
  await expect(tree).toContainText('"seq": "2"');
  await expect(tree).not.toContainText('"wire"');
  await frameRow(panel, 'Quote').click();
  await expect(tree).toContainText('"@type": "type.googleapis.com/lens.market.Quote"');
  await expect(tree).toContainText('"symbol": "QQQ"');

  // The composer encodes JSON into the type: the server gets the bytes protobufjs encodes.
  const act = await actPanel(panel);
  await act.getByRole('radio', { name: 'JSON' }).check();
  await act.getByRole('textbox', { name: 'Message to send (JSON)' }).fill(JSON.stringify({ type: 'Heartbeat', seq: '7', payload: { '@type': 'Heartbeat', seq: '8' } }));
  await expect(act.getByRole('checkbox', { name: 'Encode JSON as Protobuf (lens.market.Envelope)' })).toBeChecked();
  await act.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => pb.received.get('/market')?.length ?? 0).toBe(1);
  const expected = pb.encode('lens.market.Envelope', { type: 'Heartbeat', seq: 7, payload: pb.encode('lens.market.Heartbeat', { seq: 8 }) });
  expect([...pb.received.get('/market')![0]!]).toEqual([...expected]);
  // …and simulates it as received, as binary the page gets.
  await act.getByRole('button', { name: 'Simulate incoming' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: Record<string, number> }).__got['/market'])).toBe(4);
  // JSON that does not fit the type is refused, said plainly; nothing is sent.
  await act.getByRole('textbox', { name: 'Message to send (JSON)' }).fill('{"nope": 1}');
  await act.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(act.getByRole('alert')).toContainText('Cannot encode as lens.market.Envelope');

  // Kept in extension storage: a new panel decodes with it at once.
  await panel.close();
  const again = await openPanel(context, extensionId, await tabIdOf(page));
  await expect(frameRow(again, 'Trade')).toHaveCount(1);
});

test('a gzip’d JSON frame shows as JSON with both sizes', async ({ page, context, extensionId, tabIdOf, pb }) => {
  await page.goto(pb.url);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: Record<string, number> }).__got['/gz'])).toBe(1);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await connectionRow(panel, '/gz').click();
  await panel.getByRole('grid', { name: 'Frames' }).getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row').first().click();
  const tab = detail(panel).getByRole('tabpanel');
  const plain = Buffer.byteLength(JSON.stringify({ type: 'snapshot', items: Array.from({ length: 40 }, (_, i) => ({ i, label: `row ${i}` })) }));
  await expect(tab.getByRole('note')).toHaveText(`gzip: ${pb.gz.length} B compressed → ${+(plain / 1024).toFixed(1)} KB decompressed`);
  await expect(tab).toContainText('"type": "snapshot"');
  await expect(tab).toContainText('"items": Array(40)');

  // On a connection read as Protobuf, the gzip'd frame is headed by what it holds (JSON), not by
  // its connection's decoder.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: Record<string, number> }).__got['/mixed'])).toBe(4);
  await connectionRow(panel, '/mixed').click();
  await panel.getByRole('grid', { name: 'Frames' }).getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row').last().click();
  await expect(tab.getByRole('note')).toHaveText(`gzip: ${pb.gz.length} B compressed → ${+(plain / 1024).toFixed(1)} KB decompressed`);
  await expect(tab.locator('.decoded-summary')).toHaveText('JSON');
  await panel.getByRole('grid', { name: 'Frames' }).getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row').first().click();
  await expect(tab.locator('.decoded-summary')).toHaveText('Protobuf');
});

type PageState = { __got: Record<string, number>; __last: Record<string, number[] | string>; __sockets: Record<string, WebSocket> };

test('Edit and resend of a Protobuf frame opens its JSON in its own type; sending and simulating give the bytes protobufjs encodes', async ({
  page,
  context,
  extensionId,
  tabIdOf,
  pb,
}) => {
  await page.goto(pb.url);
  await expect.poll(() => page.evaluate(() => (window as unknown as PageState).__got)).toEqual({ '/market': 3, '/gz': 1, '/mixed': 4 });
  // The page sends a Quote that protobufjs built.
  const quote = pb.encode('lens.market.Quote', { symbol: 'PAGE', bid: 1.25, ask: 1.5 });
  await page.evaluate((b) => (window as unknown as PageState).__sockets['/market']!.send(new Uint8Array(b)), [...quote]);
  await expect.poll(() => pb.received.get('/market')?.length ?? 0).toBe(1);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));

  // Received frames are Envelopes, sent ones Quotes.
  await addSchema(panel, [
    { name: 'market.proto', text: proto('market.proto') },
    { name: 'common.proto', text: proto('common.proto') },
  ]);
  const dialog = panel.getByRole('dialog', { name: 'Capture settings' });
  await expect(dialog.getByText('5 message types.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add a message type' }).click();
  const received = dialog.getByRole('group', { name: 'Message type 1' });
  await received.getByLabel('URL pattern').fill('/market');
  await received.getByLabel('Direction').selectOption('Received');
  await received.getByLabel('Message type', { exact: true }).selectOption('lens.market.Envelope');
  await received.getByLabel('Envelope: field naming the inner type').fill('type');
  await received.getByLabel('Envelope: bytes field holding it').fill('payload');
  await dialog.getByRole('button', { name: 'Add a message type' }).click();
  const sent = dialog.getByRole('group', { name: 'Message type 2' });
  await sent.getByLabel('URL pattern').fill('/market');
  await sent.getByLabel('Direction').selectOption('Sent');
  await sent.getByLabel('Message type', { exact: true }).selectOption('lens.market.Quote');
  await dialog.getByRole('button', { name: 'Apply message types' }).click();
  await expect(dialog.getByText('Message types applied')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The page's Quote: "Edit and resend" opens its JSON, to be encoded as a Quote.
  await connectionRow(panel, '/market').click();
  await expect(frameRow(panel, 'sent', 'Quote')).toHaveCount(1);
  await frameRow(panel, 'sent', 'Quote').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('"symbol": "PAGE"');
  await detail(panel).getByRole('group', { name: 'Frame actions' }).getByRole('button', { name: 'Edit and resend' }).click();
  const act = await actPanel(panel, 'already');
  const editor = act.getByRole('textbox', { name: 'Message to send (JSON)' });
  await expect(editor).toHaveValue(JSON.stringify({ symbol: 'PAGE', bid: 1.25, ask: 1.5 }, null, 2));
  await expect(act.getByRole('checkbox', { name: 'Encode JSON as Protobuf (lens.market.Quote)' })).toBeChecked();
  await editor.fill(JSON.stringify({ symbol: 'EDIT', bid: 1.25, ask: 1.5 }, null, 2));
  await act.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => pb.received.get('/market')?.length ?? 0).toBe(2);
  const edited = pb.encode('lens.market.Quote', { symbol: 'EDIT', bid: 1.25, ask: 1.5 });
  expect([...pb.received.get('/market')![1]!]).toEqual([...edited]);
  await expect(act.getByRole('status').last()).toHaveText(`Sent ${edited.length} B of binary on #1.`);
  // Simulated, it is still a Quote (the draft's type), not the received frames' Envelope.
  await act.getByRole('button', { name: 'Simulate incoming' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as PageState).__last['/market'])).toEqual([...edited]);

  // A received Envelope, from the frames' context menu: its JSON with the inner Trade; sent as it
  // is, the server gets the very bytes it sent; edited inside, the bytes of the edited message.
  await frameRow(panel, 'received', 'Trade').click({ button: 'right' });
  await panel.getByRole('menu', { name: 'Frame actions menu' }).getByRole('menuitem', { name: 'Send to server as if from page…' }).click();
  await expect(act.getByRole('checkbox', { name: 'Encode JSON as Protobuf (lens.market.Envelope)' })).toBeChecked();
  await expect
    .poll(async () => JSON.parse(await editor.inputValue()) as unknown)
    .toEqual({ type: 'Trade', seq: '2', payload: { '@type': 'lens.market.Trade', symbol: 'ACME', price: 101.25, side: 'SIDE_SELL', meta: { source: 'feed-a' } } });
  await act.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => pb.received.get('/market')?.length ?? 0).toBe(3);
  const trade = { symbol: 'ACME', price: 101.25, side: 2, meta: { source: 'feed-a' } };
  expect([...pb.received.get('/market')![2]!]).toEqual([...pb.encode('lens.market.Envelope', { type: 'Trade', seq: 2, payload: pb.encode('lens.market.Trade', trade) })]);
  await editor.fill(
    JSON.stringify({ type: 'Trade', seq: '3', payload: { '@type': 'lens.market.Trade', symbol: 'EDITED', price: 7.5, side: 'SIDE_BUY', qty: '40', meta: { source: 'feed-a' } } }),
  );
  await act.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => pb.received.get('/market')?.length ?? 0).toBe(4);
  const edit2 = pb.encode('lens.market.Envelope', {
    type: 'Trade',
    seq: 3,
    payload: pb.encode('lens.market.Trade', { symbol: 'EDITED', price: 7.5, side: 1, qty: 40, meta: { source: 'feed-a' } }),
  });
  expect([...pb.received.get('/market')![3]!]).toEqual([...edit2]);
});

test('a compiled descriptor set uploaded in Settings gives field names; a malformed one is said by name and loses nothing stored', async ({
  page,
  context,
  extensionId,
  tabIdOf,
  pb,
}) => {
  // protobufjs's descriptor extension writes the FileDescriptorSet, as `protoc --descriptor_set_out` would.
  const FDS = (descriptorExt as unknown as { FileDescriptorSet: protobuf.Type }).FileDescriptorSet;
  const set = Buffer.from(FDS.encode((pb.root as unknown as { toDescriptor(syntax: string): protobuf.Message }).toDescriptor('proto3')).finish());
  await page.goto(pb.url);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: Record<string, number> }).__got['/market'])).toBe(3);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.getByRole('button', { name: 'Settings' }).click();
  const dialog = panel.getByRole('dialog', { name: 'Capture settings' });
  const input = dialog.getByLabel('Add schema files (.proto, or descriptor sets .pb / .desc)');
  await input.setInputFiles({ name: 'market.pb', mimeType: 'application/octet-stream', buffer: set });
  await expect(dialog.getByText('5 message types.')).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Schema files' }).getByRole('listitem')).toHaveText([/^market\.pb \(descriptor set\)\s*Remove$/]);
  await dialog.getByRole('button', { name: 'Add a message type' }).click();
  const binding = dialog.getByRole('group', { name: 'Message type 1' });
  await binding.getByLabel('URL pattern').fill('/market');
  await binding.getByLabel('Message type', { exact: true }).selectOption('lens.market.Envelope');
  await binding.getByLabel('Envelope: field naming the inner type').fill('type');
  await binding.getByLabel('Envelope: bytes field holding it').fill('payload');
  await dialog.getByRole('button', { name: 'Apply message types' }).click();
  await expect(dialog.getByText('Message types applied')).toBeVisible();

  // Malformed: a set cut short, and one that parses but names a type no file has. Each is said by
  // its name; the good set's types, the binding and the decoding stay.
  await input.setInputFiles({ name: 'cut.pb', mimeType: 'application/octet-stream', buffer: set.subarray(0, set.length - 7) });
  await expect(dialog.getByRole('alert')).toHaveText('cut.pb: not a compiled descriptor set (FileDescriptorSet): its bytes do not parse (premature EOF)');
  const unresolved = FDS.encode(
    FDS.fromObject({ file: [{ name: 'other.proto', package: 'other', syntax: 'proto3', messageType: [{ name: 'A', field: [{ name: 'x', number: 1, label: 1, type: 11, typeName: '.nope.X' }] }] }] }),
  ).finish();
  await input.setInputFiles({ name: 'other.pb', mimeType: 'application/octet-stream', buffer: Buffer.from(unresolved) });
  await expect(dialog.getByRole('alert')).toContainText('other.pb: left out, its types do not resolve with the files added: invalid FieldDescriptorProto: type_name .nope.X not found');
  await expect(dialog.getByRole('alert')).toContainText('cut.pb: not a compiled descriptor set');
  await expect(dialog.getByText('5 message types.')).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Schema files' }).getByRole('listitem')).toHaveText([
    /^market\.pb \(descriptor set\)\s*Remove$/,
    /^cut\.pb \(descriptor set\): does not compile\s*Remove$/,
    /^other\.pb \(descriptor set\): does not compile\s*Remove$/,
  ]);
  await expect(binding.getByLabel('Message type', { exact: true })).toHaveValue('lens.market.Envelope');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Field names from the set.
  await connectionRow(panel, '/market').click();
  await expect(frameRow(panel, 'Trade')).toHaveCount(1);
  await frameRow(panel, 'Trade').click();
  const tree = detail(panel).getByRole('tabpanel');
  await expect(tree).toContainText('Envelope → Trade');
  await expect(tree).toContainText('"symbol": "ACME"');
  await expect(tree).toContainText('"side": "SIDE_SELL"');

  // Removing the bad files leaves no message; a new panel decodes with what is stored.
  await panel.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByRole('button', { name: 'Remove cut.pb' }).click();
  await dialog.getByRole('button', { name: 'Remove other.pb' }).click();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog.getByRole('list', { name: 'Schema files' }).getByRole('listitem')).toHaveText([/^market\.pb \(descriptor set\)\s*Remove$/]);
  await panel.close();
  const again = await openPanel(context, extensionId, await tabIdOf(page));
  await connectionRow(again, '/market').click();
  await expect(frameRow(again, 'Quote')).toHaveCount(1);
  await frameRow(again, 'Quote').click();
  await expect(detail(again).getByRole('tabpanel')).toContainText('"@type": "type.googleapis.com/lens.market.Quote"');
});
