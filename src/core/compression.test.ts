import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { describeInflated, inflatePayload, InflatingInput } from './compression';
import { loadFixture } from './decoders/fixtures.test-helper';

const json = JSON.stringify({ type: 'tick', items: Array.from({ length: 50 }, (_, i) => ({ i, name: `item ${i}` })) });
const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

describe('compressed payloads', () => {
  it.each([
    ['gzip', gzipSync(json)],
    ['zlib', deflateSync(json)],
    ['deflate-raw', deflateRawSync(json)],
  ] as const)('%s, binary and in Base64 text, inflates to the original with both sizes', (kind, z) => {
    const bin = inflatePayload(u8(z), 1 << 20)!;
    expect(bin.kind).toBe(kind);
    expect(new TextDecoder().decode(bin.bytes)).toBe(json);
    expect(bin.compressedSize).toBe(z.length);
    const b64 = inflatePayload(z.toString('base64'), 1 << 20)!;
    expect(b64).toMatchObject({ kind, base64: true, compressedSize: z.length, truncated: false });
    expect(new TextDecoder().decode(b64.bytes)).toBe(json);
  });

  it('says both sizes', () => {
    const z = gzipSync(json);
    expect(describeInflated(inflatePayload(u8(z), 1 << 20)!, 1 << 20)).toBe(`gzip: ${z.length} B compressed → ${(json.length / 1024).toFixed(1)} KB decompressed`);
  });

  it('a bomb stops at the cap and says so', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x61)); // 64 MB of "a" in ~64 KB
    const x = inflatePayload(u8(bomb), 1 << 20)!;
    expect(x.truncated).toBe(true);
    expect(x.bytes.length).toBe(1 << 20);
    expect(describeInflated(x, 1 << 20)).toMatch(/1 MB\+ decompressed; stopped at the 1 MB per-frame cap/);
  });

  it('a corrupt gzip (bad checksum) and truncated zlib are not inflated', () => {
    const z = Buffer.from(gzipSync(json));
    z[z.length - 5]! ^= 0xff; // CRC32
    expect(inflatePayload(u8(z), 1 << 20)).toBeNull();
    expect(inflatePayload(u8(deflateSync(json).subarray(0, 20)), 1 << 20)).toBeNull();
  });

  it('other protocols and plain text are not taken for compressed data', () => {
    for (const name of ['mqtt-311', 'mqtt-5', 'msgpack', 'cbor', 'socketio-v4', 'stomp-12', 'jsonrpc', 'graphql-transport-ws']) {
      for (const f of loadFixture(name).frames) expect(inflatePayload(f.data, 1 << 20), `${name} #${f.id}`).toBeNull();
    }
    expect(inflatePayload('SGVsbG8gd29ybGQhIEhlbGxvIQ==', 1 << 20)).toBeNull(); // Base64 of plain text
  });

  it('the decoders input reads as the inflated text frame, inflating once, on first read', () => {
    const z = u8(gzipSync(json));
    const input = new InflatingInput(1, 'received', z, 'binary', 5, 1 << 20);
    expect(input.opcode).toBe('text');
    expect(input.data).toBe(json);
    expect(input.inflated!.kind).toBe('gzip');
    const plain = new InflatingInput(2, 'received', new Uint8Array([1, 2, 3, 4, 5, 6, 7]), 'binary', 5, 1 << 20);
    expect(plain.opcode).toBe('binary');
    expect(plain.inflated).toBeNull();
  });
});
