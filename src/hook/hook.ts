/**
 * The page hook: runs in the page's MAIN world at document_start, in every frame, before any page
 * script. Built as one standalone IIFE (no loader, no imports at run time).
 *
 * It replaces `window.WebSocket` with a Proxy of the native constructor and `send`/`close` on the
 * prototype with Proxies of the natives, so that identity, `instanceof`, constants, name/length,
 * subclassing and native errors stay as they were. Everything it calls later was captured here at
 * start, so page code that patches globals afterwards cannot see or change the capture path.
 *
 * Captured events go, batched, over a private MessageChannel to the relay (ISOLATED world). The
 * port is handed over with one synchronous DOM event before any page script exists.
 */
import {
  ADOPT_FAILED_EVENT,
  ADOPT_QUERY_EVENT,
  ADOPTED_QUERY_EVENT,
  HANDSHAKE_HOOK_EVENT,
  HANDSHAKE_RELAY_EVENT,
  type Direction,
  type FrameMark,
  type HookCommand,
  type HookEvent,
  type HookRule,
} from '../core/protocol';
import type { RegExpSource } from '../core/pattern';

(function wslensHook(): void {
  const win = window;
  const NativeWS = win.WebSocket;
  if (typeof NativeWS !== 'function') return;

  // ── natives, captured before any page script runs ──
  const R = Reflect;
  const apply = R.apply;
  const construct = R.construct;
  const defineProperty = Object.defineProperty;
  const getOwnDesc = Object.getOwnPropertyDescriptor;
  const getProto = Object.getPrototypeOf;
  const FnProto = Function.prototype;
  // uncurry(f)(self, ...args) === f.call(self, ...args), without an args array per call.
  const uncurry = <A extends unknown[], T>(f: (...a: A) => T): ((self: unknown, ...a: A) => T) =>
    apply(FnProto.bind, FnProto.call, [f]) as (self: unknown, ...a: A) => T;
  const getter = (o: object, k: string): ((self: unknown) => unknown) =>
    uncurry((getOwnDesc(o, k) as PropertyDescriptor).get as () => unknown);

  const proto = NativeWS.prototype;
  const wsUrl = getter(proto, 'url') as (s: unknown) => string;
  const wsReadyState = getter(proto, 'readyState') as (s: unknown) => number;
  const wsProtocol = getter(proto, 'protocol') as (s: unknown) => string;
  const wsExtensions = getter(proto, 'extensions') as (s: unknown) => string;
  const wsBinaryType = getter(proto, 'binaryType') as (s: unknown) => string;
  const msgData = getter(MessageEvent.prototype, 'data');
  const closeCode = getter(CloseEvent.prototype, 'code') as (s: unknown) => number;
  const closeReason = getter(CloseEvent.prototype, 'reason') as (s: unknown) => string;
  const closeWasClean = getter(CloseEvent.prototype, 'wasClean') as (s: unknown) => boolean;
  const addListener = uncurry(EventTarget.prototype.addEventListener);
  const removeListener = uncurry(EventTarget.prototype.removeEventListener);
  const dispatch = uncurry(EventTarget.prototype.dispatchEvent);
  const portPost = uncurry(MessagePort.prototype.postMessage) as (
    self: MessagePort,
    msg: unknown,
    transfer: Transferable[],
  ) => void;
  const abSlice = uncurry(ArrayBuffer.prototype.slice);
  const abByteLength = getter(ArrayBuffer.prototype, 'byteLength');
  const isView = ArrayBuffer.isView;
  const TypedArrayProto = getProto(Uint8Array.prototype) as object;
  const ArrayBufferProto = ArrayBuffer.prototype;
  const DataViewProto = DataView.prototype;
  const BlobProto = Blob.prototype;
  const taBuffer = getter(TypedArrayProto, 'buffer') as (s: unknown) => ArrayBuffer;
  const taOffset = getter(TypedArrayProto, 'byteOffset') as (s: unknown) => number;
  const taLength = getter(TypedArrayProto, 'byteLength') as (s: unknown) => number;
  const dvBuffer = getter(DataView.prototype, 'buffer') as (s: unknown) => ArrayBuffer;
  const dvOffset = getter(DataView.prototype, 'byteOffset') as (s: unknown) => number;
  const dvLength = getter(DataView.prototype, 'byteLength') as (s: unknown) => number;
  const blobSize = getter(Blob.prototype, 'size');
  const now = performance.now.bind(performance);
  const setTimer = win.setTimeout.bind(win);
  const NativeError = Error;
  const errorStackGetter = getOwnDesc(NativeError.prototype, 'stack')?.get; // Firefox
  // V8: re-captures an error's stack from a given function down, leaving that function out.
  const captureStack = (NativeError as { captureStackTrace?: (e: object, fn: unknown) => void }).captureStackTrace;
  /**
   * A native error thrown through one of our traps would show the trap's frame in its stack.
   * Re-capture the stack from the trap down, so the page sees exactly what the native shows.
   */
  const rethrow = (e: unknown, trap: unknown): never => {
    if (captureStack !== undefined && e !== null && (typeof e === 'object' || typeof e === 'function')) {
      try {
        captureStack(e, trap);
      } catch {
        /* keep the error as it is */
      }
    }
    throw e;
  };
  const WeakMapCtor = WeakMap;
  const wmGet = uncurry(WeakMapCtor.prototype.get) as (m: WeakMap<object, unknown>, k: object) => unknown;
  const wmSet = uncurry(WeakMapCtor.prototype.set) as (m: WeakMap<object, unknown>, k: object, v: unknown) => void;
  const strIndexOf = uncurry(String.prototype.indexOf);
  const strSlice = uncurry(String.prototype.slice) as (s: string, a: number, b?: number) => string;
  const NativeRegExp = RegExp;
  const nativeExec = RegExp.prototype.exec;
  const reExec = uncurry(nativeExec) as (re: RegExp, s: string) => RegExpExecArray | null;
  const reReplace = uncurry(RegExp.prototype[Symbol.replace] as (s: string, r: string) => string) as (re: RegExp, s: string, r: string) => string;
  const stopImmediate = uncurry(Event.prototype.stopImmediatePropagation);
  const msgOrigin = getter(MessageEvent.prototype, 'origin') as (s: unknown) => string;
  const isArray = Array.isArray;
  const MapCtor = Map;
  const mapGet = uncurry(MapCtor.prototype.get) as (m: Map<number, WebSocket>, k: number) => WebSocket | undefined;
  const mapSet = uncurry(MapCtor.prototype.set) as (m: Map<number, WebSocket>, k: number, v: WebSocket) => void;
  const mapDelete = uncurry(MapCtor.prototype.delete) as (m: Map<number, WebSocket>, k: number) => boolean;
  const NativeURL = URL;
  const urlOrigin = getter(NativeURL.prototype, 'origin') as (s: unknown) => string;
  const NativeString = String;
  const NativeUIEvent = UIEvent;
  const NativeProxy = Proxy;
  const NativeMutationObserver = MutationObserver;
  const queueMicro = queueMicrotask.bind(win);
  const NativeEvent = Event;
  const WeakSetCtor = WeakSet;
  const wsHas = uncurry(WeakSetCtor.prototype.has) as (s: WeakSet<object>, k: object) => boolean;
  const wsAdd = uncurry(WeakSetCtor.prototype.add) as (s: WeakSet<object>, k: object) => void;
  const docView = getter(Document.prototype, 'defaultView') as (d: unknown) => Window | null;
  const observe = uncurry(MutationObserver.prototype.observe) as (o: MutationObserver, n: Node, opts: MutationObserverInit) => void;
  const disconnect = uncurry(MutationObserver.prototype.disconnect) as (o: MutationObserver) => void;
  const MUTATIONS_INIT: MutationObserverInit = { childList: true, subtree: true };

  const is = (check: (s: unknown) => unknown, v: unknown): boolean => {
    try {
      check(v);
      return true;
    } catch {
      return false;
    }
  };

  // ── the private channel to the relay ──
  let port: MessagePort | null = null;
  let queue: HookEvent[] = [];
  let transfer: ArrayBuffer[] = [];
  let scheduled = false;
  /** Until the relay is there, events wait; a hook without relay must not grow without bound. */
  const MAX_UNCONNECTED = 10_000;
  const FLUSH_AT = 2_000;

  const flush = (): void => {
    scheduled = false;
    if (port === null || queue.length === 0) return;
    const batch = queue;
    const buffers = transfer;
    queue = [];
    transfer = [];
    portPost(port, batch, buffers);
  };

  const enqueue = (ev: HookEvent, buf?: ArrayBuffer): void => {
    if (port === null && queue.length >= MAX_UNCONNECTED) return;
    queue[queue.length] = ev;
    if (buf !== undefined) transfer[transfer.length] = buf;
    if (queue.length >= FLUSH_AT) flush();
    else if (!scheduled) {
      scheduled = true;
      setTimer(flush, 0);
    }
  };

  // Where hook and relay meet: the document's FontFaceSet, an EventTarget outside the DOM tree (an
  // event dispatched on it reaches no other target). Not `window`: when a frame's initial empty
  // document gives way to a same-origin one (srcdoc, a same-origin src, a popup), the new document
  // keeps the same Window, and the page that made the frame may have put listeners on it, which
  // would be handed the port. The new document's FontFaceSet is new: no page script has seen it.
  const fontsGetter = getOwnDesc(Document.prototype, 'fonts')?.get;
  const meeting: EventTarget = (fontsGetter === undefined ? null : (apply(fontsGetter, document, []) as EventTarget | null)) ?? win;

  // A frame inserted with srcdoc or a same-origin src starts on an initial empty document without
  // the extension's scripts, and its next document reuses that realm: the hook of the frame above
  // adopted the realm at once (see `adopt` below) and goes on capturing it. Wrapping it again here
  // would record every frame twice. Only our relay, in the isolated world, knows (relay/adoption.ts).
  if (!dispatch(meeting, new NativeEvent(ADOPTED_QUERY_EVENT, { cancelable: true }))) {
    pointOutNewFrames();
    return;
  }

  /**
   * In an adopted realm: the frames this document's parser inserts must be adopted before the next
   * script too, but the hook that captures this realm never saw this document. That hook wrapped
   * this realm's `window.length` getter, which looks at the frames when read; so while this
   * document is parsed, reading it after each change is all it takes.
   */
  function pointOutNewFrames(): void {
    const lengthOf = getOwnDesc(win, 'length')?.get;
    if (lengthOf !== undefined) watchWhileParsing(() => apply(lengthOf, win, []));
  }

  /** Calls `look` at the microtask after each change to this document's tree, until it is parsed. */
  function watchWhileParsing(look: () => void): void {
    const observer = new NativeMutationObserver(look);
    observe(observer, document, MUTATIONS_INIT);
    addListener(document, 'DOMContentLoaded', () => disconnect(observer), true);
  }

  const offerPort = (): boolean => {
    const channel = new MessageChannel();
    const taken = !dispatch(meeting, new MessageEvent(HANDSHAKE_HOOK_EVENT, { ports: [channel.port2], cancelable: true }));
    if (taken) {
      port = channel.port1;
      port.onmessage = onCommand;
      flush();
    }
    return taken;
  };

  // The relay normally runs first (it is listed first in the manifest) and takes the port at once.
  // If it runs after us, it announces itself and we offer the port then.
  if (!offerPort()) {
    const onRelayReady = (ev: Event): void => {
      if (port === null && offerPort()) {
        ev.preventDefault();
        removeListener(meeting, HANDSHAKE_RELAY_EVENT, onRelayReady, true);
      }
    };
    addListener(meeting, HANDSHAKE_RELAY_EVENT, onRelayReady, true);
  }

  // ── per-socket state, kept off the socket (no own properties on instances) ──
  /** The constructors of a socket's own realm, for the events the hook makes for its page. */
  interface RealmCtors {
    ME: typeof MessageEvent;
    B: typeof Blob;
  }
  interface SocketState {
    c: number;
    s: number;
    r: RealmCtors;
    /**
     * Frames held by a breakpoint, per direction (index 1 sent, 2 received): the first is paused,
     * the rest wait behind it, so each direction keeps its order. Absent when none.
     */
    held?: Array<Held[] | undefined>;
  }
  interface Held {
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
  const states = new WeakMapCtor<object, SocketState>();
  /** Live sockets by connection number, for the panel's commands; removed on close. */
  const sockets = new MapCtor<number, WebSocket>();
  let connections = 0;
  /** True while the hook delivers a panel-simulated message, so its capture is marked. */
  let simulating = false;

  // Our script's URL, to drop our own frames from initiator stacks.
  const stackOf = (e: Error): string => {
    const own = getOwnDesc(e, 'stack'); // V8: an own property
    const v = own ? ('value' in own ? own.value : own.get ? apply(own.get, e, []) : '') : errorStackGetter ? apply(errorStackGetter, e, []) : '';
    return typeof v === 'string' ? v : '';
  };
  const hookUrl = ((): string => {
    const m = /((?:chrome|moz|safari)-extension:\/\/[^/\s)]+\/[^:\s)]+)/.exec(stackOf(new NativeError()));
    return m ? m[1] : '\u0000';
  })();

  const initiator = (): string => {
    // A page-defined Error.prepareStackTrace would be handed our frames: do not trigger it.
    if (getOwnDesc(NativeError, 'prepareStackTrace') !== undefined) return '';
    // Line by line with captured natives only (split/join would consult page-patchable hooks).
    const stack = stackOf(new NativeError());
    let out = '';
    for (let at = 0; at < stack.length; ) {
      let end = strIndexOf(stack, '\n', at) as number;
      if (end === -1) end = stack.length;
      const line = strSlice(stack, at, end);
      at = end + 1;
      if (line === 'Error' || line === '' || strIndexOf(line, hookUrl) !== -1) continue;
      out = out === '' ? line : out + '\n' + line;
    }
    return out;
  };

  /**
   * What kind of payload `data` is, without throwing for the usual ones: native prototypes first
   * (a thrown brand check would build an Error and a stack trace per message), brand checks only
   * for the unusual (File, other realms, objects whose prototype was changed).
   */
  type Payload = 'text' | 'arraybuffer' | 'typedarray' | 'dataview' | 'blob' | null;
  const payloadOf = (data: unknown): Payload => {
    if (typeof data === 'string') return 'text';
    if (data === null || typeof data !== 'object') return null;
    if (isView(data)) {
      const p = getProto(data);
      if (p === DataViewProto) return 'dataview';
      if (p !== null && getProto(p) === TypedArrayProto) return 'typedarray';
      return is(dvBuffer, data) ? 'dataview' : 'typedarray';
    }
    const p = getProto(data);
    if (p === ArrayBufferProto) return 'arraybuffer';
    if (p === BlobProto) return 'blob';
    if (is(abByteLength, data)) return 'arraybuffer';
    if (is(blobSize, data)) return 'blob';
    return null;
  };

  /** The bytes of binary data (a whole ArrayBuffer, or what a view shows) in an ArrayBuffer of our own. */
  const copyBytes = (data: unknown, type: 'arraybuffer' | 'typedarray' | 'dataview'): ArrayBuffer => {
    if (type === 'arraybuffer') return abSlice(data) as ArrayBuffer;
    const dv = type === 'dataview';
    const buf = dv ? dvBuffer(data) : taBuffer(data);
    const off = dv ? dvOffset(data) : taOffset(data);
    const len = dv ? dvLength(data) : taLength(data);
    try {
      return abSlice(buf, off, off + len) as ArrayBuffer;
    } catch {
      return new Uint8Array(new Uint8Array(buf, off, len)).buffer; // SharedArrayBuffer views
    }
  };

  /** Records a frame; `at` is its time when not now (a held frame dropped: when it arrived). */
  const record = (st: SocketState, dir: Direction, data: unknown, type: Payload, mark?: FrameMark, original?: string, at?: number): void => {
    const t = at === undefined ? now() : at;
    const s = ++st.s;
    let copy: ArrayBuffer;
    switch (type) {
      case 'text':
        enqueue(
          mark === undefined
            ? { type: 'frame', conn: st.c, seq: s, t, dir, data: data as string }
            : original === undefined
              ? { type: 'frame', conn: st.c, seq: s, t, dir, data: data as string, mark }
              : { type: 'frame', conn: st.c, seq: s, t, dir, data: data as string, mark, original },
        );
        return;
      case 'blob':
        enqueue({ type: 'frame', conn: st.c, seq: s, t, dir, data: data as Blob, kind: 'blob', ...(mark === undefined ? {} : { mark }) });
        return;
      case 'arraybuffer':
      case 'typedarray':
      case 'dataview':
        // Copied at once: the page may change or transfer its buffer right after.
        copy = copyBytes(data, type);
        break;
      default:
        return;
    }
    enqueue(mark === undefined ? { type: 'frame', conn: st.c, seq: s, t, dir, data: copy, kind: type } : { type: 'frame', conn: st.c, seq: s, t, dir, data: copy, kind: type, mark }, copy);
  };

  // Shared listeners (one function each for all sockets); `this` is the socket.
  function onOpen(this: WebSocket): void {
    const st = wmGet(states, this) as SocketState | undefined;
    if (st) enqueue({ type: 'open', conn: st.c, seq: ++st.s, t: now(), protocol: wsProtocol(this), extensions: wsExtensions(this) });
  }
  function onMessage(this: WebSocket, ev: Event): void {
    const st = wmGet(states, this) as SocketState | undefined;
    if (st === undefined || redelivering) return;
    const data = msgData(ev);
    // The browser hands over a string, or the binary type the page asked for (so does "simulate").
    const type: Payload = typeof data === 'string' ? 'text' : wsBinaryType(this) === 'arraybuffer' ? 'arraybuffer' : 'blob';
    if ((st.held !== undefined || pauses.length > 0) && !simulating) {
      const h: Held = { dir: 2, data: type === 'arraybuffer' ? abSlice(data) : data, type, origin: msgOrigin(ev), pid: 0, t: now() };
      if (queueOf(st, 2) !== undefined || pauseMatches(h)) {
        // Held: the page's handlers (all after ours) see it only when it goes on.
        stopImmediate(ev);
        hold(st, h);
        return;
      }
    }
    if (rules.length > 0 && typeof data === 'string' && !simulating) {
      const out = applyRules(data, 2);
      if (out !== data) {
        // Blocked or rewritten: the page's own handlers (all after ours) do not see this event.
        stopImmediate(ev);
        if (out === null) {
          record(st, 'received', data, 'text', 'blocked');
          return;
        }
        record(st, 'received', out, 'text', 'rewritten', data);
        redelivering = true;
        try {
          dispatch(this, new st.r.ME('message', { data: out, origin: msgOrigin(ev) }));
        } finally {
          redelivering = false;
        }
        return;
      }
    }
    record(st, 'received', data, type, simulating ? 'simulated' : undefined);
  }
  function onError(this: WebSocket): void {
    const st = wmGet(states, this) as SocketState | undefined;
    if (st) enqueue({ type: 'error', conn: st.c, seq: ++st.s, t: now() });
  }
  function onClose(this: WebSocket, ev: Event): void {
    const st = wmGet(states, this) as SocketState | undefined;
    if (st) {
      mapDelete(sockets, st.c);
      if (st.held !== undefined) {
        // Held frames can no longer go on: they are recorded as dropped, none silently lost.
        const all = st.held;
        st.held = undefined;
        for (let d = 1; d <= 2; d++) {
          const q = all[d];
          if (q === undefined) continue;
          holding--;
          for (let i = 0; i < q.length; i++) {
            if (q[i].pid !== 0) enqueue({ type: 'resumed', conn: st.c, seq: ++st.s, t: now(), pid: q[i].pid, action: 'drop' });
            record(st, d === 1 ? 'sent' : 'received', q[i].data, q[i].type, 'dropped', undefined, q[i].t);
          }
        }
      }
      enqueue({ type: 'close', conn: st.c, seq: ++st.s, t: now(), code: closeCode(ev), reason: closeReason(ev), wasClean: closeWasClean(ev) });
      flush();
    }
  }

  const protocolsOf = (p: unknown): string[] => {
    if (p === undefined) return [];
    if (typeof p === 'string') return [p];
    const out: string[] = [];
    if (isArray(p)) for (let i = 0; i < p.length; i++) if (typeof p[i] === 'string') out[out.length] = p[i] as string;
    return out;
  };

  // ── rules: block or rewrite text frames (src/core/rules.ts), compiled with captured natives ──
  interface CompiledRule {
    block: boolean;
    /** 1 sent, 2 received, 3 both */
    dirs: number;
    test: (s: string) => boolean;
    rewrite: (s: string) => string;
  }
  let rules: CompiledRule[] = [];
  /** Breakpoints: rules whose action is `pause`. */
  let pauses: CompiledRule[] = [];
  let nextPid = 0;
  /** How many sockets hold frames now: while any does, sends are checked against its queue. */
  let holding = 0;
  /** A RegExp of our own from a source the relay compiled (src/core/pattern.ts); `exec` is the native. */
  const regExpOf = (src: RegExpSource, global: boolean): RegExp => {
    const re = new NativeRegExp(src.source, global ? src.flags + 'g' : src.flags);
    // Symbol.replace and test look `exec` up on the regex: give ours the native, whatever the page patches.
    defineProperty(re, 'exec', { value: nativeExec });
    return re;
  };
  const compileRules = (list: HookRule[], pause: boolean): CompiledRule[] => {
    const out: CompiledRule[] = [];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if ((r.action === 'pause') !== pause) continue;
      const match = r.match === null ? null : regExpOf(r.match, false);
      const find = r.action === 'rewrite' ? regExpOf(r.find, true) : null;
      const by = r.action === 'rewrite' ? r.replace : '';
      out[out.length] = {
        block: r.action === 'block',
        dirs: r.dirs,
        test: match === null ? () => true : (s) => reExec(match, s) !== null,
        rewrite: find === null ? (s) => s : (s) => reReplace(find, s, by),
      };
    }
    return out;
  };
  /** What the rules make of a text frame: null when one blocks it, else the (maybe rewritten) text. */
  const applyRules = (text: string, dir: number): string | null => {
    let out = text;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if ((r.dirs & dir) === 0 || !r.test(out)) continue;
      if (r.block) return null;
      out = r.rewrite(out);
    }
    return out;
  };
  /** Set while the hook re-delivers a rewritten or held message, so that it is not handled twice. */
  let redelivering = false;

  const pauseMatches = (h: Held): boolean => {
    if (h.type !== 'text') return false;
    for (let i = 0; i < pauses.length; i++) if ((pauses[i].dirs & h.dir) !== 0 && pauses[i].test(h.data as string)) return true;
    return false;
  };
  const pauseHead = (st: SocketState, h: Held): void => {
    h.pid = ++nextPid;
    enqueue({ type: 'paused', conn: st.c, seq: ++st.s, t: now(), pid: h.pid, dir: h.dir === 1 ? 'sent' : 'received', data: h.data as string });
    flush();
  };
  const queueOf = (st: SocketState, dir: number): Held[] | undefined => (st.held === undefined ? undefined : st.held[dir]);
  /** Takes a frame into its direction's queue: paused if it is first, else waiting behind. */
  const hold = (st: SocketState, h: Held): void => {
    const q = queueOf(st, h.dir);
    if (q === undefined) {
      if (st.held === undefined) st.held = [undefined, undefined, undefined];
      st.held[h.dir] = [h];
      holding++;
      pauseHead(st, h);
    } else q[q.length] = h;
  };
  /** Sends or delivers a frame that was held, and records it. */
  const deliver = (ws: WebSocket, st: SocketState, h: Held, data: unknown, edited: boolean): void => {
    const type = edited ? 'text' : h.type;
    const mark: FrameMark | undefined = edited ? 'rewritten' : undefined;
    const original = edited ? (h.data as string) : undefined;
    if (h.dir === 1) {
      if (wsReadyState(ws) !== 1) {
        record(st, 'sent', data, type, 'dropped', undefined, h.t);
        return;
      }
      apply(nativeSend, ws, [data]);
      record(st, 'sent', data, type, mark, original);
      return;
    }
    record(st, 'received', data, type, mark, original);
    redelivering = true;
    try {
      dispatch(ws, new st.r.ME('message', { data, origin: h.origin }));
    } finally {
      redelivering = false;
    }
  };
  /** After a resume: frames that waited go on, in order, until one hits a breakpoint again. */
  const drain = (ws: WebSocket, st: SocketState, dir: number): void => {
    const q = queueOf(st, dir) as Held[];
    let i = 0;
    for (; i < q.length; i++) {
      if (pauseMatches(q[i])) break;
      deliver(ws, st, q[i], q[i].data, false);
    }
    const rest: Held[] = [];
    for (let j = i; j < q.length; j++) rest[rest.length] = q[j];
    const all = st.held as Array<Held[] | undefined>;
    if (rest.length === 0) {
      all[dir] = undefined;
      holding--;
      if (all[1] === undefined && all[2] === undefined) st.held = undefined;
    } else {
      all[dir] = rest;
      pauseHead(st, rest[0]);
    }
  };

  // ── commands from the panel (only ever through the private port) ──
  const STATE_NAMES = ['still connecting', 'open', 'closing', 'closed'];
  const messageOf = (e: unknown): string => {
    const m = (e as { message?: unknown } | null)?.message;
    return typeof m === 'string' ? m : NativeString(e);
  };

  const execute = (cmd: HookCommand): string | undefined => {
    if (cmd.type === 'rules') {
      rules = compileRules(cmd.rules, false);
      pauses = compileRules(cmd.rules, true);
      return undefined;
    }
    const ws = mapGet(sockets, cmd.conn);
    const st = ws === undefined ? undefined : (wmGet(states, ws) as SocketState | undefined);
    if (ws === undefined || st === undefined) return 'That connection is closed: nothing was done.';
    const state = wsReadyState(ws);
    if (cmd.type === 'resume') {
      let dir = 0;
      for (let d = 1; d <= 2; d++) if (queueOf(st, d)?.[0]?.pid === cmd.pid) dir = d;
      if (dir === 0) return 'That frame is no longer paused.';
      const q = queueOf(st, dir) as Held[];
      const h = q[0];
      // Without Array.prototype.shift, which the page could have replaced.
      for (let i = 1; i < q.length; i++) q[i - 1] = q[i];
      q.length = q.length - 1;
      enqueue({ type: 'resumed', conn: st.c, seq: ++st.s, t: now(), pid: h.pid, action: cmd.action });
      if (cmd.action === 'drop') record(st, h.dir === 1 ? 'sent' : 'received', h.data, h.type, 'dropped', undefined, h.t);
      else deliver(ws, st, h, cmd.data ?? h.data, cmd.data !== undefined && cmd.data !== h.data);
      drain(ws, st, dir);
      return undefined;
    }
    switch (cmd.type) {
      case 'send':
        if (state !== 1) return `The socket is ${STATE_NAMES[state]}: nothing was sent.`;
        apply(nativeSend, ws, [cmd.data]);
        record(st, 'sent', cmd.data, typeof cmd.data === 'string' ? 'text' : 'arraybuffer', cmd.mark);
        return undefined;
      case 'simulate': {
        if (state !== 1) return `The socket is ${STATE_NAMES[state]}: no message was delivered.`;
        // The page gets the data type it asked for with binaryType, like a real message.
        const data = typeof cmd.data === 'string' ? cmd.data : wsBinaryType(ws) === 'blob' ? new st.r.B([cmd.data]) : cmd.data;
        let origin = '';
        try {
          origin = urlOrigin(new NativeURL(wsUrl(ws)));
        } catch {
          /* keep '' */
        }
        simulating = true;
        try {
          dispatch(ws, new st.r.ME('message', { data, origin }));
        } finally {
          simulating = false;
        }
        return undefined;
      }
      case 'close': {
        if (state >= 2) return `The socket is already ${STATE_NAMES[state]}.`;
        if (cmd.code === undefined && cmd.reason !== undefined) return 'A close reason needs a close code.';
        // The native close validates the code (1000 or 3000–4999) and the reason (≤ 123 bytes).
        apply(nativeClose, ws, cmd.code === undefined ? [] : cmd.reason === undefined ? [cmd.code] : [cmd.code, cmd.reason]);
        enqueue({ type: 'closing', conn: st.c, seq: ++st.s, t: now(), code: cmd.code, reason: cmd.reason ?? '', byPanel: true });
        return undefined;
      }
    }
  };

  function onCommand(m: MessageEvent): void {
    const cmd = msgData(m) as HookCommand;
    let error: string | undefined;
    try {
      error = execute(cmd);
    } catch (e) {
      error = messageOf(e);
    }
    enqueue(error === undefined ? { type: 'result', req: cmd.req, ok: true } : { type: 'result', req: cmd.req, ok: false, error });
    flush();
  }

  // ── the wrappers, installed in this window's realm and in the realms of frames it adopts ──
  const disguised = new WeakMapCtor<object, object>(); // wrapper → the native it stands for
  type Realm = Window & typeof globalThis;
  type AnyFn = (...a: unknown[]) => unknown;

  /** Replaces the function `o[k]` (a data property) by `wrap(native)`, remembered as disguised. */
  const wrapValue = (o: object | undefined, k: string, handler: ProxyHandler<AnyFn>): void => {
    const d = o === undefined ? undefined : getOwnDesc(o, k);
    if (o === undefined || d === undefined || typeof d.value !== 'function') return;
    const w = new NativeProxy(d.value as AnyFn, handler);
    wmSet(disguised, w, d.value as object);
    defineProperty(o, k, { value: w, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
  };
  /** Replaces the getter or the setter of the accessor `o[k]` the same way. */
  const wrapAccessor = (o: object | undefined, k: string, which: 'get' | 'set', handler: ProxyHandler<AnyFn>): void => {
    const d = o === undefined ? undefined : getOwnDesc(o, k);
    const f = d?.[which];
    if (o === undefined || d === undefined || typeof f !== 'function' || d.configurable !== true) return;
    const w = new NativeProxy(f as AnyFn, handler);
    wmSet(disguised, w, f);
    defineProperty(o, k, { get: which === 'get' ? w : d.get, set: which === 'set' ? w : d.set, enumerable: d.enumerable, configurable: true });
  };
  const replace = (o: object, k: string, value: unknown): void => {
    const d = getOwnDesc(o, k);
    if (d && 'value' in d) defineProperty(o, k, { value, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
  };

  const sendHandler: ProxyHandler<AnyFn> = {
    apply(target, self, args) {
      let data: unknown = args[0];
      let type = payloadOf(data);
      // Convert non-binary values to text once, as send() itself would, so that what we record is
      // exactly what was sent and page toString()s run once. Symbols are left to throw natively.
      if (args.length > 0 && type === null && typeof data !== 'symbol') {
        data = NativeString(data);
        args[0] = data;
        type = 'text';
      }
      if (pauses.length > 0 || holding > 0) {
        const st = wmGet(states, self as object) as SocketState | undefined;
        if (st !== undefined && wsReadyState(self) === 1) {
          // Binary is copied now (the page may change its buffer while it waits); views are
          // recorded as the ArrayBuffer of their bytes.
          const h: Held =
            type === 'arraybuffer' || type === 'typedarray' || type === 'dataview'
              ? { dir: 1, data: copyBytes(data, type), type: 'arraybuffer', origin: '', pid: 0, t: now() }
              : { dir: 1, data, type, origin: '', pid: 0, t: now() };
          if (queueOf(st, 1) !== undefined || pauseMatches(h)) {
            hold(st, h); // it leaves when the panel continues it (or the one before it)
            return undefined;
          }
        }
      }
      let original: string | undefined;
      if (rules.length > 0 && type === 'text') {
        const st = wmGet(states, self as object) as SocketState | undefined;
        if (st !== undefined && wsReadyState(self) === 1) {
          const out = applyRules(data as string, 1);
          if (out === null) {
            record(st, 'sent', data, 'text', 'blocked'); // dropped: it never leaves
            return undefined;
          }
          if (out !== data) {
            original = data as string;
            data = out;
            args[0] = out;
          }
        }
      }
      let result: unknown;
      try {
        result = apply(target, self, args);
      } catch (e) {
        return rethrow(e, sendHandler.apply);
      }
      const st = wmGet(states, self as object) as SocketState | undefined;
      if (st && wsReadyState(self) === 1) record(st, 'sent', data, type, original === undefined ? undefined : 'rewritten', original);
      return result;
    },
  };
  const nativeSend = proto.send;

  const closeHandler: ProxyHandler<AnyFn> = {
    apply(target, self, args) {
      const st = wmGet(states, self as object) as SocketState | undefined;
      const before = st ? wsReadyState(self) : 3;
      let result: unknown;
      try {
        result = apply(target, self, args);
      } catch (e) {
        return rethrow(e, closeHandler.apply);
      }
      if (st && before < 2) {
        const code = args[0];
        const reason = args[1];
        enqueue({
          type: 'closing',
          conn: st.c,
          seq: ++st.s,
          t: now(),
          code: typeof code === 'number' ? code : code === undefined ? undefined : +(code as number),
          reason: typeof reason === 'string' ? reason : '',
        });
      }
      return result;
    },
  };
  const nativeClose = proto.close;

  // Another same-origin frame's own hook wraps its natives, which our registry does not know; V8
  // prints any callable Proxy as below. For the names we wrap, when the function comes from another
  // realm, answer as the native would (a page's own proxies, of its own realm, print as they do).
  const PROXY_SOURCE = 'function () { [native code] }';
  const WRAPPED_NAMES: Record<string, boolean> = { WebSocket: true, send: true, close: true, toString: true };

  // ── frames: adopt the realm of a same-origin frame that started without the extension's scripts ──
  const seen = new WeakSetCtor<object>();
  // Without a prototype: the event constructor reads absent members, which the page could have
  // defined on Object.prototype by now.
  const eventInit = (view: object, cancelable: boolean): UIEventInit => ({ __proto__: null, view: view as Window, cancelable }) as UIEventInit;
  /**
   * Asks our relay (synchronously, in the isolated world: relay/adoption.ts) whether `w` is a frame
   * without a relay of its own, and if so wraps its realm now, before the page can use it. Each
   * window is looked at once: a frame that has a relay keeps it, and one adopted stays adopted for
   * as long as its realm lives (the document that loads into it reuses it and stands aside).
   */
  const adopt = (w: object): void => {
    if (wsHas(seen, w)) return;
    wsAdd(seen, w);
    if (dispatch(meeting, new NativeUIEvent(ADOPT_QUERY_EVENT, eventInit(w, true)))) return;
    try {
      install(w as Realm, true);
    } catch {
      dispatch(meeting, new NativeUIEvent(ADOPT_FAILED_EVENT, eventInit(w, false)));
    }
  };
  const adoptResult = (w: unknown): void => {
    if (w !== null && typeof w === 'object') adopt(w);
  };
  /** Looks at each child frame of `rw` (`rw[i]` cannot be shadowed; `length` is read natively). */
  const scanFrames = (rw: Realm, length: (self: unknown) => unknown): void => {
    let n = 0;
    try {
      n = length(rw) as number;
    } catch {
      return;
    }
    for (let i = 0; i < n; i++) {
      let w: unknown;
      try {
        w = (rw as unknown as Record<number, unknown>)[i];
      } catch {
        continue;
      }
      adoptResult(w);
    }
  };
  /** A wrapper that calls the native, then `then(result)`; errors are the native's, thrown as it throws them. */
  const afterNative = (then: (result: unknown) => void): ProxyHandler<AnyFn> => {
    const handler: ProxyHandler<AnyFn> = {
      apply(target, self, args) {
        let result: unknown;
        try {
          result = apply(target, self, args);
        } catch (e) {
          return rethrow(e, handler.apply);
        }
        then(result);
        return result;
      },
    };
    return handler;
  };
  /** The getters that hand out a frame's window or document: the frame is adopted before they do. */
  const windowGetterHandler = afterNative(adoptResult);
  const documentGetterHandler = afterNative((d) => {
    if (d !== null && typeof d === 'object') adoptResult(docView(d));
  });

  const FRAME_INTERFACES = ['HTMLIFrameElement', 'HTMLFrameElement', 'HTMLObjectElement'];
  WRAPPED_NAMES['get contentWindow'] = true;
  WRAPPED_NAMES['get contentDocument'] = true;
  WRAPPED_NAMES['get frames'] = true;
  WRAPPED_NAMES['get length'] = true;

  /**
   * Wraps one realm: `WebSocket`, `send`, `close`, `Function.prototype.toString`, and what makes
   * or reaches frames. `adopted`: a child frame's realm, whose sockets are reported (with the
   * frame's URL) through this hook's channel.
   */
  function install(rw: Realm, adopted: boolean): void {
    const protoOf = (name: string): object | undefined => {
      const c = (rw as unknown as Record<string, unknown>)[name];
      return typeof c === 'function' ? ((c as { prototype?: object }).prototype ?? undefined) : undefined;
    };
    const NWS = rw.WebSocket;
    const wsProto = NWS.prototype;
    const realmFnProto = rw.Function.prototype;
    const lengthOf = getOwnDesc(rw, 'length')?.get;
    const length = lengthOf === undefined ? undefined : uncurry(lengthOf as () => unknown);
    const ctors: RealmCtors = { ME: rw.MessageEvent, B: rw.Blob };
    const hrefOf = (): string => {
      try {
        return NativeString(rw.location.href);
      } catch {
        return '';
      }
    };

    const wsHandler: ProxyHandler<typeof WebSocket> = {
      construct(target, args, newTarget) {
        let ws: WebSocket;
        try {
          ws = construct(target, args, newTarget === WSProxy ? target : newTarget) as WebSocket;
        } catch (e) {
          return rethrow(e, wsHandler.construct);
        }
        const st: SocketState = { c: ++connections, s: 0, r: ctors };
        wmSet(states, ws, st);
        mapSet(sockets, st.c, ws);
        const url = wsUrl(ws);
        const protocols = protocolsOf(args[1]);
        enqueue(
          adopted
            ? { type: 'connection', conn: st.c, seq: 0, t: now(), url, protocols, initiator: initiator(), frame: hrefOf() }
            : { type: 'connection', conn: st.c, seq: 0, t: now(), url, protocols, initiator: initiator() },
        );
        addListener(ws, 'open', onOpen);
        addListener(ws, 'message', onMessage);
        addListener(ws, 'error', onError);
        addListener(ws, 'close', onClose);
        return ws;
      },
    };
    const WSProxy = new NativeProxy(NWS, wsHandler);
    wmSet(disguised, WSProxy, NWS);

    // Function.prototype.toString answers for the wrappers as for the natives they stand for.
    const toStringHandler: ProxyHandler<AnyFn> = {
      apply(target, self, args) {
        const original = typeof self === 'function' ? wmGet(disguised, self) : undefined;
        let source: unknown;
        try {
          source = apply(target, original === undefined ? self : original, args);
        } catch (e) {
          return rethrow(e, toStringHandler.apply);
        }
        if (source === PROXY_SOURCE && original === undefined) {
          const d = getOwnDesc(self as object, 'name');
          const name = d !== undefined && 'value' in d ? d.value : undefined;
          if (typeof name === 'string' && WRAPPED_NAMES[name] === true && getProto(self as object) !== realmFnProto) return `function ${name}() { [native code] }`;
        }
        return source;
      },
    };

    // `frames` and `length` lead to frames by index (`frames[i]`, `window[window.length - 1]`):
    // reading either first looks at this realm's frames. (A bare `window[i]` cannot be caught.)
    if (length !== undefined) {
      // Loops read `frames.length` and `frames[i]` over and over: within one run of script, the
      // frames are looked at again only when their number changed (until the next microtask).
      let lookedAt = -1;
      const forget = (): void => {
        lookedAt = -1;
      };
      const indexHandler = afterNative(() => {
        let n = -1;
        try {
          n = length(rw) as number;
        } catch {
          /* keep -1: look */
        }
        if (n !== lookedAt) {
          if (lookedAt === -1) queueMicro(forget);
          scanFrames(rw, length);
          lookedAt = n;
        }
      });
      wrapAccessor(rw, 'frames', 'get', indexHandler);
      wrapAccessor(rw, 'length', 'get', indexHandler);
    }
    for (let i = 0; i < FRAME_INTERFACES.length; i++) {
      const p = protoOf(FRAME_INTERFACES[i]);
      wrapAccessor(p, 'contentWindow', 'get', windowGetterHandler);
      wrapAccessor(p, 'contentDocument', 'get', documentGetterHandler);
    }
    wrapValue(realmFnProto, 'toString', toStringHandler);
    wrapValue(wsProto, 'send', sendHandler);
    wrapValue(wsProto, 'close', closeHandler);
    replace(wsProto, 'constructor', WSProxy);
    replace(rw, 'WebSocket', WSProxy);

    // Frames the parser inserts are reached without their element (`frames[i]`), so while this
    // document is parsed its frames are looked at after each change, which the observer reports at
    // the microtask checkpoint the parser performs before each script: a frame it inserts is
    // adopted before the next script runs. Only while parsing: an observer for the document's life
    // would cost every DOM insertion of every page (measured: 40–90 % on appendChild/innerHTML,
    // `npm run bench:dom`). DOM insertion methods are not wrapped either: page code they run
    // synchronously (an inserted inline script, a custom element's connectedCallback) would find
    // our frame in its stack. An adopted realm's document is watched by the hook that stands aside
    // in it, through the `length` getter wrapped above (pointOutNewFrames).
    if (!adopted && length !== undefined) watchWhileParsing(() => scanFrames(rw, length));
  }

  install(win as Realm, false);
})();
