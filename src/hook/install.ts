/**
 * The wrappers, installed in this window's realm and in the realms of the frames it adopts:
 * `WebSocket` (a Proxy of the native constructor), `send` and `close` (Proxies of the natives),
 * `Function.prototype.toString` (answers for the Proxies as for the natives), and the getters that
 * reach frames (adoption). Identity, `instanceof`, constants, name/length, subclassing and native
 * errors stay as they were.
 *
 * Every Proxy handler, property descriptor and event init has no prototype: a trap or member the
 * hook does not define must not be looked up on `Object.prototype`, where the page could have put
 * one (a page's `Object.prototype.get` would turn a data descriptor into an invalid one).
 */
import type { HookEvent } from '../core/protocol';
import type { Natives, Realm } from './natives';
import type { Adoption } from './adoption';
import type { Breakpoints } from './breakpoints';
import type { Capture, Listeners } from './capture';
import type { Rules } from './rules';
import type { Held, SocketState } from './state';
import { watchWhileParsing } from './adoption';

type AnyFn = (...a: unknown[]) => unknown;

export interface InstallDeps {
  cap: Capture;
  listeners: Listeners;
  rules: Rules;
  bps: Breakpoints;
  initiatorOf: () => string;
  adoption: Adoption;
}

// Another same-origin frame's own hook wraps its natives, which our registry does not know; V8
// prints any callable Proxy as below. For the names we wrap, when the function comes from another
// realm, answer as the native would (a page's own proxies, of its own realm, print as they do).
const PROXY_SOURCE = 'function () { [native code] }';
const FRAME_INTERFACES = ['HTMLIFrameElement', 'HTMLFrameElement', 'HTMLObjectElement'];

/** Returns `install(realm, adopted)`. */
export function createInstaller(n: Natives, d: InstallDeps): (rw: Realm, adopted: boolean) => void {
  const { reflectApply: apply, getOwnDesc, defineProp: defineProperty, wmGet, wmSet, getProto, wsReadyState, clock: now, uncurry } = n;
  const { cap, listeners, rules, bps, adoption } = d;
  const { states, enqueue, record, payloads } = cap;
  const NativeProxy = n.NativeProxy;
  const disguised = new n.NativeWeakMap<object, object>(); // wrapper → the native it stands for
  const wrappedNames = n.table<true>();
  const names = ['WebSocket', 'send', 'close', 'toString', 'open', 'get contentWindow', 'get contentDocument', 'get frames', 'get length'];
  for (let i = 0; i < names.length; i++) wrappedNames[names[i]] = true;
  let connections = 0;

  /**
   * A native error thrown through one of our traps would show the trap's frame in its stack.
   * Re-capture the stack from the trap down, so the page sees exactly what the native shows.
   */
  const rethrow = (e: unknown, trap: unknown): never => {
    const capture = n.captureStack;
    if (capture !== undefined && e !== null && (typeof e === 'object' || typeof e === 'function')) {
      try {
        capture(e, trap);
      } catch {
        /* keep the error as it is */
      }
    }
    throw e;
  };

  /** Replaces the data property `o[k]` by `value`, with the same attributes. */
  const replace = (o: object, k: string, value: unknown): void => {
    const desc = getOwnDesc(o, k);
    if (desc && 'value' in desc) defineProperty(o, k, { __proto__: null, value, writable: desc.writable, enumerable: desc.enumerable, configurable: desc.configurable } as PropertyDescriptor);
  };
  /** Replaces the function `o[k]` (a data property) by a Proxy of it, remembered as disguised. */
  const wrapValue = (o: object | undefined, k: string, handler: ProxyHandler<AnyFn>): void => {
    const desc = o === undefined ? undefined : getOwnDesc(o, k);
    if (o === undefined || desc === undefined || typeof desc.value !== 'function') return;
    const w = new NativeProxy(desc.value as AnyFn, handler);
    wmSet(disguised, w, desc.value as object);
    replace(o, k, w);
  };
  /** Replaces the getter or the setter of the accessor `o[k]` the same way. */
  const wrapAccessor = (o: object | undefined, k: string, which: 'get' | 'set', handler: ProxyHandler<AnyFn>): void => {
    const desc = o === undefined ? undefined : getOwnDesc(o, k);
    const f = desc?.[which];
    if (o === undefined || desc === undefined || typeof f !== 'function' || desc.configurable !== true) return;
    const w = new NativeProxy(f as AnyFn, handler);
    wmSet(disguised, w, f);
    defineProperty(o, k, { __proto__: null, get: which === 'get' ? w : desc.get, set: which === 'set' ? w : desc.set, enumerable: desc.enumerable, configurable: true } as PropertyDescriptor);
  };

  /** A wrapper that calls the native, then `then(result)`; errors are the native's, thrown as it throws them. */
  const afterNative = (then: (result: unknown) => void): ProxyHandler<AnyFn> => {
    const handler = {
      __proto__: null,
      apply(target: AnyFn, self: unknown, args: unknown[]): unknown {
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
    return handler as ProxyHandler<AnyFn>;
  };
  /** The getters that hand out a frame's window or document: the frame is adopted before they do. */
  const windowGetterHandler = afterNative(adoption.adoptResult);
  const documentGetterHandler = afterNative(adoption.adoptDocument);

  /** The protocols asked for, as strings; reads own data only (no getter, no page code; never throws). */
  const protocolsOf = (p: unknown): string[] => {
    const out: string[] = [];
    if (typeof p === 'string') out[0] = p;
    else {
      try {
        if (n.arrayIsArray(p))
          for (let i = 0; i < p.length; i++) {
            const v = getOwnDesc(p, i)?.value;
            if (typeof v === 'string') out[out.length] = v;
          }
      } catch {
        /* a Proxy that throws: the native took what it could, we record none */
      }
    }
    return out;
  };

  const sendHandler = {
    __proto__: null,
    apply(target: AnyFn, self: unknown, args: unknown[]): unknown {
      let data: unknown = args[0];
      let type = payloads.payloadOf(data);
      // Convert non-binary values to text once, as send() itself would, so that what we record is
      // exactly what was sent and page toString()s run once. Symbols are left to throw natively.
      if (args.length > 0 && type === null && typeof data !== 'symbol') {
        try {
          data = n.NativeString(data);
        } catch {
          // A revoked Proxy, a toString that throws: the native throws its own error (its message
          // is not ours), at the cost of a throwing toString running once more.
          try {
            return apply(target, self, args);
          } catch (e) {
            return rethrow(e, sendHandler.apply);
          }
        }
        args[0] = data;
        type = 'text';
      }
      const st = wmGet(states, self as object);
      const open = st !== undefined && wsReadyState(self) === 1;
      if (open && bps.watching(st)) {
        // Binary is copied now (the page may change its buffer while it waits); views are
        // recorded as the ArrayBuffer of their bytes.
        const binary = type === 'arraybuffer' || type === 'typedarray' || type === 'dataview';
        const h: Held = { dir: 1, data: binary ? payloads.copyBytes(data, type as 'arraybuffer' | 'typedarray' | 'dataview') : data, type: binary ? 'arraybuffer' : type, origin: '', pid: 0, t: now() };
        if (bps.take(st, h)) return undefined; // it leaves when the panel continues it (or the one before it)
      }
      let original: string | undefined;
      if (open && type === 'text' && rules.active()) {
        const out = rules.applyTo(data as string, 1);
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
      let result: unknown;
      try {
        result = apply(target, self, args);
      } catch (e) {
        return rethrow(e, sendHandler.apply);
      }
      if (st !== undefined && wsReadyState(self) === 1) record(st, 'sent', data, type, original === undefined ? undefined : 'rewritten', original);
      return result;
    },
  };

  const closeHandler = {
    __proto__: null,
    apply(target: AnyFn, self: unknown, args: unknown[]): unknown {
      const st = wmGet(states, self as object);
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
          // An object's valueOf is not called a second time (the native called it once).
          code: typeof code === 'number' ? code : typeof code === 'string' ? +code : undefined,
          reason: typeof reason === 'string' ? reason : '',
        });
      }
      return result;
    },
  };

  /**
   * Wraps one realm: `WebSocket`, `send`, `close`, `Function.prototype.toString`, and what makes
   * or reaches frames. `adopted`: a child frame's realm, whose sockets are reported (with the
   * frame's URL) through this hook's channel.
   */
  return function install(rw: Realm, adopted: boolean): void {
    const protoOf = (name: string): object | undefined => {
      const c = (rw as unknown as Record<string, unknown>)[name];
      return typeof c === 'function' ? ((c as { prototype?: object }).prototype ?? undefined) : undefined;
    };
    const NWS = rw.WebSocket;
    const wsProto = NWS.prototype;
    const realmFnProto = rw.Function.prototype;
    const lengthOf = getOwnDesc(rw, 'length')?.get;
    const length = lengthOf === undefined ? undefined : uncurry(lengthOf as () => unknown);
    const ctors = { ME: rw.MessageEvent, B: rw.Blob };
    const hrefOf = (): string => {
      try {
        return n.NativeString(rw.location.href);
      } catch {
        return '';
      }
    };

    const wsHandler = {
      __proto__: null,
      construct(target: typeof WebSocket, args: unknown[], newTarget: unknown): object {
        let ws: WebSocket;
        try {
          ws = n.reflectConstruct(target, args, newTarget === WSProxy ? target : (newTarget as AnyFn)) as WebSocket;
        } catch (e) {
          return rethrow(e, wsHandler.construct);
        }
        const st: SocketState = { c: ++connections, s: 0, r: ctors };
        wmSet(states, ws, st);
        n.mapSet(cap.sockets, st.c, ws);
        const ev: Extract<HookEvent, { type: 'connection' }> = { type: 'connection', conn: st.c, seq: 0, t: now(), url: n.wsUrl(ws), protocols: protocolsOf(args[1]), initiator: d.initiatorOf() };
        if (adopted) ev.frame = hrefOf();
        enqueue(ev);
        n.addListener(ws, 'open', listeners.onOpen);
        n.addListener(ws, 'message', listeners.onMessage);
        n.addListener(ws, 'error', listeners.onError);
        n.addListener(ws, 'close', listeners.onClose);
        return ws;
      },
    };
    const WSProxy = new NativeProxy(NWS, wsHandler as ProxyHandler<typeof WebSocket>);
    wmSet(disguised, WSProxy, NWS);

    // Function.prototype.toString answers for the wrappers as for the natives they stand for.
    const toStringHandler = {
      __proto__: null,
      apply(target: AnyFn, self: unknown, args: unknown[]): unknown {
        const original = typeof self === 'function' ? wmGet(disguised, self) : undefined;
        let source: unknown;
        try {
          source = apply(target, original === undefined ? self : original, args);
        } catch (e) {
          return rethrow(e, toStringHandler.apply);
        }
        if (source === PROXY_SOURCE && original === undefined) {
          // `self` is a callable Proxy: a revoked one, or one whose traps throw, must not throw here.
          try {
            const desc = getOwnDesc(self as object, 'name');
            const name = desc !== undefined && 'value' in desc ? desc.value : undefined;
            if (typeof name === 'string' && wrappedNames[name] === true && getProto(self as object) !== realmFnProto) return `function ${name}() { [native code] }`;
          } catch {
            /* answer as the native did */
          }
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
        let count = -1;
        try {
          count = length(rw) as number;
        } catch {
          /* keep -1: look */
        }
        if (count !== lookedAt) {
          if (lookedAt === -1) n.queueMicro(forget);
          adoption.scanFrames(rw, length);
          lookedAt = count;
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
    // A popup's window, handed out by `open`, is adopted like a frame's (the relay says whether).
    wrapValue(rw, 'open', windowGetterHandler);
    wrapValue(realmFnProto, 'toString', toStringHandler as ProxyHandler<AnyFn>);
    wrapValue(wsProto, 'send', sendHandler as ProxyHandler<AnyFn>);
    wrapValue(wsProto, 'close', closeHandler as ProxyHandler<AnyFn>);
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
    // in it, through the `length` getter wrapped above (see hook.ts).
    if (!adopted && length !== undefined) watchWhileParsing(n, () => adoption.scanFrames(rw, length));
  };
}
