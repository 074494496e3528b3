/**
 * Firefox end-to-end harness: Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi,
 * with the Firefox build (dist-firefox/) installed as a temporary add-on. RECIPE.md: "Firefox with
 * the extension, from a test".
 *
 * Reaching the panel: WebDriver BiDi refuses to navigate to moz-extension:// URLs unless Firefox
 * runs with `--remote-allow-system-access` (a switch of Firefox's remote agent, for test
 * harnesses). With it, a tab can be navigated to the panel page, as the Chromium suite does, and
 * the test reads and drives the real panel there (a tab `panel.html?tabId=N`, the same page the
 * panel's "Pop out" opens). The extension's moz-extension:// host is fixed for the test with the
 * `extensions.webextensions.uuids` pref, so the test knows the URL before it installs the add-on.
 */
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIREFOX_ADDON_ID } from '../src/platform/firefox-manifest';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startDemoServer, type DemoServer } from '../demo/server.mjs';

export const DIST_FIREFOX = process.env.WSL_DIST_FIREFOX
  ? resolve(process.env.WSL_DIST_FIREFOX)
  : fileURLToPath(new URL('../dist-firefox', import.meta.url));
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
/** The moz-extension:// host of the add-on in the test browser (fixed by a pref). */
const EXTENSION_UUID = '3f1c5a9e-7b2d-4e8f-9a6c-1d2e3f4a5b6c';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxSession {
  browser: Browser;
  /** Firefox's remote debugging protocol, in the browser's parent process: see chromeEvaluate. */
  debuggerClient: ParentProcessConsole;
  /** The tab Firefox opens at launch. */
  page: Page;
  /** Where Firefox saves downloads, without asking. */
  downloads: string;
  close(): Promise<void>;
}

/**
 * A test file's set-up: one demo server for the file (its recorder reset before each test) and a
 * fresh Firefox with the extension for each test. Read `suite.demo` and `suite.ff` inside tests.
 */
export function firefoxSuite(): { readonly demo: DemoServer; readonly ff: FirefoxSession } {
  const suite = {} as { demo: DemoServer; ff: FirefoxSession };
  beforeAll(async () => {
    suite.demo = await startDemoServer({ port: 0 });
  });
  afterAll(async () => {
    await suite.demo?.close();
  });
  beforeEach(async () => {
    suite.demo.stats.reset();
    suite.ff = await launchFirefox();
  });
  afterEach(async () => {
    await suite.ff?.close();
  });
  return suite;
}

/**
 * Starts Firefox ESR with the add-on built in `dist` installed (another build than the suite's,
 * for one test), or, with `dist` null, a plain Firefox to compare with.
 */
export async function launchFirefox(dist: string | null = DIST_FIREFOX): Promise<FirefoxSession> {
  const downloads = await mkdtemp(join(tmpdir(), 'wslens-ff-downloads-'));
  const debuggerPort = await freePort();
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: process.env.WSL_HEADED !== '1',
      protocol: 'webDriverBiDi',
      // The remote debugging server, beside WebDriver BiDi, for what BiDi in this Firefox cannot
      // reach: the browser's own window (chromeEvaluate).
      args: ['--remote-allow-system-access', '--start-debugger-server', String(debuggerPort)],
      extraPrefsFirefox: {
        'devtools.debugger.remote-enabled': true,
        'devtools.chrome.enabled': true,
        'devtools.debugger.prompt-connection': false,
        // Firefox MV3 host permissions are opt-in; this grants the manifest's origins (the content
        // scripts' <all_urls>) at install, as a user accepting them would.
        'extensions.originControls.grantByDefault': true,
        'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: EXTENSION_UUID }),
        // Downloads (the panel's exports) go straight into `downloads`.
        'browser.download.folderList': 2,
        'browser.download.dir': downloads,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.start_downloads_in_tmp_dir': false,
        'browser.download.alwaysOpenPanel': false,
        'browser.download.panel.shown': true,
      },
    });
  } catch (error) {
    await rm(downloads, { recursive: true, force: true });
    throw error;
  }
  if (dist !== null) {
    try {
      const id = await browser.installExtension(dist);
      if (id !== FIREFOX_ADDON_ID) throw new Error(`installed add-on id ${id}, expected ${FIREFOX_ADDON_ID}`);
    } catch (error) {
      await browser.close();
      await rm(downloads, { recursive: true, force: true });
      throw new Error(`Firefox refused the add-on in ${dist}; is it a complete build (npm run build:firefox)?`, { cause: error });
    }
  }
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  let debuggerClient: ParentProcessConsole;
  try {
    debuggerClient = await ParentProcessConsole.connect(debuggerPort);
  } catch (error) {
    await browser.close();
    await rm(downloads, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    debuggerClient,
    page,
    downloads,
    close: async () => {
      debuggerClient.close();
      await browser.close();
      await rm(downloads, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Polls `fn` until it returns a truthy value (errors count as "not yet"). */
export async function until<T>(what: string, fn: () => Promise<T> | T, timeout = 15_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Navigates `page` to an extension page. Under BiDi the navigation's load event is not reported
 * for moz-extension:// documents (the tab moves to the extension process), so instead of awaiting
 * goto we wait until the document there is complete.
 */
export async function gotoExtensionPage(page: Page, path: string): Promise<void> {
  const url = `${EXTENSION_ORIGIN}/${path}`;
  page.goto(url, { timeout: 0 }).catch(() => {
    /* see above: completion is checked below */
  });
  await until(`${url} to load`, () => page.evaluate((u) => location.href === u && document.readyState === 'complete', url));
}

/**
 * The browser.tabs id of `page`. Asked from an extension page (`helper`), which may list tabs;
 * the page is found by its URL (the add-on's host permissions, granted by the pref above, let it
 * read the URLs of web pages).
 */
export async function tabIdOf(helper: Page, page: Page): Promise<number> {
  const url = page.url();
  const ids = await helper.evaluate(async (url) => {
    const b = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> } } }).browser;
    return (await b.tabs.query({})).filter((t) => t.url === url).map((t) => t.id ?? -1);
  }, url);
  if (ids.length !== 1 || ids[0] === -1) throw new Error(`tabIdOf(${url}): expected one tab, found ${JSON.stringify(ids)}`);
  return ids[0];
}

/**
 * Opens the panel in a tab of its own, inspecting the tab of `page` (as the panel's "Pop out").
 * With `ownWindow`, the tab is in a window of its own, so that both the page and the panel stay in
 * front: Firefox runs a background tab's timers at most once a second and paints it not at all.
 * `tabId` names the tab when `page` cannot (puppeteer's idea of its URL is stale after a restore
 * from the back/forward cache).
 */
export async function openPanel(
  session: FirefoxSession,
  page: Page,
  { ownWindow = false, tabId }: { ownWindow?: boolean; tabId?: number } = {},
): Promise<Page> {
  const panel = await session.browser.newPage(ownWindow ? { type: 'window' } : {});
  await gotoExtensionPage(panel, 'src/panel/panel.html');
  tabId ??= await tabIdOf(panel, page);
  await gotoExtensionPage(panel, `src/panel/panel.html?tabId=${tabId}`);
  await until('the panel to render', () => panel.evaluate(() => document.querySelector('[role="grid"][aria-label="Frames"]') !== null));
  return panel;
}

// ── reading and driving the panel (by role and accessible name, in the page) ──

/** Texts of the frame rows (each row's cells joined by " | "), in order. */
export function frameRowTexts(panel: Page): Promise<string[]> {
  return panel.evaluate(() =>
    Array.from(document.querySelectorAll('[role="rowgroup"][aria-label="Frame rows"] [role="row"]'), (r) =>
      Array.from(r.querySelectorAll('[role="gridcell"]'), (c) => (c as HTMLElement).innerText.trim()).join(' | '),
    ),
  );
}

/**
 * Texts of the connection rows: every cell, those the list's width hides included, and the URL
 * cell's title (the whole URL: the cell shows it cut to its width).
 */
export function connectionRowTexts(panel: Page): Promise<string[]> {
  return panel.evaluate(() =>
    Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="row"]'), (r) =>
      Array.from(r.querySelectorAll('[role="gridcell"]'), (c) => `${c.textContent ?? ''} ${c.classList.contains('url') ? (c.getAttribute('title') ?? '') : ''}`)
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/** The "N / M frames shown" figure of the status bar. */
export async function framesShown(panel: Page): Promise<{ shown: number; total: number }> {
  const text = await panel.evaluate(
    () => (document.querySelector('[role="status"][aria-label="Summary"]') as HTMLElement | null)?.innerText ?? '',
  );
  const m = /([\d,]+) \/ ([\d,]+) frames shown/.exec(text);
  if (!m) throw new Error(`no frame count in the status bar: ${text}`);
  return { shown: Number(m[1].replace(/,/g, '')), total: Number(m[2].replace(/,/g, '')) };
}

export async function waitFramesShown(panel: Page, shown: number, total = shown, timeout = 15_000): Promise<void> {
  let last = '';
  await until(
    `${shown} / ${total} frames shown`,
    async () => {
      const f = await framesShown(panel);
      last = `${f.shown} / ${f.total}`;
      return f.shown === shown && f.total === total;
    },
    timeout,
  ).catch((e: Error) => {
    throw new Error(`${e.message.replace(/ \(last: .*\)$/, '')}; the panel showed ${last}`);
  });
}

/** The frame row containing every given text (exactly one must match). */
export async function frameRow(panel: Page, ...texts: string[]): Promise<ElementHandle<Element>> {
  return until(`one frame row with ${JSON.stringify(texts)}`, async () => {
    const rows = await panel.$$('[role="rowgroup"][aria-label="Frame rows"] [role="row"]');
    const hits: ElementHandle<Element>[] = [];
    for (const r of rows) {
      // All of the row's text, as Playwright's hasText: a column the grid has no room for is still in the row.
      const text = await r.evaluate((e) => e.textContent ?? '');
      if (texts.every((t) => text.includes(t))) hits.push(r);
    }
    return hits.length === 1 ? hits[0] : null;
  });
}

/** Clicks the frame row containing every given text until it is selected (the grid may re-render under a click). */
export async function selectFrame(panel: Page, ...texts: string[]): Promise<void> {
  await until(`the frame row with ${JSON.stringify(texts)} selected`, async () => {
    const row = await frameRow(panel, ...texts);
    if ((await row.evaluate((r) => r.getAttribute('aria-selected'))) === 'true') return true;
    await row.evaluate((r) => (r as HTMLElement).click()); // a DOM click: the row may be under the fold
    return false;
  });
}

/** Clicks the button (or menu item, tab) with this accessible name, inside `scope` if given. */
export async function clickByName(panel: Page, name: string, scope?: string): Promise<void> {
  await until(`a control named ${JSON.stringify(name)}`, () =>
    panel.evaluate(
      (name, scope) => {
        const root = scope ? document.querySelector(scope) : document;
        if (!root) return false;
        // The accessible name: aria-label, else the text without aria-hidden parts (icons, ▸).
        const textName = (el: Element) => {
          const copy = el.cloneNode(true) as Element;
          copy.querySelectorAll('[aria-hidden="true"]').forEach((h) => h.remove());
          return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
        };
        for (const el of Array.from(root.querySelectorAll('button, [role="menuitem"], [role="tab"], input[type="radio"]'))) {
          const label = el.getAttribute('aria-label') ?? textName(el);
          if (label === name && !(el as HTMLButtonElement).disabled) {
            (el as HTMLElement).click();
            return true;
          }
        }
        return false;
      },
      name,
      scope,
    ),
  );
}

/** Opens a frame in the detail view and returns the text of one payload view. */
export async function payloadView(
  panel: Page,
  row: ElementHandle<Element>,
  view: 'Text' | 'JSON' | 'Hex' | 'Base64' | 'UTF-8',
): Promise<string> {
  await row.click();
  const detail = '[role="region"][aria-label="Frame detail"], section[aria-label="Frame detail"]';
  await clickByName(panel, view, detail);
  return until(`the ${view} view`, () =>
    panel.evaluate(
      (detail, view) => {
        const d = document.querySelector(detail);
        const tab = Array.from(d?.querySelectorAll('[role="tab"]') ?? []).find((t) => (t as HTMLElement).innerText.trim() === view);
        if (tab?.getAttribute('aria-selected') !== 'true') return '';
        return (d?.querySelector('[role="tabpanel"]') as HTMLElement | null)?.innerText ?? '';
      },
      detail,
      view,
    ),
  );
}

/** Types into the text field `selector` (replacing what is there), as a user would. */
export async function typeInto(panel: Page, selector: string, text: string): Promise<void> {
  const box = await until(`the field ${selector}`, () => panel.$(selector));
  await box.evaluate((el) => {
    (el as HTMLInputElement).value = '';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  if (text !== '') await box.type(text);
  await until(`${selector} to read ${JSON.stringify(text)}`, () => box.evaluate((el, t) => (el as HTMLInputElement).value === t, text));
}

/**
 * The control inside the `<label>` (within `scope`) whose own text starts with `label`, e.g.
 * `<label>Find <input></label>`: how a user would name it.
 */
async function labelled(panel: Page, scope: string, label: string): Promise<ElementHandle<Element>> {
  return until(`a field labelled ${JSON.stringify(label)} in ${scope}`, async () => {
    const handle = await panel.evaluateHandle(
      (scope, label) =>
        Array.from(document.querySelectorAll(`${scope} label`))
          .find((l) => (l.firstChild?.textContent ?? '').trim() === label)
          ?.querySelector('input, select, textarea') ?? null,
      scope,
      label,
    );
    const el = handle.asElement();
    return el ? (el as ElementHandle<Element>) : null;
  });
}

/** Fills the field labelled `label` in `scope` (a text box: typed; a select: the option with this value). */
export async function fillLabelled(panel: Page, scope: string, label: string, value: string): Promise<void> {
  const el = await labelled(panel, scope, label);
  if (await el.evaluate((e) => e.tagName === 'SELECT')) {
    await el.evaluate((e, v) => {
      (e as HTMLSelectElement).value = v;
      e.dispatchEvent(new Event('input', { bubbles: true }));
      e.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  } else {
    await el.evaluate((e) => {
      (e as HTMLInputElement).value = '';
      e.dispatchEvent(new Event('input', { bubbles: true }));
    });
    if (value !== '') await el.type(value);
  }
  await until(`${JSON.stringify(label)} to read ${JSON.stringify(value)}`, () => el.evaluate((e, v) => (e as HTMLInputElement).value === v, value));
}

/** Sets the frames grid's filter box (the searchbox "Filter frames"). */
export const setFilter = (panel: Page, text: string): Promise<void> => typeInto(panel, 'input[type="search"][aria-label="Filter frames"]', text);

/**
 * Starts recording the gaps between the panel's animation frames (how long at a time it could
 * not paint); `stopPaintSampler` returns them in ms. Figures for the log, not pass/fail.
 */
export async function startPaintSampler(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __sampling: boolean };
    w.__gaps = [];
    w.__sampling = true;
    let last = performance.now();
    const tick = (t: number) => {
      w.__gaps.push(t - last);
      last = t;
      if (w.__sampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export function stopPaintSampler(panel: Page): Promise<number[]> {
  return panel.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __sampling: boolean };
    w.__sampling = false;
    return w.__gaps;
  });
}

/** The text of the status inside a region, e.g. the frame actions' status. */
export function textOf(panel: Page, selector: string): Promise<string> {
  return panel.evaluate((s) => (document.querySelector(s) as HTMLElement | null)?.innerText ?? '', selector);
}

// ── the panel inside real Firefox DevTools ──
//
// WebDriver BiDi in Firefox ESR 140 reaches only content. Firefox's remote debugging server,
// started beside it (`--start-debugger-server`), can evaluate script in the parent process, in the
// browser's own window, as the Browser Console does. From there the test opens the DevTools
// toolbox on the selected tab, selects the extension's panel, and reads or clicks inside the
// panel's document with a message-manager frame script (the panel lives in the extension process
// in a <browser> of the toolbox, which BiDi does not list as a browsing context); it also reaches
// the add-on's background page there (stopBackground).

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

type RdpPacket = { from: string; type?: string; error?: string; message?: string } & Record<string, unknown>;
/** A string result: a plain string, or a long string's grip whose text is fetched with `substring`. */
type Grip = string | { type: string; actor?: string; length?: number; initial?: string };

/**
 * The console of Firefox's parent process, over the remote debugging protocol (packets
 * `length:json`; one request at a time per actor, answered in order; `evaluateJSAsync` answers
 * with a resultID, then an `evaluationResult` packet).
 */
export class ParentProcessConsole {
  private buffer = Buffer.alloc(0);
  private readonly waiting: Array<{ from: string; resolve(p: RdpPacket): void }> = [];
  private readonly results = new Map<string, (p: RdpPacket) => void>();
  /** Results that came before their request's answer was read (both may be in one chunk). */
  private readonly early = new Map<string, RdpPacket>();
  private consoleActor = '';

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const colon = this.buffer.indexOf(0x3a);
        if (colon < 0) return;
        const length = Number(this.buffer.subarray(0, colon).toString());
        if (this.buffer.length < colon + 1 + length) return;
        const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as RdpPacket;
        this.buffer = this.buffer.subarray(colon + 1 + length);
        this.dispatch(packet);
      }
    });
  }

  private dispatch(packet: RdpPacket): void {
    if (packet.type === 'evaluationResult') {
      const id = packet.resultID as string;
      const waiter = this.results.get(id);
      if (waiter === undefined) this.early.set(id, packet);
      else waiter(packet);
      this.results.delete(id);
      return;
    }
    const i = this.waiting.findIndex((w) => w.from === packet.from);
    if (i < 0) return; // an event we did not ask for
    const [w] = this.waiting.splice(i, 1);
    w.resolve(packet);
  }

  /** Sends a request to an actor; resolves with its answer (of the shape `T` the actor's type gives). */
  private request<T>(to: string, packet: Record<string, unknown>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        from: to,
        resolve: (p) => (p.error ? reject(new Error(`remote debugging: ${p.error}: ${p.message ?? ''}`)) : resolve(p as unknown as T)),
      });
      const body = Buffer.from(JSON.stringify({ to, ...packet }), 'utf8');
      this.socket.write(`${body.length}:`);
      this.socket.write(body);
    });
  }

  /** Connects (the server listens a moment after Firefox starts) and finds the parent process's console. */
  static async connect(port: number): Promise<ParentProcessConsole> {
    const client = await until(`the remote debugging server on port ${port}`, () =>
      new Promise<ParentProcessConsole | null>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('error', () => resolve(null));
        socket.once('connect', () => {
          const c = new ParentProcessConsole(socket);
          c.waiting.push({ from: 'root', resolve: () => resolve(c) }); // the greeting
        });
      }),
    );
    const { processDescriptor } = await client.request<{ processDescriptor: { actor: string } }>('root', { type: 'getProcess', id: 0 });
    const { process } = await client.request<{ process: { consoleActor: string } }>(processDescriptor.actor, { type: 'getTarget' });
    client.consoleActor = process.consoleActor;
    return client;
  }

  /** Evaluates `expression` in the browser window, awaits it, and returns its value (as JSON). */
  async evaluate(expression: string): Promise<unknown> {
    const text = `(async () => JSON.stringify(await (${expression})) ?? 'null')()`;
    const { resultID } = await this.request<{ resultID: string }>(this.consoleActor, { type: 'evaluateJSAsync', text, mapped: { await: true } });
    const packet =
      this.early.get(resultID) ?? (await new Promise<RdpPacket>((resolve) => this.results.set(resultID, resolve)));
    this.early.delete(resultID);
    if (packet.exceptionMessage !== undefined || packet.exception !== undefined)
      throw new Error(`chrome script failed: ${String(packet.exceptionMessage ?? JSON.stringify(packet.exception))}`);
    const result = packet.result as Grip;
    if (typeof result === 'string') return JSON.parse(result) as unknown;
    if (result.type === 'longString' && result.actor) {
      const { substring } = await this.request<{ substring: string }>(result.actor, { type: 'substring', start: 0, end: result.length });
      return JSON.parse(substring) as unknown;
    }
    throw new Error(`chrome script gave no JSON: ${JSON.stringify(result)}`);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Evaluates `expression` (awaiting a promise) in Firefox's browser window; returns its value. */
export function chromeEvaluate(session: FirefoxSession, expression: string): Promise<unknown> {
  return session.debuggerClient.evaluate(expression);
}

/**
 * Stops the add-on's event page, as Firefox does when it is idle (`terminateBackground`, which the
 * idle timeout calls), even with ports open: waits until it runs (it may be starting again after an
 * earlier stop), stops it and resolves once it stopped. Counts of the background's stops and starts
 * since the first call are read with `backgroundRuns`.
 */
export async function stopBackground(session: FirefoxSession): Promise<void> {
  const state = await chromeEvaluate(
    session,
    `(async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const ext = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(FIREFOX_ADDON_ID)});
      if (!window.__wslensBackgroundRuns) {
        const runs = (window.__wslensBackgroundRuns = { stopped: 0, started: 0 });
        ext.on('shutdown-background-script', () => runs.stopped++);
        ext.on('background-script-started', () => runs.started++);
      }
      const end = Date.now() + 15000;
      while (ext.backgroundState !== 'running') {
        if (Date.now() > end) return 'not running: ' + ext.backgroundState;
        await new Promise((r) => setTimeout(r, 20));
      }
      await ext.terminateBackground({ ignoreDevToolsAttached: true });
      return ext.backgroundState;
    })()`,
  );
  if (state !== 'stopped') throw new Error(`the background did not stop: ${String(state)}`);
}

/** How often the add-on's background stopped and started since the first stopBackground. */
export async function backgroundRuns(session: FirefoxSession): Promise<{ stopped: number; started: number }> {
  return (await chromeEvaluate(session, 'window.__wslensBackgroundRuns')) as { stopped: number; started: number };
}

/**
 * Opens DevTools on the selected tab (the one of `session.page` unless another was brought to the
 * front), with DevTools' theme `theme`, and selects the "WebSocket" panel. Resolves when the
 * panel's document is loading in the toolbox.
 */
export async function openDevtoolsPanel(session: FirefoxSession, theme: 'light' | 'dark' = 'light'): Promise<void> {
  const ok = await chromeEvaluate(
    session,
    `(async () => {
      Services.prefs.setCharPref('devtools.theme', ${JSON.stringify(theme)});
      const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
      const { gDevTools } = require('devtools/client/framework/devtools');
      const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab);
      const end = Date.now() + 15000;
      let id;
      while (!(id = [...toolbox.doc.querySelectorAll('.devtools-tab')].map((t) => t.id.replace(/^toolbox-tab-/, '')).find((i) => i.startsWith('webext-devtools-panel-websocket-lens')))) {
        if (Date.now() > end) return 'the WebSocket panel is not in the toolbox';
        await new Promise((r) => setTimeout(r, 100));
      }
      await toolbox.selectTool(id);
      let browser;
      while (!(browser = toolbox.doc.querySelector('#toolbox-panel-iframe-' + id)?.contentDocument?.querySelector('browser')) || !browser.currentURI.spec.endsWith('/src/panel/panel.html')) {
        if (Date.now() > end) return 'the panel page did not load in the toolbox';
        await new Promise((r) => setTimeout(r, 100));
      }
      window.__wslensPanelBrowser = browser;
      return 'ok';
    })()`,
  );
  if (ok !== 'ok') throw new Error(String(ok));
}

/**
 * Runs `fn(panelWindow)` in the DevTools panel's document and returns its (string) result. `fn` is
 * sent as source: it can use only its argument.
 */
export async function inDevtoolsPanel(session: FirefoxSession, fn: (win: Window) => string): Promise<string> {
  const script = `data:,sendAsyncMessage('wslens:result', (() => { try { return String((${fn.toString()})(content)); } catch (e) { return 'ERROR ' + e; } })())`;
  const value = await chromeEvaluate(
    session,
    `new Promise((resolve) => {
      const mm = window.__wslensPanelBrowser?.messageManager;
      if (!mm) return resolve('ERROR no panel browser');
      const listener = (m) => { mm.removeMessageListener('wslens:result', listener); resolve(m.data); };
      mm.addMessageListener('wslens:result', listener);
      mm.loadFrameScript(${JSON.stringify(script.replace(/%/g, '%25').replace(/#/g, '%23'))}, false);
      setTimeout(() => resolve('ERROR timeout'), 5000);
    })`,
  );
  const s = String(value);
  if (s.startsWith('ERROR')) throw new Error(`in the DevTools panel: ${s}`);
  return s;
}
