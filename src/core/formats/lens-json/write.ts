/**
 * Export of a capture as WebSocket Lens's own log format: one JSON document, or NDJSON (one record
 * a line) for logs too large to build as one string. Pure: the panel passes its connections and
 * frame rows, and writes the result to a file. `./read.ts` reads both back.
 *
 * ## WebSocket Lens log format, version 1
 *
 * JSON (`.json`): one object.
 *
 * ```jsonc
 * {
 *   "format": "websocket-lens",          // always this string
 *   "version": 1,                         // readers refuse versions newer than theirs
 *   "exportedAt": "2026-11-22T00:15:03.120Z",
 *   "page": { "url": "https://example.com/app" },
 *   "userAgent": "Mozilla/5.0 …",
 *   "extension": { "version": "0.1.0" },  // the WebSocket Lens that wrote the file
 *   "scope": "all",                       // optional: "all" | "connection" | "filtered"
 *   "counts": { "connections": 2, "frames": 1234 },
 *   "connections": [ Connection, … ],     // in the order the panel lists them (creation order)
 *   "frames": [ Frame, … ]                // in capture order, all connections interleaved
 * }
 * ```
 *
 * All times are epoch milliseconds with sub-millisecond precision (`1763770503123.456`).
 *
 * Connection:
 *
 * | field | type | meaning |
 * | --- | --- | --- |
 * | `id` | number | 1, 2, …; frames refer to it |
 * | `url` | string | the WebSocket URL |
 * | `protocols` | string[] | subprotocols the page asked for |
 * | `protocol` | string | subprotocol the server chose (`""` if none) |
 * | `extensions` | string | extensions the server chose (`""` if none) |
 * | `frameUrl` | string | URL of the document (frame) that opened the socket |
 * | `initiator` | string | stack of the script that called `new WebSocket` (`""` when unknown) |
 * | `state` | string | `connecting`, `open`, `closing` or `closed`, at export time |
 * | `createdAt` | number | `new WebSocket` was called |
 * | `openedAt` | number \| null | the `open` event (null: never opened) |
 * | `closedAt` | number \| null | the `close` event (null: not closed) |
 * | `closing` | object \| null | the page called `close()`: `{ code: number \| null, reason, time }`, with `byPanel: true` when the panel closed it |
 * | `close` | object \| null | the `close` event: `{ code, reason, wasClean, time }` |
 * | `closedBy` | string \| null | `page`, `devtools` (the panel closed it), `server`, `network`, `unload` or null |
 * | `errors` | number[] | times of `error` events |
 * | `handshake` | object (optional) | the HTTP handshake as the browser saw it: `{ source, requestId, url, requestTime, requestHeaders: [{name, value}], responseTime, statusLine, status, responseHeaders, error }` (`HandshakeInfo`) |
 * | `sent`, `received` | object | `{ frames, bytes }` the panel counted (all frames, even those not exported) |
 *
 * Frame:
 *
 * | field | type | meaning |
 * | --- | --- | --- |
 * | `connection` | number | the connection's `id` |
 * | `seq` | number | per-connection sequence number (the socket's events in page order) |
 * | `time` | number | when the page sent it / received it |
 * | `dir` | string | `sent` or `received` |
 * | `opcode` | string | `text` or `binary` |
 * | `size` | number | full payload length in bytes (UTF-8 length for text) |
 * | `truncated` | boolean | only the first part of the payload was kept (`data` is shorter than `size`) |
 * | `binaryType` | string | binary only: the JS type the page used (`arraybuffer`, `blob`, `typedarray`, `dataview`) |
 * | `marks` | string[] | optional: what the tool did to it, e.g. `simulated`, `replayed`, `blocked`, `rewritten` |
 * | `data` | string | text frames: the text; binary frames: the bytes in standard Base64 (RFC 4648 §4) |
 *
 * NDJSON (`.ndjson`): the same objects, one per line, each with a `kind`: first a header line
 * (`{"kind":"header", "format", "version", "exportedAt", "page", "userAgent", "extension", "scope"?,
 * "counts"}`), then one `{"kind":"connection", …}` line per connection, then one
 * `{"kind":"frame", …}` line per frame. The header's `counts` let a reader tell a cut-off file
 * from a complete one.
 */
import type { BinaryKind, HandshakeInfo } from '../../protocol';
import type { ClosedBy, Connection, ConnectionState, FrameRow, TrafficCount } from '../../rows';
import { bytesToBase64 } from '../../codec';
import { logClosing, type ExportInput, type ExportScope, type LogClosing, type WithMarks } from '../export';

export const LOG_FORMAT = 'websocket-lens';
export const LOG_VERSION = 1;

export interface LogConnection {
  id: number;
  url: string;
  protocols: string[];
  protocol: string;
  extensions: string;
  frameUrl: string;
  initiator: string;
  state: ConnectionState;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  closing: LogClosing | null;
  close: { code: number; reason: string; wasClean: boolean; time: number } | null;
  closedBy: ClosedBy;
  errors: number[];
  handshake?: HandshakeInfo;
  sent: TrafficCount;
  received: TrafficCount;
}

export interface LogFrame {
  connection: number;
  seq: number;
  time: number;
  dir: 'sent' | 'received';
  opcode: 'text' | 'binary';
  size: number;
  truncated: boolean;
  binaryType?: BinaryKind;
  marks?: string[];
  data: string;
}

export interface LogHeader {
  format: typeof LOG_FORMAT;
  version: typeof LOG_VERSION;
  exportedAt: string;
  page: { url: string };
  userAgent: string;
  extension: { version: string };
  scope?: ExportScope;
  counts: { connections: number; frames: number };
}

export interface LensLog extends LogHeader {
  connections: LogConnection[];
  frames: LogFrame[];
}

export type NdjsonRecord = ({ kind: 'header' } & LogHeader) | ({ kind: 'connection' } & LogConnection) | ({ kind: 'frame' } & LogFrame);

// ───────────────────────────── building blocks ─────────────────────────────

/** Connection key → its id in the log (1, 2, … in the given order). */
function connectionIds(connections: readonly Connection[]): Map<string, number> {
  const ids = new Map<string, number>();
  for (const c of connections) if (!ids.has(c.key)) ids.set(c.key, ids.size + 1);
  return ids;
}

function toLogConnection(c: Connection, id: number): LogConnection {
  return {
    id,
    url: c.url,
    protocols: [...c.protocols],
    protocol: c.protocol,
    extensions: c.extensions,
    frameUrl: c.frameUrl,
    initiator: c.initiator,
    state: c.state,
    createdAt: c.createdAt,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    closing: logClosing(c.closing),
    close: c.close === null ? null : { ...c.close },
    closedBy: c.closedBy,
    errors: [...c.errors],
    ...(c.handshake !== undefined ? { handshake: c.handshake } : {}),
    sent: { ...c.sent },
    received: { ...c.received },
  };
}

function toLogFrame(row: FrameRow, connectionId: number): LogFrame {
  const rec = row.rec;
  // Built in key order with `data`, the long value, last; the cast covers the moment before it is set.
  const frame = {
    connection: connectionId,
    seq: rec.seq,
    time: rec.time,
    dir: rec.dir,
    opcode: rec.opcode,
    size: rec.size,
    truncated: rec.truncated,
  } as LogFrame;
  if (rec.opcode === 'binary') frame.binaryType = rec.binKind;
  // The capture's own mark (replayed, composed, simulated) and any others a record carries.
  const marks = (rec as WithMarks).marks?.filter((m) => m !== rec.mark) ?? [];
  if (rec.mark !== undefined) marks.unshift(rec.mark);
  if (marks.length > 0) frame.marks = marks;
  frame.data = rec.opcode === 'text' ? rec.data : bytesToBase64(rec.data);
  return frame;
}

/** The frames to export, each with its connection id (frames of unlisted connections are left out). */
function* exportedFrames(input: ExportInput, ids: Map<string, number>): Generator<LogFrame> {
  for (const row of input.frames) {
    const id = ids.get(row.connKey);
    if (id !== undefined) yield toLogFrame(row, id);
  }
}

function countExportedFrames(input: ExportInput, ids: Map<string, number>): number {
  let n = 0;
  for (const row of input.frames) if (ids.has(row.connKey)) n++;
  return n;
}

function logHeader(input: ExportInput, ids: Map<string, number>): LogHeader {
  const header: LogHeader = {
    format: LOG_FORMAT,
    version: LOG_VERSION,
    exportedAt: input.exportedAt.toISOString(),
    page: { url: input.pageUrl },
    userAgent: input.userAgent,
    extension: { version: input.extensionVersion },
    counts: { connections: ids.size, frames: countExportedFrames(input, ids) },
  };
  if (input.scope !== undefined) header.scope = input.scope;
  return header;
}

function uniqueConnections(connections: readonly Connection[], ids: Map<string, number>): LogConnection[] {
  const out: LogConnection[] = [];
  for (const c of connections) if (ids.get(c.key) === out.length + 1) out.push(toLogConnection(c, out.length + 1));
  return out;
}

// ───────────────────────────── exporters ─────────────────────────────

/** The whole capture as one JSON-ready object (see the format at the top of this file). */
export function toLogJson(input: ExportInput): LensLog {
  const ids = connectionIds(input.connections);
  return {
    ...logHeader(input, ids),
    connections: uniqueConnections(input.connections, ids),
    frames: [...exportedFrames(input, ids)],
  };
}

/**
 * The log as text: header fields indented, one connection or frame per line (readable, diffable,
 * and far smaller than fully indented JSON).
 */
export function serializeLogJson(log: LensLog): string {
  const { connections, frames, ...header } = log;
  const head = JSON.stringify(header, null, 2);
  const list = (items: readonly unknown[]): string =>
    items.length === 0 ? '[]' : `[\n${items.map((x) => '    ' + JSON.stringify(x)).join(',\n')}\n  ]`;
  return `${head.slice(0, -2)},\n  "connections": ${list(connections)},\n  "frames": ${list(frames)}\n}\n`;
}

/**
 * The same text as `serializeLogJson(toLogJson(input))`, in pieces: the header, then one piece per
 * connection and per frame. Lazy like `toNdjson`, so that a consumer can build a large file in
 * slices and yield to the event loop between them.
 */
export function* serializeLogJsonChunks(input: ExportInput): Generator<string, void, undefined> {
  const ids = connectionIds(input.connections);
  const head = JSON.stringify(logHeader(input, ids), null, 2);
  yield `${head.slice(0, -2)},\n  "connections": `;
  yield* listChunks(uniqueConnections(input.connections, ids));
  yield ',\n  "frames": ';
  yield* listChunks(exportedFrames(input, ids));
  yield '\n}\n';
}

function* listChunks(items: Iterable<unknown>): Generator<string, void, undefined> {
  let first = true;
  for (const x of items) {
    yield `${first ? '[\n' : ',\n'}    ${JSON.stringify(x)}`;
    first = false;
  }
  yield first ? '[]' : '\n  ]';
}

/**
 * The log as NDJSON, one line at a time (each string ends with "\n"): a header line, then the
 * connection lines, then the frame lines. Lazy: nothing is built for a frame before it is asked
 * for, so a consumer can write 100,000 frames (e.g. `new Blob([...toNdjson(input)])`, or in
 * chunks) without one giant string.
 */
export function* toNdjson(input: ExportInput): Generator<string, void, undefined> {
  const ids = connectionIds(input.connections);
  yield line('header', logHeader(input, ids));
  for (const c of uniqueConnections(input.connections, ids)) yield line('connection', c);
  for (const f of exportedFrames(input, ids)) yield line('frame', f);
}

/** `{"kind":…, …record}` and a newline, without copying the record into a new object. */
function line<K extends NdjsonRecord['kind']>(kind: K, record: Omit<Extract<NdjsonRecord, { kind: K }>, 'kind'>): string {
  const json = JSON.stringify(record); // never "{}": every record has fields
  return `{"kind":"${kind}",${json.slice(1)}\n`;
}
