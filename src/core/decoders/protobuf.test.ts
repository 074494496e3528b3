import { describe, expect, it } from 'vitest';
import { decodeConnection, detect } from './index';
import { loadFixture } from './fixtures.test-helper';
import { protobufDecoder } from './protobuf';
import { encode, fixtureRoot, TRADE } from '../protobuf/fixtures.test-helper';
import type { DecodeInput } from './types';

const bin = (id: number, data: Uint8Array): DecodeInput => ({ id, dir: 'received', opcode: 'binary', data, time: id });

describe('Protobuf decoder (no schema)', () => {
  const root = fixtureRoot();
  const frames = [
    bin(1, encode(root, 'lens.market.Trade', TRADE)),
    bin(2, encode(root, 'lens.market.Quote', { symbol: 'ACME', bid: 1.5, ask: 1.75 })),
    bin(3, encode(root, 'lens.market.Envelope', { type: 'Heartbeat', seq: 9, payload: encode(root, 'lens.market.Heartbeat', { seq: 9 }) })),
  ];

  it('is picked by detection for frames a real encoder wrote, and decodes field by field', () => {
    const { session, decoded } = decodeConnection({ url: 'ws://127.0.0.1/feed' }, frames);
    expect(session.active).toBe('protobuf');
    expect(decoded[1]!.summary).toBe('1: "ACME", 2: 4609434218613702656, 3: 4610560118520545280');
    const v = decoded[2]!.messages[0]!.value as { field: number; string?: string; message?: unknown[] }[];
    expect(v[0]).toEqual({ field: 1, wire: 'len', string: 'Heartbeat' });
    expect(v[2]!.message).toEqual([{ field: 1, wire: 'varint', uint: 9, zigzag: -5 }]);
  });

  it('claims none of the other decoders binary fixtures, nor random bytes', () => {
    for (const name of ['mqtt-311', 'mqtt-5', 'msgpack', 'cbor', 'socketio-v4', 'socketio-v2-eio3']) {
      const fx = loadFixture(name);
      const d = detect({ url: fx.url }, fx.frames);
      expect(d.id, name).not.toBe('protobuf');
    }
    // Random bytes: a seeded generator, 2,000 frames of 20..300 bytes; at most a handful parse.
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    let claimed = 0;
    for (let i = 0; i < 2000; i++) {
      const b = new Uint8Array(20 + (i % 280));
      for (let k = 0; k < b.length; k++) b[k] = rnd();
      if (protobufDecoder.sniff(bin(i, b)) > 0) claimed++;
    }
    expect(claimed).toBeLessThan(10);
  });

  it('on request, a frame that is not Protobuf shows raw with the reason', () => {
    const { decoded } = decodeConnection({ url: 'ws://x/' }, [bin(1, new Uint8Array([0x0f, 1, 2]))], 'protobuf');
    expect(decoded[0]!.error).toBe('wire type 7 (invalid)');
  });
});
