/**
 * Import of a saved log as a read-only session: WebSocket Lens JSON and NDJSON (`log-json.ts`),
 * HAR files with Chrome's `_webSocketMessages` (Chrome's "Save all as HAR with content", our own
 * HAR export, and other tools that write the same fields).
 *
 * The result is what a relay would have sent for one document: a `DocInfo` and a `RecordsMessage`
 * whose records (connection, open, frame, error, closing, close) have ascending `rseq`. The panel
 * loads it into a fresh `SessionStore`:
 *
 *     const r = importLog(text, file.name);
 *     if (r.ok) { store.applyAnnounce(r.session.doc, 0); store.applyRecords(r.session.records); }
 *
 * (`applyAnnounce` asks for a pull; an imported session has nothing to pull from, so ignore it.)
 *
 * Bad input is refused as a whole with a message that says what and where; nothing is half
 * imported. Things that can be read around (a HAR's ping/pong messages, unknown NDJSON lines) are
 * skipped and listed in `warnings`.
 */
import {
  DEFAULT_BOUNDS,
  type BinaryKind,
  type Direction,
  type DocInfo,
  type HistoryBounds,
  type RecordsMessage,
  type WireRecord,
} from './protocol';
import { base64ToBytes, CodecError, utf8Length } from './codec';
import { formatBytes, formatCount } from './format';
import { LOG_FORMAT, LOG_VERSION, type WithMarks } from './log-json';
import type { FrameMark } from './protocol';

// ───────────────────────────── size limit ─────────────────────────────

/**
 * The largest file the panel imports. The whole log is read into the panel's memory (the text,
 * then every frame's payload), so a larger file could exhaust the DevTools window; NDJSON exports
 * of bigger captures can be split with any line-based tool.
 */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** For the UI to call with `file.size` before reading the file: an error message, or null when it may be read. */
export function checkImportSize(bytes: number): string | null {
  if (bytes <= MAX_IMPORT_BYTES) return null;
  return `This file is ${formatBytes(bytes)}; WebSocket Lens imports files up to ${formatBytes(MAX_IMPORT_BYTES)}, because the whole log must fit in the panel's memory.`;
}

// ───────────────────────────── result ─────────────────────────────

export type ImportFormat = 'json' | 'ndjson' | 'har';

export interface ImportedSession {
  format: ImportFormat;
  fileName: string | null;
  /** The page the log was captured on ('' when the file does not say). */
  pageUrl: string;
  /** ISO time of the export, when the file says. */
  exportedAt: string | null;
  userAgent: string | null;
  /** The program that wrote the file, e.g. "WebSocket Lens 0.1.0" or "WebInspector 537.36". */
  creator: string | null;
  /** One synthetic top document per imported file. */
  doc: DocInfo;
  /** Every record of that document, rseq 1…n, in the order to apply them. */
  records: RecordsMessage;
  counts: { connections: number; frames: number };
}

export type ImportResult = { ok: true; session: ImportedSession; warnings: string[] } | { ok: false; error: string };

/** Reads a saved log (any supported format, told apart by content). Never throws. */
export function importLog(text: string, fileName?: string): ImportResult {
  const warnings: string[] = [];
  try {
    const draft = readAny(text, fileName ?? null, warnings);
    return { ok: true, session: buildSession(draft, fileName ?? null), warnings };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: e.message };
    return { ok: false, error: `Could not read this file: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** A problem with the input; its message is shown to the user as it is. */
class ImportError extends Error {}

function fail(message: string): never {
  throw new ImportError(message);
}

// ───────────────────────────── the neutral model every reader produces ─────────────────────────────

interface DraftConnection {
  url: string;
  protocols: string[];
  frameUrl: string;
  initiator: string;
  createdAt: number;
  openedAt: number | null;
  protocol: string;
  extensions: string;
  errors: number[];
  closing: { code: number | null; reason: string; time: number; byPanel?: true } | null;
  close: { code: number; reason: string; wasClean: boolean; time: number } | null;
}

interface DraftFrameBase {
  /** Index into Draft.connections. */
  connIndex: number;
  /** Per-connection sequence number from the file; null to number them on import. */
  seq: number | null;
  time: number;
  dir: Direction;
  size: number;
  truncated: boolean;
  marks?: string[];
}
type DraftFrame =
  | (DraftFrameBase & { opcode: 'text'; data: string })
  /** `data` is Base64 that is known to decode. */
  | (DraftFrameBase & { opcode: 'binary'; data: string; binKind: BinaryKind });

interface Draft {
  format: ImportFormat;
  pageUrl: string;
  exportedAt: string | null;
  userAgent: string | null;
  creator: string | null;
  connections: DraftConnection[];
  /** In the order they are to be shown. */
  frames: DraftFrame[];
}

// ───────────────────────────── format detection ─────────────────────────────

function readAny(text: string, fileName: string | null, warnings: string[]): Draft {
  const tooBig = checkImportSize(text.length); // UTF-8 is never shorter than its UTF-16 length
  if (tooBig !== null) fail(tooBig);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = skipWhitespace(body, 0, body.length);
  if (start === body.length) fail('The file is empty.');
  if (body[start] !== '{') {
    fail(`This is not a WebSocket Lens log or a HAR file: it should start with "{", not ${describeChar(body, start)}.`);
  }
  const firstLine = firstLineObject(body);
  if (firstLine?.kind === 'header') return readNdjson(body, warnings);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    // Not one JSON document: if it looks like one record a line, report it as NDJSON.
    if (firstLine !== null || /\.(ndjson|jsonl)$/i.test(fileName ?? '')) return readNdjson(body, warnings);
    fail(describeJsonFailure(body, e));
  }
  if (!isObject(parsed)) fail('This JSON file is neither a WebSocket Lens log nor a HAR file.');
  if (parsed.format === LOG_FORMAT) return readLensJson(parsed, warnings);
  if (parsed.kind === 'header') return readNdjson(body, warnings);
  if ('log' in parsed) return readHar(parsed, warnings);
  if (typeof parsed.format === 'string') fail(`This file's format ("${clip(parsed.format)}") is not one WebSocket Lens reads.`);
  return fail('This JSON file is neither a WebSocket Lens log nor a HAR file.');
}

/** The first line as a JSON object, when the text has more than one line and the first is one. */
function firstLineObject(body: string): Record<string, unknown> | null {
  const nl = body.indexOf('\n');
  if (nl === -1 || nl > 1_000_000) return null; // a one-line file is parsed as a whole anyway
  try {
    const first: unknown = JSON.parse(body.slice(0, nl));
    return isObject(first) ? first : null;
  } catch {
    return null;
  }
}

// ───────────────────────────── WebSocket Lens JSON ─────────────────────────────

function checkVersion(version: unknown, where: string): void {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail(`${where} has no valid format version (found ${describeValue(version)}).`);
  }
  if (version > LOG_VERSION) {
    fail(
      `This log was made by a newer WebSocket Lens (version ${version}); this one reads version ${LOG_VERSION}. Update the extension to open it.`,
    );
  }
}

function readLensJson(o: Record<string, unknown>, warnings: string[]): Draft {
  checkVersion(o.version, 'This WebSocket Lens log');
  if (!Array.isArray(o.connections)) fail('This WebSocket Lens log has no "connections" list.');
  if (!Array.isArray(o.frames)) fail('This WebSocket Lens log has no "frames" list.');
  const draft = lensDraft(o, 'json');
  const connIndexById = new Map<number, number>();
  o.connections.forEach((c, i) => addLogConnection(draft, connIndexById, c, `Connection ${i + 1}`));
  o.frames.forEach((f, i) => draft.frames.push(readLogFrame(f, `Frame ${i + 1}`, connIndexById)));
  const counts = isObject(o.counts) ? o.counts : null;
  if (counts !== null && (counts.frames !== draft.frames.length || counts.connections !== draft.connections.length)) {
    warnings.push(
      `The log says it holds ${describeValue(counts.connections)} connections and ${describeValue(counts.frames)} frames, but it has ${draft.connections.length} and ${draft.frames.length}; it may have been edited.`,
    );
  }
  return draft;
}

function lensDraft(header: Record<string, unknown>, format: 'json' | 'ndjson'): Draft {
  const ext = isObject(header.extension) ? header.extension : {};
  return {
    format,
    pageUrl: isObject(header.page) && typeof header.page.url === 'string' ? header.page.url : '',
    exportedAt: typeof header.exportedAt === 'string' ? header.exportedAt : null,
    userAgent: typeof header.userAgent === 'string' ? header.userAgent : null,
    creator: typeof ext.version === 'string' ? `WebSocket Lens ${ext.version}` : 'WebSocket Lens',
    connections: [],
    frames: [],
  };
}

function addLogConnection(draft: Draft, connIndexById: Map<number, number>, value: unknown, where: string): void {
  const o = asObject(value, where);
  const id = num(o, 'id', where);
  if (connIndexById.has(id)) fail(`${where}: its id ${id} is used by another connection.`);
  connIndexById.set(id, draft.connections.length);
  draft.connections.push({
    url: str(o, 'url', where),
    protocols: strArray(o, 'protocols', where, []),
    frameUrl: str(o, 'frameUrl', where, ''),
    initiator: str(o, 'initiator', where, ''),
    createdAt: num(o, 'createdAt', where),
    openedAt: numOrNull(o, 'openedAt', where),
    protocol: str(o, 'protocol', where, ''),
    extensions: str(o, 'extensions', where, ''),
    errors: numArray(o, 'errors', where, []),
    closing: readClosing(o.closing, `${where}, "closing"`),
    close: readClose(o.close, `${where}, "close"`),
  });
}

function readClosing(value: unknown, where: string): DraftConnection['closing'] {
  if (value === undefined || value === null) return null;
  const o = asObject(value, where);
  const closing: NonNullable<DraftConnection['closing']> = {
    code: numOrNull(o, 'code', where),
    reason: str(o, 'reason', where, ''),
    time: num(o, 'time', where),
  };
  if (o.byPanel === true) closing.byPanel = true;
  return closing;
}

function readClose(value: unknown, where: string): DraftConnection['close'] {
  if (value === undefined || value === null) return null;
  const o = asObject(value, where);
  return {
    code: num(o, 'code', where),
    reason: str(o, 'reason', where, ''),
    wasClean: bool(o, 'wasClean', where),
    time: num(o, 'time', where),
  };
}

const BINARY_KINDS: readonly BinaryKind[] = ['arraybuffer', 'blob', 'typedarray', 'dataview'];

function readLogFrame(value: unknown, where: string, connIndexById: Map<number, number>): DraftFrame {
  const o = asObject(value, where);
  const connId = num(o, 'connection', where);
  const connIndex = connIndexById.get(connId);
  if (connIndex === undefined) fail(`${where} belongs to connection ${connId}, which is not in the file (or not before it).`);
  const dir = oneOf(o, 'dir', where, ['sent', 'received'] as const);
  const opcode = oneOf(o, 'opcode', where, ['text', 'binary'] as const);
  const data = str(o, 'data', where);
  const seq = o.seq === undefined ? null : num(o, 'seq', where);
  const time = num(o, 'time', where);
  const truncated = bool(o, 'truncated', where, false);
  let frame: DraftFrame;
  if (opcode === 'text') {
    frame = { connIndex, seq, time, dir, size: sizeField(o, where, () => utf8Length(data)), truncated, opcode, data };
  } else {
    const bytes = decodeBase64(data, `${where} (${dir} binary)`);
    const binKind = o.binaryType === undefined ? 'arraybuffer' : oneOf(o, 'binaryType', where, BINARY_KINDS);
    frame = { connIndex, seq, time, dir, size: sizeField(o, where, () => bytes.length), truncated, opcode, data, binKind };
  }
  if (o.marks !== undefined) frame.marks = strArray(o, 'marks', where, []);
  return frame;
}

function sizeField(o: Record<string, unknown>, where: string, measure: () => number): number {
  if (o.size === undefined) return measure();
  const size = num(o, 'size', where);
  if (!Number.isInteger(size) || size < 0) fail(`${where}: "size" should be a whole number of bytes (found ${size}).`);
  return size;
}

function decodeBase64(data: string, where: string): Uint8Array {
  try {
    return base64ToBytes(data);
  } catch (e) {
    if (e instanceof CodecError) fail(`${where}: its data is not valid Base64. ${e.message}`);
    throw e;
  }
}

// ───────────────────────────── WebSocket Lens NDJSON ─────────────────────────────

function readNdjson(body: string, warnings: string[]): Draft {
  let draft: Draft | null = null;
  let announced: { connections: number; frames: number } | null = null;
  const connIndexById = new Map<number, number>();
  const unknownKinds = new Map<string, number>();
  let lineNo = 0;
  for (let at = 0; at < body.length;) {
    let end = body.indexOf('\n', at);
    const lastLine = end === -1;
    if (lastLine) end = body.length;
    lineNo++;
    const lineStart = at;
    at = end + 1;
    if (skipWhitespace(body, lineStart, end) === end) continue; // blank line

    let record: unknown;
    try {
      record = JSON.parse(body.slice(lineStart, end));
    } catch {
      fail(describeNdjsonLineFailure(body, lineStart, end, lineNo, lastLine || skipWhitespace(body, at, body.length) === body.length));
    }
    const where = `Line ${lineNo}`;
    const o = asObject(record, where);
    if (draft === null) {
      if (o.kind !== 'header' || o.format !== LOG_FORMAT)
        fail(
          `${where} should be the WebSocket Lens header ({"kind":"header","format":"websocket-lens",…}); this is not a WebSocket Lens NDJSON log.`,
        );
      checkVersion(o.version, 'This WebSocket Lens log');
      draft = lensDraft(o, 'ndjson');
      if (isObject(o.counts) && typeof o.counts.connections === 'number' && typeof o.counts.frames === 'number') {
        announced = { connections: o.counts.connections, frames: o.counts.frames };
      }
      continue;
    }
    switch (o.kind) {
      case 'connection':
        addLogConnection(draft, connIndexById, o, `${where} (connection)`);
        break;
      case 'frame':
        draft.frames.push(readLogFrame(o, `${where} (frame)`, connIndexById));
        break;
      case 'header':
        fail(`${where} is a second header; a log has one, on its first line.`);
        break;
      default: {
        const kind = typeof o.kind === 'string' ? o.kind : describeValue(o.kind);
        unknownKinds.set(kind, (unknownKinds.get(kind) ?? 0) + 1);
      }
    }
  }
  if (draft === null) fail('The file is empty.');
  for (const [kind, n] of unknownKinds) warnings.push(`Skipped ${plural(n, 'line')} of an unknown kind (${clip(kind)}).`);
  if (announced !== null) {
    const got = { connections: draft.connections.length, frames: draft.frames.length };
    if (got.connections < announced.connections || got.frames < announced.frames) {
      fail(
        `The file ends early — was it cut off? Its header announces ${plural(announced.connections, 'connection')} and ${plural(announced.frames, 'frame')}, but it holds ${got.connections} and ${got.frames}.`,
      );
    }
    if (got.connections > announced.connections || got.frames > announced.frames) {
      warnings.push(
        `The file holds more than its header announces (${got.connections} connections and ${got.frames} frames); it may have been edited.`,
      );
    }
  }
  return draft;
}

// ───────────────────────────── HAR ─────────────────────────────

/** A message time above this is in milliseconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const MS_THRESHOLD = 1e11;

function readHar(o: Record<string, unknown>, warnings: string[]): Draft {
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

// ───────────────────────────── draft → records ─────────────────────────────

let importCounter = 0;

const NO_DROPS = { frames: 0, bytes: 0, truncated: 0 };

function buildSession(draft: Draft, fileName: string | null): ImportedSession {
  const items = buildRecords(draft);
  const docId = `imported-${++importCounter}`;
  let timeOrigin = Infinity;
  for (const r of items) timeOrigin = Math.min(timeOrigin, r.time);
  return {
    format: draft.format,
    fileName,
    pageUrl: draft.pageUrl,
    exportedAt: draft.exportedAt,
    userAgent: draft.userAgent,
    creator: draft.creator,
    doc: {
      docId,
      url: draft.pageUrl,
      top: true,
      timeOrigin: Number.isFinite(timeOrigin) ? timeOrigin : 0,
      bounds: boundsToHold(draft.frames),
    },
    records: { type: 'records', docId, after: 0, upTo: items.length, items, dropped: { ...NO_DROPS } },
    counts: { connections: draft.connections.length, frames: draft.frames.length },
  };
}

/**
 * History bounds that hold every imported frame: the store applies its top document's bounds, and
 * an imported log must not lose its oldest frames to them.
 */
function boundsToHold(frames: readonly DraftFrame[]): HistoryBounds {
  let bytes = 0;
  let largest = 0;
  for (const f of frames) {
    // What the store counts (its keptBytes); for Base64 an upper bound of the decoded length.
    const kept = f.opcode === 'binary' ? Math.ceil((f.data.length * 3) / 4) : f.truncated ? utf8Length(f.data) : f.size;
    bytes += kept;
    largest = Math.max(largest, kept);
  }
  return {
    maxFrames: Math.max(DEFAULT_BOUNDS.maxFrames, frames.length),
    maxBytes: Math.max(DEFAULT_BOUNDS.maxBytes, bytes),
    maxFrameBytes: Math.max(DEFAULT_BOUNDS.maxFrameBytes, largest),
  };
}

/** A connection's lifecycle record before its rseq, conn and seq are known. */
type LifecycleBody =
  | { type: 'connection'; url: string; protocols: string[]; frameUrl: string; initiator: string }
  | { type: 'open'; protocol: string; extensions: string }
  | { type: 'error' }
  | { type: 'closing'; code: number | null; reason: string; byPanel?: true }
  | { type: 'close'; code: number; reason: string; wasClean: boolean };

interface LifecycleEvent {
  connIndex: number;
  time: number;
  /** Order among a connection's events at the same time; ranks ≤ 1 also go before frames at that time. */
  rank: number;
  body: LifecycleBody;
}

function lifecycleEvents(c: DraftConnection, connIndex: number): LifecycleEvent[] {
  const ev = (time: number, rank: number, body: LifecycleBody): LifecycleEvent => ({ connIndex, time, rank, body });
  const out = [
    ev(c.createdAt, 0, { type: 'connection', url: c.url, protocols: c.protocols, frameUrl: c.frameUrl, initiator: c.initiator }),
  ];
  if (c.openedAt !== null) out.push(ev(c.openedAt, 1, { type: 'open', protocol: c.protocol, extensions: c.extensions }));
  for (const t of c.errors) out.push(ev(t, 2, { type: 'error' }));
  if (c.closing !== null) {
    const body: LifecycleBody = { type: 'closing', code: c.closing.code, reason: c.closing.reason };
    if (c.closing.byPanel) body.byPanel = true;
    out.push(ev(c.closing.time, 3, body));
  }
  if (c.close !== null)
    out.push(ev(c.close.time, 4, { type: 'close', code: c.close.code, reason: c.close.reason, wasClean: c.close.wasClean }));
  return out;
}

/**
 * Interleaves the connections' lifecycle records with the frames by time, keeping the frames in
 * their given order. A connection's `connection` record always comes before anything else of it
 * (the store ignores records of a connection it has not seen), even when the file's times disagree.
 */
function buildRecords(draft: Draft): WireRecord[] {
  const n = draft.connections.length;
  const perConn = draft.connections.map(lifecycleEvents);
  const events = perConn.flat().sort((a, b) => a.time - b.time || a.rank - b.rank);
  const announced = new Array<boolean>(n).fill(false);
  const lastSeq = new Array<number>(n).fill(-1);
  const out: WireRecord[] = [];

  const push = (connIndex: number, seq: number, time: number, body: LifecycleBody): void => {
    lastSeq[connIndex] = Math.max(lastSeq[connIndex]!, seq);
    out.push({ ...body, rseq: out.length + 1, conn: connIndex + 1, seq, time });
  };
  const announce = (connIndex: number): void => {
    if (announced[connIndex]) return;
    announced[connIndex] = true;
    const ev = perConn[connIndex]![0]!;
    push(connIndex, 0, ev.time, ev.body);
  };
  const emitEvent = (ev: LifecycleEvent): void => {
    if (ev.body.type === 'connection') return announce(ev.connIndex);
    announce(ev.connIndex);
    push(ev.connIndex, lastSeq[ev.connIndex]! + 1, ev.time, ev.body);
  };
  const emitFrame = (f: DraftFrame): void => {
    const c = f.connIndex;
    announce(c);
    const seq = f.seq ?? lastSeq[c]! + 1;
    lastSeq[c] = Math.max(lastSeq[c]!, seq);
    const rseq = out.length + 1;
    const rec: WireRecord =
      f.opcode === 'text'
        ? {
            type: 'frame',
            rseq,
            conn: c + 1,
            seq,
            time: f.time,
            dir: f.dir,
            opcode: 'text',
            data: f.data,
            size: f.size,
            truncated: f.truncated,
          }
        : {
            type: 'frame',
            rseq,
            conn: c + 1,
            seq,
            time: f.time,
            dir: f.dir,
            opcode: 'binary',
            data: f.data,
            binKind: f.binKind,
            size: f.size,
            truncated: f.truncated,
          };
    if (f.marks !== undefined) {
      // The capture's own mark goes back where the capture keeps it; other marks stay a list.
      const mark = f.marks.find((m): m is FrameMark => m === 'replayed' || m === 'composed' || m === 'simulated');
      if (mark !== undefined) rec.mark = mark;
      if (f.marks.some((m) => m !== mark)) (rec as WithMarks).marks = f.marks.filter((m) => m !== mark);
    }
    out.push(rec);
  };

  let j = 0;
  for (const f of draft.frames) {
    while (j < events.length && (events[j]!.time < f.time || (events[j]!.time === f.time && events[j]!.rank <= 1))) emitEvent(events[j++]!);
    emitFrame(f);
  }
  while (j < events.length) emitEvent(events[j++]!);
  return out;
}

// ───────────────────────────── JSON syntax errors ─────────────────────────────

interface JsonSyntaxProblem {
  /** Index in the text where the problem is. */
  offset: number;
  /** What should have been there. */
  expected: string;
  /** The text stopped while a value was still open. */
  endedEarly: boolean;
}

/**
 * Where `s[start, end)` stops being JSON (RFC 8259), and what was expected there; null when it is
 * valid. Engines word and place JSON.parse errors differently, so this finds the place itself.
 */
function findJsonSyntaxError(s: string, start: number, end: number): JsonSyntaxProblem | null {
  let i = start;
  const OBJECT = 1;
  const ARRAY = 2;
  const stack: number[] = [];
  const problem = (expected: string): JsonSyntaxProblem => ({ offset: i, expected, endedEarly: i >= end });
  const ws = (): void => {
    i = skipWhitespace(s, i, end);
  };
  const isDigit = (k: number): boolean => k < end && s.charCodeAt(k) >= 0x30 && s.charCodeAt(k) <= 0x39;

  const scanString = (): JsonSyntaxProblem | null => {
    i++; // the opening quote
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c) {
        i++;
        if (i >= end) return problem('an escape sequence');
        if (s[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= end || !/[0-9a-fA-F]/.test(s[i + k]!)) {
              i += k;
              return problem('4 hex digits after "\\u"');
            }
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(s[i]!)) i++;
        else return problem('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)');
        continue;
      }
      if (c < 0x20) return problem('the string to go on (line breaks and control characters in strings must be escaped)');
      i++;
    }
    return problem('the closing quote of a string');
  };

  const scanNumber = (): JsonSyntaxProblem | null => {
    if (s[i] === '-') i++;
    if (!isDigit(i)) return problem('a digit');
    if (s[i] === '0') i++;
    else while (isDigit(i)) i++;
    if (i < end && s[i] === '.') {
      i++;
      if (!isDigit(i)) return problem('a digit after "."');
      while (isDigit(i)) i++;
    }
    if (i < end && (s[i] === 'e' || s[i] === 'E')) {
      i++;
      if (i < end && (s[i] === '+' || s[i] === '-')) i++;
      if (!isDigit(i)) return problem('a digit in the exponent');
      while (isDigit(i)) i++;
    }
    return null;
  };

  const scanLiteral = (word: string): JsonSyntaxProblem | null => {
    if (s.startsWith(word, i) && i + word.length <= end) {
      i += word.length;
      return null;
    }
    const rest = s.slice(i, end);
    if (rest.length < word.length && word.startsWith(rest)) {
      i = end;
      return problem(`"${word}"`);
    }
    return problem('a value');
  };

  const scanKey = (): JsonSyntaxProblem | null => {
    ws();
    if (i >= end || s[i] !== '"') return problem('a property name in double quotes');
    const p = scanString();
    if (p !== null) return p;
    ws();
    if (i >= end || s[i] !== ':') return problem('":" after the property name');
    i++;
    return null;
  };

  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      if (i >= end) return problem('a value');
      const c = s[i]!;
      let p: JsonSyntaxProblem | null = null;
      if (c === '{') {
        i++;
        ws();
        if (i < end && s[i] === '}') {
          i++;
          expectValue = false;
        } else {
          stack.push(OBJECT);
          p = scanKey();
        }
      } else if (c === '[') {
        i++;
        ws();
        if (i < end && s[i] === ']') {
          i++;
          expectValue = false;
        } else stack.push(ARRAY);
      } else {
        if (c === '"') p = scanString();
        else if (c === '-' || (c >= '0' && c <= '9')) p = scanNumber();
        else if (c === 't') p = scanLiteral('true');
        else if (c === 'f') p = scanLiteral('false');
        else if (c === 'n') p = scanLiteral('null');
        else p = problem('a value');
        expectValue = false;
      }
      if (p !== null) return p;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < end ? problem('the end of the data') : null;
    const close = top === OBJECT ? '}' : ']';
    if (i >= end) return problem(`"," or "${close}"`);
    if (s[i] === ',') {
      i++;
      if (top === OBJECT) {
        const p = scanKey();
        if (p !== null) return p;
      }
      expectValue = true;
    } else if (s[i] === close) {
      i++;
      stack.pop();
    } else return problem(`"," or "${close}"`);
  }
}

interface LocatedJsonProblem extends JsonSyntaxProblem {
  line: number;
  column: number;
  /** What is at the offset: a quoted character, or "the end". */
  found: string;
}

function locateJsonProblem(s: string, start: number, end: number): LocatedJsonProblem | null {
  const p = findJsonSyntaxError(s, start, end);
  if (p === null) return null;
  return { ...p, ...lineColumn(s, start, p.offset), found: p.endedEarly ? 'the end' : describeChar(s, p.offset) };
}

/** Why a whole file failed to parse: where (line and column) and what was expected; "ends early" for a cut-off file. */
function describeJsonFailure(s: string, parseError: unknown): string {
  const p = locateJsonProblem(s, 0, s.length);
  if (p === null) return `This file is not valid JSON${parseError instanceof Error ? ` (${parseError.message})` : ''}.`;
  if (p.endedEarly) {
    return `The file ends early — was it cut off? The JSON stops at line ${p.line}, column ${p.column}, where ${p.expected} was still expected.`;
  }
  return `This file is not valid JSON: expected ${p.expected} at line ${p.line}, column ${p.column}, found ${p.found}.`;
}

/** Why one NDJSON line failed to parse. */
function describeNdjsonLineFailure(s: string, start: number, end: number, lineNo: number, isLastLine: boolean): string {
  const p = locateJsonProblem(s, start, end);
  if (p === null) return `Line ${lineNo} is not valid JSON.`;
  if (p.endedEarly && isLastLine) return `The file ends early — was it cut off? Its last line (line ${lineNo}) is incomplete.`;
  if (p.endedEarly) return `Line ${lineNo} is not valid JSON: it stops at column ${p.column}, where ${p.expected} was still expected.`;
  return `Line ${lineNo} is not valid JSON: expected ${p.expected} at column ${p.column}, found ${p.found}.`;
}

function lineColumn(s: string, start: number, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = start;
  for (let k = s.indexOf('\n', start); k !== -1 && k < offset; k = s.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

// ───────────────────────────── small helpers ─────────────────────────────

function skipWhitespace(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function describeChar(s: string, i: number): string {
  const cp = s.codePointAt(i) ?? 0;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  if (cp <= 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return hex;
  return cp === 0x22 ? `'"'` : `"${String.fromCodePoint(cp)}"`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `"${clip(v)}"`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}

function clip(s: string, max = 80): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function plural(n: number, word: string, words = word + 's'): string {
  return `${formatCount(n)} ${n === 1 ? word : words}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (!isObject(v)) fail(`${where} should be an object, not ${describeValue(v)}.`);
  return v;
}

// Field readers: the value, or the fallback when the field is absent; a clear error when it has the wrong type.

function str(o: Record<string, unknown>, key: string, where: string, fallback?: string): string {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string') fail(`${where}: "${key}" should be a string, not ${describeValue(v)}.`);
  return v;
}

function num(o: Record<string, unknown>, key: string, where: string): number {
  const v = o[key];
  if (!isFiniteNumber(v)) fail(`${where}: "${key}" should be a number, not ${describeValue(v)}.`);
  return v;
}

function numOrNull(o: Record<string, unknown>, key: string, where: string): number | null {
  return o[key] === undefined || o[key] === null ? null : num(o, key, where);
}

function bool(o: Record<string, unknown>, key: string, where: string, fallback?: boolean): boolean {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean') fail(`${where}: "${key}" should be true or false, not ${describeValue(v)}.`);
  return v;
}

function strArray(o: Record<string, unknown>, key: string, where: string, fallback: string[]): string[] {
  const v = o[key];
  if (v === undefined) return fallback;
  if (!isStringArray(v)) fail(`${where}: "${key}" should be a list of strings.`);
  return [...v];
}

function numArray(o: Record<string, unknown>, key: string, where: string, fallback: number[]): number[] {
  const v = o[key];
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || !v.every(isFiniteNumber)) fail(`${where}: "${key}" should be a list of numbers.`);
  return [...(v as number[])];
}

function oneOf<T extends string>(o: Record<string, unknown>, key: string, where: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(`${where}: "${key}" should be ${allowed.map((a) => `"${a}"`).join(' or ')}, not ${describeValue(v)}.`);
  }
  return v as T;
}
