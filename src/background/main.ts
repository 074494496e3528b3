/**
 * Service worker entry (Chrome) / event page (Firefox). Listeners are registered at the top level
 * so that a stopped worker is woken by a port or message.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { PANEL_PORT, type PanelToBackground, type RelayHello } from '../core/protocol';
import { Router, type RouterPort } from './router';
import { openTabOnRequest } from '../platform/open-tab';
import { watchHandshakes, type WebRequestLike } from './handshake-watch';
import { WorkerCapture, type DebuggerLike } from './worker-capture';

const router = new Router({
  broadcastToTab(tabId, msg) {
    browser.tabs.sendMessage(tabId, msg).catch(() => {
      /* no content script in that tab (e.g. a chrome:// page) */
    });
  },
});

browser.runtime.onConnect.addListener((port: Runtime.Port) => router.connect(port as unknown as RouterPort));

browser.runtime.onMessage.addListener((msg: unknown, sender: Runtime.MessageSender) => {
  const opening = openTabOnRequest(msg, sender); // Firefox DevTools panels have no tabs API
  if (opening !== null) return opening;
  const hello = msg as RelayHello | undefined;
  if (hello?.type !== 'wslens-hello') return undefined;
  return Promise.resolve(router.hello(sender.tab?.id));
});

// Worker capture (Chrome, optional `debugger` permission): present once the user granted it.
const chromeApi = (globalThis as unknown as { chrome?: { debugger?: DebuggerLike; permissions?: { onAdded?: { addListener(cb: () => void): void } } } }).chrome;
const panelsOfTab = new Map<number, Set<Runtime.Port>>();
let capture: WorkerCapture | null = null;
function workerCapture(): WorkerCapture | null {
  const dbg = chromeApi?.debugger;
  if (capture === null && dbg?.onEvent !== undefined) {
    capture = new WorkerCapture({
      debugger: dbg,
      toTab: (tabId, msg) => void browser.tabs.sendMessage(tabId, msg).catch(() => undefined),
      toTopFrame: (tabId, ev) => void browser.tabs.sendMessage(tabId, { type: 'wslens-wire-socket', ev }, { frameId: 0 }).catch(() => undefined),
      toPanels: (tabId, state) => {
        for (const p of panelsOfTab.get(tabId) ?? []) {
          try {
            p.postMessage(state);
          } catch {
            /* gone */
          }
        }
      },
      setInterval: (cb, ms) => setInterval(cb, ms),
      clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
    });
  }
  return capture;
}
workerCapture(); // its listeners at the top level, when the permission is there already

// Beside the router: which panels inspect which tab (the mode ends with the last), and their switch.
browser.runtime.onConnect.addListener((port: Runtime.Port) => {
  if (port.name !== PANEL_PORT) return;
  let tabId: number | undefined;
  port.onMessage.addListener((raw: unknown) => {
    const msg = raw as PanelToBackground;
    if (msg.type === 'attach') {
      tabId = msg.tabId;
      let set = panelsOfTab.get(tabId);
      if (set === undefined) panelsOfTab.set(tabId, (set = new Set()));
      set.add(port);
      if (capture?.isOn(tabId)) port.postMessage({ type: 'worker-capture-state', on: true });
    } else if (msg.type === 'worker-capture' && tabId !== undefined) {
      const c = workerCapture();
      if (c === null) port.postMessage({ type: 'worker-capture-state', on: false, note: 'Worker capture needs the debugger permission.' });
      else if (msg.on) void c.start(tabId);
      else void c.stop(tabId);
    }
  });
  port.onDisconnect.addListener(() => {
    if (tabId === undefined) return;
    const set = panelsOfTab.get(tabId);
    set?.delete(port);
    if (set !== undefined && set.size === 0) {
      panelsOfTab.delete(tabId);
      void capture?.stop(tabId);
    }
  });
});

// Handshakes: the browser reports them only for the hosts the user granted from the panel.
// (Chrome's own API object: `extraHeaders` is only named there; Firefox has `chrome` too.)
const webRequest = (globalThis as unknown as { chrome?: { webRequest?: WebRequestLike & { OnSendHeadersOptions?: Record<string, string> } } }).chrome?.webRequest;
if (webRequest !== undefined) {
  watchHandshakes({
    webRequest,
    extraHeaders: webRequest.OnSendHeadersOptions?.EXTRA_HEADERS === 'extraHeaders',
    sendToFrame(tabId, frameId, msg) {
      if (capture?.isOn(tabId)) return; // the debugger tells this tab's handshakes, in full
      browser.tabs.sendMessage(tabId, msg, { frameId }).catch(() => {
        /* the frame is gone, or has no relay */
      });
    },
  });
}
