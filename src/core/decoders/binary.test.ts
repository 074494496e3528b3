import { describe, expect, it } from 'vitest';
import { decodeConnection } from './index';
import { infoOf, loadFixture } from './fixtures.test-helper';

describe.each(['msgpack', 'cbor'] as const)('%s (real encoder traffic)', (name) => {
  const fx = loadFixture(name);

  it('is detected from content and decodes every message', () => {
    const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);
    expect(session.active).toBe(name);
    expect(decoded.map((d) => d!.name)).toEqual(['hello', 'reply', 'move', 'reply']);
    expect(decoded[0]!.messages[0]!.value).toEqual({ type: 'hello', id: 1, user: { name: 'Ada', tags: ['x', 'y'] } });
    const reply = decoded[1]!.messages[0]!.value as { data: Uint8Array; at: number };
    expect(Array.from(reply.data)).toEqual([1, 2, 3]);
    expect(reply.at).toBe(1700000000000);
  });

  it('invalid data shows raw with a note; the next frames decode', () => {
    const bad = [
      { ...fx.frames[0]!, id: 100, data: (fx.frames[0]!.data as Uint8Array).subarray(0, 9) }, // truncated
      { ...fx.frames[0]!, id: 101, data: new Uint8Array([0xc1]) }, // never used (msgpack) / simple 1 (cbor)
    ];
    const { decoded } = decodeConnection(infoOf(fx), [fx.frames[0]!, ...bad, ...fx.frames.slice(1)], name);
    expect(decoded[1]!.error).toBeTruthy();
    expect(decoded[1]!.messages).toEqual([]);
    if (name === 'msgpack') expect(decoded[2]!.error).toMatch(/unrecognized type byte|0xc1/i);
    expect(decoded.slice(3).map((d) => d!.name)).toEqual(['reply', 'move', 'reply']);
  });
});

describe('plain JSON connections', () => {
  const text = (id: number, dir: 'sent' | 'received', data: string) => ({ id, dir, opcode: 'text' as const, data, time: id });
  it('binary frames and Engine.IO control packets are not decoding errors; text that is not JSON is', () => {
    const frames = [
      text(1, 'received', '{"a":1}'),
      { id: 2, dir: 'received' as const, opcode: 'binary' as const, data: new Uint8Array([0xff, 1, 2]), time: 2 },
      { id: 3, dir: 'received' as const, opcode: 'binary' as const, data: new TextEncoder().encode('{"b":2}'), time: 3 },
      text(4, 'sent', '2probe'),
      text(5, 'received', '3probe'),
      text(6, 'sent', '5'),
      text(7, 'received', 'hello'),
    ];
    const { decoded } = decodeConnection({ url: 'ws://x/' }, frames, 'json');
    expect(decoded.map((d) => d?.error)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, 'not JSON']);
    expect(decoded.map((d) => d?.name)).toEqual(['', '', '', 'engine.io ping', 'engine.io pong', 'engine.io upgrade', '']);
    expect(decoded[1]?.note).toBe('binary frame (3 bytes), not JSON text');
    expect(decoded[1]?.messages).toEqual([]);
    expect(decoded[2]?.messages[0]?.value).toEqual({ b: 2 });
    expect(decoded[3]?.summary).toBe('Engine.IO ping probe');
  });
});
