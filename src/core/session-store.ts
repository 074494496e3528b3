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
import { describeCloseCode } from './close-codes';
import { formatDuration } from './format';
import { combineTests, type CombineMode, type FilterSpec } from './saved-filters';

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

/** Event rows kept at most (the oldest go first); as the relay's bound on lifecycle records. */
export const MAX_EVENT_ROWS = 50_000;

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
/**
 * Which rows the grid shows: messages (the default, frames only), messages and lifecycle events,
 * events only, close events (close() called and close), or error events.
 */
export type ShowFilter = 'messages' | 'all' | 'events' | 'close' | 'error';

/** A frame's decoded name ('' when none), or undefined when it is not known yet (see setNameResolver). */
export type NameResolver = (row: FrameRow) => string | undefined;

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
  /** Frames, lifecycle events or both. Default 'messages'. */
  show?: ShowFilter;
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
  /** Event rows held, and how many of them pass the filter (the status bar counts them apart). */
  private eventRowCount = 0;
  private visibleEventCount = 0;
  private connectionCount = 0;
  /** Whether the port to the background is up (false while reconnecting). */
  live = false;
  /** Incremented on every change; views compare it to know when to re-render. */
  version = 0;

  private nextRowId = 1;
  private topDocId: string | null = null;
  /** The live filter but its connection, compiled (in the constructor, then by setFilter). */
  private liveTest: (row: FrameRow | EventRow) => boolean;
  /** The active saved filters, compiled once and combined (null: none active). */
  private savedTest: ((row: FrameRow | EventRow) => boolean) | null = null;
  /** How many saved filters take part in the view. */
  savedActive = 0;
  /** Error of the name filter's /regex/ (the name filter then filters nothing out). */
  nameFilterError: string | null = null;
  /**
   * Frames the name filter could not test yet because their decoded name is not known yet (the
   * resolver ran out of its time budget; see setNameResolver). They are hidden until then.
   */
  namePending = 0;
  /** A row shown whatever the filters say (see reveal), or null. */
  private revealed: number | null = null;
  /** The last row counted in namePending (a row two filters test is counted once). */
  private pendingRowId = -1;
  private liveUsesName = false;
  private savedUsesName = false;
  /** Whether some filter in use (live or saved) tests decoded names. */
  private get usesNames(): boolean {
    return this.liveUsesName || this.savedUsesName;
  }
  private nameOf: NameResolver = () => '';
  private nameBegin: () => void = () => {};
  private readonly searchCache = new Map<number, string>();
  private readonly listeners = new Set<() => void>();

  /** Lifecycle events become rows (the test client, which marks them itself, turns this off). */
  private readonly eventRows: boolean;

  constructor(opts: { eventRows?: boolean } = {}) {
    this.eventRows = opts.eventRows ?? true;
    this.liveTest = this.compile(this.filter).test;
  }

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
    if (this.usesNames) this.nameBegin();
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
        this.addEvent(doc, c, 'open', wire.time);
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
        this.addEvent(doc, c, 'error', wire.time);
        c.errors.push(wire.time);
        break;
      case 'closing':
        if (c.state !== 'closed') c.state = 'closing';
        c.closing = { code: wire.code, reason: wire.reason, time: wire.time, byPanel: wire.byPanel === true };
        this.addEvent(doc, c, 'closing', wire.time);
        break;
      case 'close':
        this.closeConnection(c, wire);
        this.addEvent(doc, c, 'close', wire.time);
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

  /** Adds a lifecycle event row (not while capture is paused: nothing new is recorded then). */
  private addEvent(doc: DocState, c: Connection, event: LifecycleEvent, time: number): void {
    if (this.paused || !this.eventRows) return;
    const row: EventRow = { kind: 'event', id: this.nextRowId++, docId: doc.info.docId, connKey: c.key, event, time, text: eventText(c, event) };
    this.rows.push(row);
    this.eventRowCount++;
    if (this.passes(row)) {
      this.visible.push(this.rows.length - 1);
      this.visibleEventCount++;
    }
  }

  private closeConnection(c: Connection, rec: CloseRecord): void {
    c.state = 'closed';
    c.closedAt = rec.time;
    c.close = { code: rec.code, reason: rec.reason, wasClean: rec.wasClean, time: rec.time };
    c.closedBy = c.closing !== null ? (c.closing.byPanel ? 'devtools' : 'page') : rec.wasClean ? 'server' : 'network';
  }

  /**
   * Drops the oldest frames beyond the bounds, once per message (one pass over `visible`). Rows
   * before the oldest frame kept (navigation marks, lifecycle events) go with them, so the grid
   * always begins where its frames do; events alone beyond MAX_EVENT_ROWS go too (oldest first).
   */
  private enforceBounds(): void {
    if (this.eventRowCount > MAX_EVENT_ROWS) this.trimEvents();
    let cut = 0;
    while (cut < this.rows.length && (this.frameRowCount > this.bounds.maxFrames || this.rowBytes > this.bounds.maxBytes)) {
      const r = this.rows[cut++];
      if (r.kind === 'event') this.eventRowCount--;
      if (r.kind !== 'frame') continue;
      this.frameRowCount--;
      this.rowBytes -= keptBytes(r.rec);
      this.dropped.frames++;
      this.dropped.bytes += r.rec.size;
      this.searchCache.delete(r.id);
    }
    if (cut === 0) return;
    const rows = this.rows;
    this.rows = rows.slice(cut);
    const visible: number[] = [];
    for (const i of this.visible)
      if (i >= cut) visible.push(i - cut);
      else if (rows[i]!.kind === 'event') this.visibleEventCount--;
    this.visible = visible;
  }

  /** Drops the oldest event rows beyond MAX_EVENT_ROWS (a tenth more, so that it runs seldom). */
  private trimEvents(): void {
    let drop = this.eventRowCount - Math.floor(MAX_EVENT_ROWS * 0.9);
    this.rows = this.rows.filter((r) => r.kind !== 'event' || drop-- <= 0);
    this.recount();
    this.rebuildVisible();
  }

  /** Recomputes the counters of the rows held. */
  private recount(): void {
    this.rowBytes = 0;
    this.frameRowCount = 0;
    this.eventRowCount = 0;
    for (const r of this.rows)
      if (r.kind === 'frame') {
        this.rowBytes += keptBytes(r.rec);
        this.frameRowCount++;
      } else if (r.kind === 'event') this.eventRowCount++;
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
    this.rows = this.rows.filter((r) => r.kind !== 'navigation' && keep.has(r.docId));
    this.recount();
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
    this.eventRowCount = 0;
    this.visibleEventCount = 0;
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
    this.revealed = null;
    this.filter = { ...this.filter, ...patch };
    const compiled = this.compile(this.filter);
    this.liveTest = compiled.test;
    this.liveUsesName = compiled.usesName;
    this.filterError = compiled.error;
    this.nameFilterError = compiled.nameError;
    this.refilter();
  }

  /**
   * Sets the saved filters that take part in the view: the view is the live filter AND these,
   * combined with AND (all must pass) or OR (any). Each is compiled once here. An empty list
   * leaves the live filter alone.
   */
  setSavedFilters(active: readonly FilterSpec[], mode: CombineMode): void {
    this.revealed = null;
    this.savedActive = active.length;
    const compiled = active.map((f) => this.compile(f));
    this.savedUsesName = compiled.some((c) => c.usesName);
    this.savedTest = active.length === 0 ? null : combineTests(compiled.map((c) => c.test), mode);
    this.refilter();
  }

  /**
   * Compiles a filter into one test of a frame or event row. Frames: direction, type, size range,
   * name and text. Event rows have no direction, type, size or name: they pass only while those
   * are unset; the text matches what the row says. Which kinds pass at all is `show`.
   */
  private compile(f: FilterSpec): { test: (row: FrameRow | EventRow) => boolean; error: string | null; nameError: string | null; usesName: boolean } {
    let text: ((s: string) => boolean) | null = null;
    let error: string | null = null;
    const parsed = parseFilter(f.text);
    if (!parsed.ok) error = parsed.error; // an invalid pattern filters nothing out, and says so
    else if (parsed.kind === 'substring' && f.matchCase) {
      const needle = f.text;
      text = (s) => s.includes(needle);
    } else if (parsed.kind !== 'empty') text = parsed.test;
    const parsedName = parseFilter(f.name ?? '');
    const nameTest = parsedName.ok && parsedName.kind !== 'empty' ? parsedName.test : null;
    const nameError = parsedName.ok ? null : parsedName.error;
    const show = f.show ?? 'messages';
    const direction = f.direction;
    const type = f.type ?? 'all';
    const minSize = f.minSize ?? null;
    const maxSize = f.maxSize ?? null;
    const frameProps = direction !== 'all' || type !== 'all' || minSize !== null || maxSize !== null || nameTest !== null;
    const showFrames = show === 'messages' || show === 'all';
    const showEvent = (e: LifecycleEvent): boolean =>
      show === 'all' || show === 'events' || (show === 'close' && (e === 'close' || e === 'closing')) || (show === 'error' && e === 'error');
    const test = (row: FrameRow | EventRow): boolean => {
      if (row.kind === 'event') {
        if (!showEvent(row.event) || frameProps) return false;
        return text === null || text(row.text);
      }
      if (!showFrames) return false;
      const rec = row.rec;
      if (direction !== 'all' && rec.dir !== direction) return false;
      if (type !== 'all' && rec.opcode !== type) return false;
      if (minSize !== null && rec.size < minSize) return false;
      if (maxSize !== null && rec.size > maxSize) return false;
      if (nameTest !== null) {
        const name = this.nameOf(row);
        if (name === undefined) {
          // Not decoded yet (the resolver's budget ran out): hidden and counted, once per row.
          if (this.pendingRowId !== row.id) {
            this.pendingRowId = row.id;
            this.namePending++;
          }
          return false;
        }
        if (!nameTest(name)) return false;
      }
      return text === null || text(this.searchText(row));
    };
    return { test, error, nameError, usesName: nameTest !== null };
  }

  /**
   * Tells the store how to read a frame's decoded name (the panel's decoders), for the name
   * filter. The filter is applied again. `begin` is called before each pass of the name filter
   * (a refilter, a batch of new records): a resolver may give itself a time budget per pass and
   * answer `undefined` for names it has not decoded within it; such frames are counted in
   * `namePending` and hidden, and the resolver calls `refresh()` once it has them.
   */
  setNameResolver(nameOf: NameResolver, begin?: () => void): void {
    this.nameOf = nameOf;
    this.nameBegin = begin ?? (() => {});
    if (this.usesNames) this.refilter();
  }

  /**
   * Shows one row whatever the filters say (a request's partner the user jumps to), until the
   * filters change. False when there is no such row.
   */
  reveal(id: number): boolean {
    if (!this.rows.some((r) => r.id === id)) return false;
    this.revealed = id;
    this.refilter();
    return true;
  }

  /** Applies the filter again (e.g. decoded names changed: another decoder was picked). */
  refresh(): void {
    this.refilter();
  }

  private refilter(): void {
    this.namePending = 0;
    this.pendingRowId = -1;
    if (this.usesNames) this.nameBegin();
    this.rebuildVisible();
    this.changed();
  }

  private rebuildVisible(): void {
    const visible: number[] = [];
    let events = 0;
    for (let i = 0; i < this.rows.length; i++) {
      const r = this.rows[i]!;
      if (this.passes(r)) {
        visible.push(i);
        if (r.kind === 'event') events++;
      }
    }
    this.visible = visible;
    this.visibleEventCount = events;
  }

  /** The live filter (connection, then the rest) AND the active saved filters. */
  private passes(row: Row): boolean {
    if (row.kind === 'navigation' || row.id === this.revealed) return true;
    if (this.filter.connection !== null && row.connKey !== this.filter.connection) return false;
    if (!this.liveTest(row)) return false;
    return this.savedTest === null || this.savedTest(row);
  }

  /**
   * What the status bar counts: rows other than events (frames, and navigation marks as ever) held
   * and shown, and event rows held and shown.
   */
  counts(): { shown: number; total: number; eventsShown: number; events: number } {
    return {
      shown: this.visible.length - this.visibleEventCount,
      total: this.rows.length - this.eventRowCount,
      eventsShown: this.visibleEventCount,
      events: this.eventRowCount,
    };
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

export type { ViewRecord };
