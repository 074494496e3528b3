import { render } from 'preact';
import browser from 'webextension-polyfill';
import { SessionStore } from '../core/session-store';
import { inDevtools, inspectedTabId, preferredTheme } from '../platform/inspected-tab';
import { connectLive } from './live-connection';
import { App } from './App';
import './panel.css';

const root = document.getElementById('app') as HTMLElement;
document.documentElement.dataset.theme = preferredTheme();
const tabId = inspectedTabId();

if (tabId === null) {
  root.textContent = 'No tab to inspect: open this panel from DevTools, or as panel.html?tabId=N.';
} else {
  const store = new SessionStore();
  connectLive(tabId, store);
  // For the panel's own console (and the end-to-end tests): the model, read-only by convention.
  Object.defineProperty(globalThis, 'wslens', { value: Object.freeze({ store }) });
  const popOut = inDevtools()
    ? () => void browser.tabs.create({ url: browser.runtime.getURL(`src/panel/panel.html?tabId=${tabId}`) })
    : undefined;
  const title = inDevtools() ? 'WebSocket Lens' : `WebSocket Lens · tab ${tabId}`;
  render(<App store={store} onPopOut={popOut} title={title} />, root);
}
