/**
 * The test client's Socket.IO mode: a Socket.IO client over the connection's one WebSocket,
 * speaking Engine.IO 4 with Socket.IO protocol 5 (socket.io v3/v4 servers) or Engine.IO 3 with
 * protocol 4 (socket.io v2), chosen or detected from the server's open packet.
 *
 * Packets are encoded and decoded with the project's protocol libraries: engine.io-parser for the
 * Engine.IO packets, socket.io-parser's Encoder and Decoder for the Socket.IO ones. Protocol 4
 * (v2) writes events, acks, binary events (placeholders plus one frame per attachment) and a
 * namespace's connect (`0/admin,`) exactly as protocol 5 does, so the same parser serves both;
 * what differs is handled here: v2 servers connect the main namespace themselves and take the
 * auth payload as query parameters (there is no auth in their connect packet), Engine.IO 3 has
 * the client ping (v4: the server pings, the client answers) and prefixes each binary WebSocket
 * frame with a 0x04 byte.
 *
 * The raw frames go to the connection's log as ever; this session writes the events to its own
 * log (`events`): sent and received events as `["name", ...args]`, acks with their latency, binary
 * arguments as `{"$binary": "<Base64>"}` (the same form the user writes them in).
 */
import { decodePacket, encodePacket } from 'engine.io-parser';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import { base64ToBytes, bytesToBase64, utf8Length } from '../core/codec';
import type { ClientLog, MarkerLevel } from './client-log';

export type SioVersion = 'auto' | 'v4' | 'v2';

export interface SioSettings {
  version: SioVersion;
  /** The namespace, `/` by default. */
  namespace: string;
  /** The server's path, `/socket.io/` by default. */
  path: string;
  /** The auth payload (a JSON object), or '' for none. */
  auth: string;
  /** Event names to show; empty: every event. */
  listen: string[];
}

export const DEFAULT_SIO: SioSettings = { version: 'auto', namespace: '/', path: '/socket.io/', auth: '', listen: [] };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** The auth payload as an object (or null when empty). */
export function parseAuth(text: string): Checked<Record<string, unknown> | null> {
  if (text.trim() === '') return { ok: true, value: null };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The auth payload is not JSON: ${e instanceof Error ? e.message : String(e)}.` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ok: false, error: 'The auth payload must be a JSON object, e.g. {"token": "…"}.' };
  return { ok: true, value: v as Record<string, unknown> };
}

/**
 * The WebSocket URL of a Socket.IO server: the user's URL (http(s) or ws(s), its own query kept)
 * with the path, `EIO=` and `transport=websocket`; for v2, the auth payload's fields as query
 * parameters.
 */
export function engineUrl(url: string, s: SioSettings, auth: Record<string, unknown> | null): Checked<string> {
  let u: URL;
  try {
    u = new URL(url.replace(/^http/i, 'ws'));
  } catch {
    return { ok: false, error: `Not a URL: "${url}". Give the server's address, e.g. http://localhost:3000.` };
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') return { ok: false, error: `A Socket.IO server is reached over http(s) or ws(s), not ${u.protocol}` };
  let path = s.path.trim() || '/socket.io/';
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.endsWith('/')) path += '/';
  // A URL that names the engine path already keeps it; otherwise the server's path replaces "/".
  if (u.pathname === '/' || u.pathname === '') u.pathname = path;
  u.searchParams.set('EIO', s.version === 'v2' ? '3' : '4');
  u.searchParams.set('transport', 'websocket');
  if (s.version === 'v2' && auth)
    for (const [k, v] of Object.entries(auth)) u.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return { ok: true, value: u.toString() };
}

/** Parses the arguments field: a JSON array (or empty), `{"$binary": "<Base64>"}` for a binary argument. */
export function parseArgs(text: string): Checked<unknown[]> {
  if (text.trim() === '') return { ok: true, value: [] };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The arguments are not JSON: ${e instanceof Error ? e.message : String(e)}. Write a JSON array, e.g. ["hello", {"n": 1}].` };
  }
  if (!Array.isArray(v)) return { ok: false, error: 'The arguments must be a JSON array, e.g. ["hello", {"n": 1}] (one element per argument).' };
  try {
    return { ok: true, value: v.map(toWireValue) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function isBinaryMarker(v: unknown): v is { $binary: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $binary?: unknown }).$binary === 'string';
}

function toWireValue(v: unknown): unknown {
  if (isBinaryMarker(v)) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v.$binary.replace(/\s+/g, ''))) throw new Error(`Not Base64 in {"$binary": "${v.$binary}"}.`);
    return base64ToBytes(v.$binary.replace(/\s+/g, ''));
  }
  if (Array.isArray(v)) return v.map(toWireValue);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWireValue(x)]));
  return v;
}

/** Binary values (ArrayBuffer, views, Node Buffers) as `{"$binary": …}`, for display. */
function toShownValue(v: unknown): unknown {
  if (v instanceof ArrayBuffer) return { $binary: bytesToBase64(new Uint8Array(v)) };
  if (ArrayBuffer.isView(v)) return { $binary: bytesToBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (Array.isArray(v)) return v.map(toShownValue);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toShownValue(x)]));
  return v;
}

export interface SioTransport {
  send(data: string | Uint8Array): boolean;
  close(code?: number, reason?: string): void;
}

export interface SioDeps {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(t: unknown): void;
}

export type SioPhase = 'idle' | 'handshake' | 'connected' | 'refused';

interface SioPacket {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

/** What a test or the page waits on: every received event, in order. */
export interface ReceivedEvent {
  name: string;
  args: unknown[];
  time: number;
}

const EIO3_BINARY_PREFIX = 4;

export class SioSession {
  phase: SioPhase = 'idle';
  /** The protocol in use once the open packet has been read. */
  version: 'v4' | 'v2' | null = null;
  sid = '';
  private decoder: Decoder | null = null;
  private readonly encoder = new Encoder();
  private conn = 0;
  private seq = 0;
  private nextAckId = 0;
  private readonly acks = new Map<number, { event: string; sent: number }>();
  private pinger: unknown = null;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(e: ReceivedEvent) => void>();

  constructor(
    private settings: SioSettings,
    private readonly events: ClientLog,
    private readonly transport: SioTransport,
    private readonly deps: SioDeps,
  ) {}

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  onEvent(l: (e: ReceivedEvent) => void): () => void {
    this.eventListeners.add(l);
    return () => this.eventListeners.delete(l);
  }

  private set(patch: Partial<Pick<SioSession, 'phase' | 'version' | 'sid'>>): void {
    Object.assign(this, patch);
    for (const l of this.listeners) l();
  }

  setSettings(s: SioSettings): void {
    this.settings = s;
  }

  private get nsp(): string {
    const n = this.settings.namespace.trim();
    return n === '' ? '/' : n.startsWith('/') ? n : `/${n}`;
  }

  private mark(text: string, level: MarkerLevel): void {
    this.events.mark(text, level, this.deps.now());
  }

  /** The WebSocket opened: wait for the Engine.IO open packet. */
  onOpen(url: string): void {
    this.stopPing();
    this.conn = this.events.nextConn++;
    this.seq = 0;
    this.acks.clear();
    this.decoder?.destroy();
    const decoder = new Decoder();
    decoder.on('decoded', (p: SioPacket) => this.onPacket(p));
    this.decoder = decoder;
    this.events.add({ type: 'connection', conn: this.conn, seq: 0, time: this.deps.now(), url, protocols: [], frameUrl: 'test client', initiator: '' });
    this.events.add({ type: 'open', conn: this.conn, seq: ++this.seq, time: this.deps.now(), protocol: '', extensions: '' });
    this.set({ phase: 'handshake', version: null, sid: '' });
  }

  /** The WebSocket closed; returns why reconnecting would not help, if so. */
  onClose(code: number, reason: string): string | undefined {
    this.stopPing();
    if (this.phase === 'idle') return undefined;
    const neverOpened = this.version === null && this.phase === 'handshake';
    this.events.add({ type: 'close', conn: this.conn, seq: ++this.seq, time: this.deps.now(), code, reason, wasClean: code !== 1006 });
    this.set({ phase: 'idle' });
    if (!neverOpened) return undefined;
    const eio = this.settings.version === 'v2' ? 'Engine.IO 3 (Socket.IO v2)' : 'Engine.IO 4 (Socket.IO v3/v4)';
    const other = this.settings.version === 'v2' ? '"v3/v4" or "Detect"' : '"v2"';
    const why = `The server closed the connection before any Engine.IO open packet: it does not accept ${eio}, or is not a Socket.IO server at this path. Choose ${other}, or check the path.`;
    this.mark(why, 'error');
    return why;
  }

  /** A frame from the server. */
  onMessage(data: string | ArrayBuffer): void {
    if (this.phase === 'idle' || this.phase === 'refused') return;
    if (typeof data !== 'string') {
      let bytes = new Uint8Array(data);
      if (this.version === 'v2') {
        if (bytes[0] !== EIO3_BINARY_PREFIX) return this.protocolError('an Engine.IO 3 binary frame that does not start with 0x04');
        bytes = bytes.subarray(1);
      }
      this.feed(bytes.slice().buffer);
      return;
    }
    const packet = decodePacket(data) as { type: string; data?: unknown };
    if (this.version === null) {
      if (packet.type !== 'open') return this.unsupported(data);
      return this.onEngineOpen(typeof packet.data === 'string' ? packet.data : '');
    }
    switch (packet.type) {
      case 'ping':
        // Engine.IO 4: the server pings, the client answers. A server detected as v2 that pings
        // is an Engine.IO 4 server without `maxPayload` (socket.io v3): switch.
        if (this.version === 'v2' && this.settings.version === 'auto') {
          this.mark('The server pings: it speaks Engine.IO 4 (Socket.IO v3), not v2. Switched to protocol 5.', 'warn');
          this.stopPing();
          this.set({ version: 'v4' });
          this.sendConnect();
        }
        this.sendEngine('pong');
        return;
      case 'pong':
        return;
      case 'close':
        this.mark('The server closed the Engine.IO session.', 'warn');
        return;
      case 'message':
        this.feed(typeof packet.data === 'string' ? packet.data : '');
        return;
      case 'error':
        return this.protocolError(`a frame that is not an Engine.IO packet (${preview(data)})`);
      default:
        return;
    }
  }

  private feed(chunk: string | ArrayBuffer): void {
    try {
      this.decoder?.add(chunk);
    } catch (e) {
      this.protocolError(`a Socket.IO packet it cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  private onEngineOpen(json: string): void {
    let info: { sid?: unknown; pingInterval?: unknown; pingTimeout?: unknown; maxPayload?: unknown };
    try {
      info = JSON.parse(json) as typeof info;
    } catch {
      return this.unsupported(`0${json}`);
    }
    const detected: 'v4' | 'v2' = 'maxPayload' in info ? 'v4' : 'v2';
    const version = this.settings.version === 'auto' ? detected : this.settings.version;
    this.set({ version, sid: typeof info.sid === 'string' ? info.sid : '' });
    const how = this.settings.version === 'auto' ? 'detected' : 'chosen';
    this.mark(
      version === 'v4'
        ? `Engine.IO 4 session ${this.sid} (Socket.IO v3/v4, ${how}); connecting to namespace ${this.nsp}…`
        : `Engine.IO 3 session ${this.sid} (Socket.IO v2, ${how}); connecting to namespace ${this.nsp}…`,
      'info',
    );
    if (version === 'v2') {
      const interval = typeof info.pingInterval === 'number' && info.pingInterval > 0 ? info.pingInterval : 25_000;
      this.pinger = this.deps.setInterval(() => this.sendEngine('ping'), interval);
      // The server connects "/" itself; another namespace is asked for (its query: the engine URL's).
      if (this.nsp !== '/') this.sendSio({ type: PacketType.CONNECT, nsp: this.nsp });
    } else this.sendConnect();
  }

  private sendConnect(): void {
    const auth = parseAuth(this.settings.auth);
    this.sendSio({ type: PacketType.CONNECT, nsp: this.nsp, ...(auth.ok && auth.value ? { data: auth.value } : {}) });
  }

  private onPacket(p: SioPacket): void {
    if (p.nsp !== this.nsp) {
      // v2 servers always connect "/" as well; nothing to show for it.
      if (this.version === 'v2' && p.nsp === '/' && p.type === PacketType.CONNECT) return;
      return;
    }
    switch (p.type) {
      case PacketType.CONNECT: {
        const sid = typeof p.data === 'object' && p.data !== null ? (p.data as { sid?: unknown }).sid : undefined;
        this.set({ phase: 'connected' });
        this.mark(`Connected to namespace ${this.nsp}${typeof sid === 'string' ? ` (socket id ${sid})` : ''}.`, 'ok');
        return;
      }
      case PacketType.CONNECT_ERROR: {
        const d = p.data;
        const message = typeof d === 'string' ? d : typeof d === 'object' && d !== null && typeof (d as { message?: unknown }).message === 'string' ? (d as { message: string }).message : JSON.stringify(d);
        const data = typeof d === 'object' && d !== null && 'data' in d ? ` ${JSON.stringify((d as { data: unknown }).data)}` : '';
        this.mark(`The server refused namespace ${this.nsp}: "${message}"${data}.`, 'error');
        this.set({ phase: 'refused' });
        return;
      }
      case PacketType.DISCONNECT:
        this.mark(`The server disconnected this socket from namespace ${this.nsp}.`, 'warn');
        this.set({ phase: 'refused' });
        return;
      case PacketType.EVENT:
      case PacketType.BINARY_EVENT: {
        const [name, ...args] = Array.isArray(p.data) ? (p.data as unknown[]) : [];
        const ev = { name: String(name), args: args.map(toShownValue), time: this.deps.now() };
        for (const l of this.eventListeners) l(ev);
        const listen = this.settings.listen;
        if (listen.length > 0 && !listen.includes(ev.name)) return;
        this.logFrame('received', JSON.stringify([ev.name, ...ev.args]));
        return;
      }
      case PacketType.ACK:
      case PacketType.BINARY_ACK: {
        const pending = p.id === undefined ? undefined : this.acks.get(p.id);
        if (p.id !== undefined) this.acks.delete(p.id);
        const args = (Array.isArray(p.data) ? (p.data as unknown[]) : []).map(toShownValue);
        const ms = pending ? Math.round(this.deps.now() - pending.sent) : null;
        this.logFrame('received', JSON.stringify({ ack: p.id ?? null, event: pending?.event ?? null, ms, args }));
        for (const l of this.eventListeners) l({ name: `ack:${pending?.event ?? ''}`, args, time: this.deps.now() });
        return;
      }
    }
  }

  /** Emits an event; returns an error in words when it cannot. */
  emit(event: string, args: unknown[], withAck: boolean): string | null {
    if (this.phase !== 'connected') return this.phase === 'refused' ? `Not connected to namespace ${this.nsp}: the server refused it.` : 'Not connected: connect first, then emit.';
    if (event.trim() === '') return 'Name the event to emit.';
    const id = withAck ? this.nextAckId++ : undefined;
    if (id !== undefined) this.acks.set(id, { event, sent: this.deps.now() });
    if (!this.sendSio({ type: PacketType.EVENT, nsp: this.nsp, data: [event, ...args], ...(id !== undefined ? { id } : {}) })) return 'Not connected: the connection is not open.';
    this.logFrame('sent', JSON.stringify([event, ...args.map(toShownValue)]));
    return null;
  }

  private logFrame(dir: 'sent' | 'received', text: string): void {
    this.events.add({ type: 'frame', conn: this.conn, seq: ++this.seq, time: this.deps.now(), dir, opcode: 'text', data: text, size: utf8Length(text), truncated: false });
  }

  private sendEngine(type: 'ping' | 'pong' | 'message', data?: string): boolean {
    let out = '';
    encodePacket({ type, data }, false, (encoded) => {
      out = encoded as string;
    });
    return this.transport.send(out);
  }

  private sendSio(p: SioPacket): boolean {
    const parts = this.encoder.encode(p) as Array<string | ArrayBuffer | ArrayBufferView>;
    let ok = true;
    for (const part of parts) {
      if (typeof part === 'string') ok = this.sendEngine('message', part) && ok;
      else {
        const bytes = part instanceof ArrayBuffer ? new Uint8Array(part) : new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
        if (this.version === 'v2') {
          const framed = new Uint8Array(bytes.length + 1);
          framed[0] = EIO3_BINARY_PREFIX;
          framed.set(bytes, 1);
          ok = this.transport.send(framed) && ok;
        } else ok = this.transport.send(bytes.slice()) && ok;
      }
    }
    return ok;
  }

  private unsupported(first: string): void {
    const hint = /^\d::/.test(first) ? ' (it looks like Socket.IO 0.9, whose packets read "1::")' : '';
    this.mark(
      `This server does not speak a supported Socket.IO version${hint}: its first frame, ${preview(first)}, is not an Engine.IO open packet. The test client speaks Socket.IO v2 (Engine.IO 3) and v3/v4 (Engine.IO 4).`,
      'error',
    );
    this.set({ phase: 'refused' });
    this.transport.close(1000, 'unsupported Socket.IO version');
  }

  private protocolError(what: string): void {
    this.mark(`The server sent ${what}; the connection was closed.`, 'error');
    this.set({ phase: 'refused' });
    this.transport.close(1002, 'protocol error');
  }

  private stopPing(): void {
    if (this.pinger !== null) this.deps.clearInterval(this.pinger);
    this.pinger = null;
  }

  dispose(): void {
    this.stopPing();
    this.decoder?.destroy();
  }
}

function preview(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}
