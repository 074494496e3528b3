import { describe, expect, it } from 'vitest';
import { describeFields, readFields, readVarint } from './wire';
import { encode, fixtureRoot, TRADE } from './fixtures.test-helper';

describe('Protobuf wire format without a schema', () => {
  const root = fixtureRoot();

  it('reads a protobufjs-encoded message: field numbers, wire types, every reading', () => {
    const bytes = encode(root, 'lens.market.Trade', TRADE);
    const r = describeFields(readFields(bytes));
    expect(r.map((f) => `${f.field}:${f.wire}`)).toEqual([
      '1:len', '2:fixed64', '3:varint', '4:varint', '5:varint', '6:len', '7:fixed32', '8:fixed32', '9:varint', '10:len', '11:len', '12:len',
    ]);
    expect(r[0]).toEqual({ field: 1, wire: 'len', string: 'ACME' });
    expect(r[1]).toMatchObject({ double: 101.25 });
    expect(r[2]).toMatchObject({ uint: 300, zigzag: 150 });
    expect(r[3]).toMatchObject({ uint: 13, zigzag: -7 }); // sint32 -7
    expect(r[6]).toMatchObject({ uint: 42, float: expect.any(Number) });
    expect(r[7]).toMatchObject({ float: 0.5 });
    expect(r[8]).toMatchObject({ uint: 1, bool: true });
    expect(Array.from(r[9]!.bytes as Uint8Array)).toEqual([0xff, 0x00, 0x01]);
    expect(r[5]).toMatchObject({ packed: [1, 2, 300] }); // repeated uint32, packed
    // The nested Meta message, parsed as one.
    expect(r[10]).toEqual({
      field: 11,
      wire: 'len',
      message: [
        { field: 1, wire: 'len', string: 'feed-a' },
        { field: 2, wire: 'varint', uint: 1700000000000, zigzag: 850000000000 },
      ],
    });
  });

  it('reads negative int64 as its signed value beside the unsigned one', () => {
    const bytes = encode(root, 'lens.market.Trade', { qty: -5 });
    const [f] = describeFields(readFields(bytes));
    expect(f).toMatchObject({ field: 3, uint: '18446744073709551611', int: -5 });
  });

  it('is strict: groups, field 0, overlong varints, truncation and trailing bytes are refused', () => {
    expect(() => readFields(new Uint8Array([0x0b, 0x0c]))).toThrow(/group/); // start/end group
    expect(() => readFields(new Uint8Array([0x00, 0x01]))).toThrow(/field number 0/);
    expect(() => readFields(new Uint8Array([0x08, 0x80, 0x00]))).toThrow(/shortest/);
    expect(() => readFields(new Uint8Array([0x0a, 0x05, 0x61]))).toThrow(/past the end/);
    expect(() => readFields(new Uint8Array([0x0d, 1, 2]))).toThrow(/fixed32/);
    expect(() => readFields(new Uint8Array([0x0f]))).toThrow(/wire type 7/);
    expect(readVarint(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 0)).toEqual([2n ** 64n - 1n, 10]);
    expect(() => readVarint(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]), 0)).toThrow(/64 bits/);
  });
});
