/**
 * Navigation, reload, a panel closed and reopened, and a page with a strict CSP: nothing is lost
 * and the log follows the "preserve log" setting, as in Chrome's Network panel.
 */
import { expect, openPanel } from './fixtures';
import { test } from './pages';
import { frameRow, frameRows } from './panel';

test('navigation and reload: "preserve log" off shows the current page only; on keeps every page, a row marking each navigation', async ({
  page,
  context,
  demo,
  pages,
  extensionId,
  tabIdOf,
}) => {
  const ws = new URL(demo.httpUrl).host;
  await page.goto(pages.url('nav.html', ws, { name: 'A' }));
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expect(frameRow(panel, 'received', 'page A')).toHaveCount(1);

  // Off (the default): a navigation clears the previous page.
  await page.goto(pages.url('nav.html', ws, { name: 'B' }));
  await expect(frameRow(panel, 'received', 'page B')).toHaveCount(1);
  await expect(frameRow(panel, 'page A')).toHaveCount(0);
  await expect(frameRows(panel)).toHaveCount(2);

  // On: every page stays, with a navigation row before each new one.
  await panel.getByRole('checkbox', { name: 'Preserve log' }).check();
  await page.goto(pages.url('nav.html', ws, { name: 'C' }));
  await expect(frameRow(panel, 'received', 'page C')).toHaveCount(1);
  await page.reload();
  await expect(frameRow(panel, 'received', 'page C')).toHaveCount(2);
  const rows = await frameRows(panel).allInnerTexts();
  const summary = rows.map((r) => (r.startsWith('Navigated to') ? `nav ${/name=(\w)/.exec(r)?.[1]}` : `${/(sent|received)/.exec(r)?.[1]} ${/page (\w)/.exec(r)?.[1]}`));
  expect(summary).toEqual(['sent B', 'received B', 'nav C', 'sent C', 'received C', 'nav C', 'sent C', 'received C']);
  await expect(panel.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/echo' })).toHaveCount(3);

  // Off again: the next reload clears all but the new page.
  await panel.getByRole('checkbox', { name: 'Preserve log' }).uncheck();
  await page.reload();
  await expect.poll(async () => (await frameRows(panel).allInnerTexts()).length).toBe(2);
  await expect(frameRow(panel, 'received', 'page C')).toHaveCount(1);
});

test('a panel closed and reopened still shows everything since the page loaded', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate((url) => {
    const w = window as unknown as { ws: WebSocket };
    w.ws = new WebSocket(url);
    w.ws.onopen = () => w.ws.send('before the panel');
  }, `${demo.wsUrl}/echo`);
  const tabId = await tabIdOf(page);
  let panel = await openPanel(context, extensionId, tabId);
  await expect(frameRow(panel, 'received', 'before the panel')).toHaveCount(1);
  await panel.close();
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('while the panel was closed'));
  await expect.poll(() => demo.stats.received('/echo').length).toBe(2);
  panel = await openPanel(context, extensionId, tabId);
  await expect(frameRows(panel)).toHaveCount(4);
  await expect(frameRow(panel, 'received', 'while the panel was closed')).toHaveCount(1);
});

test("a page with a strict Content-Security-Policy (script-src 'self') is captured and keeps working", async ({ page, context, demo, pages, extensionId, tabIdOf }) => {
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(pages.url('csp.html', new URL(demo.httpUrl).host));
  await expect(page.locator('body')).toHaveAttribute('data-echo', 'under a strict CSP');
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expect(frameRow(panel, 'sent', 'under a strict CSP')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'under a strict CSP')).toHaveCount(1);
  expect(cspViolations, 'the extension caused no CSP violation').toEqual([]);
});
