/**
 * Reads HAR files (Chrome's "Save all as HAR with content", Chromium's recordHar as Playwright
 * writes it, our own HAR export (`./write.ts`) and other tools that write the same fields): every
 * WebSocket entry with its `_webSocketMessages`, and what our export keeps in `_webSocketLens`.
 */
import type { Direction } from '../../protocol';
import { utf8Length } from '../../codec';
import { formatCount } from '../../format';
import type { Draft, DraftConnection, DraftFrame } from '../session';
import type { HandshakeInfo } from '../../protocol';
import { clip, decodeBase64, fail, isFiniteNumber, isObject, isStringArray, plural, readClosing, readHandshake, readHeaderList } from '../read-fields';

/** A message time above this is in milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const MS_THRESHOLD = 1e11;

export function readHar(o: Record<string, unknown>, warnings: string[]): Draft {
  const log = o.log;
  if (!isObject(log)) fail('This HAR file has no "log" object.');
  if (!Array.isArray(log.entries)) fail('This HAR file has no "log.entries" list.');
  const entries: unknown[] = log.entries;

  const pageTitles = new Map<string, string>();
  if (Array.isArray(log.pages)) {
    for (const p of log.pages) if (isObject(p) && typeof p.id === 'string' && typeof p.title === 'string') pageTitles.set(p.id, p.title);
  }
  const wsEntries: Array<{ entry: Record<string, unknown>; index: number }> = [];
  entries.forEach((entry, index) => {
    if (isWebSocketEntry(entry)) wsEntries.push({ entry, index });
  });
  const others = entries.length - wsEntries.length;
  if (wsEntries.length === 0) {
    fail(
      others === 0
        ? 'This HAR file has no WebSocket entries (it has no requests at all).'
        : `This HAR file has no WebSocket entries (${others === 1 ? '1 request of another type' : `${formatCount(others)} requests of other types`}).`,
    );
  }

  const stats: HarStats = { skippedMessages: new Map(), relativeTimes: 0 };
  const read = wsEntries.map(({ entry, index }) => readHarEntry(entry, index, pageTitles, stats));
  // Connections in creation order; frames in time order (a stable sort keeps each entry's order on ties).
  const order = read.map((_, i) => i).sort((a, b) => read[a]!.conn.createdAt - read[b]!.conn.createdAt);
  const newIndex = new Map(order.map((oldIdx, newIdx) => [oldIdx, newIdx]));
  const frames: DraftFrame[] = [];
  read.forEach((r, oldIdx) => {
    for (const f of r.frames) frames.push({ ...f, connIndex: newIndex.get(oldIdx)! });
  });
  frames.sort((a, b) => a.time - b.time);

  if (others > 0) warnings.push(`Skipped ${plural(others, 'request')} that ${others === 1 ? 'is' : 'are'} not a WebSocket.`);
  for (const [why, n] of stats.skippedMessages) warnings.push(`Skipped ${plural(n, 'WebSocket message')}: ${why}.`);
  if (stats.relativeTimes > 0) {
    warnings.push(
      `${plural(stats.relativeTimes, 'entry', 'entries')} ${stats.relativeTimes === 1 ? 'gives' : 'give'} message times that look relative rather than wall-clock; they are shown as written.`,
    );
  }

  const creator =
    isObject(log.creator) && typeof log.creator.name === 'string'
      ? `${log.creator.name} ${typeof log.creator.version === 'string' ? log.creator.version : ''}`.trim()
      : null;
  const lens = isObject(log._webSocketLens) ? log._webSocketLens : {};
  return {
    format: 'har',
    pageUrl: typeof lens.pageUrl === 'string' ? lens.pageUrl : harPageUrl(entries, pageTitles),
    exportedAt: typeof lens.exportedAt === 'string' ? lens.exportedAt : null,
    userAgent: typeof lens.userAgent === 'string' ? lens.userAgent : null,
    creator,
    connections: order.map((i) => read[i]!.conn),
    frames,
  };
}

interface HarStats {
  /** Reason → count. */
  skippedMessages: Map<string, number>;
  relativeTimes: number;
}

function isWebSocketEntry(e: unknown): e is Record<string, unknown> {
  if (!isObject(e)) return false;
  if (typeof e._resourceType === 'string' && e._resourceType.toLowerCase() === 'websocket') return true;
  if (Array.isArray(e._webSocketMessages)) return true;
  return isObject(e.request) && typeof e.request.url === 'string' && /^wss?:/i.test(e.request.url);
}

/** The page: the first page's title when it is a URL (Chrome writes the URL there), else the first document's URL. */
function harPageUrl(entries: unknown[], pageTitles: Map<string, string>): string {
  for (const title of pageTitles.values()) if (/^[a-z][a-z0-9+.-]*:/i.test(title)) return title;
  for (const e of entries) {
    if (isObject(e) && e._resourceType === 'document' && isObject(e.request) && typeof e.request.url === 'string') return e.request.url;
  }
  return '';
}

function readHarEntry(
  e: Record<string, unknown>,
  index: number,
  pageTitles: Map<string, string>,
  stats: HarStats,
): { conn: DraftConnection; frames: DraftFrame[] } {
  const request = isObject(e.request) ? e.request : {};
  const response = isObject(e.response) ? e.response : {};
  if (typeof request.url !== 'string') fail(`Entry ${index + 1} of the HAR file has no request URL.`);
  const where = `Entry ${index + 1} (${clip(request.url)})`;
  // Our own export's exact facts; absent in other tools' files.
  const lens = isObject(e._webSocketLens) ? e._webSocketLens : {};
  const messages: unknown[] = Array.isArray(e._webSocketMessages) ? e._webSocketMessages : [];
  const scale = messageTimeScale(messages);

  const started = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  const firstMessage = messages.find((m): m is { time: number } => isObject(m) && isFiniteNumber(m.time));
  const createdAt = isFiniteNumber(lens.createdAt)
    ? lens.createdAt
    : Number.isFinite(started)
      ? started
      : firstMessage !== undefined
        ? firstMessage.time * scale
        : 0;

  const conn: DraftConnection = {
    url: request.url,
    protocols: isStringArray(lens.protocols) ? lens.protocols : splitList(headerValue(request.headers, 'sec-websocket-protocol')),
    frameUrl: typeof lens.frameUrl === 'string' ? lens.frameUrl : typeof e.pageref === 'string' ? (pageTitles.get(e.pageref) ?? '') : '',
    initiator: typeof lens.initiator === 'string' ? lens.initiator : chromeInitiator(e._initiator),
    createdAt,
    openedAt:
      'openedAt' in lens
        ? isFiniteNumber(lens.openedAt)
          ? lens.openedAt
          : null
        : response.status === 101
          ? createdAt + handshakeMs(e.timings)
          : null,
    protocol: typeof lens.protocol === 'string' ? lens.protocol : (headerValue(response.headers, 'sec-websocket-protocol') ?? ''),
    extensions: typeof lens.extensions === 'string' ? lens.extensions : (headerValue(response.headers, 'sec-websocket-extensions') ?? ''),
    errors: Array.isArray(lens.errors) ? lens.errors.filter(isFiniteNumber) : [],
    closing: isObject(lens.closing) ? readClosing(lens.closing, `${where}, "_webSocketLens.closing"`) : null,
    close: isFiniteNumber(lens.closeCode)
      ? {
          code: lens.closeCode,
          reason: typeof lens.closeReason === 'string' ? lens.closeReason : '',
          wasClean: lens.wasClean === true,
          time: isFiniteNumber(lens.closedAt) ? lens.closedAt : createdAt + (isFiniteNumber(e.time) ? e.time : 0),
        }
      : null,
  };
  const handshake = readHandshake(lens.handshake) ?? harHandshake(request, response, createdAt, e.timings);
  if (handshake !== undefined) conn.handshake = handshake;

  const frames: DraftFrame[] = [];
  const skip = (why: string): void => void stats.skippedMessages.set(why, (stats.skippedMessages.get(why) ?? 0) + 1);
  let relative = false;
  messages.forEach((m, k) => {
    if (!isObject(m) || !isFiniteNumber(m.time)) return skip('without a time');
    const time = m.time * scale;
    if (time < MS_THRESHOLD) relative = true;
    if (m.type === 'error') {
      conn.errors.push(time); // Chrome lists socket errors among the messages (opcode -1)
      return;
    }
    if (m.type !== 'send' && m.type !== 'receive') return skip('of a type other than send/receive');
    const dir: Direction = m.type === 'send' ? 'sent' : 'received';
    const data = typeof m.data === 'string' ? m.data : '';
    const base = { connIndex: 0, seq: null, time, dir, truncated: false };
    if (m.opcode === 1) {
      frames.push({ ...base, opcode: 'text', data, size: utf8Length(data) });
    } else if (m.opcode === 2) {
      const bytes = decodeBase64(data, `${where}, message ${k + 1} (${dir} binary)`);
      frames.push({ ...base, opcode: 'binary', data, binKind: 'arraybuffer', size: bytes.length });
    } else {
      skip('control or unknown frames (close, ping, pong…), which the panel does not show');
    }
  });
  if (relative) stats.relativeTimes++;
  // The socket opened before its first message, whatever the timings say.
  if (conn.openedAt !== null && frames.length > 0 && frames[0]!.time < conn.openedAt && !('openedAt' in lens)) {
    conn.openedAt = Math.max(conn.createdAt, frames[0]!.time);
  }
  return { conn, frames };
}

/**
 * The handshake of another tool's entry (Chrome's HAR has the real headers): only when its request
 * headers are a WebSocket handshake's (a `Sec-WebSocket-Key`), not our own export without one.
 */
function harHandshake(request: Record<string, unknown>, response: Record<string, unknown>, createdAt: number, timings: unknown): HandshakeInfo | undefined {
  if (headerValue(request.headers, 'sec-websocket-key') === null || typeof request.url !== 'string') return undefined;
  const status = isFiniteNumber(response.status) ? response.status : 0;
  const version = typeof response.httpVersion === 'string' && response.httpVersion !== '' ? response.httpVersion : 'HTTP/1.1';
  const text = typeof response.statusText === 'string' ? response.statusText : '';
  return {
    source: 'webRequest',
    requestId: '',
    url: request.url,
    requestTime: createdAt,
    requestHeaders: readHeaderList(request.headers),
    responseTime: status !== 0 ? createdAt + handshakeMs(timings) : null,
    statusLine: status !== 0 ? `${version} ${status}${text ? ` ${text}` : ''}` : '',
    status,
    responseHeaders: readHeaderList(response.headers),
    error: '',
  };
}

/** 1 when an entry's message times are in milliseconds (Playwright writes them so), else 1000 (Chrome: seconds). */
function messageTimeScale(messages: unknown[]): number {
  for (const m of messages) if (isObject(m) && isFiniteNumber(m.time) && m.time > MS_THRESHOLD) return 1;
  return 1000;
}

/** How long the handshake took by the entry's timings: everything before the response. */
function handshakeMs(timings: unknown): number {
  if (!isObject(timings)) return 0;
  let ms = 0;
  // ssl is part of connect in HAR 1.2.
  for (const k of ['blocked', 'dns', 'connect', 'send', 'wait']) {
    const v = timings[k];
    if (isFiniteNumber(v) && v > 0) ms += v;
  }
  return ms;
}

function headerValue(headers: unknown, lowerName: string): string | null {
  if (!Array.isArray(headers)) return null;
  for (const h of headers) {
    if (isObject(h) && typeof h.name === 'string' && h.name.toLowerCase() === lowerName && typeof h.value === 'string') return h.value;
  }
  return null;
}

function splitList(value: string | null): string[] {
  return value === null
    ? []
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

/** Chrome's `_initiator` ({type, url?, lineNumber?, stack?: {callFrames, parent?}}) as a V8-style stack text. */
function chromeInitiator(value: unknown): string {
  if (!isObject(value)) return '';
  const lines: string[] = [];
  for (let stack = value.stack; isObject(stack); stack = stack.parent) {
    if (!Array.isArray(stack.callFrames)) continue;
    for (const f of stack.callFrames) {
      if (!isObject(f) || typeof f.url !== 'string') continue;
      const fn = typeof f.functionName === 'string' && f.functionName !== '' ? f.functionName : '<anonymous>';
      const line = isFiniteNumber(f.lineNumber) ? f.lineNumber + 1 : 0;
      const col = isFiniteNumber(f.columnNumber) ? f.columnNumber + 1 : 0;
      lines.push(`    at ${fn} (${f.url}:${line}:${col})`);
    }
  }
  if (lines.length === 0 && typeof value.url === 'string') {
    lines.push(`    at ${value.url}${isFiniteNumber(value.lineNumber) ? `:${value.lineNumber + 1}` : ''}`);
  }
  return lines.join('\n');
}

