/**
 * The panel's model of one inspected tab: documents, connections and frames, fed by the relays'
 * record messages. Pure (no browser APIs) so that it is unit-tested and shared by the panel, the
 * test client and the log viewer.
 *
 * Delivery: each document's records come with `after`/`upTo` cursors. A message that starts past
 * the document's cursor means something was lost in transit (for example the service worker was
 * stopped); the store then asks its owner to pull again from the cursor. Duplicates are ignored,
 * so pulls may overlap freely.
 */
import { DEFAULT_BOUNDS } from './protocol';
import type {
  CloseRecord,
  DocInfo,
  DropStats,
  HistoryBounds,
  FrameRecord,
  RecordsMessage,
  ViewRecord,
  WireRecord,
} from './protocol';
import { fromWireRecord } from './wire';
import { keptBytes } from './payload';
import { decodeUtf8, bytesToHex } from './codec';
import { parseFilter } from './filter';

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
export interface NavigationRow {
  kind: 'navigation';
  id: number;
  url: string;
  time: number;
}
export type Row = FrameRow | NavigationRow;

export interface DocState {
  info: DocInfo;
  frameId: number;
  cursor: number;
  dropped: DropStats;
  gone: boolean;
}

export type DirectionFilter = 'all' | 'sent' | 'received';

/** A text frame a breakpoint holds in the page, waiting for the panel to continue or drop it. */
export interface HeldFrame {
  key: string;
  connKey: string;
  pid: number;
  dir: 'sent' | 'received';
  data: string;
  time: number;
}
export type TypeFilter = 'all' | 'text' | 'binary';

export interface ViewFilter {
  text: string;
  direction: DirectionFilter;
  /** Connection key, or null for all connections. */
  connection: string | null;
  /** Case-sensitive matching of a substring `text` (a /regex/ has its own i flag). Default false. */
  matchCase?: boolean;
  /** Text or binary frames only. Default 'all'. */
  type?: TypeFilter;
  /** Size range in bytes (the frame's full size), inclusive; null or absent: no bound. */
  minSize?: number | null;
  maxSize?: number | null;
  /**
   * The decoded name (event, topic, destination, method, operation): substring or /regex/, as the
   * filter box. Needs a name resolver (setNameResolver); without one every frame's name is ''.
   */
  name?: string;
}

export interface ApplyResult {
  /** Set when a gap was found: pull this document again from this cursor. */
  pull?: { docId: string; since: number };
}

export const PREVIEW_CHARS = 300;

export class SessionStore {
  readonly docs = new Map<string, DocState>();
  readonly connections = new Map<string, Connection>();
  /** Frames held by breakpoints now, by `docId:pid`. */
  readonly heldFrames = new Map<string, HeldFrame>();
  rows: Row[] = [];
  /** Indexes into `rows` that pass the current filter, in order. */
  visible: number[] = [];
  filter: ViewFilter = { text: '', direction: 'all', connection: null };
  filterError: string | null = null;
  preserveLog = false;
  paused = false;
  /** Frames that arrived while capture was paused and were not recorded. */
  skippedWhilePaused = 0;
  /**
   * Frames this view will never show because a history bound dropped them: evicted by a page's
   * relay before the panel received them (gaps in rseq inside a contiguous slice), or evicted
   * from the panel itself, which applies the same bounds to what it holds.
   */
  readonly dropped: { frames: number; bytes: number } = { frames: 0, bytes: 0 };
  /** The bounds in force: the user's settings, as the top document's relay reports them. */
  bounds: HistoryBounds = DEFAULT_BOUNDS;
  private rowBytes = 0;
  private frameRowCount = 0;
  private connectionCount = 0;
  /** Whether the port to the background is up (false while reconnecting). */
  live = false;
  /** Incremented on every change; views compare it to know when to re-render. */
  version = 0;

  private nextRowId = 1;
  private topDocId: string | null = null;
  private test: (text: string) => boolean = () => true;
  private nameTest: ((name: string) => boolean) | null = null;
  /** Error of the name filter's /regex/ (the name filter then filters nothing out). */
  nameFilterError: string | null = null;
  private nameOf: (row: FrameRow) => string = () => '';
  private readonly searchCache = new Map<number, string>();
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  // ───────── input from the relays ─────────

  applyAnnounce(doc: DocInfo, frameId: number): ApplyResult {
    let state = this.docs.get(doc.docId);
    if (state === undefined) {
      if (doc.top && this.topDocId !== null && this.topDocId !== doc.docId) this.navigated(doc);
      state = { info: doc, frameId, cursor: 0, dropped: { frames: 0, bytes: 0, truncated: 0 }, gone: false };
      this.docs.set(doc.docId, state);
    } else {
      state.info = doc;
      state.frameId = frameId;
      state.gone = false;
    }
    if (doc.top) {
      this.topDocId = doc.docId;
      this.bounds = doc.bounds;
      this.enforceBounds();
    }
    this.changed();
    return { pull: { docId: doc.docId, since: state.cursor } };
  }

  applyRecords(msg: RecordsMessage): ApplyResult {
    const state = this.docs.get(msg.docId);
    if (state === undefined) return {}; // a document we never heard announced (or cleared away)
    if (msg.after > state.cursor) return { pull: { docId: msg.docId, since: state.cursor } };
    state.dropped = msg.dropped;
    let changed = false;
    for (const wire of msg.items) {
      if (wire.rseq <= state.cursor) continue;
      // Within a contiguous slice every retained record is present: a gap is frames the relay's
      // bound evicted before we got them (lifecycle records are never evicted).
      if (wire.rseq > state.cursor + 1) this.dropped.frames += wire.rseq - state.cursor - 1;
      this.applyRecord(state, wire);
      state.cursor = wire.rseq;
      changed = true;
    }
    if (msg.upTo > state.cursor) {
      this.dropped.frames += msg.upTo - state.cursor;
      state.cursor = msg.upTo;
    }
    if (changed) this.enforceBounds();
    if (changed || msg.items.length === 0) this.changed();
    return {};
  }

  applyGone(docId: string): void {
    const state = this.docs.get(docId);
    if (state === undefined) return;
    state.gone = true;
    this.changed();
  }

  private applyRecord(doc: DocState, wire: WireRecord): void {
    const key = `${doc.info.docId}:${wire.conn}`;
    if (wire.type === 'connection') {
      this.connections.set(key, {
        key,
        index: ++this.connectionCount,
        docId: doc.info.docId,
        conn: wire.conn,
        frameId: doc.frameId,
        url: wire.url,
        frameUrl: wire.frameUrl,
        protocols: wire.protocols,
        initiator: wire.initiator,
        state: 'connecting',
        createdAt: wire.time,
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
      });
      return;
    }
    const c = this.connections.get(key);
    if (c === undefined) return; // its connection was cleared away
    switch (wire.type) {
      case 'open':
        c.state = 'open';
        c.openedAt = wire.time;
        c.protocol = wire.protocol;
        c.extensions = wire.extensions;
        break;
      case 'frame': {
        const count = wire.dir === 'sent' ? c.sent : c.received;
        count.frames++;
        count.bytes += wire.size;
        if (this.paused) {
          this.skippedWhilePaused++;
          break;
        }
        const rec = fromWireRecord(wire) as ViewFrame;
        const row: FrameRow = { kind: 'frame', id: this.nextRowId++, docId: doc.info.docId, connKey: key, rec };
        this.rows.push(row);
        this.rowBytes += keptBytes(rec);
        this.frameRowCount++;
        if (this.passes(row)) this.visible.push(this.rows.length - 1);
        break;
      }
      case 'error':
        c.errors.push(wire.time);
        break;
      case 'closing':
        if (c.state !== 'closed') c.state = 'closing';
        c.closing = { code: wire.code, reason: wire.reason, time: wire.time, byPanel: wire.byPanel === true };
        break;
      case 'close':
        this.closeConnection(c, wire);
        break;
      case 'paused': {
        const hk = `${doc.info.docId}:${wire.pid}`;
        this.heldFrames.set(hk, { key: hk, connKey: key, pid: wire.pid, dir: wire.dir, data: wire.data, time: wire.time });
        break;
      }
      case 'resumed':
        this.heldFrames.delete(`${doc.info.docId}:${wire.pid}`);
        break;
    }
  }

  private closeConnection(c: Connection, rec: CloseRecord): void {
    c.state = 'closed';
    c.closedAt = rec.time;
    c.close = { code: rec.code, reason: rec.reason, wasClean: rec.wasClean, time: rec.time };
    c.closedBy = c.closing !== null ? (c.closing.byPanel ? 'devtools' : 'page') : rec.wasClean ? 'server' : 'network';
  }

  /** Drops the oldest frames beyond the bounds, once per message (one pass over `visible`). */
  private enforceBounds(): void {
    let cut = 0;
    while (cut < this.rows.length && (this.frameRowCount > this.bounds.maxFrames || this.rowBytes > this.bounds.maxBytes)) {
      const r = this.rows[cut++];
      if (r.kind !== 'frame') continue;
      this.frameRowCount--;
      this.rowBytes -= keptBytes(r.rec);
      this.dropped.frames++;
      this.dropped.bytes += r.rec.size;
      this.searchCache.delete(r.id);
    }
    if (cut === 0) return;
    this.rows = this.rows.slice(cut);
    const visible: number[] = [];
    for (const i of this.visible) if (i >= cut) visible.push(i - cut);
    this.visible = visible;
  }

  // ───────── navigation, clear, pause ─────────

  private navigated(newTop: DocInfo): void {
    if (this.preserveLog) {
      this.rows.push({ kind: 'navigation', id: this.nextRowId++, url: newTop.url, time: newTop.timeOrigin });
      this.refilter();
      return;
    }
    // Only one top document stays. The new page's iframes began after its top document did and
    // are still there; a page restored from the back/forward cache is older than the page it
    // replaces, whose documents are gone by then.
    const keep = new Set<string>([newTop.docId]);
    for (const [id, d] of this.docs) if (!d.info.top && !d.gone && d.info.timeOrigin >= newTop.timeOrigin) keep.add(id);
    for (const id of [...this.docs.keys()]) if (!keep.has(id)) this.docs.delete(id);
    for (const [key, c] of [...this.connections]) if (!keep.has(c.docId)) this.connections.delete(key);
    this.rows = this.rows.filter((r) => r.kind === 'frame' && keep.has(r.docId));
    this.rowBytes = 0;
    this.frameRowCount = 0;
    for (const r of this.rows)
      if (r.kind === 'frame') {
        this.rowBytes += keptBytes(r.rec);
        this.frameRowCount++;
      }
    if (this.filter.connection !== null && !this.connections.has(this.filter.connection)) this.filter = { ...this.filter, connection: null };
    this.searchCache.clear();
    this.refilter();
  }

  /** Removes every frame and every closed connection; live connections stay listed. */
  clear(): void {
    this.rows = [];
    this.visible = [];
    this.rowBytes = 0;
    this.frameRowCount = 0;
    this.searchCache.clear();
    this.skippedWhilePaused = 0;
    this.dropped.frames = 0;
    this.dropped.bytes = 0;
    for (const [key, c] of [...this.connections]) if (c.state === 'closed') this.connections.delete(key);
    if (this.filter.connection !== null && !this.connections.has(this.filter.connection)) this.filter = { ...this.filter, connection: null };
    this.changed();
  }

  setLive(live: boolean): void {
    this.live = live;
    this.changed();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.changed();
  }

  setPreserveLog(on: boolean): void {
    this.preserveLog = on;
    this.changed();
  }

  // ───────── filtering ─────────

  setFilter(patch: Partial<ViewFilter>): void {
    this.filter = { ...this.filter, ...patch };
    const parsed = parseFilter(this.filter.text);
    if (parsed.ok) {
      this.filterError = null;
      this.test = parsed.test;
      if (this.filter.matchCase && parsed.kind === 'substring') {
        const needle = this.filter.text;
        this.test = (text) => text.includes(needle);
      }
    } else {
      this.filterError = parsed.error;
      this.test = () => true; // an invalid pattern filters nothing out, and says so
    }
    const name = this.filter.name ?? '';
    const parsedName = parseFilter(name);
    this.nameFilterError = parsedName.ok ? null : parsedName.error;
    this.nameTest = parsedName.ok && parsedName.kind !== 'empty' ? parsedName.test : null;
    this.refilter();
  }

  /**
   * Tells the store how to read a frame's decoded name (the panel's decoders), for the name
   * filter. The filter is applied again.
   */
  setNameResolver(nameOf: (row: FrameRow) => string): void {
    this.nameOf = nameOf;
    if (this.nameTest !== null) this.refilter();
  }

  /** Applies the filter again (e.g. decoded names changed: another decoder was picked). */
  refresh(): void {
    this.refilter();
  }

  private refilter(): void {
    const visible: number[] = [];
    for (let i = 0; i < this.rows.length; i++) if (this.passes(this.rows[i])) visible.push(i);
    this.visible = visible;
    this.changed();
  }

  private passes(row: Row): boolean {
    if (row.kind === 'navigation') return true;
    const f = this.filter;
    if (f.connection !== null && row.connKey !== f.connection) return false;
    if (f.direction !== 'all' && row.rec.dir !== f.direction) return false;
    if (f.type !== undefined && f.type !== 'all' && row.rec.opcode !== f.type) return false;
    if (f.minSize != null && row.rec.size < f.minSize) return false;
    if (f.maxSize != null && row.rec.size > f.maxSize) return false;
    if (this.nameTest !== null && !this.nameTest(this.nameOf(row))) return false;
    if (f.text === '') return true;
    return this.test(this.searchText(row));
  }

  /** The text a filter matches: the payload for text frames, the UTF-8 reading and hex for binary. */
  searchText(row: FrameRow): string {
    const rec = row.rec;
    if (rec.opcode === 'text') return rec.data;
    let s = this.searchCache.get(row.id);
    if (s === undefined) {
      const head = rec.data.subarray(0, 4096);
      s = `${decodeUtf8(head).text}\n${bytesToHex(head, '')}`;
      this.searchCache.set(row.id, s);
    }
    return s;
  }

  // ───────── derived views ─────────

  connectionList(): Connection[] {
    return [...this.connections.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Whether the store holds this document (it drops a page's documents when the tab navigates). */
  hasDocument(docId: string): boolean {
    return this.docs.has(docId);
  }

  topDocument(): DocState | undefined {
    return this.topDocId === null ? undefined : this.docs.get(this.topDocId);
  }

  /** Frames truncated by the per-frame cap, over every document's relay. */
  truncatedTotal(): number {
    let n = 0;
    for (const d of this.docs.values()) n += d.dropped.truncated;
    return n;
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

export type { ViewRecord };
