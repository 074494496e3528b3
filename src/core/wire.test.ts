import { describe, expect, it } from 'vitest';
import type { StoredRecord, WireRecord } from './protocol';
import { fromWireRecord, toWireRecord } from './wire';

function binary(bytes: Uint8Array | ArrayBuffer): StoredRecord {
  const data = bytes instanceof ArrayBuffer ? bytes : (bytes.slice().buffer as ArrayBuffer);
  return {
    type: 'frame',
    rseq: 4,
    conn: 1,
    seq: 2,
    time: 1.5,
    dir: 'received',
    opcode: 'binary',
    data,
    binKind: 'blob',
    size: 300,
    truncated: true,
  };
}

/** What a runtime port does to a message: JSON in, JSON out. */
function overPort(rec: WireRecord): WireRecord {
  return JSON.parse(JSON.stringify(rec)) as WireRecord;
}

function roundTrip(rec: StoredRecord) {
  return fromWireRecord(overPort(toWireRecord(rec)));
}

describe('wire records', () => {
  it('binary: every byte value 0..255 survives the trip through JSON', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const back = roundTrip(binary(all));
    expect(back.type === 'frame' && back.opcode === 'binary').toBe(true);
    if (back.type !== 'frame' || back.opcode !== 'binary') return;
    expect(back.data).toBeInstanceOf(Uint8Array);
    expect([...back.data]).toEqual([...all]);
    // Every other field is untouched.
    expect({ ...back, data: null }).toEqual({ ...binary(all), data: null });
  });

  it('binary: the empty payload', () => {
    const back = roundTrip(binary(new ArrayBuffer(0)));
    expect(back.type === 'frame' && back.data).toEqual(new Uint8Array(0));
  });

  it('binary: lengths 1, 2, 3, 4 (Base64 padding) and a larger random payload', () => {
    for (const n of [1, 2, 3, 4, 5, 1000, 65_537]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7919 + n) & 255);
      const back = roundTrip(binary(bytes));
      expect(back.type === 'frame' && back.opcode === 'binary' && [...back.data]).toEqual([...bytes]);
    }
  });

  it('binary travels as a Base64 string', () => {
    const wire = toWireRecord(binary(new Uint8Array([0xde, 0xad, 0xbe, 0xef])));
    expect(wire.type === 'frame' && wire.data).toBe('3q2+7w==');
  });

  it('does not modify the stored record', () => {
    const rec = binary(new Uint8Array([1, 2, 3]));
    toWireRecord(rec);
    expect(rec.type === 'frame' && rec.data).toBeInstanceOf(ArrayBuffer);
  });

  it('text frames and control records pass through unchanged', () => {
    const recs: StoredRecord[] = [
      {
        type: 'frame',
        rseq: 1,
        conn: 1,
        seq: 1,
        time: 2,
        dir: 'sent',
        opcode: 'text',
        data: 'héllo \u0000 "x" 😀',
        size: 15,
        truncated: false,
      },
      { type: 'connection', rseq: 2, conn: 1, seq: 0, time: 1, url: 'wss://a/', protocols: ['p'], frameUrl: 'https://f/', initiator: '' },
      { type: 'open', rseq: 3, conn: 1, seq: 1, time: 1, protocol: 'p', extensions: '' },
      { type: 'error', rseq: 4, conn: 1, seq: 2, time: 1 },
      { type: 'closing', rseq: 5, conn: 1, seq: 3, time: 1, code: null, reason: '' },
      { type: 'close', rseq: 6, conn: 1, seq: 4, time: 1, code: 1000, reason: 'ok', wasClean: true },
    ];
    for (const rec of recs) expect(roundTrip(rec)).toEqual(rec);
  });
});
