import { describe, expect, it } from 'vitest';
import type { HookEvent } from '../core/protocol';
import { coreNativesHere } from './natives';
import { createBreakpoints } from './breakpoints';
import { createCapture, createInitiator, createListeners, createPayloads } from './capture';
import { createRules } from './rules';
import type { SocketState } from './state';

const core = coreNativesHere();

describe('payloadOf', () => {
  // Node's Blob `size` getter is JavaScript that reads the receiver's fields (through a Proxy's
  // traps); the browser's is a native brand check, as is this one.
  const blobs = new WeakSet<object>();
  const blobSize = (b: unknown) => {
    if (!blobs.has(b as object)) throw new TypeError('Illegal invocation');
    return (b as Blob).size;
  };
  const blob = (parts: string[]) => {
    const b = new Blob(parts);
    blobs.add(b);
    return b;
  };
  const { payloadOf } = createPayloads({ ...core, blobSize });

  it('tells text, buffers, views and Blobs apart, by brand when the prototype was changed', () => {
    expect(payloadOf('x')).toBe('text');
    expect(payloadOf(new ArrayBuffer(2))).toBe('arraybuffer');
    expect(payloadOf(new Uint8Array(2))).toBe('typedarray');
    expect(payloadOf(new Float64Array(2))).toBe('typedarray');
    expect(payloadOf(new DataView(new ArrayBuffer(2)))).toBe('dataview');
    expect(payloadOf(blob(['x']))).toBe('blob');
    expect(payloadOf(Object.setPrototypeOf(new ArrayBuffer(1), null))).toBe('arraybuffer');
    expect(payloadOf(Object.setPrototypeOf(new DataView(new ArrayBuffer(1)), Uint8Array.prototype))).toBe('dataview');
    expect(payloadOf(Object.setPrototypeOf(new Uint8Array(1), DataView.prototype))).toBe('typedarray');
    for (const v of [undefined, null, 1, true, {}, [], { byteLength: 3 }, Symbol('s')]) expect(payloadOf(v)).toBeNull();
  });

  it('never calls a Proxy trap and never throws, even for a revoked Proxy', () => {
    const calls: string[] = [];
    const spy = new Proxy(new ArrayBuffer(4), {
      getPrototypeOf: () => (calls.push('getPrototypeOf'), ArrayBuffer.prototype),
      get: (t, k) => (calls.push(`get ${String(k)}`), Reflect.get(t, k)),
    });
    expect(payloadOf(spy)).toBeNull(); // not a buffer by brand: send() sends it as text, as without the hook
    expect(calls).toEqual([]);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(payloadOf(proxy)).toBeNull();
  });
});

describe('copyBytes', () => {
  const { copyBytes } = createPayloads(core);
  it('copies exactly what a view shows, into a buffer of its own', () => {
    const buf = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer;
    const view = new Uint8Array(buf, 2, 3);
    const copy = copyBytes(view, 'typedarray');
    view[0] = 99;
    expect([...new Uint8Array(copy)]).toEqual([2, 3, 4]);
    expect([...new Uint8Array(copyBytes(new DataView(buf, 5, 2), 'dataview'))]).toEqual([5, 6]);
    expect([...new Uint8Array(copyBytes(new Uint16Array(buf, 4, 1), 'typedarray'))]).toEqual([4, 5]);
    const whole = copyBytes(buf, 'arraybuffer');
    expect(whole).not.toBe(buf);
    expect(whole.byteLength).toBe(8);
  });
  it('copies a view of a SharedArrayBuffer', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    shared.set([9, 8, 7, 6]);
    const copy = copyBytes(shared.subarray(1, 3), 'typedarray');
    expect(copy).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(copy)]).toEqual([8, 7]);
  });
});

describe('initiator', () => {
  const E = Error as { prepareStackTrace?: unknown };
  it("is the caller's stack without the Error line, and empty when a page's prepareStackTrace would see it", () => {
    const initiator = createInitiator(core);
    const pageFunction = () => initiator();
    const own = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace'); // vitest's, for source maps
    try {
      delete E.prepareStackTrace;
      const stack = pageFunction();
      // (Outside an extension the hook's own frame has no extension URL to be left out by.)
      expect(stack).toMatch(/pageFunction/);
      expect(stack).not.toMatch(/^Error/);
      let called = 0;
      E.prepareStackTrace = () => called++;
      expect(pageFunction()).toBe('');
      expect(called).toBe(0);
    } finally {
      if (own) Object.defineProperty(Error, 'prepareStackTrace', own);
      else delete E.prepareStackTrace;
    }
  });
});

/** A fake event: plain data, `trusted` as the browser would say. */
interface FakeEvent {
  trusted: boolean;
  data?: unknown;
  origin?: string;
  code?: number;
  stopped?: boolean;
}

describe('the socket listeners', () => {
  function setUp() {
    const events: HookEvent[] = [];
    const dispatched: FakeEvent[] = [];
    const channel = { enqueue: (ev: HookEvent) => void events.push(ev), flush: () => undefined };
    // eslint-disable-next-line prefer-const -- assigned below, after the capture that calls it exists
    let listeners: ReturnType<typeof createListeners>;
    const cap = createCapture(
      {
        ...core,
        clock: () => 5,
        // The hook's own dispatch reaches its own listener first, as in the browser.
        dispatch: (ws, ev) => {
          dispatched.push(ev as unknown as FakeEvent);
          listeners.onMessage.call(ws as WebSocket, ev);
          return true;
        },
      },
      channel,
    );
    const rules = createRules(core);
    const bps = createBreakpoints({ reflectApply: Reflect.apply, clock: () => 5, wsReadyState: () => 1, wsSend: () => undefined }, rules, cap);
    const ev = (e: unknown) => e as FakeEvent;
    listeners = createListeners(
      {
        ...core,
        clock: () => 5,
        trusted: (e) => ev(e).trusted,
        msgData: (e) => ev(e).data,
        msgOrigin: (e) => ev(e).origin ?? '',
        wsBinaryType: () => 'arraybuffer',
        wsProtocol: () => '',
        wsExtensions: () => '',
        closeCode: (e) => ev(e).code ?? 1005,
        closeReason: () => '',
        closeWasClean: () => true,
        stopImmediate: (e) => void (ev(e).stopped = true),
      },
      cap,
      rules,
      bps,
    );
    const ws = {} as WebSocket;
    // A made-up message constructor of the socket's realm, for the hook's own events.
    class ME {
      trusted = false;
      data: unknown;
      origin: string;
      constructor(_type: string, init: { data: unknown; origin: string }) {
        this.data = init.data;
        this.origin = init.origin;
      }
    }
    const st: SocketState = { c: 1, s: 0, r: { ME: ME as unknown as typeof MessageEvent, B: Blob } };
    cap.states.set(ws, st);
    cap.sockets.set(1, ws);
    const fire = (type: 'onOpen' | 'onMessage' | 'onError' | 'onClose', e: FakeEvent) => listeners[type].call(ws, e as unknown as Event);
    return { events, dispatched, cap, rules, ws, st, fire };
  }

  it("records the browser's events and passes the page's own by, untouched", () => {
    const { events, cap, fire } = setUp();
    const pageMade: FakeEvent = { trusted: false, data: 'made by the page', code: 4000 };
    fire('onOpen', pageMade);
    fire('onMessage', pageMade);
    fire('onError', pageMade);
    fire('onClose', pageMade);
    expect(events).toEqual([]);
    expect(pageMade.stopped).toBeUndefined();
    expect(cap.sockets.get(1)).toBeDefined(); // a page-made close does not drop the socket
    fire('onMessage', { trusted: true, data: 'real' });
    fire('onClose', { trusted: true, code: 1000 });
    expect(events.map((e) => e.type)).toEqual(['frame', 'close']);
    expect(events[0]).toMatchObject({ dir: 'received', data: 'real', seq: 1 });
    expect(events[1]).toMatchObject({ code: 1000, seq: 2 });
    expect(cap.sockets.get(1)).toBeUndefined();
  });

  it("records the hook's simulated message as simulated, lets its re-delivery pass, and forgets both marks after", () => {
    const { events, dispatched, cap, rules, ws, st, fire } = setUp();
    cap.deliver(ws, st, 'simulated', '', 'simulated');
    expect(events).toEqual([{ type: 'frame', conn: 1, seq: 1, t: 5, dir: 'received', data: 'simulated', mark: 'simulated' }]);
    rules.update([{ action: 'rewrite', dirs: 2, match: null, find: { source: 'a', flags: '' }, replace: 'b' }]);
    const real: FakeEvent = { trusted: true, data: 'aa', origin: 'wss://x' };
    fire('onMessage', real);
    expect(real.stopped).toBe(true);
    expect(events.slice(1)).toEqual([{ type: 'frame', conn: 1, seq: 2, t: 5, dir: 'received', data: 'bb', mark: 'rewritten', original: 'aa' }]);
    expect(dispatched.map((e) => e.data)).toEqual(['simulated', 'bb']);
    // The page dispatching the hook's event again later: its own event now.
    fire('onMessage', dispatched[0]);
    fire('onMessage', dispatched[1]);
    expect(events).toHaveLength(2);
  });

  it("records an auto-response rule's message with the mark it came with (mocked)", () => {
    const { events, dispatched, cap, ws, st } = setUp();
    cap.deliver(ws, st, '{"type":"pong"}', 'ws://x', 'mocked');
    expect(events).toEqual([{ type: 'frame', conn: 1, seq: 1, t: 5, dir: 'received', data: '{"type":"pong"}', mark: 'mocked' }]);
    expect(dispatched.map((e) => e.data)).toEqual(['{"type":"pong"}']);
  });
});
