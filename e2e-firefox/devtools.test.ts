/**
 * The panel inside real Firefox DevTools: registered by the devtools page, it shows the inspected
 * page's frames live, follows DevTools' theme (browser.devtools.panels.themeName), exports through <a download>, opens the test
 * client on a captured connection, and "Pop out" opens it in a tab of its own that goes on showing
 * the same tab (both tabs opened through the background: a Firefox DevTools panel has no tabs API).
 */
import { expect, test } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXTENSION_ORIGIN, inDevtoolsPanel, openDevtoolsPanel, until, waitFramesShown, firefoxSuite } from './firefox';

const suite = firefoxSuite();

test('the WebSocket panel in real Firefox DevTools shows the frames live, in the dark theme, exports, opens the test client and pops out into a tab', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(async (url) => {
    const w = window as unknown as { ws: WebSocket };
    w.ws = new WebSocket(url);
    await new Promise((r) => (w.ws.onopen = r));
    w.ws.send('before DevTools opened');
  }, `${suite.demo.wsUrl}/echo`);

  await openDevtoolsPanel(suite.ff, 'dark');
  const summary = (win: Window) =>
    (win.document.querySelector('[role="status"][aria-label="Summary"]') as HTMLElement | null)?.innerText ?? '';
  await until('2 frames in the DevTools panel', async () => (await inDevtoolsPanel(suite.ff, summary)).includes('2 / 2 frames shown'));
  const rows = (win: Window) =>
    Array.from(win.document.querySelectorAll('[role="rowgroup"][aria-label="Frame rows"] [role="row"]'), (r) =>
      (r as HTMLElement).innerText.replace(/\s+/g, ' '),
    ).join('\n');
  expect(await inDevtoolsPanel(suite.ff, rows)).toMatch(/sent.*before DevTools opened[\s\S]*received.*before DevTools opened/);
  // DevTools' theme, read from browser.devtools.panels.themeName.
  expect(await inDevtoolsPanel(suite.ff, (win) => win.document.documentElement.dataset.theme ?? '')).toBe('dark');

  // Live: a frame sent now shows up at once.
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('while DevTools is open'));
  await until('4 frames in the DevTools panel', async () => (await inDevtoolsPanel(suite.ff, summary)).includes('4 / 4 frames shown'));
  expect(await inDevtoolsPanel(suite.ff, rows)).toContain('while DevTools is open');

  // Export inside DevTools: saved through <a download> (no downloads permission).
  expect(
    await inDevtoolsPanel(suite.ff, (win) => {
      const b = win.document.querySelector('button[aria-label="Export"]') as HTMLButtonElement | null;
      b?.click();
      return String(b !== null);
    }),
  ).toBe('true');
  await until(
    'the export menu item clicked',
    async () =>
      (await inDevtoolsPanel(suite.ff, (win) => {
        const item = win.document.querySelector('[role="menuitem"][aria-label="All connections as JSON"]') as HTMLButtonElement | null;
        item?.click();
        return String(item !== null);
      })) === 'true',
  );
  const saved = await until('the export on disk', async () => {
    const files = await readdir(suite.ff.downloads);
    const name = files.find((f) => /^websocket-lens_127\.0\.0\.1-\d+_.*\.json$/.test(f));
    return name !== undefined && !files.some((f) => f.endsWith('.part')) ? readFile(join(suite.ff.downloads, name), 'utf8') : '';
  });
  const log = JSON.parse(saved) as { connections: unknown[]; frames: Array<{ data?: unknown }> };
  expect(log.connections).toHaveLength(1);
  expect(log.frames).toHaveLength(4);
  expect(saved).toContain('while DevTools is open');

  // "Open in test client" on the connection: another tab the panel opens (through the background,
  // as Firefox's DevTools panels have no tabs API).
  let before = new Set(await suite.ff.browser.pages());
  const selected = await inDevtoolsPanel(suite.ff, (win) => {
    const row = Array.from(win.document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="row"]')).find((r) =>
      (r as HTMLElement).innerText.includes('/echo'),
    );
    (row as HTMLElement | undefined)?.click();
    return String(row !== undefined);
  });
  expect(selected).toBe('true');
  await until(
    '"Open in test client" clicked',
    async () =>
      (await inDevtoolsPanel(suite.ff, (win) => {
        const b = Array.from(win.document.querySelectorAll('button')).find((x) => x.innerText.trim() === 'Open in test client');
        b?.click();
        return String(b !== undefined);
      })) === 'true',
  );
  const client = await until('the test client tab', async () => {
    for (const p of await suite.ff.browser.pages()) {
      if (before.has(p)) continue;
      const href = await p.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`${EXTENSION_ORIGIN}/src/client/client.html?`) && (await p.evaluate(() => document.readyState === 'complete')))
        return p;
    }
    return null;
  });
  await until('the client prefilled with the URL and the sent messages', () =>
    client.evaluate((url) => {
      const field = Array.from(document.querySelectorAll('input')).find((i) => i.labels?.[0]?.innerText.trim() === 'URL');
      return field?.value === url && document.body.innerText.includes('before DevTools opened');
    }, `${suite.demo.wsUrl}/echo`),
  );

  // Pop out: a tab the extension opens itself, inspecting the same tab.
  before = new Set(await suite.ff.browser.pages());
  const clicked = await inDevtoolsPanel(suite.ff, (win) => {
    const b = Array.from(win.document.querySelectorAll('button')).find((x) => x.innerText.trim() === 'Pop out');
    b?.click();
    return String(b !== undefined);
  });
  expect(clicked).toBe('true');
  const tab = await until('the popped-out panel', async () => {
    for (const p of await suite.ff.browser.pages()) {
      if (before.has(p)) continue;
      const href = await p.evaluate(() => location.href).catch(() => '');
      if (
        href.startsWith(`${EXTENSION_ORIGIN}/src/panel/panel.html?tabId=`) &&
        (await p.evaluate(() => document.readyState === 'complete'))
      )
        return p;
    }
    return null;
  });
  await waitFramesShown(tab, 4);
});
