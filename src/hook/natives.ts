/**
 * Every global, constructor and prototype method the hook will ever call, captured once at start,
 * before any page script runs: the only module of the hook that reads globals. The other modules
 * are factories over this one object, so page code that patches globals later can neither see nor
 * change what the hook does, and the factories can be tested with fake natives.
 *
 * Methods are "uncurried": `n.dispatch(target, ev)` is the native `dispatchEvent.call(target, ev)`,
 * without an arguments array per call and without looking anything up on the target.
 */

/** The pure-JavaScript natives (no DOM): what rules, breakpoints and payload copying need. */
export interface CoreNatives {
  reflectApply: typeof Reflect.apply;
  reflectConstruct: typeof Reflect.construct;
  defineProp: typeof Object.defineProperty;
  getOwnDesc: typeof Object.getOwnPropertyDescriptor;
  getProto: typeof Object.getPrototypeOf;
  uncurry: <A extends unknown[], T>(f: (...a: A) => T) => (self: unknown, ...a: A) => T;
  /** The native getter of `o[k]`, uncurried. */
  getter: (o: object, k: PropertyKey) => (self: unknown) => unknown;
  /** A table without a prototype: lookups never reach `Object.prototype`. */
  table: <T>() => Record<string, T>;
  arrayIsArray: (v: unknown) => v is unknown[];
  NativeString: (v: unknown) => string;
  NativeRegExp: RegExpConstructor;
  nativeExec: RegExp['exec'];
  reExec: (re: RegExp, s: string) => RegExpExecArray | null;
  reReplace: (re: RegExp, s: string, by: string) => string;
  strIndexOf: (s: string, find: string, from?: number) => number;
  strSlice: (s: string, a: number, b?: number) => string;
  NativeError: ErrorConstructor;
  /** Firefox: `stack` is an accessor of Error.prototype. */
  errorStackGetter: (() => unknown) | undefined;
  /** V8: re-captures an error's stack from a given function down, leaving that function out. */
  captureStack: ((e: object, fn: unknown) => void) | undefined;
  NativeWeakMap: WeakMapConstructor;
  wmGet: <K extends object, V>(m: WeakMap<K, V>, k: K) => V | undefined;
  wmSet: <K extends object, V>(m: WeakMap<K, V>, k: K, v: V) => void;
  wmDelete: <K extends object, V>(m: WeakMap<K, V>, k: K) => boolean;
  NativeWeakSet: WeakSetConstructor;
  wsHas: <K extends object>(s: WeakSet<K>, k: K) => boolean;
  wsAdd: <K extends object>(s: WeakSet<K>, k: K) => void;
  NativeMap: MapConstructor;
  mapGet: <K, V>(m: Map<K, V>, k: K) => V | undefined;
  mapSet: <K, V>(m: Map<K, V>, k: K, v: V) => void;
  mapDelete: <K, V>(m: Map<K, V>, k: K) => boolean;
  NativeProxy: ProxyConstructor;
  NativeUint8Array: Uint8ArrayConstructor;
  abIsView: (v: unknown) => v is ArrayBufferView;
  abSlice: (b: unknown, begin?: number, end?: number) => ArrayBuffer;
  abByteLength: (b: unknown) => unknown;
  /** The typed arrays' `Symbol.toStringTag` getter: the array's name, undefined for anything else (never throws). */
  taTag: (v: unknown) => unknown;
  taBuffer: (v: unknown) => ArrayBuffer;
  taOffset: (v: unknown) => number;
  taLength: (v: unknown) => number;
  dvBuffer: (v: unknown) => ArrayBuffer;
  dvOffset: (v: unknown) => number;
  dvLength: (v: unknown) => number;
  blobSize: (b: unknown) => unknown;
}

/** Everything the hook calls: the core natives and the DOM's. */
export interface Natives extends CoreNatives {
  win: Realm;
  doc: Document;
  NativeWebSocket: typeof WebSocket;
  /** The native `send` and `close` of WebSocket.prototype (before the hook wraps them). */
  wsSend: (data: unknown) => void;
  wsClose: (code?: number, reason?: string) => void;
  wsUrl: (s: unknown) => string;
  wsReadyState: (s: unknown) => number;
  wsProtocol: (s: unknown) => string;
  wsExtensions: (s: unknown) => string;
  wsBinaryType: (s: unknown) => string;
  msgData: (e: unknown) => unknown;
  msgOrigin: (e: unknown) => string;
  closeCode: (e: unknown) => number;
  closeReason: (e: unknown) => string;
  closeWasClean: (e: unknown) => boolean;
  /** True only for an event the browser itself fired (throws for what is not an Event). */
  trusted: (e: unknown) => boolean;
  addListener: (t: EventTarget, type: string, f: unknown, capture?: boolean) => void;
  removeListener: (t: EventTarget, type: string, f: unknown, capture?: boolean) => void;
  dispatch: (t: EventTarget, e: Event) => boolean;
  stopImmediate: (e: Event) => void;
  evPreventDefault: (e: Event) => void;
  NativeEvent: typeof Event;
  NativeUIEvent: typeof UIEvent;
  NativeMessageEvent: typeof MessageEvent;
  NativeMessageChannel: typeof MessageChannel;
  channelPort1: (c: MessageChannel) => MessagePort;
  channelPort2: (c: MessageChannel) => MessagePort;
  portPost: (p: MessagePort, msg: unknown, transfer: Transferable[]) => void;
  /** The `onmessage` setter of MessagePort.prototype. */
  portOnMessage: (p: MessagePort, f: (m: MessageEvent) => void) => void;
  NativeURL: typeof URL;
  urlOrigin: (u: unknown) => string;
  NativeMutationObserver: typeof MutationObserver;
  moObserve: (o: MutationObserver, n: Node, opts: MutationObserverInit) => void;
  moDisconnect: (o: MutationObserver) => void;
  docView: (d: unknown) => Window | null;
  /** The document's FontFaceSet (where hook and relay meet), if it has one. */
  fontFaceSet: EventTarget | null | undefined;
  clock: () => number;
  setTimer: (f: () => void, ms: number) => unknown;
  queueMicro: (f: () => void) => void;
}

/** A window as the hook wraps it (its own, or an adopted frame's). */
export type Realm = Window & typeof globalThis;

/** The core natives of a global object `g` (the page's window, or a test's globalThis). */
export function coreNatives(g: typeof globalThis): CoreNatives {
  const R = g.Reflect;
  const O = g.Object;
  const apply = R.apply;
  const getOwnDesc = O.getOwnPropertyDescriptor;
  const getProto = O.getPrototypeOf;
  const FnProto = g.Function.prototype;
  const uncurry = <A extends unknown[], T>(f: (...a: A) => T): ((self: unknown, ...a: A) => T) =>
    apply(FnProto.bind, FnProto.call, [f]) as (self: unknown, ...a: A) => T;
  const getter = (o: object, k: PropertyKey): ((self: unknown) => unknown) => uncurry((getOwnDesc(o, k) as PropertyDescriptor).get as () => unknown);
  const objectCreate = O.create;
  const AB = g.ArrayBuffer.prototype;
  const TypedArrayProto = getProto(g.Uint8Array.prototype) as object;
  const DV = g.DataView.prototype;
  const WM = g.WeakMap.prototype;
  const WS = g.WeakSet.prototype;
  const M = g.Map.prototype;
  const nativeExec = g.RegExp.prototype.exec;
  const NativeError = g.Error;
  return {
    reflectApply: apply,
    reflectConstruct: R.construct,
    defineProp: O.defineProperty,
    getOwnDesc,
    getProto,
    uncurry,
    getter,
    table: <T>() => objectCreate(null) as Record<string, T>,
    arrayIsArray: g.Array.isArray,
    NativeString: g.String,
    NativeRegExp: g.RegExp,
    nativeExec,
    reExec: uncurry(nativeExec) as CoreNatives['reExec'],
    reReplace: uncurry(g.RegExp.prototype[g.Symbol.replace] as (s: string, r: string) => string) as CoreNatives['reReplace'],
    strIndexOf: uncurry(g.String.prototype.indexOf),
    strSlice: uncurry(g.String.prototype.slice) as CoreNatives['strSlice'],
    NativeError: NativeError,
    errorStackGetter: getOwnDesc(NativeError.prototype, 'stack')?.get,
    captureStack: (NativeError as { captureStackTrace?: (e: object, fn: unknown) => void }).captureStackTrace,
    NativeWeakMap: g.WeakMap,
    wmGet: uncurry(WM.get) as CoreNatives['wmGet'],
    wmSet: uncurry(WM.set) as CoreNatives['wmSet'],
    wmDelete: uncurry(WM.delete) as CoreNatives['wmDelete'],
    NativeWeakSet: g.WeakSet,
    wsHas: uncurry(WS.has) as CoreNatives['wsHas'],
    wsAdd: uncurry(WS.add) as CoreNatives['wsAdd'],
    NativeMap: g.Map,
    mapGet: uncurry(M.get) as CoreNatives['mapGet'],
    mapSet: uncurry(M.set) as CoreNatives['mapSet'],
    mapDelete: uncurry(M.delete) as CoreNatives['mapDelete'],
    NativeProxy: g.Proxy,
    NativeUint8Array: g.Uint8Array,
    abIsView: g.ArrayBuffer.isView,
    abSlice: uncurry(AB.slice) as CoreNatives['abSlice'],
    abByteLength: getter(AB, 'byteLength'),
    taTag: getter(TypedArrayProto, g.Symbol.toStringTag),
    taBuffer: getter(TypedArrayProto, 'buffer') as CoreNatives['taBuffer'],
    taOffset: getter(TypedArrayProto, 'byteOffset') as CoreNatives['taOffset'],
    taLength: getter(TypedArrayProto, 'byteLength') as CoreNatives['taLength'],
    dvBuffer: getter(DV, 'buffer') as CoreNatives['dvBuffer'],
    dvOffset: getter(DV, 'byteOffset') as CoreNatives['dvOffset'],
    dvLength: getter(DV, 'byteLength') as CoreNatives['dvLength'],
    blobSize: getter(g.Blob.prototype, 'size'),
  };
}

/** The core natives of the realm this code runs in (for tests of the factories). */
export const coreNativesHere = (): CoreNatives => coreNatives(globalThis);

/** All natives of this window, or null where there is no WebSocket to wrap. */
export function captureNatives(): Natives | null {
  const w = window;
  if (typeof w.WebSocket !== 'function') return null;
  const core = coreNatives(w);
  const { uncurry, getter, getOwnDesc, reflectApply: apply } = core;
  const ET = w.EventTarget.prototype;
  const EV = w.Event.prototype;
  const ME = w.MessageEvent.prototype;
  const CE = w.CloseEvent.prototype;
  const WSP = w.WebSocket.prototype;
  const MC = w.MessageChannel.prototype;
  const MO = w.MutationObserver.prototype;
  const doc = w.document;
  // `isTrusted` is [LegacyUnforgeable]: an own accessor of each event (Chromium and Firefox), the
  // same getter for all; a page can neither redefine it nor make it lie. (Without it, the hook
  // would trust no event: it would record nothing rather than a page's events.)
  const trustedOf = uncurry(getOwnDesc(new w.Event('x'), 'isTrusted')?.get ?? ((): boolean => false));
  const fontsGetter = getOwnDesc(w.Document.prototype, 'fonts')?.get;
  const perf = w.performance;
  return {
    ...core,
    win: w,
    doc,
    NativeWebSocket: w.WebSocket,
    wsSend: WSP.send as Natives['wsSend'],
    wsClose: WSP.close,
    wsUrl: getter(WSP, 'url') as Natives['wsUrl'],
    wsReadyState: getter(WSP, 'readyState') as Natives['wsReadyState'],
    wsProtocol: getter(WSP, 'protocol') as Natives['wsProtocol'],
    wsExtensions: getter(WSP, 'extensions') as Natives['wsExtensions'],
    wsBinaryType: getter(WSP, 'binaryType') as Natives['wsBinaryType'],
    msgData: getter(ME, 'data'),
    msgOrigin: getter(ME, 'origin') as Natives['msgOrigin'],
    closeCode: getter(CE, 'code') as Natives['closeCode'],
    closeReason: getter(CE, 'reason') as Natives['closeReason'],
    closeWasClean: getter(CE, 'wasClean') as Natives['closeWasClean'],
    // The hook asks only about events the browser handed to its listeners, which never throw here.
    trusted: trustedOf as Natives['trusted'],
    addListener: uncurry(ET.addEventListener) as Natives['addListener'],
    removeListener: uncurry(ET.removeEventListener) as Natives['removeListener'],
    dispatch: uncurry(ET.dispatchEvent) as Natives['dispatch'],
    stopImmediate: uncurry(EV.stopImmediatePropagation),
    evPreventDefault: uncurry(EV.preventDefault),
    NativeEvent: w.Event,
    NativeUIEvent: w.UIEvent,
    NativeMessageEvent: w.MessageEvent,
    NativeMessageChannel: w.MessageChannel,
    channelPort1: getter(MC, 'port1') as Natives['channelPort1'],
    channelPort2: getter(MC, 'port2') as Natives['channelPort2'],
    portPost: uncurry(w.MessagePort.prototype.postMessage) as Natives['portPost'],
    portOnMessage: uncurry((getOwnDesc(w.MessagePort.prototype, 'onmessage') as PropertyDescriptor).set as (f: unknown) => void) as Natives['portOnMessage'],
    NativeURL: w.URL,
    urlOrigin: getter(w.URL.prototype, 'origin') as Natives['urlOrigin'],
    NativeMutationObserver: w.MutationObserver,
    moObserve: uncurry(MO.observe) as Natives['moObserve'],
    moDisconnect: uncurry(MO.disconnect) as Natives['moDisconnect'],
    docView: getter(w.Document.prototype, 'defaultView') as Natives['docView'],
    fontFaceSet: fontsGetter && (apply(fontsGetter, doc, []) as EventTarget | null),
    clock: perf.now.bind(perf),
    setTimer: w.setTimeout.bind(w),
    queueMicro: w.queueMicrotask.bind(w),
  };
}
