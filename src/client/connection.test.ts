import { describe, expect, it } from 'vitest';
import { ClientLog, PERSIST_FRAMES } from './client-log';
import { ClientConnection, type ConnectOptions, type ConnectionDeps } from './connection';

type Listener = (ev: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  protocol = '';
  extensions = '';
  binaryType: BinaryType = 'blob';
  sent: Array<string | Uint8Array> = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  private listeners = new Map<string, Listener[]>();
  constructor(
    readonly url: string,
    readonly protocols: string[] = [],
  ) {
    FakeSocket.all.push(this);
  }
  addEventListener(t: string, l: Listener) {
    this.listeners.set(t, [...(this.listeners.get(t) ?? []), l]);
  }
  emit(t: string, ev: object = {}) {
    for (const l of this.listeners.get(t) ?? []) l(ev);
  }
  send(d: string | ArrayBufferView | ArrayBuffer) {
    this.sent.push(typeof d === 'string' ? d : new Uint8Array(d as ArrayBuffer));
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }
  serverOpens(protocol = '') {
    this.readyState = 1;
    this.protocol = protocol;
    this.emit('open');
  }
  drops(code = 1006, reason = '', wasClean = false) {
    this.readyState = 3;
    if (code === 1006) this.emit('error');
    this.emit('close', { code, reason, wasClean });
  }
}

function harness() {
  FakeSocket.all = [];
  let now = 1_000_000;
  const timers: Array<{ at: number; fn: () => void; every?: number; id: number }> = [];
  let nextId = 1;
  const deps: ConnectionDeps = {
    WebSocket: FakeSocket as unknown as ConnectionDeps['WebSocket'],
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    setInterval: (fn, ms) => {
      const t = { at: now + ms, fn, every: ms, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clearInterval: (id) => deps.clearTimeout(id),
    httpReachable: async () => false,
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      now = t.at;
      if (t.every) t.at += t.every;
      else timers.shift();
      t.fn();
    }
    now = end;
  };
  const log = new ClientLog();
  const c = new ClientConnection(log, deps);
  const last = () => FakeSocket.all[FakeSocket.all.length - 1];
  const markers = () => log.markers.map((m) => m.text);
  return { c, log, advance, last, markers, timers };
}

const opts = (patch: Partial<ConnectOptions> = {}): ConnectOptions => ({
  url: 'ws://h/x',
  protocols: ['a', 'b'],
  reconnect: { enabled: true, initialMs: 500, maxMs: 1000, maxAttempts: 3 },
  heartbeat: { enabled: false, intervalMs: 1000, message: 'hb' },
  ...patch,
});

describe('ClientConnection', () => {
  it('connects, logs frames both ways and closes with the chosen code', () => {
    const { c, log, last, markers } = harness();
    c.connect(opts());
    expect(c.status.phase).toBe('connecting');
    expect(last().protocols).toEqual(['a', 'b']);
    last().serverOpens('b');
    expect(c.status).toMatchObject({ phase: 'open', protocol: 'b' });
    expect(c.send('hi')).toBe(true);
    expect(c.send(new Uint8Array([1, 2]))).toBe(true);
    last().emit('message', { data: 'hi' });
    last().emit('message', { data: new Uint8Array([1, 2]).buffer });
    expect(last().sent).toEqual(['hi', new Uint8Array([1, 2])]);
    c.disconnect(4000, 'bye');
    expect(last().closedWith).toEqual([4000, 'bye']);
    last().emit('close', { code: 4000, reason: 'bye', wasClean: true });
    log.flush();
    expect(c.status).toMatchObject({ phase: 'idle', lastClose: { code: 4000, reason: 'bye', byUser: true } });
    const rows = log.store.rows.map((r) => (r.kind === 'frame' ? [r.rec.dir, r.rec.opcode, r.rec.size] : null));
    expect(rows).toEqual([
      ['sent', 'text', 2],
      ['sent', 'binary', 2],
      ['received', 'text', 2],
      ['received', 'binary', 2],
    ]);
    expect(markers()).toEqual([
      expect.stringContaining('Connecting to ws://h/x (subprotocols: a, b)'),
      expect.stringContaining('Connected in 0 ms; subprotocol b'),
      'Closed by you: 4000 Private Use "bye".',
    ]);
    const conn = [...log.store.connections.values()][0];
    expect(conn).toMatchObject({ state: 'closed', protocol: 'b', closedBy: 'page' });
  });

  it('does not send when not open', () => {
    const { c } = harness();
    expect(c.send('x')).toBe(false);
    c.connect(opts());
    expect(c.send('x')).toBe(false);
  });

  it('reconnects with backoff after a drop and marks the gap', () => {
    const { c, advance, last, markers } = harness();
    c.connect(opts());
    last().serverOpens();
    advance(2000);
    last().drops();
    expect(c.status).toMatchObject({ phase: 'waiting', attempt: 1 });
    expect(markers().at(-1)).toBe('Disconnected: the connection dropped (1006 Abnormal Closure). Reconnecting in 500 ms (attempt 1 of 3).');
    advance(499);
    expect(c.status.phase).toBe('waiting');
    advance(1);
    expect(c.status).toMatchObject({ phase: 'connecting', attempt: 1 });
    last().drops();
    expect(markers().at(-1)).toBe('Reconnect attempt 1 failed (1006 Abnormal Closure). Reconnecting in 1.0 s (attempt 2 of 3).');
    advance(1000);
    advance(200);
    last().serverOpens();
    expect(markers().at(-1)).toBe('Reconnected after 1.7 s (attempt 2); subprotocol none, extensions none.');
    expect(c.status).toMatchObject({ phase: 'open', attempt: 0 });
  });

  it('gives up after the maximum attempts', () => {
    const { c, advance, last, markers } = harness();
    c.connect(opts({ reconnect: { enabled: true, initialMs: 100, maxMs: 100, maxAttempts: 2 } }));
    last().serverOpens();
    last().drops();
    advance(100);
    last().drops();
    advance(100);
    last().drops();
    expect(markers().at(-1)).toContain('Gave up after 2 reconnect attempts.');
    expect(c.status).toMatchObject({ phase: 'idle', error: 'Gave up reconnecting to ws://h/x after 2 attempts.' });
  });

  it('does not reconnect when off, nor after a close by the user; cancels a pending reconnect', () => {
    const { c, advance, last, markers } = harness();
    c.connect(opts({ reconnect: { enabled: false, initialMs: 100, maxMs: 100, maxAttempts: 2 } }));
    last().serverOpens();
    last().drops(1001, 'going away', true);
    expect(markers().at(-1)).toBe('Disconnected: the server closed the connection (1001 Going Away "going away"). Auto-reconnect is off.');
    expect(c.status.phase).toBe('idle');

    c.connect(opts());
    last().serverOpens();
    last().drops();
    expect(c.status.phase).toBe('waiting');
    c.disconnect();
    expect(c.status.phase).toBe('idle');
    advance(5000);
    expect(c.status.phase).toBe('idle');
  });

  it('sends the heartbeat at the interval while open', () => {
    const { c, advance, last } = harness();
    c.connect(opts({ heartbeat: { enabled: true, intervalMs: 1000, message: 'ping' } }));
    last().serverOpens();
    advance(3500);
    expect(last().sent).toEqual(['ping', 'ping', 'ping']);
    c.setOptions({ reconnect: opts().reconnect, heartbeat: { enabled: false, intervalMs: 1000, message: 'ping' } });
    advance(3000);
    expect(last().sent).toHaveLength(3);
  });

  it('explains a failed first connection: refused subprotocols', async () => {
    const { c, last, markers } = harness();
    c.connect(opts({ protocols: ['nope'] }));
    const first = last();
    first.drops();
    expect(c.status.error).toContain(
      'Could not connect to ws://h/x: the connection failed before the WebSocket handshake completed (1006 Abnormal Closure). Finding out why…',
    );
    const probe = last();
    expect(probe).not.toBe(first);
    expect(probe.protocols).toEqual([]);
    probe.serverOpens();
    await new Promise((r) => setTimeout(r, 0));
    expect(probe.closedWith).toEqual([1000, 'diagnostic connection']);
    expect(c.status.error).toContain('The server refused the subprotocol offered (nope)');
    expect(markers().at(-1)).toContain('refused the subprotocol');
    expect(c.status.phase).toBe('idle');
  });

  it('explains a failed first connection: nothing listens', async () => {
    const { c, last } = harness();
    c.connect(opts({ protocols: [] }));
    last().drops();
    await new Promise((r) => setTimeout(r, 0));
    expect(c.status.error).toContain('Nothing answered at h: the connection was refused');
  });

  it('reports a constructor error', () => {
    const { c } = harness();
    class Throwing {
      constructor() {
        throw new SyntaxError("The subprotocol 'a b' is invalid.");
      }
    }
    (c as unknown as { deps: ConnectionDeps }).deps.WebSocket = Throwing as unknown as ConnectionDeps['WebSocket'];
    c.connect(opts());
    expect(c.status).toMatchObject({
      phase: 'idle',
      error: "The browser refused to open the connection: The subprotocol 'a b' is invalid.",
    });
  });
});

describe('ClientLog', () => {
  it('saves and restores frames, markers and connections; an open connection gets a close', () => {
    const { c, log, last } = harness();
    c.connect(opts());
    last().serverOpens('a');
    c.send('one');
    c.send(new Uint8Array([9, 8]));
    const snap = JSON.parse(JSON.stringify(log.snapshot()));
    const again = new ClientLog();
    expect(again.restore(snap)).toEqual({ interrupted: 1 });
    const rows = again.store.rows.map((r) => (r.kind === 'frame' ? r.rec.data : null));
    expect(rows).toEqual(['one', new Uint8Array([9, 8])]);
    expect(again.markers.map((m) => m.text)).toEqual(log.markers.map((m) => m.text));
    const conn = [...again.store.connections.values()][0];
    expect(conn).toMatchObject({ state: 'closed', protocol: 'a', close: { code: 1006 } });
    expect(again.nextConn).toBe(2);
    expect(new ClientLog().restore({ v: 2 })).toEqual({ interrupted: 0 });
  });

  it('keeps the last PERSIST_FRAMES frames when saving', () => {
    const { c, log, last } = harness();
    c.connect(opts());
    last().serverOpens();
    for (let i = 0; i < PERSIST_FRAMES + 50; i++) c.send(`m${i}`);
    const snap = log.snapshot();
    const frames = snap.records.filter((r) => r.type === 'frame');
    expect(frames).toHaveLength(PERSIST_FRAMES);
    expect(frames[0].type === 'frame' && frames[0].data).toBe('m50');
    expect(snap.records[0].type).toBe('connection');
  });

  it('clear keeps the live connection', () => {
    const { c, log, last } = harness();
    c.connect(opts());
    last().serverOpens();
    c.send('x');
    log.clear();
    expect(log.store.rows).toHaveLength(0);
    expect(log.store.connections.size).toBe(1);
    c.send('y');
    log.flush();
    expect(log.store.rows).toHaveLength(1);
  });

  it('gives up after the connect timeout, and says so', async () => {
    const { c, last, advance, markers } = harness();
    c.connect(opts({ connectTimeoutMs: 2000, reconnect: { enabled: false, initialMs: 1, maxMs: 1, maxAttempts: 1 } }));
    advance(1999);
    expect(last().closedWith).toBeNull();
    advance(1);
    expect(last().closedWith).toEqual([undefined, undefined]);
    last().drops();
    await Promise.resolve();
    expect(markers()).toContain('No answer from ws://h/x within the connect timeout of 2.0 s: gave up.');
    expect(c.status.error).toMatch(/^Could not connect to ws:\/\/h\/x: no answer within the connect timeout of 2\.0 s\./);
  });

  it('logs a frame above the largest size shown cut to it, with its real size, and sends it whole', () => {
    const { c, log, last } = harness();
    c.connect(opts({ maxShownBytes: 4 }));
    last().serverOpens();
    c.send('abcdefgh');
    last().emit('message', { data: new Uint8Array([1, 2, 3, 4, 5, 6]).buffer });
    c.send('abc');
    log.flush();
    const rows = log.store.rows.flatMap((r) => (r.kind === 'frame' ? [[r.rec.size, r.rec.truncated]] : []));
    expect(rows).toEqual([
      [8, true],
      [6, true],
      [3, false],
    ]);
    expect(last().sent[0]).toBe('abcdefgh');
  });

  it('tells its observer and received-frame listeners, and stops reconnecting when the observer says it would not help', () => {
    const { c, last, markers } = harness();
    const seen: string[] = [];
    c.setObserver({
      opened: (url) => seen.push(`open ${url}`),
      message: (d) => seen.push(`msg ${typeof d === 'string' ? d : d.byteLength}`),
      closed: (code) => (seen.push(`closed ${code}`), 'no use retrying'),
    });
    const off = c.onReceived((d) => seen.push(`listener ${String(d)}`));
    c.connect(opts());
    last().serverOpens();
    last().emit('message', { data: 'x' });
    off();
    last().emit('message', { data: 'y' });
    last().drops();
    expect(seen).toEqual(['open ws://h/x', 'msg x', 'listener x', 'msg y', 'closed 1006']);
    expect(c.status).toMatchObject({ phase: 'idle', error: 'no use retrying' });
    expect(markers().at(-1)).toBe('no use retrying');
  });
});
