import { describe, expect, it, vi } from 'vitest';

const granted = new Set<string>();
const fakeBrowser = {
  permissions: {
    contains: ({ origins }: { origins: string[] }) => Promise.resolve(origins.every((o) => granted.has(o))),
    request: ({ origins }: { origins: string[] }) => {
      for (const o of origins) granted.add(o);
      return Promise.resolve(true);
    },
  },
};
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
const { hasHostAccess, hostAccessAvailable, requestHostAccess, sitePatterns } = await import('./host-access');

describe('sitePatterns', () => {
  it('asks for the page\u2019s and the socket\u2019s hosts, once each, and nothing for other schemes', () => {
    expect(sitePatterns('https://app.test/chat?x', 'wss://rt.app.test:8443/ws')).toEqual(['https://app.test/*', 'wss://rt.app.test/*']);
    expect(sitePatterns('http://a.test/', 'ws://a.test/x')).toEqual(['http://a.test/*', 'ws://a.test/*']);
    expect(sitePatterns('about:blank', 'not a url')).toEqual([]);
  });
});

describe('host access', () => {
  it('is asked for and then held', async () => {
    expect(hostAccessAvailable()).toBe(true);
    expect(await hasHostAccess(['https://a.test/*'])).toBe(false);
    expect(await requestHostAccess(['https://a.test/*'])).toBe(true);
    expect(await hasHostAccess(['https://a.test/*'])).toBe(true);
    expect(await hasHostAccess([])).toBe(false);
  });
});
