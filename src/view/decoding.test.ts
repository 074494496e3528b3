import { describe, expect, it } from 'vitest';
import { DocFeed, docInfo } from '../core/fixtures/records';
import { SessionStore } from '../core/session-store';
import { type FrameRow } from '../core/rows';
import { decodingOf, PAIR_LOOKAHEAD, PanelDecoding, PEEK_BUDGET } from './decoding';
import { toTree } from './DecodedView';
import { timelineOf } from './Timeline';

/** A store with one document whose records come from the record builder: connection 1 (and more on demand). */
function store(url = 'ws://h.test/socket.io/?EIO=4&transport=websocket', protocol = '') {
  const s = new SessionStore();
  s.applyAnnounce(docInfo('d', { url: 'https://h.test/', timeOrigin: 0 }), 0);
  const feed = new DocFeed('d', 'https://h.test/');
  const add = (build: () => void) => {
    const after = feed.rseq;
    build();
    s.applyRecords(feed.msg(after));
  };
  const conn = (n: number, u = url, p = protocol) =>
    add(() => {
      feed.connection(n, u, { protocols: p ? [p] : [], time: 0 });
      feed.open(n, p, { extensions: '', time: 1 });
    });
  const frame = (dir: 'sent' | 'received', data: string | number[], time: number, n = 1) =>
    add(() => (typeof data === 'string' ? feed.text(n, dir, data, { time }) : feed.binary(n, dir, data, { time })));
  conn(1);
  return { s, frame, conn, rows: () => s.rows.filter((r): r is FrameRow => r.kind === 'frame') };
}

const OPEN = '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

describe('PanelDecoding', () => {
  it('detects Socket.IO, names frames, pairs an ack with its latency and flags an unanswered request', () => {
    const { s, frame, rows } = store();
    frame('received', OPEN, 10);
    frame('sent', '40', 11);
    frame('received', '40{"sid":"b"}', 12);
    frame('sent', '421["sum",2,3]', 20);
    frame('sent', '422["ignored"]', 21);
    frame('received', '431[5]', 27);
    frame('sent', '42["chat message","hi"]', 30);
    const d = decodingOf(s);
    const r = rows();
    expect(d.activeOf(r[0]!.connKey)).toBe('socketio');
    expect(r.map((x) => d.nameOf(x))).toEqual(['engine.io open', '/', '/', 'sum', 'ignored', 'sum', 'chat message']);
    expect(d.markOf(r[3]!)).toMatchObject({ role: 'request', unanswered: false, latency: 7 });
    expect(d.markOf(r[5]!)).toMatchObject({ role: 'response', latency: 7 });
    expect(d.markOf(r[4]!)).toMatchObject({ role: 'request', unanswered: true, searchedToEnd: true });
    expect(d.markOf(r[6]!)).toBeNull();
    const [ex] = d.exchangesOf(r[3]!);
    expect(ex!.responses.map((x) => x.frame)).toEqual([r[5]!.id]);
  });

  it('the Name filter of the store reads decoded names; another decoder (or Raw) changes them', () => {
    const { s, frame, rows } = store();
    frame('received', OPEN, 10);
    frame('sent', '42["price",1]', 11);
    frame('sent', '42["order",2]', 12);
    frame('received', '42["price",3]', 13);
    const d = decodingOf(s);
    s.view.setFilter({ name: 'price' });
    expect(s.view.visible.length).toBe(2);
    s.view.setFilter({ name: '/^ORDER$/i' });
    expect(s.view.visible.map((i) => (s.rows[i] as FrameRow).rec.data)).toEqual(['42["order",2]']);
    // New frames are filtered by name as they arrive.
    frame('sent', '42["order",4]', 14);
    expect(s.view.visible.length).toBe(2);
    d.setDecoder(rows()[0]!.connKey, 'raw');
    s.view.refresh();
    expect(s.view.visible.length).toBe(0);
    expect(d.get(rows()[1]!)).toBeNull();
    d.setDecoder(rows()[0]!.connKey, 'auto');
    s.view.refresh();
    expect(s.view.visible.length).toBe(2);
    // A /…/ that is not a valid regex is a substring of the name, with a note.
    s.view.setFilter({ name: '/(/' });
    expect(s.view.nameFilterNote).toMatch(/^\/\(\/ is matched as text: it is not a valid regular expression/);
    expect(s.view.visible.length).toBe(0);
    s.view.setFilter({ name: 'pRiCe' });
    expect(s.view.nameFilterNote).toBeNull();
    expect(s.view.visible.length).toBe(2);
  });

  it('per connection: an MQTT subprotocol connection beside a Socket.IO one', () => {
    const { s, frame, conn, rows } = store();
    conn(2, 'ws://h.test/mqtt', 'mqtt');
    frame('received', OPEN, 10, 1);
    frame('sent', [0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00], 11, 2);
    frame('received', [0x20, 0x02, 0x00, 0x00], 12, 2);
    frame('sent', [0x32, 0x0b, 0x00, 0x03, 0x61, 0x2f, 0x62, 0x00, 0x07, 0x68, 0x65, 0x79, 0x21], 13, 2); // PUBLISH qos1 a/b #7
    frame('received', [0x40, 0x02, 0x00, 0x07], 18, 2); // PUBACK #7
    const d = decodingOf(s);
    const r = rows();
    expect(d.activeOf(r[1]!.connKey)).toBe('mqtt');
    expect(d.detectedOf(r[1]!.connKey)).toMatchObject({ id: 'mqtt', by: 'subprotocol' });
    expect(d.nameOf(r[3]!)).toBe('a/b');
    expect(d.markOf(r[3]!)).toMatchObject({ role: 'request', latency: 5 });
    expect(d.anyDecoded(null)).toBe(true);
  });

  it('is lazy: the grid marks of the first rows decode only a window of a long stateless connection', () => {
    const { s, frame, rows } = store('ws://h.test/rpc');
    for (let i = 0; i < 2000; i++)
      frame(
        i % 2 ? 'received' : 'sent',
        i % 2 ? `{"jsonrpc":"2.0","id":${i - 1},"result":1}` : `{"jsonrpc":"2.0","id":${i},"method":"m${i % 10}"}`,
        i,
      );
    const d = new PanelDecoding(s);
    const r = rows();
    expect(d.activeOf(r[0]!.connKey)).toBe('jsonrpc');
    expect(d.markOf(r[0]!)).toMatchObject({ role: 'request', latency: 1 });
    // Only rows up to the lookahead were decoded.
    const decoded = r.filter((x) =>
      (d as unknown as { conns: Map<string, { session: { isDecoded(id: number): boolean } }> }).conns
        .get(x.connKey)!
        .session.isDecoded(x.id),
    ).length;
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThanOrEqual(PAIR_LOOKAHEAD + 2);
  });

  it('does not freeze on a long stateful connection: the grid gets "not yet" and the frames are decoded in the background', async () => {
    const { s, frame, conn, rows } = store();
    conn(2, 'ws://h.test/mqtt', 'mqtt');
    frame('sent', [0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00], 1, 2);
    for (let i = 0; i < PEEK_BUDGET + 500; i++) frame('received', [0x30, 0x05, 0x00, 0x03, 0x61, 0x2f, 0x62], i, 2);
    const d = new PanelDecoding(s);
    const last = rows().at(-1)!;
    const ready = new Promise<void>((resolve) => expect(d.peek(last, resolve)).toBeUndefined());
    expect(d.markIsCheap(last)).toBe(false);
    await ready;
    expect(d.peek(last, () => {})!.name).toBe('a/b');
    expect(d.markIsCheap(last)).toBe(true);
  });

  it('the name filter answers within its budget: frames not decoded yet are counted, decoded in the background, then shown', async () => {
    const { s, frame, conn } = store();
    conn(2, 'ws://h.test/mqtt', 'mqtt');
    frame('sent', [0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3c, 0x00, 0x00], 1, 2);
    const n = 3 * PEEK_BUDGET;
    // PUBLISH on a/b and a/c, alternately.
    for (let i = 0; i < n; i++) frame('received', [0x30, 0x05, 0x00, 0x03, 0x61, 0x2f, i % 2 ? 0x63 : 0x62], i, 2);
    const d = decodingOf(s);
    d.nameBudgetMs = 0;
    const settled = () =>
      new Promise<void>((resolve) => {
        const off = s.subscribe(() => {
          if (s.view.namePending === 0) {
            off();
            resolve();
          }
        });
      });
    const first = settled();
    s.view.setFilter({ name: 'a/b' });
    // Nothing could be decoded within a zero budget: every frame waits, none is shown wrongly.
    expect(s.view.namePending).toBe(n + 1);
    expect(s.view.visible.length).toBe(0);
    await first;
    expect(s.view.visible.length).toBe(n / 2);
    expect(s.view.visible.every((i) => d.nameOf(s.rows[i] as FrameRow) === 'a/b')).toBe(true);
    // Still no budget: a new frame waits too, and is shown once decoded.
    const second = settled();
    frame('received', [0x30, 0x05, 0x00, 0x03, 0x61, 0x2f, 0x62], n + 1, 2);
    expect(s.view.namePending).toBe(1);
    expect(s.view.visible.length).toBe(n / 2);
    await second;
    expect(s.view.visible.length).toBe(n / 2 + 1);
    // With a budget (one no busy machine runs out of: what is asserted is that it is used), new
    // frames are tested as they arrive.
    d.nameBudgetMs = 600_000;
    frame('received', [0x30, 0x05, 0x00, 0x03, 0x61, 0x2f, 0x62], n + 2, 2);
    expect(s.view.visible.length).toBe(n / 2 + 2);
    expect(s.view.namePending).toBe(0);
  });

  it('a response further away than the grid\'s window is found in the background and the mark updated', async () => {
    const { s, frame, rows } = store('ws://h.test/rpc');
    frame('sent', '{"jsonrpc":"2.0","id":1,"method":"slow"}', 0);
    for (let i = 0; i < 4 * PAIR_LOOKAHEAD; i++) frame('received', `{"jsonrpc":"2.0","method":"tick","params":[${i}]}`, 1 + i);
    frame('received', '{"jsonrpc":"2.0","id":1,"result":"done"}', 5000);
    const d = new PanelDecoding(s);
    const first = rows()[0]!;
    const ready = new Promise<void>((resolve) => {
      expect(d.markOf(first, resolve)).toMatchObject({ role: 'request', unanswered: true, searchedToEnd: false });
    });
    await ready;
    expect(d.markOf(first)).toMatchObject({ role: 'request', unanswered: false, latency: 5000, searchedToEnd: true });
    expect(d.markOf(rows().at(-1)!)).toMatchObject({ role: 'response', latency: 5000 });
  });

  it('a decoder picked before the first frame applies from it', () => {
    const { s, frame, conn, rows } = store();
    conn(2, 'ws://h.test/other');
    const d = decodingOf(s);
    d.setDecoder('d:2', 'jsonrpc');
    expect(d.choiceOf('d:2')).toBe('jsonrpc');
    frame('sent', '{"id":1,"method":"go"}', 5, 2);
    expect(d.nameOf(rows()[0]!)).toBe('go');
    expect(d.activeOf('d:2')).toBe('jsonrpc');
  });

  it('forgets cleared frames', () => {
    const { s, frame, rows } = store();
    frame('received', OPEN, 10);
    frame('sent', '42["a"]', 11);
    const d = decodingOf(s);
    expect(d.nameOf(rows()[1]!)).toBe('a');
    s.clear();
    frame('sent', '42["b"]', 12);
    d.sync();
    expect(d.nameOf(rows()[0]!)).toBe('b');
  });
});

describe('SessionStore: type, size and case filters', () => {
  it('filters by type, by size range and matches case on request', () => {
    const { s, frame } = store('ws://h.test/plain');
    frame('sent', 'Hello', 1);
    frame('received', 'hello world', 2);
    frame('received', [1, 2, 3], 3);
    s.view.setFilter({ type: 'binary' });
    expect(s.view.visible.length).toBe(1);
    s.view.setFilter({ type: 'text', minSize: 6 });
    expect(s.view.visible.length).toBe(1);
    s.view.setFilter({ type: 'all', minSize: null, maxSize: 5 });
    expect(s.view.visible.length).toBe(2);
    s.view.setFilter({ maxSize: null, text: 'hello' });
    expect(s.view.visible.length).toBe(2);
    s.view.setFilter({ matchCase: true });
    expect(s.view.visible.length).toBe(1);
  });
});

describe('toTree', () => {
  it('shows binary parts, bigints and maps as JSON', () => {
    expect(toTree({ a: new Uint8Array([1, 2, 255]), b: 10n, m: new Map([[1, 'x']]), u: undefined, n: NaN })).toEqual({
      a: '<3 bytes: 01 02 ff>',
      b: '10n',
      m: { 1: 'x' },
      u: null,
      n: 'NaN',
    });
  });
});

describe('timelineOf', () => {
  it('counts the shown frames per slice, sent and received apart', () => {
    const { s, frame, rows } = store('ws://h.test/plain');
    frame('sent', 'a', 100);
    frame('received', 'b', 100);
    frame('sent', 'c', 200);
    const t = timelineOf(s, 4)!;
    expect(t).toMatchObject({ start: 100, end: 200, sent: [1, 0, 0, 1], received: [1, 0, 0, 0] });
    expect(t.first[0]).toBe(rows()[0]!.id);
    s.view.setFilter({ direction: 'received' });
    expect(timelineOf(s, 4)!.sent).toEqual([0, 0, 0, 0]);
  });
});

describe('PanelDecoding: compressed payloads', () => {
  it('a gzip binary frame and a Base64 zlib text frame read as their JSON, with both sizes in the note', async () => {
    const { gzipSync, deflateSync } = await import('node:zlib');
    const { s, frame, rows } = store('ws://h.test/feed');
    const g = gzipSync(JSON.stringify({ type: 'hello', n: 1 }));
    frame('received', Array.from(g), 10);
    frame('received', deflateSync(JSON.stringify({ type: 'bye' })).toString('base64'), 11);
    frame('received', 'plain text', 12);
    const d = decodingOf(s);
    const [a, b, c] = rows();
    expect(d.get(a!)!.messages[0]!.value).toEqual({ type: 'hello', n: 1 });
    expect(d.get(a!)!.note).toBe(`gzip: ${g.length} B compressed → 22 B decompressed`);
    expect(d.nameOf(a!)).toBe('hello');
    expect(d.get(b!)!.messages[0]!.value).toEqual({ type: 'bye' });
    expect(d.get(b!)!.note).toMatch(/^deflate \(zlib\) in Base64: \d+ B compressed → 14 B decompressed$/);
    expect(d.get(c!)?.note).toBeUndefined();
  });
});

describe('PanelDecoding: Protobuf with a schema', () => {
  it('frames of a bound URL and direction decode by type (envelope named by its type field); others stay schemaless', async () => {
    const { compileSchema } = await import('../core/protobuf/compile');
    const { encode, fixtureRoot, fixtureText } = await import('../core/protobuf/fixtures.test-helper');
    const root = fixtureRoot();
    const { s, frame, conn, rows } = store('ws://h.test/market');
    conn(2, 'ws://h.test/other');
    const env = encode(root, 'lens.market.Envelope', { type: 'Heartbeat', seq: 4, payload: encode(root, 'lens.market.Heartbeat', { seq: 99 }) });
    frame('received', Array.from(env), 10);
    frame('sent', Array.from(encode(root, 'lens.market.Quote', { symbol: 'Q', bid: 2 })), 11);
    frame('received', Array.from(env), 12, 2);
    const d = decodingOf(s);
    const schema = compileSchema([
      { name: 'market.proto', kind: 'proto', content: fixtureText('market.proto') },
      { name: 'common.proto', kind: 'proto', content: fixtureText('common.proto') },
    ]);
    d.setProtobuf(schema, [
      { url: '/market', dir: 'received', type: 'lens.market.Envelope', typeField: 'type', payloadField: 'payload' },
      { url: '/market', dir: 'sent', type: 'lens.market.Quote' },
    ]);
    const [a, b, c] = rows();
    expect(d.nameOf(a!)).toBe('Heartbeat');
    expect(d.get(a!)!.messages[0]!.value).toEqual({ type: 'Heartbeat', seq: '4', payload: { '@type': 'lens.market.Heartbeat', seq: '99' } });
    expect(d.get(b!)!.messages[0]).toMatchObject({ type: 'Quote', name: 'Quote', value: { symbol: 'Q', bid: 2 } });
    expect(d.activeOf(a!.connKey)).toBe('protobuf');
    // The other connection: no binding, so the wire format, field numbers only.
    expect(d.get(c!)!.messages[0]!.value).toMatchObject([{ field: 1, wire: 'len', string: 'Heartbeat' }, { field: 2 }, { field: 6 }]);
    // A gzip'd JSON frame on the bound connection is not of the type: read as its JSON.
    const { gzipSync } = await import('node:zlib');
    frame('received', Array.from(gzipSync('{"type":"snapshot"}')), 13);
    const gz = rows()[3]!;
    expect(d.get(gz)!.messages[0]!.value).toEqual({ type: 'snapshot' });
    expect(d.get(gz)!.note).toMatch(/^gzip: /);
    // Raw wins over the schema.
    d.setDecoder(a!.connKey, 'raw');
    expect(d.get(a!)).toBeNull();
  });
});

describe('PanelDecoding.schemaJsonOf: a schema-decoded frame as the composer opens it', () => {
  it('gives the JSON and the type it was read as, which encode back to the frame’s bytes; nothing for frames not so decoded', async () => {
    const { compileSchema } = await import('../core/protobuf/compile');
    const { encodeWithSchema } = await import('../core/protobuf/schema');
    const { encode, fixtureRoot, fixtureText, TRADE } = await import('../core/protobuf/fixtures.test-helper');
    const root = fixtureRoot();
    const { s, frame, conn, rows } = store('ws://h.test/market');
    conn(2, 'ws://h.test/other');
    const env = encode(root, 'lens.market.Envelope', { type: 'Trade', seq: 9, payload: encode(root, 'lens.market.Trade', TRADE) });
    const quote = encode(root, 'lens.market.Quote', { symbol: 'Q', bid: 2, ask: 2.5 });
    frame('received', Array.from(env), 10);
    frame('sent', Array.from(quote), 11);
    frame('sent', [0xff, 0xff, 0xff], 12); // not a Quote
    frame('received', Array.from(env), 13, 2); // connection 2 has no type
    const { gzipSync } = await import('node:zlib');
    frame('sent', Array.from(gzipSync(quote)), 14); // a Quote, but compressed on the wire
    frame('sent', '{"symbol":"Q"}', 15);
    const d = decodingOf(s);
    const schema = compileSchema([
      { name: 'market.proto', kind: 'proto', content: fixtureText('market.proto') },
      { name: 'common.proto', kind: 'proto', content: fixtureText('common.proto') },
    ]);
    d.setProtobuf(schema, [
      { url: '/market', dir: 'received', type: 'lens.market.Envelope', typeField: 'type', payloadField: 'payload', nameField: 'type' },
      { url: '/market', dir: 'sent', type: 'lens.market.Quote' },
    ]);
    const [a, b, bad, other, gz, text] = rows();
    const ea = d.schemaJsonOf(a!)!;
    // The envelope: the outer type, with the fields that pick the inner one (no name field: it plays no part in encoding).
    expect(ea.target).toEqual({ type: 'lens.market.Envelope', typeField: 'type', payloadField: 'payload' });
    expect(ea.json).toMatchObject({ type: 'Trade', seq: '9', payload: { '@type': 'lens.market.Trade', symbol: 'ACME', side: 'SIDE_SELL' } });
    expect([...encodeWithSchema(schema.registry, ea.target, JSON.parse(JSON.stringify(ea.json)))]).toEqual([...env]);
    const eb = d.schemaJsonOf(b!)!;
    expect(eb).toEqual({ json: { symbol: 'Q', bid: 2, ask: 2.5 }, target: { type: 'lens.market.Quote' } });
    expect([...encodeWithSchema(schema.registry, eb.target, eb.json)]).toEqual([...quote]);
    expect(d.schemaJsonOf(bad!)).toBeNull();
    expect(d.schemaJsonOf(other!)).toBeNull();
    expect(d.schemaJsonOf(gz!)).toBeNull();
    expect(d.schemaJsonOf(text!)).toBeNull();
    // Shown raw: not decoded by the type, so nothing to edit as it.
    d.setDecoder(a!.connKey, 'raw');
    expect(d.schemaJsonOf(a!)).toBeNull();
  });
});

describe('PanelDecoding: the name filter over schema-decoded Protobuf frames', () => {
  it('decodes within the pass budget, the rest in the background, then shows the matches', async () => {
    const { compileSchema } = await import('../core/protobuf/compile');
    const { encode, fixtureRoot, fixtureText } = await import('../core/protobuf/fixtures.test-helper');
    const root = fixtureRoot();
    const { s, frame } = store('ws://h.test/market');
    const trade = Array.from(encode(root, 'lens.market.Envelope', { type: 'Trade', seq: 1, payload: encode(root, 'lens.market.Trade', { symbol: 'A' }) }));
    const quote = Array.from(encode(root, 'lens.market.Envelope', { type: 'Quote', seq: 2, payload: encode(root, 'lens.market.Quote', { symbol: 'B' }) }));
    const n = 600;
    for (let i = 0; i < n; i++) frame('received', i % 2 ? quote : trade, i);
    const d = decodingOf(s);
    d.setProtobuf(
      compileSchema([
        { name: 'market.proto', kind: 'proto', content: fixtureText('market.proto') },
        { name: 'common.proto', kind: 'proto', content: fixtureText('common.proto') },
      ]),
      [{ url: '/market', dir: 'both', type: 'lens.market.Envelope', typeField: 'type', payloadField: 'payload' }],
    );
    d.nameBudgetMs = 0;
    const settled = new Promise<void>((resolve) => {
      const off = s.subscribe(() => {
        if (s.view.namePending === 0) {
          off();
          resolve();
        }
      });
    });
    s.view.setFilter({ name: 'Trade' });
    expect(s.view.namePending).toBe(n);
    expect(s.view.visible.length).toBe(0);
    await settled;
    expect(s.view.visible.length).toBe(n / 2);
    expect(s.view.visible.every((i) => d.nameOf(s.rows[i] as FrameRow) === 'Trade')).toBe(true);
  });
});
