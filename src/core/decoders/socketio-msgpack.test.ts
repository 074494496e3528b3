import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { infoOf, loadFixture } from './fixtures.test-helper';
import { readMsgpackPacket } from './socketio-msgpack';

describe('Socket.IO with socket.io-msgpack-parser (real socket.io traffic)', () => {
  const fx = loadFixture('socketio-msgpack');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('names events, acks and namespaces from the binary packets', () => {
    expect(session.detected).toMatchObject({ id: 'socketio' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.name)).toEqual([
      'engine.io open', '/', '/', 'welcome', 'sum', 'sum', 'upload', 'upload', 'engine.io ping', 'engine.io pong', '/admin', '/admin', 'engine.io ping', 'engine.io pong', '/',
    ]);
    expect(decoded[3]!.summary).toBe('welcome({"motd":"hello"}) (msgpack)');
    expect(decoded[5]!.summary).toBe('ack #0 of sum ({"sum":5}) (msgpack)');
    // The binary argument is inside the packet; notepack's undefined is undefined.
    expect(decoded[6]!.messages[0]!.value).toMatchObject({ event: 'upload', args: ['photo.png', new Uint8Array([137, 80, 78, 71])], parser: 'msgpack' });
    expect(decoded[7]!.messages[0]!.value).toMatchObject({ args: ['stored', undefined] });
    expect(decoded[11]!.messages[0]).toMatchObject({ type: 'CONNECT_ERROR', role: 'response' });
    expect(decoded[11]!.summary).toBe('/admin CONNECT_ERROR {"message":"not authorized"} (msgpack)');
    expect(decoded[14]!.messages[0]!.type).toBe('DISCONNECT');
  });

  it('pairs acks, CONNECTs and ping/pong', () => {
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.exchanges.map((e) => `${e.name}:${e.request.frame}->${e.responses.map((r) => r.frame).join(',')}`)).toEqual([
      '/:2->3', 'sum:5->6', 'upload:7->8', 'engine.io ping:9->10', '/admin:11->12', 'engine.io ping:13->14',
    ]);
    expect(p.unanswered).toEqual([]);
  });

  it('reads only what the parser would accept as a packet', () => {
    const mp = (hex: string) => new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    expect(readMsgpackPacket(mp('82a474797065a26e7370a12f'))).toBeNull(); // type is a string
    expect(readMsgpackPacket(mp('83a47479706502a36e7370a12fa464617461a178'))).toBeNull(); // EVENT data not an array
    expect(readMsgpackPacket(mp('92'))).toBeNull();
    expect(readMsgpackPacket(mp('82a47479706501a36e7370a12f'))).toEqual({ type: 1, nsp: '/' });
  });
});
