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
  /** A recorded session to play (JSON of `HandedFrame[]`). */
  session: string | null;
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
    session: q.get('session'),
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

/** A frame of a recorded session handed to the client in `?session=`: direction, ms since the first, text or Base64 bytes. */
export interface HandedFrame {
  d: 's' | 'r';
  t: number;
  x?: string;
  b?: string;
}

/** The most of a session handed over: the first frames up to these bounds. */
export const SESSION_MAX_FRAMES = 2000;
const SESSION_MAX_CHARS = 512 * 1024;

/** The first frames of a session within the bounds (a frame over 64 KB ends it). */
export function boundedSession(frames: readonly HandedFrame[]): HandedFrame[] {
  const out: HandedFrame[] = [];
  let chars = 0;
  for (const f of frames) {
    const n = (f.x ?? f.b ?? '').length;
    if (out.length >= SESSION_MAX_FRAMES || chars + n > SESSION_MAX_CHARS || n > 64 * 1024) break;
    chars += n;
    out.push(f);
  }
  return out;
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
  /** The connection's frames, to play against a server (bounded by `boundedSession`). */
  session?: HandedFrame[];
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
  const session = boundedSession(o.session ?? []);
  if (session.some((f) => f.d === 's')) q.set('session', JSON.stringify(session));
  if (o.connect) q.set('connect', '1');
  if (o.tab) q.set('tab', '1');
  return `?${q}`;
}
