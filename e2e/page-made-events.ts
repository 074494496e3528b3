/**
 * A page's own events on its sockets, as the page sees them: shared by the Chromium spec
 * (page-events.spec.ts) and the Firefox test (e2e-firefox/page-events.test.ts), which run it with
 * and without the extension and compare.
 *
 * On one socket, while connecting, open and closed: `Event`s named message/open/error/close, a
 * `UIEvent` named close or message, a `createEvent('Event')` initialised as message, `MessageEvent`s
 * (text, binary, subclassed, frozen) and `CloseEvent`s (plain, frozen), each dispatched by the page.
 * A real frame after them (`last-word`, echoed) and one on a second socket after the close
 * (`after-close`) are the sentinels: when they are captured, anything before them would be too.
 */

/** What the page saw: its listeners' calls, dispatch results and throws, and reported errors. */
export interface PageEventsSeen {
  log: unknown[];
  errors: unknown[];
}

/** How many events the page makes in each state. */
export const PAGE_MADE_EVENTS = 13;

/** Runs in the page. Everything it returns must be identical with and without the extension. */
export async function pageMadeEvents(wsUrl: string): Promise<PageEventsSeen> {
  const log: unknown[] = [];
  const errors: unknown[] = [];
  const shows = (stack: unknown): boolean => /-extension:\/\//.test(String(stack));
  window.addEventListener('error', (e) => errors.push([e.message, shows((e.error as Error | undefined)?.stack)]));
  const describe = (v: unknown): unknown =>
    v instanceof ArrayBuffer ? ['ArrayBuffer', v.byteLength] : typeof v === 'object' && v !== null ? Object.prototype.toString.call(v) : v;

  class PageMessage extends MessageEvent<unknown> {
    page = true;
  }
  const made: Array<[string, () => Event]> = [
    ['Event message', () => new Event('message')],
    ['Event open', () => new Event('open')],
    ['Event error', () => new Event('error')],
    ['Event close', () => new Event('close')],
    ['UIEvent close', () => new UIEvent('close')],
    ['UIEvent message', () => new UIEvent('message', { view: window })],
    [
      'createEvent message',
      () => {
        const e = document.createEvent('Event');
        e.initEvent('message', true, true);
        return e;
      },
    ],
    ['MessageEvent text', () => new MessageEvent('message', { data: 'made by the page', origin: 'https://page.test' })],
    ['MessageEvent binary', () => new MessageEvent('message', { data: new ArrayBuffer(3) })],
    ['MessageEvent subclass', () => new PageMessage('message', { data: 'subclassed' })],
    ['MessageEvent frozen', () => Object.freeze(new MessageEvent('message', { data: 'frozen' }))],
    ['CloseEvent', () => new CloseEvent('close', { code: 4000, reason: 'made by the page', wasClean: true })],
    ['CloseEvent frozen', () => Object.freeze(new CloseEvent('close', { code: 4001 }))],
  ];

  const ws = new WebSocket(`${wsUrl}/echo?made`);
  ws.binaryType = 'arraybuffer';
  for (const type of ['open', 'message', 'error', 'close']) {
    ws.addEventListener(type, (e) => {
      const m = e as MessageEvent & CloseEvent;
      log.push([
        'listener',
        type,
        e.constructor.name,
        e.isTrusted,
        'data' in e ? describe(m.data) : null,
        'code' in e ? [m.code, m.reason, m.wasClean] : null,
        ws.readyState,
        e.defaultPrevented,
        shows(new Error().stack),
      ]);
    });
  }
  ws.onmessage = (e) => log.push(['onmessage', describe(e.data), e.isTrusted]);
  const fire = (phase: string): void => {
    for (const [name, make] of made) {
      try {
        const ev = make();
        log.push([phase, name, 'dispatched', ws.dispatchEvent(ev), ws.readyState, ev.defaultPrevented]);
      } catch (e) {
        log.push([phase, name, 'threw', String(e), shows((e as Error).stack)]);
      }
    }
  };

  fire('connecting');
  await new Promise((r) => ws.addEventListener('open', r, { once: true }));
  fire('open');
  // The sentinel: a real frame after the page's own events, echoed by the server.
  await new Promise<void>((resolve) => {
    ws.addEventListener('message', (e) => e.isTrusted && e.data === 'last-word' && resolve());
    ws.send('last-word');
  });
  await new Promise<void>((resolve) => {
    ws.addEventListener('close', (e) => e.isTrusted && resolve(), { once: true });
    ws.close(1000, 'bye');
  });
  fire('closed');
  // The sentinel for the closed socket's events: a frame on a new socket, captured after them.
  const after = new WebSocket(`${wsUrl}/echo?after`);
  await new Promise<void>((resolve) => {
    after.onopen = () => after.send('after-close');
    after.onmessage = () => resolve();
  });
  after.close();
  return { log, errors };
}

/**
 * Runs in the page: objects of the wrong type, revoked Proxies, throwing getters and traps put on
 * `Object.prototype`, handed to what the hook wraps. Everything it returns must be identical with
 * and without the extension.
 */
export async function hostileObjects(wsUrl: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const shows = (stack: unknown): boolean => /-extension:\/\//.test(String(stack));
  const attempt = (name: string, f: () => unknown): void => {
    try {
      const v = f();
      out.push([name, 'returned', typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : typeof v]);
    } catch (e) {
      const x = e as Error;
      out.push([name, 'threw', x?.name, x?.message, shows(x?.stack)]);
    }
  };
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  const { proxy: revokedFn, revoke: revokeFn } = Proxy.revocable(function send() {}, {});
  revoke();
  revokeFn();

  // Traps and descriptor members on Object.prototype: none may be consulted by the hook's Proxies,
  // descriptors or event inits.
  const consulted: string[] = [];
  const members = ['get', 'set', 'has', 'apply', 'construct', 'getPrototypeOf', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'deleteProperty', 'ports', 'bubbles', 'composed', 'lastEventId', 'source'];
  for (const m of members)
    Object.defineProperty(Object.prototype, m, {
      configurable: true,
      get() {
        consulted.push(m);
        return undefined;
      },
    });
  let ws: WebSocket | undefined;
  try {
    attempt('construct', () => (ws = new WebSocket(`${wsUrl}/echo?hostile`)));
    attempt('statics', () => [WebSocket.name, WebSocket.length, WebSocket.OPEN, typeof WebSocket.prototype, Object.keys(WebSocket).length].join());
    attempt('toString', () => Function.prototype.toString.call(WebSocket));
    attempt('toString of a revoked proxy', () => Function.prototype.toString.call(revokedFn));
    attempt('send while connecting', () => ws?.send('early'));
  } finally {
    for (const m of members) delete (Object.prototype as Record<string, unknown>)[m];
  }
  out.push(['consulted', consulted]);
  const sock = ws as WebSocket;
  await new Promise((r) => sock.addEventListener('open', r, { once: true }));
  attempt('send a revoked proxy', () => sock.send(revoked as unknown as string));
  attempt('send a throwing toString', () =>
    sock.send({
      toString() {
        throw new RangeError('page toString');
      },
    } as unknown as string),
  );
  let valueOfCalls = 0;
  attempt('send a DataView dressed as a Uint8Array', () => sock.send(Object.setPrototypeOf(new DataView(new ArrayBuffer(2)), Uint8Array.prototype)));
  attempt('send a Uint8Array dressed as a DataView', () => sock.send(Object.setPrototypeOf(new Uint8Array(2), DataView.prototype)));
  attempt('send on a plain object', () => WebSocket.prototype.send.call(revoked, 'x'));
  attempt('close on a revoked proxy', () => WebSocket.prototype.close.call(revoked));
  // Echoes of what was sent, then the sentinel.
  const echoes: unknown[] = [];
  await new Promise<void>((resolve) => {
    sock.binaryType = 'arraybuffer';
    sock.onmessage = (e) => {
      echoes.push(typeof e.data === 'string' ? e.data : [...new Uint8Array(e.data as ArrayBuffer)]);
      if (e.data === 'hostile-done') resolve();
    };
    sock.send('hostile-done');
  });
  out.push(['echoes', echoes]);
  attempt('close with a code whose valueOf counts', () =>
    sock.close({
      valueOf() {
        valueOfCalls++;
        return 1000;
      },
    } as unknown as number),
  );
  out.push(['valueOf calls', valueOfCalls]);
  await new Promise((r) => sock.addEventListener('close', r, { once: true }));
  return out;
}
