#!/usr/bin/env node
// Makes the README's screenshots from the real extension: the demo page with live traffic, the
// panel (as a tab) with a JSON frame and a binary frame selected, and the panel inside real
// DevTools. Run `npm run build` first; writes docs/screenshots/*.png.
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { startDemoServer } from '../demo/server.mjs';
import { chromiumArgs, findChromium } from './browsers.mjs';

const DIST = resolve('dist');
const OUT = resolve('docs/screenshots');
if (!existsSync(join(DIST, 'manifest.json'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });

const demo = await startDemoServer({ port: 0, botIntervalMs: 1500 });
const profile = mkdtempSync(join(tmpdir(), 'wsl-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: findChromium(),
  headless: true,
  ignoreDefaultArgs: ['--disable-extensions'],
  viewport: { width: 1280, height: 760 },
  args: chromiumArgs({ extension: DIST, debuggingPort: true, extra: ['--hide-scrollbars', '--auto-open-devtools-for-tabs'] }),
});
try {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(sw.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${demo.httpUrl}/`);
  await page.waitForTimeout(7000);
  await page.screenshot({ path: join(OUT, 'demo.png') });

  // The panel as a tab inspecting the demo page.
  await page.bringToFront();
  const [tabId] = await sw.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true })).map((t) => t.id));
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
  await panel.waitForTimeout(1500);
  const rows = panel.getByRole('grid', { name: 'Frames' }).getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row');
  await panel.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/ticker' }).click();
  await rows.filter({ hasText: 'received' }).last().click();
  await panel.waitForTimeout(300);
  await panel.screenshot({ path: join(OUT, 'panel-json.png') });
  await panel.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/ticker' }).click();
  await panel.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/binary' }).click();
  await rows.filter({ hasText: 'received' }).last().click();
  await panel.waitForTimeout(300);
  await panel.screenshot({ path: join(OUT, 'panel-binary.png') });
  await panel.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/binary' }).click();
  await panel.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/closer' }).click();
  await panel.waitForTimeout(300);
  await panel.screenshot({ path: join(OUT, 'panel-close.png') });
  await panel.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/closer' }).click();
  // The ticker's rate chart (Show: Messages and events, so the status bar counts the events too).
  await panel.getByRole('grid', { name: 'Connections' }).getByRole('row').filter({ hasText: '/ticker' }).click();
  await panel.getByRole('button', { name: /Chart/ }).click();
  await panel.getByRole('combobox', { name: 'Show' }).selectOption('all');
  await panel.setViewportSize({ width: 1280, height: 1040 });
  await panel.waitForTimeout(1500);
  // A ticker frame selected, its JSON in the detail.
  await rows.nth(2).click();
  await panel.waitForTimeout(300);
  await panel.screenshot({ path: join(OUT, 'panel-chart.png') });
  await panel.close();

  // The panel inside real DevTools, over raw CDP (Playwright does not list DevTools windows).
  const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0].trim();
  const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
  const ws = new WebSocket(webSocketDebuggerUrl);
  await new Promise((r) => ws.once('open', r));
  let id = 0;
  const pending = new Map();
  ws.on('message', (m) => {
    const d = JSON.parse(String(m));
    if (d.id && pending.has(d.id)) {
      pending.get(d.id)(d.result);
      pending.delete(d.id);
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((r) => (pending.set(++id, r), ws.send(JSON.stringify({ id, method, params, sessionId }))));
  const targets = async () => (await send('Target.getTargets')).targetInfos;
  const devtools = (await targets()).find((t) => t.url.startsWith('devtools://'));
  if (devtools) {
    const { sessionId } = await send('Target.attachToTarget', { targetId: devtools.targetId, flatten: true });
    for (let i = 0; i < 30 && !(await targets()).some((t) => t.type === 'iframe' && t.url.includes('panel.html')); i++) {
      for (const type of ['keyDown', 'keyUp']) await send('Input.dispatchKeyEvent', { type, modifiers: 2, key: '[', code: 'BracketLeft', windowsVirtualKeyCode: 219 }, sessionId);
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const shot = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
    if (shot?.data) writeFileSync(join(OUT, 'devtools.png'), Buffer.from(shot.data, 'base64'));
  }
  ws.close();
  console.log(`screenshots written to ${OUT}`);
} finally {
  await context.close();
  await demo.close();
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
}
