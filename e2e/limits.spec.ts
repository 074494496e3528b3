/**
 * Bounds, said out loud: a frame over the per-frame cap is kept in part and marked; frames past
 * the page's history bound are dropped oldest first and counted; the panel stays responsive
 * while 100,000 frames arrive.
 */
import { test, expect, openPanel } from './fixtures';
import { expectFramesShown, frameRow, setFilter, startPaintSampler, stopPaintSampler } from './panel';

const MB = 1024 * 1024;

test('a 20 MB frame is kept in part and marked; 100,000 frames past a lowered bound show the drops; the panel stays responsive', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  test.setTimeout(120_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));

  // Lower the page's frame bound in Settings; relays apply it at once.
  await panel.getByRole('button', { name: 'Settings' }).click();
  const dialog = panel.getByRole('dialog', { name: 'Capture settings' });
  await dialog.getByLabel('Frames per page').fill('abc');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Frames per page must be a number.')).toBeVisible();
  await dialog.getByLabel('Frames per page').fill('50,000');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status')).toContainText('Saved');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // One 20 MB binary frame: over the 16 MB per-frame cap.
  const bigSize = await page.evaluate(
    (url) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        ws.onmessage = (e) => resolve((e.data as ArrayBuffer).byteLength);
      }),
    `${demo.wsUrl}/big?bytes=${20 * MB}&binary=1`,
  );
  expect(bigSize).toBe(20 * MB);
  const big = frameRow(panel, 'received', '20.0 MB (truncated)');
  await expect(big).toHaveCount(1, { timeout: 20_000 });
  await expect(panel.getByRole('status', { name: 'Capture limits' })).toContainText('1 frame was larger than 16.0 MB and kept in part.');
  await big.click();
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText('Truncated: this frame is 20.0 MB; only its first 16.0 MB were kept');

  // Sample the panel's frame gaps while 100,000 frames stream in.
  await startPaintSampler(panel);
  const count = await page.evaluate(
    (url) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        let n = 0;
        ws.onmessage = (e) => (e.data === 'done' ? resolve(n) : n++);
      }),
    `${demo.wsUrl}/flood?count=100000&size=16`,
  );
  expect(count).toBe(100_000);

  // 1 big + 100,000 + "done" = 100,002 frames; the bound keeps the newest 50,000.
  await expectFramesShown(panel, 50_000, 50_000, 60_000);
  await expect(panel.getByRole('status', { name: 'Capture limits' })).toContainText('History bound reached: 50,002 oldest frames were dropped (limit 50,000 frames');
  const gaps = await stopPaintSampler(panel);
  const worst = Math.max(...gaps);
  console.log(`panel: ${gaps.length} animation frames while 100,000 frames arrived, longest gap ${worst.toFixed(0)} ms`);
  expect(worst, 'longest time the panel could not paint').toBeLessThan(1000);

  // A filter over the 50,000 kept frames answers at once: frames 99,990–99,999.
  const t0 = Date.now();
  await setFilter(panel, '/^9999\\d:/');
  await expectFramesShown(panel, 10, 50_000);
  const filterMs = Date.now() - t0;
  console.log(`filter over 50,000 frames shown in ${filterMs} ms (including the test's polling)`);
  expect(filterMs).toBeLessThan(1000);
  await expect(frameRow(panel, '99999:')).toHaveCount(1);
});
