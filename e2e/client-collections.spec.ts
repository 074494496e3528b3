/**
 * The test client's collections: a connection saved with its messages in a named collection,
 * exported with the environments and imported into a fresh profile, where it opens in a new tab and
 * sends with the imported variables; a malformed file and a Postman collection.
 */
import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { test, expect, extensionServiceWorker, launchWithExtension } from './fixtures';
import { frameRow } from './panel';

const state = (p: Page) => p.getByRole('region', { name: 'Connection status' }).getByRole('status');
const collections = (p: Page) => p.getByRole('region', { name: 'Collections' });

async function openCollections(p: Page): Promise<void> {
  await p.getByText('Collections', { exact: true }).click();
  await expect(collections(p)).toBeVisible();
}

test('a collection exported and imported into a fresh profile opens its connection and sends its saved message with the imported variables; bad files change nothing', async ({
  page,
  extensionId,
  demo,
}) => {
  const client = page;
  await client.goto(`chrome-extension://${extensionId}/src/client/client.html?tab=1`);
  await client.getByText('Environments', { exact: true }).click();
  await client.getByRole('button', { name: 'New environment' }).click();
  await client.getByLabel('Environment name').fill('local');
  await client.getByLabel('Variable 1 name').fill('host');
  await client.getByLabel('Variable 1 value').fill(new URL(demo.wsUrl).host);
  await client.getByRole('button', { name: 'Add variable' }).click();
  await client.getByLabel('Variable 2 name').fill('who');
  await client.getByLabel('Variable 2 value').fill('grace');
  await client.getByText(/^Environments/).first().click();
  await client.getByLabel('URL', { exact: true }).fill('ws://{{host}}/proto');
  await client.getByLabel('Subprotocols', { exact: true }).fill('chat.v1');
  await client.getByRole('textbox', { name: /^Message \(/ }).fill('hello {{who}}');
  await client.getByLabel('Name for the saved message').fill('greet');
  await client.getByRole('button', { name: 'Save message' }).click();

  await openCollections(client);
  await collections(client).getByRole('button', { name: 'New collection' }).click();
  await collections(client).getByLabel('Collection name').fill('Chat');
  await collections(client).getByLabel('Connection name').fill('proto v1');
  await collections(client).getByRole('button', { name: 'Save this connection' }).click();
  await expect(collections(client).getByRole('status', { name: 'Collections result' })).toHaveText('Saved "proto v1" in "Chat" (1 messages).');
  const [download] = await Promise.all([client.waitForEvent('download'), collections(client).getByRole('button', { name: 'Export collections' }).click()]);
  expect(download.suggestedFilename()).toBe('websocket-lens-collections.json');
  const file = await readFile((await download.path())!, 'utf8');
  const parsed = JSON.parse(file) as { format: string; collections: Array<{ name: string; connections: Array<{ name: string; settings: { url: string; protocols: string } }> }> };
  expect(parsed.format).toBe('websocket-lens/collections');
  expect(parsed.collections.map((c) => [c.name, c.connections.map((x) => [x.name, x.settings.url, x.settings.protocols])])).toEqual([
    ['Chat', [['proto v1', 'ws://{{host}}/proto', 'chat.v1']]],
  ]);

  // A fresh profile: nothing there until the file is imported.
  const fresh = await launchWithExtension();
  try {
    const id = new URL((await extensionServiceWorker(fresh.context)).url()).host;
    const other = await fresh.context.newPage();
    await other.goto(`chrome-extension://${id}/src/client/client.html?tab=1`);
    await openCollections(other);
    await expect(collections(other).getByLabel('Collection', { exact: true })).toHaveValue('');
    // A malformed file first: said so, nothing imported.
    await collections(other).getByLabel(/^Import a collection file/).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "websocket-lens/collections", "version": 1, "collections": [{"name": 3}]}') });
    await expect(collections(other).getByRole('alert', { name: 'Collections result' })).toHaveText(
      'broken.json: The collection file is malformed: collections[0].name must be a string. Nothing was imported.',
    );
    await collections(other).getByLabel(/^Import a collection file/).setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(file.slice(0, 100)) });
    await expect(collections(other).getByRole('alert', { name: 'Collections result' })).toContainText('cut.json: The file is not JSON (');
    await collections(other).getByLabel(/^Import a collection file/).setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect(collections(other).getByRole('status', { name: 'Collections result' })).toHaveText('Imported 1 collection with 1 connection and 1 environment.');
    await collections(other).getByRole('button', { name: 'Open proto v1' }).click();
    await expect(other.getByRole('tab', { name: /^2: / })).toHaveAttribute('aria-selected', 'true');
    await expect(other.getByLabel('URL', { exact: true })).toHaveValue('ws://{{host}}/proto');
    await other.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(state(other)).toContainText('Open');
    await expect(other.getByLabel('Negotiated subprotocol')).toHaveText('chat.v1');
    await other.getByRole('button', { name: 'Send saved message greet' }).click();
    await expect(frameRow(other, 'received', 'hello grace')).toHaveCount(1);
    expect(demo.stats.received('/proto').map((m) => m.data.toString('utf8'))).toEqual(['hello grace']);

    // A Postman collection: its WebSocket request, its variables as an environment.
    await openCollections(other);
    const postman = {
      info: { name: 'Realtime', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        { name: 'Health', request: { method: 'GET', url: { raw: 'http://{{base}}/health' } } },
        { name: 'Echo', request: { url: { raw: 'ws://{{base}}/echo' }, body: { mode: 'raw', raw: 'ping {{user}}' } } },
      ],
      variable: [{ key: 'base', value: new URL(demo.wsUrl).host }, { key: 'user', value: 'linus' }],
    };
    await collections(other).getByLabel(/^Import a collection file/).setInputFiles({ name: 'realtime.postman_collection.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(postman)) });
    await expect(collections(other).getByRole('status', { name: 'Collections result' })).toHaveText(
      'Imported 1 WebSocket request from the Postman collection "Realtime"; 1 HTTP request skipped; its 2 variables as the environment "Realtime".',
    );
    // The Chat collection is still there beside it.
    await expect(collections(other).getByLabel('Collection', { exact: true }).locator('option')).toHaveText(['Chat', 'Realtime']);
  } finally {
    await fresh.close();
  }
});
