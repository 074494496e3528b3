/**
 * The Protobuf wire format read without a schema: field numbers, wire types, varints with their
 * signed and zigzag readings, fixed32/64 as integers and floats, length-delimited fields as a
 * nested message, a string or bytes (whichever parses). Pure, no dependencies.
 *
 * Strict, so that random bytes and other protocols are not taken for Protobuf: only wire types
 * 0, 1, 2 and 5 (groups are long deprecated), field numbers 1..2^29-1, varints in their shortest
 * form (what every encoder writes), lengths within the buffer, and the whole buffer consumed.
 */

export type WireType = 'varint' | 'fixed64' | 'len' | 'fixed32';

/** One field as read from the wire. */
export interface WireField {
  field: number;
  wire: WireType;
  /** varint: the unsigned value; fixed32/64: the unsigned integer; len: the length. */
  value: bigint | number;
  /** The bytes of a length-delimited field. */
  bytes?: Uint8Array;
}

const MAX_FIELD = 0x1fffffff;

class WireError extends Error {}

/** Reads a varint at `pos`; returns [value, next]. Throws WireError when not minimal or past the end. */
export function readVarint(b: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  const start = pos;
  for (;;) {
    if (pos >= b.length) throw new WireError('varint runs past the end');
    const byte = b[pos++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) {
      if (byte === 0 && pos - start > 1) throw new WireError('varint not in its shortest form');
      if (pos - start === 10 && byte > 1) throw new WireError('varint over 64 bits');
      return [result, pos];
    }
    shift += 7n;
    if (pos - start >= 10) throw new WireError('varint over 10 bytes');
  }
}

/** Small varints (the common case) without BigInt; falls back to readVarint past 2^28. */
function readSmallVarint(b: Uint8Array, pos: number): [number, number] {
  let result = 0;
  for (let i = 0; i < 4; i++) {
    if (pos + i >= b.length) throw new WireError('varint runs past the end');
    const byte = b[pos + i]!;
    result |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) {
      if (byte === 0 && i > 0) throw new WireError('varint not in its shortest form');
      return [result >>> 0, pos + i + 1];
    }
  }
  const [v, next] = readVarint(b, pos);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new WireError('length or tag too large');
  return [Number(v), next];
}

/** Reads every field of a message; throws WireError on anything not strictly Protobuf. */
export function readFields(b: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < b.length) {
    const [tag, p] = readSmallVarint(b, pos);
    pos = p;
    const field = Math.floor(tag / 8);
    const wt = tag & 7;
    if (field < 1 || field > MAX_FIELD) throw new WireError(`field number ${field} out of range`);
    if (wt === 0) {
      const [v, n] = readVarint(b, pos);
      pos = n;
      out.push({ field, wire: 'varint', value: v });
    } else if (wt === 1) {
      if (pos + 8 > b.length) throw new WireError('fixed64 runs past the end');
      const dv = new DataView(b.buffer, b.byteOffset + pos, 8);
      out.push({ field, wire: 'fixed64', value: dv.getBigUint64(0, true), bytes: b.subarray(pos, pos + 8) });
      pos += 8;
    } else if (wt === 2) {
      const [len, n] = readSmallVarint(b, pos);
      pos = n;
      if (pos + len > b.length) throw new WireError('length-delimited field runs past the end');
      out.push({ field, wire: 'len', value: len, bytes: b.subarray(pos, pos + len) });
      pos += len;
    } else if (wt === 5) {
      if (pos + 4 > b.length) throw new WireError('fixed32 runs past the end');
      const dv = new DataView(b.buffer, b.byteOffset + pos, 4);
      out.push({ field, wire: 'fixed32', value: dv.getUint32(0, true), bytes: b.subarray(pos, pos + 4) });
      pos += 4;
    } else throw new WireError(`wire type ${wt} (${wt === 3 || wt === 4 ? 'group' : 'invalid'})`);
  }
  return out;
}

/** True when the bytes are a strictly valid message (see readFields). */
export function isWireMessage(b: Uint8Array): boolean {
  try {
    readFields(b);
    return true;
  } catch {
    return false;
  }
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Printable UTF-8 text (whitespace allowed, other control characters not), or null: what reads
 * as a string field here, and as an inflated text payload in compression.ts.
 */
export function printableText(b: Uint8Array): string | null {
  let s: string;
  try {
    s = utf8Strict.decode(b);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s) ? null : s;
}

function num(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** A field's readings as plain data for the tree. */
export interface FieldReading {
  field: number;
  wire: WireType;
  [reading: string]: unknown;
}

const MAX_NEST = 32;

/**
 * The readings of a message: each field with every plausible interpretation of its value. A
 * length-delimited field is read as a nested message when it parses as one (and is not better
 * read as text), else as a string, else as bytes.
 */
export function describeFields(fields: readonly WireField[], depth = 0): FieldReading[] {
  return fields.map((f) => {
    if (f.wire === 'varint') {
      const v = f.value as bigint;
      const r: FieldReading = { field: f.field, wire: f.wire, uint: num(v) };
      const signed = BigInt.asIntN(64, v);
      if (signed !== v) r.int = num(signed);
      r.zigzag = num((v >> 1n) ^ -(v & 1n));
      if (v === 0n || v === 1n) r.bool = v === 1n;
      return r;
    }
    if (f.wire === 'fixed32') {
      const u = f.value as number;
      const dv = new DataView(f.bytes!.buffer, f.bytes!.byteOffset, 4);
      const r: FieldReading = { field: f.field, wire: f.wire, uint: u };
      const i = dv.getInt32(0, true);
      if (i !== u) r.int = i;
      r.float = dv.getFloat32(0, true);
      return r;
    }
    if (f.wire === 'fixed64') {
      const u = f.value as bigint;
      const dv = new DataView(f.bytes!.buffer, f.bytes!.byteOffset, 8);
      const r: FieldReading = { field: f.field, wire: f.wire, uint: num(u) };
      const i = BigInt.asIntN(64, u);
      if (i !== u) r.int = num(i);
      r.double = dv.getFloat64(0, true);
      return r;
    }
    const bytes = f.bytes!;
    const text = printableText(bytes);
    let nested: WireField[] | null = null;
    if (depth < MAX_NEST && bytes.length > 0) {
      try {
        nested = readFields(bytes);
      } catch {
        nested = null;
      }
    }
    // Short printable text also parses as fields now and then ("ab" is field 12, varint 98):
    // prefer the string when it reads as one and the nested reading is not clearly a message.
    if (nested && text !== null && !looksNested(nested)) nested = null;
    if (nested) return { field: f.field, wire: f.wire, message: describeFields(nested, depth + 1) };
    if (text !== null) return { field: f.field, wire: f.wire, string: text };
    const packed = packedVarints(bytes);
    return packed ? { field: f.field, wire: f.wire, bytes, packed } : { field: f.field, wire: f.wire, bytes };
  });
}

/** The bytes read as a packed repeated varint field, or null when they are not one. */
function packedVarints(b: Uint8Array): (number | string)[] | null {
  if (b.length === 0) return null;
  const out: (number | string)[] = [];
  let pos = 0;
  try {
    while (pos < b.length) {
      const [v, next] = readVarint(b, pos);
      out.push(num(v));
      pos = next;
    }
  } catch {
    return null;
  }
  return out;
}

/** A nested reading that is more likely a message than text: small field numbers, all of them. */
function looksNested(fields: readonly WireField[]): boolean {
  return fields.every((f) => f.field <= 64);
}

/** A one-line summary of top-level fields: "1: 150, 2: "hi", 3: {…}". */
export function summarizeFields(readings: readonly FieldReading[], max = 160): string {
  const parts: string[] = [];
  for (const r of readings) {
    let v: string;
    if ('string' in r) v = JSON.stringify(r.string);
    else if ('message' in r) v = '{…}';
    else if ('bytes' in r) v = `<${(r.bytes as Uint8Array).length} bytes>`;
    else v = String(r.uint);
    parts.push(`${r.field}: ${v}`);
  }
  const s = parts.join(', ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
