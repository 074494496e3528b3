/**
 * Service worker entry (Chrome) / event page (Firefox). Listeners are registered at the top level
 * so that a stopped worker is woken by a port or message.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { RelayHello } from '../core/protocol';
import { Router, type RouterPort } from './router';
import { openTabOnRequest } from '../platform/open-tab';
import { watchHandshakes, type WebRequestLike } from './handshake-watch';

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

// Handshakes: the browser reports them only for the hosts the user granted from the panel.
// (Chrome's own API object: `extraHeaders` is only named there; Firefox has `chrome` too.)
const webRequest = (globalThis as unknown as { chrome?: { webRequest?: WebRequestLike & { OnSendHeadersOptions?: Record<string, string> } } }).chrome?.webRequest;
if (webRequest !== undefined) {
  watchHandshakes({
    webRequest,
    extraHeaders: webRequest.OnSendHeadersOptions?.EXTRA_HEADERS === 'extraHeaders',
    sendToFrame(tabId, frameId, msg) {
      browser.tabs.sendMessage(tabId, msg, { frameId }).catch(() => {
        /* the frame is gone, or has no relay */
      });
    },
  });
}
