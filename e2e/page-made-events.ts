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
