/**
 * The neutral model every log reader produces (a `Draft`: connections and frames as the file
 * gives them), and how it becomes what a relay would have sent for one document: a `DocInfo` and
 * a `RecordsMessage` whose records have ascending `rseq`, lifecycle records interleaved with the
 * frames by time.
 */
import { DEFAULT_BOUNDS, type BinaryKind, type Direction, type DocInfo, type FrameMark, type HandshakeInfo, type HistoryBounds, type RecordsMessage, type WireRecord } from '../protocol';
import { utf8Length } from '../codec';
import type { WithMarks } from './export';

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

export interface DraftConnection {
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
  /** The HTTP handshake, when the file has it. */
  handshake?: HandshakeInfo;
}

export interface DraftFrameBase {
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
export type DraftFrame =
  | (DraftFrameBase & { opcode: 'text'; data: string })
  /** `data` is Base64 that is known to decode. */
  | (DraftFrameBase & { opcode: 'binary'; data: string; binKind: BinaryKind });

export interface Draft {
  format: ImportFormat;
  pageUrl: string;
  exportedAt: string | null;
  userAgent: string | null;
  creator: string | null;
  connections: DraftConnection[];
  /** In the order they are to be shown. */
  frames: DraftFrame[];
}

let importCounter = 0;

const NO_DROPS = { frames: 0, bytes: 0, truncated: 0 };

export function buildSession(draft: Draft, fileName: string | null): ImportedSession {
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
    const hs = draft.connections[connIndex]!.handshake;
    if (hs !== undefined) out.push({ type: 'handshake', rseq: out.length + 1, conn: connIndex + 1, seq: 0, time: hs.requestTime, hs });
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
      const mark = f.marks.find((m): m is FrameMark => m === 'replayed' || m === 'composed' || m === 'simulated' || m === 'mocked' || m === 'answered');
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

