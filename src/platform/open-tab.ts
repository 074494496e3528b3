/**
 * Opening one of the extension's own pages in a tab ("Pop out", "Open in test client", "Open in
 * tab", the log viewer). Chrome and Firefox differ here, and this is the one place that knows it.
 *
 * Chrome gives every extension page, DevTools panels included, `tabs.create`. Firefox gives a
 * DevTools panel only the devtools, runtime, extension, i18n and storage APIs: `browser.tabs` is
 * undefined there. So a page without `tabs` asks the background (runtime.sendMessage), which opens
 * the tab; the background opens only the extension's own pages, and only for its own pages.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { OpenTabRequest } from '../core/protocol';

/** The pages that may be opened on request: ours, with a query and no fragment. */
const OPENABLE = /^src\/(?:panel|client|viewer)\/[\w-]+\.html(?:\?[^#]*)?$/;

export function isOpenablePath(path: unknown): path is string {
  return typeof path === 'string' && path.length <= 1_000_000 && OPENABLE.test(path);
}

/** Opens `path` (relative to the extension root, e.g. `src/panel/panel.html?tabId=3`) in a new tab. */
export async function openExtensionTab(path: string): Promise<void> {
  const tabs = (browser as { tabs?: { create?: unknown } }).tabs;
  if (typeof tabs?.create === 'function') {
    await browser.tabs.create({ url: browser.runtime.getURL(path) });
    return;
  }
  const req: OpenTabRequest = { type: 'wslens-open-tab', path };
  await browser.runtime.sendMessage(req);
}

/**
 * The background's side: opens the tab for an `OpenTabRequest` that came from one of the
 * extension's own pages (not a content script). Returns null when `msg` is not such a request.
 */
export function openTabOnRequest(msg: unknown, sender: Runtime.MessageSender): Promise<void> | null {
  if ((msg as OpenTabRequest | undefined)?.type !== 'wslens-open-tab') return null;
  const path = (msg as OpenTabRequest).path;
  const root = browser.runtime.getURL('');
  // A content script's sender.url is its page's URL; our own pages' URLs start at our root.
  const fromOwnPage = sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(root);
  if (!fromOwnPage || !isOpenablePath(path)) return Promise.resolve();
  return browser.tabs.create({ url: browser.runtime.getURL(path) }).then(() => undefined);
}
