// Firefox for the benchmarks (`--browser firefox` or BROWSER=firefox): Firefox ESR with the Firefox
// build (dist-firefox/) installed as a temporary add-on, or without it, driven by puppeteer-core
// over WebDriver BiDi. BiDi has no Network instrumentation of WebSocket frames, so, unlike
// Playwright's CDP, it does not itself load the pages we measure. Firefox has no per-page JS heap
// figure for a client; the memory figure is the resident unique memory of the process a page runs
// in (the page's content process; the extension process for the panel), read in the parent
// process over Firefox's remote debugging protocol (ChromeUtils.requestProcInfo).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

export const DIST_FIREFOX = resolve('dist-firefox');
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
// As in src/platform/firefox-manifest.ts and e2e-firefox/firefox.ts.
const ADDON_ID = 'websocket-lens@example.org';
const UUID = '3f1c5a9e-7b2d-4e8f-9a6c-1d2e3f4a5b6c';
const ORIGIN = `moz-extension://${UUID}`;

/** `--browser firefox` on the command line, or BROWSER=firefox. */
export const wantsFirefox = () => {
  const i = process.argv.indexOf('--browser');
  return (i > 0 ? process.argv[i + 1] : process.env.BROWSER) === 'firefox';
};

export function requireFirefoxBuild() {
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json'))) {
    console.error('dist-firefox/ is missing: run `npm run build:firefox` first.');
    process.exit(1);
  }
}

/** @returns {Promise<number>} */
async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * A packet of Firefox's remote debugging protocol. `any`: its fields depend on the actor and the
 * request (the protocol has no published types); each caller reads the few its request returns.
 * @typedef {any} RdpPacket
 */

/**
 * The parent process's console over the remote debugging protocol (packets `length:json`).
 * @param {number} port the debugger server's
 */
async function parentConsole(port) {
  /** @type {import('node:net').Socket} */
  let socket;
  for (let i = 0; ; i++) {
    try {
      socket = await new Promise(/** @param {(s: import('node:net').Socket) => void} res @param {(e: Error) => void} rej */ (res, rej) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => res(s)).once('error', rej);
      });
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let buffer = Buffer.alloc(0);
  /** @type {{ from: string, resolve: (p: RdpPacket) => void }[]} requests waiting for an answer from actor `from` */
  const waiting = [];
  /** @type {Map<string, (p: RdpPacket) => void>} */
  const results = new Map();
  /** @type {Map<string, RdpPacket>} evaluation results that came before their request's answer */
  const early = new Map();
  socket.on('data', (/** @type {Buffer} */ chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length) return;
      const p = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      buffer = buffer.subarray(colon + 1 + length);
      if (p.type === 'evaluationResult') {
        const w = results.get(p.resultID);
        if (w) w(p);
        else early.set(p.resultID, p);
        continue;
      }
      const i = waiting.findIndex((w) => w.from === p.from);
      if (i >= 0) waiting.splice(i, 1)[0].resolve(p);
    }
  });
  /**
   * @param {string} to the actor
   * @param {object} packet
   * @returns {Promise<RdpPacket>} its answer (rejected when it is an error)
   */
  const request = (to, packet) =>
    new Promise((res, rej) => {
      waiting.push({ from: to, resolve: (/** @type {RdpPacket} */ p) => (p.error ? rej(new Error(`${p.error}: ${p.message}`)) : res(p)) });
      const body = Buffer.from(JSON.stringify({ to, ...packet }));
      socket.write(`${body.length}:`);
      socket.write(body);
    });
  await new Promise((r) => waiting.push({ from: 'root', resolve: r })); // the greeting
  const { processDescriptor } = await request('root', { type: 'getProcess', id: 0 });
  const { process } = await request(processDescriptor.actor, { type: 'getTarget' });
  return {
    /**
     * Evaluates `expression` in the browser window; its value must be JSON and small.
     * @param {string} expression
     * @returns {Promise<unknown>}
     */
    async evaluate(expression) {
      const text = `(async () => JSON.stringify(await (${expression})) ?? 'null')()`;
      const { resultID } = await request(process.consoleActor, { type: 'evaluateJSAsync', text, mapped: { await: true } });
      /** @type {RdpPacket} */
      const p = early.get(resultID) ?? (await new Promise((r) => results.set(resultID, r)));
      early.delete(resultID);
      if (p.exception !== undefined) throw new Error(`chrome script failed: ${p.exceptionMessage}`);
      return JSON.parse(p.result);
    },
    close: () => socket.destroy(),
  };
}

/**
 * Starts Firefox (with the add-on or without). Tabs are puppeteer Pages; `openPanel(page)` opens
 * the panel in a window of its own inspecting that tab (so both stay in front: Firefox slows the
 * timers of background tabs).
 * @param {boolean} withExtension
 */
export async function launchFirefox(withExtension) {
  const downloads = mkdtempSync(join(tmpdir(), 'wsl-bench-ff-'));
  const debuggerPort = await freePort();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    args: ['--remote-allow-system-access', '--start-debugger-server', String(debuggerPort)],
    extraPrefsFirefox: {
      'extensions.originControls.grantByDefault': true,
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: UUID }),
      'devtools.debugger.remote-enabled': true,
      'devtools.chrome.enabled': true,
      'devtools.debugger.prompt-connection': false,
      'browser.download.dir': downloads,
    },
  });
  if (withExtension) await browser.installExtension(DIST_FIREFOX);
  const chrome = await parentConsole(debuggerPort);

  /** @param {import('puppeteer-core').Page} page @param {string} path */
  const gotoExtensionPage = async (page, path) => {
    const url = `${ORIGIN}/${path}`;
    page.goto(url, { timeout: 0 }).catch(() => {}); // BiDi reports no load for moz-extension:// pages
    for (let i = 0; !(await page.evaluate((/** @type {string} */ u) => location.href === u && document.readyState === 'complete', url).catch(() => false)); i++) {
      if (i > 200) throw new Error(`${url} did not load`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    browser,
    /**
     * A new tab at `url` (not waiting for its load).
     * @param {string} url
     */
    async openTab(url) {
      const page = await browser.newPage();
      page.goto(url, { waitUntil: 'domcontentloaded', timeout: 0 }).catch(() => {});
      return page;
    },
    /** @param {import('puppeteer-core').Page} page the tab to inspect */
    async openPanel(page) {
      const panel = await browser.newPage({ type: 'window' });
      await gotoExtensionPage(panel, 'src/panel/panel.html');
      let tabId;
      for (let i = 0; tabId === undefined; i++) {
        const url = page.url(); // about:blank until the tab's navigation commits
        const ids = await panel.evaluate(async (/** @type {string} */ u) => (await globalThis['browser'].tabs.query({})).filter((t) => t.url === u).map((t) => t.id), url);
        if (ids.length === 1 && url !== 'about:blank') tabId = ids[0];
        else if (i > 100) throw new Error(`no tab for ${url}`);
        else await new Promise((r) => setTimeout(r, 50));
      }
      await gotoExtensionPage(panel, `src/panel/panel.html?tabId=${tabId}`);
      return panel;
    },
    /** Opens the panel (in a window of its own) inspecting the most recently created tab. */
    async openPanelOnNewestTab() {
      const panel = await browser.newPage({ type: 'window' });
      await gotoExtensionPage(panel, 'src/panel/panel.html');
      const tabId = await panel.evaluate(async () =>
        Math.max(...(await globalThis['browser'].tabs.query({})).filter((t) => !String(t.url).startsWith('moz-extension:')).map((t) => t.id ?? -1)),
      );
      await gotoExtensionPage(panel, `src/panel/panel.html?tabId=${tabId}`);
      return panel;
    },
    /**
     * Resident unique memory of the content process showing `url`'s document (`'extension'`: of
     * the extension process, which runs the panel and the background).
     * @param {string} url
     * @returns {Promise<number | null>} bytes, or null when no such process
     */
    async processMemory(url) {
      return /** @type {Promise<number | null>} */ (chrome.evaluate(`ChromeUtils.requestProcInfo().then((info) => {
        const want = ${JSON.stringify(url)};
        const p = info.children.find((c) => want === 'extension' ? c.type === 'extension' : (c.windows || []).some((w) => String(w.documentURI && w.documentURI.spec || '').startsWith(want)));
        return p ? p.memory : null;
      })`));
    },
    async close() {
      chrome.close();
      await browser.close();
      rmSync(downloads, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
