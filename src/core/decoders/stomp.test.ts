import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { parseStomp } from './stomp';
import type { DecodedFrame, DecodeInput } from './types';
import { infoOf, loadFixture } from './fixtures.test-helper';

const pairsOf = (frames: DecodeInput[], decoded: (DecodedFrame | null)[]) =>
  pairFrames(frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));

describe('STOMP 1.2 (real @stomp/stompjs traffic)', () => {
  const fx = loadFixture('stomp-12');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('decodes commands, destinations, headers and bodies', () => {
    expect(session.detected).toMatchObject({ id: 'stomp', by: 'subprotocol' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.messages.map((m) => m.type).join('+'))).toEqual([
      'CONNECT', 'CONNECTED', 'SUBSCRIBE', 'SUBSCRIBE', 'RECEIPT', 'SEND', 'SEND', 'MESSAGE', 'MESSAGE+RECEIPT', 'SEND', 'MESSAGE', 'SEND', 'DISCONNECT', 'RECEIPT',
    ]);
    const order = decoded[6]!.messages[0]!;
    expect(order.name).toBe('/queue/orders');
    expect(order.value).toMatchObject({ command: 'SEND', headers: { destination: '/queue/orders', 'content-type': 'application/json', receipt: 'rcpt-1', 'content-length': '21' }, json: { sku: 'A-1', qty: 2 } });
    expect(decoded[0]!.messages[0]!.value).toMatchObject({ headers: { 'accept-version': '1.2,1.1,1.0', login: 'guest' } });
    // Two STOMP frames in one WebSocket message.
    expect(decoded[8]!.name).toBe('/queue/orders, RECEIPT');
    // A binary SEND body (binaryBody) travels as a binary WebSocket frame.
    expect(fx.frames[9]!.opcode).toBe('binary');
    expect(decoded[9]!.messages[0]!.value).toMatchObject({ command: 'SEND', body: 'hi', headers: { 'content-type': 'application/octet-stream' } });
  });

  it('pairs receipts and CONNECT/CONNECTED, and flags the receipt that never came', () => {
    const p = pairsOf(fx.frames, decoded);
    expect(p.exchanges.map((e) => `${e.key}${e.responses.length ? '' : ' (unanswered)'}`)).toEqual([
      'stomp:connect', 'stomp:receipt:rcpt-sub', 'stomp:receipt:rcpt-1', 'stomp:receipt:rcpt-lost (unanswered)', 'stomp:receipt:close-0',
    ]);
    expect(p.unanswered.map((e) => e.name)).toEqual(['/queue/never-answered']);
    const r1 = p.exchanges[2]!;
    expect(r1.responses[0]).toMatchObject({ frame: fx.frames[8]!.id, message: 1 });
    expect(r1.latency).toBeCloseTo(fx.frames[8]!.time - fx.frames[6]!.time, 6);
  });

  it('a malformed frame is an error; the next frames decode', () => {
    const frames = [...fx.frames];
    frames.splice(2, 0, { id: 100, dir: 'sent', opcode: 'text', data: 'SEND\ndestination:/x\n\nno terminator', time: frames[1]!.time });
    frames.splice(3, 0, { id: 101, dir: 'sent', opcode: 'text', data: 'HELLO\n\n\0', time: frames[1]!.time });
    const { decoded: d } = decodeConnection(infoOf(fx), frames);
    expect(d[2]!.error).toBe('STOMP frame without its NUL terminator');
    expect(d[3]!.error).toBe('unknown STOMP command "HELLO"');
    expect(d[4]!.messages[0]!.type).toBe('SUBSCRIBE');
  });

  it('parses content-length bodies with NUL inside, escapes, heart-beats and repeated headers', () => {
    const enc = new TextEncoder();
    const f = parseStomp(enc.encode('\nMESSAGE\ndestination:/a\\cb\nfoo:1\nfoo:2\ncontent-length:3\n\na\0b\0\r\nRECEIPT\r\nreceipt-id:7\r\n\r\n\0'));
    expect(f.map((x) => x.command)).toEqual(['MESSAGE', 'RECEIPT']);
    expect(f[0]!.headers).toMatchObject({ destination: '/a:b', foo: '1' });
    expect(f[0]!.headerList.filter(([k]) => k === 'foo')).toEqual([['foo', '1'], ['foo', '2']]);
    expect(f[0]!.body).toBe('a\0b');
    expect(f[1]!.headers['receipt-id']).toBe('7');
    const hb = decodeConnection({ protocol: 'v12.stomp' }, [{ id: 1, dir: 'received', opcode: 'text', data: '\n', time: 0 }]).decoded[0]!;
    expect(hb.name).toBe('heart-beat');
  });
});

describe('SockJS + STOMP (real sockjs server, sockjs-client and @stomp/stompjs)', () => {
  const fx = loadFixture('sockjs-stomp');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('is detected from the URL and the o/a[...] framing and decodes STOMP inside', () => {
    expect(session.active).toBe('sockjs');
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.messages.map((m) => m.type).join('+'))).toEqual(['open', 'CONNECT', 'CONNECTED', 'SUBSCRIBE', 'SEND', 'MESSAGE+RECEIPT', 'DISCONNECT', 'RECEIPT']);
    expect(decoded[5]!.messages[0]!.name).toBe('/topic/news');
    expect(decoded[5]!.messages[0]!.value).toMatchObject({ sockjs: 'message', stomp: { command: 'MESSAGE', body: 'Extra! Extra!' } });
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.exchanges.map((e) => e.key)).toEqual(['stomp:connect', 'stomp:receipt:r-1', 'stomp:receipt:close-0']);
    expect(p.unanswered).toEqual([]);
  });

  it('reads heartbeat, close and m frames; garbage is an error', () => {
    const f = (data: string, id: number): DecodeInput => ({ id, dir: 'received', opcode: 'text', data, time: id });
    const { decoded: d } = decodeConnection(infoOf(fx), [f('h', 1), f('c[3000,"Go away!"]', 2), f('m"{\\"x\\":1}"', 3), f('a[broken', 4), f('a["MESSAGE\\ndestination:/q\\n\\nok\\u0000"]', 5)], 'sockjs');
    expect(d[0]!.name).toBe('heartbeat');
    expect(d[1]!.messages[0]!.value).toMatchObject({ code: 3000, reason: 'Go away!' });
    expect(d[2]!.messages[0]!.value).toMatchObject({ data: { x: 1 } });
    expect(d[3]!.error).toBe('SockJS "a" frame without a JSON array');
    expect(d[4]!.name).toBe('/q');
  });
});
