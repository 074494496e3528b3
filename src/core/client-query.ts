/**
 * The test client page's query string: what the panel's "Open in test client" writes and the
 * client reads when it opens (`?url=…&protocols=a,b&saved=[…]&connect=1&tab=1`). One module for
 * both sides, so neither imports the other.
 */

/** The client page, relative to the extension root. */
export const CLIENT_PAGE = 'src/client/client.html';

/** What the page's query string asks for: `?url=…&protocols=a,b&saved=[…]&connect=1`. */
export interface Prefill {
  url: string | null;
  protocols: string | null;
  saved: string | null;
  connect: boolean;
  /** Running in a tab of its own (opened with "Open in tab"). */
  tab: boolean;
}

export function parsePrefill(search: string): Prefill {
  const q = new URLSearchParams(search);
  return {
    url: q.get('url'),
    protocols: q.get('protocols'),
    saved: q.get('saved'),
    connect: q.get('connect') === '1',
    tab: q.get('tab') === '1',
  };
}

/** A message handed to the client in `?saved=`: text, or Base64 bytes with `binary: true`. */
export interface HandedMessage {
  name: string;
  data: string;
  binary?: boolean;
}

/**
 * The query string (with "?") that opens the client prefilled, for the panel's "Open in test
 * client": `runtime.getURL(CLIENT_PAGE + clientQuery({...}))`. At most `maxSaved`
 * messages (the last ones) are handed over, and messages over 64 KB are left out, to keep the URL
 * well below Chrome's 2 MB limit.
 */
export function clientQuery(o: {
  url: string;
  protocols?: string[];
  saved?: HandedMessage[];
  connect?: boolean;
  /** The page opens as a tab of its own (it fills the tab, and stands apart from other client pages). */
  tab?: boolean;
  maxSaved?: number;
}): string {
  const q = new URLSearchParams({ url: o.url });
  if (o.protocols && o.protocols.length > 0) q.set('protocols', o.protocols.join(','));
  const saved = (o.saved ?? []).filter((m) => m.data.length <= 64 * 1024).slice(-(o.maxSaved ?? 50));
  if (saved.length > 0)
    q.set(
      'saved',
      JSON.stringify(saved.map((m) => (m.binary ? { name: m.name, data: m.data, binary: true } : { name: m.name, data: m.data }))),
    );
  if (o.connect) q.set('connect', '1');
  if (o.tab) q.set('tab', '1');
  return `?${q}`;
}
