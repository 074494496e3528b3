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
  if (url.hash !== '' || text.includes('#')) {
    return { ok: false, error: 'A WebSocket URL cannot have a fragment (#…); remove it.', fix: text.slice(0, text.indexOf('#')) };
  }
  return { ok: true, url: text };
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
