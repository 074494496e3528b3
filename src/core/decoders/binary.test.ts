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
