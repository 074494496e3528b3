/**
 * Protocol decoders in the panel, with the real client libraries in the page: the
 * socket.io-client and mqtt.js browser bundles they ship, against a socket.io server and an aedes
 * broker started here. Then garbled frames (a truncated MQTT packet, a Socket.IO event missing an
 * attachment, invalid MessagePack) show raw with a note while the rest of each connection decodes
 * (and MessagePack timestamps read as ISO dates).
 */
import { expect, openPanel } from './fixtures';
import { test } from './protocol-server';
import { connectionRow, frameRow, openFilters, paneTab, setDirection } from './panel';
import type { Page } from '@playwright/test';


const detail = (panel: Page) => panel.getByRole('region', { name: 'Frame detail' });

test('socket.io-client: event names and arguments decoded, the Name filter, an ack paired with its latency, an unanswered request, a binary event with its attachment', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-sio.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ sum: 5, chat: ['hello', { n: 1 }], file: [1, 2, 3] });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);

  // Detected from the URL and content; the picker says so.
  await connectionRow(panel, '/socket.io/').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' })).toHaveValue('auto');
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText(
    'Auto (detected: Socket.IO / Engine.IO)',
  );
  await expect(panel.getByRole('grid', { name: 'Frames' }).getByRole('columnheader', { name: 'Name' })).toBeVisible();

  // The event name is a column; its arguments are in the Decoded tab.
  const chat = frameRow(panel, 'sent', 'chat message');
  await expect(chat).toHaveCount(1);
  await chat.click();
  await expect(detail(panel).getByRole('tab', { name: 'Decoded' })).toHaveAttribute('aria-selected', 'true');
  const decoded = detail(panel).getByRole('tabpanel');
  await expect(decoded).toContainText('EVENT chat message');
  await expect(decoded).toContainText('"hello"');
  // The raw view is one click away.
  await detail(panel).getByRole('tab', { name: 'Text' }).click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('42["chat message","hello",{"n":1}]');
  await detail(panel).getByRole('tab', { name: 'Decoded' }).click();

  // The Name filter.
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('sum');
  await expect(frameRow(panel, 'sum')).toHaveCount(2);
  await expect(frameRow(panel, 'chat message')).toHaveCount(0);

  // The request shows its latency, its detail links the ack, which links back.
  const sum = frameRow(panel, 'sent', 'sum');
  await expect(sum).toContainText(/↔ \d+ ms/);
  await sum.click();
  const pairing = detail(panel).getByRole('group', { name: 'Request and response' });
  await expect(pairing).toContainText(/Request sum: answered in \d+ ms/);
  await pairing.getByRole('button', { name: 'Go to response' }).click();
  await expect(detail(panel).locator('.detail-head')).toContainText('Received');
  await expect(detail(panel).getByRole('tabpanel')).toContainText('ACK');
  await expect(detail(panel).getByRole('tabpanel')).toContainText('5');
  await detail(panel).getByRole('group', { name: 'Request and response' }).getByRole('button', { name: 'Go to request' }).click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('EVENT sum');

  // A request nobody answered is flagged, in the row and the detail.
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('');
  const ignored = frameRow(panel, 'sent', 'ignored');
  await expect(ignored).toContainText('no reply');
  await ignored.click();
  await expect(detail(panel).getByRole('group', { name: 'Request and response' })).toContainText(
    'Request ignored: no response (unanswered)',
  );

  // The binary event, its attachment put back.
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('/^(upload|file)$/');
  // The event's text frame and its attachment's binary frame carry the event's name.
  await expect(frameRow(panel, 'sent', 'upload')).toHaveCount(2);
  // The event's own (text) frame holds the attachment's placeholder.
  await frameRow(panel, 'sent', 'upload', '_placeholder').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('<3 bytes: 01 02 03>');
  await frameRow(panel, 'received', 'file', '_placeholder').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('<3 bytes: 01 02 03>');

  // The filter box searches every connection's payloads; matches are highlighted; case on request.
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('');
  await panel.getByRole('combobox', { name: 'Connection' }).selectOption('');
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('CHAT');
  await expect(frameRow(panel, 'chat message')).toHaveCount(2);
  await expect(frameRow(panel, 'sent', 'chat message').locator('mark.hit')).toHaveText('chat');
  await frameRow(panel, 'sent', 'chat message').click();
  await detail(panel).getByRole('tab', { name: 'Text' }).click();
  await expect(detail(panel).getByRole('tabpanel').locator('mark.hit')).toHaveText('chat');
  await panel.getByRole('checkbox', { name: 'Match case' }).check();
  await expect(frameRow(panel, 'chat message')).toHaveCount(0);
  await panel.getByRole('checkbox', { name: 'Match case' }).uncheck();
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('/"(sum|ignored)"/');
  await expect(frameRow(panel, 'sent')).toHaveCount(2);
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('');
  // Size range: the 3-byte attachments (and the 2-byte "40"), not the events.
  await panel.getByRole('spinbutton', { name: 'Maximum size (bytes)' }).fill('3');
  await expect(frameRow(panel, '01 02 03')).toHaveCount(2); // the two attachments, as hex
  await expect(frameRow(panel, 'chat message')).toHaveCount(0);
  await panel.getByRole('spinbutton', { name: 'Maximum size (bytes)' }).fill('');
  await connectionRow(panel, '/socket.io/').click();

  // Raw for this connection: no names, no Decoded tab.
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('');
  await panel.getByRole('combobox', { name: 'Decoder' }).selectOption('raw');
  await expect(panel.getByRole('grid', { name: 'Frames' }).getByRole('columnheader', { name: 'Name' })).toHaveCount(0);
  await frameRow(panel, 'sent', 'chat message').click();
  await expect(detail(panel).getByRole('tab', { name: 'Decoded' })).toHaveCount(0);
  // The decoder is in the connection's tab of the pane.
  await paneTab(panel, 'Connection');
  await panel.getByRole('combobox', { name: 'Decoder' }).selectOption('auto');
  await expect(frameRow(panel, 'sent', 'sum')).toContainText(/↔ \d+ ms/);
});

test('mqtt.js over WebSocket against aedes: topics decoded, PUBLISH qos1 paired with its PUBACK', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-mqtt.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ puback: true, message: ['sensors/temp', '21.5'] });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);

  await connectionRow(panel, '/mqtt').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: MQTT)');

  await expect(frameRow(panel, 'sent', 'sensors/+')).toHaveCount(1); // SUBSCRIBE
  const publish = frameRow(panel, 'sent', 'sensors/temp');
  await expect(publish).toContainText(/↔ \d+ ms/);
  await publish.click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('PUBLISH sensors/temp');
  const pairing = detail(panel).getByRole('group', { name: 'Request and response' });
  await expect(pairing).toContainText(/Request sensors\/temp: answered in \d+ ms/);
  await pairing.getByRole('button', { name: 'Go to response' }).click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('PUBACK');

  // The broker's delivery of the message is a PUBLISH received on the same topic.
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('sensors/temp');
  await expect(frameRow(panel, 'received', 'sensors/temp')).toHaveCount(1);
  await panel.getByRole('combobox', { name: 'Type' }).selectOption('text');
  await expect(frameRow(panel, 'sensors/temp')).toHaveCount(0);

  // The timeline of what the filter shows.
  await panel.getByRole('combobox', { name: 'Type' }).selectOption('all');
  await panel.getByRole('checkbox', { name: 'Timeline' }).check();
  await expect(panel.getByRole('group', { name: /^Timeline: 2 frames over/ })).toBeVisible();
});

test('garbled frames show raw with a note and the rest of the connection still decodes: truncated MQTT, a missing Socket.IO attachment, invalid MessagePack', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-garbled.html'));
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  const note = detail(panel).getByRole('note', { name: 'Decoder note' });

  // MQTT: the truncated PUBLISH is raw with its note; the PUBLISHes after it decode.
  await connectionRow(panel, '/garble/mqtt').click();
  await expect(frameRow(panel, 'received', 'c/d')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'a/b')).toHaveCount(1);
  const truncated = frameRow(panel, 'received', '⚠ raw');
  await expect(truncated).toHaveCount(1);
  await truncated.click();
  await expect(note).toContainText('MQTT: shown raw: truncated MQTT packet: 9 byte(s)');
  await expect(detail(panel).getByRole('tab', { name: 'Hex' })).toHaveAttribute('aria-selected', 'true');
  // The hex dump shows 4, 8 or 16 bytes a line (as the pane's width allows): the packet's first bytes, a line group each.
  for (const bytes of ['30 14 00 05', '74 6f 70 69']) await expect(detail(panel).getByRole('tabpanel')).toContainText(bytes);

  // Socket.IO: the event whose attachment never came is raw; the next events decode.
  await connectionRow(panel, 'garble/socket.io').click();
  await expect(frameRow(panel, 'received', 'after')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'later')).toHaveCount(1);
  await frameRow(panel, 'received', '⚠ raw').click();
  await expect(note).toContainText('Socket.IO / Engine.IO: shown raw: expected 1 binary attachment(s), got 0');
  await expect(detail(panel).getByRole('tabpanel')).toContainText('451-["before",1]');

  // MessagePack: the bad frame is raw, its neighbours decode.
  await connectionRow(panel, 'garble/msgpack').click();
  await frameRow(panel, 'received', '⚠ raw').click();
  await expect(note).toContainText('shown raw:');
  await expect(detail(panel).getByRole('tabpanel')).toContainText('c1');
  await frameRow(panel, 'received', '92 01 02').click();
  await expect(detail(panel).getByRole('tab', { name: 'Decoded' })).toHaveAttribute('aria-selected', 'true');
  await expect(detail(panel).getByRole('tabpanel')).toContainText('Array(2)');
  // Timestamps (extension -1) as ISO dates, nanoseconds kept.
  await frameRow(panel, 'received', 'tick').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('"at": "2026-12-03T09:00:00.123Z"');
  await expect(detail(panel).getByRole('tabpanel')).toContainText('"precise": "2023-11-14T22:13:20.123456789Z"');
});

test('@stomp/stompjs: destinations decoded, a SEND paired with its RECEIPT, a receipt never sent flagged', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-stomp.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ receipt: true, message: 'Hello, STOMP' });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/stomp').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: STOMP)');
  const send = frameRow(panel, 'sent', '/topic/chat', 'SEND');
  await expect(send).toContainText(/↔ \d+ ms/);
  await expect(frameRow(panel, 'sent', '/queue/never-answered')).toContainText('no reply');
  await send.click();
  await expect(detail(panel).getByRole('group', { name: 'Request and response' })).toContainText(
    /Request \/topic\/chat: answered in \d+ ms/,
  );
  await detail(panel).getByRole('group', { name: 'Request and response' }).getByRole('button', { name: 'Go to response' }).click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('RECEIPT');
});

test('graphql-ws: operation names decoded, a query and a subscription paired with their results', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-graphql.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ hello: 'world', greetings: ['Hi', 'Bonjour', 'Hola'], complete: true });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/graphql').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText(
    'Auto (detected: GraphQL over WebSocket)',
  );
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('Greetings');
  // subscribe, three nexts and complete.
  await expect(frameRow(panel, 'Greetings')).toHaveCount(5);
  const sub = frameRow(panel, 'sent', 'Greetings');
  await expect(sub).toContainText(/↔ \d+ ms/);
  await sub.click();
  await expect(detail(panel).getByRole('group', { name: 'Request and response' })).toContainText('(4 responses)');
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('Hello');
  await frameRow(panel, 'received', 'Hello').first().click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('"world"');
});

test('json-rpc-2.0: methods decoded, results and errors paired with their requests, a request never answered flagged', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-jsonrpc.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ sum: 42, error: 'Method not found' });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/rpc').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: JSON-RPC 2.0)');
  await expect(frameRow(panel, 'sent', 'log')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'log')).not.toContainText(/no reply|↔/);
  await expect(frameRow(panel, 'sent', 'hang')).toContainText('no reply');
  await expect(frameRow(panel, 'sent', 'add')).toContainText(/↔ \d+ ms/);
  await expect(frameRow(panel, 'received', 'add')).toContainText(/↩ \d+ ms/);
  await expect(frameRow(panel, 'sent', 'nope')).toContainText(/↔ \d+ ms/);
  await frameRow(panel, 'received', 'nope').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('Method not found');
  await detail(panel).getByRole('group', { name: 'Request and response' }).getByRole('button', { name: 'Go to request' }).click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('request nope');

  // A saved filter in use that hides the requests: "Go to request" still shows the one asked for.
  await setDirection(panel, 'Received');
  await panel.getByRole('button', { name: 'Save filter', exact: true }).click();
  await panel.getByRole('textbox', { name: 'Filter name' }).fill('responses');
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  // Saved switched off (saving changes nothing shown); switched on here.
  await panel.getByRole('checkbox', { name: 'Use responses' }).check();
  await setDirection(panel, 'All');
  await expect(frameRow(panel, 'sent', 'add')).toHaveCount(0);
  await frameRow(panel, 'received', 'add').click();
  await detail(panel).getByRole('group', { name: 'Request and response' }).getByRole('button', { name: 'Go to request' }).click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('request add');
  await expect(frameRow(panel, 'sent', 'add')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'hang')).toHaveCount(0);
});

test('faye (Bayeux): channels and /meta/* named, each request paired with the reply of its id, a refused subscription shown as its error', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-bayeux.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ message: 'hello faye', refused: 'Forbidden' });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/faye').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: Bayeux (Faye, CometD))');
  await expect(frameRow(panel, 'sent', '/meta/subscribe /news')).toContainText(/↔ \d+ ms/);
  // The publish, answered by its reply; the server's delivery of it is an event.
  await expect(frameRow(panel, 'sent', '/news', 'hello faye')).toContainText(/↔ \d+ ms/);
  await expect(frameRow(panel, 'received', '/news', 'hello faye')).toHaveCount(1);
  await expect(frameRow(panel, 'received', '/news', 'hello faye')).not.toContainText(/↩|↔|no reply/);
  await expect(frameRow(panel, 'received', '"channel":"/news","successful":true')).toContainText(/↩ \d+ ms/);
  await frameRow(panel, 'received', '/meta/subscribe /secret').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('failed: 403 Forbidden (/secret)');
  await detail(panel).getByRole('group', { name: 'Request and response' }).getByRole('button', { name: 'Go to request' }).click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText(/\/meta\/subscribe \/secret #\d+/);
});

test('pusher-js: pusher: events, channels and event names decoded, subscriptions paired with their success or error', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-pusher.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ greeting: 'hello pusher', refused: 401, echo: 'Ada' });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/app/app-key').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: Pusher Channels)');
  await expect(frameRow(panel, 'received', 'pusher:connection_established')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'greeting')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'client-typing')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'pusher:subscribe', 'private-chat')).toContainText(/↔ \d+ ms/);
  const refused = frameRow(panel, 'received', 'pusher:subscription_error');
  await expect(refused).toContainText(/↩ \d+ ms/);
  await refused.click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('subscription error private-refused: The connection is unauthorized. (401)');
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('private-refused');
  await expect(frameRow(panel, 'private-refused')).toHaveCount(2);
});

test('centrifuge-js: commands named by channel and method, replies paired by id in batched frames, a refused subscription shown as its error', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-centrifugo.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ publication: 'hello centrifugo', sum: 42, refused: 103 });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/connection/websocket').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: Centrifugo (JSON))');
  // connect and both subscriptions in one frame, answered in one frame.
  const batch = frameRow(panel, 'sent', 'connect, news, secret');
  await expect(batch).toContainText(/↔ \d+ ms/);
  await frameRow(panel, 'received', 'connect, news, secret').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('subscribe #3 error 103: permission denied');
  await expect(frameRow(panel, 'sent', 'sum')).toContainText(/↔ \d+ ms/);
  await frameRow(panel, 'received', 'sum').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('rpc reply sum → {"sum":42}');
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('news');
  await expect(frameRow(panel, 'received', 'hello centrifugo')).toHaveCount(1);
});

test('socket.io-client with socket.io-msgpack-parser: event names read from the binary packets, an ack paired', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-sio-msgpack.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ sum: 42, file: [[1, 2, 3], 3] });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/sio-msgpack/').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: Socket.IO / Engine.IO)');
  await expect(frameRow(panel, 'sent', 'sum')).toContainText(/↔ \d+ ms/);
  await expect(frameRow(panel, 'received', 'sum')).toContainText(/↩ \d+ ms/);
  await frameRow(panel, 'sent', 'upload').click();
  await expect(detail(panel).getByRole('tab', { name: 'Decoded' })).toHaveAttribute('aria-selected', 'true');
  await expect(detail(panel).getByRole('tabpanel')).toContainText('<3 bytes: 01 02 03>');
  await frameRow(panel, 'received', 'file').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('<3 bytes: 01 02 03>');
});

test('y-websocket (Yjs): sync steps, updates with their size and client id, awareness, and a refused room, decoded from binary frames', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-yjs.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ text: 'hello', edited: 'hello, world' });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/yjs/room-').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: Yjs (y-websocket))');
  await expect(frameRow(panel, 'sent', 'sync step 1')).toContainText(/↔ \d+ ms/);
  await expect(frameRow(panel, 'received', 'sync step 1')).toContainText(/↔ \d+ ms/);
  await expect(frameRow(panel, 'sent', 'awareness').first()).toBeVisible();
  await frameRow(panel, 'sent', 'update').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText(/update: \d+ bytes, client 4242 \(clock 0→7\)/);
  await frameRow(panel, 'received', 'sync step 2').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText(/sync step 2: \d+ bytes, client \d+ \(clock 0→5\)/);
  await connectionRow(panel, '/yjs/private-room').click();
  await frameRow(panel, 'received', 'auth').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('permission denied: not allowed in this room');
});

test('@microsoft/signalr with the MessagePack hub protocol: targets named from binary frames, invocations paired with completions, a stream with its items', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-signalr-msgpack.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ notify: 'welcome', sum: 42, items: [1, 2, 3] });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/hub-msgpack').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: SignalR (JSON or MessagePack hub protocol))');
  await expect(frameRow(panel, 'received', 'notify')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'Add')).toContainText(/↔ \d+ ms/);
  await frameRow(panel, 'received', 'Fail').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('error "It failed"');
  await frameRow(panel, 'sent', 'Count').click();
  await expect(detail(panel).getByRole('group', { name: 'Request and response' })).toContainText('(4 responses)');
});

test("phoenix.js with binary payloads: Phoenix's binary pushes, replies and broadcasts named and paired like JSON ones", async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-phoenix-binary.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ reply: [9, 8, 7], file: [7, 8, 9], thumb: [7] });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/phoenix/websocket').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: Phoenix Channels)');
  const upload = frameRow(panel, 'sent', 'upload');
  await expect(upload).toContainText(/↔ \d+ ms/);
  await upload.click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('<3 bytes: 07 08 09>');
  await detail(panel).getByRole('group', { name: 'Request and response' }).getByRole('button', { name: 'Go to response' }).click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('<3 bytes: 09 08 07>');
  await expect(frameRow(panel, 'received', 'file')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'thumb')).toHaveCount(1);
});

test('your own decoder, written in Settings for the site: names frames; one that throws and one that loops are stopped with a message per frame', async ({
  page,
  context,
  protocols,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(protocols.url('protocols-jsonrpc.html'));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __done: Record<string, unknown> }).__done))
    .toMatchObject({ sum: 42, error: 'Method not found' });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await openFilters(panel);
  await connectionRow(panel, '/rpc').click();

  await panel.getByRole('button', { name: 'Settings' }).click();
  const settings = panel.getByRole('dialog', { name: 'Capture settings' });
  // The site is the connection's WebSocket host, offered first.
  await expect(settings.getByRole('combobox', { name: 'Site (WebSocket host)' })).toHaveValue(new URL(protocols.url('')).host);
  await settings.getByRole('textbox', { name: 'Decoder (JavaScript)' }).fill(`(payload, conn) => {
    const m = JSON.parse(payload);
    if (m.method === 'hang') throw new Error('no hanging here');
    if (m.method === 'log') for (;;) {}
    return { name: 'mine:' + (m.method ?? 'reply') + (conn.url.endsWith('/rpc') ? '@rpc' : ''), value: m };
  }`);
  await settings.getByRole('button', { name: 'Save decoder' }).click();
  await expect(settings.getByRole('status').last()).toContainText('Saved the decoder of');
  await settings.getByRole('button', { name: 'Close' }).click();

  await panel.getByRole('combobox', { name: 'Decoder' }).selectOption({ label: 'Your decoder (this site)' });
  await expect(frameRow(panel, 'sent', 'mine:add@rpc')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'mine:nope@rpc')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'mine:reply@rpc')).toHaveCount(2);
  const note = detail(panel).getByRole('note', { name: 'Decoder note' });
  await frameRow(panel, 'sent', '"hang"').click();
  await expect(note).toContainText('Error: no hanging here');
  // The looping decoder's worker is stopped after its budget; the other frames were decoded.
  await frameRow(panel, 'sent', '"log"').click();
  await expect(note).toContainText('stopped: the decoder ran for more than 1000 ms on this frame');
  await frameRow(panel, 'sent', 'mine:add@rpc').click();
  await expect(detail(panel).getByRole('tabpanel')).toContainText('"add"');
  // The Name filter uses its names.
  await panel.getByRole('searchbox', { name: 'Name filter' }).fill('mine:reply');
  await expect(frameRow(panel, 'received')).toHaveCount(2);
  await expect(frameRow(panel, 'sent')).toHaveCount(0);
});
