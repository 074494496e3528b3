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
import type { CloseRecord, DocInfo, DropStats, HistoryBounds, RecordsMessage, WireRecord } from './protocol';
import { fromWireRecord } from './wire';
import { keptBytes } from './payload';
import { eventText, newConnection, StoredFrameRow, type Connection, type EventRow, type FrameRow, type LifecycleEvent, type Row, type ViewFrame } from './rows';
import { FrameView } from './frame-view';

/** Event rows kept at most (the oldest go first); as the relay's bound on lifecycle records. */
export const MAX_EVENT_ROWS = 50_000;

export interface DocState {
  info: DocInfo;
  frameId: number;
  cursor: number;
  dropped: DropStats;
  gone: boolean;
}

/** A text frame a breakpoint holds in the page, waiting for the panel to continue or drop it. */
export interface HeldFrame {
  key: string;
  connKey: string;
  pid: number;
  dir: 'sent' | 'received';
  data: string;
  time: number;
}
export interface ApplyResult {
  /** Set when a gap was found: pull this document again from this cursor. */
  pull?: { docId: string; since: number };
}

export class SessionStore {
  readonly docs = new Map<string, DocState>();
  readonly connections = new Map<string, Connection>();
  /** Frames held by breakpoints now, by `docId:pid`. */
  readonly heldFrames = new Map<string, HeldFrame>();
  rows: Row[] = [];
  /** What the grid shows of the rows: filters, visible rows, counts (see `./frame-view.ts`). */
  readonly view: FrameView;
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
  /** Event rows held (the status bar counts them apart from the frames). */
  private eventRows = 0;
  private connectionCount = 0;
  /** Whether the port to the background is up (false while reconnecting). */
  live = false;
  /** Incremented on every change; views compare it to know when to re-render. */
  version = 0;

  private nextRowId = 1;
  private topDocId: string | null = null;
  private readonly listeners = new Set<() => void>();

  /** Lifecycle events become rows (the test client, which marks them itself, turns this off). */
  private readonly withEventRows: boolean;

  constructor(opts: { eventRows?: boolean } = {}) {
    this.withEventRows = opts.eventRows ?? true;
    this.view = new FrameView(this, () => this.changed());
  }

  /** How many of the rows are lifecycle event rows. */
  get eventRowCount(): number {
    return this.eventRows;
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
    this.view.beginBatch();
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
      this.connections.set(
        key,
        newConnection({
          key,
          index: ++this.connectionCount,
          docId: doc.info.docId,
          conn: wire.conn,
          frameId: doc.frameId,
          url: wire.url,
          frameUrl: wire.frameUrl,
          protocols: wire.protocols,
          initiator: wire.initiator,
          createdAt: wire.time,
        }),
      );
      if (wire.worker !== undefined) (this.connections.get(key) as Connection).worker = wire.worker;
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
        // The connection's own key string, not this record's copy: one string a connection, not a frame.
        const row: FrameRow = new StoredFrameRow(this.nextRowId++, doc.info.docId, c.key, rec);
        this.rows.push(row);
        this.rowBytes += keptBytes(rec);
        this.frameRowCount++;
        this.view.added(row, this.rows.length - 1);
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
      case 'handshake':
        c.handshake = wire.hs; // the latest notice of the request is the whole of it
        break;
    }
  }

  /** Adds a lifecycle event row (not while capture is paused: nothing new is recorded then). */
  private addEvent(doc: DocState, c: Connection, event: LifecycleEvent, time: number): void {
    if (this.paused || !this.withEventRows) return;
    const row: EventRow = { kind: 'event', id: this.nextRowId++, docId: doc.info.docId, connKey: c.key, event, time, text: eventText(c, event) };
    this.rows.push(row);
    this.eventRows++;
    this.view.added(row, this.rows.length - 1);
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
    if (this.eventRows > MAX_EVENT_ROWS) this.trimEvents();
    let cut = 0;
    while (cut < this.rows.length && (this.frameRowCount > this.bounds.maxFrames || this.rowBytes > this.bounds.maxBytes)) {
      const r = this.rows[cut++];
      if (r.kind === 'event') this.eventRows--;
      if (r.kind !== 'frame') continue;
      this.frameRowCount--;
      this.rowBytes -= keptBytes(r.rec);
      this.dropped.frames++;
      this.dropped.bytes += r.rec.size;
    }
    if (cut === 0) return;
    const rows = this.rows;
    this.rows = rows.slice(cut);
    this.view.cut(rows, cut);
  }

  /** Drops the oldest event rows beyond MAX_EVENT_ROWS (a tenth more, so that it runs seldom). */
  private trimEvents(): void {
    let drop = this.eventRows - Math.floor(MAX_EVENT_ROWS * 0.9);
    this.rows = this.rows.filter((r) => r.kind !== 'event' || drop-- <= 0);
    this.recount();
    this.view.rebuild();
  }

  /** Recomputes the counters of the rows held. */
  private recount(): void {
    this.rowBytes = 0;
    this.frameRowCount = 0;
    this.eventRows = 0;
    for (const r of this.rows)
      if (r.kind === 'frame') {
        this.rowBytes += keptBytes(r.rec);
        this.frameRowCount++;
      } else if (r.kind === 'event') this.eventRows++;
  }

  // ───────── navigation, clear, pause ─────────

  private navigated(newTop: DocInfo): void {
    if (this.preserveLog) {
      this.rows.push({ kind: 'navigation', id: this.nextRowId++, url: newTop.url, time: newTop.timeOrigin });
      this.view.added(this.rows[this.rows.length - 1]!, this.rows.length - 1);
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
    this.view.keepConnections((key) => this.connections.has(key));
    this.view.forgetSearchText();
    this.view.rebuild();
  }

  /** Removes every frame and every closed connection; live connections stay listed. */
  clear(): void {
    this.rows = [];
    this.rowBytes = 0;
    this.frameRowCount = 0;
    this.eventRows = 0;
    this.view.cleared();
    this.skippedWhilePaused = 0;
    this.dropped.frames = 0;
    this.dropped.bytes = 0;
    for (const [key, c] of [...this.connections]) if (c.state === 'closed') this.connections.delete(key);
    this.view.keepConnections((key) => this.connections.has(key));
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
