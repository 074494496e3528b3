/**
 * Acting on live traffic from the panel: replay (one frame, several with their spacing or a fixed
 * interval, stopped), edit and resend, compose, simulate incoming, close; bad input said plainly;
 * and a page that tries to use the extension's channel gets nothing done.
 */
import type { Page } from '@playwright/test';
import { test, expect, openPanel } from './fixtures';
import { actPanel, connectionRow, expectFramesShown, framesShown, frameRow, paneTab } from './panel';
import { channelAttacks } from './scenarios';

/** Opens a socket to /echo in the page; `window.__got` collects what its handlers see. */
async function openEcho(page: Page, wsUrl: string, binaryType: BinaryType = 'arraybuffer'): Promise<void> {
  await page.evaluate(
    ({ url, binaryType }) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { ws: WebSocket; __got: unknown[]; __gotListener: unknown[] };
        w.__got = [];
        w.__gotListener = [];
        const norm = (d: unknown) => (typeof d === 'string' ? d : d instanceof Blob ? `Blob(${d.size})` : Array.from(new Uint8Array(d as ArrayBuffer)));
        w.ws = new WebSocket(url);
        w.ws.binaryType = binaryType;
        w.ws.onmessage = (e) => w.__got.push(norm(e.data));
        w.ws.addEventListener('message', (e) => w.__gotListener.push(norm(e.data)));
        w.ws.onopen = () => resolve();
      }),
    { url: `${wsUrl}/echo`, binaryType },
  );
}

const serverGot = (demo: { stats: { received(p: string): Array<{ data: Buffer; isBinary: boolean; time: number }> } }) =>
  demo.stats.received('/echo').map((m) => (m.isBinary ? [...m.data] : m.data.toString('utf8')));

test('replay one frame, text and binary: the server receives it again byte for byte', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, demo.wsUrl);
  await page.evaluate(() => {
    const ws = (window as unknown as { ws: WebSocket }).ws;
    ws.send('hello replay');
    ws.send(new Uint8Array([1, 2, 3, 255]));
  });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 4);

  await frameRow(panel, 'sent', 'hello replay').click();
  await panel.getByRole('group', { name: 'Frame actions' }).getByRole('button', { name: 'Replay' }).click();
  await expect(panel.getByRole('group', { name: 'Frame actions' }).getByRole('status')).toContainText('Replayed into #1');
  await frameRow(panel, 'sent', '01 02 03 ff').first().click();
  await panel.getByRole('group', { name: 'Frame actions' }).getByRole('button', { name: 'Replay' }).click();
  await expect.poll(() => serverGot(demo)).toEqual(['hello replay', [1, 2, 3, 255], 'hello replay', [1, 2, 3, 255]]);
  // Marked in the log, and the echoes come back as usual.
  await expect(frameRow(panel, 'sent', 'text · replayed', 'hello replay')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'replayed', '01 02 03 ff')).toHaveCount(1);
  await expectFramesShown(panel, 8);
});

test('replay several frames in order, with their original spacing, at a fixed interval, and stopped', async ({ page, context, demo, extensionId, tabIdOf }) => {
  test.setTimeout(90_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, demo.wsUrl);
  await page.evaluate(async () => {
    const ws = (window as unknown as { ws: WebSocket }).ws;
    for (const m of ['r1', 'r2', 'r3']) {
      ws.send(m);
      await new Promise((r) => setTimeout(r, 400));
    }
  });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 6);
  await frameRow(panel, 'sent', 'r1').click();
  await frameRow(panel, 'sent', 'r2').click({ modifiers: ['Control'] });
  await frameRow(panel, 'sent', 'r3').click({ modifiers: ['Control'] });
  const bar = panel.getByRole('region', { name: 'Replay selected frames' });
  await expect(bar).toContainText('3 frames selected');

  // Spacing: the replay waits before each frame after the first, so from the click to "Replayed 3
  // of 3." at least the sum of its waits has passed. Measured here, in this run, it is a lower
  // bound that load can only lengthen; never an upper bound, which a busy machine exceeds at will.
  // (Not where the frames arrive: a starved server reads two at once and stamps them 1 ms apart.)
  const replayTook = async (): Promise<number> => {
    const clicked = Date.now();
    await bar.getByRole('button', { name: 'Replay 3 frames' }).click();
    await expect(bar.getByRole('status')).toHaveText('Replayed 3 of 3.', { timeout: 30_000 });
    return Date.now() - clicked;
  };
  // Original spacing: the originals were sent at least 400 ms apart (timers never fire early; 1 ms
  // of rounding per gap).
  expect(await replayTook()).toBeGreaterThanOrEqual(2 * 400 - 2);
  let got = demo.stats.received('/echo').slice(3);
  expect(got.map((m) => m.data.toString())).toEqual(['r1', 'r2', 'r3']);

  // A fixed interval of 50 ms.
  demo.stats.reset();
  await bar.getByLabel('every').check();
  await bar.getByRole('textbox', { name: 'Interval in milliseconds' }).fill('50');
  expect(await replayTook()).toBeGreaterThanOrEqual(2 * 50 - 2);
  got = demo.stats.received('/echo');
  expect(got.map((m) => m.data.toString())).toEqual(['r1', 'r2', 'r3']);

  // A slow replay stopped after the first frame.
  demo.stats.reset();
  await bar.getByRole('textbox', { name: 'Interval in milliseconds' }).fill('3000');
  await bar.getByRole('button', { name: 'Replay 3 frames' }).click();
  await expect.poll(() => demo.stats.received('/echo').length).toBe(1);
  await bar.getByRole('button', { name: 'Stop replay' }).click();
  await expect(bar.getByRole('status')).toHaveText('Stopped after 1 of 3.');
  // The sentinel is a second replay at the same interval, started after the stop: its r2 is due
  // after the stopped replay's r2 would have been, on the same timers and the same socket, so once
  // it has gone out, a replay that did not stop would have sent its r2 before it.
  await bar.getByRole('button', { name: 'Replay 3 frames' }).click();
  await expect.poll(() => demo.stats.received('/echo').length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  await bar.getByRole('button', { name: 'Stop replay' }).click();
  await expect(bar.getByRole('status')).toHaveText('Stopped after 2 of 3.');
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('sentinel'));
  await expect.poll(() => demo.stats.received('/echo').at(-1)?.data.toString()).toBe('sentinel');
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['r1', 'r1', 'r2', 'sentinel']);
});

test('edit and resend, compose, simulate incoming, close: each reaches the server or the page as asked', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, demo.wsUrl);
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('{"a":1}'));
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 2);

  // Edit and resend: the frame opens in its connection's composer as JSON.
  await frameRow(panel, 'sent', '{"a":1}').click();
  await panel.getByRole('group', { name: 'Frame actions' }).getByRole('button', { name: 'Edit and resend' }).click();
  const act = await actPanel(panel, 'already');
  const editor = act.getByRole('textbox', { name: 'Message to send (JSON)' });
  await expect(editor).toHaveValue('{"a":1}');
  await editor.fill('{"a":2,"edited":true}');
  await editor.press('Control+Enter');
  await expect(act.getByRole('status').last()).toContainText('Sent 21 B of text on #1.');

  // Compose binary as hex.
  await act.getByLabel('Hex').check();
  await act.getByRole('textbox', { name: 'Message to send (Hex)' }).fill('de ad be ef 00');
  await act.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => serverGot(demo)).toEqual(['{"a":1}', '{"a":2,"edited":true}', [0xde, 0xad, 0xbe, 0xef, 0x00]]);
  // Its mark is in the Type column when the grid has room for it, and always in the detail.
  await expect(frameRow(panel, 'sent', 'de ad be ef 00')).toHaveCount(1);
  await frameRow(panel, 'sent', 'de ad be ef 00').click();
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText('composed');
  await paneTab(panel, 'Act');

  // Simulate incoming: the page's handlers get an ArrayBuffer (binaryType arraybuffer) and a string.
  const before = demo.stats.received('/echo').length;
  await act.getByRole('button', { name: 'Simulate incoming' }).click();
  await act.getByLabel('Text').check();
  await act.getByRole('textbox', { name: 'Message to send (Text)' }).fill('from the server, really');
  await act.getByRole('button', { name: 'Simulate incoming' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __got: unknown[] }).__got.slice(-2)))
    .toEqual([[0xde, 0xad, 0xbe, 0xef, 0x00], 'from the server, really']);
  expect(await page.evaluate(() => (window as unknown as { __gotListener: unknown[] }).__gotListener.slice(-2))).toEqual([
    [0xde, 0xad, 0xbe, 0xef, 0x00],
    'from the server, really',
  ]);
  await expect(frameRow(panel, 'received', 'from the server, really')).toHaveCount(1);
  await frameRow(panel, 'received', 'from the server, really').click();
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText('simulated');
  await paneTab(panel, 'Act');
  expect(demo.stats.received('/echo').length, 'a simulated message never goes to the server').toBe(before);

  // Close from the panel with a code and reason.
  await act.getByLabel('Close code').fill('4002');
  await act.getByLabel('Reason').fill('from devtools');
  await act.getByRole('button', { name: 'Close connection' }).click();
  await expect.poll(() => demo.stats.closes('/echo').map((c) => [c.code, c.reason])).toEqual([[4002, 'from devtools']]);
  await expect(connectionRow(panel, '/echo')).toContainText('4002 Private Use "from devtools"');
  await expect(connectionRow(panel, '/echo')).toContainText('closed from DevTools');
});

test('simulate incoming honours binaryType blob', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, demo.wsUrl, 'blob');
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await connectionRow(panel, '/echo').click();
  const act = await actPanel(panel);
  await act.getByLabel('Base64').check();
  await act.getByRole('textbox', { name: 'Message to send (Base64)' }).fill('AQID');
  await act.getByRole('button', { name: 'Simulate incoming' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: unknown[] }).__got)).toEqual(['Blob(3)']);
  await expect(frameRow(panel, 'received', 'binary (blob) · simulated', '01 02 03')).toHaveCount(1);
});

test('bad input is said plainly and changes nothing in the log', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, demo.wsUrl);
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('keep me'));
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 2);
  await connectionRow(panel, '/echo').click();
  const act = await actPanel(panel);

  // Invalid hex is refused with the position of the error; nothing is sent.
  await act.getByLabel('Hex').check();
  await act.getByRole('textbox', { name: 'Message to send (Hex)' }).fill('01 zz');
  await act.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(act.getByRole('alert')).toContainText('position 4');
  // An invalid close code is refused before it reaches the page.
  await act.getByLabel('Close code').fill('1006');
  await act.getByRole('button', { name: 'Close connection' }).click();
  await expect(act.getByRole('alert').last()).toHaveText('1006 (Abnormal Closure) cannot be sent by a page: use 1000, or 3000–4999.');
  expect((await framesShown(panel)).total).toBe(2);
  expect(serverGot(demo)).toEqual(['keep me']);

  // Invalid JSON is flagged, yet can still be sent as text.
  await act.getByLabel('JSON').check();
  await act.getByRole('textbox', { name: 'Message to send (JSON)' }).fill('{"broken": ');
  await expect(act).toContainText('Invalid JSON');
  await act.getByRole('button', { name: 'Send as text' }).click();
  await expect.poll(() => serverGot(demo)).toEqual(['keep me', '{"broken": ']);

  // Sending on a closed socket says so plainly.
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.close(1000));
  await expect(connectionRow(panel, '/echo')).toContainText('closed');
  await frameRow(panel, 'sent', 'keep me').click();
  await panel.getByRole('group', { name: 'Frame actions' }).getByRole('button', { name: 'Replay' }).click();
  await expect(panel.getByRole('group', { name: 'Frame actions' }).getByRole('alert')).toHaveText('That connection is closed: nothing was done.');
  // The act controls are a tab of the pane, beside the frame's.
  await actPanel(panel);
  await expect(act.getByRole('note')).toHaveText('Connection #1 is closed: nothing can be sent on it.');
  // Nothing can be sent on it: the controls are disabled, and the note says why, once.
  await expect(act.getByRole('button', { name: 'Send as text' })).toBeDisabled();
  await expect(act.getByText(/is closed/)).toHaveCount(1);
  // Nothing was sent: a sentinel on a second socket, sent after the refusals, reaches the server
  // and the panel's count with nothing before it.
  const total = (await framesShown(panel)).total;
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => ws.send('sentinel');
        ws.onmessage = () => resolve();
      }),
    `${demo.wsUrl}/echo`,
  );
  // (Its frames are counted in the total; the log shows only the selected connection #1.)
  await expect.poll(async () => (await framesShown(panel)).total).toBe(total + 2);
  expect(serverGot(demo)).toEqual(['keep me', '{"broken": ', 'sentinel']);
});

test('a page cannot use the extension channel to send, simulate or read', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, demo.wsUrl);
  const attempts = await page.evaluate(channelAttacks);
  expect(attempts).toEqual(['forged port taken: false', 'hook port leaked: false', 'runtime.sendMessage available: false']);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 2);
  // A sentinel sent after the attacks: once its echo is back, anything they had set off would be too.
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('sentinel'));
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: unknown[] }).__got)).toEqual(['real', 'sentinel']);
  await expectFramesShown(panel, 4);
  expect(serverGot(demo)).toEqual(['real', 'sentinel']);
  await expect(frameRow(panel, 'FORGED')).toHaveCount(0);
  await expect(frameRow(panel, 'INJECTED')).toHaveCount(0);
});

test('"Open in test client" on a captured connection opens the client with its URL, subprotocols and sent messages', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url, ['chat.v1', 'chat.v2']);
        ws.onopen = () => {
          ws.send('{"op":"join"}');
          ws.send(new Uint8Array([7, 8, 9]));
          resolve();
        };
      }),
    `${demo.wsUrl}/proto`,
  );
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await connectionRow(panel, '/proto').click();
  const [client] = await Promise.all([
    context.waitForEvent('page', (p) => p.url().includes('/src/client/client.html')),
    panel.getByRole('button', { name: 'Open in test client' }).click(),
  ]);
  await expect(client.getByLabel('URL', { exact: true })).toHaveValue(`${demo.wsUrl}/proto`);
  await expect(client.getByLabel('Subprotocols', { exact: true })).toHaveValue(/chat\.v1,\s*chat\.v2/);
  await expect(client.getByRole('button', { name: 'Send saved message #1 sent 1: {"op":"join"}' })).toBeVisible();
  await expect(client.getByRole('button', { name: 'Send saved message #1 sent 2: 3 bytes' })).toBeVisible();
  // The client really connects with them and sends the saved message.
  await client.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(client.getByLabel('Negotiated subprotocol')).toHaveText('chat.v1');
  await client.getByRole('button', { name: 'Send saved message #1 sent 2: 3 bytes' }).click();
  await expect.poll(() => demo.stats.received('/proto').map((m) => [...m.data])).toContainEqual([7, 8, 9]);
});

test('the frames context menu: right-click Replay; Shift+F10 then Edit and resend', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, demo.wsUrl);
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('menu me'));
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 2);
  await frameRow(panel, 'sent', 'menu me').click({ button: 'right' });
  const menu = panel.getByRole('menu', { name: 'Frame actions menu' });
  await menu.getByRole('menuitem', { name: 'Replay' }).click();
  await expect(panel.getByRole('status', { name: 'Frame action result' })).toHaveText('Replayed into #1.');
  await expect.poll(() => serverGot(demo)).toEqual(['menu me', 'menu me']);
  // From the keyboard: the selected row's menu, then Edit and resend fills the composer.
  await frameRow(panel, 'sent', 'menu me').first().click();
  await panel.keyboard.press('Shift+F10');
  await expect(menu.getByRole('menuitem', { name: 'Replay' })).toBeFocused();
  await panel.keyboard.press('ArrowDown');
  await panel.keyboard.press('Enter');
  await expect(panel.getByRole('region', { name: 'Act on this connection' }).getByRole('textbox', { name: 'Message to send (Text)' })).toHaveValue('menu me');
});
