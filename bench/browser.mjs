// Shared by the benchmarks: Chromium started directly (not through Playwright, whose DevTools
// Network instrumentation would itself load the pages we measure), driven over raw CDP.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { DIST, chromiumArgs, devToolsPort, findChromium } from '../scripts/browsers.mjs';

export { DIST };
export const BROWSER = findChromium();

export function requireBuild() {
  if (!existsSync(join(DIST, 'manifest.json'))) {
    console.error('dist/ is missing: run `npm run build` first.');
    process.exit(1);
  }
}

/**
 * Starts `server` on a free 127.0.0.1 port and returns the port.
 * @param {import('node:net').Server} server
 * @returns {Promise<number>}
 */
export const listenLocal = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port)));

/**
 * The number after `--name` on the command line, `def` when absent.
 * @param {string} name
 * @param {number} def
 * @returns {number}
 */
export const numberArg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

/**
 * A CDP result. `any`: its shape depends on the method (the Chrome DevTools Protocol has no types
 * in this project's dependencies); each caller reads the few fields its method returns.
 * @typedef {any} CdpResult
 */

/**
 * Starts headless Chromium (with the built extension or without) and connects to it over CDP.
 * @param {boolean} withExtension
 */
export async function launchBrowser(withExtension) {
  const profile = mkdtempSync(join(tmpdir(), 'wsl-bench-'));
  const proc = spawn(
    BROWSER,
    chromiumArgs({ extension: withExtension ? DIST : null, profile, headless: true, debuggingPort: true, extra: ['about:blank'] }),
    { stdio: 'ignore' },
  );
  const port = await devToolsPort(profile);
  const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
  const ws = new WebSocket(webSocketDebuggerUrl);
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let id = 0;
  /** @type {Map<number, { resolve: (result: CdpResult) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  ws.on('message', (m) => {
    const d = JSON.parse(String(m));
    if (d.id && pending.has(d.id)) {
      const p = /** @type {{ resolve: (result: CdpResult) => void, reject: (error: Error) => void }} checked by has() above */ (pending.get(d.id));
      pending.delete(d.id);
      d.error ? p.reject(new Error(d.error.message)) : p.resolve(d.result);
    }
  });
  /**
   * @param {string} method
   * @param {object} [params]
   * @param {string} [sessionId] a session from `attach`; none for the browser target
   * @returns {Promise<CdpResult>}
   */
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      pending.set(++id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  /** @param {string} targetId @returns {Promise<string>} the session id */
  const attach = async (targetId) => (await send('Target.attachToTarget', { targetId, flatten: true })).sessionId;
  /** @param {string} sessionId @param {string} expression @returns {Promise<CdpResult>} its value */
  const evaluate = async (sessionId, expression) => (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId)).result.value;
  return {
    /** The CDP socket itself, for events (bench/scale.mjs reads heap snapshot chunks from it). */
    raw: ws,
    send,
    attach,
    evaluate,
    /** The extension's id and a session in its service worker. */
    async extension() {
      for (let i = 0; i < 100; i++) {
        const sw = (await send('Target.getTargets')).targetInfos.find((/** @type {{ type: string, url: string, targetId: string }} */ t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
        if (sw) return { id: new URL(sw.url).host, session: await attach(sw.targetId) };
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the extension did not load');
    },
    /** Opens the panel (as a tab) inspecting the most recently created tab. */
    async openPanelOnNewestTab() {
      const ext = await this.extension();
      let ids;
      for (let i = 0; !Array.isArray(ids) && i < 50; i++) {
        ids = await evaluate(ext.session, 'chrome.tabs.query({}).then((ts) => ts.map((t) => t.id))').catch(() => undefined);
        if (!Array.isArray(ids)) await new Promise((r) => setTimeout(r, 100));
      }
      const url = `chrome-extension://${ext.id}/src/panel/panel.html?tabId=${Math.max(...ids)}`;
      return (await send('Target.createTarget', { url, background: true })).targetId;
    },
    async close() {
      ws.close();
      proc.kill();
      await new Promise((r) => setTimeout(r, 300));
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** @param {number[]} xs @returns {number} */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
