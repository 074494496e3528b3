/**
 * The panel's bug list, one test each: held frames dropped at close, the type of a received
 * binary frame, raw marks, the act bar after Close, Simulate again first on a received frame,
 * Open in test client, the chart's legend and the timeline's axis, the Decoded tab of plain JSON,
 * saving a filter, cut close reasons and codes.
 */
import type { Page } from '@playwright/test';
import { test, expect, openPanel } from './fixtures';
import { actPanel, connectionRow, expectFramesShown, frameRow, frameRows, framesGrid, framesShown, openFilters, paneTab } from './panel';

/** Opens a socket to `path` in the page as `window.ws`; `window.__got` collects what its handlers see. */
async function openSocket(page: Page, url: string, binaryType: BinaryType = 'arraybuffer'): Promise<void> {
  await page.evaluate(
    ({ url, binaryType }) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { ws: WebSocket; __got: unknown[] };
        w.__got = [];
        w.ws = new WebSocket(url);
        w.ws.binaryType = binaryType;
        w.ws.onmessage = (e) => w.__got.push(typeof e.data === 'string' ? e.data : 'binary');
        w.ws.onopen = () => resolve();
      }),
    { url, binaryType },
  );
}
const send = (page: Page, data: string | number[]) =>
  page.evaluate((d) => (window as unknown as { ws: WebSocket }).ws.send(typeof d === 'string' ? d : new Uint8Array(d)), data);

interface StoreView {
  rows: Array<{ kind: string; rec?: { data: unknown; time: number; mark?: string } }>;
  connections: Map<string, { close: { time: number } | null; closedAt: number | null }>;
}

test('frames held by a breakpoint when the socket closes are "dropped", stamped with their arrival time', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.getByRole('button', { name: /^Rules \(\d+ active\)$/ }).click();
  const form = panel.getByRole('dialog').getByRole('form', { name: 'New rule' });
  await form.getByLabel('Action').selectOption('pause');
  await form.getByLabel('Direction').selectOption('sent');
  await form.getByLabel('Frames matching').fill('hold');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(panel.getByRole('dialog').getByRole('status')).toContainText('Rule added');
  await expect(panel.getByRole('dialog').getByLabel('In force in this page')).toHaveText('In force in this page: 1 rule.');
  await panel.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  await send(page, 'hold me');
  await send(page, 'behind me');
  const held = panel.getByRole('region', { name: 'Paused frames' });
  await expect(held.getByRole('group', { name: 'Paused sent frame on #1' }).getByRole('textbox')).toHaveValue('hold me');
  // Time passes between their arrival and the close that drops them.
  await page.waitForTimeout(400);
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.close(1000));
  await expect(connectionRow(panel, '/echo')).toContainText('closed');

  await expect(frameRow(panel, 'sent', 'dropped', 'hold me')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'dropped', 'behind me')).toHaveCount(1);
  await expect(frameRow(panel, 'blocked')).toHaveCount(0);
  await expect(held).toHaveCount(0);
  const times = await panel.evaluate(() => {
    const store = (globalThis as unknown as { wslens: { store: StoreView } }).wslens.store;
    const frames = store.rows
      .filter((r) => r.kind === 'frame')
      .map((r) => ({ data: r.rec?.data, time: r.rec?.time ?? 0, mark: r.rec?.mark }));
    const conn = [...store.connections.values()][0];
    return { frames, close: conn.close?.time ?? 0 };
  });
  expect(times.frames.map((f) => [f.data, f.mark])).toEqual([
    ['hold me', 'dropped'],
    ['behind me', 'dropped'],
  ]);
  for (const f of times.frames) expect(times.close - f.time, `${String(f.data)} keeps its arrival time`).toBeGreaterThanOrEqual(350);

  await frameRow(panel, 'sent', 'dropped', 'hold me').click();
  await expect(panel.getByRole('region', { name: 'Frame detail' }).getByRole('note')).toContainText('Dropped while a breakpoint held it');
  expect(demo.stats.received('/echo')).toEqual([]);
});

test('a received binary frame says "received" and its binaryType; the cut type cell has its whole text on hover', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  await send(page, [1, 2, 3]);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 2);
  const row = frameRow(panel, 'received', '01 02 03');
  await expect(row.getByRole('gridcell').filter({ hasText: 'binary (arraybuffer)' })).toHaveAttribute(
    'title',
    "binary, received as an ArrayBuffer (the socket's binaryType)",
  );
  await row.click();
  const head = panel.getByRole('region', { name: 'Frame detail' });
  await expect(head).toContainText("binary, received as an ArrayBuffer (the socket's binaryType)");
  await expect(head).not.toContainText('sent as');
  await frameRow(panel, 'sent', '01 02 03').click();
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText('binary, sent as a typed array');
});

test('on a JSON connection, binary frames and Engine.IO 2probe/3probe/5 carry no "raw" mark', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  for (const m of ['{"type":"a"}', '{"type":"b"}', '{"type":"c"}', '2probe', '3probe', '5']) await send(page, m);
  await send(page, [0xff, 0, 1]);
  await send(page, 'not json at all');
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 16);
  await connectionRow(panel, '/echo').click();
  await panel.getByRole('combobox', { name: 'Decoder' }).selectOption('json');
  await expect(frameRow(panel, 'sent', 'engine.io ping', '2probe')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'engine.io pong', '3probe')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'engine.io upgrade')).toHaveCount(1);
  // Only the text that is not JSON is shown raw; the binary frames are not.
  await expect(frameRow(panel, '⚠ raw')).toHaveCount(2);
  await expect(frameRow(panel, '⚠ raw', 'not json at all')).toHaveCount(2);
  await expect(frameRow(panel, 'ff 00 01')).toHaveCount(2);
  await expect(frameRow(panel, '⚠ raw', 'ff 00 01')).toHaveCount(0);
});

test('after Close from the panel, Send, Simulate and Close are disabled and "is closed" is said once', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await connectionRow(panel, '/echo').click();
  const act = await actPanel(panel);
  await expect(act.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  await act.getByRole('button', { name: 'Close connection' }).click();
  await expect(connectionRow(panel, '/echo')).toContainText('closed from DevTools');
  for (const name of ['Send', 'Simulate incoming', 'Close connection'])
    await expect(act.getByRole('button', { name, exact: true })).toBeDisabled();
  await expect(act.getByRole('textbox', { name: 'Message to send (Text)' })).toBeDisabled();
  await expect(act.getByText(/is closed/)).toHaveCount(1);
  await expect(act.getByRole('note')).toHaveText('Connection #1 is closed: nothing can be sent on it.');
});

test('on a received frame Simulate again comes first; sending it to the server is labelled plainly and goes through the composer', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  await send(page, 'from server');
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 2);
  await frameRow(panel, 'received', 'from server').click();
  const actions = panel.getByRole('group', { name: 'Frame actions' });
  await expect(actions.getByRole('button')).toHaveText(['Simulate again', 'Send to server as if from page…']);
  await expect(actions.getByRole('button', { name: 'Replay' })).toHaveCount(0);
  await actions.getByRole('button', { name: 'Simulate again' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: unknown[] }).__got)).toEqual(['from server', 'from server']);
  // Sending it to the server: only from the composer, after the user presses Send.
  await actions.getByRole('button', { name: 'Send to server as if from page…' }).click();
  const act = await actPanel(panel, 'already');
  await expect(act.getByRole('textbox', { name: 'Message to send (Text)' })).toHaveValue('from server');
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['from server']);
  // The context menu says the same, in the same order.
  await frameRow(panel, 'received', 'from server').first().click({ button: 'right' });
  const menu = panel.getByRole('menu', { name: 'Frame actions menu' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Simulate again', 'Send to server as if from page…', 'Copy text']);
  await panel.keyboard.press('Escape');
  // Several frames selected: the received ones are left out of a replay.
  await frameRow(panel, 'sent', 'from server').click();
  await frameRow(panel, 'received', 'from server')
    .first()
    .click({ modifiers: ['Control'] });
  const bar = panel.getByRole('region', { name: 'Replay selected frames' });
  await expect(bar).toContainText('2 frames selected');
  await expect(bar.getByRole('note')).toHaveText("1 received frame is left out: replay sends to the server, and it is the server's own.");
  await bar.getByRole('button', { name: 'Replay 1 frame' }).click();
  await expect(bar.getByRole('status')).toHaveText('Replayed 1 of 1.');
  // "Replayed" means the page's socket sent it; the server's receipt follows over the network.
  await expect.poll(() => demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['from server', 'from server']);
});

test('the Decoded tab of a plain JSON frame shows the payload once', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  for (const m of ['{"type":"a","v":111}', '{"type":"b","v":222}', '{"type":"c","v":98765}']) await send(page, m);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 6);
  await connectionRow(panel, '/echo').click();
  await expect(panel.getByRole('combobox', { name: 'Decoder' }).locator('option:checked')).toHaveText('Auto (detected: JSON)');
  await frameRow(panel, 'received', '98765').click();
  const detail = panel.getByRole('region', { name: 'Frame detail' });
  await detail.getByRole('tab', { name: 'Decoded' }).click();
  const text = await detail.getByRole('tabpanel').innerText();
  expect(text.split('98765').length - 1, text).toBe(1);
});

test('a close reason and the meaning of its code, cut in the connection row, are whole on hover and in the details', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  const reason = 'the session expired because nobody moved the mouse for a very long time, so we said goodbye';
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(
    (u) => {
      (window as unknown as { ws: WebSocket }).ws = new WebSocket(u);
    },
    `${demo.wsUrl}/closer?after=0&code=4001&reason=${encodeURIComponent(reason)}`,
  );
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  const row = connectionRow(panel, '/closer');
  await expect(row).toContainText('4001 Private Use');
  // The URL cell is always shown (the close column only when the list has room): its hover text
  // holds the close in full, the reason as sent and the code's meaning.
  const cell = row.getByRole('gridcell').nth(1); // #, URL, state, …
  const title = await cell.getAttribute('title');
  expect(title).toContain(`"${reason}"`);
  expect(title).toContain('Reserved for private use');
  await row.click();
  await paneTab(panel, 'Connection');
  await expect(panel.getByRole('region', { name: 'Connection details' })).toContainText(
    `4001 Private Use "${reason}" — Reserved for private use`,
  );
});

test('the chart has no empty uPlot legend but a readout of the moment under the cursor; the timeline has a clock-time axis', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  for (let i = 0; i < 5; i++) await send(page, `tick ${i}`);
  await page.waitForTimeout(1100); // a second later: two buckets, two ticks apart
  for (let i = 0; i < 5; i++) await send(page, `tock ${i}`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.setViewportSize({ width: 1200, height: 900 });
  await expectFramesShown(panel, 20);
  await connectionRow(panel, '/echo').click();
  await paneTab(panel, 'Chart');
  const details = panel.getByRole('region', { name: 'Connection chart' });
  const figure = details.getByRole('figure', { name: 'Messages and bytes per second of #1' });
  const messages = figure.getByRole('img', { name: /^Messages per second of #1/ });
  await expect(messages.locator('canvas')).toBeVisible();
  await expect(figure).not.toContainText('Time:');
  await expect(figure.locator('.u-legend')).toHaveCount(0);
  const readout = figure.getByLabel('Chart readout');
  await expect(readout).toHaveText('↑ sent above the axis, ↓ received below; hover for the rates of a moment');
  const box = (await messages.locator('.u-over').boundingBox())!;
  await panel.mouse.move(box.x + 2, box.y + box.height / 2);
  await expect(readout).toHaveText(/^\d\d:\d\d:\d\d · ↑ [\d.]+ msg\/s, [\d.]+ (B|KB)\/s · ↓ [\d.]+ msg\/s, [\d.]+ (B|KB)\/s$/);
  await details.screenshot({ path: test.info().outputPath('chart-hover.png') });
  await panel.mouse.move(box.x + box.width / 2, box.y - 40);
  await expect(readout).toHaveText(/hover for the rates/);

  await openFilters(panel);
  await panel.getByRole('checkbox', { name: 'Timeline' }).check();
  const axis = panel.getByLabel('Time axis');
  const labels = await axis.locator('.tick').allInnerTexts();
  expect(labels.length).toBeGreaterThanOrEqual(2);
  for (const l of labels) expect(l).toMatch(/^\d\d:\d\d:\d\d(\.\d{3})?$/);
  await panel.getByRole('group', { name: /^Timeline: / }).screenshot({ path: test.info().outputPath('timeline.png') });
});

test('saving a filter changes nothing shown and says so; when saved filters hide every frame, the empty list names them', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  for (const m of ['ping 1', 'hello', 'ping 2']) await send(page, m);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 6);
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('ping');
  await expectFramesShown(panel, 4, 6);
  await openFilters(panel);
  await panel.getByRole('button', { name: 'Save filter', exact: true }).click();
  await panel.getByRole('textbox', { name: 'Filter name' }).fill('Pings');
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(panel.getByRole('status', { name: 'Saved filter status' })).toHaveText(
    'Saved "Pings", switched off: tick "Use Pings" to apply it.',
  );
  await expect(panel.getByRole('checkbox', { name: 'Use Pings' })).not.toBeChecked();
  // Clearing the live filter brings every frame back: the saved one is not silently on.
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('');
  await expectFramesShown(panel, 6);
  await panel.getByRole('checkbox', { name: 'Use Pings' }).check();
  await expectFramesShown(panel, 4, 6);

  // A second saved filter that, with the first, hides every frame: the empty list names them.
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('hello');
  await panel.getByRole('button', { name: 'Save filter', exact: true }).click();
  await panel.getByRole('textbox', { name: 'Filter name' }).fill('Hellos');
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await panel.getByRole('checkbox', { name: 'Use Hellos' }).check();
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('');
  await expectFramesShown(panel, 0, 6);
  await expect(panel.getByRole('grid', { name: 'Frames' })).toContainText(
    'No frame shown: hidden by the saved filters "Pings" and "Hellos". Switch them off under Saved filters to see more.',
  );
});

/** The aria-rowindex of the frame rows wholly inside the grid's scrolled area, read at one moment. */
async function rowsInView(panel: Page): Promise<number[]> {
  return framesGrid(panel)
    .getByRole('rowgroup', { name: 'Frame rows' })
    .evaluate((body) => {
      const box = body.getBoundingClientRect();
      return [...body.querySelectorAll('[role=row]')]
        .filter((r) => {
          const b = r.getBoundingClientRect();
          return b.height > 0 && b.top >= box.top - 0.5 && b.bottom <= box.bottom + 0.5;
        })
        .map((r) => Number(r.getAttribute('aria-rowindex')));
    });
}
const rowInView = async (panel: Page, index: number): Promise<boolean> => (await rowsInView(panel)).includes(index);

test('live traffic does not scroll a selected row away: selecting or scrolling up stops following, "N new frames" resumes it', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.setViewportSize({ width: 1000, height: 500 });
  await openSocket(page, `${demo.wsUrl}/ticker?interval=15`);
  const rows = frameRows(panel);
  const follow = framesGrid(panel).getByRole('button', { name: /^\d[\d,]* new frames?$/ });
  const total = async () => (await framesShown(panel)).total;
  // Following: the newest row is in view and there is no Follow control.
  await expect.poll(total, { timeout: 20_000 }).toBeGreaterThan(60);
  await expect(follow).toHaveCount(0);

  // Select a row in the middle of what is in view (the list moves under the pointer: read which one was chosen after).
  const inView = await rowsInView(panel);
  await rows.and(panel.locator(`[aria-rowindex="${inView[Math.floor(inView.length / 2)]}"]`)).click({ force: true });
  const picked = rows.and(panel.locator('[aria-selected="true"]'));
  await expect(picked).toHaveCount(1);
  const index = Number(await picked.getAttribute('aria-rowindex'));
  const text = await picked.getByRole('gridcell').nth(1).innerText();
  const seq = `"seq": ${/"seq":(\d+)/.exec(text)![1]}`;
  const selected = rows.and(panel.locator(`[aria-rowindex="${index}"]`));
  await expect(selected).toHaveAttribute('aria-selected', 'true');
  const at = await total();
  // Many more frames arrive: the row is still selected, still in view, still the same frame.
  await expect.poll(total, { timeout: 20_000 }).toBeGreaterThan(at + 60);
  await expect(selected).toHaveAttribute('aria-selected', 'true');
  await expect(selected.getByRole('gridcell').nth(1)).toHaveText(text);
  expect(await rowInView(panel, index)).toBe(true);
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText(seq);
  // The control counts what came since: at least the 60 frames waited for.
  await expect(follow).toBeVisible();
  expect(Number((await follow.innerText()).replace(/[^\d]/g, ''))).toBeGreaterThanOrEqual(60);

  // Follow: the newest rows come into view again and keep coming; the selection stays.
  await follow.click();
  await expect(follow).toHaveCount(0);
  const after = await total();
  await expect.poll(total, { timeout: 20_000 }).toBeGreaterThan(after + 20);
  // The newest rows are the ones in view (row indexes count the header row).
  await expect.poll(async () => Math.max(...(await rowsInView(panel))), { timeout: 20_000 }).toBeGreaterThan(after + 20);
  expect(await rowInView(panel, index)).toBe(false);
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText(seq);

  // With no row selected, scrolling up stops following too; the control brings the tail back.
  await panel.keyboard.press('Escape');
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toBeHidden();
  await framesGrid(panel).getByRole('rowgroup', { name: 'Frame rows' }).evaluate((el) => (el.scrollTop = 0));
  await expect.poll(async () => (await rowsInView(panel))[0]).toBe(2);
  const now = await total();
  await expect.poll(total, { timeout: 20_000 }).toBeGreaterThan(now + 30);
  expect(await rowInView(panel, 2)).toBe(true);
  await expect(follow).toBeVisible();
  await follow.click();
  await expect(follow).toHaveCount(0);
  await expect.poll(async () => rowInView(panel, 2)).toBe(false);

  // What came is named: with lifecycle events shown, the close's rows are events, not frames.
  await openFilters(panel);
  await panel.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Messages and events' });
  await framesGrid(panel).getByRole('rowgroup', { name: 'Frame rows' }).evaluate((el) => (el.scrollTop = 0));
  await expect.poll(async () => (await rowsInView(panel))[0]).toBe(2);
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.close(1000, 'done'));
  const bar = framesGrid(panel).getByRole('button', { name: /new (frames?|events?)/ });
  await expect(bar).toHaveText(/^↓ (\d[\d,]* new frames?, 2 events|2 new events)$/);
});

test('frame marks are in the always-shown direction cell, named for screen readers, when the Type column has no room', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  await send(page, 'from page');
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.setViewportSize({ width: 500, height: 700 });
  await expectFramesShown(panel, 2);
  await connectionRow(panel, '/echo').click();
  const act = await actPanel(panel);
  const box = act.getByRole('textbox', { name: 'Message to send (Text)' });
  await box.fill('typed in the panel');
  await act.getByRole('button', { name: 'Send', exact: true }).click();
  await expectFramesShown(panel, 4);
  await box.fill('made up by the panel');
  await act.getByRole('button', { name: 'Simulate incoming', exact: true }).click();
  await expectFramesShown(panel, 5);
  // The grid at this width has no Type column: the marks are in the direction cell.
  await expect(framesGrid(panel).getByRole('columnheader')).not.toContainText(['Type']);
  const dirCell = (...texts: string[]) => frameRow(panel, ...texts).getByRole('gridcell').first();
  await expect(dirCell('sent', 'typed in the panel')).toHaveText(/^↑sent\s*✎\s*composed$/);
  await expect(dirCell('sent', 'typed in the panel').getByTitle('Composed: sent from the panel')).toBeVisible();
  await expect(dirCell('received', 'made up by the panel')).toHaveText(/^↓received\s*◇\s*simulated$/);
  // Frames the page sent and the server's echoes carry none.
  await expect(dirCell('sent', 'from page')).toHaveText('↑sent');
  await expect(frameRow(panel, 'received', 'typed in the panel').getByRole('gridcell').first()).toHaveText('↓received');
});

test('the hex dump fits a narrow pane: 16, 8 or 4 bytes a line as the pane is wide, no sideways scrolling, offsets that follow', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  await send(page, Array.from({ length: 64 }, (_, i) => i));
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.setViewportSize({ width: 1280, height: 800 });
  await expectFramesShown(panel, 2);
  await frameRow(panel, 'sent').click();
  const detail = panel.getByRole('region', { name: 'Frame detail' });
  await detail.getByRole('tab', { name: 'Hex', exact: true }).click();
  const dump = detail.getByRole('table', { name: 'Hex dump' });
  const splitter = panel.getByRole('separator', { name: 'Resize the detail pane' });
  /** The dump's lines as [offset, bytes on the line], and whether it scrolls sideways. */
  const shape = () =>
    dump.evaluate((el) => ({
      lines: [...el.querySelectorAll('[role=row]')].map((r) => {
        const [off, hex] = [...r.querySelectorAll('[role=cell]')].map((c) => c.textContent ?? '');
        return [off, hex.trim().split(/\s+/).length] as const;
      }),
      sideways: el.scrollWidth > el.clientWidth,
    }));
  const expected = (n: number) => ({
    lines: Array.from({ length: 64 / n }, (_, i) => [(i * n).toString(16).padStart(8, '0'), n] as const),
    sideways: false,
  });
  const resize = async (px: number) => {
    const now = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    for (let i = 0; i < Math.abs(px - now) / 64; i++) await splitter.press(px > now ? 'Shift+ArrowLeft' : 'Shift+ArrowRight');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(px));
  };
  // The pane's default width beside the grid (420 px) holds 8 bytes a line, not 16.
  await expect(splitter).toHaveAttribute('aria-valuenow', '420');
  await expect.poll(shape).toEqual(expected(8));
  await resize(612);
  await expect.poll(shape).toEqual(expected(16));
  await resize(292);
  await expect.poll(shape).toEqual(expected(4));
  // The bytes themselves are unchanged: the first line starts at byte 0.
  await expect(dump.getByRole('row').first()).toContainText('00 01 02 03');
});
