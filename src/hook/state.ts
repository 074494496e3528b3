/**
 * The hook's shared shapes (types only): what it keeps per socket, a held frame, and the narrow
 * interfaces its modules hand one another (so that no two modules import each other).
 */
import type { Direction, FrameMark, HookEvent } from '../core/protocol';

/** What kind of payload a value is (`payloadOf`, capture.ts); null: not binary, not text. */
export type Payload = 'text' | 'arraybuffer' | 'typedarray' | 'dataview' | 'blob' | null;

/** The constructors of a socket's own realm, for the events the hook makes for its page. */
export interface RealmCtors {
  ME: typeof MessageEvent;
  B: typeof Blob;
}

/** Per-socket state, kept off the socket (in a WeakMap: no own properties on instances). */
export interface SocketState {
  /** connection number */
  c: number;
  /** last sequence number */
  s: number;
  r: RealmCtors;
  /**
   * Frames held by a breakpoint, per direction (index 1 sent, 2 received): the first is paused,
   * the rest wait behind it, so each direction keeps its order. Absent when none.
   */
  held?: Array<Held[] | undefined>;
}

export interface Held {
  /** 1 sent, 2 received */
  dir: number;
  data: unknown;
  type: Payload;
  origin: string;
  /** The pause id while this frame is the paused one (0 while it only waits behind another). */
  pid: number;
  /** When it arrived (sent by the page or received from the server), for the record if it is dropped. */
  t: number;
}

/** The private channel's sending side (channel.ts). */
export interface Outbox {
  enqueue(ev: HookEvent, buf?: ArrayBuffer): void;
  flush(): void;
}

/** How the hook records a frame and delivers messages of its own (capture.ts). */
export interface Recorder extends Outbox {
  /** Records a frame; `at` is its time when not now (a held frame dropped: when it arrived). */
  record(st: SocketState, dir: Direction, data: unknown, type: Payload, mark?: FrameMark, original?: string, at?: number): void;
  /**
   * Dispatches a `message` the hook made on a socket: with a `mark` (simulated, mocked) it is
   * captured as a frame with that mark, without (false: a rewritten or released frame, already
   * recorded) the hook's listener lets it pass.
   */
  deliver(ws: WebSocket, st: SocketState, data: unknown, origin: string, mark: 'simulated' | 'mocked' | false): void;
}
