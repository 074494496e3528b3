/**
 * The filters beyond the filter box: the Show filter (messages, lifecycle events, close events,
 * errors) against real sockets, saved filters combined with AND / OR, kept across panel
 * sessions, and the one pattern syntax that the filter box, the Name filter, saved filters and
 * rules share.
 */
import { test, expect, openPanel } from './fixtures';
import { closedPort } from '../demo/server.mjs';
import { connectionRow, expectFramesShown, frameRows, setFilter, type PanelRoot } from './panel';
import { filterTraffic } from './scenarios';

/** The grid's rows, each as its cells' text joined by " | " (the rows are few: all are rendered). */
async function rowTexts(panel: PanelRoot): Promise<string[]> {
  return frameRows(panel).evaluateAll((rows) =>
    rows.map((r) =>
      [...r.querySelectorAll('[role="gridcell"]')]
        .map((c) => (c.textContent ?? '').trim())
        .join(' | '),
    ),
  );
}

/** A row reduced to what identifies it: "sent ping 1", "event close 4002 …". */
function brief(row: string): string {
  const cells = row.split(' | ');
  const dir = cells[0]!.replace(/^\S+\s/, ''); // "↑ sent" → "sent", "● open" → "open"
  const data = cells[cells.length - 1]!;
  return ['sent', 'received'].includes(dir) ? `${dir} ${data}` : `event ${data}`;
}

const briefRows = async (panel: PanelRoot): Promise<string[]> => (await rowTexts(panel)).map(brief);
/** Without the handshake time and the close code's meaning. */
const short = (row: string): string => row.replace(/ · \d+ ms handshake$/, '').replace(/ — .*$/, '');

const show = (panel: PanelRoot, label: string) => panel.getByRole('combobox', { name: 'Show' }).selectOption({ label });

async function saveFilter(panel: PanelRoot, name: string): Promise<void> {
  await panel.getByRole('button', { name: 'Save filter', exact: true }).click();
  await panel.getByRole('textbox', { name: 'Filter name' }).fill(name);
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  // Saved switched off (saving changes nothing shown); then switched on.
  const use = panel.getByRole('checkbox', { name: `Use ${name}` });
  await expect(use).not.toBeChecked();
  await use.check();
}

test('Show: close events with code and meaning, the error, events between the messages in time order', async ({ page, context, demo, extensionId, tabIdOf }) => {
  const port = await closedPort();
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(filterTraffic, { wsUrl: demo.wsUrl, deadPort: port });
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expect(connectionRow(panel, `127.0.0.1:${port}/nobody`)).toContainText('1006');

  // Messages only, as ever: 4 frames on #1, 3 on #2 ("close-me" is not echoed).
  await expectFramesShown(panel, 7);
  await expect.poll(() => briefRows(panel)).toEqual(['sent ping 1', 'received ping 1', 'sent hello', 'received hello', 'sent ping 2', 'received ping 2', 'sent close-me']);

  await show(panel, 'Close events');
  const summary = panel.getByRole('status', { name: 'Summary' });
  await expect(summary).toContainText('0 / 7 frames shown · 2 / 5 events');
  await expect.poll(() => briefRows(panel)).toEqual([
    'event close 4002 Private Use "done" · closed by the server — Reserved for private use; its meaning is agreed between this application’s client and server.',
    'event close 1006 Abnormal Closure · closed by the network (not clean) — The connection was lost without a Close frame (network failure, failed handshake or protocol failure); the browser reports this itself and it is never sent on the wire.',
  ]);
  // Each on its connection.
  const rows = await rowTexts(panel);
  expect(rows[0]).toContain('/echo');
  expect(rows[1]).toContain(`127.0.0.1:${port}/nobody`);

  await show(panel, 'Errors');
  await expect(summary).toContainText('0 / 7 frames shown · 1 / 5 events');
  await expect.poll(() => briefRows(panel)).toEqual(['event error · before the connection opened']);
  expect((await rowTexts(panel))[0]).toContain(`127.0.0.1:${port}/nobody`);

  await show(panel, 'Messages and events');
  await expect(summary).toContainText('7 / 7 frames shown · 5 / 5 events');
  await expect.poll(async () => (await briefRows(panel)).map(short)).toEqual([
    'event open · protocol none',
    'sent ping 1',
    'received ping 1',
    'sent hello',
    'received hello',
    'event open · protocol none',
    'sent ping 2',
    'received ping 2',
    'sent close-me',
    'event close 4002 Private Use "done" · closed by the server',
    'event error · before the connection opened',
    'event close 1006 Abnormal Closure · closed by the network (not clean)',
  ]);
  expect((await briefRows(panel))[0]).toMatch(/^event open · protocol none · \d+ ms handshake$/);

  // The filter box matches what an event row says; the connection filter applies to them.
  await setFilter(panel, 'abnormal');
  await expect.poll(() => briefRows(panel)).toEqual([expect.stringMatching(/^event close 1006 /)]);
  await setFilter(panel, '');
  await panel.getByRole('combobox', { name: 'Connection' }).selectOption({ index: 2 });
  await expect.poll(async () => (await briefRows(panel)).map(short)).toEqual([
    'event open · protocol none',
    'sent ping 2',
    'received ping 2',
    'sent close-me',
    'event close 4002 Private Use "done" · closed by the server',
  ]);
});

test('saved filters: combined with AND, then OR, and still there in a new panel session', async ({ page, context, demo, extensionId, tabIdOf }) => {
  const port = await closedPort();
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(filterTraffic, { wsUrl: demo.wsUrl, deadPort: port });
  const tabId = await tabIdOf(page);
  let panel = await openPanel(context, extensionId, tabId);
  await expectFramesShown(panel, 7);

  await setFilter(panel, 'ping');
  await saveFilter(panel, 'Pings');
  await setFilter(panel, '');
  await panel.getByRole('combobox', { name: 'Direction' }).selectOption({ label: 'Received ↓' });
  await saveFilter(panel, 'Received');
  await panel.getByRole('combobox', { name: 'Direction' }).selectOption({ label: 'All directions' });
  await expect(panel.getByLabel('Saved filters in use')).toHaveText('2 of 2 saved filters active');

  // All (AND): received pings only.
  await expect(panel.getByRole('combobox', { name: 'Combine saved filters' })).toHaveValue('and');
  await expectFramesShown(panel, 2, 7);
  await expect.poll(() => briefRows(panel)).toEqual(['received ping 1', 'received ping 2']);

  // Any (OR): every ping and everything received.
  await panel.getByRole('combobox', { name: 'Combine saved filters' }).selectOption({ label: 'Any (OR)' });
  await expectFramesShown(panel, 5, 7);
  await expect.poll(() => briefRows(panel)).toEqual(['sent ping 1', 'received ping 1', 'received hello', 'sent ping 2', 'received ping 2']);

  // The live filter still applies on top of them (AND).
  await setFilter(panel, 'hello');
  await expectFramesShown(panel, 1, 7);
  await setFilter(panel, '');

  // A saved filter switched off no longer counts.
  await panel.getByRole('checkbox', { name: 'Use Received' }).uncheck();
  await expect(panel.getByLabel('Saved filters in use')).toHaveText('1 of 2 saved filters active');
  await expectFramesShown(panel, 4, 7);
  await panel.getByRole('checkbox', { name: 'Use Received' }).check();
  await expectFramesShown(panel, 5, 7);

  // A new panel session: the filters, which are on and how they combine are still there.
  await panel.close();
  panel = await openPanel(context, extensionId, tabId);
  await expect(panel.getByRole('checkbox', { name: 'Use Pings' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'Use Received' })).toBeChecked();
  await expect(panel.getByRole('combobox', { name: 'Combine saved filters' })).toHaveValue('or');
  await expectFramesShown(panel, 5, 7);
  await expect.poll(() => briefRows(panel)).toEqual(['sent ping 1', 'received ping 1', 'received hello', 'sent ping 2', 'received ping 2']);

  // A name in use is refused with the reason; Delete removes a filter for good.
  await panel.getByRole('button', { name: 'Save filter', exact: true }).click();
  await panel.getByRole('textbox', { name: 'Filter name' }).fill('pings');
  await panel.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(panel.getByRole('alert')).toHaveText('A filter named "pings" exists already.');
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await panel.getByRole('button', { name: 'Delete Received' }).click();
  await expect(panel.getByRole('checkbox', { name: 'Use Received' })).toHaveCount(0);
  await expectFramesShown(panel, 4, 7);
  await panel.close();
  panel = await openPanel(context, extensionId, tabId);
  await expect(panel.getByRole('checkbox', { name: 'Use Pings' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'Use Received' })).toHaveCount(0);
  await expectFramesShown(panel, 4, 7);
});

test('one pattern syntax: a /…/ that is not a valid regex and a path are matched as text, with a hint; match case is highlighted as matched', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(async (wsUrl) => {
    const ws = new WebSocket(`${wsUrl}/echo`);
    await new Promise((resolve) => ws.addEventListener('open', resolve));
    (window as unknown as { keep: WebSocket }).keep = ws;
    for (const text of ['GET /API/Users/1', 'path /a(b/ here', 'Ping', 'ping']) {
      const echoed = new Promise<void>((resolve) => ws.addEventListener('message', (e) => e.data === text && resolve()));
      ws.send(text);
      await echoed;
    }
  }, demo.wsUrl);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 8);
  const hint = panel.getByRole('status', { name: 'Filter hint' });
  const marks = () => frameRows(panel).locator('mark.hit').allInnerTexts();

  // Not a valid regex: the text itself is searched, and the panel says why, as a hint.
  await setFilter(panel, '/a(b/');
  await expectFramesShown(panel, 2, 8);
  await expect(hint).toHaveText(/^Filter: \/a\(b\/ is matched as text: it is not a valid regular expression \(.+\)\.$/);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect.poll(marks).toEqual(['/a(b/', '/a(b/']);

  // A path is a substring (case-insensitive), without a hint.
  await setFilter(panel, '/api/users');
  await expectFramesShown(panel, 2, 8);
  await expect(hint).toHaveCount(0);
  await expect.poll(marks).toEqual(['/API/Users', '/API/Users']);

  // A valid regex is a regex.
  await setFilter(panel, '/^[Pp]ing$/');
  await expectFramesShown(panel, 4, 8);

  // Match case: the grid shows and highlights only the exact case.
  await setFilter(panel, 'Ping');
  await expectFramesShown(panel, 4, 8);
  await panel.getByRole('checkbox', { name: 'Match case' }).check();
  await expectFramesShown(panel, 2, 8);
  await expect.poll(marks).toEqual(['Ping', 'Ping']);

  // Such a filter can be saved; it matches as text there too.
  await panel.getByRole('checkbox', { name: 'Match case' }).uncheck();
  await setFilter(panel, '/a(b/');
  await saveFilter(panel, 'Literal');
  await setFilter(panel, '');
  await expectFramesShown(panel, 2, 8);
});
