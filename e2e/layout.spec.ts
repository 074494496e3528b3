/**
 * The panel's layout at the sizes DevTools is used at: docked to the side (500×700), a laptop
 * (1280×800) and a large screen (1920×1080), with 30,000 frames on two connections. The frames
 * grid stays virtualised at every width, nothing overflows the page, a clicked row's detail is in
 * view, the payload is the widest cell, and a docked panel shows a screenful of rows. Then: a
 * detail whose frame leaves the list closes, and the column menu's choice outlives a reload.
 */
import { test, expect, openPanel } from './fixtures';
import type { Page } from '@playwright/test';
import { expectFramesShown, framesGrid, frameRows, panelToolbar, setFilter, toolbarTool } from './panel';

const PER_CONNECTION = 15_000;

/** Frames rows fully inside the grid's scrolled area. */
async function rowsInView(panel: Page): Promise<number> {
  return framesGrid(panel)
    .getByRole('rowgroup', { name: 'Frame rows' })
    .evaluate((body) => {
      const box = body.getBoundingClientRect();
      return [...body.querySelectorAll('[role=row]')].filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= box.top - 0.5 && b.bottom <= box.bottom + 0.5 && b.height > 0;
      }).length;
    });
}

async function pageOverflow(panel: Page): Promise<{ x: number; y: number }> {
  return panel.evaluate(() => {
    const el = document.scrollingElement!;
    return { x: el.scrollWidth - el.clientWidth, y: el.scrollHeight - el.clientHeight };
  });
}

async function expectInViewport(panel: Page, box: { x: number; y: number; width: number; height: number } | null): Promise<void> {
  const vp = panel.viewportSize()!;
  expect(box).not.toBeNull();
  expect(box!.width).toBeGreaterThan(100);
  expect(box!.height).toBeGreaterThan(60);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(vp.width + 0.5);
  expect(box!.y + box!.height).toBeLessThanOrEqual(vp.height + 0.5);
}

for (const [width, height] of [
  [500, 700],
  [1280, 800],
  [1920, 1080],
] as const) {
  test(`at ${width}×${height} with 30,000 frames: virtualised, no page scrollbar, the clicked row's detail in view`, async ({ page, context, demo, extensionId, tabIdOf }) => {
    test.setTimeout(120_000);
    await page.goto(`${demo.httpUrl}/fixture.html`);
    const panel = await openPanel(context, extensionId, await tabIdOf(page));
    await panel.setViewportSize({ width, height });
    await page.evaluate(
      ([url, n]) =>
        Promise.all(
          ['a', 'b'].map(
            (k) =>
              new Promise<void>((resolve) => {
                const ws = new WebSocket(`${url}/flood?count=${n}&size=48&k=${k}`);
                ws.onmessage = (e) => e.data === 'done' && resolve();
              }),
          ),
        ),
      [demo.wsUrl, PER_CONNECTION] as const,
    );
    // Each flood ends with a "done" frame.
    const total = 2 * PER_CONNECTION + 2;
    await expectFramesShown(panel, total, total, 60_000);

    const rows = frameRows(panel);
    expect(await rows.count()).toBeLessThanOrEqual(200);
    expect(await pageOverflow(panel)).toEqual({ x: 0, y: 0 });
    // The grid's header has one track per cell, at every width.
    const head = framesGrid(panel).getByRole('row').first();
    const tracks = await head.evaluate((r) => getComputedStyle(r).gridTemplateColumns.split(' ').length);
    expect(await head.getByRole('columnheader').count()).toBe(tracks);
    if (width === 500) expect(await rowsInView(panel)).toBeGreaterThanOrEqual(12);

    // Scroll to the middle and click a row: its detail is drawn inside the viewport.
    await framesGrid(panel).getByRole('rowgroup', { name: 'Frame rows' }).evaluate((b) => (b.scrollTop = b.scrollHeight / 2));
    // (The grid paints the scrolled rows on the scroll event: pin the row by its index, not its place
    // in the DOM; and wait for the middle rows, not just any past the first: the tail's rows, still
    // drawn until that event, would pass for them and then be gone.)
    const middle = (i: number) => i > total / 4 && i < (3 * total) / 4;
    await expect.poll(async () => middle(Number(await rows.first().getAttribute('aria-rowindex'))) && middle(Number(await rows.last().getAttribute('aria-rowindex')))).toBe(true);
    const index = await rows.filter({ hasText: /\d+:x/ }).nth(3).getAttribute('aria-rowindex');
    const row = framesGrid(panel).locator(`[role=row][aria-rowindex="${index}"]`);
    const payload = (await row.getByRole('gridcell').nth(1).innerText()).trim();
    await row.click();
    const detail = panel.getByRole('region', { name: 'Frame detail' });
    await expect(detail).toBeVisible();
    await expectInViewport(panel, await detail.boundingBox());
    await expect(detail.getByRole('tabpanel')).toContainText(payload.replace(/…$/, ''));
    expect(await rows.count()).toBeLessThanOrEqual(200);
    expect(await pageOverflow(panel)).toEqual({ x: 0, y: 0 });
    expect(await row.getByRole('gridcell').count()).toBe(await row.evaluate((r) => getComputedStyle(r).gridTemplateColumns.split(' ').length));

    // The payload is the widest cell of a frame row (with the detail open beside or below).
    const widths = await row.getByRole('gridcell').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
    if (width >= 1280) expect(Math.max(...widths)).toBe(widths[1]);

    // The status bar is on screen.
    await expectInViewport(panel, await panel.getByRole('status', { name: 'Summary' }).boundingBox().then((b) => b && { ...b, height: Math.max(b.height, 61), y: b.y - Math.max(0, 61 - b.height) }));
  });
}

test('a detail whose frame leaves the list closes: another connection chosen, or a filter hiding it', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(
    (url) =>
      Promise.all(
        ['one', 'two'].map(
          (k) =>
            new Promise<void>((resolve) => {
              const ws = new WebSocket(`${url}/flood?count=20&size=24&k=${k}`);
              ws.onmessage = (e) => e.data === 'done' && resolve();
            }),
        ),
      ),
    demo.wsUrl,
  );
  await expectFramesShown(panel, 42);
  const picker = panel.getByRole('combobox', { name: 'Connection' });
  const options = await picker.getByRole('option').allInnerTexts();
  // The picker names the path and query that tell the two apart.
  expect(options.filter((o) => /flood\?count=20&size=24&k=one$/.test(o))).toHaveLength(1);
  expect(options.filter((o) => /flood\?count=20&size=24&k=two$/.test(o))).toHaveLength(1);
  const [one, two] = await picker.getByRole('option').evaluateAll((os) => os.slice(1).map((o) => (o as HTMLOptionElement).value));

  await picker.selectOption(one);
  await expectFramesShown(panel, 21, 42);
  const detail = panel.getByRole('region', { name: 'Frame detail' });
  await frameRows(panel).filter({ hasText: /(sent|received)7:x/ }).click();
  await expect(detail).toContainText('7:x');
  await picker.selectOption(two);
  await expectFramesShown(panel, 21, 42);
  await expect(detail).toBeHidden();
  // The connection's own tabs stay: its details, not a frame of the other one.
  await expect(panel.getByRole('tab', { name: /^Connection #2/ })).toHaveAttribute('aria-selected', 'true');

  await frameRows(panel).filter({ hasText: /(sent|received)12:x/ }).click();
  await expect(detail).toContainText('12:x');
  await setFilter(panel, '13:x');
  await expectFramesShown(panel, 1, 42);
  await expect(detail).toBeHidden();
  await expect(frameRows(panel).filter({ hasText: /(sent|received)12:x/ })).toHaveCount(0);
});

test('the column menu chooses the columns and the time shown; the choice outlives a reload', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(`${url}/flood?count=5&size=20`);
        ws.onmessage = (e) => e.data === 'done' && resolve();
      }),
    demo.wsUrl,
  );
  await expectFramesShown(panel, 6);
  const headers = framesGrid(panel).getByRole('columnheader');
  await expect(headers).toHaveText(['Direction', /^Data/, 'Type', 'Size', 'Time']);

  await panel.getByRole('button', { name: 'Columns' }).click();
  const menu = panel.getByRole('menu', { name: 'Columns' });
  await menu.getByRole('menuitemcheckbox', { name: 'Type' }).click();
  await expect(headers).toHaveText(['Direction', /^Data/, 'Size', 'Time']);
  await menu.getByRole('menuitemradio', { name: 'Since the row above' }).click();
  await expect(headers).toHaveText(['Direction', /^Data/, 'Size', 'Delta']);
  // The first row has nothing above it; the next ones say how long after it they came.
  await expect(frameRows(panel).nth(1).getByRole('gridcell').last()).toHaveText(/^\+\d+(\.\d+)? m?s$/);
  await panel.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  await panel.reload();
  await expectFramesShown(panel, 6);
  await expect(framesGrid(panel).getByRole('columnheader')).toHaveText(['Direction', /^Data/, 'Size', 'Delta']);
});

test('from the keyboard: the shortcuts list, the filter box, the Filters row and its count, a splitter whose size is remembered', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(`${url}/flood?count=5&size=20`);
        ws.onmessage = (e) => e.data === 'done' && resolve();
      }),
    demo.wsUrl,
  );
  await expectFramesShown(panel, 6);

  await panel.keyboard.press('?');
  const help = panel.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Focus the filter box');
  await panel.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await panel.keyboard.press('/');
  await expect(panel.getByRole('searchbox', { name: 'Filter frames' })).toBeFocused();
  await panel.keyboard.press('Alt+F');
  const row = panel.getByRole('toolbar', { name: 'More filters' });
  await expect(row).toBeVisible();
  await row.getByRole('checkbox', { name: 'Match case' }).check();
  await expect(panel.getByRole('button', { name: 'Filters, 1 active' })).toHaveAttribute('aria-expanded', 'true');
  await panel.getByRole('searchbox', { name: 'Filter frames' }).press('Alt+F');
  await expect(row).toBeHidden();
  await expect(panel.getByRole('button', { name: 'Filters, 1 active' })).toHaveAttribute('aria-expanded', 'false');

  // Open a frame's detail, then narrow its pane from the keyboard: remembered after a reload.
  await frameRows(panel).nth(2).click();
  const splitter = panel.getByRole('separator', { name: 'Resize the detail pane' });
  const before = Number(await splitter.getAttribute('aria-valuenow'));
  await splitter.focus();
  await splitter.press('Shift+ArrowRight');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(before - 64));
  const pane = panel.getByRole('region', { name: 'Inspector' });
  await expect.poll(async () => Math.round((await pane.boundingBox())!.width)).toBe(before - 64);
  await panel.reload();
  await expectFramesShown(panel, 6);
  await frameRows(panel).nth(2).click();
  await expect(panel.getByRole('separator', { name: 'Resize the detail pane' })).toHaveAttribute('aria-valuenow', String(before - 64));
  // Esc closes the detail.
  await frameRows(panel).nth(2).click();
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toBeVisible();
  await panel.getByRole('rowgroup', { name: 'Frame rows' }).press('Escape');
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toBeHidden();
});

test('the toolbar stays one row at 360, 500, 760 and 1280 px: what does not fit is in "More tools", every action reachable, the menu keyboard operable', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(`${url}/flood?count=5&size=20`);
        ws.onmessage = (e) => e.data === 'done' && resolve();
      }),
    demo.wsUrl,
  );
  await expectFramesShown(panel, 6);
  const bar = panelToolbar(panel);
  const more = bar.getByRole('button', { name: 'More tools' });
  /** The toolbar's shown controls: all on one line, none past its right edge. */
  const rowShape = () =>
    bar.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const kids = [...el.children].filter((c) => (c as HTMLElement).offsetParent !== null && c.getBoundingClientRect().width > 0);
      const tops = new Set(kids.map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)));
      const right = Math.max(...kids.map((c) => c.getBoundingClientRect().right));
      return { lines: tops.size, oneRowHigh: box.height < 40, overflows: right > box.right - 2 + 0.5, pageWide: document.documentElement.scrollWidth > innerWidth };
    });
  const inMenu: Record<number, number> = {};
  for (const width of [360, 500, 760, 1280]) {
    await panel.setViewportSize({ width, height: 600 });
    await expect.poll(rowShape).toEqual({ lines: 1, oneRowHigh: true, overflows: false, pageWide: false });
    // Every action, by role and name: on the row or in the menu.
    await expect(bar.getByRole('button', { name: /^(Pause|Resume) capture$/ })).toBeVisible();
    await expect(bar.getByRole('button', { name: 'Clear' })).toBeVisible();
    await expect(bar.getByRole('checkbox', { name: 'Preserve log' })).toBeVisible();
    await expect(bar.getByRole('searchbox', { name: 'Filter frames' })).toBeVisible();
    await expect(bar.getByRole('radiogroup', { name: 'Direction' })).toBeVisible();
    await expect(bar.getByRole('button', { name: 'Filters' })).toBeVisible();
    inMenu[width] = 0;
    for (const name of ['Export', 'Capture workers', 'Import log', /^Rules/, 'Settings', 'Keyboard shortcuts']) {
      const tool = await toolbarTool(panel, name);
      if ((await tool.getAttribute('role')) === 'menuitem') inMenu[width]++;
    }
    // A tool in the menu leaves nothing of itself on the row.
    expect(await bar.evaluate((el) => [...el.querySelectorAll('.tool.collapsed *')].filter((e) => e.getBoundingClientRect().width > 0).map((e) => e.outerHTML.slice(0, 80)))).toEqual([]);
    // A tool keeps its place on the row only while the filter box keeps its 160 px.
    if (inMenu[width] < 6) expect((await bar.getByRole('searchbox', { name: 'Filter frames' }).boundingBox())!.width).toBeGreaterThanOrEqual(159);
    if ((await more.count()) > 0 && (await more.getAttribute('aria-expanded')) === 'true') await more.click();
    await expect(panel.getByRole('menu', { name: 'More tools' })).toBeHidden();
  }
  // Measured: the narrower the more in the menu; all on the row at 1280.
  expect(inMenu[1280]).toBe(0);
  await expect(more).toHaveCount(0);
  expect(inMenu[360]).toBeGreaterThan(inMenu[760]);
  expect(inMenu[360]).toBeGreaterThanOrEqual(inMenu[500]);
  expect(inMenu[500]).toBeGreaterThanOrEqual(inMenu[760]);
  expect(inMenu[360]).toBe(6);

  // Opened narrow, then widened: the tools never shown yet come onto the row too.
  await panel.setViewportSize({ width: 360, height: 600 });
  await panel.reload();
  await expectFramesShown(panel, 6);
  await expect(more).toBeVisible();
  await panel.setViewportSize({ width: 1280, height: 600 });
  await expect(more).toHaveCount(0);
  await expect.poll(rowShape).toEqual({ lines: 1, oneRowHigh: true, overflows: false, pageWide: false });
  for (const name of ['Export', 'Settings', 'Keyboard shortcuts']) await expect(bar.getByRole('button', { name })).toBeVisible();

  // From the keyboard at 360: the menu opens on its first item, arrows move, Escape closes it
  // back onto its button; an item does what its button does.
  await panel.setViewportSize({ width: 360, height: 600 });
  await expect(more).toBeVisible();
  await more.focus();
  await more.press('ArrowDown');
  const menu = panel.getByRole('menu', { name: 'More tools' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await expect(menu.getByRole('menuitem')).toHaveText(['Export', 'Capture workers', 'Import log', 'Rules', 'Settings', 'Keyboard shortcuts']);
  await panel.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Keyboard shortcuts' })).toBeFocused();
  await panel.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();
  await more.press('Enter');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await panel.keyboard.press('End');
  await panel.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Settings' })).toBeFocused();
  await panel.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  const settings = panel.getByRole('dialog', { name: 'Capture settings' });
  await expect(settings).toBeVisible();
  await panel.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await (await toolbarTool(panel, 'Keyboard shortcuts')).click();
  await expect(panel.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Focus the filter box');
  await panel.keyboard.press('Escape');
  // Each item acts on its own tool: Import log asks for a file (not the worker switch beside it).
  const chooser = panel.waitForEvent('filechooser');
  await (await toolbarTool(panel, 'Import log')).click();
  await chooser;
  await expect(panel.getByRole('group', { name: 'Capture workers' })).toHaveCount(0);
  await panel.keyboard.press('Escape');
  await (await toolbarTool(panel, 'Export')).click();
  await expect(panel.getByRole('menu', { name: 'Export' }).getByRole('menuitem').first()).toBeFocused();
  await panel.keyboard.press('Escape');
  await expect(panel.getByRole('menu', { name: 'Export' })).toBeHidden();
});
