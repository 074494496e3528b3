/**
 * End-to-end fixtures: Debian's Chromium with the built extension (dist/) and the demo server.
 *
 *   import { test, expect, openPanel } from './fixtures';
 *   test('…', async ({ page, demo, context, extensionId, tabIdOf }) => {
 *     await page.goto(`${demo.httpUrl}/inline.html?ws=/echo`);
 *     const panel = await openPanel(context, extensionId, await tabIdOf(page));
 *   });
 *
 * Launch recipe: /work/shared/RECIPE.md ("Chromium with the extension, from a test").
 */
import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer, type DemoServer } from '../demo/server.mjs';

export { expect } from '@playwright/test';

/**
 * The unpacked extension the tests load (built by e2e/global-setup.ts). WSL_DIST points elsewhere
 * so that two test runs on one machine do not rebuild each other's extension mid-run.
 */
export const DIST = process.env.WSL_DIST ? resolve(process.env.WSL_DIST) : fileURLToPath(new URL('../dist', import.meta.url));

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Chromium flags for a test browser with the extension (RECIPE.md); `extra` is appended. */
export function chromiumArgs(extra: string[] = [], dist = DIST): string[] {
  return [
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--no-sandbox',
    '--disable-gpu',
    // Without these Chromium keeps trying to reach the (closed) network.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    ...extra,
  ];
}

/**
 * Launches Chromium with the extension on a fresh temporary profile. `close()` closes the browser
 * and then deletes the profile. Headless unless WSL_HEADED=1 (e.g. under `xvfb-run -a`).
 */
export async function launchWithExtension(
  extraArgs: string[] = [],
  { backForwardCache = false, dist = DIST }: { backForwardCache?: boolean; /** another build of the extension */ dist?: string } = {},
): Promise<{ context: BrowserContext; profile: string; close: () => Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'wslens-e2e-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROME_PATH,
      headless: process.env.WSL_HEADED !== '1',
      // Playwright passes --disable-extensions by default, which would drop ours. It also passes
      // --disable-back-forward-cache (a switch of its own, not a --disable-features entry in
      // Playwright 1.65), so that page.goBack() always loads; a test of the real cache drops it.
      ignoreDefaultArgs: backForwardCache ? ['--disable-extensions', '--disable-back-forward-cache'] : ['--disable-extensions'],
      args: chromiumArgs(extraArgs, dist),
    });
  } catch (error) {
    await removeProfile(profile);
    throw error;
  }
  return {
    context,
    profile,
    close: async () => {
      await context.close();
      await removeProfile(profile);
    },
  };
}

/** Deletes a profile directory; Chromium's helpers may still be writing to it for a moment. */
export async function removeProfile(profile: string): Promise<void> {
  // fs.rm retries ENOTEMPTY, EBUSY and EPERM itself when maxRetries is set.
  await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

const isExtensionWorker = (worker: Worker): boolean => worker.url().startsWith('chrome-extension://');

/** The extension's service worker, waiting for Chromium to start it if needed. */
export async function extensionServiceWorker(context: BrowserContext, timeout = 20_000): Promise<Worker> {
  const running = context.serviceWorkers().find(isExtensionWorker);
  if (running) return running;
  try {
    return await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout });
  } catch (error) {
    // Chromium starts the worker right after installing the extension, within a second here. If it
    // never comes, the extension did not load: dist/ is missing, half-written (a build running at
    // the same time empties it) or its manifest is rejected.
    throw new Error(`the extension's service worker did not start within ${timeout} ms; is ${DIST} a complete build?`, { cause: error });
  }
}

/**
 * The chrome.tabs id of `page`. It also makes `page` the active tab of its window.
 *
 * The extension has no "tabs" permission and no host permissions (content scripts on <all_urls>
 * do not count), so Chromium hides `url` and `title` from it and `chrome.tabs.query({ url })`
 * finds nothing (checked with Chromium 156). What it may read is which tab is active in which
 * window. So: CDP Browser.getWindowForTarget names the page's window (its windowId is the
 * chrome.windows id), Page.bringToFront activates the page's tab before it returns, and the
 * active tab of that window is the page's tab. (Window focus cannot be used instead: in headless
 * Chromium every window reports focused and bringToFront does not change the last focused one.)
 */
export async function findTabId(serviceWorker: Worker, page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  let windowId: number;
  try {
    ({ windowId } = await cdp.send('Browser.getWindowForTarget'));
  } finally {
    await cdp.detach();
  }
  await page.bringToFront();
  const ids = await serviceWorker.evaluate(async (windowId) => {
    const tabs = await chrome.tabs.query({ active: true, windowId });
    return tabs.map((tab) => tab.id ?? -1);
  }, windowId);
  if (ids.length !== 1 || ids[0] === -1)
    throw new Error(`tabIdOf(${page.url()}): expected one active tab in window ${windowId}, found ${JSON.stringify(ids)}`);
  return ids[0];
}

/** Opens the panel as a page of its own, inspecting tab `tabId` (RECIPE.md: "Reaching the panel"). */
export async function openPanel(context: BrowserContext, extensionId: string, tabId: number): Promise<Page> {
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/src/panel/panel.html?tabId=${tabId}`);
  return panel;
}

interface TestFixtures {
  /**
   * An option (`test.use({ backForwardCache: true })`): launch with Chromium's back/forward cache
   * on, as in a real browser. Off by default, as Playwright has it.
   */
  backForwardCache: boolean;
  /** Chromium with the extension, on a fresh profile: one per test. */
  context: BrowserContext;
  /** The first tab of `context` (the one Chromium opens at launch). */
  page: Page;
  /** The extension's service worker; `evaluate` runs code in it. */
  serviceWorker: Worker;
  /** The extension's id (the host of its chrome-extension:// URLs). */
  extensionId: string;
  /** The chrome.tabs id of a page of `context` (see findTabId: it also makes that tab active). */
  tabIdOf: (page: Page) => Promise<number>;
  /** Clears the demo server's recorder before every test, so tests do not see each other's traffic. */
  resetDemoStats: void;
}

interface WorkerFixtures {
  /** The demo server, shared by the tests of a worker (the recorder is reset for every test). */
  demo: DemoServer;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  demo: [
    async ({}, use) => {
      const demo = await startDemoServer({ port: 0 });
      await use(demo);
      await demo.close();
    },
    { scope: 'worker' },
  ],

  resetDemoStats: [
    async ({ demo }, use) => {
      demo.stats.reset();
      await use();
    },
    { auto: true },
  ],

  // Test-scoped, for isolation: launching Chromium with the extension took 0.9–1.0 s here and
  // closing it 0.2 s (Chromium 156, 2 cores), which is cheap next to what a test does. A fresh
  // browser means a fresh service worker, fresh extension storage and no tabs from other tests.
  backForwardCache: [false, { option: true }],

  context: async ({ backForwardCache }, use) => {
    const browser = await launchWithExtension([], { backForwardCache });
    try {
      await use(browser.context);
    } finally {
      await browser.close();
    }
  },

  page: async ({ context }, use) => {
    await use(context.pages()[0] ?? (await context.newPage()));
  },

  serviceWorker: async ({ context }, use) => {
    await use(await extensionServiceWorker(context));
  },

  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },

  tabIdOf: async ({ serviceWorker }, use) => {
    await use((page) => findTabId(serviceWorker, page));
  },
});
