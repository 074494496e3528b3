/**
 * The relay's bounded history of one document: every record since the page loaded, within bounds.
 *
 * Frames live in a ring that evicts the oldest first when the frame count or payload bytes exceed
 * their bound; connection/open/close/error records are few and small and live in a list of their
 * own (bounded too, far higher), so a panel opened late still sees every connection even when old
 * frames had to go. Evictions are counted, never silent.
 */
import type { DropStats, HistoryBounds, StoredRecord } from '../core/protocol';
import { keptBytes } from '../core/payload';

export type NewRecord = StoredRecord extends infer R ? (R extends StoredRecord ? Omit<R, 'rseq'> : never) : never;

/** Upper bound on connection/lifecycle records, far above what a page makes. */
export const MAX_CONTROL_RECORDS = 50_000;

export function payloadBytes(rec: StoredRecord): number {
  return rec.type === 'frame' ? keptBytes(rec) : 0;
}

export class History {
  private frames: StoredRecord[] = [];
  private frameHead = 0;
  private control: StoredRecord[] = [];
  private controlHead = 0;
  private bytes = 0;
  /** Highest rseq assigned so far. */
  last = 0;
  readonly dropped: DropStats = { frames: 0, bytes: 0, truncated: 0 };

  constructor(public bounds: HistoryBounds) {}

  /** New bounds apply at once: a lower bound evicts what is now too much. */
  setBounds(bounds: HistoryBounds): void {
    this.bounds = bounds;
    this.evict();
  }

  get frameCount(): number {
    return this.frames.length - this.frameHead;
  }
  get payloadBytes(): number {
    return this.bytes;
  }

  add(partial: NewRecord): StoredRecord {
    const rec = partial.type === 'frame' ? compactFrame(partial, ++this.last) : ({ ...partial, rseq: ++this.last } as StoredRecord);
    if (rec.type === 'frame') {
      if (rec.truncated) this.dropped.truncated++;
      this.frames.push(rec);
      this.bytes += payloadBytes(rec);
      this.evict();
    } else {
      this.control.push(rec);
      if (this.control.length - this.controlHead > MAX_CONTROL_RECORDS) {
        this.control[this.controlHead++] = undefined as unknown as StoredRecord; // release it now
        if (this.controlHead * 2 > this.control.length) {
          this.control = this.control.slice(this.controlHead);
          this.controlHead = 0;
        }
      }
    }
    return rec;
  }

  private evict(): void {
    while (this.frameCount > 0 && (this.frameCount > this.bounds.maxFrames || this.bytes > this.bounds.maxBytes)) {
      const old = this.frames[this.frameHead];
      this.frames[this.frameHead++] = undefined as unknown as StoredRecord; // release the payload now
      const b = payloadBytes(old);
      this.bytes -= b;
      this.dropped.frames++;
      this.dropped.bytes += b;
    }
    if (this.frameHead > 4096 && this.frameHead * 2 > this.frames.length) {
      this.frames = this.frames.slice(this.frameHead);
      this.frameHead = 0;
    }
  }

  /**
   * Retained records with rseq > since, in order, at most `maxItems` records and about `maxPayload`
   * bytes of payload (always at least one record). `upTo` is the rseq up to which the slice is
   * complete: every retained record with since < rseq ≤ upTo is in `items`.
   */
  slice(since: number, maxPayload: number, maxItems = Infinity): { items: StoredRecord[]; upTo: number } {
    let f = lowerBound(this.frames, this.frameHead, since);
    let c = lowerBound(this.control, this.controlHead, since);
    const items: StoredRecord[] = [];
    let budget = maxPayload;
    while (f < this.frames.length || c < this.control.length) {
      const nextFrame = f < this.frames.length ? this.frames[f] : undefined;
      const nextControl = c < this.control.length ? this.control[c] : undefined;
      const takeFrame = nextFrame !== undefined && (nextControl === undefined || nextFrame.rseq < nextControl.rseq);
      const rec = takeFrame ? nextFrame : (nextControl as StoredRecord);
      const cost = payloadBytes(rec);
      if (items.length > 0 && (cost > budget || items.length >= maxItems)) return { items, upTo: items[items.length - 1].rseq };
      budget -= cost;
      items.push(rec);
      if (takeFrame) f++;
      else c++;
    }
    return { items, upTo: this.last };
  }
}

type NewFrame = Extract<NewRecord, { type: 'frame' }>;

/**
 * A frame as the history keeps it, built as one literal with every field in it (rseq too): V8 then
 * holds them all inside the object, where `{ ...partial, rseq }` added rseq to a property array of
 * its own (20 bytes a frame). The direction is this module's own constant, not the string the
 * hook's message brought (a new 'received' string per frame, 20 bytes more). The rare mark and
 * original text are added after.
 */
function compactFrame(p: NewFrame, rseq: number): StoredRecord {
  const dir = p.dir === 'sent' ? 'sent' : 'received';
  const rec: NewFrame & { rseq: number } =
    p.opcode === 'text'
      ? { type: 'frame', conn: p.conn, seq: p.seq, time: p.time, dir, opcode: 'text', data: p.data, size: p.size, truncated: p.truncated, rseq }
      : { type: 'frame', conn: p.conn, seq: p.seq, time: p.time, dir, opcode: 'binary', data: p.data, binKind: p.binKind, size: p.size, truncated: p.truncated, rseq };
  if (p.mark !== undefined) rec.mark = p.mark;
  if (p.opcode === 'text' && p.original !== undefined) (rec as Extract<NewFrame, { opcode: 'text' }>).original = p.original;
  if (p.opcode === 'text' && p.note !== undefined) (rec as Extract<NewFrame, { opcode: 'text' }>).note = p.note;
  return rec;
}

/** First index ≥ from whose record has rseq > since (records are sorted by rseq). */
function lowerBound(list: StoredRecord[], from: number, since: number): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].rseq <= since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
