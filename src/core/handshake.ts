/**
 * A socket's HTTP opening handshake, read (pure): its headers, the `Sec-WebSocket-Accept` check of
 * RFC 6455 §4.2.2, the subprotocol and extensions asked for and agreed on, cookies, and why a
 * handshake failed in words (a refused upgrade's status, or the network's error).
 */
import type { HandshakeInfo, HttpHeader } from './protocol';

/** The GUID of RFC 6455 §1.3 that the server appends to the key. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The first header of that name (case-insensitive), or null. */
export function headerValue(headers: readonly HttpHeader[], name: string): string | null {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === lower) return h.value;
  return null;
}

/** The `Sec-WebSocket-Accept` a server must answer for `key`: Base64 of SHA-1 of key + GUID. */
export async function expectedAccept(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(key.trim() + WEBSOCKET_GUID));
  let bin = '';
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return btoa(bin);
}

export type AcceptCheck =
  | { state: 'ok'; key: string; accept: string }
  | { state: 'mismatch'; key: string; accept: string; expected: string }
  /** No key was seen (the browser hid it) or no 101 answer came: nothing to check. */
  | { state: 'unknown'; why: string };

export async function checkAccept(hs: HandshakeInfo): Promise<AcceptCheck> {
  const key = headerValue(hs.requestHeaders, 'Sec-WebSocket-Key');
  const accept = headerValue(hs.responseHeaders, 'Sec-WebSocket-Accept');
  if (key === null)
    return {
      state: 'unknown',
      why: hs.source === 'webRequest' ? 'the browser did not show the request\u2019s Sec-WebSocket-Key to webRequest (Chromium keeps it back; Capture workers, which uses the debugger, sees it)' : 'the request\u2019s Sec-WebSocket-Key was not seen',
    };
  if (hs.status !== 101) return { state: 'unknown', why: 'the server did not switch protocols' };
  if (accept === null) return { state: 'mismatch', key, accept: '', expected: await expectedAccept(key) };
  const expected = await expectedAccept(key);
  return accept.trim() === expected ? { state: 'ok', key, accept } : { state: 'mismatch', key, accept, expected };
}

/** One extension offer or agreement: its name and parameters (`permessage-deflate; client_max_window_bits`). */
export interface ExtensionOffer {
  name: string;
  params: Array<{ name: string; value: string | null }>;
}

/** `Sec-WebSocket-Extensions` (RFC 6455 §9.1): offers separated by commas, parameters by semicolons. */
function parseExtensions(value: string | null): ExtensionOffer[] {
  if (value === null || value.trim() === '') return [];
  return value
    .split(',')
    .map((offer) => {
      const [name = '', ...params] = offer.split(';').map((p) => p.trim());
      return {
        name,
        params: params
          .filter((p) => p !== '')
          .map((p) => {
            const eq = p.indexOf('=');
            return eq < 0 ? { name: p, value: null } : { name: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1') };
          }),
      };
    })
    .filter((o) => o.name !== '');
}

/** A comma-separated header as a list (`Sec-WebSocket-Protocol: chat, superchat`). */
export function parseList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** What was asked for and what the server chose: subprotocols and extensions. */
export interface Negotiation {
  requestedProtocols: string[];
  protocol: string;
  requestedExtensions: ExtensionOffer[];
  extensions: ExtensionOffer[];
}

/**
 * `pageProtocols`: what the page asked `new WebSocket` for, used when the browser did not show the
 * request's `Sec-WebSocket-Protocol` (Chromium's webRequest keeps it back).
 */
export function negotiation(hs: HandshakeInfo, pageProtocols: readonly string[] = []): Negotiation {
  const asked = headerValue(hs.requestHeaders, 'Sec-WebSocket-Protocol');
  return {
    requestedProtocols: asked === null ? [...pageProtocols] : parseList(asked),
    protocol: headerValue(hs.responseHeaders, 'Sec-WebSocket-Protocol') ?? '',
    requestedExtensions: parseExtensions(headerValue(hs.requestHeaders, 'Sec-WebSocket-Extensions')),
    extensions: parseExtensions(headerValue(hs.responseHeaders, 'Sec-WebSocket-Extensions')),
  };
}

export function extensionText(e: ExtensionOffer): string {
  return [e.name, ...e.params.map((p) => (p.value === null ? p.name : `${p.name}=${p.value}`))].join('; ');
}

/** `Cookie: a=1; b=2` as name/value pairs. */
export function requestCookies(hs: HandshakeInfo): HttpHeader[] {
  const out: HttpHeader[] = [];
  for (const h of hs.requestHeaders) {
    if (h.name.toLowerCase() !== 'cookie') continue;
    for (const part of h.value.split(';')) {
      const eq = part.indexOf('=');
      if (part.trim() === '') continue;
      out.push(eq < 0 ? { name: part.trim(), value: '' } : { name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
    }
  }
  return out;
}

/** `Set-Cookie` headers of the response as name/value pairs (attributes left out). */
export function responseCookies(hs: HandshakeInfo): HttpHeader[] {
  const out: HttpHeader[] = [];
  for (const h of hs.responseHeaders) {
    if (h.name.toLowerCase() !== 'set-cookie') continue;
    // Chrome may fold several Set-Cookie headers into one value, one per line.
    for (const line of h.value.split('\n')) {
      const first = line.split(';')[0] ?? '';
      const eq = first.indexOf('=');
      if (first.trim() === '') continue;
      out.push({ name: (eq < 0 ? first : first.slice(0, eq)).trim(), value: eq < 0 ? '' : first.slice(eq + 1).trim() });
    }
  }
  return out;
}

/** The status line's reason phrase (`Forbidden` of `HTTP/1.1 403 Forbidden`), or ''. */
export function statusText(hs: HandshakeInfo): string {
  const m = /^\S+\s+\d{3}\s*(.*)$/.exec(hs.statusLine.trim());
  return m?.[1] ?? '';
}

/** The response's HTTP version (`HTTP/1.1`), or ''. */
export function httpVersion(hs: HandshakeInfo): string {
  const m = /^(HTTP\/[\d.]+)\s/.exec(hs.statusLine.trim());
  return m?.[1] ?? '';
}

const NETWORK_ERRORS: Array<[RegExp, string]> = [
  // Chromium's webRequest ends a refused upgrade (403, 404, 426…) or a bad answer with this alone.
  [/^net::ERR_FAILED$/, 'handshake failed, no status given (a refused upgrade or a bad answer)'],
  [/CONNECTION_REFUSED/, 'connection refused'],
  [/NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|UNKNOWN_HOST/, 'host name not resolved'],
  [/BLOCKED_BY_CLIENT|BLOCKED_BY_ADMINISTRATOR|ERROR_ABORT.*BLOCKED/, 'blocked by the client'],
  [/CERT|SSL|TLS|SECURITY/, 'TLS error'],
  [/TIMED_OUT|NET_TIMEOUT/, 'timed out'],
  [/CONNECTION_RESET|NET_RESET/, 'connection reset'],
  [/CONNECTION_CLOSED|EMPTY_RESPONSE|NET_INTERRUPT/, 'connection closed by the server'],
  [/ADDRESS_UNREACHABLE|INTERNET_DISCONNECTED|NETWORK_CHANGED|NET_UNREACHABLE/, 'network unreachable'],
  [/ABORTED|BINDING_ABORTED/, 'aborted'],
];

/** A network error code in words (`net::ERR_CONNECTION_REFUSED` → `connection refused`). */
export function networkErrorText(error: string): string {
  for (const [re, text] of NETWORK_ERRORS) if (re.test(error)) return text;
  return error;
}

/**
 * Why this handshake failed, in a few words, or null when it did not (or is not over): a refused
 * upgrade (`403 Forbidden`), a network error (`connection refused (net::ERR_CONNECTION_REFUSED)`).
 */
export function failureReason(hs: HandshakeInfo): string | null {
  if (hs.status !== 0 && hs.status !== 101) {
    const text = statusText(hs);
    return `upgrade refused: ${hs.status}${text ? ` ${text}` : ''}`;
  }
  if (hs.error !== '' && hs.status !== 101) {
    const words = networkErrorText(hs.error);
    return words === hs.error ? hs.error : `${words} (${hs.error})`;
  }
  return null;
}

/** A cookie's value shown masked until revealed: as many dots as characters, at most 12. */
export function maskValue(value: string): string {
  return '•'.repeat(Math.min(12, Math.max(1, value.length)));
}
