/**
 * The panel's side of the protocol decoders: one DecodingSession per connection, fed
 * with the store's frames as they arrive (cheap: nothing is decoded then), the per-connection
 * decoder choice, and request/response pairing.
 *
 * Decoding is lazy: `get(row)` decodes the frame asked for (and, for stateful decoders such as
 * MQTT or Socket.IO, the frames of its connection before it, once); results are cached by the
 * sessions. The grid asks only for the rows it renders, the detail for the selected frame, and
 * the name filter for the rows it tests, within a time budget per pass (NAME_BUDGET_MS): names
 * not decoded by then are decoded in the background and the filter applied again.
 *
 * Pairing is incremental, per connection, in frame order. The grid's marks first pair only up to
 * PAIR_LOOKAHEAD frames past the rows it shows (so a long connection is not decoded to its end to
 * paint a screenful); a request with no response in that window has the rest of its connection
 * decoded in the background, after which marks pair to the end. The detail of the selected frame
 * pairs the whole connection at once, so what it says about a request is exact.
 *
 * Over 500 lines on purpose: it is one object (PanelDecoding) whose caches (sessions, names,
 * pairing windows, inflation) must change together; split, each part would reach into the others.
 */
import type { SessionStore } from '../core/session-store';
import { StoredFrameRow, type Connection, type FrameRow } from '../core/rows';
import { DecodingSession, DECODER_OPTIONS, getDecoder } from '../core/decoders';
import { watchUserDecoders } from './user-decoder-host';
import type { ConnectionInfo, DecodeInput, DecodedFrame, DecoderChoice, DecoderId, Detection, Exchange, MessageRef } from '../core/decoders';
import { describeInflated, InflatingInput, mayBeCompressed } from '../core/compression';
import { isWireMessage } from '../core/protobuf/wire';
import { bindingFor, type ProtobufBinding } from '../core/protobuf/config';
import { decodeWithSchema, type CompiledSchema } from '../core/protobuf/schema';
import type { JsonValue } from '@bufbuild/protobuf';
import type { ProtobufTarget } from '../core/message-draft';
import { watchProtobufSchema } from './protobuf-schema';
import { errorFrame, errorMessage, frameOf, preview, tryJson } from '../core/decoders/util';
import { DEFAULT_BOUNDS } from '../core/protocol';

export type { DecodedFrame, DecoderChoice, DecoderId, Exchange };
export { DECODER_OPTIONS };

/** The most a compressed frame is inflated to: the relay's default per-frame cap. */
const INFLATE_CAP = DEFAULT_BOUNDS.maxFrameBytes;

/** How many earlier frames the grid may decode synchronously to show a row (see peek). */
export const PEEK_BUDGET = 3000;

/** How far past a shown row the grid looks for its response. */
export const PAIR_LOOKAHEAD = 256;

/**
 * How long one pass of the name filter may spend decoding (ms). What is not decoded by then is
 * decoded in the background (idle slices) and the filter applied again when it is done, so the
 * first answer never waits for a whole long log to be decoded.
 */
const NAME_BUDGET_MS = 100;

/** How many frames a stateful decoder reads at a time within the name budget. */
const NAME_STEP = 256;

/**
 * A frame as its connection's decoding session and pairing read it: the store's row itself, which
 * is its own decoding input (`StoredFrameRow`: no second object a frame), or, for a payload that may
 * be compressed, an `InflatingRowInput` over the row. `RowInput` reads through to a row made
 * elsewhere. `rowOf` and `inflatingOf` tell which.
 */
type FrameRef = StoredFrameRow | RowInput | InflatingRowInput;

/** The store's row of a frame reference (a Protobuf binding decodes from it). */
function rowOf(f: FrameRef): FrameRow {
  return f instanceof StoredFrameRow ? f : f.row;
}

/** The decoders' view of a frame that may be compressed (inflated on first read), or undefined. */
function inflatingOf(f: FrameRef | undefined): InflatingInput | undefined {
  return f instanceof InflatingRowInput ? f : undefined;
}

class RowInput implements DecodeInput {
  constructor(readonly row: FrameRow) {}
  get id(): number {
    return this.row.id;
  }
  get dir(): 'sent' | 'received' {
    return this.row.rec.dir;
  }
  get opcode(): 'text' | 'binary' {
    return this.row.rec.opcode;
  }
  get data(): string | Uint8Array {
    return this.row.rec.data;
  }
  get time(): number {
    return this.row.rec.time;
  }
}

/** A frame whose payload may be compressed: the decoders read it inflated. */
class InflatingRowInput extends InflatingInput {
  constructor(readonly row: FrameRow) {
    super(row.id, row.rec.dir, row.rec.data, row.rec.opcode, row.rec.time, INFLATE_CAP);
  }
}

/** Incremental request/response pairing of one connection (the rules of pairFrames). */
class ConnPairing {
  readonly open = new Map<string, Exchange>();
  readonly byFrame = new Map<number, Exchange[]>();
  /** Position in the connection's frame list up to which frames were paired. */
  pos = 0;
  constructor(readonly revision: number) {}

  add(f: FrameRef, d: DecodedFrame | null): void {
    if (!d || d.messages.length === 0) return;
    for (let i = 0; i < d.messages.length; i++) {
      const m = d.messages[i]!;
      if (m.key === undefined || m.role === 'event') continue;
      if (m.role === 'request') {
        const ex: Exchange = {
          key: m.key,
          name: m.name,
          dir: f.dir,
          request: { frame: f.id, message: i, time: f.time },
          responses: [],
          latency: null,
          done: false,
        };
        this.open.set(`${f.dir}\u0000${m.key}`, ex);
        this.link(f.id, ex);
      } else {
        const k = `${f.dir === 'sent' ? 'received' : 'sent'}\u0000${m.key}`;
        const ex = this.open.get(k);
        if (!ex) continue;
        const ref: MessageRef = { frame: f.id, message: i, time: f.time };
        ex.responses.push(ref);
        if (ex.latency === null) ex.latency = f.time - ex.request.time;
        if (m.final !== false) {
          ex.done = true;
          this.open.delete(k);
        }
        this.link(f.id, ex);
      }
    }
  }

  private link(frame: number, ex: Exchange): void {
    const list = this.byFrame.get(frame);
    if (!list) this.byFrame.set(frame, [ex]);
    else if (!list.includes(ex)) list.push(ex);
  }
}

/** A frame's decoded name, cached on its row (under a symbol: invisible to export and JSON). */
const NAME = Symbol('decodedName');
const NAME_V = Symbol('decodedNameVersion');
type NamedRow = FrameRow & { [NAME]?: string; [NAME_V]?: number };

interface ConnDecoding {
  session: DecodingSession<FrameRef>;
  /** The Protobuf bindings for this connection's frames, by direction, for schema version `pbVersion`. */
  pb?: { version: number; sent: ProtobufBinding | undefined; received: ProtobufBinding | undefined };
  /** The session's revision when last looked at: a change invalidates cached names. */
  revision: number;
  pairing: ConnPairing | null;
}

/** What the grid shows of a frame's pairing. */
export interface PairMark {
  /** The frame is a request that nothing answered (yet). */
  unanswered: boolean;
  /** Latency of the exchange this frame answers or asks (ms), when answered. */
  latency: number | null;
  /** 'request' when the frame asks, 'response' when it answers. */
  role: 'request' | 'response';
  /** For an unanswered request: true when the whole connection was searched, false: only the next PAIR_LOOKAHEAD frames. */
  searchedToEnd: boolean;
}

export class PanelDecoding {
  private readonly conns = new Map<string, ConnDecoding>();
  /** Highest row id pushed into a session. */
  private lastId = 0;
  /** Lowest row id still held (frames before it were evicted or cleared). */
  private firstId = 0;
  /** Grows when a decoder choice changes (views re-read names). */
  version = 0;
  private prefetching = false;
  /** Decoders picked for connections that had no frame yet. */
  private readonly early = new Map<string, DecoderChoice>();
  private readonly prefetchDone = new Set<() => void>();
  /** Version of the names cached on rows; grows whenever a decoding may have changed. */
  private namesVersion = 0;
  /** End of the current name-filter pass's decoding budget (performance.now() ms). */
  private nameDeadline = Infinity;

  /** The Protobuf schema and the types of which connections' frames (see setProtobuf). */
  private protobuf: { schema: CompiledSchema; bindings: readonly ProtobufBinding[] } | null = null;
  private pbVersion = 0;
  private pbResults = new WeakMap<FrameRow, DecodedFrame>();

  constructor(private readonly store: SessionStore) {}

  /**
   * The Protobuf schema and bindings: frames of a bound connection and direction decode by their
   * message type (while the connection's decoder is Auto or Protobuf). Names and views refresh.
   */
  setProtobuf(schema: CompiledSchema | null, bindings: readonly ProtobufBinding[]): void {
    this.protobuf = schema && bindings.length ? { schema, bindings } : null;
    this.pbVersion++;
    this.pbResults = new WeakMap();
    this.namesVersion++;
    this.version++;
    this.store.view.refresh();
  }

  /** The schema in use, when one is set (the composer encodes with it). */
  get protobufSchema(): CompiledSchema | null {
    return this.protobuf?.schema ?? null;
  }

  /** The binding that applies to a connection's frames in a direction, or undefined. */
  bindingOf(connKey: string, dir: 'sent' | 'received'): ProtobufBinding | undefined {
    const pb = this.protobuf;
    if (!pb) return undefined;
    const c = this.conns.get(connKey);
    const choice = c ? c.session.decoderChoice : (this.early.get(connKey) ?? 'auto');
    if (choice !== 'auto' && choice !== 'protobuf') return undefined;
    if (c) {
      if (c.pb?.version !== this.pbVersion) {
        const url = this.store.connections.get(connKey)?.url ?? '';
        c.pb = { version: this.pbVersion, sent: bindingFor(pb.bindings, url, 'sent'), received: bindingFor(pb.bindings, url, 'received') };
      }
      return c.pb[dir];
    }
    return bindingFor(pb.bindings, this.store.connections.get(connKey)?.url ?? '', dir);
  }

  /** A frame of a bound connection, decoded by its message type (cached per row). */
  private decodeBound(c: ConnDecoding, row: FrameRow, b: ProtobufBinding): DecodedFrame | null {
    const cached = this.pbResults.get(row);
    if (cached) return cached;
    const input = inflatingOf(c.session.kept[positionOf(c.session.kept, row.id)]);
    // A compressed frame that inflates to text is not of the type: the other decoders read it.
    if (input?.inflated && input.opcode === 'text') return null;
    const data = input?.inflated ? input.data : row.rec.data;
    if (typeof data === 'string') return null;
    let d: DecodedFrame;
    try {
      const r = decodeWithSchema(this.protobuf!.schema.registry, b, data);
      d = frameOf('protobuf', [{ type: r.typeLabel, name: r.name, summary: preview(r.json, 160), value: r.json, role: 'event' }]);
    } catch (err) {
      d = errorFrame('protobuf', `not a ${b.type}: ${errorMessage(err)}`);
    }
    if (input?.inflated) d = { ...d, note: describeInflated(input.inflated, INFLATE_CAP) };
    this.pbResults.set(row, d);
    return d;
  }

  /**
   * A frame decoded by its message type, as the composer opens it ("Edit and resend"): the JSON and
   * the type it was read as (an envelope with its fields). Null when the frame was not decoded so,
   * did not fit the type, or was compressed (its bytes on the wire are not the type's).
   */
  schemaJsonOf(row: FrameRow): { json: JsonValue; target: ProtobufTarget } | null {
    const c = this.conn(row.connKey);
    const b = c && this.protobuf ? this.bindingOf(row.connKey, row.rec.dir) : undefined;
    if (!c || !b || row.rec.opcode !== 'binary' || row.rec.truncated) return null;
    const d = this.decodeBound(c, row, b);
    if (!d || d.error !== undefined || inflatingOf(c.session.kept[positionOf(c.session.kept, row.id)])?.inflated) return null;
    const json = d.messages[0]?.value;
    if (json === undefined) return null;
    const target: ProtobufTarget = { type: b.type };
    if (b.typeField && b.payloadField) {
      target.typeField = b.typeField;
      target.payloadField = b.payloadField;
    }
    return { json: json as JsonValue, target };
  }

  /** Pushes the store's new frames into their connections' sessions; forgets evicted ones. */
  sync(): void {
    const rows = this.store.rows;
    // New rows: ids grow with position, so walk back from the end.
    let i = rows.length;
    while (i > 0 && rows[i - 1]!.id > this.lastId) i--;
    for (; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.kind === 'frame') this.push(r);
      this.lastId = r.id;
    }
    const first = rows.length ? rows[0]!.id : this.lastId + 1;
    if (first > this.firstId) {
      this.firstId = first;
      for (const [key, c] of this.conns) {
        if (!this.store.connections.has(key)) {
          this.conns.delete(key);
          continue;
        }
        const kept = c.session.kept;
        if (kept.length && kept[0]!.id < first) {
          c.session.dropBefore(first); // its frame list is the one read here (kept)
          c.pairing = null;
        }
        this.noticeRevision(c);
      }
    }
    for (const [key, c] of this.conns) {
      const conn = this.store.connections.get(key);
      if (conn && conn.state !== 'connecting' && c.session.info.protocol !== conn.protocol) c.session.setProtocol(conn.protocol);
      this.noticeRevision(c);
    }
  }

  private push(row: FrameRow): void {
    let c = this.conns.get(row.connKey);
    if (!c) {
      const conn = this.store.connections.get(row.connKey);
      c = {
        session: new DecodingSession<FrameRef>(infoOf(conn, row), this.early.get(row.connKey) ?? 'auto'),
        revision: 0,
        pairing: null,
      };
      this.early.delete(row.connKey);
      this.conns.set(row.connKey, c);
    }
    const ref: FrameRef = mayBeCompressed(row.rec.data) ? new InflatingRowInput(row) : row instanceof StoredFrameRow ? row : new RowInput(row);
    c.session.push(ref);
    this.noticeRevision(c);
  }

  private noticeRevision(c: ConnDecoding): void {
    if (c.revision !== c.session.revision) {
      c.revision = c.session.revision;
      this.namesVersion++;
    }
  }

  private conn(key: string): ConnDecoding | undefined {
    this.sync();
    return this.conns.get(key);
  }

  /** The decoded frame, or null when its connection is shown raw. */
  get(row: FrameRow): DecodedFrame | null {
    if (row.id > this.lastId) this.sync();
    const c = this.conns.get(row.connKey);
    if (!c) return null;
    const b = this.protobuf ? this.bindingOf(row.connKey, row.rec.dir) : undefined;
    if (b) {
      const bound = this.decodeBound(c, row, b);
      if (bound) return bound;
    }
    const d = c.session.get(row.id);
    this.noticeRevision(c);
    return withInflation(c, row.id, d);
  }

  /**
   * For the grid: the decoded frame if it is cheap to get now; undefined when a stateful decoder
   * would first have to read more than PEEK_BUDGET earlier frames: those are then decoded in the
   * background (idle slices) and `onReady` is called when done, so that opening a long log does
   * not freeze the panel.
   */
  peek(row: FrameRow, onReady: () => void): DecodedFrame | null | undefined {
    if (row.id > this.lastId) this.sync();
    const c = this.conns.get(row.connKey);
    if (!c) return null;
    if (c.session.pendingFor(row.id) > PEEK_BUDGET) {
      this.prefetchNames(onReady);
      return undefined;
    }
    return this.get(row);
  }

  /** True when the grid's pairing marks for this row are cheap now (see peek). */
  markIsCheap(row: FrameRow): boolean {
    const c = this.conns.get(row.connKey);
    if (!c) return true;
    const pos = positionOf(c.session.kept, row.id);
    const end = Math.min(c.session.kept.length, pos + 1 + PAIR_LOOKAHEAD);
    return end <= 0 || c.session.pendingFor(c.session.kept[end - 1]!.id) <= PEEK_BUDGET;
  }

  /** The decoded name of a frame ('' when raw or unnamed): the grid column and the name filter. */
  nameOf(row: FrameRow): string {
    const r = row as NamedRow;
    if (r[NAME_V] === this.namesVersion) return r[NAME]!;
    const d = this.get(row);
    const name = d ? d.name : '';
    r[NAME] = name;
    r[NAME_V] = this.namesVersion;
    return name;
  }

  /** How long one pass of the name filter may decode (NAME_BUDGET_MS; tests set it lower). */
  nameBudgetMs = NAME_BUDGET_MS;

  /** Starts a pass of the name filter: decoding for it may take `nameBudgetMs` from now. */
  beginNamePass(): void {
    this.nameDeadline = performance.now() + this.nameBudgetMs;
  }

  /**
   * The name filter's reading of a frame's name: as nameOf, but within the current pass's budget
   * (beginNamePass). Past it, a name that still needs decoding is undefined: the frames are then
   * decoded in the background and the store's view filtered again when they are.
   */
  nameWithinBudget(row: FrameRow): string | undefined {
    const r = row as NamedRow;
    if (r[NAME_V] === this.namesVersion) return r[NAME]!;
    if (row.id > this.lastId) this.sync();
    const c = this.conns.get(row.connKey);
    const bound = c && this.protobuf ? this.bindingOf(row.connKey, row.rec.dir) : undefined;
    if (c && bound) {
      // Decoded with the schema: within the pass's budget too, the rest in the background.
      if (!this.pbResults.has(row) && performance.now() > this.nameDeadline) {
        if (!this.prefetching) this.prefetchNames(this.refreshNamePending);
        return undefined;
      }
    } else if (c && !this.decodeWithinBudget(c, row.id)) {
      if (!this.prefetching) this.prefetchNames(this.refreshNamePending);
      return undefined;
    }
    return this.nameOf(row);
  }

  /** Once the background decoding is done: the name filter again, if it left frames pending. */
  private readonly refreshNamePending = (): void => {
    if (this.store.view.namePending > 0) this.store.view.refresh();
  };

  /** Decodes up to frame `id` in steps while the budget lasts; true when it is decoded. */
  private decodeWithinBudget(c: ConnDecoding, id: number): boolean {
    for (;;) {
      const pending = c.session.pendingFor(id);
      if (pending === 0) return true;
      if (performance.now() > this.nameDeadline) return false;
      if (pending <= NAME_STEP) {
        c.session.get(id);
        this.noticeRevision(c);
        return true;
      }
      // A stateful decoder: read the next NAME_STEP frames before this one, then look again.
      const pos = positionOf(c.session.kept, id);
      const step = c.session.kept[pos - pending + NAME_STEP];
      if (pos < 0 || step === undefined) return true;
      c.session.get(step.id);
      this.noticeRevision(c);
    }
  }

  /** The connection's decoder choice ('auto' until the user picks one). */
  choiceOf(connKey: string): DecoderChoice {
    return this.conns.get(connKey)?.session.decoderChoice ?? this.early.get(connKey) ?? 'auto';
  }

  /** The decoder in use on a connection (null: raw, or no frame yet). */
  activeOf(connKey: string): DecoderId | null {
    const c = this.conn(connKey);
    if (c && this.protobuf && (this.bindingOf(connKey, 'received') || this.bindingOf(connKey, 'sent'))) return 'protobuf';
    const active = c?.session.active ?? null;
    if (active !== null || !c || c.session.decoderChoice !== 'auto') return active;
    // Nothing detected, but compressed frames that inflate to JSON or Protobuf: those are read.
    for (let i = 0; i < Math.min(8, c.session.kept.length); i++) {
      const f = c.session.kept[i]!;
      if (inflatingOf(f)?.inflated) {
        const own = withInflation(c, f.id, null);
        if (own) return own.protocol;
      }
    }
    return null;
  }

  /** What automatic detection picks for a connection. */
  detectedOf(connKey: string): Detection | null {
    return this.conn(connKey)?.session.detected ?? null;
  }

  /** True when some connection among `keys` (or any) is decoded: the grid then shows the Name column. */
  anyDecoded(connKey: string | null): boolean {
    this.sync();
    if (connKey !== null) return this.activeOf(connKey) !== null;
    for (const [key, c] of this.conns) if (c.session.active !== null || this.activeOf(key) !== null) return true;
    return false;
  }

  setDecoder(connKey: string, choice: DecoderChoice): void {
    const c = this.conn(connKey);
    if (!c) {
      // No frame yet: the choice applies from the first one.
      this.early.set(connKey, choice);
      this.version++;
      return;
    }
    c.session.setDecoder(choice);
    c.pairing = null;
    this.noticeRevision(c);
    this.namesVersion++;
    this.version++;
  }

  /** The user's decoders changed or their results came: connections decoded with one decode again (false: there are none). */
  invalidateUser(): boolean {
    let any = false;
    for (const c of this.conns.values()) {
      if (c.session.decoderChoice !== 'user') continue;
      c.session.invalidate();
      c.pairing = null;
      this.noticeRevision(c);
      any = true;
    }
    // Nothing else is touched when no connection uses it (the panel's names and filter stay as they are).
    if (!any) return false;
    this.namesVersion++;
    this.version++;
    return true;
  }

  /** The exchanges a frame takes part in (as request or response), pairing its connection first. */
  exchangesOf(row: FrameRow): Exchange[] {
    const p = this.pairing(row.connKey, Infinity);
    return p?.byFrame.get(row.id) ?? [];
  }

  /**
   * The grid's mark for a frame: unanswered request, or latency of its exchange. Pairs up to
   * PAIR_LOOKAHEAD frames past the row while the connection is not decoded; once (nearly) all of
   * it is, to its end. A request with no response within the window has the rest of its
   * connection decoded in the background, and `onReady` is called when the mark can say more.
   */
  markOf(row: FrameRow, onReady?: () => void): PairMark | null {
    if (row.id > this.lastId) this.sync();
    const c = this.conns.get(row.connKey);
    if (!c) return null;
    const pos = positionOf(c.session.kept, row.id);
    const decodedToEnd = c.session.cachedCount >= c.session.kept.length - PAIR_LOOKAHEAD;
    const p = this.pairing(row.connKey, decodedToEnd ? Infinity : pos < 0 ? 0 : pos + 1 + PAIR_LOOKAHEAD);
    const list = p?.byFrame.get(row.id);
    if (!p || !list || list.length === 0) return null;
    const asRequest = list.find((e) => e.request.frame === row.id);
    if (asRequest) {
      const searchedToEnd = p.pos >= c.session.kept.length;
      if (asRequest.responses.length === 0 && !searchedToEnd && onReady) this.prefetchNames(onReady);
      return {
        role: 'request',
        unanswered: asRequest.responses.length === 0,
        latency: asRequest.latency,
        searchedToEnd,
      };
    }
    const ex = list[0]!;
    const first = ex.responses.find((r) => r.frame === row.id);
    return { role: 'response', unanswered: false, latency: first ? first.time - ex.request.time : ex.latency, searchedToEnd: true };
  }

  /** The connection's pairing, advanced over its first `upTo` frames (Infinity: all). */
  private pairing(connKey: string, upTo: number): ConnPairing | null {
    const c = this.conn(connKey);
    if (!c || c.session.active === null) return null;
    // Frames decoded with a Protobuf schema carry no requests or responses.
    if (this.protobuf && (this.bindingOf(connKey, 'received') || this.bindingOf(connKey, 'sent'))) return null;
    if (!c.pairing || c.pairing.revision !== c.session.revision) c.pairing = new ConnPairing(c.session.revision);
    const p = c.pairing;
    const end = Math.min(upTo, c.session.kept.length);
    if (p.pos < end) {
      // Decode that far first (stateful decoders may revise earlier frames on the way).
      c.session.get(c.session.kept[end - 1]!.id);
      if (p.revision !== c.session.revision) return this.pairing(connKey, upTo);
      for (; p.pos < end; p.pos++) {
        const f = c.session.kept[p.pos]!;
        p.add(f, c.session.get(f.id));
      }
    }
    return p;
  }

  /**
   * Decodes every connection's frames in the background, in slices of about `sliceMs` between
   * idle periods, so that the name filter finds the names ready. Returns a cancel function.
   */
  prefetchNames(onDone: () => void, sliceMs = 8): () => void {
    this.prefetchDone.add(onDone);
    if (this.prefetching) return () => this.prefetchDone.delete(onDone);
    this.prefetching = true;
    let cancelled = false;
    const step = () => {
      if (cancelled) return;
      this.sync();
      const until = performance.now() + sliceMs;
      for (const [key, c] of this.conns) {
        if (this.protobuf && (this.bindingOf(key, 'received') || this.bindingOf(key, 'sent'))) {
          for (let i = 0; i < c.session.kept.length; i++) {
            const f = c.session.kept[i]!;
            const row = rowOf(f);
            if (this.pbResults.has(row)) continue;
            this.get(row);
            if ((i & 63) === 63 && performance.now() > until) {
              schedule(step);
              return;
            }
          }
          continue;
        }
        if (c.session.active === null) continue;
        for (let i = 0; i < c.session.kept.length; i += 64) {
          const f = c.session.kept[Math.min(c.session.kept.length - 1, i + 63)]!;
          if (c.session.isDecoded(f.id)) continue;
          c.session.get(f.id);
          // Stateless sessions decode only the frame asked for: read the slice's others too.
          for (let k = i; k < Math.min(c.session.kept.length, i + 64); k++) c.session.get(c.session.kept[k]!.id);
          if (performance.now() > until) {
            schedule(step);
            return;
          }
        }
      }
      this.prefetching = false;
      const done = [...this.prefetchDone];
      this.prefetchDone.clear();
      for (const f of done) f();
    };
    schedule(step);
    return () => {
      cancelled = true;
      this.prefetching = false;
      this.prefetchDone.clear();
    };
  }
}

const annotated = new WeakMap<DecodedFrame, DecodedFrame>();
const inflatedOnly = new WeakMap<InflatingInput, DecodedFrame | null>();

/**
 * A decoded frame whose payload was compressed, with the note that says so and both sizes; a
 * compressed frame no decoder claimed is read as JSON when it inflates to JSON.
 */
function withInflation(c: ConnDecoding, id: number, d: DecodedFrame | null): DecodedFrame | null {
  const input = inflatingOf(c.session.kept[positionOf(c.session.kept, id)]);
  const x = input?.inflated;
  if (!input || !x) return d;
  if (d === null || ((d.error !== undefined || d.messages.length === 0) && c.session.decoderChoice === 'auto')) {
    let own = inflatedOnly.get(input);
    if (own === undefined) {
      own = null;
      if (input.opcode === 'text' && tryJson(input.data as string) !== undefined) own = getDecoder('json')!.create({}).decode(input).frame;
      else if (input.opcode === 'binary' && isWireMessage(input.data as Uint8Array)) own = getDecoder('protobuf')!.create({}).decode(input).frame;
      inflatedOnly.set(input, own);
    }
    if (own === null) return d;
    d = own;
  }
  let a = annotated.get(d);
  if (!a) {
    const note = describeInflated(x, INFLATE_CAP);
    a = { ...d, note: d.note ? `${note}; ${d.note}` : note };
    annotated.set(d, a);
  }
  return a;
}

function positionOf(frames: readonly FrameRef[], id: number): number {
  let lo = 0;
  let hi = frames.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = frames[mid]!.id;
    if (x === id) return mid;
    if (x < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function schedule(fn: () => void): void {
  const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
  if (ric) ric(fn, { timeout: 100 });
  else setTimeout(fn, 0);
}

function infoOf(conn: Connection | undefined, row: FrameRow): ConnectionInfo {
  if (!conn) return { url: '', protocols: [], protocol: '' };
  return {
    url: conn.url,
    protocols: conn.protocols,
    protocol: conn.state === 'connecting' && row.rec.time < (conn.openedAt ?? Infinity) ? undefined : conn.protocol,
  };
}

/** The human name of a decoder. */
export function decoderName(id: DecoderId | null): string {
  return id === null ? 'Raw' : (getDecoder(id)?.name ?? id);
}

const decodings = new WeakMap<SessionStore, PanelDecoding>();

/** The decoding of a store (one per store, created on first use; wires the store's name filter). */
export function decodingOf(store: SessionStore): PanelDecoding {
  let d = decodings.get(store);
  if (!d) {
    const dec = new PanelDecoding(store);
    d = dec;
    decodings.set(store, dec);
    store.view.setNameResolver(
      (row) => dec.nameWithinBudget(row),
      () => dec.beginNamePass(),
    );
    watchUserDecoders(store, dec);
    watchProtobufSchema(dec);
  }
  return d;
}
