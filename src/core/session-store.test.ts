import { describe, expect, it } from 'vitest';
import { describeCloseCode } from './close-codes';
import { DEFAULT_BOUNDS, type DropStats, type RecordsMessage } from './protocol';
import type { EventRow } from './rows';
import { MAX_EVENT_ROWS, SessionStore } from './session-store';
import { DocFeed, docInfo, frameRows, lifecycle, NO_DROPS, shownData, storeWithDoc } from './fixtures/records';

/** A store with one announced top document "a". */
const setup = storeWithDoc;

describe('SessionStore: delivery', () => {
  it('announce asks to pull from cursor 0, then from the cursor reached', () => {
    const s = new SessionStore();
    expect(s.applyAnnounce(docInfo('a'), 0)).toEqual({ pull: { docId: 'a', since: 0 } });
    const a = new DocFeed('a');
    a.connection(1);
    a.open(1);
    a.text(1, 'sent', 'hi');
    expect(s.applyRecords(a.msg())).toEqual({});
    expect(s.docs.get('a')!.cursor).toBe(3);
    expect(s.applyAnnounce(docInfo('a'), 0)).toEqual({ pull: { docId: 'a', since: 3 } });
  });

  it('re-announce updates frameId and clears gone', () => {
    const { s } = setup();
    s.applyGone('a');
    expect(s.docs.get('a')!.gone).toBe(true);
    s.applyAnnounce(docInfo('a', { url: 'https://site.test/a#2' }), 5);
    const d = s.docs.get('a')!;
    expect(d.gone).toBe(false);
    expect(d.frameId).toBe(5);
    expect(d.info.url).toBe('https://site.test/a#2');
  });

  it('records of a document never announced are ignored', () => {
    const s = new SessionStore();
    const x = new DocFeed('x');
    x.connection(1);
    x.text(1, 'sent', 'hi');
    expect(s.applyRecords(x.msg())).toEqual({});
    expect(s.rows).toEqual([]);
    expect(s.connections.size).toBe(0);
    expect(s.docs.size).toBe(0);
  });

  it('applies records: the connection and its frames', () => {
    const { s, a } = setup();
    a.connection(1, 'wss://ws.test/chat');
    a.text(1, 'sent', 'hello');
    a.binary(1, 'received', [0, 1, 255]);
    s.applyRecords(a.msg());
    expect(s.connections.get('a:1')).toMatchObject({
      key: 'a:1',
      docId: 'a',
      conn: 1,
      url: 'wss://ws.test/chat',
      frameUrl: 'https://site.test/a',
      state: 'connecting',
      protocols: ['chat'],
    });
    expect(shownData(s)).toEqual(['hello', 'bin:0,1,255']);
    expect(frameRows(s).map((r) => [r.id, r.docId, r.connKey])).toEqual([
      [1, 'a', 'a:1'],
      [2, 'a', 'a:1'],
    ]);
  });

  it('binary frames arrive as Base64 and are decoded to bytes', () => {
    const { s, a } = setup();
    a.connection(1);
    const all = Array.from({ length: 256 }, (_, i) => i);
    a.binary(1, 'received', all);
    a.binary(1, 'sent', []);
    s.applyRecords(a.msg());
    const [b1, b2] = frameRows(s).map((r) => r.rec);
    expect(b1.opcode).toBe('binary');
    expect(b1.data).toBeInstanceOf(Uint8Array);
    expect([...(b1.data as Uint8Array)]).toEqual(all);
    expect(b2.data).toEqual(new Uint8Array(0));
  });

  it('overlapping slices: duplicates are ignored', () => {
    const { s, a } = setup();
    a.connection(1);
    for (let i = 0; i < 6; i++) a.text(1, 'received', `m${i}`);
    s.applyRecords(a.msg(0, 4));
    expect(s.docs.get('a')!.cursor).toBe(4);
    s.applyRecords(a.msg(2, 7)); // 3, 4 again
    s.applyRecords(a.msg(0, 7)); // everything again
    expect(shownData(s)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(s.connections.get('a:1')!.received).toEqual({ frames: 6, bytes: 12 });
    expect(s.docs.get('a')!.cursor).toBe(7);
  });

  it('a message starting past the cursor asks for a pull and applies nothing', () => {
    const { s, a } = setup();
    a.connection(1);
    a.text(1, 'sent', 'one');
    a.text(1, 'sent', 'two');
    a.text(1, 'sent', 'three');
    s.applyRecords(a.msg(0, 2));
    const before = s.version;
    const dropped = { frames: 9, bytes: 9, truncated: 9 };
    expect(s.applyRecords(a.msg(3, 4, dropped))).toEqual({ pull: { docId: 'a', since: 2 } });
    expect(shownData(s)).toEqual(['one']);
    expect(s.docs.get('a')!.cursor).toBe(2);
    expect(s.docs.get('a')!.dropped).toEqual(NO_DROPS);
    expect(s.version).toBe(before);
    // the pull's answer fills the gap
    expect(s.applyRecords(a.msg(2))).toEqual({});
    expect(shownData(s)).toEqual(['one', 'two', 'three']);
  });

  it('upTo past the last item (records evicted in the relay) moves the cursor', () => {
    const { s, a } = setup();
    a.connection(1);
    s.applyRecords({ ...a.msg(0), upTo: 50 });
    expect(s.docs.get('a')!.cursor).toBe(50);
    s.applyRecords({ type: 'records', docId: 'a', after: 50, upTo: 80, items: [], dropped: NO_DROPS });
    expect(s.docs.get('a')!.cursor).toBe(80);
    expect(s.applyAnnounce(docInfo('a'), 0)).toEqual({ pull: { docId: 'a', since: 80 } });
  });

  it('an empty message still bumps the version (drop counters may have changed)', () => {
    const { s } = setup();
    const v = s.version;
    s.applyRecords({ type: 'records', docId: 'a', after: 0, upTo: 0, items: [], dropped: { frames: 3, bytes: 30, truncated: 1 } });
    expect(s.version).toBe(v + 1);
    expect(s.docs.get('a')!.dropped).toEqual({ frames: 3, bytes: 30, truncated: 1 });
  });

  it('gone marks the document, unknown ids are ignored', () => {
    const { s } = setup();
    s.applyGone('zzz');
    expect(s.docs.get('a')!.gone).toBe(false);
    s.applyGone('a');
    expect(s.docs.get('a')!.gone).toBe(true);
  });

  it('records of a connection that was cleared away are ignored', () => {
    const { s, a } = setup();
    a.connection(1);
    a.close(1);
    s.applyRecords(a.msg());
    s.clear();
    a.text(1, 'received', 'late');
    a.error(1);
    expect(() => s.applyRecords(a.msg(2))).not.toThrow();
    expect(s.rows).toEqual([]);
    expect(s.connections.size).toBe(0);
    expect(s.docs.get('a')!.cursor).toBe(4);
  });
});

describe('SessionStore: connection state', () => {
  it('tracks frames held by breakpoints until they are resumed', () => {
    const { s, a } = setup();
    a.connection(1);
    a.paused(1, 7, 'sent', 'stop here', { time: 1500 });
    s.applyRecords(a.msg());
    expect([...s.heldFrames.values()]).toEqual([{ key: 'a:7', connKey: 'a:1', pid: 7, dir: 'sent', data: 'stop here', time: 1500 }]);
    a.resumed(1, 7, 'continue', { time: 1600 });
    s.applyRecords(a.msg(a.rseq - 1));
    expect(s.heldFrames.size).toBe(0);
  });

  it('numbers connections 1, 2, 3… across documents (each document counts its own from 1)', () => {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('top'), 0);
    s.applyAnnounce(docInfo('frame', { top: false, timeOrigin: 1500 }), 3);
    const top = new DocFeed('top');
    const frame = new DocFeed('frame');
    top.connection(1);
    frame.connection(1);
    top.connection(2);
    s.applyRecords(top.msg(0, 1));
    s.applyRecords(frame.msg());
    s.applyRecords(top.msg(1));
    expect(s.connectionList().map((c) => [c.key, c.index])).toEqual([
      ['top:1', 1],
      ['frame:1', 2],
      ['top:2', 3],
    ]);
  });

  it('connecting → open → closing → closed, closed by the page', () => {
    const { s, a } = setup();
    a.connection(1);
    s.applyRecords(a.msg());
    const c = () => s.connections.get('a:1')!;
    expect(c()).toMatchObject({ state: 'connecting', openedAt: null, closedAt: null, closedBy: null, closing: null, close: null });
    const open = a.open(1, 'v2.chat');
    s.applyRecords(a.msg(1));
    expect(c()).toMatchObject({ state: 'open', openedAt: open.time, protocol: 'v2.chat', extensions: 'permessage-deflate' });
    const closing = a.closing(1, 4001, 'bye');
    s.applyRecords(a.msg(2));
    expect(c()).toMatchObject({ state: 'closing', closing: { code: 4001, reason: 'bye', time: closing.time }, closedBy: null });
    const close = a.close(1, 4001, 'bye', true);
    s.applyRecords(a.msg(3));
    expect(c()).toMatchObject({
      state: 'closed',
      closedAt: close.time,
      close: { code: 4001, reason: 'bye', wasClean: true, time: close.time },
      closedBy: 'page',
    });
  });

  it('a clean close without close() from the page: closed by the server', () => {
    const { s, a } = setup();
    a.connection(1);
    a.open(1);
    a.close(1, 1001, 'going away', true);
    s.applyRecords(a.msg());
    expect(s.connections.get('a:1')).toMatchObject({ state: 'closed', closedBy: 'server' });
  });

  it('an unclean close without close() from the page: the network', () => {
    const { s, a } = setup();
    a.connection(1);
    a.open(1);
    a.error(1);
    a.close(1, 1006, '', false);
    s.applyRecords(a.msg());
    expect(s.connections.get('a:1')).toMatchObject({ state: 'closed', closedBy: 'network', errors: [a.log[2].time] });
  });

  it('the page closing before open, then an unclean close: still the page', () => {
    const { s, a } = setup();
    a.connection(1);
    a.closing(1, null, '');
    a.close(1, 1006, '', false);
    s.applyRecords(a.msg());
    expect(s.connections.get('a:1')).toMatchObject({
      state: 'closed',
      closedBy: 'page',
      openedAt: null,
      closing: { code: null, reason: '' },
    });
  });

  it('a closing record after the close does not reopen the state', () => {
    const { s, a } = setup();
    a.connection(1);
    a.close(1, 1000, '', true);
    a.closing(1, 1000, 'late');
    s.applyRecords(a.msg());
    expect(s.connections.get('a:1')!.state).toBe('closed');
  });

  it('counts traffic per direction, in full payload bytes (even truncated)', () => {
    const { s, a } = setup();
    a.connection(1);
    a.text(1, 'sent', 'héllo'); // 6 bytes
    a.text(1, 'sent', 'abc', { size: 1_000_000 }); // truncated: counted at full size
    a.binary(1, 'received', [1, 2, 3, 4]);
    a.connection(2);
    a.text(2, 'received', 'x');
    s.applyRecords(a.msg());
    expect(s.connections.get('a:1')).toMatchObject({ sent: { frames: 2, bytes: 1_000_006 }, received: { frames: 1, bytes: 4 } });
    expect(s.connections.get('a:2')).toMatchObject({ sent: { frames: 0, bytes: 0 }, received: { frames: 1, bytes: 1 } });
  });

  it('connectionList is sorted by creation time across documents', () => {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('a'), 0);
    s.applyAnnounce(docInfo('f', { top: false, timeOrigin: 1500 }), 3);
    const a = new DocFeed('a');
    const f = new DocFeed('f');
    f.connection(1); // time 1001
    a.connection(1); // 1001 too, but a's second connection is later
    a.connection(2); // 1002
    f.connection(2); // 1002
    f.connection(3); // 1003
    s.applyRecords(a.msg());
    s.applyRecords(f.msg());
    expect(s.connectionList().map((c) => c.createdAt)).toEqual([1001, 1001, 1002, 1002, 1003]);
    expect(s.connections.get('f:2')!.frameId).toBe(3);
  });
});

describe('SessionStore: pause and clear', () => {
  it('while paused, frames are skipped and counted; connection state and traffic still update', () => {
    const { s, a } = setup();
    a.connection(1);
    a.text(1, 'sent', 'before');
    s.applyRecords(a.msg());
    s.setPaused(true);
    let at = a.rseq;
    a.open(1);
    a.text(1, 'sent', 'during1');
    a.text(1, 'received', 'during2');
    a.close(1, 1000, '', true);
    s.applyRecords(a.msg(at));
    expect(shownData(s)).toEqual(['before']);
    expect(s.skippedWhilePaused).toBe(2);
    expect(s.connections.get('a:1')).toMatchObject({ state: 'closed', sent: { frames: 2, bytes: 13 }, received: { frames: 1, bytes: 7 } });
    expect(s.docs.get('a')!.cursor).toBe(a.rseq);
    s.setPaused(false);
    at = a.rseq;
    a.connection(2);
    a.text(2, 'sent', 'after');
    s.applyRecords(a.msg(at));
    expect(shownData(s)).toEqual(['before', 'after']);
  });

  it('clear drops every frame and closed connections, keeps live ones', () => {
    const { s, a } = setup();
    a.connection(1);
    a.open(1);
    a.connection(2);
    a.open(2);
    a.connection(3); // still connecting
    a.text(1, 'sent', 'x');
    a.text(2, 'sent', 'y');
    a.closing(2, 1000, '');
    a.close(2, 1000, '', true);
    s.applyRecords(a.msg());
    expect(frameRows(s).length).toBe(2);
    expect(s.rows.length).toBe(6); // and four event rows: open, open, closing, close
    s.setPaused(true);
    a.text(1, 'sent', 'skipped');
    s.applyRecords(a.msg(a.rseq - 1));
    s.setPaused(false);
    expect(s.skippedWhilePaused).toBe(1);
    s.clear();
    expect(s.rows).toEqual([]);
    expect(s.view.visible).toEqual([]);
    expect(s.skippedWhilePaused).toBe(0);
    expect([...s.connections.keys()].sort()).toEqual(['a:1', 'a:3']);
    // Traffic of the live connections is kept, and new frames still arrive.
    const at = a.rseq;
    a.text(1, 'received', 'z');
    s.applyRecords(a.msg(at));
    expect(shownData(s)).toEqual(['z']);
    expect(s.connections.get('a:1')!.sent.frames).toBe(2);
  });

  it('row ids keep increasing after a clear', () => {
    const { s, a } = setup();
    a.connection(1);
    a.text(1, 'sent', 'a');
    a.text(1, 'sent', 'b');
    s.applyRecords(a.msg());
    s.clear();
    a.text(1, 'sent', 'c');
    s.applyRecords(a.msg(3));
    expect(frameRows(s).map((r) => r.id)).toEqual([3]);
  });
});

describe('SessionStore: navigation', () => {
  /** Old page: top "old" (timeOrigin 1000) with iframe "oldframe" (1200), both with traffic. */
  function oldPage() {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('old', { timeOrigin: 1000 }), 0);
    s.applyAnnounce(docInfo('oldframe', { top: false, timeOrigin: 1200 }), 1);
    const old = new DocFeed('old');
    const oldframe = new DocFeed('oldframe');
    old.connection(1);
    old.text(1, 'sent', 'old top');
    oldframe.connection(1);
    oldframe.text(1, 'received', 'old frame');
    s.applyRecords(old.msg());
    s.applyRecords(oldframe.msg());
    return s;
  }

  it('preserve log off: the previous page goes, the new page and its iframes stay', () => {
    const s = oldPage();
    s.view.setFilter({ connection: 'old:1' });
    // The new page's iframe may announce before its top document does.
    s.applyAnnounce(docInfo('newframe', { top: false, timeOrigin: 5100 }), 2);
    const nf = new DocFeed('newframe');
    nf.connection(1);
    nf.text(1, 'received', 'new frame');
    s.applyRecords(nf.msg());
    s.applyAnnounce(docInfo('new', { timeOrigin: 5000 }), 0);
    expect([...s.docs.keys()].sort()).toEqual(['new', 'newframe']);
    expect([...s.connections.keys()]).toEqual(['newframe:1']);
    expect(s.rows.every((r) => r.kind === 'frame' && r.docId === 'newframe')).toBe(true);
    expect(s.view.filter.connection).toBeNull();
    expect(shownData(s)).toEqual(['new frame']);
    expect(s.topDocument()!.info.docId).toBe('new');
    // The old documents' late records are ignored.
    const late = new DocFeed('old');
    late.connection(1);
    late.text(1, 'sent', 'late');
    expect(s.applyRecords(late.msg())).toEqual({});
    expect(shownData(s)).toEqual(['new frame']);
  });

  it('a page restored from the back/forward cache replaces the newer page whose documents are gone', () => {
    // A (old, 1000) → C (new, 5000, with an iframe at 5100) → back to A, restored from the cache.
    const s = oldPage();
    s.applyAnnounce(docInfo('C', { timeOrigin: 5000 }), 0);
    s.applyAnnounce(docInfo('Cframe', { top: false, timeOrigin: 5100 }), 3);
    s.applyGone('C');
    s.applyGone('Cframe');
    s.applyAnnounce(docInfo('old', { timeOrigin: 1000 }), 0);
    expect([...s.docs.keys()]).toEqual(['old']);
    expect(s.topDocument()!.info.docId).toBe('old');
  });

  it('a page dropped by a navigation and restored from the cache is pulled again from the start', () => {
    const s = oldPage();
    expect(s.hasDocument('old')).toBe(true);
    s.applyAnnounce(docInfo('C', { timeOrigin: 5000 }), 0);
    expect(s.hasDocument('old')).toBe(false);
    s.applyGone('C');
    expect(s.applyAnnounce(docInfo('old', { timeOrigin: 1000 }), 0)).toEqual({ pull: { docId: 'old', since: 0 } });
    expect(s.hasDocument('old')).toBe(true);
  });

  it('an iframe that started exactly when the new top did is kept', () => {
    const s = oldPage();
    s.applyAnnounce(docInfo('same', { top: false, timeOrigin: 5000 }), 4);
    s.applyAnnounce(docInfo('new', { timeOrigin: 5000 }), 0);
    expect([...s.docs.keys()].sort()).toEqual(['new', 'same']);
  });

  it('preserve log on: everything stays and a navigation row is inserted', () => {
    const s = oldPage();
    s.setPreserveLog(true);
    s.view.setFilter({ text: 'old' });
    s.applyAnnounce(docInfo('new', { timeOrigin: 5000, url: 'https://site.test/next' }), 0);
    expect(s.docs.size).toBe(3);
    expect(s.connections.size).toBe(2);
    const nav = s.rows[s.rows.length - 1];
    expect(nav).toMatchObject({ kind: 'navigation', url: 'https://site.test/next', time: 5000 });
    // Navigation rows pass every filter.
    expect(shownData(s)).toEqual(['old top', 'old frame', 'nav:https://site.test/next']);
    const n = new DocFeed('new');
    n.connection(1);
    n.text(1, 'sent', 'old news');
    n.text(1, 'sent', 'fresh');
    s.applyRecords(n.msg());
    expect(shownData(s)).toEqual(['old top', 'old frame', 'nav:https://site.test/next', 'old news']);
    expect(s.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('the same top document announcing again is not a navigation', () => {
    const s = oldPage();
    s.applyAnnounce(docInfo('old', { timeOrigin: 1000 }), 0);
    expect(s.docs.size).toBe(2);
    expect(s.rows.length).toBe(2);
  });

  it('the first top document is not a navigation', () => {
    const s = new SessionStore();
    s.setPreserveLog(true);
    s.applyAnnounce(docInfo('f', { top: false, timeOrigin: 900 }), 1);
    s.applyAnnounce(docInfo('t', { timeOrigin: 1000 }), 0);
    expect(s.rows).toEqual([]);
    expect(s.docs.size).toBe(2);
  });
});

describe('SessionStore: drop totals, subscribe', () => {
  it('truncatedTotal sums the latest per-frame-cap counts of every document', () => {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('a'), 0);
    s.applyAnnounce(docInfo('b', { top: false, timeOrigin: 2000 }), 1);
    const msg = (docId: string, upTo: number, dropped: DropStats): RecordsMessage => ({ type: 'records', docId, after: 0, upTo, items: [], dropped });
    s.applyRecords(msg('a', 0, { frames: 1, bytes: 10, truncated: 0 }));
    s.applyRecords(msg('a', 0, { frames: 4, bytes: 40, truncated: 2 }));
    s.applyRecords(msg('b', 0, { frames: 100, bytes: 1000, truncated: 5 }));
    expect(s.truncatedTotal()).toBe(7);
    expect(new SessionStore().truncatedTotal()).toBe(0);
  });

  it('counts frames the relay evicted before this panel received them (rseq gaps), not the relay totals', () => {
    const { s, a } = setup();
    a.connection(1); // rseq 1
    for (let i = 0; i < 10; i++) a.text(1, 'received', `m${i}`); // rseq 2..11
    // The relay evicted rseq 2..7: the slice after 0 holds 1 and 8..11.
    const all = a.msg();
    s.applyRecords({ ...all, items: all.items.filter((r) => r.rseq === 1 || r.rseq >= 8), dropped: { frames: 6, bytes: 12, truncated: 0 } });
    expect(s.dropped.frames).toBe(6);
    expect(shownData(s)).toEqual(['m6', 'm7', 'm8', 'm9']);
    // Records evicted after the last retained item (upTo beyond it) are counted too.
    s.applyRecords({ type: 'records', docId: 'a', after: 11, upTo: 14, items: [], dropped: NO_DROPS });
    expect(s.dropped.frames).toBe(9);
    // A panel that saw everything live counts nothing, whatever the relay evicted since.
    const t = setup();
    t.a.connection(1);
    t.a.text(1, 'sent', 'x');
    t.s.applyRecords({ ...t.a.msg(), dropped: { frames: 500, bytes: 5000, truncated: 0 } });
    expect(t.s.dropped.frames).toBe(0);
  });

  it('applies the top document\'s bounds to its own rows: oldest frames go, counted, visible indexes stay right', () => {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('a', { bounds: { ...DEFAULT_BOUNDS, maxFrames: 5 } }), 0);
    const a = new DocFeed('a');
    a.connection(1);
    for (let i = 0; i < 8; i++) a.text(1, i % 2 ? 'sent' : 'received', `f${i}`);
    s.view.setFilter({ direction: 'sent' });
    s.applyRecords(a.msg());
    expect(s.rows.map((r) => (r.kind === 'frame' && r.rec.opcode === 'text' ? r.rec.data : ''))).toEqual(['f3', 'f4', 'f5', 'f6', 'f7']);
    expect(shownData(s)).toEqual(['f3', 'f5', 'f7']);
    expect(s.dropped).toEqual({ frames: 3, bytes: 6 });
    // Lifecycle counts still cover every frame.
    expect(s.connections.get('a:1')!.received.frames + s.connections.get('a:1')!.sent.frames).toBe(8);
  });

  it('listeners hear every change until unsubscribed', () => {
    const { s, a } = setup();
    let calls = 0;
    const off = s.subscribe(() => calls++);
    a.connection(1);
    s.applyRecords(a.msg());
    s.view.setFilter({ text: 'x' });
    s.setLive(true);
    expect(s.live).toBe(true);
    expect(calls).toBe(3);
    off();
    s.clear();
    expect(calls).toBe(3);
  });
});

describe('SessionStore: lifecycle event rows', () => {
  function events(s: SessionStore): EventRow[] {
    return s.rows.filter((r): r is EventRow => r.kind === 'event');
  }

  it('open, error and close become rows in arrival order with the frames, hidden by the default Show (messages)', () => {
    const { s } = lifecycle();
    expect(s.rows.map((r) => (r.kind === 'event' ? `${r.connKey} ${r.event}` : r.kind))).toEqual([
      'a:1 open',
      'frame',
      'frame',
      'a:2 error',
      'a:2 close',
      'a:1 close',
    ]);
    expect(shownData(s)).toEqual(['ping', 'pong']);
    expect(s.view.counts()).toEqual({ shown: 2, total: 2, eventsShown: 0, events: 4 });
  });

  it('says what happened: protocol and handshake, the close code with its meaning and who closed, an error before open', () => {
    const { s } = lifecycle();
    const [open, error, close2, close1] = events(s).map((e) => e.text);
    expect(open).toBe('open · protocol chat · extensions permessage-deflate · 1 ms handshake');
    expect(error).toBe('error · before the connection opened');
    expect(close2).toBe(
      `close 1006 Abnormal Closure · closed by the network (not clean) — ${describeCloseCode(1006).meaning}`,
    );
    expect(close1).toMatch(/^close 4001 Private Use "bye" · closed by the server — /);
  });

  it('close() called by the page or by DevTools is a row of its own', () => {
    const { s, a } = setup();
    a.connection(1);
    a.open(1);
    a.closing(1, 1000, 'done');
    a.connection(2);
    a.open(2);
    a.closing(2, null, '', { time: 2000, byPanel: true });
    s.applyRecords(a.msg());
    expect(events(s).filter((e) => e.event === 'closing').map((e) => e.text)).toEqual([
      'close() called by the page · 1000 Normal Closure "done"',
      'close() called by DevTools · no code',
    ]);
  });

  it('do not count against the frame bounds; go with the frames evicted after them', () => {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('a', { bounds: { ...DEFAULT_BOUNDS, maxFrames: 3 } }), 0);
    const a = new DocFeed('a');
    a.connection(1);
    a.open(1); // an event before every frame
    for (let i = 0; i < 3; i++) a.text(1, 'sent', `f${i}`);
    for (let i = 2; i <= 6; i++) {
      a.connection(i);
      a.error(i);
    }
    s.view.setFilter({ show: 'all' });
    s.applyRecords(a.msg());
    // Three frames and six events: nothing is evicted.
    expect(s.dropped.frames).toBe(0);
    expect(s.view.counts()).toEqual({ shown: 3, total: 3, eventsShown: 6, events: 6 });
    let at = a.rseq;
    a.text(1, 'received', 'f3');
    s.applyRecords(a.msg(at));
    // f0 goes, and the open before it.
    expect(shownData(s)).toEqual(['f1', 'f2', 'event:error', 'event:error', 'event:error', 'event:error', 'event:error', 'f3']);
    expect(s.view.counts()).toEqual({ shown: 3, total: 3, eventsShown: 5, events: 5 });
    at = a.rseq;
    a.text(1, 'received', 'f4');
    a.text(1, 'received', 'f5');
    s.applyRecords(a.msg(at));
    // f1 and f2 go; the errors after f2 are not older than any frame kept, so they stay.
    expect(shownData(s)).toEqual(['event:error', 'event:error', 'event:error', 'event:error', 'event:error', 'f3', 'f4', 'f5']);
    expect(s.view.counts()).toEqual({ shown: 3, total: 3, eventsShown: 5, events: 5 });
    at = a.rseq;
    a.text(1, 'received', 'f6');
    s.view.setFilter({ show: 'error' });
    s.applyRecords(a.msg(at));
    // f3 goes, and the errors before it.
    expect(shownData(s)).toEqual([]);
    expect(s.view.counts()).toEqual({ shown: 0, total: 3, eventsShown: 0, events: 0 });
  });

  it(`are bounded on their own: beyond ${MAX_EVENT_ROWS} the oldest go`, () => {
    const { s, a } = setup();
    a.connection(1);
    a.open(1);
    a.text(1, 'sent', 'kept');
    for (let i = 0; i < MAX_EVENT_ROWS; i++) a.error(1);
    s.view.setFilter({ show: 'all' });
    s.applyRecords(a.msg());
    const c = s.view.counts();
    expect(c.events).toBe(Math.floor(MAX_EVENT_ROWS * 0.9));
    expect(c.eventsShown).toBe(c.events);
    expect(c.total).toBe(1);
    expect(s.rows[0]).toMatchObject({ kind: 'frame' }); // the open went, the frame stays
    expect(s.view.visible.length).toBe(c.events + 1);
  });

  it('clear removes them; paused capture records none', () => {
    const { s, a } = lifecycle();
    s.clear();
    expect(s.view.counts()).toEqual({ shown: 0, total: 0, eventsShown: 0, events: 0 });
    s.setPaused(true);
    a.connection(5);
    a.open(5);
    s.applyRecords(a.msg(a.rseq - 2));
    expect(s.rows).toEqual([]);
    expect(s.connections.get('a:5')!.state).toBe('open');
  });

  it('are kept per document: a navigation drops those of the previous page', () => {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('old', { timeOrigin: 1000 }), 0);
    const old = new DocFeed('old');
    old.connection(1);
    old.open(1);
    s.applyRecords(old.msg());
    s.applyAnnounce(docInfo('frame', { top: false, timeOrigin: 6000 }), 1);
    const fr = new DocFeed('frame');
    fr.connection(1);
    fr.open(1);
    s.applyRecords(fr.msg());
    s.view.setFilter({ show: 'events' });
    s.applyAnnounce(docInfo('new', { timeOrigin: 5000 }), 0);
    expect(events(s).map((e) => e.connKey)).toEqual(['frame:1']);
    expect(s.view.counts()).toEqual({ shown: 0, total: 0, eventsShown: 1, events: 1 });
  });

  it('a store made without event rows (the test client) has none', () => {
    const s = new SessionStore({ eventRows: false });
    s.applyAnnounce(docInfo('a'), 0);
    const a = new DocFeed('a');
    a.connection(1);
    a.open(1);
    a.text(1, 'sent', 'x');
    a.close(1);
    s.applyRecords(a.msg());
    expect(s.rows.map((r) => r.kind)).toEqual(['frame']);
  });
});
