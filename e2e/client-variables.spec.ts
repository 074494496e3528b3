/**
 * The test client's variables and connections in tabs: `{{name}}` from the active environment in
 * the URL and messages (the log shows the resolved text, the server gets it), built-ins, an
 * unknown variable and a loop held back with a clear message, an environment deleted while in
 * use (undo brings it back, nothing is lost), and two connections live at once, each with its log.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { frameRow, frameRows } from './panel';

const editor = (p: Page) => p.getByRole('textbox', { name: /^Message \(/ });
const sendButton = (p: Page) => p.getByRole('button', { name: /^(Send|Send as text)$/ });
const state = (p: Page) => p.getByRole('region', { name: 'Connection status' }).getByRole('status');

async function send(p: Page, text: string): Promise<void> {
  await editor(p).fill(text);
  await sendButton(p).click();
}

async function setVar(p: Page, i: number, key: string, value: string): Promise<void> {
  const envs = p.getByRole('region', { name: 'Environments' });
  if ((await envs.getByLabel(`Variable ${i} name`).count()) === 0) await envs.getByRole('button', { name: 'Add variable' }).click();
  await envs.getByLabel(`Variable ${i} name`).fill(key);
  await envs.getByLabel(`Variable ${i} value`).fill(value);
}

test('variables fill the URL and the message; unknown names and loops are held back; an environment deleted in use can be undone', async ({
  page,
  extensionId,
  demo,
}) => {
  await page.goto(`chrome-extension://${extensionId}/src/client/client.html?tab=1`);
  const client = page;
  await client.getByText('Environments', { exact: true }).click();
  await client.getByRole('button', { name: 'New environment' }).click();
  await client.getByLabel('Environment name').fill('local');
  await setVar(client, 1, 'host', new URL(demo.wsUrl).host);
  await setVar(client, 2, 'who', 'ada');
  await setVar(client, 3, 'greeting', 'hi {{who}}');
  await client.getByText(/^Environments/).first().click(); // close the editor

  await client.getByLabel('URL', { exact: true }).fill('ws://{{host}}/echo');
  await client.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(client)).toContainText('Open');
  await expect(client.getByRole('region', { name: 'Connection status' })).toContainText(`${demo.wsUrl}/echo`);

  await send(client, '{{greeting}} #{{$counter}} at {{$timestamp}}');
  await send(client, '{{greeting}} #{{$counter}}');
  await expect(frameRow(client, 'sent', /^.*hi ada #1 at \d{10}/)).toHaveCount(1);
  await expect(frameRow(client, 'sent', 'hi ada #2')).toHaveCount(1);
  await expect.poll(() => demo.stats.received('/echo').map((m) => m.data.toString('utf8').replace(/\d{10}/, 'T'))).toEqual(['hi ada #1 at T', 'hi ada #2']);

  // An unknown variable: flagged as typed, and not sent.
  await editor(client).fill('{"to": "{{nobody}}"}');
  await expect(client.getByRole('alert', { name: 'Variables' })).toHaveText(
    'Unknown variable {{nobody}}. Add it to the environment "local", or choose another.',
  );
  await sendButton(client).click();
  // A loop.
  await client.getByText(/^Environments/).first().click();
  await setVar(client, 4, 'a', '{{b}}');
  await setVar(client, 5, 'b', 'x{{a}}');
  await editor(client).fill('{{a}}');
  await expect(client.getByRole('alert', { name: 'Variables' })).toHaveText('Variable loop: {{a}} → {{b}} → {{a}}. Change one of these values.');
  await sendButton(client).click();
  await send(client, 'sentinel {{who}}');
  await expect(frameRow(client, 'received', 'sentinel ada')).toHaveCount(1);
  expect(demo.stats.received('/echo').map((m) => m.data.toString('utf8'))).toHaveLength(3);

  // The environment deleted while in use: said so, the message held back, undo restores it.
  await client.getByRole('button', { name: 'Delete environment' }).click();
  await expect(client.getByRole('status', { name: 'Environment deleted' })).toContainText('Deleted the environment "local" (5 variables), which was active');
  await editor(client).fill('after {{who}}');
  await expect(client.getByRole('alert', { name: 'Variables' })).toContainText('Unknown variable {{who}}. No environment is active');
  await client.getByRole('button', { name: 'Undo' }).click();
  await expect(client.getByRole('alert', { name: 'Variables' })).toHaveCount(0);
  await expect(client.getByLabel('Variable 2 value')).toHaveValue('ada');
  await sendButton(client).click();
  await expect(frameRow(client, 'received', 'after ada')).toHaveCount(1);

  // Kept across a reload.
  await client.reload();
  await expect(client.getByText('Environments: local')).toBeVisible();
});

test('two connections live at once in tabs, each with its own log; the strip and the popup say which are live', async ({ page, context, extensionId, demo }) => {
  await page.goto(`chrome-extension://${extensionId}/src/client/client.html?tab=1`);
  const client = page;
  await client.getByLabel('URL', { exact: true }).fill(`${demo.wsUrl}/echo`);
  await client.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(client)).toContainText('Open');
  await send(client, 'on the first');

  await client.getByRole('button', { name: 'New connection' }).click();
  await expect(client.getByRole('tab', { name: /^2: / })).toHaveAttribute('aria-selected', 'true');
  await client.getByLabel('URL', { exact: true }).fill(`${demo.wsUrl}/proto`);
  await client.getByLabel('Subprotocols', { exact: true }).fill('chat.v1');
  await client.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(client)).toContainText('Open');
  await send(client, 'on the second');
  await expect(frameRow(client, 'received', 'on the second')).toHaveCount(1);
  await expect(frameRow(client, 'on the first')).toHaveCount(0);
  await expect(client.getByRole('status', { name: 'Live connections' })).toHaveText('2 live');
  await expect(client.getByRole('tab', { name: `1: ${demo.wsUrl}/echo: live` })).toBeVisible();
  await expect(client.getByRole('tab', { name: `2: ${demo.wsUrl}/proto: live` })).toBeVisible();

  // The popup (here as a page of its own) tells of both.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/src/client/client.html`);
  await expect(popup.getByRole('note')).toContainText(`2 connections live: connected to ${demo.wsUrl}/echo; connected to ${demo.wsUrl}/proto`);
  await popup.close();

  await client.getByRole('tab', { name: /^1: / }).click();
  await expect(frameRow(client, 'received', 'on the first')).toHaveCount(1);
  await expect(frameRow(client, 'on the second')).toHaveCount(0);
  await client.getByRole('button', { name: 'Disconnect' }).click();
  await expect(client.getByRole('status', { name: 'Live connections' })).toHaveText('1 live');
  expect(demo.stats.received('/echo').map((m) => m.data.toString('utf8'))).toEqual(['on the first']);
  expect(demo.stats.received('/proto').map((m) => m.data.toString('utf8'))).toEqual(['on the second']);
  await expect(frameRows(client).filter({ hasText: 'Closed by you' })).toHaveCount(1);
});
