import { describe, expect, it } from 'vitest';
import { DECODERS, DECODER_OPTIONS, DecodingSession, decodeConnection, detect, pairFrames } from './index';
import type { DecodedFrame, DecodeInput } from './types';
import { infoOf, loadFixture } from './fixtures.test-helper';

const text = (id: number, dir: 'sent' | 'received', data: string, time = id): DecodeInput => ({ id, dir, opcode: 'text', data, time });

describe('decoder list', () => {
  it('has unique ids and names for the picker', () => {
    expect(new Set(DECODERS.map((d) => d.id)).size).toBe(DECODERS.length);
    expect(DECODER_OPTIONS.map((d) => d.id)).toEqual(['socketio', 'sockjs', 'stomp', 'mqtt', 'graphql-ws', 'jsonrpc', 'signalr', 'phoenix', 'actioncable', 'wamp', 'bayeux', 'pusher', 'centrifugo', 'yjs', 'msgpack', 'cbor', 'protobuf', 'json', 'user']);
  });
});

describe('detect', () => {
  it('uses the negotiated subprotocol first', () => {
    expect(detect({ protocol: 'v12.stomp' }, [text(1, 'sent', '{"jsonrpc":"2.0","id":1,"method":"x"}')])).toMatchObject({ id: 'stomp', by: 'subprotocol', settled: true });
    expect(detect({ protocol: 'MQTT' })).toMatchObject({ id: 'mqtt' });
    expect(detect({ protocol: 'graphql-ws' })).toMatchObject({ id: 'graphql-ws' });
    // Before the socket opened: what the page asked for.
    expect(detect({ protocols: ['wamp.2.json'] })).toMatchObject({ id: 'wamp', settled: false });
  });

  it('then the URL and content of the first frames', () => {
    for (const name of ['socketio-v4', 'socketio-v2-eio3', 'sockjs-stomp', 'jsonrpc', 'msgpack', 'cbor']) {
      const fx = loadFixture(name);
      const expected = { 'socketio-v4': 'socketio', 'socketio-v2-eio3': 'socketio', 'sockjs-stomp': 'sockjs', jsonrpc: 'jsonrpc', msgpack: 'msgpack', cbor: 'cbor' }[name];
      expect(detect({ url: fx.url }, fx.frames).id, name).toBe(expected);
    }
    // The same traffic without its subprotocol.
    for (const [name, id] of [['mqtt-311', 'mqtt'], ['stomp-12', 'stomp'], ['graphql-transport-ws', 'graphql-ws']] as const) {
      const fx = loadFixture(name);
      expect(detect({ url: fx.url, protocol: '' }, fx.frames).id, name).toBe(id);
    }
    expect(detect({ url: 'wss://x/socket.io/?EIO=4&transport=websocket' })).toMatchObject({ id: 'socketio', by: 'url' });
    expect(detect({}, [text(1, 'received', '{"price":1}')])).toMatchObject({ id: null }); // one plain JSON frame is not enough…
    expect(detect({}, [1, 2, 3].map((i) => text(i, 'received', '{"price":1}')))).toMatchObject({ id: 'json' }); // …three are
    expect(detect({}, [text(1, 'received', 'hello')])).toMatchObject({ id: null, by: 'none' });
  });
});

describe('DecodingSession', () => {
  it('decodes lazily, once, and caches', () => {
    const fx = loadFixture('jsonrpc');
    const s = new DecodingSession(infoOf(fx));
    for (const f of fx.frames) s.push(f);
    const first = s.get(1);
    expect(first!.name).toBe('add');
    expect(s.get(1)).toBe(first);
    expect(s.get(12345)).toBeNull();
    // JSON-RPC is stateful (responses are named after their request): frames up to the one asked.
    expect(s.cachedCount).toBe(1);
    s.get(5);
    expect(s.cachedCount).toBe(5);
  });

  it('stateless decoders decode only the frames asked for', () => {
    const fx = loadFixture('stomp-12');
    const s = new DecodingSession(infoOf(fx));
    for (let i = 0; i < 1000; i++) s.push({ ...fx.frames[i % fx.frames.length]!, id: i + 1 });
    expect(s.get(999)!.protocol).toBe('stomp');
    expect(s.get(500)!.protocol).toBe('stomp');
    expect(s.cachedCount).toBe(2);
  });

  it('can be forced to a decoder or to raw, and back to auto', () => {
    const fx = loadFixture('jsonrpc');
    const s = new DecodingSession(infoOf(fx));
    for (const f of fx.frames) s.push(f);
    expect(s.get(1)!.protocol).toBe('jsonrpc');
    s.setDecoder('json');
    expect(s.active).toBe('json');
    expect(s.get(1)!.protocol).toBe('json');
    expect(s.get(1)!.name).toBe('method=add'.replace('method=', ''));
    s.setDecoder('raw');
    expect(s.active).toBeNull();
    expect(s.get(1)).toBeNull();
    s.setDecoder('mqtt'); // a wrong choice: every frame is an error, nothing throws
    expect(s.get(1)!.error).toBeTruthy();
    s.setDecoder('auto');
    expect(s.get(1)!.protocol).toBe('jsonrpc');
  });

  it('re-detects while the first frames arrive, and follows the subprotocol once known', () => {
    const s = new DecodingSession({ url: 'wss://example.test/ws' });
    s.push(text(1, 'received', 'hello'));
    expect(s.get(1)).toBeNull();
    s.push(text(2, 'received', '{"jsonrpc":"2.0","method":"tick","params":[1]}'));
    expect(s.get(2)!.name).toBe('tick');
    const s2 = new DecodingSession({ url: 'wss://example.test/ws' });
    s2.push(text(1, 'sent', 'CONNECT\naccept-version:1.2\n\n\0'));
    expect(s2.active).toBe('stomp');
    s2.setProtocol('v12.stomp');
    expect(s2.detected.by).toBe('subprotocol');
  });

  it('keeps decoder state across dropped frames and raises revision on late updates', () => {
    const fx = loadFixture('socketio-v4');
    const s = new DecodingSession(infoOf(fx));
    const header = fx.frames.findIndex((f) => typeof f.data === 'string' && f.data.startsWith('453-'));
    for (const f of fx.frames.slice(0, header + 1)) s.push(f);
    const partial = s.get(fx.frames[header]!.id)!;
    expect(partial.note).toBe('waiting for 3 binary attachment(s)');
    const rev = s.revision;
    s.dropBefore(fx.frames[header]!.id);
    expect(s.get(1)).toBeNull();
    for (const f of fx.frames.slice(header + 1)) s.push(f);
    s.get(fx.frames[fx.frames.length - 1]!.id);
    expect(s.revision).toBeGreaterThan(rev);
    expect(s.get(fx.frames[header]!.id)!.note).toBeUndefined();
    expect((s.get(fx.frames[header]!.id)!.messages[0]!.value as { args: unknown[] }).args[1]).toBeInstanceOf(Uint8Array);
  });
});

describe('pairFrames', () => {
  const msg = (role: 'request' | 'response' | 'event', key?: string, final?: boolean): DecodedFrame => ({
    protocol: 'json',
    name: 'x',
    summary: '',
    messages: [{ type: 't', name: 'x', summary: '', value: null, role, ...(key ? { key } : {}), ...(final === false ? { final } : {}) }],
  });

  it('links the latest open request the other way, flags the unanswered and the orphans', () => {
    const p = pairFrames([
      { id: 1, dir: 'sent', time: 100, decoded: msg('request', 'a') },
      { id: 2, dir: 'sent', time: 110, decoded: msg('request', 'b') },
      { id: 3, dir: 'sent', time: 115, decoded: msg('response', 'a') }, // same direction: not an answer
      { id: 4, dir: 'received', time: 130, decoded: msg('response', 'a') },
      { id: 5, dir: 'received', time: 150, decoded: msg('response', 'zz') },
      { id: 6, dir: 'received', time: 160, decoded: null },
      { id: 7, dir: 'received', time: 170, decoded: msg('response', 'a') }, // a is closed
    ]);
    expect(p.exchanges.map((e) => [e.key, e.responses.map((r) => r.frame), e.latency])).toEqual([
      ['a', [4], 30],
      ['b', [], null],
    ]);
    expect(p.unanswered.map((e) => e.key)).toEqual(['b']);
    expect(p.orphans.map((o) => o.frame)).toEqual([3, 5, 7]);
    expect(p.byFrame.get(4)![0]!.key).toBe('a');
  });

  it('keeps streams open until a final response', () => {
    const p = pairFrames([
      { id: 1, dir: 'sent', time: 0, decoded: msg('request', 's') },
      { id: 2, dir: 'received', time: 5, decoded: msg('response', 's', false) },
      { id: 3, dir: 'received', time: 9, decoded: msg('response', 's', false) },
      { id: 4, dir: 'received', time: 12, decoded: msg('response', 's') },
    ]);
    expect(p.exchanges[0]).toMatchObject({ latency: 5, done: true });
    expect(p.exchanges[0]!.responses.map((r) => r.frame)).toEqual([2, 3, 4]);
  });

  it('reads a whole decoded connection', () => {
    const fx = loadFixture('graphql-transport-ws');
    const { decoded } = decodeConnection(infoOf(fx), fx.frames);
    const p = pairFrames(fx.frames.map((f, i) => ({ ...f, decoded: decoded[i] })));
    expect(p.exchanges).toHaveLength(7);
  });
});
