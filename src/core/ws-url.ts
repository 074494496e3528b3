/**
 * Input checks of the test client: the WebSocket URL, the subprotocol list and the close code and
 * reason. Pure functions; every error is a sentence the client shows as it is.
 */
import { utf8Length } from './codec';

export type UrlCheck =
  | { ok: true; url: string }
  /** `fix`: the URL the user probably meant (http: → ws:, https: → wss:, no scheme → ws:), offered as a one-click fix. */
  | { ok: false; error: string; fix?: string };

/**
 * Checks a WebSocket URL as `new WebSocket()` would, with clearer messages: only ws: and wss:,
 * a host is required, no fragment. Returns the URL as typed (trimmed) when valid.
 */
export function checkWsUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Enter a WebSocket URL, e.g. wss://example.com/socket.' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  if (scheme === null) {
    // "foo", "localhost:8080/x", "example.com/socket": no scheme (a bare "host:port" parses as a scheme "host").
    const guess = `ws://${text}`;
    const fix = parseable(guess) && hostOf(guess) ? guess : undefined;
    return {
      ok: false,
      error: `"${text}" is not a URL: a WebSocket URL starts with ws:// or wss:// (e.g. ws://${text.includes('.') || text.includes(':') ? text : 'localhost:8080/' + text}).`,
      fix,
    };
  }
  const s = scheme[1].toLowerCase();
  if (s === 'http' || s === 'https') {
    const twin = (s === 'http' ? 'ws' : 'wss') + text.slice(scheme[1].length);
    return {
      ok: false,
      error: `${s}: is not a WebSocket scheme; WebSocket URLs use ${s === 'http' ? 'ws:' : 'wss:'} (the same server, the same port).`,
      fix: twin,
    };
  }
  if (s !== 'ws' && s !== 'wss') {
    // "localhost:8080" is read as scheme "localhost" with path "8080".
    if (/^[a-z0-9.-]+:\d+(\/|$)/i.test(text)) {
      const guess = `ws://${text}`;
      return { ok: false, error: `"${text}" has no scheme: a WebSocket URL starts with ws:// or wss://.`, fix: guess };
    }
    return { ok: false, error: `${s}: is not a WebSocket scheme; use ws: or wss:.` };
  }
  if (!/^wss?:\/\//i.test(text)) {
    return { ok: false, error: `A WebSocket URL has "//" and a host after "${s}:", e.g. ${s}://example.com/socket.`, fix: undefined };
  }
  // Checked first: the whole fix is to cut it off.
  if (text.includes('#')) return fragmentError(text);
  const space = /\s/.exec(text);
  if (space !== null) {
    const where = space.index < s.length + 3 + authorityOf(text).length ? 'the host' : 'the path or query';
    return {
      ok: false,
      error: `The URL has a space at character ${space.index + 1} (in ${where}): a URL cannot contain spaces${where === 'the host' ? '' : '; write one as %20'}.`,
    };
  }
  const hostProblem = checkAuthority(authorityOf(text));
  if (hostProblem !== null) return { ok: false, error: hostProblem };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    const rest = text.slice(s.length + 3);
    if (rest === '' || rest.startsWith('/') || rest.startsWith('?'))
      return { ok: false, error: `The URL has no host: add one after ${s}://, e.g. ${s}://localhost:8080${rest || '/'}.` };
    return { ok: false, error: `"${text}" is not a valid URL: check the host and port (a port is a number from 1 to 65535).` };
  }
  if (url.hostname === '') return { ok: false, error: `The URL has no host: add one after ${s}://, e.g. ${s}://localhost:8080/.` };
  if (url.hash !== '') return fragmentError(text);
  return { ok: true, url: text };
}

function fragmentError(text: string): UrlCheck {
  return {
    ok: false,
    error: 'A WebSocket URL cannot have a fragment (#…): RFC 6455 forbids them (the browser would refuse it); remove it.',
    fix: text.slice(0, text.indexOf('#')),
  };
}

/** What comes between `ws://` and the path: `[userinfo@]host[:port]`. */
function authorityOf(text: string): string {
  const m = /^wss?:\/\/([^/?#]*)/i.exec(text);
  return m === null ? '' : m[1];
}

/** A label of a host name: letters and digits (any script), inner hyphens; `_` as browsers allow. */
const LABEL = /^[\p{L}\p{N}_]([\p{L}\p{N}_-]*[\p{L}\p{N}_])?$/u;

/**
 * The host and port, checked before the URL parser (which lets `ex$ample.com`, `a..b` and port 0
 * through, or refuses without saying why): a host name of dot-separated labels, an IPv4 address
 * or an [IPv6] literal, and a port from 1 to 65535.
 */
function checkAuthority(authority: string): string | null {
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort === '') return null; // said below: the URL has no host
  let host = hostPort;
  let port: string | null = null;
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end < 0) return `"${hostPort}" is not a valid host: an IPv6 address is written in brackets, e.g. [::1].`;
    host = hostPort.slice(0, end + 1);
    const rest = hostPort.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return `"${hostPort}" is not a valid host and port: write [address]:port.`;
    if (rest !== '') port = rest.slice(1);
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      host = hostPort.slice(0, colon);
      port = hostPort.slice(colon + 1);
    }
    const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
    const bad = labels.find((l) => !LABEL.test(l));
    if (host === '') return 'The URL has no host before the port: add one, e.g. ws://localhost:8080/.';
    if (bad !== undefined)
      return bad === ''
        ? `"${host}" is not a valid host name: it has an empty part between dots.`
        : `"${host}" is not a valid host name: "${bad}" may hold only letters, digits and inner hyphens.`;
  }
  if (port !== null && port !== '') {
    if (!/^\d+$/.test(port)) return `The port "${port}" is not a number: a port is a number from 1 to 65535.`;
    const n = Number(port);
    if (n < 1 || n > 65535) return `The port ${port} is out of range: a port is a number from 1 to 65535.`;
  }
  return null;
}

function parseable(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

function hostOf(s: string): string {
  try {
    return new URL(s).hostname;
  } catch {
    return '';
  }
}

export type ProtocolsCheck = { ok: true; protocols: string[] } | { ok: false; error: string };

/** RFC 7230 token characters, which is what a subprotocol name must be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Parses a comma- (or space-) separated subprotocol list: tokens, no duplicates. */
export function parseProtocols(input: string): ProtocolsCheck {
  const protocols = input
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const seen = new Set<string>();
  for (const p of protocols) {
    if (!TOKEN.test(p)) {
      const bad = [...p].find((c) => !TOKEN.test(c)) ?? p;
      return {
        ok: false,
        error: `Subprotocol "${p}" contains ${JSON.stringify(bad)}, which a subprotocol name cannot contain (letters, digits and !#$%&'*+-.^_\`|~ only).`,
      };
    }
    if (seen.has(p)) return { ok: false, error: `Subprotocol "${p}" is listed twice.` };
    seen.add(p);
  }
  return { ok: true, protocols };
}

export type CloseCheck = { ok: true; code: number; reason: string } | { ok: false; error: string };

/** The code and reason a client may pass to WebSocket.close(): 1000 or 3000–4999, reason ≤ 123 UTF-8 bytes. */
export function checkClose(codeInput: string, reason: string): CloseCheck {
  const t = codeInput.trim();
  const code = t === '' ? 1000 : Number(t);
  if (!/^\d+$/.test(t === '' ? '1000' : t) || !Number.isInteger(code))
    return { ok: false, error: `Close code "${t}" is not a whole number; use 1000 or 3000–4999.` };
  if (code !== 1000 && (code < 3000 || code > 4999)) {
    return {
      ok: false,
      error: `Close code ${code} cannot be sent by a client: use 1000 (Normal Closure) or 3000–4999 (registered and private-use codes).`,
    };
  }
  const bytes = utf8Length(reason);
  if (bytes > 123) return { ok: false, error: `The close reason is ${bytes} bytes in UTF-8; at most 123 are allowed.` };
  return { ok: true, code, reason };
}

/** Adds `url` to the front of a history list, without duplicates, keeping at most `max`. */
export function pushHistory(history: readonly string[], url: string, max = 20): string[] {
  return [url, ...history.filter((u) => u !== url)].slice(0, max);
}
