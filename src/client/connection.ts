/**
 * The test client's connection: one WebSocket at a time, with auto-reconnect (backoff), a
 * heartbeat, a chosen close code, and a diagnosis when a connection fails before it opens. Every
 * event goes to the ClientLog as capture records (frames, open, close) and markers.
 * Browser APIs (WebSocket, timers, fetch) are injected so that the logic is unit-tested.
 * Over 500 lines on purpose: one state machine (connect, open, reconnect, heartbeat, close,
 * diagnosis) whose transitions are easier to check together, in one place.
 */
import type { BackoffOptions } from '../core/backoff';
import { backoffDelay } from '../core/backoff';
import { bytesToBase64, truncateUtf8, utf8Length } from '../core/codec';
import { describeCloseCode } from '../core/close-codes';
import { formatDuration } from '../core/format';
import type { ClientLog } from './client-log';

export interface ConnectOptions {
  url: string;
  protocols: string[];
  reconnect: BackoffOptions & { enabled: boolean };
  heartbeat: { enabled: boolean; intervalMs: number; message: string };
  /** Give up a connection that has not opened after this long (0: wait as long as the browser does). */
  connectTimeoutMs?: number;
  /** Frames larger than this are logged cut to it (marked truncated; their size stays the real one). */
  maxShownBytes?: number;
}

/** What runs over the connection (the Socket.IO mode): told of every open, message and close. */
export interface ConnectionObserver {
  opened(url: string): void;
  message(data: string | ArrayBuffer): void;
  /** Returns why reconnecting would not help (the connection then stops, with that error), or nothing. */
  closed(code: number, reason: string): string | void;
  /** What to add to the diagnosis when a connection fails before it opens (null: nothing). */
  failedHint?(): string | null;
}

export type Phase = 'idle' | 'connecting' | 'open' | 'closing' | 'waiting';

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
  time: number;
  byUser: boolean;
}

export interface ClientStatus {
  phase: Phase;
  url: string;
  protocols: string[];
  /** Reconnect attempt in progress or scheduled (0 when none). */
  attempt: number;
  nextAttemptAt: number | null;
  createdAt: number | null;
  openedAt: number | null;
  protocol: string;
  extensions: string;
  lastClose: CloseInfo | null;
  /** Why the last connection failed or was refused, in plain words (null when it did not). */
  error: string | null;
}

interface SocketLike {
  readonly readyState: number;
  readonly protocol: string;
  readonly extensions: string;
  binaryType: BinaryType;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (ev: any) => void): void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ConnectionDeps {
  WebSocket: new (url: string, protocols?: string[]) => SocketLike;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(t: unknown): void;
  /** Whether anything answers HTTP at the URL's host and port (null: could not tell). */
  httpReachable?(url: string): Promise<boolean | null>;
}

export const browserDeps = (): ConnectionDeps => ({
  WebSocket: WebSocket as unknown as ConnectionDeps['WebSocket'],
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (t) => clearInterval(t as ReturnType<typeof setInterval>),
  httpReachable: async (url) => {
    const http = url.replace(/^ws/i, 'http');
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 4000);
    try {
      await fetch(http, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: ctl.signal });
      return true;
    } catch {
      return ctl.signal.aborted ? null : false;
    } finally {
      clearTimeout(timer);
    }
  },
});

const OPEN = 1;

export class ClientConnection {
  status: ClientStatus = {
    phase: 'idle',
    url: '',
    protocols: [],
    attempt: 0,
    nextAttemptAt: null,
    createdAt: null,
    openedAt: null,
    protocol: '',
    extensions: '',
    lastClose: null,
    error: null,
  };
  private ws: SocketLike | null = null;
  private conn = 0;
  private seq = 0;
  private opts: ConnectOptions | null = null;
  private userClosing = false;
  private timer: unknown = null;
  private heartbeat: unknown = null;
  /** When the connection that reconnecting replaces went down. */
  private downSince: number | null = null;
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private observer: ConnectionObserver | null = null;
  private readonly receivedListeners = new Set<(data: string | ArrayBuffer) => void>();

  constructor(
    private readonly log: ClientLog,
    private readonly deps: ConnectionDeps,
  ) {}

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private update(patch: Partial<ClientStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l();
  }

  /** Connects (a user action): stops any reconnect in progress and any open socket first. */
  connect(opts: ConnectOptions): void {
    this.stopTimers();
    if (this.ws !== null) this.abandon();
    this.opts = opts;
    this.downSince = null;
    this.open(0);
  }

  /** Told of every frame received (after it is logged); for playback and checks. */
  onReceived(l: (data: string | ArrayBuffer) => void): () => void {
    this.receivedListeners.add(l);
    return () => this.receivedListeners.delete(l);
  }

  setObserver(o: ConnectionObserver | null): void {
    this.observer = o;
  }

  /** Applies changed heartbeat/reconnect settings to the live connection. */
  setOptions(patch: Partial<Pick<ConnectOptions, 'reconnect' | 'heartbeat' | 'maxShownBytes'>>): void {
    if (this.opts === null) return;
    this.opts = { ...this.opts, ...patch };
    if (this.status.phase === 'open') this.startHeartbeat();
  }

  /** Closes with a code and reason, or cancels a reconnect in progress. */
  disconnect(code = 1000, reason = ''): void {
    if (this.status.phase === 'waiting') {
      this.stopTimers();
      this.log.mark(`Reconnecting cancelled (attempt ${this.status.attempt} was due).`, 'info', this.deps.now());
      this.update({ phase: 'idle', attempt: 0, nextAttemptAt: null });
      return;
    }
    const ws = this.ws;
    if (ws === null) return;
    this.userClosing = true;
    this.stopHeartbeat();
    if (this.status.phase === 'connecting') {
      // close() before open: the browser fails the connection (close 1006), no close frame.
      ws.close();
      this.log.add({ type: 'closing', conn: this.conn, seq: ++this.seq, time: this.deps.now(), code: null, reason: '' });
    } else {
      ws.close(code, reason);
      this.log.add({ type: 'closing', conn: this.conn, seq: ++this.seq, time: this.deps.now(), code, reason });
    }
    this.update({ phase: 'closing' });
  }

  /** Forgets the last error (the user is changing the URL or the subprotocols). */
  clearError(): void {
    if (this.status.error !== null) this.update({ error: null });
  }

  /** Sends a text or binary message; false when not open. */
  send(data: string | Uint8Array, note?: 'heartbeat'): boolean {
    const ws = this.ws;
    if (ws === null || ws.readyState !== OPEN || this.status.phase !== 'open') return false;
    ws.send(data);
    this.logFrame(this.conn, 'sent', data);
    void note;
    return true;
  }

  /** Logs a frame, cut to the largest size shown in full. */
  private logFrame(conn: number, dir: 'sent' | 'received', data: string | Uint8Array): void {
    const max = this.opts?.maxShownBytes ?? 0;
    const time = this.deps.now();
    if (typeof data === 'string') {
      const size = utf8Length(data);
      const cut = max > 0 && size > max;
      this.log.add({ type: 'frame', conn, seq: ++this.seq, time, dir, opcode: 'text', data: cut ? truncateUtf8(data, max) : data, size, truncated: cut });
    } else {
      const cut = max > 0 && data.length > max;
      this.log.add({
        type: 'frame',
        conn,
        seq: ++this.seq,
        time,
        dir,
        opcode: 'binary',
        data: bytesToBase64(cut ? data.subarray(0, max) : data),
        binKind: dir === 'sent' ? 'typedarray' : 'arraybuffer',
        size: data.length,
        truncated: cut,
      });
    }
  }

  /** Stops everything without logging a user close (the page is going away, or a new connect). */
  dispose(): void {
    this.stopTimers();
    if (this.ws !== null) this.abandon();
    if (this.status.phase !== 'idle') this.update({ phase: 'idle', attempt: 0, nextAttemptAt: null });
  }

  private abandon(): void {
    const ws = this.ws;
    this.ws = null;
    this.generation++;
    if (ws !== null && ws.readyState === OPEN) this.observer?.closed(1000, '');
    if (ws !== null && ws.readyState <= OPEN) {
      try {
        ws.close(1000, '');
      } catch {
        // already closing
      }
      this.log.add({ type: 'closing', conn: this.conn, seq: ++this.seq, time: this.deps.now(), code: 1000, reason: '' });
      this.log.add({ type: 'close', conn: this.conn, seq: ++this.seq, time: this.deps.now(), code: 1000, reason: '', wasClean: true });
    }
  }

  private open(attempt: number): void {
    const opts = this.opts!;
    const gen = ++this.generation;
    const conn = this.log.nextConn++;
    this.conn = conn;
    this.seq = 0;
    this.userClosing = false;
    const created = this.deps.now();
    let ws: SocketLike;
    try {
      ws = new this.deps.WebSocket(opts.url, opts.protocols);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.mark(`Could not connect: ${message}`, 'error', created);
      this.update({ phase: 'idle', attempt: 0, nextAttemptAt: null, error: `The browser refused to open the connection: ${message}` });
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.log.add({
      type: 'connection',
      conn,
      seq: 0,
      time: created,
      url: opts.url,
      protocols: opts.protocols,
      frameUrl: 'test client',
      initiator: '',
    });
    if (attempt === 0)
      this.log.mark(
        `Connecting to ${opts.url}${opts.protocols.length ? ` (subprotocols: ${opts.protocols.join(', ')})` : ''}…`,
        'info',
        created,
      );
    this.update({
      phase: 'connecting',
      url: opts.url,
      protocols: opts.protocols,
      attempt,
      nextAttemptAt: null,
      createdAt: created,
      openedAt: null,
      protocol: '',
      extensions: '',
      error: null,
    });

    const current = () => gen === this.generation;
    let didOpen = false;
    let timedOut = false;
    const timeoutMs = opts.connectTimeoutMs ?? 0;
    const connectTimer =
      timeoutMs > 0
        ? this.deps.setTimeout(() => {
            if (!current() || didOpen) return;
            timedOut = true;
            this.log.mark(`No answer from ${opts.url} within the connect timeout of ${formatDuration(timeoutMs)}: gave up.`, 'error', this.deps.now());
            ws.close();
          }, timeoutMs)
        : null;
    ws.addEventListener('open', () => {
      if (!current()) return;
      if (connectTimer !== null) this.deps.clearTimeout(connectTimer);
      didOpen = true;
      const time = this.deps.now();
      this.log.add({ type: 'open', conn, seq: ++this.seq, time, protocol: ws.protocol, extensions: ws.extensions });
      const details = `subprotocol ${ws.protocol || 'none'}, extensions ${ws.extensions || 'none'}`;
      if (this.downSince !== null) {
        this.log.mark(`Reconnected after ${formatDuration(time - this.downSince)} (attempt ${attempt}); ${details}.`, 'ok', time);
      } else {
        this.log.mark(`Connected in ${formatDuration(time - created)}; ${details}.`, 'ok', time);
      }
      this.downSince = null;
      this.update({ phase: 'open', attempt: 0, openedAt: time, protocol: ws.protocol, extensions: ws.extensions, error: null });
      this.startHeartbeat();
      this.observer?.opened(opts.url);
    });
    ws.addEventListener('message', (ev: MessageEvent) => {
      if (!current()) return;
      const d: unknown = ev.data;
      if (typeof d === 'string') this.logFrame(conn, 'received', d);
      else if (d instanceof ArrayBuffer) this.logFrame(conn, 'received', new Uint8Array(d));
      else return;
      this.observer?.message(d);
      for (const l of this.receivedListeners) l(d);
    });
    ws.addEventListener('error', () => {
      if (!current()) return;
      this.log.add({ type: 'error', conn, seq: ++this.seq, time: this.deps.now() });
    });
    ws.addEventListener('close', (ev: CloseEvent) => {
      if (!current()) return;
      if (connectTimer !== null) this.deps.clearTimeout(connectTimer);
      this.ws = null;
      this.stopHeartbeat();
      const fatal = didOpen ? this.observer?.closed(ev.code, ev.reason) : undefined;
      const time = this.deps.now();
      this.log.add({ type: 'close', conn, seq: ++this.seq, time, code: ev.code, reason: ev.reason, wasClean: ev.wasClean });
      const opened = didOpen;
      const byUser = this.userClosing;
      const lastClose: CloseInfo = { code: ev.code, reason: ev.reason, wasClean: ev.wasClean, time, byUser };
      const codeText = `${ev.code} ${describeCloseCode(ev.code).name}${ev.reason ? ` "${ev.reason}"` : ''}`;
      if (byUser) {
        this.log.mark(`Closed by you: ${codeText}.`, 'info', time);
        this.update({ phase: 'idle', attempt: 0, lastClose });
        return;
      }
      if (opened && typeof fatal === 'string') {
        this.log.mark(fatal, 'error', time);
        this.update({ phase: 'idle', attempt: 0, lastClose, error: fatal });
        return;
      }
      if (opened) {
        const r = opts.reconnect;
        const by = ev.wasClean ? 'the server closed the connection' : 'the connection dropped';
        if (r.enabled) {
          this.downSince = time;
          this.update({ lastClose });
          this.scheduleReconnect(1, `Disconnected: ${by} (${codeText}).`);
        } else {
          this.log.mark(`Disconnected: ${by} (${codeText}). Auto-reconnect is off.`, 'warn', time);
          this.update({ phase: 'idle', attempt: 0, lastClose });
        }
        return;
      }
      // Never opened.
      if (attempt > 0) {
        this.update({ lastClose });
        this.scheduleReconnect(attempt + 1, `Reconnect attempt ${attempt} failed (${codeText}).`);
        return;
      }
      const first = timedOut
        ? `Could not connect to ${opts.url}: no answer within the connect timeout of ${formatDuration(timeoutMs)}.`
        : `Could not connect to ${opts.url}: the connection failed before the WebSocket handshake completed (${codeText}).`;
      this.log.mark(first, 'error', time);
      this.update({ phase: 'idle', attempt: 0, lastClose, error: `${first} Finding out why…` });
      const hint = this.observer?.failedHint?.() ?? null;
      void this.diagnose(opts, gen).then((found) => {
        const why = hint === null ? found : `${hint} ${found}`;
        if (gen !== this.generation) return;
        this.log.mark(why, 'error', this.deps.now());
        this.update({ error: `${first} ${why}` });
      });
    });
  }

  private scheduleReconnect(attempt: number, why: string): void {
    const opts = this.opts!;
    const delay = backoffDelay(attempt, opts.reconnect);
    const time = this.deps.now();
    if (delay === null) {
      this.log.mark(
        `${why} Gave up after ${opts.reconnect.maxAttempts} reconnect attempt${opts.reconnect.maxAttempts === 1 ? '' : 's'}.`,
        'error',
        time,
      );
      this.downSince = null;
      this.update({
        phase: 'idle',
        attempt: 0,
        nextAttemptAt: null,
        error: `Gave up reconnecting to ${opts.url} after ${opts.reconnect.maxAttempts} attempts.`,
      });
      return;
    }
    const limit = opts.reconnect.maxAttempts > 0 ? ` of ${opts.reconnect.maxAttempts}` : '';
    this.log.mark(`${why} Reconnecting in ${formatDuration(delay)} (attempt ${attempt}${limit}).`, 'warn', time);
    this.update({ phase: 'waiting', attempt, nextAttemptAt: time + delay });
    this.timer = this.deps.setTimeout(() => {
      this.timer = null;
      this.open(attempt);
    }, delay);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const hb = this.opts?.heartbeat;
    if (!hb || !hb.enabled || hb.intervalMs <= 0) return;
    this.heartbeat = this.deps.setInterval(() => this.send(hb.message, 'heartbeat'), hb.intervalMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) this.deps.clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private stopTimers(): void {
    this.stopHeartbeat();
    if (this.timer !== null) this.deps.clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * A browser says nothing about why a handshake failed. Find out what can be found out: whether
   * the server accepts the URL without the offered subprotocols (a second, diagnostic connection,
   * closed at once), and whether anything answers HTTP at its host and port.
   */
  private async diagnose(opts: ConnectOptions, gen: number): Promise<string> {
    if (opts.protocols.length > 0) {
      const plain = await this.probe(opts.url);
      if (gen !== this.generation) return '';
      if (plain) {
        return `The server refused the subprotocol${opts.protocols.length > 1 ? 's' : ''} offered (${opts.protocols.join(', ')}): a diagnostic connection without subprotocols was accepted. Offer a subprotocol the server supports.`;
      }
    }
    const http = this.deps.httpReachable ? await this.deps.httpReachable(opts.url) : null;
    let host = opts.url;
    try {
      host = new URL(opts.url).host;
    } catch {
      // keep the URL
    }
    if (http === false)
      return `Nothing answered at ${host}: the connection was refused or the host cannot be reached. Is the server running, and is the port right?`;
    if (http === true)
      return `A server answers HTTP at ${host}, but it refused the WebSocket handshake: check the path, and whether the server requires an origin, a cookie or a token (an HTTP error such as 403 or 404 looks the same from here).`;
    return 'The browser does not tell why; check the URL, the server and its logs.';
  }

  /** Whether a connection without subprotocols opens within 5 s (it is closed at once). */
  private probe(url: string): Promise<boolean> {
    return new Promise((resolve) => {
      let ws: SocketLike;
      try {
        ws = new this.deps.WebSocket(url);
      } catch {
        resolve(false);
        return;
      }
      const t = this.deps.setTimeout(() => {
        try {
          ws.close();
        } catch {
          // ignore
        }
        resolve(false);
      }, 5000);
      ws.addEventListener('open', () => {
        this.deps.clearTimeout(t);
        ws.close(1000, 'diagnostic connection');
        resolve(true);
      });
      ws.addEventListener('close', () => {
        this.deps.clearTimeout(t);
        resolve(false);
      });
    });
  }
}
