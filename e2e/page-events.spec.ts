/**
 * Events a page makes and dispatches on its own sockets pass the hook by untouched: the same
 * page-visible results with and without the extension (listeners called with what, errors,
 * `readyState`), and nothing recorded for them; a real frame after them is still captured.
 */
import { chromium } from '@playwright/test';
import { test, expect, openPanel, CHROME_PATH } from './fixtures';
import { connectionRow, expectFramesShown, frameRow } from './panel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_MADE_EVENTS, hostileObjects, pageMadeEvents } from './page-made-events';

/** Runs `fn(arg)` in a page of `url` in a Chromium without the extension. */
async function withoutExtension<A, R>(url: string, fn: (arg: A) => Promise<R>, arg: A): Promise<R> {
  const profile = await mkdtemp(join(tmpdir(), 'wslens-plain-'));
  const plain = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const p = plain.pages()[0] ?? (await plain.newPage());
    await p.goto(url);
    return (await p.evaluate(fn as (arg: unknown) => Promise<unknown>, arg)) as R;
  } finally {
    await plain.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 10 });
  }
}

test("a page's own events on its sockets: the same results as without the extension, and nothing recorded for them", async ({ page, context, demo, extensionId, tabIdOf }) => {
  test.setTimeout(60_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const withExtension = await page.evaluate(pageMadeEvents, demo.wsUrl);
  const without = await withoutExtension(`${demo.httpUrl}/fixture.html`, pageMadeEvents, demo.wsUrl);
  expect(without.errors).toEqual([]);
  // The page's events did reach its listeners (in each of three states).
  expect(without.log.filter((l) => (l as unknown[])[0] === 'listener').length).toBeGreaterThan(PAGE_MADE_EVENTS * 3);
  expect(withExtension.errors).toEqual(without.errors);
  expect(withExtension.log).toEqual(without.log);

  // Recorded: the sentinels both ways and the real close, nothing of the page's own events.
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expect(frameRow(panel, 'received', 'after-close')).toHaveCount(1);
  await expectFramesShown(panel, 4);
  await expect(frameRow(panel, 'sent', 'last-word')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'last-word')).toHaveCount(1);
  const conn = connectionRow(panel, '/echo?made');
  await expect(conn).toHaveCount(1);
  await expect(conn).toContainText('1000 Normal Closure "bye"');
  await expect(conn).not.toContainText('4000');
  await expect(conn).not.toContainText('error');
});

test('revoked Proxies, objects of the wrong type, throwing conversions and traps on Object.prototype: the same results as without the extension', async ({ page, context, demo, extensionId, tabIdOf }) => {
  test.setTimeout(60_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const withExtension = await page.evaluate(hostileObjects, demo.wsUrl);
  const without = await withoutExtension(`${demo.httpUrl}/fixture.html`, hostileObjects, demo.wsUrl);
  expect(without).toContainEqual(['valueOf calls', 1]);
  expect(withExtension).toEqual(without);
  // What went out was captured: the two dressed-up views and the sentinel.
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expect(frameRow(panel, 'received', 'hostile-done')).toHaveCount(1);
  await expectFramesShown(panel, 6);
  await expect(frameRow(panel, 'sent', 'binary (dataview)')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'binary (typedarray)')).toHaveCount(1);
});

test("after a page's own close events the socket still takes the panel's commands", async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(`${url}/echo`);
        (window as unknown as { ws: WebSocket }).ws = ws;
        ws.onopen = () => {
          ws.send('before');
          ws.dispatchEvent(new CloseEvent('close', { code: 4000, reason: 'made by the page' }));
          ws.dispatchEvent(new Event('close'));
          ws.dispatchEvent(new UIEvent('close'));
          ws.onmessage = () => resolve();
        };
      }),
    demo.wsUrl,
  );
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 2);
  await frameRow(panel, 'sent', 'before').click();
  const actions = panel.getByRole('group', { name: 'Frame actions' });
  await actions.getByRole('button', { name: 'Replay' }).click();
  await expect(actions.getByRole('status')).toContainText('Replayed into #1');
  await expect.poll(() => demo.stats.received('/echo').map((m) => m.data.toString('utf8'))).toEqual(['before', 'before']);
  await expectFramesShown(panel, 4);
  expect(await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.readyState)).toBe(1);
  await expect(connectionRow(panel, '/echo')).not.toContainText('4000');
});
