#!/usr/bin/env node
// Makes the README's screenshots from the real extension, light and dark: the demo page with live
// traffic; the panel inside real DevTools docked to the right (555 px wide) and docked at
// the bottom (1280×400), with the inspected page beside or above it (DevTools' own capture leaves the
// page's area empty, so the page is captured on its own and drawn into it); the panel popped out
// into a tab (1280×800) with a JSON frame, a binary frame, a closed connection and a rate chart.
// Run `npm run build` first; writes docs/screenshots/*.png. The demo's URLs hold CJK text: the
// machine needs a CJK font (Debian: fonts-noto-cjk), for screenshots only (CI takes none).
//
//   npm run screenshots
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
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const demo = await startDemoServer({ port: 0, botIntervalMs: 1500 });
try {
  for (const theme of /** @type {const} */ (['light', 'dark'])) await shoot(theme);
  console.log(`screenshots written to ${OUT}`);
} finally {
  await demo.close();
}

/** @param {'light' | 'dark'} theme */
async function shoot(theme) {
  const profile = mkdtempSync(join(tmpdir(), 'wsl-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: null,
    colorScheme: theme,
    args: chromiumArgs({
      extension: DIST,
      debuggingPort: true,
      extra: ['--hide-scrollbars', '--window-size=1280,800', '--auto-open-devtools-for-tabs', ...(theme === 'dark' ? ['--force-dark-mode'] : [])],
    }),
  });
  const suffix = theme === 'dark' ? '-dark' : '';
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(sw.url()).host;
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${demo.httpUrl}/`);
    await sleep(7000);
    if (theme === 'light') await page.screenshot({ path: join(OUT, 'demo.png') });

    await devtoolsShots(profile, suffix, page);

    // The panel popped out into a tab, inspecting the demo page.
    await page.bringToFront();
    const [tabId] = await sw.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true })).map((t) => t.id));
    const panel = await context.newPage();
    await panel.setViewportSize({ width: 1280, height: 800 });
    await panel.emulateMedia({ colorScheme: theme });
    await panel.goto(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
    await sleep(1500);
    const rows = panel.getByRole('grid', { name: 'Frames' }).getByRole('rowgroup', { name: 'Frame rows' }).getByRole('row');
    const picker = panel.getByRole('combobox', { name: 'Connection' });
    /** @param {string} path a part of the connection's URL */
    const choose = async (path) => {
      const value = await picker.getByRole('option').evaluateAll((os, p) => /** @type {HTMLOptionElement[]} */ (os).find((o) => o.title.includes(p))?.value ?? '', path);
      await picker.selectOption(value);
    };
    await choose('/ticker');
    await rows.filter({ hasText: 'received' }).last().click();
    await sleep(300);
    await panel.screenshot({ path: join(OUT, `panel-json${suffix}.png`) });
    if (theme === 'dark') return;
    await choose('/binary');
    await rows.filter({ hasText: 'received' }).last().click();
    await panel.getByRole('tab', { name: 'Hex' }).click();
    await sleep(300);
    await panel.screenshot({ path: join(OUT, 'panel-binary.png') });
    await choose('/closer');
    await panel.getByRole('tab', { name: /^Connection/ }).click();
    await sleep(300);
    await panel.screenshot({ path: join(OUT, 'panel-close.png') });
    // The ticker's rate chart (Show: Messages and events, so the status bar counts the events too).
    await choose('/ticker');
    await panel.getByRole('tab', { name: 'Chart' }).click();
    await panel.getByRole('button', { name: /^Filters/ }).click();
    await panel.getByRole('combobox', { name: 'Show' }).selectOption('all');
    await sleep(1500);
    await panel.screenshot({ path: join(OUT, 'panel-chart.png') });
    await panel.close();
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * The DevTools window's capture (base64 PNG) with the inspected page's own capture drawn into the
 * page's area, at its top left (the area DevTools leaves to the page whichever side it is docked).
 * Drawn on a canvas in a headless browser of its own, so the shots' browser keeps its one tab.
 * @param {string} devtoolsPng base64
 * @param {string} pagePng base64
 * @returns {Promise<Buffer>} the PNG
 */
async function composite(devtoolsPng, pagePng) {
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  try {
    const p = await browser.newPage();
    const url = await p.evaluate(
      async ([a, b]) => {
        /** @type {(src: string) => Promise<HTMLImageElement>} */
        const load = (src) =>
          new Promise((res, rej) => {
            const img = new Image();
            img.onload = () => res(img);
            img.onerror = rej;
            img.src = src;
          });
        const [dt, pg] = await Promise.all([load(`data:image/png;base64,${a}`), load(`data:image/png;base64,${b}`)]);
        const c = Object.assign(document.createElement('canvas'), { width: dt.width, height: dt.height });
        const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
        g.drawImage(dt, 0, 0);
        g.drawImage(pg, 0, 0);
        return c.toDataURL('image/png');
      },
      [devtoolsPng, pagePng],
    );
    return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
  } finally {
    await browser.close();
  }
}

/**
 * The panel inside real DevTools, over raw CDP (Playwright does not list DevTools windows):
 * docked to the right at DevTools' default 555 px, then docked at the bottom, 400 px high.
 * @param {string} profile the browser's profile directory
 * @param {string} suffix of the file names ('-dark' or '')
 * @param {import('@playwright/test').Page} page the inspected page (its URL finds its CDP target)
 */
async function devtoolsShots(profile, suffix, page) {
  const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0].trim();
  const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
  const ws = new WebSocket(webSocketDebuggerUrl);
  await new Promise((r) => ws.once('open', r));
  let id = 0;
  // id → the resolver of its send(); a Map<any, any> as `new Map()` makes it: get() is called only
  // after has(), which a typed Map (get() may return undefined) cannot follow without a code change.
  const pending = new Map();
  ws.on('message', (m) => {
    const d = JSON.parse(m.toString());
    if (d.id && pending.has(d.id)) {
      pending.get(d.id)(d.result ?? { error: d.error });
      pending.delete(d.id);
    }
  });
  /**
   * A CDP result. `any`: its shape depends on the method (no CDP types in this project's
   * dependencies); each caller reads the few fields its method returns.
   * @typedef {any} CdpResult
   */
  /**
   * @param {string} method
   * @param {object} [params]
   * @param {string} [sessionId]
   * @returns {Promise<CdpResult>}
   */
  const send = (method, params = {}, sessionId) => new Promise((r) => (pending.set(++id, r), ws.send(JSON.stringify({ id, method, params, sessionId }))));
  /** @typedef {{ type: string, url: string, targetId: string }} TargetInfo */
  /** @returns {Promise<TargetInfo[]>} */
  const targets = async () => (await send('Target.getTargets')).targetInfos;
  try {
    const devtools = (await targets()).find((t) => t.url.startsWith('devtools://'));
    if (!devtools) return console.error('no DevTools window: devtools*.png not made');
    const { sessionId } = await send('Target.attachToTarget', { targetId: devtools.targetId, flatten: true });
    // DevTools' own theme, set before the panel loads (the panel reads it when it starts): the
    // system's dark mode alone does not always reach a headless DevTools.
    await send(
      'Runtime.evaluate',
      {
        expression: `import('./core/common/common.js').then((c) => { c.Settings.Settings.instance().moduleSetting('ui-theme').set('${suffix ? 'dark' : 'default'}'); return 'ok'; })`,
        awaitPromise: true,
      },
      sessionId,
    );
    // Ctrl+[ moves to the previous DevTools panel, from Elements to the last one: WebSocket.
    for (let i = 0; i < 30 && !(await targets()).some((t) => t.type === 'iframe' && t.url.includes('panel.html')); i++) {
      for (const type of ['keyDown', 'keyUp']) await send('Input.dispatchKeyEvent', { type, modifiers: 2, key: '[', code: 'BracketLeft', windowsVirtualKeyCode: 219 }, sessionId);
      await sleep(250);
    }
    await sleep(1500);
    const frame = (await targets()).find((t) => t.type === 'iframe' && t.url.includes('panel.html'));
    if (frame) {
      // Select a received frame of the ticker in the panel, as a user would click it.
      const { sessionId: panelSession } = await send('Target.attachToTarget', { targetId: frame.targetId, flatten: true });
      await send(
        'Runtime.evaluate',
        {
          expression: `(() => {
            const rows = [...document.querySelectorAll('[role=rowgroup][aria-label="Frame rows"] [role=row]')].filter((r) => r.textContent.includes('received') && r.textContent.includes('tick'));
            rows.at(-3)?.click();
          })()`,
        },
        panelSession,
      );
    }
    // DevTools' size under the page (400 px): its split's remembered state, read again when the
    // dock side changes.
    /** @param {'right' | 'bottom'} side */
    const dock = async (side) =>
      send(
        'Runtime.evaluate',
        {
          expression: `Promise.all([import('./ui/legacy/legacy.js'), import('./core/common/common.js')]).then(([m, c]) => {
            for (const k of ['inspector-view.split-view-state', 'InspectorView.splitViewState'])
              c.Settings.Settings.instance().createSetting(k, {}).set({ vertical: { size: 555 }, horizontal: { size: 400 } });
            m.DockController.DockController.instance().setDockSide('${side}');
            return 'ok';
          })`,
          awaitPromise: true,
        },
        sessionId,
      );
    /** @param {string} name the file written */
    const shoot = async (name) => {
      const shot = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
      if (!shot?.data) return console.error(`no capture of DevTools for ${name}`);
      // The page, over the same raw CDP connection.
      const target = (await targets()).find((/** @type {{ type: string; url: string }} */ t) => t.type === 'page' && t.url === page.url());
      if (!target) return console.error(`no page target for ${name}`);
      const { sessionId: pageSession } = await send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
      const pageShot = await send('Page.captureScreenshot', { format: 'png' }, pageSession);
      await send('Target.detachFromTarget', { sessionId: pageSession });
      if (!pageShot?.data) return console.error(`no capture of the page for ${name}`);
      writeFileSync(join(OUT, name), await composite(shot.data, pageShot.data));
    };
    // Docked right as DevTools opened (its default 555 px), light; then at the bottom, 400 px
    // high, light and dark; in the dark run docked right again last (a headless DevTools docked to
    // the side as it opens paints its light theme whatever the setting, until it is docked anew).
    await sleep(1000);
    if (!suffix) await shoot('devtools.png');
    const r = await dock('bottom');
    if (r?.result?.value !== 'ok') return console.error(`could not dock DevTools at the bottom: ${JSON.stringify(r)}`);
    await sleep(2000);
    await shoot(`devtools-bottom${suffix}.png`);
    if (suffix) {
      // Docked right again, now that DevTools has taken its dark theme.
      await dock('right');
      await sleep(2000);
      await shoot(`devtools${suffix}.png`);
    }
  } finally {
    ws.close();
  }
}
