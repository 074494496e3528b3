/**
 * What the panel's grid is made of: connections, and the rows between which they are shown
 * (frames, navigation marks, lifecycle events), with what a row says. Types and pure functions,
 * shared by the store that fills them (`./session-store.ts`), the view that filters them
 * (`./frame-view.ts`) and the log formats that write and read them.
 */
import type { BinaryKind, FrameMark, FrameRecord, HandshakeInfo, WorkerInfo } from './protocol';
import { bytesToHex } from './codec';
import { describeCloseCode } from './close-codes';
import { formatDuration } from './format';

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';
export type ClosedBy = 'page' | 'devtools' | 'server' | 'network' | 'unload' | null;

export interface TrafficCount {
  frames: number;
  bytes: number;
}

export interface Connection {
  key: string;
  /** Display number in this view: 1, 2, 3… in order of creation across all documents of the tab. */
  index: number;
  docId: string;
  /** Connection number within its document. */
  conn: number;
  frameId: number;
  url: string;
  frameUrl: string;
  protocols: string[];
  initiator: string;
  state: ConnectionState;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  protocol: string;
  extensions: string;
  sent: TrafficCount;
  received: TrafficCount;
  errors: number[];
  closing: { code: number | null; reason: string; time: number; byPanel: boolean } | null;
  close: { code: number; reason: string; wasClean: boolean; time: number } | null;
  closedBy: ClosedBy;
  /** The HTTP handshake as the browser saw it (absent: not seen, e.g. no host access was granted). */
  handshake?: HandshakeInfo;
  /** The worker the socket lives in (worker-capture mode); absent for a page's own socket. */
  worker?: WorkerInfo;
}

/** What a connection is known by when the page creates its socket. */
export type ConnectionStart = Pick<
  Connection,
  'key' | 'index' | 'docId' | 'conn' | 'frameId' | 'url' | 'frameUrl' | 'protocols' | 'initiator' | 'createdAt'
>;

/** A connection just created by the page: connecting, nothing sent or received yet. */
export function newConnection(start: ConnectionStart): Connection {
  return {
    ...start,
    state: 'connecting',
    openedAt: null,
    closedAt: null,
    protocol: '',
    extensions: '',
    sent: { frames: 0, bytes: 0 },
    received: { frames: 0, bytes: 0 },
    errors: [],
    closing: null,
    close: null,
    closedBy: null,
  };
}

export type ViewFrame = FrameRecord<Uint8Array>;

export interface FrameRow {
  kind: 'frame';
  /** Position in arrival order, stable for the life of the row. */
  id: number;
  docId: string;
  connKey: string;
  rec: ViewFrame;
}
/**
 * A frame row as the store makes it: the row and its record in one object. The record's fields
 * are copied into the row (in one fixed order; the optional ones, and an import's `marks`, only
 * when present) and `rec`
 * answers the row itself, so the panel keeps one object per frame, not the record as it came over
 * the port beside a row pointing at it. It is also its own decoding input (`DecodeInput`: `id`,
 * `dir`, `opcode`, `data`, `time`), so the decoding layer keeps no second object per frame either
 * (`src/view/decoding.ts`). `kind` and `type` are own fields, so a spread of `rec` still carries
 * the record's `type` (and, unlike the record alone, the row's `kind`, `id`, `docId`, `connKey`).
 */
export class StoredFrameRow implements FrameRow {
  declare readonly kind: 'frame';
  declare id: number;
  declare docId: string;
  declare connKey: string;
  declare readonly type: 'frame';
  declare rseq: number;
  declare conn: number;
  declare seq: number;
  declare time: number;
  declare dir: ViewFrame['dir'];
  declare opcode: ViewFrame['opcode'];
  declare data: ViewFrame['data'];
  declare size: number;
  declare truncated: boolean;
  declare binKind?: BinaryKind;
  declare mark?: FrameMark;
  declare original?: string;
  declare note?: string;
  /** An imported frame's marks beyond `mark` (`WithMarks`, src/core/formats/export.ts). */
  declare marks?: readonly string[];

  constructor(id: number, docId: string, connKey: string, rec: ViewFrame) {
    this.kind = 'frame';
    this.id = id;
    this.docId = docId;
    this.connKey = connKey;
    this.type = 'frame';
    this.rseq = rec.rseq;
    this.conn = rec.conn;
    this.seq = rec.seq;
    this.time = rec.time;
    this.dir = rec.dir;
    this.opcode = rec.opcode;
    this.data = rec.data;
    this.size = rec.size;
    this.truncated = rec.truncated;
    if (rec.opcode === 'binary') this.binKind = rec.binKind;
    else {
      if (rec.original !== undefined) this.original = rec.original;
      if (rec.note !== undefined) this.note = rec.note;
    }
    if (rec.mark !== undefined) this.mark = rec.mark;
    const marks = (rec as { marks?: readonly string[] }).marks;
    if (marks !== undefined) this.marks = marks;
  }

  /** The frame's record: the row itself (its fields are the record's; see above). */
  get rec(): ViewFrame {
    // The fields hold one record's values (copied from one ViewFrame), so the union holds.
    return this as unknown as ViewFrame;
  }
}
export interface NavigationRow {
  kind: 'navigation';
  id: number;
  url: string;
  time: number;
}
/** A connection's lifecycle event: open, close() called, close, error. */
export type LifecycleEvent = 'open' | 'closing' | 'close' | 'error';
/**
 * A lifecycle event as a row of the grid, between the frames in arrival order. Small: not counted
 * against the frame bounds, bounded on their own (MAX_EVENT_ROWS).
 */
export interface EventRow {
  kind: 'event';
  id: number;
  docId: string;
  connKey: string;
  event: LifecycleEvent;
  time: number;
  /** What the row says, and what the filter box matches. */
  text: string;
}
export type Row = FrameRow | NavigationRow | EventRow;

export const PREVIEW_CHARS = 300;

/**
 * What an event row says: "open · protocol chat · 14 ms handshake", "close() called by the page ·
 * 1000 Normal Closure", "close 1006 Abnormal Closure · closed by the network (not clean) — <the
 * code's meaning>", "error · before the connection opened". Read from the connection as it is when the
 * event is applied.
 */
const CLOSED_BY: Record<NonNullable<ClosedBy>, string> = {
  page: 'the page',
  devtools: 'DevTools',
  server: 'the server',
  network: 'the network',
  unload: 'unload',
};

export function eventText(c: Connection, event: LifecycleEvent): string {
  switch (event) {
    case 'open': {
      const parts = ['open', `protocol ${c.protocol || 'none'}`];
      if (c.extensions) parts.push(`extensions ${c.extensions}`);
      if (c.openedAt !== null) parts.push(`${formatDuration(c.openedAt - c.createdAt)} handshake`);
      return parts.join(' · ');
    }
    case 'closing': {
      const k = c.closing;
      const by = k?.byPanel ? 'DevTools' : 'the page';
      if (k === null || k.code === null) return `close() called by ${by} · no code${k?.reason ? ` "${k.reason}"` : ''}`;
      return `close() called by ${by} · ${k.code} ${describeCloseCode(k.code).name}${k.reason ? ` "${k.reason}"` : ''}`;
    }
    case 'close': {
      const k = c.close;
      if (k === null) return 'close';
      const info = describeCloseCode(k.code);
      const by = c.closedBy === null ? '' : ` · closed by ${CLOSED_BY[c.closedBy]}`;
      return `close ${k.code} ${info.name}${k.reason ? ` "${k.reason}"` : ''}${by}${k.wasClean ? '' : ' (not clean)'} — ${info.meaning}`;
    }
    case 'error':
      return c.openedAt === null ? 'error · before the connection opened' : 'error';
  }
}

/** A one-line preview of a frame's payload for the table. */
export function framePreview(rec: ViewFrame): string {
  if (rec.opcode === 'text') {
    const head = rec.data.length > PREVIEW_CHARS ? rec.data.slice(0, PREVIEW_CHARS) : rec.data;
    return head.replace(/[\r\n\t]+/g, ' ');
  }
  return bytesToHex(rec.data.subarray(0, 48), ' ') + (rec.data.length > 48 ? ' …' : '');
}
