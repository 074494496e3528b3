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
  HANDSHAKE_HOOK_EVENT,
  HANDSHAKE_RELAY_EVENT,
  type BinaryKind,
  type Direction,
  type HookEvent,
} from '../core/protocol';

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
  const WeakMapCtor = WeakMap;
  const wmGet = uncurry(WeakMapCtor.prototype.get) as (m: WeakMap<object, unknown>, k: object) => unknown;
  const wmSet = uncurry(WeakMapCtor.prototype.set) as (m: WeakMap<object, unknown>, k: object, v: unknown) => void;
  const strIndexOf = uncurry(String.prototype.indexOf);
  const strSlice = uncurry(String.prototype.slice) as (s: string, a: number, b?: number) => string;
  const isArray = Array.isArray;
  const NativeString = String;

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

  const offerPort = (): boolean => {
    const channel = new MessageChannel();
    const taken = !dispatch(win, new MessageEvent(HANDSHAKE_HOOK_EVENT, { ports: [channel.port2], cancelable: true }));
    if (taken) {
      port = channel.port1;
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
        removeListener(win, HANDSHAKE_RELAY_EVENT, onRelayReady, true);
      }
    };
    addListener(win, HANDSHAKE_RELAY_EVENT, onRelayReady, true);
  }

  // ── per-socket state, kept off the socket (no own properties on instances) ──
  interface SocketState {
    c: number;
    s: number;
  }
  const states = new WeakMapCtor<object, SocketState>();
  let connections = 0;

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

  const record = (st: SocketState, dir: Direction, data: unknown): void => {
    const t = now();
    const s = ++st.s;
    if (typeof data === 'string') {
      enqueue({ k: 'frame', c: st.c, s, t, dir, data });
      return;
    }
    let copy: ArrayBuffer | null = null;
    let kind: BinaryKind;
    if (is(abByteLength, data)) {
      // Copied at once: the page may change or transfer its buffer right after.
      copy = abSlice(data) as ArrayBuffer;
      kind = 'arraybuffer';
    } else if (isView(data)) {
      const dv = is(dvBuffer, data);
      const buf = dv ? dvBuffer(data) : taBuffer(data);
      const off = dv ? dvOffset(data) : taOffset(data);
      const len = dv ? dvLength(data) : taLength(data);
      try {
        copy = abSlice(buf, off, off + len) as ArrayBuffer;
      } catch {
        copy = new Uint8Array(new Uint8Array(buf, off, len)).buffer; // SharedArrayBuffer views
      }
      kind = dv ? 'dataview' : 'typedarray';
    } else if (is(blobSize, data)) {
      enqueue({ k: 'frame', c: st.c, s, t, dir, data: data as Blob, kind: 'blob' });
      return;
    } else {
      return;
    }
    enqueue({ k: 'frame', c: st.c, s, t, dir, data: copy, kind }, copy);
  };

  // Shared listeners (one function each for all sockets); `this` is the socket.
  function onOpen(this: WebSocket): void {
    const st = wmGet(states, this) as SocketState | undefined;
    if (st) enqueue({ k: 'open', c: st.c, s: ++st.s, t: now(), protocol: wsProtocol(this), extensions: wsExtensions(this) });
  }
  function onMessage(this: WebSocket, ev: Event): void {
    const st = wmGet(states, this) as SocketState | undefined;
    if (st) record(st, 'received', msgData(ev));
  }
  function onError(this: WebSocket): void {
    const st = wmGet(states, this) as SocketState | undefined;
    if (st) enqueue({ k: 'error', c: st.c, s: ++st.s, t: now() });
  }
  function onClose(this: WebSocket, ev: Event): void {
    const st = wmGet(states, this) as SocketState | undefined;
    if (st) {
      enqueue({ k: 'close', c: st.c, s: ++st.s, t: now(), code: closeCode(ev), reason: closeReason(ev), wasClean: closeWasClean(ev) });
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

  // ── the wrappers ──
  const disguised = new WeakMapCtor<object, object>(); // wrapper → the native it stands for

  const WSProxy = new Proxy(NativeWS, {
    construct(target, args, newTarget) {
      const ws = construct(target, args, newTarget === WSProxy ? target : newTarget) as WebSocket;
      const st: SocketState = { c: ++connections, s: 0 };
      wmSet(states, ws, st);
      enqueue({ k: 'connection', c: st.c, s: 0, t: now(), url: wsUrl(ws), protocols: protocolsOf(args[1]), initiator: initiator() });
      addListener(ws, 'open', onOpen);
      addListener(ws, 'message', onMessage);
      addListener(ws, 'error', onError);
      addListener(ws, 'close', onClose);
      return ws;
    },
  });
  wmSet(disguised, WSProxy, NativeWS);

  const nativeSend = proto.send;
  const sendProxy = new Proxy(nativeSend, {
    apply(target, self, args) {
      let data: unknown = args[0];
      // Convert non-binary values to text once, as send() itself would, so that what we record is
      // exactly what was sent and page toString()s run once. Symbols are left to throw natively.
      if (args.length > 0 && typeof data !== 'string' && typeof data !== 'symbol' && !isView(data) && !is(abByteLength, data) && !is(blobSize, data)) {
        data = NativeString(data);
        args[0] = data;
      }
      const result = apply(target, self, args);
      const st = wmGet(states, self as object) as SocketState | undefined;
      if (st && wsReadyState(self) === 1) record(st, 'sent', data);
      return result;
    },
  });
  wmSet(disguised, sendProxy, nativeSend);

  const nativeClose = proto.close;
  const closeProxy = new Proxy(nativeClose, {
    apply(target, self, args) {
      const st = wmGet(states, self as object) as SocketState | undefined;
      const before = st ? wsReadyState(self) : 3;
      const result = apply(target, self, args);
      if (st && before < 2) {
        const code = args[0];
        const reason = args[1];
        enqueue({
          k: 'closing',
          c: st.c,
          s: ++st.s,
          t: now(),
          code: typeof code === 'number' ? code : code === undefined ? undefined : +(code as number),
          reason: typeof reason === 'string' ? reason : '',
        });
      }
      return result;
    },
  });
  wmSet(disguised, closeProxy, nativeClose);

  // Function.prototype.toString answers for the wrappers as for the natives they stand for.
  const nativeToString = FnProto.toString;
  const toStringProxy = new Proxy(nativeToString, {
    apply(target, self, args) {
      const original = typeof self === 'function' ? wmGet(disguised, self) : undefined;
      return apply(target, original === undefined ? self : original, args);
    },
  });
  wmSet(disguised, toStringProxy, nativeToString);

  const replace = (o: object, k: string, value: unknown): void => {
    const d = getOwnDesc(o, k);
    if (d && 'value' in d) defineProperty(o, k, { value, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
  };
  replace(FnProto, 'toString', toStringProxy);
  replace(proto, 'send', sendProxy);
  replace(proto, 'close', closeProxy);
  replace(proto, 'constructor', WSProxy);
  replace(win, 'WebSocket', WSProxy);
})();
