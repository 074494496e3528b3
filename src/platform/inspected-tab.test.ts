import { afterEach, describe, expect, it, vi } from 'vitest';
import { inDevtools, inspectedTabId, preferredTheme } from './inspected-tab';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubDevtools(devtools: unknown, on: 'chrome' | 'browser' = 'chrome'): void {
  vi.stubGlobal(on, { devtools });
}

function stubMatchMedia(dark: boolean): void {
  vi.stubGlobal('matchMedia', (q: string) => ({ matches: q === '(prefers-color-scheme: dark)' && dark, media: q }));
}

describe('inspectedTabId', () => {
  it('reads ?tabId=N', () => {
    expect(inspectedTabId('?tabId=42')).toBe(42);
    expect(inspectedTabId('?tabId=0')).toBe(0);
    expect(inspectedTabId('?view=pop&tabId=1234567')).toBe(1234567);
    expect(inspectedTabId('tabId=9')).toBe(9);
  });

  it('invalid values outside DevTools give null', () => {
    for (const s of [
      '',
      '?',
      '?tabId=',
      '?tabId=-1',
      '?tabId=abc',
      '?tabId=4.2',
      '?tabId=1e3',
      '?tabId=%2042',
      '?tabId=0x1f',
      '?tabid=3',
      '?tab=3',
    ]) {
      expect(inspectedTabId(s), s).toBeNull();
    }
  });

  it('defaults to location.search', () => {
    vi.stubGlobal('location', { search: '?tabId=77' });
    expect(inspectedTabId()).toBe(77);
  });

  it('inside DevTools: falls back to devtools.inspectedWindow.tabId', () => {
    stubDevtools({ inspectedWindow: { tabId: 17 } });
    expect(inspectedTabId('')).toBe(17);
    expect(inspectedTabId('?tabId=nope')).toBe(17);
    // an explicit, valid query wins
    expect(inspectedTabId('?tabId=5')).toBe(5);
  });

  it('browser.devtools (Firefox) is preferred over chrome.devtools', () => {
    vi.stubGlobal('chrome', { devtools: { inspectedWindow: { tabId: 1 } } });
    vi.stubGlobal('browser', { devtools: { inspectedWindow: { tabId: 2 } } });
    expect(inspectedTabId('')).toBe(2);
  });

  it('a devtools object without a numeric tabId gives null', () => {
    stubDevtools({ inspectedWindow: {} });
    expect(inspectedTabId('')).toBeNull();
    stubDevtools({ inspectedWindow: { tabId: '3' } });
    expect(inspectedTabId('')).toBeNull();
    vi.stubGlobal('chrome', {}); // chrome exists (extension page) but no devtools
    expect(inspectedTabId('')).toBeNull();
  });
});

describe('inDevtools', () => {
  it('is true only when devtools.inspectedWindow exists', () => {
    expect(inDevtools()).toBe(false);
    vi.stubGlobal('chrome', { runtime: {} });
    expect(inDevtools()).toBe(false);
    stubDevtools({ inspectedWindow: { tabId: 3 } });
    expect(inDevtools()).toBe(true);
  });
});

describe('preferredTheme', () => {
  it('follows the DevTools theme name', () => {
    stubMatchMedia(false);
    stubDevtools({ panels: { themeName: 'dark' } });
    expect(preferredTheme()).toBe('dark');
    stubMatchMedia(true);
    stubDevtools({ panels: { themeName: 'default' } });
    expect(preferredTheme()).toBe('light');
    stubDevtools({ panels: { themeName: 'light' } }, 'browser');
    expect(preferredTheme()).toBe('light');
  });

  it('an unknown theme name or no DevTools: the system preference', () => {
    stubDevtools({ panels: { themeName: 'high-contrast' } });
    stubMatchMedia(true);
    expect(preferredTheme()).toBe('dark');
    stubMatchMedia(false);
    expect(preferredTheme()).toBe('light');
    vi.stubGlobal('chrome', undefined);
    stubMatchMedia(true);
    expect(preferredTheme()).toBe('dark');
  });

  it('without matchMedia: light', () => {
    vi.stubGlobal('matchMedia', undefined);
    expect(preferredTheme()).toBe('light');
  });
});
