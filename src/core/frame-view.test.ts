import { describe, expect, it } from 'vitest';
import { FrameView } from './frame-view';
import type { EventRow, FrameRow, Row } from './rows';
import { binaryFrame, lifecycle, shownData, storeWithDoc, textFrame } from './fixtures/records';

/** A store with one announced top document "a". */
const setup = storeWithDoc;

describe('FrameView: the live filter', () => {
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
    s.view.setFilter({ text: 'PING' });
    expect(shownData(s)).toEqual(['{"type":"Ping"}']);
    s.view.setFilter({ text: 'price 42' });
    expect(shownData(s)).toEqual(['PRICE 42.5']);
  });

  it('/regex/ is case-sensitive unless i', () => {
    const { s } = loaded();
    s.view.setFilter({ text: '/"P[a-z]+"/' });
    expect(shownData(s)).toEqual(['{"type":"Ping"}']);
    s.view.setFilter({ text: '/"p[a-z]+"/i' });
    expect(shownData(s)).toEqual(['{"type":"Ping"}', '{"type":"pong"}']);
    s.view.setFilter({ text: '/^\\w+ \\d+\\.\\d$/' });
    expect(shownData(s)).toEqual(['PRICE 42.5']);
  });

  it('binary frames match on their hex and on their UTF-8 reading', () => {
    const { s } = loaded();
    s.view.setFilter({ text: 'deadbeef' });
    expect(shownData(s)).toEqual(['bin:222,173,190,239']);
    s.view.setFilter({ text: 'hello' });
    expect(shownData(s)).toEqual(['bin:104,101,108,108,111']);
  });

  it('a /…/ that is not a valid regex is matched as text and noted; a valid one clears the note', () => {
    const { s, a } = loaded();
    a.text(1, 'sent', 'GET /(unclosed/ HTTP');
    s.applyRecords(a.msg(a.rseq - 1));
    s.view.setFilter({ text: '/(unclosed/' });
    expect(s.view.filterNote).toMatch(/^\/\(unclosed\/ is matched as text: it is not a valid regular expression \(.+\)$/);
    expect(shownData(s)).toEqual(['GET /(unclosed/ HTTP']);
    s.view.setFilter({ text: '/pong/' });
    expect(s.view.filterNote).toBeNull();
    expect(shownData(s)).toEqual(['{"type":"pong"}']);
  });

  it('a path such as /api/users is a substring, as it is for rules', () => {
    const { s, a } = loaded();
    a.text(1, 'received', 'GET /API/Users/42');
    s.applyRecords(a.msg(a.rseq - 1));
    s.view.setFilter({ text: '/api/users' });
    expect(s.view.filterNote).toBeNull();
    expect(shownData(s)).toEqual(['GET /API/Users/42']);
  });

  it('match case applies to a substring, not to a regex, and not to the name filter', () => {
    const { s } = loaded();
    s.view.setFilter({ text: 'ping', matchCase: true });
    expect(shownData(s)).toEqual([]);
    s.view.setFilter({ text: 'Ping' });
    expect(shownData(s)).toEqual(['{"type":"Ping"}']);
    s.view.setFilter({ text: '/ping/i' });
    expect(shownData(s)).toEqual(['{"type":"Ping"}']);
    s.view.setNameResolver((row) => (row.rec.opcode === 'text' && row.rec.data.includes('Ping') ? 'Ping' : 'other'));
    s.view.setFilter({ text: '', name: 'ping' });
    expect(s.view.filter.matchCase).toBe(true);
    expect(shownData(s)).toEqual(['{"type":"Ping"}']);
  });

  it('by direction', () => {
    const { s } = loaded();
    s.view.setFilter({ direction: 'sent' });
    expect(shownData(s)).toEqual(['{"type":"Ping"}', 'bin:222,173,190,239']);
    s.view.setFilter({ direction: 'received' });
    expect(shownData(s)).toEqual(['{"type":"pong"}', 'PRICE 42.5', 'bin:104,101,108,108,111']);
    s.view.setFilter({ direction: 'all' });
    expect(s.view.visible.length).toBe(5);
  });

  it('by connection, combined with text and direction', () => {
    const { s } = loaded();
    s.view.setFilter({ connection: 'a:2' });
    expect(shownData(s)).toEqual(['PRICE 42.5', 'bin:222,173,190,239']);
    s.view.setFilter({ connection: 'a:1', direction: 'received', text: 'type' });
    expect(shownData(s)).toEqual(['{"type":"pong"}']);
  });

  it('visible holds indexes into rows', () => {
    const { s } = loaded();
    s.view.setFilter({ direction: 'sent' });
    expect(s.view.visible).toEqual([0, 3]);
  });

  it('new frames are filtered as they arrive', () => {
    const { s, a } = loaded();
    s.view.setFilter({ text: 'ping', direction: 'sent' });
    const at = a.rseq;
    a.text(1, 'sent', 'ping again');
    a.text(1, 'received', 'ping from server');
    a.text(2, 'sent', 'nothing here');
    s.applyRecords(a.msg(at));
    expect(shownData(s)).toEqual(['{"type":"Ping"}', 'ping again']);
    expect(s.rows.length).toBe(8);
  });
});

describe('FrameView: lifecycle event rows', () => {

  it('Show picks messages, both, events only, close events (close() and close) or errors', () => {
    const { s, a } = lifecycle();
    a.connection(3);
    a.open(3);
    a.closing(3, 1000, '');
    s.applyRecords(a.msg(a.rseq - 3));
    s.view.setFilter({ show: 'all' });
    expect(shownData(s)).toEqual([
      'event:open',
      'ping',
      'pong',
      'event:error',
      'event:close',
      'event:close',
      'event:open',
      'event:closing',
    ]);
    expect(s.view.counts()).toEqual({ shown: 2, total: 2, eventsShown: 6, events: 6 });
    s.view.setFilter({ show: 'events' });
    expect(shownData(s)).toEqual(['event:open', 'event:error', 'event:close', 'event:close', 'event:open', 'event:closing']);
    s.view.setFilter({ show: 'close' });
    expect(shownData(s)).toEqual(['event:close', 'event:close', 'event:closing']);
    s.view.setFilter({ show: 'error' });
    expect(shownData(s)).toEqual(['event:error']);
    expect(s.view.counts()).toEqual({ shown: 0, total: 2, eventsShown: 1, events: 6 });
    s.view.setFilter({ show: 'messages' });
    expect(shownData(s)).toEqual(['ping', 'pong']);
  });

  it('the connection filter applies to event rows, the text matches what they say, frame-only filters hide them', () => {
    const { s } = lifecycle();
    s.view.setFilter({ show: 'all', connection: 'a:2' });
    expect(shownData(s)).toEqual(['event:error', 'event:close']);
    s.view.setFilter({ connection: null, text: 'abnormal' });
    expect(shownData(s)).toEqual(['event:close']);
    s.view.setFilter({ text: 'p' });
    expect(shownData(s)).toEqual(['event:open', 'ping', 'pong', 'event:error', 'event:close', 'event:close']);
    s.view.setFilter({ text: '', direction: 'sent' });
    expect(shownData(s)).toEqual(['ping']);
    s.view.setFilter({ direction: 'all', minSize: 0 });
    expect(shownData(s)).toEqual(['ping', 'pong']);
  });

  it('events arriving later are filtered as they come', () => {
    const { s, a } = setup();
    s.view.setFilter({ show: 'close' });
    a.connection(1);
    a.open(1);
    a.text(1, 'received', 'x');
    a.close(1, 1000, '', true);
    s.applyRecords(a.msg());
    expect(shownData(s)).toEqual(['event:close']);
    expect(s.view.counts().eventsShown).toBe(1);
  });
});

describe('FrameView: told by the store', () => {
  it('clear resets a connection filter whose connection went away, keeps one that stays', () => {
    const { s, a } = setup();
    a.connection(1);
    a.connection(2);
    a.close(2);
    s.applyRecords(a.msg());
    s.view.setFilter({ connection: 'a:1' });
    s.clear();
    expect(s.view.filter.connection).toBe('a:1');
    s.view.setFilter({ connection: 'a:2' });
    s.clear();
    expect(s.view.filter.connection).toBeNull();
  });
});

describe('FrameView: saved filters', () => {
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
    s.view.setSavedFilters([], 'and');
    expect(shownData(s)).toEqual(['ping 1', 'pong 1', 'ping from server', 'hello']);
    expect(s.view.savedActive).toBe(0);
  });

  it('AND: every active filter must pass; OR: any', () => {
    const { s } = loaded();
    s.view.setSavedFilters([ping, received], 'and');
    expect(shownData(s)).toEqual(['ping from server']);
    expect(s.view.savedActive).toBe(2);
    s.view.setSavedFilters([ping, received], 'or');
    expect(shownData(s)).toEqual(['ping 1', 'pong 1', 'ping from server']);
  });

  it('savedHiding names the saved filters that hide every frame the live filter would show', () => {
    const { s } = loaded();
    const nothing = { text: 'no such text', direction: 'all' as const };
    s.view.setSavedFilters([ping, nothing], 'and', ['Pings', 'Nothing']);
    expect(shownData(s)).toEqual([]);
    expect(s.view.savedHiding()).toEqual(['Nothing']); // "Pings" alone would show frames
    // Each shows some alone, not together: both hide them.
    s.view.setSavedFilters([ping, { text: 'hello', direction: 'all' as const }], 'and', ['Pings', 'Hello']);
    expect(s.view.savedHiding()).toEqual(['Pings', 'Hello']);
    // Not the saved filters' doing: the live filter alone shows nothing.
    s.view.setFilter({ text: 'zzz' });
    expect(s.view.savedHiding()).toEqual([]);
    // Frames shown: nothing to say.
    s.view.setFilter({ text: '' });
    s.view.setSavedFilters([ping], 'and', ['Pings']);
    expect(s.view.savedHiding()).toEqual([]);
  });

  it('the live filter applies on top (AND), connection included', () => {
    const { s, a } = loaded();
    s.view.setSavedFilters([ping, received], 'or');
    s.view.setFilter({ text: 'server' });
    expect(shownData(s)).toEqual(['ping from server']);
    s.view.setFilter({ text: '', connection: 'a:2' });
    expect(shownData(s)).toEqual([]);
    // New rows are judged by the same combination.
    s.view.setFilter({ connection: null });
    a.text(1, 'received', 'late');
    s.applyRecords(a.msg(a.rseq - 1));
    expect(shownData(s)).toEqual(['ping 1', 'pong 1', 'ping from server', 'late']);
  });

  it('reveal: a row the filters hide is shown until the filters change', () => {
    const { s } = loaded();
    s.view.setSavedFilters([ping, received], 'and');
    const hello = s.rows.find((r) => r.kind === 'frame' && r.rec.opcode === 'text' && r.rec.data === 'hello')!;
    expect(s.view.reveal(hello.id)).toBe(true);
    expect(shownData(s)).toEqual(['ping from server', 'hello']);
    s.view.setFilter({ text: '' });
    expect(shownData(s)).toEqual(['ping from server']);
    expect(s.view.reveal(99_999)).toBe(false);
  });

  it('a saved filter has its own Show, case and size', () => {
    const { s } = loaded();
    s.view.setFilter({ show: 'all' });
    s.view.setSavedFilters(
      [
        { text: '', direction: 'all', show: 'close' },
        { text: 'PING', direction: 'all', matchCase: true },
      ],
      'or',
    );
    expect(shownData(s)).toEqual(['event:close']);
    s.view.setSavedFilters([{ text: '', direction: 'all', minSize: 6, maxSize: 6 }], 'and');
    expect(shownData(s)).toEqual(['ping 1', 'pong 1']);
  });
});

describe('FrameView: on any row source', () => {
  /** A source of rows made by hand, as a store would hold them. */
  function source() {
    const rows: Row[] = [];
    const src = { rows, eventRowCount: 0 };
    let notified = 0;
    const view = new FrameView(src, () => notified++);
    let id = 1;
    const add = (row: Row) => {
      src.rows.push(row);
      if (row.kind === 'event') src.eventRowCount++;
      view.added(row, src.rows.length - 1);
    };
    const frame = (data: string, dir: 'sent' | 'received' = 'sent'): FrameRow => ({
      kind: 'frame',
      id: id++,
      docId: 'a',
      connKey: 'a:1',
      rec: textFrame(data, { dir }),
    });
    const bin = (bytes: number[]): FrameRow => ({ kind: 'frame', id: id++, docId: 'a', connKey: 'a:1', rec: binaryFrame(bytes) });
    const event = (text: string): EventRow => ({ kind: 'event', id: id++, docId: 'a', connKey: 'a:1', event: 'error', time: 0, text });
    return { src, view, add, frame, bin, event, notified: () => notified };
  }

  it('keeps indexes and counts right as rows are added, cut from the front and rebuilt', () => {
    const { src, view, add, frame, event, notified } = source();
    view.setFilter({ show: 'all', text: 'x' });
    expect(notified()).toBe(1);
    add(frame('x1'));
    add(event('x error'));
    add(frame('y'));
    add(frame('x2'));
    expect(view.visible).toEqual([0, 1, 3]);
    expect(view.counts()).toEqual({ shown: 2, total: 3, eventsShown: 1, events: 1 });
    // The store cut the first two rows.
    const old = [...src.rows];
    src.rows.splice(0, 2);
    src.eventRowCount = 0;
    view.cut(old, 2);
    expect(view.visible).toEqual([1]);
    expect(view.counts()).toEqual({ shown: 1, total: 2, eventsShown: 0, events: 0 });
    // Rows replaced: every row is tested again, without notifying (the store does).
    src.rows.unshift(frame('x0'));
    view.rebuild();
    expect(view.visible).toEqual([0, 2]);
    expect(notified()).toBe(1);
    view.cleared();
    expect(view.visible).toEqual([]);
  });

  it('searches binary frames as UTF-8 and as hex, and forgets the cached text of rows cut', () => {
    const { src, view, add, bin } = source();
    const row = bin([0x68, 0x69, 0xff]);
    add(row);
    expect(view.searchText(row)).toBe('hi\uFFFD\n6869ff');
    view.setFilter({ text: '69ff' });
    expect(view.visible).toEqual([0]);
    // A cut row's cached text is dropped: the same id with other bytes reads afresh.
    view.cut([...src.rows], 1);
    src.rows.length = 0;
    expect(view.searchText({ ...row, rec: binaryFrame([0x41]) })).toBe('A\n41');
  });

  it('hides and counts, once a row, frames whose name the resolver does not know yet; begin runs once a pass', () => {
    const { view, add, frame } = source();
    const names = new Map<string, string>([['a', 'chat']]);
    let passes = 0;
    view.setNameResolver(
      (row) => names.get(row.rec.opcode === 'text' ? row.rec.data : ''),
      () => passes++,
    );
    expect(passes).toBe(0); // no name filter yet: nothing to read
    add(frame('a'));
    add(frame('b'));
    view.setSavedFilters([{ text: '', direction: 'all', name: 'chat' }], 'and');
    view.setFilter({ name: '/^c/' });
    expect(view.visible).toEqual([0]);
    expect(view.namePending).toBe(1);
    const before = passes;
    view.beginBatch();
    expect(passes).toBe(before + 1);
    names.set('b', 'chess');
    view.refresh();
    expect(view.namePending).toBe(0);
    expect(view.visible).toEqual([0]);
    names.set('b', 'chat');
    view.refresh();
    expect(view.visible).toEqual([0, 1]);
  });

  it('lifts a connection filter whose connection went, keeps one that stays', () => {
    const { view } = source();
    view.setFilter({ connection: 'a:1' });
    view.keepConnections((k) => k === 'a:1');
    expect(view.filter.connection).toBe('a:1');
    view.keepConnections(() => false);
    expect(view.filter.connection).toBeNull();
  });
});
