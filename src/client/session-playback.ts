/**
 * Playing a recorded session against a server: the sent frames of one recorded connection (from
 * the test client's own log, an imported log file, or "Open in test client") are sent again in
 * order, either on their original timing or as fast as the server answers (before each send, wait
 * until as many frames have come back as had in the recording by then), with variables filled
 * in; then what came back is compared with what the recording received (`session-diff.ts`).
 */
import { base64ToBytes } from '../core/codec';
import type { WireRecord } from '../core/protocol';
import type { HandedFrame } from '../core/client-query';
import type { Resolved } from './variables';

export interface RecordedFrame {
  dir: 'sent' | 'received';
  /** The text of a text frame, or the Base64 of a binary one. */
  data: string;
  binary: boolean;
  /** ms, on the recording's clock. */
  time: number;
}

export interface Recording {
  /** A name to list it by. */
  label: string;
  url: string;
  protocols: string[];
  frames: RecordedFrame[];
}

/** The connections of a log (wire records) that sent anything, as recordings. */
export function recordingsOf(records: readonly WireRecord[], source: string): Recording[] {
  const byConn = new Map<number, Recording>();
  for (const r of records) {
    if (r.type === 'connection') byConn.set(r.conn, { label: '', url: r.url, protocols: r.protocols, frames: [] });
    else if (r.type === 'frame' && (r.opcode === 'text' || r.opcode === 'binary')) {
      const rec = byConn.get(r.conn);
      if (!rec) continue;
      rec.frames.push({ dir: r.dir, data: r.data, binary: r.opcode === 'binary', time: r.time });
    }
  }
  const out: Recording[] = [];
  let n = 0;
  for (const rec of byConn.values()) {
    n++;
    const sent = rec.frames.filter((f) => f.dir === 'sent').length;
    if (sent === 0) continue;
    const received = rec.frames.length - sent;
    out.push({ ...rec, label: `${source} #${n}: ${rec.url} (${sent} sent, ${received} received)` });
  }
  return out;
}

/** The session "Open in test client" handed over (`?session=`), or null when there is none or it is malformed. */
export function recordingFromQuery(json: string | null, url: string, protocols: string[]): Recording | null {
  if (json === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(raw)) return null;
  const frames: RecordedFrame[] = [];
  for (const f of raw as Array<Partial<HandedFrame>>) {
    if (typeof f !== 'object' || f === null || (f.d !== 's' && f.d !== 'r') || typeof f.t !== 'number') return null;
    const dir = f.d === 's' ? 'sent' : 'received';
    if (typeof f.x === 'string') frames.push({ dir, data: f.x, binary: false, time: f.t });
    else if (typeof f.b === 'string') frames.push({ dir, data: f.b, binary: true, time: f.t });
    else return null;
  }
  const sent = frames.filter((f) => f.dir === 'sent').length;
  if (sent === 0) return null;
  return { label: `From the panel: ${url} (${sent} sent, ${frames.length - sent} received)`, url, protocols, frames };
}

export type Pace = 'original' | 'answers';

export interface PlayerDeps {
  send(data: string | Uint8Array): boolean;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
}

export interface PlayOptions {
  pace: Pace;
  /** How long to wait for the server's frames at each step ('answers') and at the end. */
  waitMs: number;
  /** Fills variables into a text frame. */
  fill(text: string): Resolved;
}

export type PlayerState = 'idle' | 'running' | 'done' | 'failed';

export interface PlayResult {
  /** The frames as played: what was sent (resolved) and what came back, in order. */
  frames: RecordedFrame[];
  /** Steps at which the server did not answer in time (their index among the sent frames). */
  timeouts: number[];
  error: string | null;
}

/** Plays one recording over an open connection; `received` is fed the server's frames. */
export class SessionPlayer {
  state: PlayerState = 'idle';
  private readonly played: RecordedFrame[] = [];
  private readonly timeouts: number[] = [];
  private error: string | null = null;
  private timer: unknown = null;
  private waiting: { count: number; then: () => void } | null = null;
  private readonly sends: Array<{ index: number; data: string | Uint8Array; shown: string; before: number; time: number }> = [];
  private readonly totalReceived: number;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly rec: Recording,
    private readonly opts: PlayOptions,
    private readonly deps: PlayerDeps,
  ) {
    let before = 0;
    for (const f of rec.frames) {
      if (f.dir === 'received') {
        before++;
        continue;
      }
      this.sends.push({ index: this.sends.length, data: '', shown: '', before, time: f.time });
    }
    this.totalReceived = before;
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Resolves every sent frame first: nothing is sent when one of them cannot be. */
  start(): void {
    let i = 0;
    for (const f of this.rec.frames) {
      if (f.dir !== 'sent') continue;
      const s = this.sends[i++];
      if (f.binary) {
        s.data = base64ToBytes(f.data);
        s.shown = f.data;
        continue;
      }
      const r = this.opts.fill(f.data);
      if (!r.ok) return this.fail(`Sent frame ${i} of the recording: ${r.error} Nothing was sent.`);
      s.data = r.text;
      s.shown = r.text;
    }
    this.state = 'running';
    this.changed();
    this.step(0);
  }

  private step(k: number): void {
    if (this.state !== 'running') return;
    if (k >= this.sends.length) {
      this.waitFor(this.totalReceived, () => this.finish(), null);
      return;
    }
    const s = this.sends[k];
    const go = () => {
      if (this.state !== 'running') return;
      if (!this.deps.send(s.data)) return this.fail(`The connection closed before sent frame ${k + 1} of ${this.sends.length}.`);
      this.played.push({ dir: 'sent', data: s.shown, binary: typeof s.data !== 'string', time: this.deps.now() });
      this.changed();
      this.step(k + 1);
    };
    if (this.opts.pace === 'answers') this.waitFor(s.before, go, k);
    else {
      const delay = k === 0 ? 0 : Math.max(0, s.time - this.sends[k - 1].time);
      if (delay === 0) go();
      else this.timer = this.deps.setTimeout(go, delay);
    }
  }

  /** Waits until `count` frames have come back (or waitMs), then runs `then`. */
  private waitFor(count: number, then: () => void, step: number | null): void {
    if (this.receivedCount() >= count) return then();
    this.waiting = { count, then };
    this.timer = this.deps.setTimeout(() => {
      this.waiting = null;
      if (step !== null) this.timeouts.push(step);
      then();
    }, this.opts.waitMs);
  }

  private receivedCount(): number {
    let n = 0;
    for (const f of this.played) if (f.dir === 'received') n++;
    return n;
  }

  received(data: string | ArrayBuffer, base64?: string): void {
    if (this.state !== 'running') return;
    const binary = typeof data !== 'string';
    this.played.push({ dir: 'received', data: typeof data === 'string' ? data : (base64 ?? ''), binary, time: this.deps.now() });
    this.changed();
    const w = this.waiting;
    if (w !== null && this.receivedCount() >= w.count) {
      this.waiting = null;
      this.deps.clearTimeout(this.timer);
      w.then();
    }
  }

  private finish(): void {
    this.state = 'done';
    this.changed();
  }

  private fail(error: string): void {
    this.error = error;
    this.state = 'failed';
    this.stop();
    this.changed();
  }

  /** Stops where it is (the result holds what was played so far). */
  stop(): void {
    if (this.timer !== null) this.deps.clearTimeout(this.timer);
    this.timer = null;
    this.waiting = null;
    if (this.state === 'running') {
      this.state = 'done';
      this.changed();
    }
  }

  result(): PlayResult {
    return { frames: [...this.played], timeouts: [...this.timeouts], error: this.error };
  }
}
