/**
 * Playing a recorded session against a server, and scripted checks: a demo chat session recorded
 * in the test client is played, as fast as the server answers, through a proxy that changes one of
 * the server's frames; the comparison reports that frame as the only difference (JSON compared by
 * value, the volatile "time" ignored). A check that fails says what it expected and what came.
 */
import type { Page } from '@playwright/test';
import { WebSocketServer, WebSocket } from 'ws';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { test, expect, openPanel } from './fixtures';
import { startDemoServer } from '../demo/server.mjs';
import { connectionRow, frameRow } from './panel';

const state = (p: Page) => p.getByRole('region', { name: 'Connection status' }).getByRole('status');

async function send(p: Page, text: string): Promise<void> {
  await p.getByRole('textbox', { name: /^Message \(/ }).fill(text);
  await p.getByRole('button', { name: /^(Send|Send as text)$/ }).click();
}

/** A proxy in front of the chat that changes the server's "second" into "SECOND (changed)". */
async function changingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (client, req) => {
    const upstream = new WebSocket(target + (req.url ?? '/'));
    const queue: string[] = [];
    upstream.on('open', () => queue.splice(0).forEach((m) => upstream.send(m)));
    client.on('message', (d: Buffer) => (upstream.readyState === upstream.OPEN ? upstream.send(d.toString('utf8')) : queue.push(d.toString('utf8'))));
    upstream.on('message', (d: Buffer) => client.send(d.toString('utf8').replace('"text":"second"', '"text":"SECOND (changed)"')));
    client.on('close', () => upstream.close());
    upstream.on('close', () => client.close());
  });
  await new Promise((r) => wss.once('listening', r));
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }),
  };
}

test('a recorded demo chat session played against the server through a proxy that changes one frame: that frame is the only difference', async ({ page, extensionId }) => {
  const demo = await startDemoServer({ port: 0, botIntervalMs: 0 });
  const proxy = await changingProxy(demo.wsUrl);
  try {
    const client = page;
    await client.goto(`chrome-extension://${extensionId}/src/client/client.html?tab=1`);
    await client.getByLabel('URL', { exact: true }).fill(`${demo.wsUrl}/chat?user=ada`);
    await client.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(state(client)).toContainText('Open');
    await expect(frameRow(client, 'received', '"type":"join"')).toHaveCount(1);
    await send(client, 'first');
    await expect(frameRow(client, 'received', '"text":"first"')).toHaveCount(1);
    await send(client, '{"type":"chat","text":"second"}');
    await expect(frameRow(client, 'received', '"text":"second"')).toHaveCount(1);
    await send(client, 'third');
    await expect(frameRow(client, 'received', '"text":"third"')).toHaveCount(1);
    await client.getByRole('button', { name: 'Disconnect' }).click();
    await expect(state(client)).toContainText('Closed');

    await client.getByText('Play a recorded session').click();
    const play = client.getByRole('region', { name: 'Play a recorded session' });
    await expect(play.getByLabel('Recording', { exact: true })).toContainText(`This client #1: ${demo.wsUrl}/chat?user=ada (3 sent, 5 received)`);
    await play.getByLabel('Play against (URL)').fill(`${proxy.url}/chat?user=ada`);
    await play.getByRole('radio', { name: 'As fast as the server answers' }).check();
    await expect(play.getByLabel('Volatile fields (ignored in JSON)')).toHaveValue('id, time, timestamp');
    await play.getByRole('button', { name: 'Play' }).click();
    await expect(play.getByRole('status', { name: 'Playback result' })).toHaveText(
      '5 received frames compared: 4 the same, 1 differ, 0 missing, 0 extra.',
    );
    const rows = play.getByRole('table', { name: 'Comparison' }).getByRole('row');
    await expect(rows).toHaveCount(6);
    await expect(rows.filter({ hasText: 'differs at $.text' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'differs at $.text' })).toContainText('SECOND (changed)');
    await expect(rows.filter({ hasText: /same$/ })).toHaveCount(4);
    // The played frames are in the log as well, sent in the recorded order.
    await expect(frameRow(client, 'received', 'SECOND (changed)')).toHaveCount(1);
  } finally {
    await proxy.close();
    await demo.close();
  }
});

test('checks: a step passes on its echo, one that expects what never comes fails with a clear message, the run carries on', async ({ page, extensionId, demo }) => {
  const client = page;
  await client.goto(`chrome-extension://${extensionId}/src/client/client.html?tab=1`);
  await client.getByLabel('URL', { exact: true }).fill(`${demo.wsUrl}/echo`);
  await client.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(client)).toContainText('Open');
  await client.getByText(/^Checks/).click();
  const checks = client.getByRole('region', { name: 'Checks' });
  const step = async (i: number, sendText: string, expectText: string, within: string) => {
    await checks.getByRole('button', { name: 'Add step' }).click();
    await checks.getByLabel(`Step ${i} send`).fill(sendText);
    await checks.getByLabel(`Step ${i} expect`).fill(expectText);
    await checks.getByLabel(`Step ${i} within (ms)`).fill(within);
  };
  await step(1, 'ping', 'ping', '5000');
  await step(2, 'hello', '/^nope$/', '300');
  await step(3, 'last', '/^last$/', '5000');
  await checks.getByRole('button', { name: 'Run checks' }).click();
  await expect(checks.getByRole('status', { name: 'Checks result' })).toHaveText('2 passed, 1 failed.');
  const results = checks.getByRole('list', { name: 'Check results' }).getByRole('listitem');
  await expect(results.nth(0)).toHaveText(/^PASS Step 1: got "ping" after \d+ ms\.$/);
  await expect(results.nth(1)).toHaveText('FAIL Step 2: expected a frame matching /^nope$/ within 300 ms after sending "hello"; 1 frame came that did not match: "hello".');
  await expect(results.nth(2)).toHaveText(/^PASS Step 3: got "last" after \d+ ms\.$/);
  expect(demo.stats.received('/echo').map((m) => m.data.toString('utf8'))).toEqual(['ping', 'hello', 'last']);
  // The steps are the connection's: kept across a reload.
  await client.reload();
  await expect(client.getByText('Checks (3 steps)')).toBeVisible();
});

test('"Open in test client" hands the captured session over: played against the echo server, every frame the same', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        let n = 0;
        ws.onmessage = () => {
          if (++n === 2) resolve();
        };
        ws.onopen = () => {
          ws.send('{"op":"join","id":1}');
          ws.send(new Uint8Array([7, 8, 9]));
        };
      }),
    `${demo.wsUrl}/echo`,
  );
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await connectionRow(panel, '/echo').click();
  const [client] = await Promise.all([
    context.waitForEvent('page', (p) => p.url().includes('/src/client/client.html')),
    panel.getByRole('button', { name: 'Open in test client' }).click(),
  ]);
  const play = client.getByRole('region', { name: 'Play a recorded session' });
  await expect(play.getByLabel('Recording', { exact: true })).toContainText(`From the panel: ${demo.wsUrl}/echo (2 sent, 2 received)`);
  await play.getByRole('radio', { name: 'Original timing' }).check();
  await play.getByRole('button', { name: 'Play' }).click();
  await expect(play.getByRole('status', { name: 'Playback result' })).toHaveText('2 received frames compared: 2 the same, 0 differ, 0 missing, 0 extra.');
  await expect.poll(() => demo.stats.received('/echo').map((m) => (m.isBinary ? [...m.data] : m.data.toString('utf8')))).toEqual([
    '{"op":"join","id":1}',
    [7, 8, 9],
    '{"op":"join","id":1}',
    [7, 8, 9],
  ]);
});

test('a recording from an exported log file, with a variable in a sent frame, played on its original timing; a file that is no log says so', async ({ page, extensionId, demo }) => {
  const client = page;
  await client.goto(`chrome-extension://${extensionId}/src/client/client.html?tab=1`);
  await client.getByText('Environments', { exact: true }).click();
  await client.getByRole('button', { name: 'New environment' }).click();
  await client.getByLabel('Variable 1 name').fill('who');
  await client.getByLabel('Variable 1 value').fill('ada');
  await client.getByText(/^Environments/).first().click();
  await client.getByLabel('URL', { exact: true }).fill(`${demo.wsUrl}/echo`);
  await client.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(client)).toContainText('Open');
  await send(client, '{"hello":"ada"}');
  await expect(frameRow(client, 'received', '{"hello":"ada"}')).toHaveCount(1);
  await client.getByRole('button', { name: 'Export', exact: true }).click();
  const [download] = await Promise.all([
    client.waitForEvent('download'),
    client.getByRole('menu', { name: 'Export' }).getByRole('menuitem', { name: 'All connections as JSON' }).click(),
  ]);
  // The recording's sent frame names the variable instead (as a hand-edited or shared log would).
  const log = JSON.parse(await readFile((await download.path())!, 'utf8')) as { frames: Array<{ dir: string; data: string }> };
  const sentFrame = log.frames.find((f) => f.dir === 'sent')!;
  sentFrame.data = '{"hello":"{{who}}"}';
  await client.getByRole('button', { name: 'Disconnect' }).click();
  await client.getByRole('button', { name: 'Clear log' }).click();

  await client.getByText('Play a recorded session').click();
  const play = client.getByRole('region', { name: 'Play a recorded session' });
  await play.getByLabel('Recording from a log file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(play.getByRole('alert', { name: 'Recording file' })).toContainText('notes.json: ');
  await play.getByLabel('Recording from a log file').setInputFiles({ name: 'shared.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(log)) });
  await expect(play.getByRole('status', { name: 'Recording file' })).toHaveText('shared.json: 1 connection to play.');
  await expect(play.getByLabel('Recording', { exact: true })).toContainText(`shared.json #1: ${demo.wsUrl}/echo (1 sent, 1 received)`);
  await play.getByRole('radio', { name: 'Original timing' }).check();
  await play.getByRole('button', { name: 'Play' }).click();
  await expect(play.getByRole('status', { name: 'Playback result' })).toHaveText('1 received frames compared: 1 the same, 0 differ, 0 missing, 0 extra.');
  expect(demo.stats.received('/echo').map((m) => m.data.toString('utf8'))).toEqual(['{"hello":"ada"}', '{"hello":"ada"}']);
});
