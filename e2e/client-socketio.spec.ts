/**
 * The test client's Socket.IO mode against real servers: socket.io 4 (protocol 5, Engine.IO 4)
 * and socket.io 2 (protocol 4, Engine.IO 3), detected or chosen: emit with an ack and its
 * latency, a binary argument, listening by event name, a namespace with auth, the raw frames one
 * click away, and the messages for a refused namespace and an unsupported server.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';
import { test } from './protocol-server';
import { frameRow, frameRows } from './panel';

async function openClient(_context: BrowserContext, extensionId: string, page: Page): Promise<Page> {
  await page.goto(`chrome-extension://${extensionId}/src/client/client.html`);
  await expect(page.getByRole('form', { name: 'Connection' })).toBeVisible();
  return page;
}

const sioStatus = (p: Page) => p.getByRole('status', { name: 'Socket.IO status' });

async function connectSio(p: Page, url: string, o: { version?: 'Detect' | 'v3/v4' | 'v2'; namespace?: string; path?: string; auth?: string } = {}) {
  await p.getByRole('radio', { name: 'Socket.IO', exact: true }).check();
  await p.getByLabel('URL', { exact: true }).fill(url);
  await p.getByLabel('Version').selectOption({ label: o.version ?? 'Detect' });
  await p.getByLabel('Namespace').fill(o.namespace ?? '/');
  await p.getByLabel('Path', { exact: true }).fill(o.path ?? '/socket.io/');
  await p.getByLabel('Auth (JSON)').fill(o.auth ?? '');
  await p.getByRole('button', { name: 'Connect', exact: true }).click();
}

async function emit(p: Page, event: string, args: string, ack = false) {
  const form = p.getByRole('form', { name: 'Emit an event' });
  await form.getByLabel('Event', { exact: true }).fill(event);
  await form.getByLabel('Arguments (JSON array)').fill(args);
  await form.getByLabel('Ask for an ack').setChecked(ack);
  await form.getByRole('button', { name: 'Emit' }).click();
}

for (const server of [
  { name: 'socket.io 4', path: '/socket.io/', version: 'v3/v4' as const, detected: 'Engine.IO 4' },
  { name: 'socket.io 2', path: '/sio2/', version: 'v2' as const, detected: 'Engine.IO 3' },
]) {
  test(`${server.name}: detected; emit with an ack shows the ack and its latency, a binary argument comes back as bytes, events listed by name, raw frames one click away`, async ({
    page,
    context,
    extensionId,
    protocols,
  }) => {
    const client = await openClient(context, extensionId, page);
    await connectSio(client, protocols.url(''), { path: server.path });
    await expect(sioStatus(client)).toContainText('connected to /');
    await expect(frameRows(client).filter({ hasText: `${server.detected} session` }).filter({ hasText: 'detected' })).toHaveCount(1);

    await emit(client, 'sum', '[2, 3]', true);
    await expect(frameRow(client, 'sent', '["sum",2,3]')).toHaveCount(1);
    const ack = frameRow(client, 'received', /\{"ack":0,"event":"sum","ms":\d+,"args":\[5\]\}/);
    await expect(ack).toHaveCount(1);

    // A binary argument: the server emits it back as "file".
    await emit(client, 'upload', '[{"$binary": "AAH+/0FC"}]');
    await expect(frameRow(client, 'received', '["file",{"$binary":"AAH+/0FC"}]')).toHaveCount(1);

    // Listening to chosen events only: "chat message" is echoed but not listened to, then is.
    const form = client.getByRole('form', { name: 'Emit an event' });
    await form.getByLabel(/^Listen to/).fill('file');
    await client.getByRole('button', { name: 'Disconnect' }).click();
    await expect(client.getByRole('region', { name: 'Connection status' }).getByRole('status')).toContainText('Closed');
    await client.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(sioStatus(client)).toContainText('connected to /');
    await emit(client, 'chat message', '["not shown"]');
    await emit(client, 'upload', '[{"$binary": "AQ=="}]');
    await expect(frameRow(client, 'received', '["file",{"$binary":"AQ=="}]')).toHaveCount(1);
    await expect(frameRow(client, 'received', 'not shown')).toHaveCount(0);
    await expect(frameRow(client, 'sent', '["chat message","not shown"]')).toHaveCount(1);

    // The raw frames: Engine.IO packets, with the echo that the events view left out.
    await client.getByRole('radio', { name: 'Raw frames' }).check();
    await expect(frameRow(client, 'sent', '420["sum",2,3]')).toHaveCount(1);
    await expect(frameRow(client, 'received', '430[5]')).toHaveCount(1);
    await expect(frameRow(client, 'received', '42["chat message","not shown"]')).toHaveCount(1);
    await expect(frameRow(client, 'sent', '451-["upload",{"_placeholder":true,"num":0}]')).toHaveCount(2);
    await client.getByRole('radio', { name: 'Events' }).check();
    await expect(frameRow(client, 'sent', '["sum",2,3]')).toHaveCount(1);
  });

  test(`${server.name}: a namespace with auth (chosen version), and a refused one says why`, async ({ page, context, extensionId, protocols }) => {
    const client = await openClient(context, extensionId, page);
    await connectSio(client, protocols.url(''), { path: server.path, version: server.version, namespace: '/admin', auth: '{"token": "secret", "user": "ada"}' });
    await expect(sioStatus(client)).toContainText('connected to /admin');
    await expect(frameRow(client, 'received', '["welcome",{"user":"ada"}]')).toHaveCount(1);
    await expect(frameRows(client).filter({ hasText: 'chosen' })).toHaveCount(1);

    await client.getByRole('button', { name: 'Disconnect' }).click();
    await client.getByLabel('Auth (JSON)').fill('{"token": "wrong"}');
    await client.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(frameRows(client).filter({ hasText: 'The server refused namespace /admin: "not authorized"' })).toHaveCount(1);
    await expect(sioStatus(client)).toContainText('refused');
    await emit(client, 'whoami', '[]');
    await expect(client.getByRole('alert', { name: 'Emit problem' })).toHaveText('Not connected to namespace /admin: the server refused it.');
  });
}

test('an unsupported server: v2 chosen against a socket.io 4 server, and a server whose first frame is not Engine.IO', async ({ page, context, extensionId, protocols }) => {
  const client = await openClient(context, extensionId, page);
  await connectSio(client, protocols.url(''), { version: 'v2' });
  await expect(client.getByRole('alert', { name: 'Connection error' })).toContainText('The server closed the connection before any Engine.IO open packet: it does not accept Engine.IO 3 (Socket.IO v2), or is not a Socket.IO server at this path. Choose "v3/v4" or "Detect"');

  await client.getByRole('button', { name: 'Dismiss the error' }).click();
  await connectSio(client, protocols.url('garble/sio09'), { version: 'Detect' });
  await expect(frameRows(client).filter({ hasText: 'does not speak a supported Socket.IO version (it looks like Socket.IO 0.9' })).toHaveCount(1);
  await expect(sioStatus(client)).toHaveCount(0); // closed by the client
  // Nothing lost: the form keeps what was typed.
  await expect(client.getByLabel('URL', { exact: true })).toHaveValue(protocols.url('garble/sio09'));
});
