/**
 * Capture: what a payload is and its bytes copied at once (`payloadOf`, `copyBytes`), the
 * initiator (the page's stack without the hook's frames), the record of frames, and the listeners
 * the hook puts first on every socket.
 *
 * The listeners act only on events the browser itself fired (`isTrusted`) and on those the hook
 * dispatched itself (marked while they are dispatched): an event a page makes and dispatches on a
 * socket passes by untouched, and is neither recorded nor read.
 */
import type { Direction, FrameMark, HookEvent } from '../core/protocol';
import type { CoreNatives, Natives } from './natives';
import type { Breakpoints } from './breakpoints';
import type { Rules } from './rules';
import type { Held, Outbox, Payload, Recorder, SocketState } from './state';

type PayloadNatives = Pick<
  CoreNatives,
  'abIsView' | 'taTag' | 'abSlice' | 'abByteLength' | 'blobSize' | 'taBuffer' | 'taOffset' | 'taLength' | 'dvBuffer' | 'dvOffset' | 'dvLength' | 'NativeUint8Array'
>;

type FrameEvent = Extract<HookEvent, { type: 'frame' }>;

export interface Payloads {
  /**
   * What kind of payload `data` is, never running page code and never throwing (a Proxy is
   * neither a view nor a buffer nor a Blob by brand; its traps are not called).
   */
  payloadOf(data: unknown): Payload;
  /** The bytes of binary data (a whole ArrayBuffer, or what a view shows) in an ArrayBuffer of our own. */
  copyBytes(data: unknown, type: 'arraybuffer' | 'typedarray' | 'dataview'): ArrayBuffer;
}

const is = (check: (s: unknown) => unknown, v: unknown): boolean => {
  try {
    check(v);
    return true;
  } catch {
    return false;
  }
};

export function createPayloads(n: PayloadNatives): Payloads {
  const { abSlice, dvBuffer } = n;
  return {
    payloadOf(data) {
      if (typeof data === 'string') return 'text';
      if (data === null || typeof data !== 'object') return null;
      // Told by their internal slots (brand checks), never by their prototype, which the page may
      // have changed, and whose read would call a Proxy's trap (or throw for a revoked one). Views
      // without a thrown check: the typed arrays' toStringTag getter answers undefined for a DataView.
      if (n.abIsView(data)) return n.taTag(data) === undefined ? 'dataview' : 'typedarray';
      if (is(n.abByteLength, data)) return 'arraybuffer';
      if (is(n.blobSize, data)) return 'blob';
      return null;
    },
    copyBytes(data, type) {
      if (type === 'arraybuffer') return abSlice(data);
      const dv = type === 'dataview';
      const buf = dv ? dvBuffer(data) : n.taBuffer(data);
      const off = dv ? n.dvOffset(data) : n.taOffset(data);
      const len = dv ? n.dvLength(data) : n.taLength(data);
      try {
        return abSlice(buf, off, off + len);
      } catch {
        return new n.NativeUint8Array(new n.NativeUint8Array(buf, off, len)).buffer as ArrayBuffer; // SharedArrayBuffer views
      }
    },
  };
}

type InitiatorNatives = Pick<CoreNatives, 'NativeError' | 'getOwnDesc' | 'reflectApply' | 'errorStackGetter' | 'strIndexOf' | 'strSlice' | 'reExec' | 'NativeRegExp'>;

/** The stack of a new Error as a string, with captured natives only. */
const stackOf = (n: InitiatorNatives, e: Error): string => {
  const own = n.getOwnDesc(e, 'stack'); // V8: an own property
  const get = n.errorStackGetter;
  const v = own ? ('value' in own ? own.value : own.get ? n.reflectApply(own.get, e, []) : '') : get ? n.reflectApply(get, e, []) : '';
  return typeof v === 'string' ? v : '';
};

/**
 * Returns `initiator()`: the stack of the page code that is running, without the hook's frames.
 * Must be made at start: it finds the hook's own script URL in a stack taken then.
 */
export function createInitiator(n: InitiatorNatives): () => string {
  const { strIndexOf, strSlice } = n;
  const m = n.reExec(new n.NativeRegExp('((?:chrome|moz|safari)-extension://[^/\\s)]+/[^:\\s)]+)'), stackOf(n, new n.NativeError()));
  const hookUrl = m ? m[1] : '\u0000';
  return () => {
    // A page-defined Error.prepareStackTrace would be handed our frames: do not trigger it.
    if (n.getOwnDesc(n.NativeError, 'prepareStackTrace') !== undefined) return '';
    // Line by line with captured natives only (split/join would consult page-patchable hooks).
    const stack = stackOf(n, new n.NativeError());
    let out = '';
    for (let at = 0; at < stack.length; ) {
      let end = strIndexOf(stack, '\n', at);
      if (end === -1) end = stack.length;
      const line = strSlice(stack, at, end);
      at = end + 1;
      if (line === 'Error' || line === '' || strIndexOf(line, hookUrl) !== -1) continue;
      out = out === '' ? line : out + '\n' + line;
    }
    return out;
  };
}

/** What the hook keeps per socket, and how it records. */
export interface Capture extends Recorder {
  payloads: Payloads;
  /** Socket → its state (sockets the hook made). */
  states: WeakMap<object, SocketState>;
  /** Live sockets by connection number, for the panel's commands; removed on close. */
  sockets: Map<number, WebSocket>;
  /** Events the hook is dispatching now: the mark of a simulated (or mocked) message, false for one it re-delivers. */
  own: WeakMap<Event, 'simulated' | 'mocked' | false>;
}

type RecorderNatives = PayloadNatives &
  Pick<Natives, 'clock' | 'NativeWeakMap' | 'NativeMap' | 'wmSet' | 'wmDelete' | 'dispatch'>;

export function createCapture(n: RecorderNatives, outbox: Outbox): Capture {
  const { clock: now } = n;
  const { enqueue } = outbox;
  const payloads = createPayloads(n);
  const own = new n.NativeWeakMap<Event, 'simulated' | 'mocked' | false>();
  const record = (st: SocketState, dir: Direction, data: unknown, type: Payload, mark?: FrameMark, original?: string, at?: number): void => {
    if (type === null) return;
    // Binary is copied at once: the page may change or transfer its buffer right after.
    const copy = type === 'text' || type === 'blob' ? undefined : payloads.copyBytes(data, type);
    // One object per frame; the optional members only when they have a value.
    const ev: FrameEvent = { type: 'frame', conn: st.c, seq: ++st.s, t: at ?? now(), dir, data: copy ?? (data as string | Blob) };
    if (type !== 'text') ev.kind = type;
    if (mark !== undefined) ev.mark = mark;
    if (original !== undefined) ev.original = original;
    enqueue(ev, copy);
  };
  const deliver = (ws: WebSocket, st: SocketState, data: unknown, origin: string, mark: 'simulated' | 'mocked' | false): void => {
    const ev = new st.r.ME('message', { __proto__: null, data, origin } as MessageEventInit);
    n.wmSet(own, ev, mark);
    try {
      n.dispatch(ws, ev);
    } finally {
      // Marked only while it is dispatched: the page may dispatch it again later, as its own.
      n.wmDelete(own, ev);
    }
  };
  return { ...outbox, payloads, states: new n.NativeWeakMap(), sockets: new n.NativeMap(), own, record, deliver };
}

type ListenerNatives = Pick<
  Natives,
  'wmGet' | 'mapDelete' | 'trusted' | 'msgData' | 'msgOrigin' | 'wsBinaryType' | 'wsProtocol' | 'wsExtensions' | 'closeCode' | 'closeReason' | 'closeWasClean' | 'stopImmediate' | 'abSlice' | 'clock'
>;

/** The hook's socket listeners (one function each for all sockets; `this` is the socket). */
export interface Listeners {
  onOpen(this: WebSocket, ev: Event): void;
  onMessage(this: WebSocket, ev: Event): void;
  onError(this: WebSocket, ev: Event): void;
  onClose(this: WebSocket, ev: Event): void;
}

export function createListeners(n: ListenerNatives, cap: Capture, rules: Rules, bps: Breakpoints): Listeners {
  const { wmGet, trusted: isTrusted, clock: now, msgOrigin } = n;
  const { states, enqueue, record } = cap;
  /** The state of a socket for an event the browser fired on it; undefined for a page's own event. */
  const stateFor = (ws: WebSocket, ev: Event): SocketState | undefined => (isTrusted(ev) ? wmGet(states, ws) : undefined);
  return {
    onOpen(ev) {
      const st = stateFor(this, ev);
      if (st) enqueue({ type: 'open', conn: st.c, seq: ++st.s, t: now(), protocol: n.wsProtocol(this), extensions: n.wsExtensions(this) });
    },
    onMessage(ev) {
      // Besides the browser's, only the hook's own events: a simulated message is captured, one
      // it re-delivers (rewritten, released) was recorded already; a page's own passes by.
      const simulated = !isTrusted(ev);
      // The marks are looked up for untrusted events only: no WeakMap lookup per real message.
      const mark = simulated ? wmGet(cap.own, ev) : undefined;
      if (simulated && !mark) return;
      const st = wmGet(states, this);
      if (st === undefined) return;
      const data = n.msgData(ev);
      // The browser hands over a string, or the binary type the page asked for (so does "simulate").
      const type: Payload = typeof data === 'string' ? 'text' : n.wsBinaryType(this) === 'arraybuffer' ? 'arraybuffer' : 'blob';
      if (!simulated && bps.watching(st)) {
        const h: Held = { dir: 2, data: type === 'arraybuffer' ? n.abSlice(data) : data, type, origin: msgOrigin(ev), pid: 0, t: now() };
        if (bps.take(st, h)) {
          // Held: the page's handlers (all after ours) see it only when it goes on.
          n.stopImmediate(ev);
          return;
        }
      }
      if (!simulated && typeof data === 'string' && rules.active()) {
        const out = rules.applyTo(data, 2);
        if (out !== data) {
          // Blocked or rewritten: the page's own handlers (all after ours) do not see this event.
          n.stopImmediate(ev);
          if (out === null) {
            record(st, 'received', data, 'text', 'blocked');
            return;
          }
          record(st, 'received', out, 'text', 'rewritten', data);
          cap.deliver(this, st, out, msgOrigin(ev), false);
          return;
        }
      }
      record(st, 'received', data, type, simulated ? (mark as 'simulated' | 'mocked') : undefined);
    },
    onError(ev) {
      const st = stateFor(this, ev);
      if (st) enqueue({ type: 'error', conn: st.c, seq: ++st.s, t: now() });
    },
    onClose(ev) {
      const st = stateFor(this, ev);
      if (st === undefined) return;
      n.mapDelete(cap.sockets, st.c);
      bps.dropAll(st);
      enqueue({ type: 'close', conn: st.c, seq: ++st.s, t: now(), code: n.closeCode(ev), reason: n.closeReason(ev), wasClean: n.closeWasClean(ev) });
      cap.flush();
    },
  };
}
