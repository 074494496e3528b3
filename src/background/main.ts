/**
 * Service worker entry (Chrome) / event page (Firefox). Listeners are registered at the top level
 * so that a stopped worker is woken by a port or message.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { RelayHello, RelayHelloReply } from '../core/protocol';
import { Router, type RouterPort } from './router';
import { openTabOnRequest } from '../platform/open-tab';

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
  if ((msg as RelayHello | undefined)?.type !== 'wslens-hello') return undefined;
  const tabId = sender.tab?.id;
  const reply: RelayHelloReply = { attached: tabId !== undefined && router.hasPanel(tabId) };
  return Promise.resolve(reply);
});
