/**
 * Page-side scenarios shared by the Chromium suite (Playwright) and the Firefox suite
 * (puppeteer-core): plain functions, serialised into the page by `page.evaluate(fn, arg)`, so they
 * may use nothing from this module's scope.
 */

/**
 * Sends 200 messages (text and binary) to an echo server and collects what the page's own
 * `onmessage` and `addEventListener` handlers see.
 */
export async function echoHandlersRoundTrip(url: string): Promise<{ sent: unknown[]; viaProperty: unknown[]; viaListener: unknown[] }> {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const viaProperty: unknown[] = [];
  const viaListener: unknown[] = [];
  const norm = (d: unknown) => (typeof d === 'string' ? d : Array.from(new Uint8Array(d as ArrayBuffer)));
  ws.onmessage = (e) => viaProperty.push(norm(e.data));
  ws.addEventListener('message', (e) => viaListener.push(norm(e.data)));
  await new Promise((r) => (ws.onopen = r));
  const sent: unknown[] = [];
  for (let i = 0; i < 200; i++) {
    const payload = i % 3 === 0 ? new Uint8Array([i & 255, (i * 7) & 255]) : `message ${i} ✓ ${'x'.repeat(i)}`;
    ws.send(payload);
    sent.push(typeof payload === 'string' ? payload : Array.from(payload));
  }
  await new Promise<void>((r) => {
    const check = () => (viaListener.length >= 200 ? r() : setTimeout(check, 10));
    check();
  });
  ws.close();
  return { sent, viaProperty, viaListener };
}

/** Export test traffic: an echo socket (text, binary, a Blob, close 4001 "bye") and a refused socket. */
export async function exportTraffic({ wsUrl, port }: { wsUrl: string; port: number }): Promise<void> {
  const ws = new WebSocket(`${wsUrl}/echo`);
  ws.binaryType = 'arraybuffer';
  await new Promise((r) => (ws.onopen = r));
  let n = 0;
  const echoed = new Promise<void>((r) => (ws.onmessage = () => ++n === 3 && r()));
  ws.send('hello ✓ export');
  ws.send(new Uint8Array([0, 1, 2, 0xff, 0xfe, 0x80]));
  ws.send(new Blob([new Uint8Array([0xb1, 0x0b])]));
  await echoed;
  const closed = new Promise((r) => (ws.onclose = r));
  ws.close(4001, 'bye');
  await closed;
  const dead = new WebSocket(`ws://127.0.0.1:${port}/nobody`);
  await new Promise((r) => (dead.onclose = r));
}

/** Sockets made without `new WebSocket` directly: a subclass, Reflect.construct, a fresh iframe's constructor. */
export function socketsByOtherRoutes(url: string): void {
  class Chat extends WebSocket {}
  const a = new Chat(`${url}/echo`);
  a.onopen = () => a.send('via subclass');
  function Other() {}
  Other.prototype = Object.create(WebSocket.prototype);
  const b = Reflect.construct(WebSocket, [`${url}/echo`], Other) as WebSocket;
  b.onopen = () => b.send('via Reflect.construct');
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const c = new (frame.contentWindow as unknown as typeof window).WebSocket(`${url}/echo`);
  c.onopen = () => c.send('via a fresh iframe');
}

/**
 * A page script trying to use the extension's channel: a forged port offered to the relay, a
 * forged relay announcement to the hook, command-shaped window messages, the runtime API. Then it
 * sends 'real' on `window.ws`. Returns what each attempt got.
 */
export function channelAttacks(): string[] {
  const w = window as unknown as { ws: WebSocket };
  const tried: string[] = [];
  // 1. Offer the relay a forged port (it took the hook's at document_start and listens no more).
  const evil = new MessageChannel();
  const forged = new MessageEvent('wslens:hook-port', { ports: [evil.port2], cancelable: true });
  tried.push(`forged port taken: ${!window.dispatchEvent(forged)}`);
  evil.port1.postMessage([{ k: 'frame', c: 1, s: 99, t: 0, dir: 'sent', data: 'FORGED' }]);
  // 2. Pretend to be a relay, hoping the hook hands out its port again.
  let leaked = false;
  window.addEventListener('wslens:hook-port', () => (leaked = true));
  window.dispatchEvent(new Event('wslens:relay-ready', { cancelable: true }));
  tried.push(`hook port leaked: ${leaked}`);
  // 3. Post command-shaped messages on the window.
  window.postMessage({ c: 'send', req: 1, conn: 1, data: 'INJECTED', mark: 'replayed' }, '*');
  window.postMessage({ type: 'command', req: 1, cmd: { c: 'simulate', conn: 1, text: 'INJECTED' } }, '*');
  // 4. Talk to the extension directly.
  const g = globalThis as unknown as { chrome?: { runtime?: { sendMessage?: unknown } }; browser?: { runtime?: { sendMessage?: unknown } } };
  tried.push(`runtime.sendMessage available: ${typeof (g.browser ?? g.chrome)?.runtime?.sendMessage === 'function'}`);
  w.ws.send('real');
  return tried;
}

/**
 * The filters' traffic, one step after another so that the order is known: #1 an echo socket that
 * sends "ping 1" and "hello" (left open, as `window.keep`); #2 an echo socket the server closes
 * with 4002 "done" on "close-me", after "ping 2"; #3 a socket to a port nothing listens on (error,
 * then close 1006). Returns what the page saw, in order: "sent X", "received X", "event open",
 * "event close CODE", "event error".
 */
export async function filterTraffic({ wsUrl, deadPort }: { wsUrl: string; deadPort: number }): Promise<string[]> {
  const log: string[] = [];
  const watch = (ws: WebSocket) => {
    ws.addEventListener('open', () => log.push('event open'));
    ws.addEventListener('message', (e) => log.push(`received ${String(e.data)}`));
    ws.addEventListener('error', () => log.push('event error'));
    ws.addEventListener('close', (e) => log.push(`event close ${e.code}`));
    return ws;
  };
  const open = (url: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = watch(new WebSocket(url));
      ws.addEventListener('open', () => resolve(ws));
      ws.addEventListener('error', () => reject(new Error(`${url} failed`)));
    });
  const send = (ws: WebSocket, text: string) => {
    log.push(`sent ${text}`);
    ws.send(text);
  };
  const echoOf = (ws: WebSocket, text: string) =>
    new Promise<void>((resolve) => {
      ws.addEventListener('message', function got(e) {
        if (e.data !== text) return;
        ws.removeEventListener('message', got);
        resolve();
      });
      send(ws, text);
    });
  const a = await open(`${wsUrl}/echo`);
  (window as unknown as { keep: WebSocket }).keep = a;
  await echoOf(a, 'ping 1');
  await echoOf(a, 'hello');
  const b = await open(`${wsUrl}/echo?close=4002&reason=done`);
  await echoOf(b, 'ping 2');
  await new Promise<void>((resolve) => {
    b.addEventListener('close', () => resolve());
    send(b, 'close-me');
  });
  await new Promise<void>((resolve) => {
    watch(new WebSocket(`ws://127.0.0.1:${deadPort}/nobody`)).addEventListener('close', () => resolve());
  });
  return log;
}

/**
 * Sockets made with the constructor of frames that start on an initial empty document while their
 * real document is on its way: taken at once after insertion through the frame's element (inserted
 * by every kind of DOM call, in a closed shadow root, in a frame's document), through `frames[i]`
 * or `window[window.length - 1]`, or, for a frame the parser inserts, through a bare `window[0]` by the
 * next script; and a constructor kept until after the document loaded.
 *
 * Most frames load `slow` (a same-origin URL answered after a few seconds), so their sockets open
 * long before the document commits. One is a `srcdoc` frame: Chromium may abort a socket of an
 * initial empty document whose srcdoc document commits during the handshake (it does so without
 * the extension too), so that socket may fail; the page sees it and so must the panel.
 *
 * Returns each socket's text with what the page saw of it (`opened` or `failed`; the two made by
 * the srcdoc document's own scripts are not seen from here) and the frame's URL when it was made;
 * whether every constructor was taken while its frame still showed its initial about:blank; and
 * whether the kept constructor is still the frame's `WebSocket` once its document has loaded (it
 * is, without the extension).
 */
export async function socketsFromEarlyFrames({ url, slow }: { url: string; slow: string }): Promise<{
  sockets: Array<{ text: string; page: string; outcome: 'opened' | 'failed' | 'unseen' }>;
  takenEarly: boolean;
  keptIsCurrent: boolean;
}> {
  type W = Window & typeof globalThis;
  const sockets: Array<{ text: string; page: string; outcome: 'opened' | 'failed' | 'unseen' }> = [];
  const settled: Array<Promise<unknown>> = [];
  let takenEarly = true;
  const make = (Ctor: typeof WebSocket, page: string, text: string): void => {
    const entry = { text, page, outcome: 'failed' as 'opened' | 'failed' | 'unseen' };
    sockets.push(entry);
    const ws = new Ctor(url);
    settled.push(
      new Promise((resolve) => {
        ws.onopen = () => {
          entry.outcome = 'opened';
          ws.send(text);
          resolve(null);
        };
        ws.onclose = () => resolve(null);
      }),
    );
  };
  const open = (w: W, text: string): void => {
    if (w.location.href !== 'about:blank') takenEarly = false;
    make(w.WebSocket, w.location.href, text);
  };
  const loaded = (f: HTMLIFrameElement): Promise<unknown> => new Promise((r) => f.addEventListener('load', r, { once: true }));
  const slowFrame = (): HTMLIFrameElement => {
    const f = document.createElement('iframe');
    f.src = slow;
    return f;
  };

  const a = slowFrame();
  document.body.appendChild(a);
  open(a.contentWindow as W, 'appendChild, contentWindow');

  const holder = document.createElement('div');
  document.body.append(holder);
  holder.innerHTML = `<iframe src="${slow}"></iframe>`;
  open(((holder.firstElementChild as HTMLIFrameElement).contentDocument as Document).defaultView as W, 'innerHTML, contentDocument');

  document.body.insertAdjacentHTML('beforeend', `<iframe id="adjacent" src="${slow}"></iframe>`);
  open((document.getElementById('adjacent') as HTMLIFrameElement).contentWindow as W, 'insertAdjacentHTML, contentWindow');

  document.body.append(slowFrame());
  open(frames[frames.length - 1] as W, 'append, frames[i]');

  document.body.append(slowFrame());
  open(window[window.length - 1] as W, 'append, window[window.length - 1]');

  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = `<iframe src="${slow}"></iframe>`;
  open((root.querySelector('iframe') as HTMLIFrameElement).contentWindow as W, 'in a closed shadow root, contentWindow');

  const d = document.createElement('iframe');
  d.srcdoc = '<p>srcdoc</p>';
  document.body.append(d);
  open(d.contentWindow as W, 'srcdoc, append, contentWindow');

  // A srcdoc document's own socket (its global WebSocket): recorded once, not twice. Its parser then
  // inserts a frame, which its next script uses at once through a bare window[0] (not `frames`,
  // whose getter would adopt it too: the parse-time watch is what this checks).
  const own = document.createElement('iframe');
  own.srcdoc =
    `<script>const ws = new WebSocket(${JSON.stringify(url)}); ws.onopen = () => ws.send('the srcdoc document, its own script');</script>` +
    `<iframe src="${slow}"></iframe>` +
    `<script>const n = new window[0].WebSocket(${JSON.stringify(url)}); n.onopen = () => n.send('inserted by the parser of that document, window[0]');</script>`;
  document.body.append(own);
  void own.contentWindow; // reached at once: its realm is adopted, and its document's own hook stands aside
  sockets.push({ text: 'the srcdoc document, its own script', page: 'about:srcdoc', outcome: 'unseen' });
  sockets.push({ text: 'inserted by the parser of that document, window[0]', page: 'about:blank', outcome: 'unseen' });

  // A constructor taken early and used once the document has loaded.
  const e = document.createElement('iframe');
  e.srcdoc = '<p>e</p>';
  document.body.append(e);
  const Kept = (e.contentWindow as W).WebSocket;
  await loaded(e);
  const keptIsCurrent = Kept === (e.contentWindow as W).WebSocket;
  make(Kept, 'about:srcdoc', 'constructor kept, used after load');

  // A frame inserted into that loaded frame's document by a script.
  const ew = e.contentWindow as W;
  const inner = ew.document.createElement('iframe');
  inner.src = slow;
  ew.document.body.append(inner);
  open(inner.contentWindow as W, 'inside a loaded srcdoc frame, contentWindow');

  await Promise.all(settled);
  return { sockets, takenEarly, keptIsCurrent };
}

/** Receives the demo server's /flood on a new socket; resolves with how many frames came before "done". */
export function receiveFlood(url: string): Promise<number> {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(url);
    let n = 0;
    ws.onmessage = (e) => (e.data === 'done' ? resolve(n) : n++);
  });
}
