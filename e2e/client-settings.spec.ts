/**
 * The test client's settings per connection: a connect timeout against a server that never
 * answers the handshake, the largest message shown in full (a bigger frame is logged cut, its
 * real size kept, the server getting every byte), and a variable in the subprotocols.
 */
import type { Page } from '@playwright/test';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures';
import { frameRow, frameRows } from './panel';

const state = (p: Page) => p.getByRole('region', { name: 'Connection status' }).getByRole('status');

async function openSettings(p: Page): Promise<void> {
  await p.getByText(/^Connection settings/).click();
}

test('a connect timeout gives up on a server that never answers the handshake, and says so', async ({ page, extensionId }) => {
  const sockets: Socket[] = [];
  const silent = createServer((s) => sockets.push(s)); // accepts, never answers
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    await page.goto(`chrome-extension://${extensionId}/src/client/client.html?tab=1`);
    await openSettings(page);
    await page.getByLabel('Connect timeout (s)').fill('1');
    await page.getByLabel('Auto-reconnect').uncheck();
    await page.getByLabel('URL', { exact: true }).fill(`ws://127.0.0.1:${(silent.address() as AddressInfo).port}/`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('alert', { name: 'Connection error' })).toContainText('no answer within the connect timeout of 1.0 s');
    await expect(frameRows(page).filter({ hasText: 'within the connect timeout of 1.0 s: gave up.' })).toHaveCount(1);
    await expect(state(page)).toContainText('Closed');
    expect(sockets.length).toBeGreaterThanOrEqual(1);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
});

test('the largest message shown in full: a larger frame is logged cut and marked, with its real size; the server gets it whole; subprotocols take variables', async ({
  page,
  extensionId,
  demo,
}) => {
  await page.goto(`chrome-extension://${extensionId}/src/client/client.html?tab=1`);
  await page.getByText('Environments', { exact: true }).click();
  await page.getByRole('button', { name: 'New environment' }).click();
  await page.getByLabel('Variable 1 name').fill('proto');
  await page.getByLabel('Variable 1 value').fill('chat.v2');
  await page.getByText(/^Environments/).first().click();
  await openSettings(page);
  await page.getByLabel('Largest message shown in full (KB)').fill('1');
  await page.getByLabel('URL', { exact: true }).fill(`${demo.wsUrl}/proto`);
  await page.getByLabel('Subprotocols', { exact: true }).fill('{{proto}}');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(page)).toContainText('Open');
  await expect(page.getByLabel('Negotiated subprotocol')).toHaveText('chat.v2');
  const big = 'x'.repeat(3000);
  await page.getByRole('textbox', { name: /^Message \(/ }).fill(big);
  await page.getByRole('button', { name: /^(Send|Send as text)$/ }).click();
  await page.getByRole('textbox', { name: /^Message \(/ }).fill('small');
  await page.getByRole('button', { name: /^(Send|Send as text)$/ }).click();
  await expect(frameRow(page, 'received', 'small')).toHaveCount(1);
  await expect(frameRow(page, 'sent', 'truncated', 'xxxx')).toHaveCount(1);
  await expect(frameRow(page, 'received', 'truncated', 'xxxx')).toHaveCount(1);
  await expect(frameRow(page, 'truncated', 'small')).toHaveCount(0);
  expect(demo.stats.received('/proto').map((m) => m.data.length)).toEqual([3000, 5]);
  await frameRow(page, 'received', 'truncated', 'xxxx').click();
  await expect(page.getByRole('region', { name: 'Frame detail' })).toContainText('2.9 KB');
});
