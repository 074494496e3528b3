/**
 * The invisibility battery: checks a page can run on WebSocket, its prototype, errors, stacks,
 * listeners and frames. Run with the extension and in a browser without it, every answer must be
 * the same (Chromium: e2e/invisible.spec.ts; Firefox: e2e-firefox/invisible.test.ts). The page is
 * passed to the browser as source: it uses nothing from outside itself.
 */
/** Runs in the page. Everything it returns must be identical with and without the extension. */
export async function battery(wsUrl: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const src = (f: unknown) => Function.prototype.toString.call(f);
  const describe = (o: object, k: PropertyKey) => {
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (!d) return null;
    return {
      writable: d.writable,
      enumerable: d.enumerable,
      configurable: d.configurable,
      value: typeof d.value === 'function' ? `fn ${src(d.value)} ${d.value.name}/${d.value.length}` : typeof d.value === 'object' ? typeof d.value : d.value,
      get: d.get ? `${src(d.get)} ${d.get.name}` : undefined,
      set: d.set ? `${src(d.set)} ${d.set.name}` : undefined,
    };
  };
  const keysOf = (o: object) => Reflect.ownKeys(o).map(String).sort();
  const descriptors = (o: object) => Object.fromEntries(keysOf(o).map((k) => [k, describe(o, k)]));

  out.globals = Object.getOwnPropertyNames(window).filter((k) => !/^(__pw|__playwright)/.test(k)).sort();
  out.windowWebSocket = describe(window, 'WebSocket');
  out.ctorStatics = descriptors(WebSocket);
  out.protoKeys = descriptors(WebSocket.prototype);
  out.ctorBasics = [typeof WebSocket, WebSocket.name, WebSocket.length, Object.getPrototypeOf(WebSocket) === EventTarget, WebSocket instanceof Function];
  out.toStrings = [src(WebSocket), src(WebSocket.prototype.send), src(WebSocket.prototype.close), src(Function.prototype.toString), src(src)];
  out.toStringFn = describe(Function.prototype, 'toString');
  out.toStringOfToString = [Function.prototype.toString.name, Function.prototype.toString.length, String(Function.prototype.toString)];
  out.protoIdentity = [WebSocket.prototype.constructor === WebSocket, Object.getPrototypeOf(WebSocket.prototype) === EventTarget.prototype];

  const ws = new WebSocket(`${wsUrl}/echo`, ['chat.v1', 'chat.v2'].slice(0, 0));
  out.instance = [
    ws instanceof WebSocket,
    ws.constructor === WebSocket,
    Object.getPrototypeOf(ws) === WebSocket.prototype,
    keysOf(ws),
    Object.getOwnPropertySymbols(ws).length,
    ws.binaryType,
    ws.bufferedAmount,
    ws.protocol,
    ws.extensions,
    ws.readyState,
    ws.url,
    String(ws),
    Object.prototype.toString.call(ws),
  ];

  // Errors, as the page would see them (the stack's first line and whether the extension shows).
  const err = (f: () => unknown) => {
    try {
      f();
      return 'no error';
    } catch (e) {
      const x = e as Error;
      return [x.name, x.message, x instanceof DOMException, x.constructor.name, String(x.stack).split('\n')[0], /-extension:\/\//.test(String(x.stack))];
    }
  };
  out.errors = [
    err(() => new WebSocket('ws://[')),
    err(() => new WebSocket('ftp://example.test/')),
    err(() => (WebSocket as unknown as () => void)()),
    err(() => WebSocket.prototype.send.call({}, 'x')),
    err(() => ws.send('too early')),
    err(() => ws.close(999)),
    err(() => ws.close(1000, 'x'.repeat(124))),
    err(() => Function.prototype.toString.call({})),
  ];

  // Subclassing and Reflect.construct with another newTarget.
  class Sub extends WebSocket {
    hello() {
      return 'sub';
    }
  }
  const sub = new Sub(`${wsUrl}/echo`);
  function Other() {}
  Other.prototype = Object.create(WebSocket.prototype);
  const other = Reflect.construct(WebSocket, [`${wsUrl}/echo`], Other) as WebSocket;
  out.subclass = [sub instanceof Sub, sub instanceof WebSocket, sub.constructor === Sub, sub.hello(), keysOf(sub), other instanceof Other, other instanceof WebSocket, keysOf(other)];

  // Listener order and stopImmediatePropagation on a real message.
  out.listeners = await new Promise((resolve) => {
    const seen: string[] = [];
    // Resolved in a task queued by the first listener: it runs once the whole dispatch is over.
    ws.addEventListener('message', () => (seen.push('first'), setTimeout(() => resolve(seen), 0)));
    ws.onmessage = () => seen.push('onmessage');
    ws.addEventListener('message', (e) => {
      seen.push('stopper');
      e.stopImmediatePropagation();
    });
    ws.addEventListener('message', () => seen.push('never'));
    ws.onopen = () => ws.send('ping');
  });
  out.onmessageDescriptor = describe(WebSocket.prototype, 'onmessage');

  // A fresh same-origin iframe's view of our WebSocket and of its own.
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const fw = frame.contentWindow as unknown as typeof window;
  out.crossRealm = [
    fw.Function.prototype.toString.call(WebSocket),
    Function.prototype.toString.call(fw.WebSocket),
    fw.Function.prototype.toString.call(fw.WebSocket.prototype.send),
    fw.WebSocket === WebSocket,
    new fw.WebSocket(`${wsUrl}/echo`) instanceof fw.WebSocket,
  ];
  // What the hook wraps to see frames being made (the frames' getters, attachShadow), and DOM
  // insertion, which it leaves alone.
  const domMembers: Array<[string, string]> = [
    ['HTMLIFrameElement', 'contentWindow'], ['HTMLIFrameElement', 'contentDocument'], ['HTMLObjectElement', 'contentWindow'],
    ['HTMLFrameElement', 'contentDocument'], ['Element', 'attachShadow'],
    ['Node', 'appendChild'], ['Element', 'append'], ['Element', 'innerHTML'], ['Element', 'insertAdjacentHTML'], ['Document', 'write'],
  ];
  const globals = window as unknown as Record<string, { prototype: object }>;
  out.domMembers = domMembers.map(([i, k]) => [i, k, describe(globals[i].prototype, k)]);
  out.windowIndexing = [describe(window, 'frames'), describe(window, 'length'), window.frames === window, typeof window.length];
  // `open`, which the hook wraps to adopt popups, as the page sees it (no popup is opened).
  out.windowOpen = [describe(window, 'open'), src(window.open), window.open.name, window.open.length, err(() => window.open.call({}))];
  out.domErrors = [
    err(() => Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!.get!.call({})),
    err(() => Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentDocument')!.get!.call(document.body)),
    err(() => document.createElement('div').attachShadow({ mode: 'nope' as ShadowRootMode })),
    err(() => document.createElement('div').attachShadow(undefined as unknown as ShadowRootInit)),
  ];
  // Page code the browser runs synchronously inside DOM calls sees only page frames in its stack.
  const w = window as unknown as Record<string, string>;
  const inline = document.createElement('script');
  inline.textContent = 'window.__stackInline = new Error().stack';
  document.body.appendChild(inline);
  customElements.define('battery-element', class extends HTMLElement {
    connectedCallback() {
      w.__stackConnected = String(new Error().stack);
    }
  });
  document.body.append(document.createElement('battery-element'));
  const blank = document.createElement('iframe');
  blank.onload = () => (w.__stackLoad = String(new Error().stack));
  document.body.append(blank);
  const withShadow = document.createElement('div');
  document.body.append(withShadow);
  withShadow.attachShadow({ mode: 'open' }).innerHTML = '<battery-element></battery-element>';
  out.stacksInPageCallbacks = [w.__stackInline, w.__stackConnected, w.__stackLoad];
  // A page's own proxies print as they always do, whatever their target is called.
  out.pageProxies = [src(new Proxy(function append() {}, {})), src(new Proxy(function WebSocket() {}, {}))];

  // A frame whose srcdoc document is still on its way: its window, at once and after the load.
  const early = document.createElement('iframe');
  early.srcdoc = '<p>early</p>';
  document.body.append(early);
  const ew = early.contentWindow as unknown as typeof window;
  const EarlyWS = ew.WebSocket;
  const earlySocket = new EarlyWS(`${wsUrl}/echo`);
  out.earlyFrame = [
    src(EarlyWS),
    ew.Function.prototype.toString.call(EarlyWS),
    ew.Function.prototype.toString.call(ew.WebSocket.prototype.send),
    ew.Function.prototype.toString.call(ew.Node.prototype.appendChild),
    src(ew.Node.prototype.appendChild),
    src(Object.getOwnPropertyDescriptor(ew.HTMLIFrameElement.prototype, 'contentWindow')!.get),
    EarlyWS.name,
    EarlyWS.length,
    EarlyWS === WebSocket,
    earlySocket instanceof EarlyWS,
    earlySocket instanceof WebSocket,
    Object.getOwnPropertyNames(ew).filter((k) => !/^(__pw|__playwright)/.test(k)).length,
    keysOf(earlySocket),
  ];
  await new Promise((r) => early.addEventListener('load', r, { once: true }));
  const lw = early.contentWindow as unknown as typeof window;
  out.earlyFrameLoaded = [
    EarlyWS === lw.WebSocket,
    lw.WebSocket.prototype.send === ew.WebSocket.prototype.send,
    lw.Function.prototype.toString.call(lw.WebSocket),
    Object.getOwnPropertyNames(lw).filter((k) => !/^(__pw|__playwright)/.test(k)).length,
  ];
  for (const s of [ws, sub, other, earlySocket]) s.close();
  return out;
}
