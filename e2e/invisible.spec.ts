/**
 * The page cannot tell: one battery of checks runs in a page with the extension and in a browser
 * without it, and must give the same answers. Then the ways to make a socket that do not go
 * through `window.WebSocket` directly are captured too.
 */
import { chromium } from '@playwright/test';
import { test, expect, openPanel } from './fixtures';
import { expectFramesShown, frameRow } from './panel';
import { socketsByOtherRoutes } from './scenarios';
import { battery } from './invisibility-battery';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the same battery of checks gives the same answers with and without the extension', async ({ page, demo }) => {
  test.setTimeout(60_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const withExtension = await page.evaluate(battery, demo.wsUrl);

  const profile = await mkdtemp(join(tmpdir(), 'wslens-plain-'));
  const plain = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const p = plain.pages()[0] ?? (await plain.newPage());
    await p.goto(`${demo.httpUrl}/fixture.html`);
    const without = await p.evaluate(battery, demo.wsUrl);
    for (const key of Object.keys(without)) expect(withExtension[key], key).toEqual(without[key]);
    expect(Object.keys(withExtension).sort()).toEqual(Object.keys(without).sort());
  } finally {
    await plain.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 10 });
  }
});

test('sockets made by a subclass, with Reflect.construct, and from a fresh about:blank iframe are captured', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(socketsByOtherRoutes, demo.wsUrl);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 6);
  for (const text of ['via subclass', 'via Reflect.construct', 'via a fresh iframe']) {
    await expect(frameRow(panel, 'sent', text)).toHaveCount(1);
    await expect(frameRow(panel, 'received', text)).toHaveCount(1);
  }
});

test('a socket made at once with the constructor of a same-origin window.open popup is captured, in the popup\'s tab', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.evaluate((url) => {
      const w = window.open('about:blank', 'pop') as Window & typeof globalThis;
      const ws = new w.WebSocket(`${url}/echo`);
      ws.onopen = () => ws.send('from a popup, at once');
    }, demo.wsUrl),
  ]);
  await expect.poll(() => demo.stats.received('/echo').length).toBe(1);
  const panel = await openPanel(context, extensionId, await tabIdOf(popup));
  await expect(frameRow(panel, 'sent', 'from a popup, at once')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'from a popup, at once')).toHaveCount(1);
});

test("a page listening on a srcdoc iframe's window before its document loads is not handed the capture channel", async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  // The srcdoc document reuses the Window of the frame's initial empty document, so listeners the
  // page put on it earlier are still there when the extension's scripts start in the new document.
  const seen = await page.evaluate(async (url) => {
    const f = document.createElement('iframe');
    f.srcdoc = `<script>const ws = new WebSocket(${JSON.stringify(url)}); ws.onopen = () => ws.send('from the srcdoc document');</script>`;
    document.body.append(f);
    const w = f.contentWindow as Window;
    const seen: string[] = [];
    for (const type of ['wslens:hook-port', 'wslens:relay-ready'])
      w.addEventListener(type, (e) => seen.push(`${type}, ports: ${(e as MessageEvent).ports?.length ?? 0}`), true);
    await new Promise((r) => (f.onload = r));
    return seen;
  }, `${demo.wsUrl}/echo`);
  expect(seen).toEqual([]);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expect(frameRow(panel, 'sent', 'from the srcdoc document')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'from the srcdoc document')).toHaveCount(1);
});
