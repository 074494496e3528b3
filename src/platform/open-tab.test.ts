import { beforeEach, describe, expect, it, vi } from 'vitest';

const created: string[] = [];
const sent: unknown[] = [];
const fakeBrowser: { runtime: object; tabs?: object } = { runtime: {} };
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

beforeEach(() => {
  created.length = 0;
  sent.length = 0;
  fakeBrowser.runtime = {
    id: 'ext-id',
    getURL: (p: string) => `moz-extension://uuid/${p}`,
    sendMessage: async (m: unknown) => void sent.push(m),
  };
  fakeBrowser.tabs = { create: async ({ url }: { url: string }) => void created.push(url) };
});

const { isOpenablePath, openExtensionTab, openTabOnRequest } = await import('./open-tab');

describe('isOpenablePath', () => {
  it("accepts the extension's pages with a query", () => {
    for (const p of ['src/panel/panel.html?tabId=3', 'src/client/client.html?url=ws%3A%2F%2Fx&saved=%5B%5D', 'src/viewer/viewer.html']) expect(isOpenablePath(p), p).toBe(true);
  });
  it('refuses anything else', () => {
    for (const p of ['https://example.org/', '/src/panel/panel.html', 'src/panel/../../x.html', 'src/panel/panel.html#x', 'javascript:alert(1)', 'src/hook/hook.js', 42, null])
      expect(isOpenablePath(p), String(p)).toBe(false);
  });
});

describe('openExtensionTab', () => {
  it('uses tabs.create where the page has it (Chrome, Firefox extension tabs)', async () => {
    await openExtensionTab('src/panel/panel.html?tabId=3');
    expect(created).toEqual(['moz-extension://uuid/src/panel/panel.html?tabId=3']);
    expect(sent).toEqual([]);
  });
  it('asks the background where there is no tabs API (a Firefox DevTools panel)', async () => {
    delete fakeBrowser.tabs;
    await openExtensionTab('src/panel/panel.html?tabId=3');
    expect(sent).toEqual([{ type: 'wslens-open-tab', path: 'src/panel/panel.html?tabId=3' }]);
  });
});

describe('openTabOnRequest (background)', () => {
  const own = { id: 'ext-id', url: 'moz-extension://uuid/src/panel/panel.html' };
  it('opens our page for our own pages', async () => {
    await openTabOnRequest({ type: 'wslens-open-tab', path: 'src/viewer/viewer.html' }, own);
    expect(created).toEqual(['moz-extension://uuid/src/viewer/viewer.html']);
  });
  it('ignores other messages, content scripts, and paths that are not our pages', async () => {
    expect(openTabOnRequest({ type: 'wslens-hello' }, own)).toBeNull();
    await openTabOnRequest({ type: 'wslens-open-tab', path: 'src/viewer/viewer.html' }, { id: 'ext-id', url: 'https://page.example/' });
    await openTabOnRequest({ type: 'wslens-open-tab', path: 'https://evil.example/' }, own);
    await openTabOnRequest({ type: 'wslens-open-tab', path: 'src/viewer/viewer.html' }, { id: 'other', url: 'moz-extension://uuid/x' });
    expect(created).toEqual([]);
  });
});
