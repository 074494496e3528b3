/**
 * WAMP's batched subprotocols. No WAMP client on npm speaks them (autobahn-js offers json, msgpack
 * and cbor only), so these frames are built as the WAMP spec's batched transport describes.
 */
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import type { DecodeInput } from './types';

let id = 0;
const frame = (dir: 'sent' | 'received', data: string | Uint8Array): DecodeInput => ({ id: ++id, dir, opcode: typeof data === 'string' ? 'text' : 'binary', data, time: id });
const lengthPrefixed = (...msgs: unknown[]) => {
  const parts = msgs.map((m) => msgpackEncode(m));
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
  let o = 0;
  for (const p of parts) {
    new DataView(out.buffer).setUint32(o, p.length);
    out.set(p, o + 4);
    o += 4 + p.length;
  }
  return out;
};

describe('WAMP batched', () => {
  it('wamp.2.json.batched: messages each ended by 0x1E, several to a frame, paired across frames', () => {
    const frames = [
      frame('sent', '[1,"realm1",{}]\u001e'),
      frame('received', '[2,1,{}]\u001e'),
      frame('sent', '[48,7,{},"com.a.ping"]\u001e[48,8,{},"com.a.echo",["x"]]\u001e'),
      frame('received', '[50,8,{},["x"]]\u001e[50,7,{},["pong"]]\u001e'),
    ];
    const { session, decoded } = decodeConnection({ protocol: 'wamp.2.json.batched' }, frames);
    expect(session.active).toBe('wamp');
    expect(decoded.map((d) => d!.name)).toEqual(['realm1', 'WELCOME', 'com.a.ping, com.a.echo', 'com.a.echo, com.a.ping']);
    const p = pairFrames(frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.exchanges.map((e) => `${e.name}:${e.request.frame}.${e.request.message}->${e.responses.map((r) => `${r.frame}.${r.message}`).join(',')}`)).toEqual([
      `realm1:${frames[0]!.id}.0->${frames[1]!.id}.0`, `com.a.ping:${frames[2]!.id}.0->${frames[3]!.id}.1`, `com.a.echo:${frames[2]!.id}.1->${frames[3]!.id}.0`,
    ]);
    const bad = decodeConnection({ protocol: 'wamp.2.json.batched' }, [frame('sent', '[1,"realm1",{}]')]).decoded[0]!;
    expect(bad.error).toBe('batched WAMP message not terminated by 0x1E');
  });

  it('wamp.2.msgpack.batched: messages each after a 4-byte big-endian length', () => {
    const frames = [frame('sent', lengthPrefixed([48, 1, {}, 'com.a.b', [1]], [32, 2, {}, 'com.a.topic'])), frame('received', lengthPrefixed([50, 1, {}, [2]], [33, 2, 99]))];
    const { decoded } = decodeConnection({ protocol: 'wamp.2.msgpack.batched' }, frames);
    expect(decoded.map((d) => d!.messages.map((m) => m.type))).toEqual([['CALL', 'SUBSCRIBE'], ['RESULT', 'SUBSCRIBED']]);
    const truncated = decodeConnection({ protocol: 'wamp.2.msgpack.batched' }, [frame('sent', lengthPrefixed([48, 1, {}, 'x']).subarray(0, 6))]).decoded[0]!;
    expect(truncated.error).toMatch(/^truncated batched WAMP message: \d+ bytes announced, 2 left$/);
  });
});
