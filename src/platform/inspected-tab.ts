/**
 * Where the panel runs differs by context: inside DevTools it inspects `devtools.inspectedWindow`,
 * in an ordinary tab (the "pop out" view and the end-to-end tests) it inspects `?tabId=N`.
 * This module is the one place that knows the difference, and where Chrome and Firefox differ.
 */

interface DevtoolsLike {
  inspectedWindow?: { tabId?: number };
  panels?: { themeName?: string };
}

function devtools(): DevtoolsLike | undefined {
  // `chrome.devtools` / `browser.devtools` exist only in DevTools pages.
  const g = globalThis as { chrome?: { devtools?: DevtoolsLike }; browser?: { devtools?: DevtoolsLike } };
  return g.browser?.devtools ?? g.chrome?.devtools;
}

export function inspectedTabId(search = location.search): number | null {
  const q = new URLSearchParams(search).get('tabId');
  if (q !== null && /^\d+$/.test(q)) return Number(q);
  const id = devtools()?.inspectedWindow?.tabId;
  return typeof id === 'number' ? id : null;
}

export function inDevtools(): boolean {
  return devtools()?.inspectedWindow !== undefined;
}

/** DevTools' own theme when inside DevTools, else the system preference. */
export function preferredTheme(): 'dark' | 'light' {
  const name = devtools()?.panels?.themeName;
  if (name === 'dark') return 'dark';
  if (name === 'default' || name === 'light') return 'light';
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
