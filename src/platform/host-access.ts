/**
 * The optional host access that lets the background see WebSocket handshakes (`webRequest`):
 * whether it is granted, and asking for it (a browser prompt, from a click). For all sites, or
 * only the inspected one: its page's origin and the socket's (both are needed).
 *
 * Firefox gives a DevTools panel no `permissions` API: there `available()` is false and the panel
 * says where to grant it instead (the add-on's permissions in about:addons, or the popped-out panel).
 */
import browser from 'webextension-polyfill';

export const ALL_SITES = ['<all_urls>'];

interface PermissionsLike {
  contains(p: { origins: string[] }): Promise<boolean>;
  request(p: { origins: string[] }): Promise<boolean>;
  onAdded?: { addListener(cb: () => void): void; removeListener(cb: () => void): void };
  onRemoved?: { addListener(cb: () => void): void; removeListener(cb: () => void): void };
}

function permissions(): PermissionsLike | undefined {
  return (browser as unknown as { permissions?: PermissionsLike }).permissions;
}

export function hostAccessAvailable(): boolean {
  return typeof permissions()?.request === 'function';
}

/** The match patterns of a page and a socket: `https://host/*` and `wss://host/*`. */
export function sitePatterns(pageUrl: string, socketUrl: string): string[] {
  const out = new Set<string>();
  for (const u of [pageUrl, socketUrl]) {
    try {
      const url = new URL(u);
      if (/^(https?|wss?):$/.test(url.protocol)) out.add(`${url.protocol}//${url.hostname}/*`);
    } catch {
      /* not a URL: nothing to ask for */
    }
  }
  return [...out];
}

export async function hasHostAccess(origins: string[]): Promise<boolean> {
  const p = permissions();
  if (p === undefined || origins.length === 0) return false;
  try {
    return await p.contains({ origins });
  } catch {
    return false;
  }
}

/** Asks the user (must run in a click's handler). */
export async function requestHostAccess(origins: string[]): Promise<boolean> {
  const p = permissions();
  if (p === undefined) return false;
  return p.request({ origins });
}

/** Calls `cb` when any permission is granted or taken back. */
export function onAccessChange(cb: () => void): () => void {
  const p = permissions();
  p?.onAdded?.addListener(cb);
  p?.onRemoved?.addListener(cb);
  return () => {
    p?.onAdded?.removeListener(cb);
    p?.onRemoved?.removeListener(cb);
  };
}
