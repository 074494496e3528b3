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
    const r = document.querySelector('.client-shell')!.getBoundingClientRect();
    return { w: Math.round(r.width), h: Math.round(r.height), vw: innerWidth, vh: innerHeight };
  });
  expect(size).toEqual({ w: 1280, h: 800, vw: 1280, vh: 800 });
});

/** Controls whose right edge is past the viewport, and whether the page scrolls sideways. */
async function overflow(p: Page): Promise<{ scrolls: boolean; cut: string[] }> {
  return p.evaluate(() => {
    const cut: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, summary, [role="status"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (el.closest('[role="grid"]') && !el.closest('[role="toolbar"]')) continue; // the grid scrolls inside itself
      if (r.right > innerWidth + 0.5 || r.left < -0.5)
        cut.push(
          `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''} (${Math.round(r.left)}–${Math.round(r.right)})`,
        );
    }
    return { scrolls: document.documentElement.scrollWidth > innerWidth || document.body.scrollWidth > innerWidth, cut };
  });
}

test('in a tab its controls fit from 360 px to 1280 px, light and dark, with no horizontal scrollbar', async ({
  context,
  extensionId,
  demo,
}) => {
  test.setTimeout(60_000);
  const client = await openClient(context, extensionId, '?tab=1');
  await urlField(client).fill(`${demo.wsUrl}/echo`);
  await client.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(state(client)).toContainText('Open');
  await client.getByRole('textbox', { name: /^Message \(/ }).fill('{"hello":"world"}');
  await client.getByRole('button', { name: /^(Send|Send as text)$/ }).click();
  await client.getByRole('row').filter({ hasText: 'received' }).first().click();
  for (const theme of ['light', 'dark'] as const) {
    await client.emulateMedia({ colorScheme: theme });
    await client.reload();
    await expect(client.getByRole('form', { name: 'Connection' })).toBeVisible();
    for (const width of [360, 600, 799, 1280]) {
      await client.setViewportSize({ width, height: 800 });
      await expect(client.getByRole('button', { name: 'Clear log' })).toBeVisible();
      expect(await overflow(client), `${width} px, ${theme}`).toEqual({ scrolls: false, cut: [] });
      await client.screenshot({ path: test.info().outputPath(`client-${width}-${theme}.png`) });
    }
  }
});

test('a URL with a space, a bad host or port, or a fragment is refused plainly, and nothing is lost from the form', async ({
  context,
  extensionId,
}) => {
  const client = await openClient(context, extensionId, '?tab=1');
  await client.getByLabel('Subprotocols', { exact: true }).fill('chat.v1');
  await client.getByRole('textbox', { name: /^Message \(/ }).fill('draft stays');
  const cases: Array<[string, string]> = [
    ['ws://exa mple.com/', 'The URL has a space at character 9 (in the host): a URL cannot contain spaces.'],
    ['ws://ex$ample.com/', '"ex$ample.com" is not a valid host name'],
    ['ws://example.com:0/', 'The port 0 is out of range'],
    ['ws://example.com:70000/', 'The port 70000 is out of range'],
    ['ws://example.com/#top', 'cannot have a fragment'],
  ];
  for (const [url, error] of cases) {
    await urlField(client).fill(url);
    await client.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(client.locator('#url-problem')).toContainText(error);
    await expect(urlField(client)).toHaveAttribute('aria-invalid', 'true');
    await expect(urlField(client)).toHaveValue(url);
    await expect(state(client)).toHaveText(/Not connected/);
  }
  await expect(client.getByLabel('Subprotocols', { exact: true })).toHaveValue('chat.v1');
  await expect(client.getByRole('textbox', { name: /^Message \(/ })).toHaveValue('draft stays');
});
