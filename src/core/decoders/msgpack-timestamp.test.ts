import { describe, expect, it } from 'vitest';
import { encode, encodeTimeSpecToTimestamp, ExtData } from '@msgpack/msgpack';
import { isoOf, msgpackCodec, readTimestamp, timestampText } from './msgpack-timestamp';
import { msgpackDecode } from './binary';
import { getDecoder } from './index';
import { readMsgpackHubMessage } from './signalr-msgpack';

/** A timestamp as @msgpack/msgpack writes it: seconds and nanoseconds through its own encoder. */
const stamp = (sec: number, nsec: number) => encode(new ExtData(-1, encodeTimeSpecToTimestamp({ sec, nsec })));
/** Seconds in 400 Gregorian years (146,097 days): the calendar repeats. */
const ERA = 146097 * 86400;

describe('MessagePack timestamps (extension -1)', () => {
  it('reads the 32-, 64- and 96-bit forms @msgpack/msgpack writes for Dates as Date would write them', () => {
    const cases: Array<[number, number]> = [
      [1700000000000, 0xd6], // whole seconds: 32-bit
      [1700000000123, 0xd7], // milliseconds: 64-bit
      [0, 0xd6],
      [-1, 0xc7], // before 1970: 96-bit
      [-62198755200000, 0xc7], // year -0001
      [5e12, 0xd7], // whole seconds past 2^32: 64-bit
      [253402300800000, 0xc7], // +010000: seconds past 2^34, 96-bit
      [8.64e15, 0xc7], // Date's last day
    ];
    for (const [ms, head] of cases) {
      const bytes = encode(new Date(ms));
      expect(bytes[0], String(ms)).toBe(head);
      expect(msgpackDecode(bytes), String(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('keeps nanoseconds below the millisecond, in the 64- and 96-bit forms', () => {
    const b64 = stamp(1700000000, 123456789);
    expect(b64[0]).toBe(0xd7);
    expect(msgpackDecode(b64)).toBe('2023-11-14T22:13:20.123456789Z');
    const b96 = stamp(-1, 1);
    expect(b96[0]).toBe(0xc7);
    expect(msgpackDecode(b96)).toBe('1969-12-31T23:59:59.000000001Z');
    // Whole milliseconds are written as milliseconds, as Date writes them.
    expect(msgpackDecode(stamp(1700000000, 5_000_000))).toBe('2023-11-14T22:13:20.005Z');
  });

  it('reads dates beyond Date’s range (96-bit seconds) exactly', () => {
    expect(readTimestamp(encodeTimeSpecToTimestamp({ sec: 1000 * ERA, nsec: 7 }))).toEqual({ sec: BigInt(1000 * ERA), nsec: 7 });
    expect(msgpackDecode(stamp(1000 * ERA, 0))).toBe('+401970-01-01T00:00:00.000Z');
    expect(msgpackDecode(stamp(-1000 * ERA + 86399, 999_999_999))).toBe('-398030-01-01T23:59:59.999999999Z');
    expect(isoOf(2n ** 62n, 0)).toMatch(/^\+\d{12}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('agrees with Date on every day boundary around leap years and the epoch', () => {
    for (let day = -800; day <= 800; day += 7) {
      const sec = day * 86400 + 3723;
      expect(isoOf(BigInt(sec), 0)).toBe(new Date(sec * 1000).toISOString());
    }
    for (const y of [1600, 1900, 2000, 2100, 2400]) {
      const ms = Date.UTC(y, 1, 29, 12);
      expect(isoOf(BigInt(ms / 1000), 0)).toBe(new Date(ms).toISOString());
    }
  });

  it('says what is wrong with malformed timestamp data', () => {
    expect(() => timestampText(new Uint8Array(5))).toThrow('MessagePack timestamp of 5 bytes: 4, 8 or 12 expected');
    const bad = new Uint8Array(12);
    new DataView(bad.buffer).setUint32(0, 1_000_000_000);
    expect(() => timestampText(bad)).toThrow('MessagePack timestamp with 1000000000 nanoseconds: at most 999999999 allowed');
    // In a frame: shown raw with that note, not a wrong date.
    const frame = encode({ at: new ExtData(-1, bad) });
    const d = getDecoder('msgpack')!.create({}).decode({ id: 1, dir: 'received', opcode: 'binary', data: frame, time: 0 }).frame;
    expect(d.error).toContain('at most 999999999 allowed');
  });

  it('shows a timestamp inside a frame as its ISO date in the decoded value, other extensions as they were', () => {
    const frame = encode({ event: 'tick', at: new Date(1700000000123), precise: new ExtData(-1, encodeTimeSpecToTimestamp({ sec: 1, nsec: 2 })), other: new ExtData(5, new Uint8Array([1])) });
    const d = getDecoder('msgpack')!.create({}).decode({ id: 1, dir: 'received', opcode: 'binary', data: frame, time: 0 }).frame;
    expect(d.messages[0]!.value).toEqual({ event: 'tick', at: '2023-11-14T22:13:20.123Z', precise: '1970-01-01T00:00:01.000000002Z', other: new ExtData(5, new Uint8Array([1])) });
    expect(msgpackCodec.decode(encodeTimeSpecToTimestamp({ sec: 0, nsec: 0 }), -1, undefined)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('reads timestamps in SignalR MessagePack hub messages (.NET sends DateTime so)', async () => {
    const { MessagePackHubProtocol } = await import('@microsoft/signalr-protocol-msgpack');
    const bytes = new Uint8Array(new MessagePackHubProtocol().writeMessage({ type: 1, target: 'at', arguments: [new Date(1700000000123)], headers: {} }));
    // The hub protocol's length prefix (one byte here), then the message.
    expect(readMsgpackHubMessage(bytes.subarray(1))).toMatchObject({ type: 1, target: 'at', arguments: ['2023-11-14T22:13:20.123Z'] });
  });
});
