/**
 * The panel's own controls: pause and resume capture, clear, the keyboard in the frames grid,
 * and the theme.
 */
import type { Page } from '@playwright/test';
import { test, expect, openPanel } from './fixtures';
import { connectionRow, expectFramesShown, frameRow, framesGrid } from './panel';

const say = (page: Page, text: string) => page.evaluate((t) => (window as unknown as { ws: WebSocket }).ws.send(t), text);

test('pause, resume, clear, and the keyboard in the frames grid', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { ws: WebSocket };
        w.ws = new WebSocket(url);
        w.ws.onopen = () => resolve();
      }),
    `${demo.wsUrl}/echo`,
  );
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await say(page, 'one');
  await expectFramesShown(panel, 2);

  // Paused: frames are not recorded, and the panel says how many it let pass.
  await panel.getByRole('button', { name: 'Pause capture' }).click();
  await expect(panel.getByRole('button', { name: 'Resume capture' })).toHaveAttribute('aria-pressed', 'false');
  await say(page, 'two');
  await expect(panel.getByRole('status', { name: 'Capture limits' })).toContainText('2 frames arrived while capture was paused and were not recorded.');
  await expectFramesShown(panel, 2);
  // The connection still counts everything that crossed it.
  await expect(connectionRow(panel, '/echo')).toContainText('2 · 6 B');
  await panel.getByRole('button', { name: 'Resume capture' }).click();
  await say(page, 'three');
  await expectFramesShown(panel, 4);
  await expect(frameRow(panel, 'two')).toHaveCount(0);

  // Keyboard: arrows move the selection and open the detail; Escape closes it.
  await framesGrid(panel).getByRole('rowgroup', { name: 'Frame rows' }).focus();
  await panel.keyboard.press('Home');
  const detail = panel.getByRole('region', { name: 'Frame detail' });
  await expect(detail).toContainText('↑ Sent');
  await expect(detail.getByRole('tabpanel')).toContainText('one');
  await panel.keyboard.press('ArrowDown');
  await expect(detail).toContainText('↓ Received');
  await panel.keyboard.press('End');
  await expect(detail.getByRole('tabpanel')).toContainText('three');
  await expect(frameRow(panel, 'received', 'three')).toHaveAttribute('aria-selected', 'true');
  await panel.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);

  // Clear: frames go; the live connection stays listed with its totals.
  await panel.getByRole('button', { name: 'Clear' }).click();
  await expectFramesShown(panel, 0);
  await expect(connectionRow(panel, '/echo')).toContainText('open');
  await say(page, 'four');
  await expectFramesShown(panel, 2);
  await expect(frameRow(panel, 'received', 'four')).toHaveCount(1);
});

test('the panel follows a dark colour scheme outside DevTools', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const tabId = await tabIdOf(page);
  const light = await openPanel(context, extensionId, tabId);
  await expect(light.locator('html')).toHaveAttribute('data-theme', 'light');
  const dark = await context.newPage();
  await dark.emulateMedia({ colorScheme: 'dark' });
  await dark.goto(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
  await expect(dark.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(32, 33, 36)');
});
