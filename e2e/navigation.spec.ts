/**
 * Navigation, reload, a panel closed and reopened, and a page with a strict CSP: nothing is lost
 * and the log follows the "preserve log" setting, as in Chrome's Network panel.
 */
import { expect, openPanel } from './fixtures';
import type { Page } from '@playwright/test';
import { test } from './pages';
import { connectionsGrid, expectFramesShown, frameRow, frameRows, setFilter } from './panel';

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

test.describe('with the back/forward cache on, as in a real browser', () => {
  test.use({ backForwardCache: true });

  // What Chromium does (checked with Chromium 150, CDP `Page.backForwardCacheNotUsed`): a page
  // with a WebSocket still open when it is left is not cached (reason "WebSocket"); it unloads
  // and its sockets close with 1001. A page that closes its sockets on `pagehide`, as pages that
  // want the cache do, is cached; the close events reach it after the restore. Chromium also
  // closes the relay's port to the background on the way in without telling the relay, which
  // therefore lets go of it on `pagehide` and says hello again on `pageshow` (`persisted`); the
  // panel then pulls the page, with the closes recorded while it was away.
  // B with a socket: the panel shows B and drops A, then pulls the restored A from the start.
  // B without one: the panel never hears of B, keeps A, and pulls the restored A from its cursor.
  for (const bSocket of [true, false]) {
    test(`a page restored from the back/forward cache (page B ${bSocket ? 'with' : 'without'} a socket): every frame before and after, in the open panel and in a new one`, async ({
      page,
      context,
      demo,
      pages,
      extensionId,
      tabIdOf,
    }) => {
      const ws = new URL(demo.httpUrl).host;
      const N = 40; // messages per socket
      type A = { sent: number; received: number; events: string[] };
      const state = () => page.evaluate(() => (window as unknown as { __a: A }).__a);
      const exchange = (label: string) =>
        page.evaluate(([label, n]) => (window as unknown as { exchange: (l: string, n: number) => Promise<void> }).exchange(label, n), [
          label,
          N,
        ] as const);
      const serverSaw = () =>
        demo.stats
          .received('/echo')
          .map((m) => m.data.toString())
          .filter((t) => t.startsWith('A '));

      await page.goto(pages.url('bfcache.html', ws));
      const tabId = await tabIdOf(page);
      const panel = await openPanel(context, extensionId, tabId);
      await Promise.all([exchange('one'), exchange('two')]);
      await expectFramesShown(panel, 4 * N);

      // Away to B on another origin (the page server's host by name; the demo server's page).
      if (bSocket) {
        await page.goto(pages.url('nav.html', ws, { name: 'B' }).replace('127.0.0.1', 'localhost'));
        await expect(frameRow(panel, 'received', 'page B')).toHaveCount(1);
        await expect(frameRow(panel, 'A one')).toHaveCount(0);
      } else {
        await page.goto(`${demo.httpUrl.replace('127.0.0.1', 'localhost')}/fixture.html`);
        await expect(page.locator('body')).toBeAttached();
        await expectFramesShown(panel, 4 * N);
      }
      // A closed its two sockets on pagehide (the server saw each close as it was sent).
      await expect.poll(() => demo.stats.closes('/echo').filter((c) => c.code === 1000).length).toBe(2);

      // Back: restored from the cache (no load event, so wait for the commit only).
      await page.goBack({ waitUntil: 'commit' });
      // Restored, not reloaded (`pageshow` persisted); the closes reach the page after it (in either order).
      await expect
        .poll(async () => {
          const events = (await state()).events;
          return [...events.filter((e) => e.startsWith('page')), ...events.filter((e) => !e.startsWith('page')).sort()];
        })
        .toEqual(['pageshow false', 'pagehide true', 'pageshow true', 'one closed 1000', 'two closed 1000']);
      await exchange('three');

      expect(await state()).toMatchObject({ sent: 3 * N, received: 3 * N });
      expect(serverSaw()).toHaveLength(3 * N);
      // A's two sockets closed by A (and B's by Chromium when B unloaded).
      await expect
        .poll(() =>
          demo.stats
            .closes('/echo')
            .map((c) => c.code)
            .sort(),
        )
        .toEqual(bSocket ? [1000, 1000, 1001] : [1000, 1000]);

      const check = async (p: Page) => {
        // Page A's frames only, each once.
        await expectFramesShown(p, 6 * N);
        // Each socket's frames, sent and echoed (the grid is virtualised: count with the filter).
        for (const label of ['one', 'two', 'three']) {
          await setFilter(p, `A ${label} `);
          await expectFramesShown(p, 2 * N, 6 * N);
        }
        await setFilter(p, 'page B');
        await expectFramesShown(p, 0, 6 * N);
        await setFilter(p, '');
        await expect(p.getByRole('status', { name: 'Capture limits' })).toHaveCount(0);
        // The two sockets A closed on pagehide show that close; the third is open.
        await expect(connectionsGrid(p).getByRole('row').filter({ hasText: '1000' })).toHaveCount(2);
      };
      await check(panel);
      await check(await openPanel(context, extensionId, tabId));
    });
  }
});
