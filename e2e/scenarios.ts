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
 * real document (srcdoc, a same-origin `src`) is on its way, taken at once after insertion through
 * the frame's element (inserted by every kind of DOM call, in a closed shadow root, in a frame's
 * document) or, for frames the parser inserts, through `frames[i]` by the next script; and a
 * constructor kept until after the document loaded. Returns the texts sent, one per socket;
 * whether every constructor was taken while its frame still showed its initial about:blank; and
 * whether the kept constructor is still the frame's `WebSocket` once its document has loaded (it
 * is, without the extension).
 */
export async function socketsFromEarlyFrames({ url, src }: { url: string; src: string }): Promise<{ texts: string[]; takenEarly: boolean; keptIsCurrent: boolean }> {
  type W = Window & typeof globalThis;
  const texts: string[] = [];
  let takenEarly = true;
  const open = (w: W, text: string): void => {
    if (w.location.href !== 'about:blank') takenEarly = false;
    const ws = new w.WebSocket(url);
    ws.onopen = () => ws.send(text);
    texts.push(text);
  };
  const loaded = (f: HTMLIFrameElement): Promise<unknown> => new Promise((r) => f.addEventListener('load', r, { once: true }));

  const a = document.createElement('iframe');
  a.srcdoc = '<p>a</p>';
  document.body.appendChild(a);
  open(a.contentWindow as W, 'srcdoc, appendChild, contentWindow');

  const holder = document.createElement('div');
  document.body.append(holder);
  holder.innerHTML = '<iframe srcdoc="<p>d</p>"></iframe>';
  open(((holder.firstElementChild as HTMLIFrameElement).contentDocument as Document).defaultView as W, 'srcdoc, innerHTML, contentDocument');

  document.body.insertAdjacentHTML('beforeend', `<iframe id="same-origin" src="${src}"></iframe>`);
  open((document.getElementById('same-origin') as HTMLIFrameElement).contentWindow as W, 'same-origin src, insertAdjacentHTML, contentWindow');

  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = '<iframe srcdoc="<p>s</p>"></iframe>';
  open((root.querySelector('iframe') as HTMLIFrameElement).contentWindow as W, 'srcdoc in a closed shadow root, contentWindow');

  // The frame's own document opens a socket with its global WebSocket: recorded once, not twice.
  // Its parser then inserts a srcdoc frame of its own, which its next script uses at once.
  const own = document.createElement('iframe');
  own.srcdoc =
    `<script>const ws = new WebSocket(${JSON.stringify(url)}); ws.onopen = () => ws.send('the srcdoc document, its own script');<\/script>` +
    `<iframe srcdoc="<p>nested</p>"></iframe>` +
    `<script>const n = new frames[0].WebSocket(${JSON.stringify(url)}); n.onopen = () => n.send('srcdoc inserted by the parser of that document, frames[0]');<\/script>`;
  document.body.append(own);
  texts.push('the srcdoc document, its own script', 'srcdoc inserted by the parser of that document, frames[0]');

  // A constructor taken early and used once the document has loaded.
  const e = document.createElement('iframe');
  e.srcdoc = '<p>e</p>';
  document.body.append(e);
  const Kept = (e.contentWindow as W).WebSocket;
  await loaded(e);
  const keptIsCurrent = Kept === (e.contentWindow as W).WebSocket;
  const kept = new Kept(url);
  kept.onopen = () => kept.send('srcdoc, constructor kept, used after load');
  texts.push('srcdoc, constructor kept, used after load');

  // A frame inserted into that loaded frame's document by a script.
  const ew = e.contentWindow as W;
  const inner = ew.document.createElement('iframe');
  inner.srcdoc = '<p>inner</p>';
  ew.document.body.append(inner);
  open(inner.contentWindow as W, 'srcdoc inside a loaded srcdoc frame, contentWindow');
  return { texts, takenEarly, keptIsCurrent };
}
