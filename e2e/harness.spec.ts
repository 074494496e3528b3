/**
 * The harness itself: Chromium starts with the current build of the extension, its service worker
 * is reachable, a page's first inline socket works with the extension loaded, tabIdOf names the
 * right tab and the panel page opens.
 */
import { test, expect, openPanel } from './fixtures';

type InlinePage = { __received: unknown[] };

test('Chromium runs the built extension and an inline socket echoes with it loaded', async ({
  context,
  page,
  demo,
  serviceWorker,
  extensionId,
  tabIdOf,
}) => {
  await test.step('the service worker of the extension is running', async () => {
    expect(extensionId).toMatch(/^[a-p]{32}$/);
    expect(serviceWorker.url()).toMatch(new RegExp(`^chrome-extension://${extensionId}/`));
    expect(await serviceWorker.evaluate(() => chrome.runtime.getManifest().name)).toBe('WebSocket Lens');
  });

  await test.step("inline.html's first script sends 'first' and gets the echo", async () => {
    await page.goto(`${demo.httpUrl}/inline.html?ws=/echo`);
    await expect.poll(() => page.evaluate(() => (window as unknown as InlinePage).__received)).toContain('first');
    const received = demo.stats.received('/echo');
    expect(received.map((m) => [m.data.toString('utf8'), m.isBinary])).toEqual([['first', false]]);
  });

  await test.step('the panel page opens for the tab', async () => {
    const tabId = await tabIdOf(page);
    const panel = await openPanel(context, extensionId, tabId);
    expect(panel.url()).toBe(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
  });
});

test('tabIdOf names the tab of each page, popups included', async ({ context, page, demo, serviceWorker, tabIdOf }) => {
  const second = await context.newPage();
  const third = await context.newPage();
  for (const [i, p] of [page, second, third].entries()) await p.goto(`${demo.httpUrl}/fixture.html?page=${i}`);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.evaluate(() => void window.open('/fixture.html?popup', '', 'popup,width=400,height=300')),
  ]);
  await popup.waitForLoadState();

  const ids = [await tabIdOf(second), await tabIdOf(popup), await tabIdOf(page), await tabIdOf(third)];
  expect(new Set(ids).size).toBe(4);

  // Proof that the ids are right: closing a tab through the extension closes that very page.
  const closed = second.waitForEvent('close');
  await serviceWorker.evaluate((id) => chrome.tabs.remove(id), ids[0]);
  await closed;
  const closedPopup = popup.waitForEvent('close');
  await serviceWorker.evaluate((id) => chrome.tabs.remove(id), ids[1]);
  await closedPopup;
  expect([page.isClosed(), third.isClosed()]).toEqual([false, false]);
});
