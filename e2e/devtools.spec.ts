/**
 * The panel inside real DevTools: Chromium opens DevTools for every tab
 * (--auto-open-devtools-for-tabs), we select the extension's "WebSocket" panel with Ctrl+[ (its
 * tab sits in the » overflow menu, a native menu outside the DOM) and read what the panel's frame
 * shows. Playwright does not expose DevTools windows as pages, so this goes over raw CDP.
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

    let devtools: string | undefined;
    await expect
      .poll(async () => (devtools = (await cdp.targets()).find((t) => t.url.startsWith('devtools://'))?.targetId), { timeout: 30_000 })
      .toBeDefined();
    const devtoolsSession = await cdp.attach(devtools!);

    // Ctrl+[ selects the panel to the left; ours appears after the built-in ones. DevTools
    // creates the panel's frame the first time the panel is shown.
    let panelTarget: string | undefined;
    await expect
      .poll(
        async () => {
          panelTarget = (await cdp.targets()).find((t) => t.type === 'iframe' && t.url.includes('/src/panel/panel.html'))?.targetId;
          if (panelTarget === undefined) await cdp.pressControl(devtoolsSession, '[', 'BracketLeft', 219);
          return panelTarget;
        },
        { timeout: 30_000, intervals: [250] },
      )
      .toBeDefined();
    const panel = await cdp.attach(panelTarget!);

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
    // Inside DevTools the panel offers to pop out into a tab of its own.
    expect(await cdp.evaluate<boolean>(panel, `[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Pop out')`)).toBe(true);
  } finally {
    cdp.close();
    await browser.close();
  }
});
