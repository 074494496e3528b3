/**
 * The test client's log: the frames of its connections in a SessionStore (so the panel's filter,
 * bounds and frame model apply as they are), plus event markers (connecting, connected, closed,
 * reconnecting, reconnected after N s) shown between the frames. Every record is also kept in
 * wire form so that the log can be saved to storage.local and restored, bounded to the last
 * PERSIST_FRAMES frames.
 */
import type { DocInfo, WireRecord } from '../core/protocol';
import { SessionStore } from '../core/session-store';
import { utf8Length } from '../core/codec';

const DOC_ID = 'test-client';
/** Frames kept in memory (the panel's own bound applies to the store). */
const LIVE_FRAMES = 10_000;
/** Frames saved to storage.local. */
export const PERSIST_FRAMES = 1_000;
/** Payload bytes saved to storage.local, over every frame (storage.local holds 10 MB). */
const PERSIST_BYTES = 4 * 1024 * 1024;
/** A frame larger than this is saved cut to this size (marked truncated). */
const PERSIST_FRAME_BYTES = 256 * 1024;
const MAX_MARKERS = 500;

export type MarkerLevel = 'info' | 'ok' | 'warn' | 'error';

export interface Marker {
  id: number;
  time: number;
  text: string;
  level: MarkerLevel;
}

/** A record before the log numbers it. */
export type NewRecord = WireRecord extends infer R ? (R extends WireRecord ? Omit<R, 'rseq'> : never) : never;

export interface LogSnapshot {
  v: 1;
  records: WireRecord[];
  markers: Marker[];
  nextConn: number;
}

const DOC: DocInfo = {
  docId: DOC_ID,
  url: 'test client',
  top: true,
  timeOrigin: 0,
  bounds: { maxFrames: LIVE_FRAMES, maxBytes: 256 * 1024 * 1024, maxFrameBytes: 16 * 1024 * 1024 },
};

export class ClientLog {
  /** Without event rows: the log marks connection events itself (markers). */
  store = new SessionStore({ eventRows: false });
  markers: Marker[] = [];
  /** Records in wire form, oldest first, for saving (trimmed from time to time). */
  private records: WireRecord[] = [];
  private rseq = 0;
  private nextMarkerId = 1;
  nextConn = 1;
  private pending: WireRecord[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  /** Incremented on every change of the log (records or markers). */
  version = 0;

  constructor() {
    this.store.applyAnnounce(DOC, 0);
    this.store.setLive(true);
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    const off = this.store.subscribe(l);
    return () => {
      this.listeners.delete(l);
      off();
    };
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Numbers a record and queues it for the store (applied within 16 ms, in order). */
  add(rec: NewRecord): void {
    const wire = { ...rec, rseq: ++this.rseq } as WireRecord;
    this.records.push(wire);
    this.pending.push(wire);
    if (this.records.length > PERSIST_FRAMES * 3) this.records = trim(this.records, PERSIST_FRAMES * 2, Infinity);
    if (this.flushTimer === null) this.flushTimer = setTimeout(() => this.flush(), 16);
  }

  /** Applies queued records to the store now. */
  flush(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.store.applyRecords({
      type: 'records',
      docId: DOC_ID,
      after: items[0].rseq - 1,
      upTo: items[items.length - 1].rseq,
      items,
      dropped: { frames: 0, bytes: 0, truncated: 0 },
    });
    this.changed();
  }

  mark(text: string, level: MarkerLevel = 'info', time = Date.now()): Marker {
    this.flush();
    const m = { id: this.nextMarkerId++, time, text, level };
    this.markers.push(m);
    if (this.markers.length > MAX_MARKERS) this.markers = this.markers.slice(-MAX_MARKERS);
    this.changed();
    return m;
  }

  clear(): void {
    this.flush();
    this.store.clear();
    this.markers = [];
    // Keep the records of connections still listed (a live connection keeps its history).
    const live = new Set([...this.store.connections.values()].map((c) => c.conn));
    this.records = this.records.filter((r) => r.type !== 'frame' && live.has(r.conn));
    this.changed();
  }

  /** The log in storable form: the last PERSIST_FRAMES frames (and PERSIST_BYTES) with their connections' records. */
  snapshot(): LogSnapshot {
    this.flush();
    const records = trim(this.records, PERSIST_FRAMES, PERSIST_BYTES).map(cutForStorage);
    return { v: 1, records, markers: this.markers, nextConn: this.nextConn };
  }

  /**
   * Restores a saved log into this (empty) log. Connections that were still open when the page
   * went away get a close record: their socket ended with the page (unless `closeInterrupted` is
   * false: another client page still runs them).
   */
  restore(raw: unknown, now = Date.now(), closeInterrupted = true): { interrupted: number } {
    const snap = parseSnapshot(raw);
    if (snap === null) return { interrupted: 0 };
    this.nextConn = Math.max(this.nextConn, snap.nextConn);
    const closed = new Set<number>();
    const seen = new Set<number>();
    for (const r of snap.records) {
      seen.add(r.conn);
      if (r.type === 'close') closed.add(r.conn);
      const { rseq: _drop, ...rest } = r;
      void _drop;
      this.add(rest as NewRecord);
    }
    let interrupted = 0;
    for (const conn of seen)
      if (closeInterrupted && !closed.has(conn)) {
        interrupted++;
        this.add({ type: 'close', conn, seq: 1e9, time: now, code: 1006, reason: 'the client page was closed', wasClean: false });
      }
    this.flush();
    this.markers = snap.markers.slice(-MAX_MARKERS);
    this.nextMarkerId = Math.max(0, ...this.markers.map((m) => m.id)) + 1;
    this.changed();
    return { interrupted };
  }
}

/** The last `maxFrames` frames (within `maxBytes`), plus the lifecycle records of connections that still have frames or are among the last 20. */
function trim(records: WireRecord[], maxFrames: number, maxBytes: number): WireRecord[] {
  let frames = 0;
  let bytes = 0;
  let cut = 0; // index of the first frame kept
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.type !== 'frame') continue;
    const b = Math.min(PERSIST_FRAME_BYTES, r.size);
    if (frames + 1 > maxFrames || bytes + b > maxBytes) {
      cut = i + 1;
      break;
    }
    frames++;
    bytes += b;
  }
  if (cut === 0) return records;
  const conns = [...new Set(records.map((r) => r.conn))];
  const keepConn = new Set(conns.slice(-20));
  for (let i = cut; i < records.length; i++) keepConn.add(records[i].conn);
  return records.filter((r, i) => (r.type === 'frame' ? i >= cut : keepConn.has(r.conn)));
}

function cutForStorage(r: WireRecord): WireRecord {
  if (r.type !== 'frame') return r;
  if (r.opcode === 'text') {
    if (r.data.length <= PERSIST_FRAME_BYTES / 4 || utf8Length(r.data) <= PERSIST_FRAME_BYTES) return r;
    let s = r.data.slice(0, PERSIST_FRAME_BYTES / 3);
    if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, -1);
    return { ...r, data: s, truncated: true };
  }
  // Base64: 4 characters per 3 bytes.
  const maxChars = Math.floor(PERSIST_FRAME_BYTES / 3) * 4;
  return r.data.length <= maxChars ? r : { ...r, data: r.data.slice(0, maxChars), truncated: true };
}

function parseSnapshot(raw: unknown): LogSnapshot | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const s = raw as Partial<LogSnapshot>;
  if (s.v !== 1 || !Array.isArray(s.records) || !Array.isArray(s.markers)) return null;
  const records = s.records.filter(
    (r): r is WireRecord =>
      typeof r === 'object' && r !== null && typeof r.type === 'string' && typeof r.conn === 'number' && typeof r.time === 'number',
  );
  const markers = s.markers.filter(
    (m): m is Marker =>
      typeof m === 'object' && m !== null && typeof m.text === 'string' && typeof m.time === 'number' && typeof m.id === 'number',
  );
  return { v: 1, records, markers, nextConn: typeof s.nextConn === 'number' ? s.nextConn : 1 };
}
