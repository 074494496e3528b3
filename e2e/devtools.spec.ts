/**
 * The panel inside real DevTools: Chromium opens DevTools for every tab
 * (--auto-open-devtools-for-tabs), we select the extension's "WebSocket" panel and read what the
 * panel's frame shows. Playwright does not expose DevTools windows as pages, so this goes over raw
 * CDP (e2e/cdp.ts).
 */
import { test, expect, launchWithExtension } from './fixtures';
import { Cdp } from './cdp';

interface PanelView {
  frames: string[];
  connections: string[];
}

test('the WebSocket panel in real DevTools shows the frames of the inspected page', async ({ demo }) => {
  test.setTimeout(90_000);
  const browser = await launchWithExtension(['--auto-open-devtools-for-tabs', '--remote-debugging-port=0']);
  const cdp = await Cdp.forProfile(browser.profile);
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${demo.httpUrl}/inline.html?ws=/echo`);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __received?: string[] }).__received?.length ?? 0)).toBeGreaterThan(0);

    const panel = await cdp.openWebSocketPanel();

    const read = () =>
      cdp.evaluate<PanelView>(
        panel,
        `(() => {
          const rows = (name) => [...document.querySelectorAll('[role=grid][aria-label="' + name + '"] [role=row]')].map((r) => r.textContent);
          return { frames: rows('Frames'), connections: rows('Connections') };
        })()`,
      );
    await expect.poll(async () => (await read()).frames.filter((t) => t.includes('first')).length, { timeout: 15_000 }).toBe(2);
    const view = await read();
    expect(view.frames.some((t) => t.includes('sent') && t.includes('first'))).toBe(true);
    expect(view.frames.some((t) => t.includes('received') && t.includes('first'))).toBe(true);
    expect(view.connections.some((t) => t.includes('/echo') && t.includes('open'))).toBe(true);
    // Inside DevTools the panel pops out into a tab of its own: the same inspected tab's capture,
    // with what came before and what comes after.
    const tabs = browser.context.pages().length;
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/src/panel/panel.html?tabId=') });
    expect(
      await cdp.evaluate<boolean>(
        panel,
        `(() => { const b = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Pop out'); b?.click(); return b !== undefined; })()`,
      ),
    ).toBe(true);
    const popped = await opened;
    expect(browser.context.pages()).toHaveLength(tabs + 1);
    const framesOf = (p: typeof popped) => p.getByRole('grid', { name: 'Frames' }).getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row');
    await expect(framesOf(popped).filter({ hasText: 'first' })).toHaveCount(2);
    const tabId = new URL(popped.url()).searchParams.get('tabId');
    await expect(popped.getByRole('status', { name: 'Summary' })).toContainText(`WebSocket Lens · tab ${tabId}`);
    // No Pop out in the popped-out tab itself.
    await expect(popped.getByRole('button', { name: 'Pop out' })).toHaveCount(0);
    await page.evaluate(() => (window as unknown as { __ws: WebSocket }).__ws.send('after the pop-out'));
    await expect(framesOf(popped).filter({ hasText: 'after the pop-out' })).toHaveCount(2);
  } finally {
    cdp.close();
    await browser.close();
  }
});
