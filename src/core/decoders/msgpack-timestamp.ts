/**
 * MessagePack's timestamp extension (type -1) read as an ISO 8601 date in UTC, with nanoseconds
 * when it has more than milliseconds: 32-bit (seconds), 64-bit (30 bits of nanoseconds, 34 of
 * seconds) and 96-bit (32 bits of nanoseconds, signed 64-bit seconds). @msgpack/msgpack's own
 * reading makes a Date, which drops the nanoseconds and cannot hold the 96-bit form's range; this
 * one reads the seconds as a BigInt and writes the calendar date itself. Pure.
 */
import { ExtensionCodec } from '@msgpack/msgpack';

const EXT_TIMESTAMP = -1;

/** The seconds since 1970-01-01T00:00:00Z and the nanoseconds of a timestamp's data (after its ext header). */
export function readTimestamp(data: Uint8Array): { sec: bigint; nsec: number } {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let sec: bigint;
  let nsec: number;
  if (data.length === 4) {
    sec = BigInt(v.getUint32(0));
    nsec = 0;
  } else if (data.length === 8) {
    const hi = v.getUint32(0);
    sec = (BigInt(hi & 0x3) << 32n) | BigInt(v.getUint32(4));
    nsec = hi >>> 2;
  } else if (data.length === 12) {
    nsec = v.getUint32(0);
    sec = v.getBigInt64(4);
  } else throw new RangeError(`MessagePack timestamp of ${data.length} bytes: 4, 8 or 12 expected`);
  if (nsec > 999_999_999) throw new RangeError(`MessagePack timestamp with ${nsec} nanoseconds: at most 999999999 allowed`);
  return { sec, nsec };
}

const pad = (n: bigint | number, width: number) => String(n).padStart(width, '0');

/** `sec` seconds and `nsec` nanoseconds after the epoch as ISO 8601 (years outside 0–9999 as ±YYYYYY, as Date writes them). */
export function isoOf(sec: bigint, nsec: number): string {
  let days = sec / 86400n;
  if (sec % 86400n < 0n) days -= 1n;
  const sod = sec - days * 86400n;
  // The civil date of a day number (H. Hinnant's days_from_civil, inverted), exact for any year.
  const z = days + 719468n;
  const era = (z >= 0n ? z : z - 146096n) / 146097n;
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const d = doy - (153n * mp + 2n) / 5n + 1n;
  const m = mp < 10n ? mp + 3n : mp - 9n;
  const y = yoe + era * 400n + (m <= 2n ? 1n : 0n);
  const year = y >= 0n && y <= 9999n ? pad(y, 4) : `${y < 0n ? '-' : '+'}${pad(y < 0n ? -y : y, 6)}`;
  const frac = nsec % 1_000_000 === 0 ? pad(nsec / 1_000_000, 3) : pad(nsec, 9);
  const hh = sod / 3600n;
  const mm = (sod % 3600n) / 60n;
  const ss = sod % 60n;
  return `${year}-${pad(m, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}.${frac}Z`;
}

/** A timestamp's data as ISO 8601; throws a RangeError (said in the frame's note) on malformed data. */
export function timestampText(data: Uint8Array): string {
  const { sec, nsec } = readTimestamp(data);
  return isoOf(sec, nsec);
}

/** Makes `codec` read timestamps as ISO text (its other extensions stay as they are). */
export function withTimestamps(codec: ExtensionCodec): ExtensionCodec {
  codec.register({ type: EXT_TIMESTAMP, encode: () => null, decode: timestampText });
  return codec;
}

/** The codec the MessagePack readers decode with: timestamps as ISO text. */
export const msgpackCodec = withTimestamps(new ExtensionCodec());
