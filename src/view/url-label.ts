/**
 * Short labels for WebSocket URLs that keep what tells connections apart. Sockets of one page
 * usually share the scheme and host, and differ in the path and query, so a label drops the
 * scheme and, when it is still too long, cuts the middle (the host's end and the path's start),
 * never the end of the path or the query. The whole URL goes in the element's title.
 */

const ELLIPSIS = '…';

/** `url` without its scheme, at most `max` characters, cut in the middle when longer. */
export function urlLabel(url: string, max = 48): string {
  const rest = readable(url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
  if (rest.length <= max) return rest;
  if (max < 3) return rest.slice(rest.length - max);
  const slash = rest.indexOf('/');
  const host = slash < 0 ? rest : rest.slice(0, slash);
  const tail = slash < 0 ? '' : rest.slice(slash);
  // Keep the start of the host (where it differs most often between hosts) and as much of the
  // end as fits: the query and the end of the path.
  // A path alone (a list that left the shared host out) keeps its start: the path's first segment.
  const head = host.length === 0 ? Math.floor(max * 0.45) : Math.min(host.length, Math.max(1, Math.floor(max * 0.3)));
  const keepTail = max - head - 1;
  // The whole path and query, after as much of the host as fits (at least its first 3 characters).
  if (tail.length > 0 && tail.length <= Math.max(keepTail, max - 4)) return host.slice(0, max - tail.length - 1) + ELLIPSIS + tail;
  return rest.slice(0, head) + ELLIPSIS + rest.slice(rest.length - keepTail);
}

/** Percent-escapes of text shown as the text (`%E4%BD%A0` as 你, `%20` as a space), when they decode. */
function readable(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** The part of a page URL that names a frame: its path and query, or its host when it has none. */
export function frameLabel(frameUrl: string, max = 32): string {
  try {
    const u = new URL(frameUrl);
    const pathQuery = u.pathname + u.search;
    return urlLabel(pathQuery === '/' ? u.host : pathQuery, max);
  } catch {
    return urlLabel(frameUrl, max);
  }
}

/**
 * How the connection picker names a connection: its number, the URL's label, and the frame that
 * opened it when that is not the top document.
 */
export function connectionLabel(c: { index: number; url: string; frameUrl: string }, topUrl: string | null, max = 48): string {
  const frame = topUrl !== null && c.frameUrl !== topUrl ? ` · frame ${frameLabel(c.frameUrl)}` : '';
  return `#${c.index} ${urlLabel(c.url, max)}${frame}`;
}

/**
 * The scheme and host every URL shares (`ws://127.0.0.1:8080`), or null: a list can then leave
 * it out and give the path and query the room.
 */
export function sharedOrigin(urls: readonly string[]): string | null {
  if (urls.length < 2) return null;
  const origin = (u: string) => /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(u)?.[0] ?? null;
  const first = origin(urls[0]);
  return first !== null && urls.every((u) => origin(u) === first) ? first : null;
}
