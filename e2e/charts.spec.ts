/**
 * The rate chart of a connection: a real page sends bursts of known size at known times over a
 * real socket to /echo; the panel's chart (opened with its "Chart" button) is drawn, follows the
 * panel's width, updates while frames arrive, and its summary says the peaks the page's own
 * clock counted.
 */
import type { Page } from '@playwright/test';
import { test, expect, openPanel } from './fixtures';
import { connectionRow, expectFramesShown, paneTab } from './panel';
import { formatBytes, formatClock } from '../src/core/format';
import { formatPerSecond } from '../src/core/rates';

interface PageLog {
  /** Epoch ms just before `new WebSocket`: the connection's start, to within a millisecond or so. */
  t0: number;
  sent: Array<{ time: number; size: number }>;
  got: Array<{ time: number; size: number }>;
}

async function openEcho(page: Page, wsUrl: string): Promise<void> {
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const now = () => performance.timeOrigin + performance.now();
        const w = window as unknown as { ws: WebSocket; log: PageLog };
        w.log = { t0: now(), sent: [], got: [] };
        w.ws = new WebSocket(url);
        w.ws.onmessage = (e) => w.log.got.push({ time: now(), size: new TextEncoder().encode(String(e.data)).length });
        w.ws.onopen = () => resolve();
      }),
    `${wsUrl}/echo`,
  );
}

/**
 * Sends `count` text messages of `size` bytes at once, 300 ms into a second counted from the
 * connection's start (so a burst does not straddle two 1-second buckets), and waits for the echoes.
 */
async function burst(page: Page, count: number, size: number): Promise<void> {
  await page.evaluate(
    async ({ count, size }) => {
      const now = () => performance.timeOrigin + performance.now();
      const w = window as unknown as { ws: WebSocket; log: PageLog };
      const into = now() - w.log.t0;
      const at = w.log.t0 + (Math.floor(into / 1000) + 1) * 1000 + 300;
      await new Promise((r) => setTimeout(r, at - now()));
      const expected = w.log.got.length + count;
      for (let i = 0; i < count; i++) {
        const text = `m${i}:`.padEnd(size, '.');
        w.log.sent.push({ time: now(), size });
        w.ws.send(text);
      }
      while (w.log.got.length < expected) await new Promise((r) => setTimeout(r, 20));
    },
    { count, size },
  );
}

const pageLog = (page: Page) => page.evaluate(() => (window as unknown as { log: PageLog }).log);

/** The busiest 1-second bucket, aligned to t0, by messages and by bytes (earliest of equals). */
function peaks(t0: number, frames: Array<{ time: number; size: number }>) {
  const buckets = new Map<number, { n: number; bytes: number }>();
  for (const f of frames) {
    const b = Math.floor((f.time - t0) / 1000);
    const e = buckets.get(b) ?? { n: 0, bytes: 0 };
    e.n++;
    e.bytes += f.size;
    buckets.set(b, e);
  }
  const order = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const byN = order.reduce((best, e) => (e[1].n > best[1].n ? e : best));
  const byBytes = order.reduce((best, e) => (e[1].bytes > best[1].bytes ? e : best));
  // The panel starts buckets at the hook's record of the connection, within a few ms of t0: either
  // side of a tenth's edge prints the same clock unless t0 sits on it, so both are accepted.
  const clocks = (b: number) => [...new Set([-10, 0, 10].map((d) => formatClock(t0 + b * 1000 + d).slice(0, 10)))];
  return {
    msgs: { text: `${formatPerSecond(byN[1].n)} msg/s (${formatBytes(byN[1].bytes)}/s)`, at: clocks(byN[0]) },
    bytes: { text: `${formatBytes(byBytes[1].bytes)}/s`, at: clocks(byBytes[0]) },
  };
}

/** Reads the chart's summary line into its parts. */
function parseSummary(text: string) {
  const m =
    /^Peak ↑ (.+?) at (\d\d:\d\d:\d\d\.\d) · ↓ (.+?) at (\d\d:\d\d:\d\d\.\d) · most bytes ↑ (.+?) at (\d\d:\d\d:\d\d\.\d) · ↓ (.+?) at (\d\d:\d\d:\d\d\.\d) · 1 s buckets$/.exec(
      text.trim(),
    );
  if (!m) throw new Error(`unexpected chart summary: ${text}`);
  return {
    sent: { msgs: { text: m[1], at: m[2] }, bytes: { text: m[5], at: m[6] } },
    received: { msgs: { text: m[3], at: m[4] }, bytes: { text: m[7], at: m[8] } },
  };
}

function expectSummaryMatches(summaryText: string, log: PageLog): void {
  const got = parseSummary(summaryText);
  for (const [dir, frames] of [
    ['sent', log.sent],
    ['received', log.got],
  ] as const) {
    const want = peaks(log.t0, frames);
    expect(got[dir].msgs.text, `${dir}: peak messages`).toBe(want.msgs.text);
    expect(want.msgs.at, `${dir}: peak messages at`).toContain(got[dir].msgs.at);
    expect(got[dir].bytes.text, `${dir}: peak bytes`).toBe(want.bytes.text);
    expect(want.bytes.at, `${dir}: peak bytes at`).toContain(got[dir].bytes.at);
  }
}

test('rate chart: drawn on a canvas, follows the width, updates live, and its peaks are what the page sent and got', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, demo.wsUrl);
  await burst(page, 50, 40);

  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  // The extension pages' policy forbids eval and inline scripts: the chart library must need neither.
  const problems: string[] = [];
  panel.on('pageerror', (e) => problems.push(e.message));
  panel.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await panel.setViewportSize({ width: 1200, height: 900 });
  await expectFramesShown(panel, 100);
  await connectionRow(panel, '/echo').click();
  // The chart is a tab of the inspector pane.
  await paneTab(panel, 'Chart');
  const details = panel.getByRole('region', { name: 'Connection chart' });
  // Shown at once in its tab: no fold-out of its own.
  await expect(details.getByRole('button', { name: /Chart/ })).toHaveCount(0);

  const figure = details.getByRole('figure', { name: 'Messages and bytes per second of #1' });
  const messages = figure.getByRole('img', { name: /^Messages per second of #1, sent above the axis, received below\. Peak/ });
  const bytes = figure.getByRole('img', { name: /^Bytes per second of #1/ });
  await expect(messages).toBeVisible();
  await expect(bytes).toBeVisible();
  const summary = figure.locator('figcaption');
  await expect(summary).toContainText('Peak ↑ 50 msg/s');
  expectSummaryMatches(await summary.innerText(), await pageLog(page));

  // Drawn: canvases of real size, with the sent series' colour painted on the messages chart.
  for (const chart of [messages, bytes]) {
    const box = await chart.locator('canvas').boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    expect(box?.height ?? 0).toBeGreaterThan(40);
  }
  const painted = await messages.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const hex = getComputedStyle(document.documentElement).getPropertyValue('--sent-fg').trim();
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4)
      if (Math.abs(px[i]! - r!) < 30 && Math.abs(px[i + 1]! - g!) < 30 && Math.abs(px[i + 2]! - b!) < 30 && px[i + 3]! > 200) n++;
    return n;
  });
  expect(painted).toBeGreaterThan(20);

  // Follows the pane's width: the splitter beside it, moved from the keyboard to its widest, then narrowest.
  const splitter = panel.getByRole('separator', { name: 'Resize the detail pane' });
  await splitter.focus();
  await splitter.press('End');
  await expect.poll(async () => (await panel.getByRole('region', { name: 'Inspector' }).boundingBox())!.width).toBeGreaterThan(600);
  await expect.poll(async () => (await messages.locator('canvas').boundingBox())!.width).toBeGreaterThan(500);
  const wide = (await messages.locator('canvas').boundingBox())!.width;
  await splitter.press('Home');
  await expect.poll(async () => (await messages.locator('canvas').boundingBox())!.width).toBeLessThan(wide - 200);

  // Live: a second, smaller burst of bigger messages over a second later. The busiest second by
  // messages stays the first burst's; by bytes it becomes the second's.
  await burst(page, 20, 600);
  await expectFramesShown(panel, 140);
  await expect(summary).toContainText(`most bytes ↑ ${formatBytes(20 * 600)}/s`, { timeout: 5000 });
  expectSummaryMatches(await summary.innerText(), await pageLog(page));
  await expect(summary).toContainText('Peak ↑ 50 msg/s');

  // Another tab: the charts are gone (nothing is counted or drawn outside the Chart tab).
  await paneTab(panel, 'Connection');
  await expect(figure).toHaveCount(0);
  expect(problems).toEqual([]);
});
