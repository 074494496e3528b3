import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from './codec';
import { describeCloseCode } from './close-codes';
import { DEFAULT_BOUNDS, type DocInfo, type DropStats, type HistoryBounds, type RecordsMessage, type WireRecord } from './protocol';
import { framePreview, MAX_EVENT_ROWS, PREVIEW_CHARS, SessionStore, type EventRow, type FrameRow, type ViewFrame } from './session-store';

const NO_DROPS: DropStats = { frames: 0, bytes: 0, truncated: 0 };

function docInfo(docId: string, opts: { top?: boolean; timeOrigin?: number; url?: string; bounds?: HistoryBounds } = {}): DocInfo {
  return {
    docId,
    url: opts.url ?? `https://site.test/${docId}`,
    top: opts.top ?? true,
    timeOrigin: opts.timeOrigin ?? 1000,
    bounds: opts.bounds ?? DEFAULT_BOUNDS,
  };
}

/** Builds a document's records the way its relay would: rseq 1, 2, 3, … */
class Relay {
  rseq = 0;
  readonly log: WireRecord[] = [];
  private seqs = new Map<number, number>();
  constructor(readonly docId: string) {}

  private base(conn: number) {
    const seq = this.seqs.get(conn) ?? 0;
    this.seqs.set(conn, seq + 1);
    return { rseq: ++this.rseq, conn, seq, time: 1000 + this.rseq };
  }
  push<R extends WireRecord>(r: R): R {
    this.log.push(r);
    return r;
  }
  connection(conn: number, url = `wss://ws.test/${conn}`) {
    return this.push({
      type: 'connection',
      ...this.base(conn),
      url,
      protocols: ['chat'],
      frameUrl: `https://site.test/${this.docId}`,
      initiator: '',
    });
  }
  open(conn: number, protocol = 'chat') {
    return this.push({ type: 'open', ...this.base(conn), protocol, extensions: 'permessage-deflate' });
  }
  text(conn: number, dir: 'sent' | 'received', data: string, size = new TextEncoder().encode(data).length) {
    return this.push({ type: 'frame', ...this.base(conn), dir, opcode: 'text', data, size, truncated: size > data.length * 3 });
  }
  binary(conn: number, dir: 'sent' | 'received', bytes: number[]) {
    return this.push({
      type: 'frame',
      ...this.base(conn),
      dir,
      opcode: 'binary',
      data: bytesToBase64(new Uint8Array(bytes)),
      binKind: 'arraybuffer',
      size: bytes.length,
      truncated: false,
    });
  }
  error(conn: number) {
    return this.push({ type: 'error', ...this.base(conn) });
  }
  closing(conn: number, code: number | null = 1000, reason = '') {
    return this.push({ type: 'closing', ...this.base(conn), code, reason });
  }
  close(conn: number, code = 1000, reason = '', wasClean = true) {
    return this.push({ type: 'close', ...this.base(conn), code, reason, wasClean });
  }
  /** A records message with every logged record after `after` (default: all), upTo the last one. */
  msg(after = 0, upTo?: number, dropped: DropStats = NO_DROPS): RecordsMessage {
    const end = upTo ?? this.rseq;
    return {
      type: 'records',
      docId: this.docId,
      after,
      upTo: end,
      items: this.log.filter((r) => r.rseq > after && r.rseq <= end),
      dropped,
    };
  }
}

function frames(s: SessionStore): FrameRow[] {
  return s.rows.filter((r): r is FrameRow => r.kind === 'frame');
}
function visibleData(s: SessionStore): string[] {
  return s.visible.map((i) => {
    const r = s.rows[i];
    return r.kind === 'navigation' ? `nav:${r.url}` : r.kind === 'event' ? `event:${r.event}` : r.rec.opcode === 'text' ? r.rec.data : `bin:${[...r.rec.data].join(',')}`;
  });
}

/** A store with one announced top document "a". */
function setup(): { s: SessionStore; a: Relay } {
  const s = new SessionStore();
  s.applyAnnounce(docInfo('a'), 0);
  return { s, a: new Relay('a') };
}

describe('SessionStore: delivery', () => {
  it('announce asks to pull from cursor 0, then from the cursor reached', () => {
    const s = new SessionStore();
    expect(s.applyAnnounce(docInfo('a'), 0)).toEqual({ pull: { docId: 'a', since: 0 } });
    const a = new Relay('a');
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
    const x = new Relay('x');
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
    expect(visibleData(s)).toEqual(['hello', 'bin:0,1,255']);
    expect(frames(s).map((r) => [r.id, r.docId, r.connKey])).toEqual([
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
    const [b1, b2] = frames(s).map((r) => r.rec);
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
    expect(visibleData(s)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
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
    expect(visibleData(s)).toEqual(['one']);
    expect(s.docs.get('a')!.cursor).toBe(2);
    expect(s.docs.get('a')!.dropped).toEqual(NO_DROPS);
    expect(s.version).toBe(before);
    // the pull's answer fills the gap
    expect(s.applyRecords(a.msg(2))).toEqual({});
    expect(visibleData(s)).toEqual(['one', 'two', 'three']);
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
    a.log.push({ type: 'paused', rseq: ++a.rseq, conn: 1, seq: 5, time: 1500, pid: 7, dir: 'sent', data: 'stop here' });
    s.applyRecords(a.msg());
    expect([...s.heldFrames.values()]).toEqual([{ key: 'a:7', connKey: 'a:1', pid: 7, dir: 'sent', data: 'stop here', time: 1500 }]);
    a.log.push({ type: 'resumed', rseq: ++a.rseq, conn: 1, seq: 6, time: 1600, pid: 7, action: 'continue' });
    s.applyRecords(a.msg(a.rseq - 1));
    expect(s.heldFrames.size).toBe(0);
  });

  it('numbers connections 1, 2, 3… across documents (each document counts its own from 1)', () => {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('top'), 0);
    s.applyAnnounce(docInfo('frame', { top: false, timeOrigin: 1500 }), 3);
    const top = new Relay('top');
    const frame = new Relay('frame');
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
    a.text(1, 'sent', 'abc', 1_000_000); // truncated: counted at full size
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
    const a = new Relay('a');
    const f = new Relay('f');
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

describe('SessionStore: filtering', () => {
  function loaded() {
    const { s, a } = setup();
    a.connection(1);
    a.connection(2);
    a.text(1, 'sent', '{"type":"Ping"}');
    a.text(1, 'received', '{"type":"pong"}');
    a.text(2, 'received', 'PRICE 42.5');
    a.binary(2, 'sent', [0xde, 0xad, 0xbe, 0xef]);
    a.binary(1, 'received', [0x68, 0x65, 0x6c, 0x6c, 0x6f]); // "hello"
    s.applyRecords(a.msg());
    return { s, a };
  }

  it('substring: case-insensitive', () => {
    const { s } = loaded();
    s.setFilter({ text: 'PING' });
    expect(visibleData(s)).toEqual(['{"type":"Ping"}']);
    s.setFilter({ text: 'price 42' });
    expect(visibleData(s)).toEqual(['PRICE 42.5']);
  });

  it('/regex/ is case-sensitive unless i', () => {
    const { s } = loaded();
    s.setFilter({ text: '/"P[a-z]+"/' });
    expect(visibleData(s)).toEqual(['{"type":"Ping"}']);
    s.setFilter({ text: '/"p[a-z]+"/i' });
    expect(visibleData(s)).toEqual(['{"type":"Ping"}', '{"type":"pong"}']);
    s.setFilter({ text: '/^\\w+ \\d+\\.\\d$/' });
    expect(visibleData(s)).toEqual(['PRICE 42.5']);
  });

  it('binary frames match on their hex and on their UTF-8 reading', () => {
    const { s } = loaded();
    s.setFilter({ text: 'deadbeef' });
    expect(visibleData(s)).toEqual(['bin:222,173,190,239']);
    s.setFilter({ text: 'hello' });
    expect(visibleData(s)).toEqual(['bin:104,101,108,108,111']);
  });

  it('an invalid regex sets filterError and shows everything; a valid one clears it', () => {
    const { s } = loaded();
    s.setFilter({ text: '/(unclosed/' });
    expect(s.filterError).toMatch(/^Invalid regular expression/);
    expect(s.visible.length).toBe(5);
    s.setFilter({ text: '/pong/' });
    expect(s.filterError).toBeNull();
    expect(visibleData(s)).toEqual(['{"type":"pong"}']);
  });

  it('by direction', () => {
    const { s } = loaded();
    s.setFilter({ direction: 'sent' });
    expect(visibleData(s)).toEqual(['{"type":"Ping"}', 'bin:222,173,190,239']);
    s.setFilter({ direction: 'received' });
    expect(visibleData(s)).toEqual(['{"type":"pong"}', 'PRICE 42.5', 'bin:104,101,108,108,111']);
    s.setFilter({ direction: 'all' });
    expect(s.visible.length).toBe(5);
  });

  it('by connection, combined with text and direction', () => {
    const { s } = loaded();
    s.setFilter({ connection: 'a:2' });
    expect(visibleData(s)).toEqual(['PRICE 42.5', 'bin:222,173,190,239']);
    s.setFilter({ connection: 'a:1', direction: 'received', text: 'type' });
    expect(visibleData(s)).toEqual(['{"type":"pong"}']);
  });

  it('visible holds indexes into rows', () => {
    const { s } = loaded();
    s.setFilter({ direction: 'sent' });
    expect(s.visible).toEqual([0, 3]);
  });

  it('new frames are filtered as they arrive', () => {
    const { s, a } = loaded();
    s.setFilter({ text: 'ping', direction: 'sent' });
    const at = a.rseq;
    a.text(1, 'sent', 'ping again');
    a.text(1, 'received', 'ping from server');
    a.text(2, 'sent', 'nothing here');
    s.applyRecords(a.msg(at));
    expect(visibleData(s)).toEqual(['{"type":"Ping"}', 'ping again']);
    expect(s.rows.length).toBe(8);
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
    expect(visibleData(s)).toEqual(['before']);
    expect(s.skippedWhilePaused).toBe(2);
    expect(s.connections.get('a:1')).toMatchObject({ state: 'closed', sent: { frames: 2, bytes: 13 }, received: { frames: 1, bytes: 7 } });
    expect(s.docs.get('a')!.cursor).toBe(a.rseq);
    s.setPaused(false);
    at = a.rseq;
    a.connection(2);
    a.text(2, 'sent', 'after');
    s.applyRecords(a.msg(at));
    expect(visibleData(s)).toEqual(['before', 'after']);
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
    expect(frames(s).length).toBe(2);
    expect(s.rows.length).toBe(6); // and four event rows: open, open, closing, close
    s.setPaused(true);
    a.text(1, 'sent', 'skipped');
    s.applyRecords(a.msg(a.rseq - 1));
    s.setPaused(false);
    expect(s.skippedWhilePaused).toBe(1);
    s.clear();
    expect(s.rows).toEqual([]);
    expect(s.visible).toEqual([]);
    expect(s.skippedWhilePaused).toBe(0);
    expect([...s.connections.keys()].sort()).toEqual(['a:1', 'a:3']);
    // Traffic of the live connections is kept, and new frames still arrive.
    const at = a.rseq;
    a.text(1, 'received', 'z');
    s.applyRecords(a.msg(at));
    expect(visibleData(s)).toEqual(['z']);
    expect(s.connections.get('a:1')!.sent.frames).toBe(2);
  });

  it('clear resets a connection filter whose connection went away, keeps one that stays', () => {
    const { s, a } = setup();
    a.connection(1);
    a.connection(2);
    a.close(2);
    s.applyRecords(a.msg());
    s.setFilter({ connection: 'a:1' });
    s.clear();
    expect(s.filter.connection).toBe('a:1');
    s.setFilter({ connection: 'a:2' });
    s.clear();
    expect(s.filter.connection).toBeNull();
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
    expect(frames(s).map((r) => r.id)).toEqual([3]);
  });
});

describe('SessionStore: navigation', () => {
  /** Old page: top "old" (timeOrigin 1000) with iframe "oldframe" (1200), both with traffic. */
  function oldPage() {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('old', { timeOrigin: 1000 }), 0);
    s.applyAnnounce(docInfo('oldframe', { top: false, timeOrigin: 1200 }), 1);
    const old = new Relay('old');
    const oldframe = new Relay('oldframe');
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
    s.setFilter({ connection: 'old:1' });
    // The new page's iframe may announce before its top document does.
    s.applyAnnounce(docInfo('newframe', { top: false, timeOrigin: 5100 }), 2);
    const nf = new Relay('newframe');
    nf.connection(1);
    nf.text(1, 'received', 'new frame');
    s.applyRecords(nf.msg());
    s.applyAnnounce(docInfo('new', { timeOrigin: 5000 }), 0);
    expect([...s.docs.keys()].sort()).toEqual(['new', 'newframe']);
    expect([...s.connections.keys()]).toEqual(['newframe:1']);
    expect(s.rows.every((r) => r.kind === 'frame' && r.docId === 'newframe')).toBe(true);
    expect(s.filter.connection).toBeNull();
    expect(visibleData(s)).toEqual(['new frame']);
    expect(s.topDocument()!.info.docId).toBe('new');
    // The old documents' late records are ignored.
    const late = new Relay('old');
    late.connection(1);
    late.text(1, 'sent', 'late');
    expect(s.applyRecords(late.msg())).toEqual({});
    expect(visibleData(s)).toEqual(['new frame']);
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
    s.setFilter({ text: 'old' });
    s.applyAnnounce(docInfo('new', { timeOrigin: 5000, url: 'https://site.test/next' }), 0);
    expect(s.docs.size).toBe(3);
    expect(s.connections.size).toBe(2);
    const nav = s.rows[s.rows.length - 1];
    expect(nav).toMatchObject({ kind: 'navigation', url: 'https://site.test/next', time: 5000 });
    // Navigation rows pass every filter.
    expect(visibleData(s)).toEqual(['old top', 'old frame', 'nav:https://site.test/next']);
    const n = new Relay('new');
    n.connection(1);
    n.text(1, 'sent', 'old news');
    n.text(1, 'sent', 'fresh');
    s.applyRecords(n.msg());
    expect(visibleData(s)).toEqual(['old top', 'old frame', 'nav:https://site.test/next', 'old news']);
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
    expect(visibleData(s)).toEqual(['m6', 'm7', 'm8', 'm9']);
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
    const a = new Relay('a');
    a.connection(1);
    for (let i = 0; i < 8; i++) a.text(1, i % 2 ? 'sent' : 'received', `f${i}`);
    s.setFilter({ direction: 'sent' });
    s.applyRecords(a.msg());
    expect(s.rows.map((r) => (r.kind === 'frame' && r.rec.opcode === 'text' ? r.rec.data : ''))).toEqual(['f3', 'f4', 'f5', 'f6', 'f7']);
    expect(visibleData(s)).toEqual(['f3', 'f5', 'f7']);
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
    s.setFilter({ text: 'x' });
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
  /** Connection 1 opens, talks, is closed by the server; connection 2 fails (error, 1006). */
  function lifecycle() {
    const { s, a } = setup();
    a.connection(1); // time 1001
    a.open(1); // 1002
    a.text(1, 'sent', 'ping');
    a.text(1, 'received', 'pong');
    a.connection(2);
    a.error(2);
    a.close(2, 1006, '', false);
    a.close(1, 4001, 'bye', true);
    s.applyRecords(a.msg());
    return { s, a };
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
    expect(visibleData(s)).toEqual(['ping', 'pong']);
    expect(s.counts()).toEqual({ shown: 2, total: 2, eventsShown: 0, events: 4 });
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
    a.push({ type: 'closing', rseq: ++a.rseq, conn: 2, seq: 9, time: 2000, code: null, reason: '', byPanel: true });
    s.applyRecords(a.msg());
    expect(events(s).filter((e) => e.event === 'closing').map((e) => e.text)).toEqual([
      'close() called by the page · 1000 Normal Closure "done"',
      'close() called by DevTools · no code',
    ]);
  });

  it('Show picks messages, both, events only, close events (close() and close) or errors', () => {
    const { s, a } = lifecycle();
    a.connection(3);
    a.open(3);
    a.closing(3, 1000, '');
    s.applyRecords(a.msg(a.rseq - 3));
    s.setFilter({ show: 'all' });
    expect(visibleData(s)).toEqual(['event:open', 'ping', 'pong', 'event:error', 'event:close', 'event:close', 'event:open', 'event:closing']);
    expect(s.counts()).toEqual({ shown: 2, total: 2, eventsShown: 6, events: 6 });
    s.setFilter({ show: 'events' });
    expect(visibleData(s)).toEqual(['event:open', 'event:error', 'event:close', 'event:close', 'event:open', 'event:closing']);
    s.setFilter({ show: 'close' });
    expect(visibleData(s)).toEqual(['event:close', 'event:close', 'event:closing']);
    s.setFilter({ show: 'error' });
    expect(visibleData(s)).toEqual(['event:error']);
    expect(s.counts()).toEqual({ shown: 0, total: 2, eventsShown: 1, events: 6 });
    s.setFilter({ show: 'messages' });
    expect(visibleData(s)).toEqual(['ping', 'pong']);
  });

  it('the connection filter applies to event rows, the text matches what they say, frame-only filters hide them', () => {
    const { s } = lifecycle();
    s.setFilter({ show: 'all', connection: 'a:2' });
    expect(visibleData(s)).toEqual(['event:error', 'event:close']);
    s.setFilter({ connection: null, text: 'abnormal' });
    expect(visibleData(s)).toEqual(['event:close']);
    s.setFilter({ text: 'p' });
    expect(visibleData(s)).toEqual(['event:open', 'ping', 'pong', 'event:error', 'event:close', 'event:close']);
    s.setFilter({ text: '', direction: 'sent' });
    expect(visibleData(s)).toEqual(['ping']);
    s.setFilter({ direction: 'all', minSize: 0 });
    expect(visibleData(s)).toEqual(['ping', 'pong']);
  });

  it('events arriving later are filtered as they come', () => {
    const { s, a } = setup();
    s.setFilter({ show: 'close' });
    a.connection(1);
    a.open(1);
    a.text(1, 'received', 'x');
    a.close(1, 1000, '', true);
    s.applyRecords(a.msg());
    expect(visibleData(s)).toEqual(['event:close']);
    expect(s.counts().eventsShown).toBe(1);
  });

  it('do not count against the frame bounds; go with the frames evicted after them', () => {
    const s = new SessionStore();
    s.applyAnnounce(docInfo('a', { bounds: { ...DEFAULT_BOUNDS, maxFrames: 3 } }), 0);
    const a = new Relay('a');
    a.connection(1);
    a.open(1); // an event before every frame
    for (let i = 0; i < 3; i++) a.text(1, 'sent', `f${i}`);
    for (let i = 2; i <= 6; i++) {
      a.connection(i);
      a.error(i);
    }
    s.setFilter({ show: 'all' });
    s.applyRecords(a.msg());
    // Three frames and six events: nothing is evicted.
    expect(s.dropped.frames).toBe(0);
    expect(s.counts()).toEqual({ shown: 3, total: 3, eventsShown: 6, events: 6 });
    let at = a.rseq;
    a.text(1, 'received', 'f3');
    s.applyRecords(a.msg(at));
    // f0 goes, and the open before it.
    expect(visibleData(s)).toEqual(['f1', 'f2', 'event:error', 'event:error', 'event:error', 'event:error', 'event:error', 'f3']);
    expect(s.counts()).toEqual({ shown: 3, total: 3, eventsShown: 5, events: 5 });
    at = a.rseq;
    a.text(1, 'received', 'f4');
    a.text(1, 'received', 'f5');
    s.applyRecords(a.msg(at));
    // f1 and f2 go; the errors after f2 are not older than any frame kept, so they stay.
    expect(visibleData(s)).toEqual(['event:error', 'event:error', 'event:error', 'event:error', 'event:error', 'f3', 'f4', 'f5']);
    expect(s.counts()).toEqual({ shown: 3, total: 3, eventsShown: 5, events: 5 });
    at = a.rseq;
    a.text(1, 'received', 'f6');
    s.setFilter({ show: 'error' });
    s.applyRecords(a.msg(at));
    // f3 goes, and the errors before it.
    expect(visibleData(s)).toEqual([]);
    expect(s.counts()).toEqual({ shown: 0, total: 3, eventsShown: 0, events: 0 });
  });

  it(`are bounded on their own: beyond ${MAX_EVENT_ROWS} the oldest go`, () => {
    const { s, a } = setup();
    a.connection(1);
    a.open(1);
    a.text(1, 'sent', 'kept');
    for (let i = 0; i < MAX_EVENT_ROWS; i++) a.error(1);
    s.setFilter({ show: 'all' });
    s.applyRecords(a.msg());
    const c = s.counts();
    expect(c.events).toBe(Math.floor(MAX_EVENT_ROWS * 0.9));
    expect(c.eventsShown).toBe(c.events);
    expect(c.total).toBe(1);
    expect(s.rows[0]).toMatchObject({ kind: 'frame' }); // the open went, the frame stays
    expect(s.visible.length).toBe(c.events + 1);
  });

  it('clear removes them; paused capture records none', () => {
    const { s, a } = lifecycle();
    s.clear();
    expect(s.counts()).toEqual({ shown: 0, total: 0, eventsShown: 0, events: 0 });
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
    const old = new Relay('old');
    old.connection(1);
    old.open(1);
    s.applyRecords(old.msg());
    s.applyAnnounce(docInfo('frame', { top: false, timeOrigin: 6000 }), 1);
    const fr = new Relay('frame');
    fr.connection(1);
    fr.open(1);
    s.applyRecords(fr.msg());
    s.setFilter({ show: 'events' });
    s.applyAnnounce(docInfo('new', { timeOrigin: 5000 }), 0);
    expect(events(s).map((e) => e.connKey)).toEqual(['frame:1']);
    expect(s.counts()).toEqual({ shown: 0, total: 0, eventsShown: 1, events: 1 });
  });

  it('a store made without event rows (the test client) has none', () => {
    const s = new SessionStore({ eventRows: false });
    s.applyAnnounce(docInfo('a'), 0);
    const a = new Relay('a');
    a.connection(1);
    a.open(1);
    a.text(1, 'sent', 'x');
    a.close(1);
    s.applyRecords(a.msg());
    expect(s.rows.map((r) => r.kind)).toEqual(['frame']);
  });
});

describe('SessionStore: saved filters', () => {
  function loaded() {
    const { s, a } = setup();
    a.connection(1);
    a.open(1);
    a.text(1, 'sent', 'ping 1');
    a.text(1, 'received', 'pong 1');
    a.text(1, 'received', 'ping from server');
    a.text(1, 'sent', 'hello');
    a.close(1, 1000, '', true);
    s.applyRecords(a.msg());
    return { s, a };
  }
  const ping = { text: 'ping', direction: 'all' as const };
  const received = { text: '', direction: 'received' as const };

  it('none active: the live filter alone', () => {
    const { s } = loaded();
    s.setSavedFilters([], 'and');
    expect(visibleData(s)).toEqual(['ping 1', 'pong 1', 'ping from server', 'hello']);
    expect(s.savedActive).toBe(0);
  });

  it('AND: every active filter must pass; OR: any', () => {
    const { s } = loaded();
    s.setSavedFilters([ping, received], 'and');
    expect(visibleData(s)).toEqual(['ping from server']);
    expect(s.savedActive).toBe(2);
    s.setSavedFilters([ping, received], 'or');
    expect(visibleData(s)).toEqual(['ping 1', 'pong 1', 'ping from server']);
  });

  it('the live filter applies on top (AND), connection included', () => {
    const { s, a } = loaded();
    s.setSavedFilters([ping, received], 'or');
    s.setFilter({ text: 'server' });
    expect(visibleData(s)).toEqual(['ping from server']);
    s.setFilter({ text: '', connection: 'a:2' });
    expect(visibleData(s)).toEqual([]);
    // New rows are judged by the same combination.
    s.setFilter({ connection: null });
    a.text(1, 'received', 'late');
    s.applyRecords(a.msg(a.rseq - 1));
    expect(visibleData(s)).toEqual(['ping 1', 'pong 1', 'ping from server', 'late']);
  });

  it('reveal: a row the filters hide is shown until the filters change', () => {
    const { s } = loaded();
    s.setSavedFilters([ping, received], 'and');
    const hello = s.rows.find((r) => r.kind === 'frame' && r.rec.opcode === 'text' && r.rec.data === 'hello')!;
    expect(s.reveal(hello.id)).toBe(true);
    expect(visibleData(s)).toEqual(['ping from server', 'hello']);
    s.setFilter({ text: '' });
    expect(visibleData(s)).toEqual(['ping from server']);
    expect(s.reveal(99_999)).toBe(false);
  });

  it('a saved filter has its own Show, case and size', () => {
    const { s } = loaded();
    s.setFilter({ show: 'all' });
    s.setSavedFilters([{ text: '', direction: 'all', show: 'close' }, { text: 'PING', direction: 'all', matchCase: true }], 'or');
    expect(visibleData(s)).toEqual(['event:close']);
    s.setSavedFilters([{ text: '', direction: 'all', minSize: 6, maxSize: 6 }], 'and');
    expect(visibleData(s)).toEqual(['ping 1', 'pong 1']);
  });
});

describe('framePreview', () => {
  const base = { rseq: 1, conn: 1, seq: 1, time: 0, dir: 'sent' as const, truncated: false };
  const textRec = (data: string): ViewFrame => ({ ...base, type: 'frame', opcode: 'text', data, size: data.length });
  const binRec = (n: number): ViewFrame => ({
    ...base,
    type: 'frame',
    opcode: 'binary',
    data: Uint8Array.from({ length: n }, (_, i) => i),
    binKind: 'arraybuffer',
    size: n,
  });

  it('text on one line: runs of CR, LF and tabs become one space', () => {
    expect(framePreview(textRec('a\r\nb\t\tc\nd'))).toBe('a b c d');
    expect(framePreview(textRec(''))).toBe('');
  });

  it(`text is cut at ${PREVIEW_CHARS} characters`, () => {
    expect(framePreview(textRec('x'.repeat(PREVIEW_CHARS)))).toBe('x'.repeat(PREVIEW_CHARS));
    expect(framePreview(textRec('y'.repeat(PREVIEW_CHARS + 50)))).toBe('y'.repeat(PREVIEW_CHARS));
  });

  it('binary: hex of the first 48 bytes, an ellipsis when there is more', () => {
    expect(framePreview(binRec(3))).toBe('00 01 02');
    expect(framePreview(binRec(0))).toBe('');
    const hex48 = Array.from({ length: 48 }, (_, i) => i.toString(16).padStart(2, '0')).join(' ');
    expect(framePreview(binRec(48))).toBe(hex48);
    expect(framePreview(binRec(49))).toBe(hex48 + ' …');
  });
});
