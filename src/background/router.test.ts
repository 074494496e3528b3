import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, PANEL_PORT, PROTOCOL_VERSION, RELAY_PORT, type AnnounceMessage, type AttachBroadcast, type RecordsMessage } from '../core/protocol';
import { Router, type RouterPort } from './router';

class FakePort implements RouterPort {
  readonly sent: unknown[] = [];
  private readonly messageListeners: Array<(msg: unknown) => void> = [];
  private readonly disconnectListeners: Array<() => void> = [];
  /** When set, postMessage throws (the other side went away). */
  broken = false;

  readonly onMessage = { addListener: (cb: (msg: unknown) => void) => void this.messageListeners.push(cb) };
  readonly onDisconnect = { addListener: (cb: () => void) => void this.disconnectListeners.push(cb) };

  constructor(
    readonly name: string,
    readonly sender?: { tab?: { id?: number }; frameId?: number },
  ) {}

  postMessage(msg: unknown): void {
    if (this.broken) throw new Error('Attempting to use a disconnected port object');
    // Chrome serialises port messages: keep a copy, as the receiver would see it.
    this.sent.push(JSON.parse(JSON.stringify(msg)));
  }

  /** The other side sends a message. */
  receive(msg: unknown): void {
    for (const l of this.messageListeners) l(msg);
  }

  disconnect(): void {
    for (const l of this.disconnectListeners) l();
  }

  get listenerCount(): number {
    return this.messageListeners.length + this.disconnectListeners.length;
  }

  take(): unknown[] {
    return this.sent.splice(0);
  }
}

function announce(docId: string, last = 0): AnnounceMessage {
  return { type: 'announce', v: PROTOCOL_VERSION, doc: { docId, url: `https://site.test/${docId}`, top: true, timeOrigin: 1, bounds: DEFAULT_BOUNDS }, last };
}

function records(docId: string, after = 0, upTo = 1): RecordsMessage {
  return {
    type: 'records',
    docId,
    after,
    upTo,
    items: [{ type: 'error', rseq: upTo, conn: 1, seq: 1, time: 5 }],
    dropped: { frames: 0, bytes: 0, truncated: 0 },
  };
}

let broadcasts: Array<[number, AttachBroadcast]>;
let router: Router;

beforeEach(() => {
  broadcasts = [];
  router = new Router({ broadcastToTab: (tabId, msg) => void broadcasts.push([tabId, msg]) });
});

function relay(tabId: number, frameId = 0): FakePort {
  const p = new FakePort(RELAY_PORT, { tab: { id: tabId }, frameId });
  router.connect(p);
  return p;
}

function panel(tabId?: number): FakePort {
  const p = new FakePort(PANEL_PORT, {}); // a DevTools page has no sender tab
  router.connect(p);
  if (tabId !== undefined) p.receive({ type: 'attach', tabId, v: PROTOCOL_VERSION });
  return p;
}

describe('Router: relay → panels', () => {
  it('forwards an announce to the panels of the tab, with the frame id', () => {
    const p1 = panel(7);
    const p2 = panel(7);
    const other = panel(8);
    const r = relay(7, 3);
    r.receive(announce('doc-a', 12));
    expect(p1.sent).toEqual([{ ...announce('doc-a', 12), frameId: 3 }]);
    expect(p2.sent).toEqual([{ ...announce('doc-a', 12), frameId: 3 }]);
    expect(other.sent).toEqual([]);
  });

  it('a relay without a frameId is the top frame (0)', () => {
    const p = panel(7);
    const r = new FakePort(RELAY_PORT, { tab: { id: 7 } });
    router.connect(r);
    r.receive(announce('d'));
    expect(p.sent).toEqual([{ ...announce('d'), frameId: 0 }]);
  });

  it('forwards records of an announced document', () => {
    const p = panel(7);
    const r = relay(7, 2);
    r.receive(announce('d'));
    p.take();
    r.receive(records('d', 0, 4));
    expect(p.sent).toEqual([{ ...records('d', 0, 4), frameId: 2 }]);
  });

  it('does not forward records of a document the relay never announced', () => {
    const p = panel(7);
    const r = relay(7);
    r.receive(records('d'));
    expect(p.sent).toEqual([]);
    // Not even one another relay of the same tab announced.
    const r2 = relay(7, 1);
    r2.receive(announce('other'));
    p.take();
    r.receive(records('other'));
    expect(p.sent).toEqual([]);
    r2.receive(records('other'));
    expect(p.sent).toEqual([{ ...records('other'), frameId: 1 }]);
  });

  it('a relay port without a sender tab is ignored', () => {
    const p = panel(7);
    const r = new FakePort(RELAY_PORT, { frameId: 0 });
    router.connect(r);
    expect(r.listenerCount).toBe(0);
    const r2 = new FakePort(RELAY_PORT);
    router.connect(r2);
    expect(r2.listenerCount).toBe(0);
    expect(p.sent).toEqual([]);
  });

  it('ports with other names are ignored', () => {
    const p = new FakePort('something-else', { tab: { id: 7 } });
    router.connect(p);
    expect(p.listenerCount).toBe(0);
  });

  it('a panel whose port throws does not stop delivery to the others', () => {
    const p1 = panel(7);
    const p2 = panel(7);
    p1.broken = true;
    const r = relay(7);
    expect(() => r.receive(announce('d'))).not.toThrow();
    expect(p2.sent).toHaveLength(1);
  });

  it('relay messages before any panel attached go nowhere, without error', () => {
    const r = relay(7);
    expect(() => r.receive(announce('d'))).not.toThrow();
    const p = panel(7);
    // The panel learns about the relay by asking it to announce again.
    expect(r.take()).toEqual([{ type: 'announce-request', v: PROTOCOL_VERSION }]);
    r.receive(announce('d', 3));
    expect(p.sent).toEqual([{ ...announce('d', 3), frameId: 0 }]);
  });
});

describe('Router: panel attach and pull', () => {
  it('attach: announce-request to each relay of that tab only, and a broadcast to the tab', () => {
    const a0 = relay(7, 0);
    const a1 = relay(7, 1);
    const b = relay(8, 0);
    panel(7);
    expect(a0.sent).toEqual([{ type: 'announce-request', v: PROTOCOL_VERSION }]);
    expect(a1.sent).toEqual([{ type: 'announce-request', v: PROTOCOL_VERSION }]);
    expect(b.sent).toEqual([]);
    expect(broadcasts).toEqual([[7, { type: 'wslens-attach', v: PROTOCOL_VERSION }]]);
  });

  it('attach with no relay connected yet still broadcasts (their relays connect on it)', () => {
    panel(9);
    expect(broadcasts).toEqual([[9, { type: 'wslens-attach', v: PROTOCOL_VERSION }]]);
    expect(router.hasPanel(9)).toBe(true);
  });

  it('pull goes only to the relay of that document', () => {
    const p = panel(7);
    const top = relay(7, 0);
    const frame = relay(7, 4);
    top.receive(announce('top'));
    frame.receive(announce('frame'));
    top.take();
    frame.take();
    p.receive({ type: 'pull', docId: 'frame', since: 17 });
    expect(frame.sent).toEqual([{ type: 'pull', since: 17 }]);
    expect(top.sent).toEqual([]);
    p.receive({ type: 'pull', docId: 'top', since: 0 });
    expect(top.sent).toEqual([{ type: 'pull', since: 0 }]);
  });

  it('a panel of tab A cannot pull from a document of tab B', () => {
    const b = relay(8);
    b.receive(announce('secret'));
    const pa = panel(7);
    b.take();
    pa.receive({ type: 'pull', docId: 'secret', since: 0 });
    expect(b.sent).toEqual([]);
  });

  it('a panel that has not attached cannot pull', () => {
    const r = relay(7);
    r.receive(announce('d'));
    const p = panel();
    p.receive({ type: 'pull', docId: 'd', since: 0 });
    expect(r.sent).toEqual([]);
  });

  it('pull of an unknown document is dropped', () => {
    const r = relay(7);
    r.receive(announce('d'));
    const p = panel(7);
    r.take();
    p.receive({ type: 'pull', docId: 'nope', since: 0 });
    expect(r.sent).toEqual([]);
  });

  it('a panel re-attaching to another tab pulls from the new tab', () => {
    const r7 = relay(7);
    r7.receive(announce('d7'));
    const r8 = relay(8);
    r8.receive(announce('d8'));
    const p = panel(7);
    p.receive({ type: 'attach', tabId: 8, v: PROTOCOL_VERSION });
    r7.take();
    r8.take();
    p.receive({ type: 'pull', docId: 'd8', since: 1 });
    expect(r8.sent).toEqual([{ type: 'pull', since: 1 }]);
    p.receive({ type: 'pull', docId: 'd7', since: 1 });
    expect(r7.sent).toEqual([]);
  });
});

describe('Router: disconnects', () => {
  it("a relay's disconnect tells the panels every document it announced is gone", () => {
    const p = panel(7);
    const other = panel(8);
    const r = relay(7, 5);
    r.receive(announce('d1'));
    r.receive(announce('d2'));
    p.take();
    r.disconnect();
    expect(p.sent).toEqual([
      { type: 'gone', docId: 'd1', frameId: 5 },
      { type: 'gone', docId: 'd2', frameId: 5 },
    ]);
    expect(other.sent).toEqual([]);
  });

  it('after a relay disconnects, pulls for its documents go nowhere and attach does not reach it', () => {
    const r = relay(7);
    r.receive(announce('d'));
    const p = panel(7);
    r.disconnect();
    r.take();
    p.receive({ type: 'pull', docId: 'd', since: 0 });
    panel(7);
    expect(r.sent).toEqual([]);
  });

  it('a relay that reconnected keeps its document when the old port disconnects late', () => {
    const p = panel(7);
    const oldPort = relay(7);
    oldPort.receive(announce('d'));
    const newPort = relay(7);
    newPort.receive(announce('d', 9));
    oldPort.disconnect();
    p.take();
    p.receive({ type: 'pull', docId: 'd', since: 3 });
    expect(newPort.sent.at(-1)).toEqual({ type: 'pull', since: 3 });
    expect(oldPort.sent).not.toContainEqual({ type: 'pull', since: 3 });
    newPort.receive(records('d', 3, 4));
    expect(p.sent).toEqual([{ ...records('d', 3, 4), frameId: 0 }]);
  });

  it('the last panel of a tab leaving detaches that tab’s relays', () => {
    const r = relay(7);
    const r8 = relay(8);
    const p1 = panel(7);
    const p2 = panel(7);
    panel(8);
    r.take();
    r8.take();
    expect(router.hasPanel(7)).toBe(true);
    p1.disconnect();
    expect(r.sent).toEqual([]);
    expect(router.hasPanel(7)).toBe(true);
    p2.disconnect();
    expect(r.sent).toEqual([{ type: 'detach' }]);
    expect(router.hasPanel(7)).toBe(false);
    expect(router.hasPanel(8)).toBe(true);
    expect(r8.sent).toEqual([]);
  });

  it('a panel that never attached disconnects without effect', () => {
    const r = relay(7);
    panel(7);
    r.take();
    const p = panel();
    p.disconnect();
    expect(r.sent).toEqual([]);
    expect(router.hasPanel(7)).toBe(true);
  });

  it('after the last panel left, relay messages are no longer delivered to it', () => {
    const p = panel(7);
    const r = relay(7);
    p.disconnect();
    p.take();
    r.receive(announce('d'));
    expect(p.sent).toEqual([]);
  });

  it('hasPanel is false for tabs never attached', () => {
    expect(router.hasPanel(1)).toBe(false);
    relay(1);
    expect(router.hasPanel(1)).toBe(false);
  });
});

describe('Router: commands', () => {
  it('forwards a command to the relay of the document, in the tab the panel inspects, and the answer back without a frame', () => {
    const p = panel(7);
    const r = relay(7, 2);
    r.receive(announce('d'));
    r.take();
    p.take();
    p.receive({ type: 'command', docId: 'd', req: 3, cmd: { type: 'close', conn: 1 } });
    expect(r.sent).toEqual([{ type: 'command', req: 3, cmd: { type: 'close', conn: 1 } }]);
    r.receive({ type: 'command-result', docId: 'd', req: 3, ok: true });
    expect(p.sent).toEqual([{ type: 'command-result', docId: 'd', req: 3, ok: true }]);
  });

  it('refuses a command to a document of another tab, or one that is gone, with no frame id', () => {
    const p = panel(7);
    const r8 = relay(8);
    r8.receive(announce('d8'));
    r8.take();
    p.take();
    p.receive({ type: 'command', docId: 'd8', req: 1, cmd: { type: 'close', conn: 1 } });
    p.receive({ type: 'command', docId: 'nowhere', req: 2, cmd: { type: 'close', conn: 1 } });
    expect(r8.sent).toEqual([]);
    const gone = 'That page is gone (it was closed or navigated away).';
    expect(p.sent).toEqual([
      { type: 'command-result', docId: 'd8', req: 1, ok: false, error: gone },
      { type: 'command-result', docId: 'nowhere', req: 2, ok: false, error: gone },
    ]);
  });
});

describe('Router: protocol versions', () => {
  it("passes the attaching panel's version to the relays (announce-request, broadcast) and in the hello's reply", () => {
    const r = relay(7);
    const p = new FakePort(PANEL_PORT, {});
    router.connect(p);
    expect(router.hello(7)).toEqual({ attached: false });
    p.receive({ type: 'attach', tabId: 7, v: 5 });
    expect(r.sent).toEqual([{ type: 'announce-request', v: 5 }]);
    expect(broadcasts).toEqual([[7, { type: 'wslens-attach', v: 5 }]]);
    expect(router.hello(7)).toEqual({ attached: true, v: 5 });
    expect(router.hello(8)).toEqual({ attached: false });
    expect(router.hello(undefined)).toEqual({ attached: false });
    p.disconnect();
    expect(router.hello(7)).toEqual({ attached: false });
  });

  it('the hello is answered with the version of the panel that attached last', () => {
    panel(7);
    const p2 = new FakePort(PANEL_PORT, {});
    router.connect(p2);
    p2.receive({ type: 'attach', tabId: 7, v: 9 });
    expect(router.hello(7)).toEqual({ attached: true, v: 9 });
    p2.disconnect();
    expect(router.hello(7)).toEqual({ attached: true, v: PROTOCOL_VERSION });
  });
});
