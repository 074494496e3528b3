/**
 * Export as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the way Chrome DevTools
 * writes WebSocket connections, so that Chrome ("Import HAR file") and HAR tools can open it:
 *
 * - one entry per connection, `_resourceType: "websocket"`, `request.url` the ws(s):// URL,
 *   `response.status` 101 when the socket opened (0 when it never did);
 * - its messages in `_webSocketMessages: [{ type: "send" | "receive", time, opcode, data }]`, with
 *   `time` in seconds since the epoch (a float) and `opcode` 1 (text) or 2 (binary, `data` in
 *   Base64), as Chrome writes them;
 * - what HAR has no field for (close code and reason, errors, subprotocols asked for, the frame
 *   and the initiator, exact times) in `_webSocketLens`; HAR allows `_`-prefixed custom fields.
 *
 * When the browser's handshake was seen (`Connection.handshake`: the user granted host access, or
 * the worker mode), the entry carries it as it was: the request's and response's headers, their
 * cookies, the response's status line (a refused upgrade's 403 included), and `wait` from the
 * request to its response; the whole of it is also in `_webSocketLens.handshake`, read back on
 * import. Without it (the page hook alone sees neither headers nor network timings) the request
 * carries only the `Sec-WebSocket-Protocol` the page asked for, the response the subprotocol and
 * extensions the server chose; `blocked`, `dns`, `connect` and `ssl` are -1 (unknown), `send` is
 * 0, `wait` is the handshake (`new WebSocket` → `open`) and `receive` the time the socket was open
 * (HAR requires these three to be non-negative).
 */
import type { ClosedBy, Connection, FrameRow } from '../../rows';
import { logClosing, type ExportInput, type LogClosing } from '../export';
import { bytesToBase64 } from '../../codec';
import type { HandshakeInfo } from '../../protocol';
import { httpVersion, requestCookies, responseCookies, statusText } from '../../handshake';

export const HAR_CREATOR_NAME = 'WebSocket Lens';
const PAGE_ID = 'page_1';

export interface HarNameValue {
  name: string;
  value: string;
}

/** One message of Chrome's `_webSocketMessages`. */
export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  /** Seconds since the epoch. */
  time: number;
  /** 1 text, 2 binary. */
  opcode: 1 | 2;
  /** The text, or the bytes in Base64. */
  data: string;
}

/** What WebSocket Lens knows beyond HAR's fields, on each entry as `_webSocketLens`. */
export interface HarLensFacts {
  protocols: string[];
  protocol: string;
  extensions: string;
  frameUrl: string;
  initiator: string;
  /** Epoch milliseconds, sub-millisecond (`startedDateTime` keeps only milliseconds). */
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  /** The page called close(), with this code (null: none given) and reason. */
  closing: LogClosing | null;
  closeCode: number | null;
  closeReason: string;
  wasClean: boolean | null;
  closedBy: ClosedBy;
  /** Times (epoch ms) of error events. */
  errors: number[];
  /** The browser's handshake, when it was seen. */
  handshake?: HandshakeInfo;
}

export interface HarTimings {
  blocked: number;
  dns: number;
  connect: number;
  ssl: number;
  send: number;
  wait: number;
  receive: number;
}

export interface HarEntry {
  _resourceType: 'websocket';
  _webSocketMessages: HarWebSocketMessage[];
  _webSocketLens: HarLensFacts;
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: {
    method: 'GET';
    url: string;
    httpVersion: string;
    headers: HarNameValue[];
    queryString: HarNameValue[];
    cookies: HarNameValue[];
    headersSize: -1;
    bodySize: 0;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarNameValue[];
    cookies: HarNameValue[];
    content: { size: 0; mimeType: '' };
    redirectURL: '';
    headersSize: -1;
    bodySize: -1;
  };
  cache: Record<string, never>;
  timings: HarTimings;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad: number; onLoad: number };
}

/** A whole HAR file: `{ log: … }`. */
export interface HarLog {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: HarPage[];
    entries: HarEntry[];
    /** Where and when the export was made. */
    _webSocketLens: { exportedAt: string; pageUrl: string; userAgent: string };
  };
}

/** The capture as a HAR 1.2 log; serialise with `JSON.stringify(har, null, 2)` as Chrome does. */
export function toHar(input: ExportInput): HarLog {
  const framesByConn = groupFrames(input.frames);
  const seen = new Set<string>();
  const entries: HarEntry[] = [];
  for (const c of input.connections) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    entries.push(connectionAsHarEntry(c, framesByConn.get(c.key) ?? [], PAGE_ID));
  }
  const firstStart = input.connections.reduce((min, c) => Math.min(min, c.createdAt), Infinity);
  return {
    log: {
      version: '1.2',
      creator: { name: HAR_CREATOR_NAME, version: input.extensionVersion },
      pages: [
        {
          startedDateTime: isoTime(Number.isFinite(firstStart) ? firstStart : input.exportedAt.getTime()),
          id: PAGE_ID,
          title: input.pageUrl,
          pageTimings: { onContentLoad: -1, onLoad: -1 },
        },
      ],
      entries,
      _webSocketLens: { exportedAt: input.exportedAt.toISOString(), pageUrl: input.pageUrl, userAgent: input.userAgent },
    },
  };
}

/**
 * The same text as `JSON.stringify(toHar(input), null, 2)`, in pieces: the log's head, each entry's
 * head, each WebSocket message, each entry's tail. Lazy, so that an export of 100,000 messages can
 * be built in slices without one giant `JSON.stringify`.
 */
export function* serializeHarChunks(input: ExportInput): Generator<string, void, undefined> {
  const har = toHar({ ...input, frames: [] });
  const framesByConn = groupFrames(input.frames);
  const [logHead, logTail] = JSON.stringify({ log: { ...har.log, entries: PLACEHOLDER } }, null, 2).split(QUOTED_PLACEHOLDER) as [
    string,
    string,
  ];
  if (har.log.entries.length === 0) {
    yield `${logHead}[]${logTail}`;
    return;
  }
  yield `${logHead}[`;
  const seen = new Set<string>();
  let first = true;
  for (const c of input.connections) {
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    const frames = framesByConn.get(c.key) ?? [];
    // The entry with its messages left out, indented as it is inside the log (6 spaces).
    const entry = { ...entryWithoutMessages(c, frames, PAGE_ID), _webSocketMessages: PLACEHOLDER };
    const [entryHead, entryTail] = indent(JSON.stringify(entry, null, 2), '      ').split(QUOTED_PLACEHOLDER) as [string, string];
    yield `${first ? '\n' : ',\n'}      ${entryHead}`;
    first = false;
    if (frames.length === 0) yield '[]';
    else {
      let firstMessage = true;
      for (const f of frames) {
        yield `${firstMessage ? '[\n' : ',\n'}          ${indent(JSON.stringify(harMessage(f), null, 2), '          ')}`;
        firstMessage = false;
      }
      yield '\n        ]';
    }
    yield entryTail;
  }
  yield `\n    ]${logTail}`;
}

const PLACEHOLDER = '\u0000wslens-placeholder\u0000';
const QUOTED_PLACEHOLDER = JSON.stringify(PLACEHOLDER);

function indent(json: string, by: string): string {
  return json.replace(/\n/g, `\n${by}`);
}

/**
 * One connection as one HAR entry ("copy as HAR entry"). `frames` may be any rows: those of other
 * connections are ignored. Without `pageref` the entry stands alone.
 */
export function connectionAsHarEntry(conn: Connection, frames: readonly FrameRow[], pageref?: string): HarEntry {
  const own = frames.filter((f) => f.connKey === conn.key);
  const entry = entryWithoutMessages(conn, own, pageref) as HarEntry;
  entry._webSocketMessages = own.map(harMessage);
  return entry;
}

/** The entry of a connection, `own` being its frames, but for `_webSocketMessages` (key order kept). */
function entryWithoutMessages(conn: Connection, own: readonly FrameRow[], pageref?: string): Omit<HarEntry, '_webSocketMessages'> {
  const end = connectionEnd(conn, own);
  const timings = harTimings(conn, end);
  const hs = conn.handshake;
  const entry: HarEntry = {
    _resourceType: 'websocket',
    _webSocketMessages: [],
    _webSocketLens: lensFacts(conn),
    startedDateTime: isoTime(conn.createdAt),
    time: round3(timings.send + timings.wait + timings.receive),
    request: {
      method: 'GET',
      url: conn.url,
      // The opening handshake of RFC 6455 is an HTTP/1.1 request answered by 101.
      httpVersion: 'HTTP/1.1',
      headers: hs !== undefined ? hs.requestHeaders.map((h) => ({ ...h })) : conn.protocols.length > 0 ? [{ name: 'Sec-WebSocket-Protocol', value: conn.protocols.join(', ') }] : [],
      queryString: queryString(conn.url),
      cookies: hs !== undefined ? requestCookies(hs) : [],
      headersSize: -1,
      bodySize: 0,
    },
    response: hs !== undefined && hs.status !== 0 ? handshakeResponse(hs) : {
      status: conn.openedAt !== null ? 101 : 0,
      statusText: conn.openedAt !== null ? 'Switching Protocols' : '',
      httpVersion: conn.openedAt !== null ? 'HTTP/1.1' : '',
      headers: responseHeaders(conn),
      cookies: [],
      content: { size: 0, mimeType: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings,
  };
  if (pageref !== undefined) entry.pageref = pageref;
  return entry;
}

function handshakeResponse(hs: HandshakeInfo): HarEntry['response'] {
  return {
    status: hs.status,
    statusText: statusText(hs),
    httpVersion: httpVersion(hs) || 'HTTP/1.1',
    headers: hs.responseHeaders.map((h) => ({ ...h })),
    cookies: responseCookies(hs),
    content: { size: 0, mimeType: '' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  };
}

function harMessage(row: FrameRow): HarWebSocketMessage {
  const rec = row.rec;
  return {
    type: rec.dir === 'sent' ? 'send' : 'receive',
    time: rec.time / 1000,
    opcode: rec.opcode === 'text' ? 1 : 2,
    data: rec.opcode === 'text' ? rec.data : bytesToBase64(rec.data),
  };
}

function lensFacts(c: Connection): HarLensFacts {
  return {
    protocols: [...c.protocols],
    protocol: c.protocol,
    extensions: c.extensions,
    frameUrl: c.frameUrl,
    initiator: c.initiator,
    createdAt: c.createdAt,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    closing: logClosing(c.closing),
    closeCode: c.close?.code ?? null,
    closeReason: c.close?.reason ?? '',
    wasClean: c.close?.wasClean ?? null,
    closedBy: c.closedBy,
    errors: [...c.errors],
    ...(c.handshake !== undefined ? { handshake: c.handshake } : {}),
  };
}

function responseHeaders(c: Connection): HarNameValue[] {
  const headers: HarNameValue[] = [];
  if (c.protocol !== '') headers.push({ name: 'Sec-WebSocket-Protocol', value: c.protocol });
  if (c.extensions !== '') headers.push({ name: 'Sec-WebSocket-Extensions', value: c.extensions });
  return headers;
}

/** When the connection's entry ends: its close, else the last thing known to have happened on it. */
function connectionEnd(c: Connection, frames: readonly FrameRow[]): number {
  if (c.closedAt !== null) return c.closedAt;
  let end = c.openedAt ?? c.createdAt;
  for (const f of frames) end = Math.max(end, f.rec.time);
  for (const t of c.errors) end = Math.max(end, t);
  return end;
}

function harTimings(c: Connection, end: number): HarTimings {
  const handshakeEnd = c.openedAt ?? end;
  const hs = c.handshake;
  // The browser's own times, when seen: from the request's start to its response.
  const wait = hs !== undefined && hs.responseTime !== null ? hs.responseTime - hs.requestTime : handshakeEnd - c.createdAt;
  return {
    blocked: -1,
    dns: -1,
    connect: -1,
    ssl: -1,
    send: 0,
    wait: round3(Math.max(0, wait)),
    receive: c.openedAt === null ? 0 : round3(Math.max(0, end - c.openedAt)),
  };
}

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function groupFrames(frames: readonly FrameRow[]): Map<string, FrameRow[]> {
  const by = new Map<string, FrameRow[]>();
  for (const f of frames) {
    let list = by.get(f.connKey);
    if (list === undefined) by.set(f.connKey, (list = []));
    list.push(f);
  }
  return by;
}

/** Keeps durations to the microsecond (no 0.30000000000000004 in the file). */
function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}
