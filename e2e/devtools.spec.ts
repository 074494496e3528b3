/**
 * The panel inside real DevTools: Chromium opens DevTools for every tab, we reach the DevTools
 * window over CDP, select the extension's "WebSocket" panel and read the frames it shows.
 * (RECIPE.md: DevTools windows opened after connecting over CDP do not show up as pages, so we
 * wait until /json/list lists the DevTools page before connecting.)
 */
import { test as base, expect, chromium, type Frame } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoServer } from '../demo/server.mjs';
import { frameRow } from './panel';

const test = base;
const DIST = resolve('dist');

test('the WebSocket panel in real DevTools shows the frames of the inspected page', async () => {
  test.setTimeout(90_000);
  const demo = await startDemoServer({ port: 0, botIntervalMs: 0 });
  const profile = mkdtempSync(join(tmpdir(), 'wsl-devtools-'));
  const browserProcess = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--auto-open-devtools-for-tabs',
      '--remote-debugging-port=0',
    ],
  });
  try {
    const page = browserProcess.pages()[0] ?? (await browserProcess.newPage());
    await page.goto(`${demo.httpUrl}/inline.html?ws=/echo`);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __received?: string[] }).__received?.length ?? 0)).toBeGreaterThan(0);

    const portFile = join(profile, 'DevToolsActivePort');
    await expect.poll(() => existsSync(portFile)).toBe(true);
    const port = readFileSync(portFile, 'utf8').split('\n')[0].trim();
    await expect
      .poll(
        async () => {
          const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ url: string }>;
          return list.some((t) => t.url.startsWith('devtools://'));
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    try {
      const pages = cdp.contexts().flatMap((c) => c.pages());
      const devtools = pages.find((p) => p.url().startsWith('devtools://'));
      expect(devtools, 'a DevTools window').toBeDefined();
      const panelFrame = async (): Promise<Frame | undefined> =>
        devtools!.frames().find((f) => f.url().startsWith('chrome-extension://') && f.url().includes('/src/panel/panel.html'));
      // Select panels to the left until ours is shown (its tab may sit in the » overflow menu).
      await expect
        .poll(
          async () => {
            const f = await panelFrame();
            if (f && (await f.getByRole('grid', { name: 'Frames' }).isVisible().catch(() => false))) return true;
            await devtools!.keyboard.press('Control+BracketLeft');
            return false;
          },
          { timeout: 30_000, intervals: [300] },
        )
        .toBe(true);
      const frame = (await panelFrame())!;
      await expect(frameRow(frame, 'sent', 'first')).toHaveCount(1);
      await expect(frameRow(frame, 'received', 'first')).toHaveCount(1);
      await expect(frame.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/echo' })).toHaveCount(1);
    } finally {
      await cdp.close();
    }
  } finally {
    await browserProcess.close();
    await demo.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
});
