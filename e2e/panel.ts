/**
 * How the end-to-end tests read and drive the panel: by role and accessible name, as a user or a
 * screen reader would.
 */
import { expect, type Frame, type Locator, type Page } from '@playwright/test';

/** The panel document: a tab of its own, or the panel's frame inside DevTools. */
export type PanelRoot = Page | Frame;

export const framesGrid = (panel: PanelRoot): Locator => panel.getByRole('grid', { name: 'Frames' });
export const connectionsGrid = (panel: PanelRoot): Locator => panel.getByRole('grid', { name: 'Connections' });

/** Data rows of the frames grid (the header row excluded). */
export const frameRows = (panel: PanelRoot): Locator => framesGrid(panel).getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row');

/** A frame row whose cells contain every given text. */
export function frameRow(panel: PanelRoot, ...texts: (string | RegExp)[]): Locator {
  let rows = frameRows(panel);
  for (const t of texts) rows = rows.filter({ hasText: t });
  return rows;
}

/**
 * A connection row by its text, or by its whole URL: the URL cell shows the URL cut in the middle
 * to its width, and the whole URL in its title (what a user reads on hover).
 */
export function connectionRow(panel: PanelRoot, text: string | RegExp): Locator {
  const rows = connectionsGrid(panel).getByRole('row');
  const byText = rows.filter({ hasText: text });
  if (typeof text !== 'string') return byText;
  return byText.or(rows.filter({ has: panel.locator(`[role=gridcell][title*=${JSON.stringify(text)}]`) }));
}

/** The "N / M frames shown" figure of the status bar. */
export async function framesShown(panel: PanelRoot): Promise<{ shown: number; total: number }> {
  const text = await panel.getByRole('status', { name: 'Summary' }).innerText();
  const m = /([\d,]+) \/ ([\d,]+) frames shown/.exec(text);
  if (!m) throw new Error(`no frame count in the status bar: ${text}`);
  return { shown: Number(m[1].replace(/,/g, '')), total: Number(m[2].replace(/,/g, '')) };
}

export async function expectFramesShown(panel: PanelRoot, shown: number, total = shown, timeout = 15_000): Promise<void> {
  await expect.poll(() => framesShown(panel), { timeout }).toEqual({ shown, total });
}

/** Opens a frame in the detail view and returns the text of the chosen payload view. */
export async function payloadView(panel: PanelRoot, row: Locator, view: 'Text' | 'JSON' | 'Hex' | 'Base64' | 'UTF-8'): Promise<string> {
  await row.click();
  const detail = panel.getByRole('region', { name: 'Frame detail' });
  await detail.getByRole('tab', { name: view, exact: true }).click();
  return detail.getByRole('tabpanel').innerText();
}

export async function setFilter(panel: PanelRoot, text: string): Promise<void> {
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill(text);
}

/** The direction: the toolbar's segmented toggle (All, Sent, Received). */
export async function setDirection(panel: PanelRoot, direction: 'All' | 'Sent' | 'Received'): Promise<void> {
  const radio = panel.getByRole('radiogroup', { name: 'Direction' }).getByRole('radio', { name: direction, exact: true });
  await radio.check();
}

/**
 * Opens the toolbar's Filters row (Show, match case, type, name, size, timeline, saved filters)
 * if it is closed; the panel remembers it open, so this does nothing in a later panel session.
 */
export async function openFilters(panel: PanelRoot): Promise<void> {
  const toggle = panel.getByRole('toolbar', { name: 'WebSocket panel controls' }).getByRole('button', { name: /^Filters/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(panel.getByRole('toolbar', { name: 'More filters' })).toBeVisible();
}

/** Shows a tab of the inspector pane (Frame, Connection #N, Chart, Initiator, Act). */
export async function paneTab(panel: PanelRoot, name: 'Frame' | 'Connection' | 'Chart' | 'Initiator' | 'Act'): Promise<void> {
  const tab = panel.getByRole('tablist', { name: 'Inspector' }).getByRole('tab', { name: name === 'Connection' ? /^Connection/ : name, exact: name !== 'Connection' });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/**
 * Starts recording the gaps between the panel's animation frames: how long at a time it could
 * not paint. `stopPaintSampler` returns the gaps in ms.
 */
export async function startPaintSampler(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __sampling: boolean };
    w.__gaps = [];
    w.__sampling = true;
    let last = performance.now();
    const tick = (t: number) => {
      w.__gaps.push(t - last);
      last = t;
      if (w.__sampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export async function stopPaintSampler(panel: Page): Promise<number[]> {
  return panel.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __sampling: boolean };
    w.__sampling = false;
    return w.__gaps;
  });
}

/**
 * The selected connection's act controls (compose, simulate, close), in the pane's Act tab, unfolded. With
 * `unfolded: 'already'` (after "Edit and resend", which unfolds them itself) it only checks.
 */
export async function actPanel(panel: PanelRoot, unfolded: 'already' | 'click' = 'click'): Promise<Locator> {
  await paneTab(panel, 'Act');
  const act = panel.getByRole('region', { name: 'Act on this connection' });
  const toggle = act.getByRole('button', { name: /^. Send, simulate or close on #\d+$/ });
  if (unfolded === 'click' && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return act;
}

/** The panel's toolbar. */
export const panelToolbar = (panel: PanelRoot): Locator => panel.getByRole('toolbar', { name: 'WebSocket panel controls' });

/**
 * A tool at the toolbar's end (Export, Import log, Rules, Settings, Pop out, Keyboard shortcuts):
 * its button when the row has room for it, else its item in the "More tools" menu, opened.
 */
export async function toolbarTool(panel: PanelRoot, name: string | RegExp): Promise<Locator> {
  const bar = panelToolbar(panel);
  const more = bar.getByRole('button', { name: 'More tools' });
  const direct = bar.getByRole('button', { name }).or(bar.getByLabel(name, { exact: true }));
  if ((await direct.count()) > 0 && (await direct.first().isVisible())) return direct.first();
  if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
  const item = panel.getByRole('menu', { name: 'More tools' }).getByRole('menuitem', { name });
  await expect(item).toBeVisible();
  return item;
}
