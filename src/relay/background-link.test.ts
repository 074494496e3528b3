import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, MAX_MESSAGE_PAYLOAD, PROTOCOL_VERSION, type DocInfo, type RecordsMessage, type RelayHello, type RelayToBackground, type WireCommand } from '../core/protocol';
import {
  BackgroundLink,
  MAX_ITEMS_PER_MESSAGE,
  PUSH_DELAY_MS,
  RECONNECT_DELAY_MS,
  RECONNECT_GRACE_MS,
  type BackgroundLinkDeps,
  type LinkPort,
  type TimerId,
} from './background-link';
import { History } from './history';

/** A runtime port as the relay holds it; the background's side is driven by the test. */
class FakePort implements LinkPort {
  readonly sent: RelayToBackground[] = [];
  disconnected = false;
  broken = false;
  private readonly messageListeners: Array<(msg: unknown) => void> = [];
  private readonly disconnectListeners: Array<() => void> = [];
  readonly onMessage = { addListener: (cb: (msg: unknown) => void) => void this.messageListeners.push(cb) };
  readonly onDisconnect = { addListener: (cb: () => void) => void this.disconnectListeners.push(cb) };

  postMessage(msg: RelayToBackground): void {
    if (this.broken) throw new Error('Attempting to use a disconnected port object');
    this.sent.push(JSON.parse(JSON.stringify(msg)) as RelayToBackground); // Chrome serialises
  }
  disconnect(): void {
    this.disconnected = true;
  }
  /** The background sends a message. */
  receive(msg: unknown): void {
    for (const l of this.messageListeners) l(msg);
  }
  /** The background side went away (the service worker stopped). */
  drop(): void {
    for (const l of this.disconnectListeners) l();
  }
  take(): RelayToBackground[] {
    return this.sent.splice(0);
  }
}

/** Timers on a clock the test moves. */
class FakeClock {
  now = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; cb: () => void }>();
  setTimeout = (cb: () => void, ms: number): TimerId => {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, cb });
    return id;
  };
  clearTimeout = (id: TimerId): void => void this.timers.delete(id as number);
  /** Runs every timer due within `ms`, in order of due time. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let first: [number, { at: number; cb: () => void }] | undefined;
      for (const t of this.timers) if (t[1].at <= end && (first === undefined || t[1].at < first[1].at)) first = t;
      if (first === undefined) break;
      this.timers.delete(first[0]);
      this.now = first[1].at;
      first[1].cb();
    }
    this.now = end;
  }
  get pending(): number {
    return this.timers.size;
  }
}

let clock: FakeClock;
let ports: FakePort[];
let hellos: RelayHello[];
let helloReply: unknown;
let alive: boolean;
let pageListeners: Map<string, (ev: { persisted: boolean }) => void>;
let history: History;
let commands: Array<[number, WireCommand]>;
let link: BackgroundLink;

const DOC: DocInfo = { docId: 'doc1', url: 'https://site.test/', top: true, timeOrigin: 1000, bounds: DEFAULT_BOUNDS };

function makeLink(version = PROTOCOL_VERSION): BackgroundLink {
  const deps: BackgroundLinkDeps = {
    connect: () => {
      const p = new FakePort();
      ports.push(p);
      return p;
    },
    sendMessage: (msg) => {
      hellos.push(msg);
      return Promise.resolve(helloReply);
    },
    alive: () => alive,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    addEventListener: (type, cb) => void pageListeners.set(type, cb),
  };
  return new BackgroundLink(deps, { history, info: () => DOC, command: (req, cmd) => void commands.push([req, cmd]) }, version);
}

beforeEach(() => {
  clock = new FakeClock();
  ports = [];
  hellos = [];
  helloReply = { attached: false };
  alive = true;
  pageListeners = new Map();
  history = new History(DEFAULT_BOUNDS);
  commands = [];
  link = makeLink();
});

/** A text frame of `n` bytes into the history. */
function addFrame(n = 3): void {
  history.add({ type: 'frame', conn: 1, seq: history.last + 1, time: 1, dir: 'sent', opcode: 'text', data: 'x'.repeat(n), size: n, truncated: false });
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function lastPort(): FakePort {
  const p = ports.at(-1);
  if (p === undefined) throw new Error('no port was connected');
  return p;
}

function records(msgs: RelayToBackground[]): RecordsMessage[] {
  return msgs.filter((m): m is RecordsMessage => m.type === 'records');
}

function announce(last: number, v = PROTOCOL_VERSION): RelayToBackground {
  return { type: 'announce', v, doc: DOC, last };
}

/** Connected by an attach broadcast, pulled from `since`, messages so far taken. */
function streaming(since = 0): FakePort {
  link.attached(PROTOCOL_VERSION);
  const p = lastPort();
  p.receive({ type: 'pull', since });
  p.take();
  return p;
}

describe('BackgroundLink: hello and attach', () => {
  it('says nothing until the document opens its first socket, then hello once, with its version', async () => {
    expect(hellos).toEqual([]);
    link.socketOpened();
    link.socketOpened();
    await flush();
    expect(hellos).toEqual([{ type: 'wslens-hello', v: PROTOCOL_VERSION }]);
    expect(ports).toHaveLength(0); // no panel: no port
  });

  it('connects and announces when the hello is answered "attached"', async () => {
    helloReply = { attached: true, v: PROTOCOL_VERSION };
    addFrame();
    link.socketOpened();
    await flush();
    expect(ports).toHaveLength(1);
    expect(lastPort().sent).toEqual([announce(1)]);
  });

  it('a hello nobody answers (the extension is updating) leaves it quiet', async () => {
    const deps: BackgroundLinkDeps = {
      connect: () => {
        throw new Error('must not connect');
      },
      sendMessage: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
      alive: () => true,
      setTimeout: clock.setTimeout,
      clearTimeout: clock.clearTimeout,
      addEventListener: () => undefined,
    };
    const quiet = new BackgroundLink(deps, { history, info: () => DOC, command: () => undefined }, PROTOCOL_VERSION);
    quiet.socketOpened();
    await flush();
    expect(quiet.connected).toBe(false);
  });

  it('an attach broadcast connects and announces; another one announces again on the same port', () => {
    link.attached(PROTOCOL_VERSION);
    expect(ports).toHaveLength(1);
    addFrame();
    link.attached(PROTOCOL_VERSION);
    expect(ports).toHaveLength(1);
    expect(lastPort().sent).toEqual([announce(0), announce(1)]);
  });

  it('an orphaned relay (the extension was reloaded) does not connect', () => {
    alive = false;
    link.attached(PROTOCOL_VERSION);
    expect(ports).toHaveLength(0);
  });

  it('announce-request: announces where the history stands', () => {
    link.attached(PROTOCOL_VERSION);
    addFrame();
    addFrame();
    lastPort().receive({ type: 'announce-request', v: PROTOCOL_VERSION });
    expect(lastPort().sent).toEqual([announce(0), announce(2)]);
  });

  it('infoChanged: announces again while connected, and posts nothing without a port', () => {
    link.infoChanged();
    expect(ports).toHaveLength(0);
    link.attached(PROTOCOL_VERSION);
    addFrame();
    link.infoChanged();
    expect(lastPort().sent).toEqual([announce(0), announce(1)]);
  });

  it('detach: lets go of the port; the next attach connects anew', () => {
    link.attached(PROTOCOL_VERSION);
    const p = lastPort();
    p.receive({ type: 'detach' });
    expect(p.disconnected).toBe(true);
    expect(link.connected).toBe(false);
    link.attached(PROTOCOL_VERSION);
    expect(ports).toHaveLength(2);
  });

  it('a port that throws is forgotten; the next attach connects anew', () => {
    const p = streaming();
    p.broken = true;
    addFrame();
    link.recordsAdded();
    clock.advance(PUSH_DELAY_MS);
    expect(link.connected).toBe(false);
    link.attached(PROTOCOL_VERSION);
    expect(ports).toHaveLength(2);
  });

  it("passes a panel's command to the document's hook", () => {
    link.attached(PROTOCOL_VERSION);
    lastPort().receive({ type: 'command', req: 4, cmd: { type: 'close', conn: 2, code: 4000 } });
    expect(commands).toEqual([[4, { type: 'close', conn: 2, code: 4000 }]]);
  });
});

describe('BackgroundLink: pull and push', () => {
  it('answers pull(since) with every record after it, then pushes new records once per 30 ms', () => {
    for (let i = 0; i < 5; i++) addFrame();
    link.attached(PROTOCOL_VERSION);
    const p = lastPort();
    p.take();
    p.receive({ type: 'pull', since: 2 });
    const [first, ...rest] = records(p.take());
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ docId: 'doc1', after: 2, upTo: 5 });
    expect(first?.items.map((r) => r.rseq)).toEqual([3, 4, 5]);

    addFrame();
    link.recordsAdded();
    addFrame();
    link.recordsAdded();
    clock.advance(PUSH_DELAY_MS - 1);
    expect(p.sent).toEqual([]);
    clock.advance(1);
    const pushed = records(p.take());
    expect(pushed.map((m) => [m.after, m.upTo, m.items.map((r) => r.rseq)])).toEqual([[5, 7, [6, 7]]]);
  });

  it('pushes nothing before a panel pulled', () => {
    link.attached(PROTOCOL_VERSION);
    lastPort().take();
    addFrame();
    link.recordsAdded();
    clock.advance(PUSH_DELAY_MS * 10);
    expect(lastPort().sent).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('a pull with nothing new still says where the history stands, with the drop counters', () => {
    addFrame();
    addFrame();
    link.attached(PROTOCOL_VERSION);
    const p = lastPort();
    p.take();
    p.receive({ type: 'pull', since: 2 });
    expect(p.take()).toEqual([{ type: 'records', docId: 'doc1', after: 2, upTo: 2, items: [], dropped: { frames: 0, bytes: 0, truncated: 0 } }]);
  });

  it('slices a long history: at most 5,000 records and 4 MB a message, contiguous, in order', () => {
    const n = MAX_ITEMS_PER_MESSAGE * 2 + 7;
    for (let i = 0; i < n; i++) addFrame(1);
    const big = Math.floor(MAX_MESSAGE_PAYLOAD / 3) + 1; // three of these are more than 4 MB
    for (let i = 0; i < 3; i++) addFrame(big);
    link.attached(PROTOCOL_VERSION);
    const p = lastPort();
    p.take();
    p.receive({ type: 'pull', since: 0 });
    const msgs = records(p.take());
    expect(msgs.map((m) => [m.after, m.upTo])).toEqual([
      [0, MAX_ITEMS_PER_MESSAGE],
      [MAX_ITEMS_PER_MESSAGE, MAX_ITEMS_PER_MESSAGE * 2],
      [MAX_ITEMS_PER_MESSAGE * 2, n + 2],
      [n + 2, n + 3],
    ]);
    for (const m of msgs) {
      expect(m.items.length).toBeLessThanOrEqual(MAX_ITEMS_PER_MESSAGE);
      expect(m.items.map((r) => r.rseq)).toEqual(Array.from({ length: m.upTo - m.after }, (_, i) => m.after + 1 + i));
    }
    const payload = (m: RecordsMessage) => m.items.reduce((s, r) => s + (r.type === 'frame' ? r.size : 0), 0);
    expect(payload(msgs[2] as RecordsMessage)).toBeLessThanOrEqual(MAX_MESSAGE_PAYLOAD);
  });

  it('a message lost in transit is revealed by the next one\'s `after`, and the panel\'s pull from its cursor fills the gap', () => {
    const p = streaming(0);
    let cursor = 0; // the panel's
    const deliver = (m: RecordsMessage): void => {
      if (m.after > cursor) {
        p.receive({ type: 'pull', since: cursor }); // a loss: pull again
        return;
      }
      cursor = Math.max(cursor, m.upTo);
    };
    addFrame();
    addFrame();
    link.recordsAdded();
    clock.advance(PUSH_DELAY_MS);
    const lost = records(p.take());
    expect(lost.map((m) => [m.after, m.upTo])).toEqual([[0, 2]]); // never reaches the panel
    addFrame();
    link.recordsAdded();
    clock.advance(PUSH_DELAY_MS);
    const [next] = records(p.take());
    expect([next?.after, next?.upTo]).toEqual([2, 3]);
    deliver(next as RecordsMessage);
    expect(cursor).toBe(0);
    const refill = records(p.take());
    expect(refill.map((m) => [m.after, m.upTo, m.items.map((r) => r.rseq)])).toEqual([[0, 3, [1, 2, 3]]]);
    for (const m of refill) deliver(m);
    expect(cursor).toBe(3);
  });

  it('records evicted by a bound before a pull leave a gap in rseq and are counted as dropped', () => {
    history.setBounds({ ...DEFAULT_BOUNDS, maxFrames: 2 });
    for (let i = 0; i < 5; i++) addFrame();
    link.attached(PROTOCOL_VERSION);
    const p = lastPort();
    p.take();
    p.receive({ type: 'pull', since: 0 });
    const [m] = records(p.take());
    expect(m?.items.map((r) => r.rseq)).toEqual([4, 5]);
    expect([m?.after, m?.upTo, m?.dropped.frames]).toEqual([0, 5, 3]);
  });
});

describe('BackgroundLink: service worker restarts', () => {
  it('a port dropped while streaming reconnects, announces, and stays when the panel pulls within the grace', () => {
    addFrame();
    const p = streaming(0);
    p.drop();
    expect(link.connected).toBe(false);
    clock.advance(RECONNECT_DELAY_MS);
    expect(ports).toHaveLength(2);
    const p2 = lastPort();
    expect(p2.take()).toEqual([announce(1)]);
    clock.advance(RECONNECT_GRACE_MS / 2);
    p2.receive({ type: 'pull', since: 1 });
    clock.advance(RECONNECT_GRACE_MS);
    expect(p2.disconnected).toBe(false);
    expect(link.connected).toBe(true);
    addFrame();
    link.recordsAdded();
    clock.advance(PUSH_DELAY_MS);
    expect(records(p2.take()).map((m) => [m.after, m.upTo])).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('goes quiet when no panel pulls within the 10 s grace', () => {
    const p = streaming(0);
    p.drop();
    clock.advance(RECONNECT_DELAY_MS);
    const p2 = lastPort();
    clock.advance(RECONNECT_GRACE_MS - 1);
    expect(p2.disconnected).toBe(false);
    clock.advance(1);
    expect(p2.disconnected).toBe(true);
    expect(link.connected).toBe(false);
    expect(clock.pending).toBe(0); // and stays quiet
    expect(ports).toHaveLength(2);
  });

  it('a port dropped while not streaming (no panel pulled) is not reconnected', () => {
    link.attached(PROTOCOL_VERSION);
    lastPort().drop();
    clock.advance(RECONNECT_GRACE_MS * 2);
    expect(ports).toHaveLength(1);
  });

  it('an orphaned relay does not reconnect', () => {
    const p = streaming(0);
    alive = false;
    p.drop();
    clock.advance(RECONNECT_GRACE_MS * 2);
    expect(ports).toHaveLength(1);
  });
});

describe('BackgroundLink: back/forward cache', () => {
  it('lets go of its port on pagehide (persisted) and says hello again on pageshow (persisted)', async () => {
    helloReply = { attached: true, v: PROTOCOL_VERSION };
    link.socketOpened();
    await flush();
    const p = lastPort();
    p.receive({ type: 'pull', since: 0 });
    pageListeners.get('pagehide')?.({ persisted: true });
    expect(p.disconnected).toBe(true);
    expect(link.connected).toBe(false);
    clock.advance(RECONNECT_GRACE_MS * 2);
    expect(ports).toHaveLength(1); // not a drop to recover from
    pageListeners.get('pageshow')?.({ persisted: true });
    await flush();
    expect(hellos).toHaveLength(2);
    expect(ports).toHaveLength(2);
    expect(lastPort().sent).toEqual([announce(0)]);
  });

  it('a plain pagehide/pageshow (not cached) changes nothing; a document that never said hello does not on restore', async () => {
    link.attached(PROTOCOL_VERSION);
    pageListeners.get('pagehide')?.({ persisted: false });
    expect(lastPort().disconnected).toBe(false);
    pageListeners.get('pagehide')?.({ persisted: true });
    pageListeners.get('pageshow')?.({ persisted: true });
    await flush();
    expect(hellos).toEqual([]);
  });
});

describe('BackgroundLink: protocol version', () => {
  it('a relay of another version announces its version but answers no pull', () => {
    link = makeLink(PROTOCOL_VERSION + 1);
    addFrame();
    link.attached(PROTOCOL_VERSION);
    const p = lastPort();
    expect(p.take()).toEqual([announce(1, PROTOCOL_VERSION + 1)]);
    p.receive({ type: 'pull', since: 0 });
    link.recordsAdded();
    clock.advance(PUSH_DELAY_MS);
    expect(p.sent).toEqual([]);
  });

  it('learns the panel\'s version from the hello\'s reply and from announce-request', async () => {
    helloReply = { attached: true, v: PROTOCOL_VERSION + 1 };
    addFrame();
    link.socketOpened();
    await flush();
    const p = lastPort();
    p.receive({ type: 'pull', since: 0 });
    expect(records(p.take())).toEqual([]);
    // The panel was replaced by one of our version.
    p.receive({ type: 'announce-request', v: PROTOCOL_VERSION });
    p.receive({ type: 'pull', since: 0 });
    expect(records(p.take()).map((m) => [m.after, m.upTo])).toEqual([[0, 1]]);
  });
});
