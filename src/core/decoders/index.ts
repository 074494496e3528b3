/**
 * Protocol decoders: the list, detection, a per-connection decoding session, and
 * request/response pairing. Pure: no browser APIs, no UI.
 *
 *   const session = new DecodingSession({ url, protocols, protocol });
 *   session.push({ id, dir, opcode, data, time });      // every frame, in order (cheap)
 *   session.get(id)                                      // DecodedFrame, or null for raw
 *   session.setDecoder('mqtt' | 'auto' | 'raw')          // the per-connection picker
 *   pairFrames(frames.map((f) => ({ id, dir, time, decoded: session.get(id) })))
 *
 * Detection looks at the negotiated subprotocol first, then the URL and the first frames.
 * Decoding is lazy: `get` decodes the frame asked for (stateless decoders) or the frames up to it, in
 * order (stateful ones), once; results are cached.
 */
import type { Direction } from '../protocol';
import { actionCableDecoder } from './actioncable';
import { bayeuxDecoder } from './bayeux';
import { centrifugoDecoder } from './centrifugo';
import { cborDecoder, jsonDecoder, msgpackDecoder } from './binary';
import { graphqlDecoder } from './graphql';
import { jsonRpcDecoder } from './jsonrpc';
import { mqttDecoder } from './mqtt';
import { phoenixDecoder } from './phoenix';
import { pusherDecoder } from './pusher';
import { protobufDecoder } from './protobuf';
import { signalrDecoder } from './signalr';
import { socketIoDecoder } from './socketio';
import { sockjsDecoder } from './sockjs';
import { stompDecoder } from './stomp';
import { userDecoder } from './user';
import { wampDecoder } from './wamp';
import { yjsDecoder } from './yjs';
import type { ConnectionInfo, DecodedFrame, DecodeInput, Decoder, DecoderId, DecoderState } from './types';
import { errorFrame } from './util';

export type * from './types';

/** Every decoder, in the order of the picker. */
export const DECODERS: readonly Decoder[] = [
  socketIoDecoder,
  sockjsDecoder,
  stompDecoder,
  mqttDecoder,
  graphqlDecoder,
  jsonRpcDecoder,
  signalrDecoder,
  phoenixDecoder,
  actionCableDecoder,
  wampDecoder,
  bayeuxDecoder,
  pusherDecoder,
  centrifugoDecoder,
  yjsDecoder,
  msgpackDecoder,
  cborDecoder,
  protobufDecoder,
  jsonDecoder,
  userDecoder,
];

/** For the picker: `{ id, name }` of every decoder. */
export const DECODER_OPTIONS: readonly { id: DecoderId; name: string }[] = DECODERS.map((d) => ({ id: d.id, name: d.name }));

export function getDecoder(id: string): Decoder | undefined {
  return DECODERS.find((d) => d.id === id);
}

export interface Detection {
  /** The decoder to use, or null: show raw. */
  id: DecoderId | null;
  /** What decided it. */
  by: 'subprotocol' | 'content' | 'url' | 'none';
  /** Total score of the winner (1 for a subprotocol). */
  score: number;
  /** True once enough frames were seen (or a subprotocol decided): detection will not change. */
  settled: boolean;
}

/** How many frames detection looks at. */
const DETECT_FRAMES = 8;

/**
 * Picks a decoder for a connection: the negotiated subprotocol first (or, before the socket is
 * open, one the page asked for), then the URL and the content of the first `DETECT_FRAMES` frames.
 */
export function detect(info: ConnectionInfo, frames: readonly DecodeInput[] = []): Detection {
  const proto = (info.protocol ?? '').toLowerCase();
  if (proto) {
    const d = DECODERS.find((x) => x.subprotocols.includes(proto));
    if (d) return { id: d.id, by: 'subprotocol', score: 1, settled: true };
  } else if (info.protocol === undefined && info.protocols?.length) {
    for (const p of info.protocols) {
      const d = DECODERS.find((x) => x.subprotocols.includes(p.toLowerCase()));
      if (d) return { id: d.id, by: 'subprotocol', score: 0.9, settled: false };
    }
  }
  const url = info.url ?? '';
  const sample = frames.slice(0, DETECT_FRAMES);
  let best: Decoder | null = null;
  let bestScore = 0;
  let bestContent = 0;
  for (const d of DECODERS) {
    let content = 0;
    for (const f of sample) {
      try {
        content += d.sniff(f);
      } catch {
        /* a sniffer never decides by throwing */
      }
    }
    const score = content + d.urlScore(url);
    if (score > bestScore) {
      best = d;
      bestScore = score;
      bestContent = content;
    }
  }
  const settled = sample.length >= DETECT_FRAMES;
  if (!best || bestScore < 0.5) return { id: null, by: 'none', score: bestScore, settled };
  return { id: best.id, by: bestContent > 0 ? 'content' : 'url', score: bestScore, settled };
}

export type DecoderChoice = DecoderId | 'auto' | 'raw';

/**
 * The decoding of one connection. Frames are pushed in order (cheap: nothing is decoded then);
 * `get` decodes lazily, in order, and caches. Stateful decoders may revise an earlier frame (a
 * Socket.IO event completed by its attachments, a truncated MQTT packet): `revision` then grows,
 * so a view knows to read again.
 */
export class DecodingSession<F extends DecodeInput = DecodeInput> {
  private choice: DecoderChoice;
  private detection: Detection | null = null;
  private state: DecoderState | null = null;
  private activeId: DecoderId | null = null;
  private stateless = false;
  /** The frames kept, as pushed. The panel pushes ascending ids: a position is then found by binary search, with no index entry per frame. */
  private readonly frames: F[] = [];
  /** Positions by id, built only once a frame arrives out of id order. */
  private index: Map<number, number> | null = null;
  private readonly results = new Map<number, DecodedFrame>();
  /** Offset of frames[0] in the connection (frames dropped from the front). */
  private base = 0;
  /** Position (absolute) of the next frame to decode. */
  private next = 0;
  /** Grows whenever already returned results may have changed. */
  revision = 0;

  /** The connection as given (a copy: `setProtocol` updates it). */
  readonly info: ConnectionInfo;

  constructor(info: ConnectionInfo, choice: DecoderChoice = 'auto') {
    this.info = { ...info };
    this.choice = choice;
  }

  /** The user's choice: a decoder id, 'auto' or 'raw'. */
  get decoderChoice(): DecoderChoice {
    return this.choice;
  }

  /** The decoder in use (after detection), or null for raw. */
  get active(): DecoderId | null {
    this.ensureDecoder();
    return this.activeId;
  }

  /** The automatic detection (computed on demand). */
  get detected(): Detection {
    this.ensureDecoder();
    return this.detection ?? detect(this.info, this.frames);
  }

  /** The frames kept, oldest first, as pushed (the panel's decoding keeps no list of its own). */
  get kept(): readonly F[] {
    return this.frames;
  }

  /** Sets the connection's subprotocol once it is known (the socket opened). */
  setProtocol(protocol: string): void {
    if (this.info.protocol === protocol) return;
    this.info.protocol = protocol;
    if (this.choice === 'auto') this.reset();
  }

  /** Forces a decoder ('raw': none; 'auto': detection). Decoding starts again from the first frame. */
  setDecoder(choice: DecoderChoice): void {
    if (choice === this.choice) return;
    this.choice = choice;
    this.reset();
  }

  /** Forgets every decoded result (the user's decoder changed, or its results came): decoded again on the next `get`. */
  invalidate(): void {
    this.reset();
  }

  push(frame: F): void {
    const last = this.frames[this.frames.length - 1];
    if (this.index === null && last !== undefined && frame.id <= last.id) {
      this.index = new Map();
      for (let i = 0; i < this.frames.length; i++) this.index.set(this.frames[i]!.id, this.base + i);
    }
    this.index?.set(frame.id, this.base + this.frames.length);
    this.frames.push(frame);
    // Provisional detection: look again while the first frames arrive.
    if (this.choice === 'auto' && this.detection && !this.detection.settled && this.frames.length + this.base <= DETECT_FRAMES) {
      const d = detect(this.info, this.frames);
      if (d.id !== this.detection.id) this.reset();
      else this.detection = d;
    }
  }

  /** Forgets frames older than `id` (the store evicted them). Decoder state is kept. */
  dropBefore(id: number): void {
    let n = 0;
    while (n < this.frames.length && this.frames[n]!.id < id) {
      this.results.delete(this.frames[n]!.id);
      this.index?.delete(this.frames[n]!.id);
      n++;
    }
    if (n === 0) return;
    if (!this.stateless) this.ensureDecoded(this.base + n - 1); // state must have seen them before they go
    for (let i = 0; i < n; i++) this.results.delete(this.frames[i]!.id);
    this.frames.splice(0, n);
    this.base += n;
  }

  /**
   * How many frames `get(id)` would decode now: 0 when cached or raw, 1 for a stateless decoder,
   * for a stateful one the frames from the last decoded one up to this one.
   */
  pendingFor(id: number): number {
    const pos = this.positionOf(id);
    if (pos === undefined || this.results.has(id)) return 0;
    this.ensureDecoder();
    if (!this.state) return 0;
    if (this.stateless) return 1;
    return Math.max(0, pos - this.next + 1);
  }

  /** True when the frame's decoding is cached (reading it costs nothing). */
  isDecoded(id: number): boolean {
    return this.results.has(id);
  }

  /** How many frames have a cached decoding (for tests and diagnostics). */
  get cachedCount(): number {
    return this.results.size;
  }

  /** The decoded frame, or null when the connection is shown raw (or the id is unknown). */
  get(id: number): DecodedFrame | null {
    const pos = this.positionOf(id);
    if (pos === undefined) return null;
    this.ensureDecoder();
    if (!this.state) return null;
    this.ensureDecoded(pos);
    return this.results.get(id) ?? null;
  }

  /** The absolute position of frame `id`, or undefined when it is not kept. */
  private positionOf(id: number): number | undefined {
    if (this.index !== null) return this.index.get(id);
    const frames = this.frames;
    let lo = 0;
    let hi = frames.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = frames[mid]!.id;
      if (at === id) return this.base + mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private reset(): void {
    this.detection = null;
    this.state = null;
    this.activeId = null;
    this.results.clear();
    this.next = this.base;
    this.revision++;
  }

  private ensureDecoder(): void {
    if (this.state || this.activeId !== null || this.detection) return;
    let id: DecoderId | null;
    if (this.choice === 'raw') id = null;
    else if (this.choice === 'auto') {
      this.detection = detect(this.info, this.frames);
      id = this.detection.id;
    } else id = this.choice;
    if (this.choice !== 'auto') this.detection = { id, by: 'none', score: 0, settled: true };
    const dec = id ? getDecoder(id) : undefined;
    this.activeId = dec ? dec.id : null;
    this.state = dec ? dec.create(this.info) : null;
    this.stateless = dec?.stateless === true;
  }

  private decodeOne(state: DecoderState, f: DecodeInput): ReturnType<DecoderState['decode']> {
    try {
      return state.decode(f);
    } catch (err) {
      return { frame: errorFrame(this.activeId!, err) };
    }
  }

  private ensureDecoded(pos: number): void {
    this.ensureDecoder();
    const state = this.state;
    if (!state || !this.activeId) return;
    if (this.stateless) {
      const f = this.frames[pos - this.base];
      if (f && !this.results.has(f.id)) this.results.set(f.id, this.decodeOne(state, f).frame);
      return;
    }
    while (this.next <= pos) {
      const f = this.frames[this.next - this.base];
      this.next++;
      if (!f) continue;
      const r = this.decodeOne(state, f);
      this.results.set(f.id, r.frame);
      if (r.updates?.size) {
        for (const [id, fr] of r.updates) if (this.positionOf(id) !== undefined) this.results.set(id, fr);
        this.revision++;
      }
    }
  }
}

/** Decodes a whole connection at once (tests, export). */
export function decodeConnection(info: ConnectionInfo, frames: readonly DecodeInput[], choice: DecoderChoice = 'auto'): { session: DecodingSession; decoded: (DecodedFrame | null)[] } {
  const session = new DecodingSession(info, choice);
  for (const f of frames) session.push(f);
  // Decode everything first: later frames may revise earlier ones.
  if (frames.length) session.get(frames[frames.length - 1]!.id);
  const decoded = frames.map((f) => session.get(f.id));
  return { session, decoded };
}

// ───────────────────────────── pairing ─────────────────────────────

export interface PairInput {
  id: number;
  dir: Direction;
  time: number;
  decoded: DecodedFrame | null | undefined;
}

/** A message within a frame: the frame's id and the message's index in `DecodedFrame.messages`. */
export interface MessageRef {
  frame: number;
  message: number;
  time: number;
}

export interface Exchange {
  key: string;
  /** Name of the request (method, event, operation…). */
  name: string;
  /** Direction the request travelled. */
  dir: Direction;
  request: MessageRef;
  /** Answers in order (GraphQL subscriptions and SignalR streams may have several). */
  responses: MessageRef[];
  /** Time from the request to its first response (ms), null while unanswered. */
  latency: number | null;
  /** A final response came. */
  done: boolean;
}

export interface Pairing {
  exchanges: Exchange[];
  /** Exchanges each frame takes part in (as request or response). */
  byFrame: Map<number, Exchange[]>;
  /** Requests that no response answered. */
  unanswered: Exchange[];
  /** Responses no request in the given frames asked for. */
  orphans: MessageRef[];
}

/**
 * Links requests to their responses: a `response` message answers the latest open `request` with
 * the same key that travelled the other way (ids are chosen per sender, so the two directions
 * have their own id spaces). Pure; O(messages).
 */
export function pairFrames(frames: Iterable<PairInput>): Pairing {
  const open = new Map<string, Exchange>();
  const exchanges: Exchange[] = [];
  const byFrame = new Map<number, Exchange[]>();
  const orphans: MessageRef[] = [];
  const link = (frame: number, ex: Exchange) => {
    const list = byFrame.get(frame);
    if (!list) byFrame.set(frame, [ex]);
    else if (!list.includes(ex)) list.push(ex);
  };
  for (const f of frames) {
    const d = f.decoded;
    if (!d || d.messages.length === 0) continue;
    const msgs = d.messages;
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i]!;
      if (m.key === undefined || m.role === 'event') continue;
      if (m.role === 'request') {
        const ex: Exchange = { key: m.key, name: m.name, dir: f.dir, request: { frame: f.id, message: i, time: f.time }, responses: [], latency: null, done: false };
        open.set(`${f.dir}\u0000${m.key}`, ex);
        exchanges.push(ex);
        link(f.id, ex);
      } else {
        const k = `${f.dir === 'sent' ? 'received' : 'sent'}\u0000${m.key}`;
        const ex = open.get(k);
        const ref = { frame: f.id, message: i, time: f.time };
        if (!ex) {
          orphans.push(ref);
          continue;
        }
        ex.responses.push(ref);
        if (ex.latency === null) ex.latency = f.time - ex.request.time;
        if (m.final !== false) {
          ex.done = true;
          open.delete(k);
        }
        link(f.id, ex);
      }
    }
  }
  return { exchanges, byFrame, unanswered: exchanges.filter((e) => e.responses.length === 0), orphans };
}
