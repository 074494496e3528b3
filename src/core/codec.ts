/**
 * Byte/text conversions used across contexts: Base64 (runtime-port transport of binary frames),
 * hex (display and "send binary" input), UTF-8 measurement, validation and truncation.
 *
 * Pure functions with no extension APIs; they run in pages, extension contexts and Node ≥ 20.
 * Parsing functions throw CodecError, whose message names the 1-based position of the first
 * offending character.
 */

/** A malformed Base64 or hex input. */
export class CodecError extends Error {
  /** 1-based position (UTF-16 index + 1) of the offending character, or null when not tied to one. */
  readonly position: number | null;

  constructor(message: string, position: number | null = null) {
    super(message);
    this.name = 'CodecError';
    this.position = position;
  }
}

/** Describes the character at `index` of `s` for an error message: `"%"` or `U+0000`. */
function describeChar(s: string, index: number): string {
  const cp = s.codePointAt(index) ?? 0;
  const isPrintable = cp > 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp <= 0xa0) && !(cp >= 0xd800 && cp <= 0xdfff);
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return isPrintable ? `"${String.fromCodePoint(cp)}" (${hex})` : hex;
}

// ───────────────────────────── Base64 ─────────────────────────────

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** char code → 6-bit value; -1 invalid, -2 ASCII whitespace, -3 '='. */
const B64_LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_LOOKUP[B64_ALPHABET.charCodeAt(i)] = i;
for (const ws of [0x09, 0x0a, 0x0c, 0x0d, 0x20]) B64_LOOKUP[ws] = -2;
B64_LOOKUP[0x3d] = -3;

/** Uint8Array.prototype.toBase64 (TC39 proposal, shipped in recent engines) is not in lib ES2023. */
interface WithToBase64 {
  toBase64?: (this: Uint8Array) => string;
}
/** Uint8Array.fromBase64, same proposal. */
interface WithFromBase64 {
  fromBase64?: (s: string) => Uint8Array;
}

/** Bytes per String.fromCharCode.apply call: far below every engine's argument-count limit. */
const B64_CHUNK = 0x3000;

/**
 * Standard Base64 (RFC 4648 §4, with padding). Uses the native Uint8Array.prototype.toBase64
 * when the engine has it, else chunked String.fromCharCode + btoa.
 */
export function bytesToBase64(u8: Uint8Array): string {
  const native = (Uint8Array.prototype as WithToBase64).toBase64;
  if (typeof native === 'function') return native.call(u8);
  const parts: string[] = [];
  for (let i = 0; i < u8.length; i += B64_CHUNK) {
    // fromCharCode.apply accepts any array-like at run time; the cast only satisfies its typing.
    parts.push(String.fromCharCode.apply(null, u8.subarray(i, i + B64_CHUNK) as unknown as number[]));
  }
  return btoa(parts.join(''));
}

/**
 * Decodes standard Base64 (natively via Uint8Array.fromBase64 when the engine has it). Accepts
 * ASCII whitespace anywhere and missing (or partial) trailing '=' padding; ignores non-zero bits
 * left over in the last character, as atob does.
 * Throws CodecError for any other character, data after padding, too much padding, or a
 * single dangling character at the end.
 */
export function base64ToBytes(s: string): Uint8Array {
  const native = (Uint8Array as WithFromBase64).fromBase64;
  if (typeof native === 'function') {
    // The native decoder (default 'loose' mode) accepts a subset of what we accept, with the same
    // result; when it refuses, decode below for partial padding or a precise error.
    try {
      return native.call(Uint8Array, s);
    } catch {
      // fall through
    }
  }
  const len = s.length;
  let out = new Uint8Array(Math.floor((len * 3) / 4) + 3);
  let o = 0;
  let acc = 0; // up to 4 pending sextets (24 bits)
  let n = 0; // data characters seen
  let pads = 0;
  let lastData = -1;
  const T = B64_LOOKUP;
  for (let i = 0; i < len; i++) {
    // Fast path: four data characters at a group boundary (the bulk of any input).
    while ((n & 3) === 0 && pads === 0 && i + 4 <= len) {
      const c0 = s.charCodeAt(i);
      const c1 = s.charCodeAt(i + 1);
      const c2 = s.charCodeAt(i + 2);
      const c3 = s.charCodeAt(i + 3);
      if ((c0 | c1 | c2 | c3) >= 128) break;
      const v0 = T[c0]!;
      const v1 = T[c1]!;
      const v2 = T[c2]!;
      const v3 = T[c3]!;
      if ((v0 | v1 | v2 | v3) < 0) break;
      const bits = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
      out[o++] = bits >>> 16;
      out[o++] = (bits >>> 8) & 0xff;
      out[o++] = bits & 0xff;
      n += 4;
      lastData = i + 3;
      i += 4;
    }
    if (i >= len) break;
    const c = s.charCodeAt(i);
    const v = c < 128 ? T[c]! : -1;
    if (v >= 0) {
      if (pads > 0) {
        throw new CodecError(`Invalid Base64: ${describeChar(s, i)} at position ${i + 1} comes after "=" padding.`, i + 1);
      }
      acc = (acc << 6) | v;
      n++;
      lastData = i;
      if ((n & 3) === 0) {
        out[o++] = acc >>> 16;
        out[o++] = (acc >>> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
      }
    } else if (v === -2) {
      continue;
    } else if (v === -3) {
      pads++;
      const rem = n & 3;
      // "xx" takes up to two '=', "xxx" one, a complete group none.
      if (rem < 2 || pads > 4 - rem) {
        throw new CodecError(`Invalid Base64: unexpected "=" at position ${i + 1} (too much padding).`, i + 1);
      }
    } else {
      throw new CodecError(`Invalid Base64: unexpected character ${describeChar(s, i)} at position ${i + 1}.`, i + 1);
    }
  }
  const rem = n & 3;
  if (rem === 1) {
    throw new CodecError(
      `Invalid Base64: the last character, at position ${lastData + 1}, is left alone (a group needs at least 2 characters); the input is probably cut short.`,
      lastData + 1,
    );
  }
  if (rem === 2) {
    out[o++] = (acc >>> 4) & 0xff;
  } else if (rem === 3) {
    out[o++] = (acc >>> 10) & 0xff;
    out[o++] = (acc >>> 2) & 0xff;
  }
  if (o !== out.length) out = out.slice(0, o);
  return out;
}

// ───────────────────────────── hex ─────────────────────────────

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex, two digits per byte, joined by `sep` ("48 65 6c"). */
export function bytesToHex(u8: Uint8Array, sep = ' '): string {
  const parts = new Array<string>(u8.length);
  for (let i = 0; i < u8.length; i++) parts[i] = HEX_BYTE[u8[i]!]!;
  return parts.join(sep);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

function isHexSeparator(c: number): boolean {
  // space, tab, LF, VT, FF, CR, comma
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x2c;
}

/**
 * Parses hex bytes. Tokens are separated by whitespace or commas; each token may start with
 * `0x`/`0X` and must hold an even number of digits (upper or lower case), two per byte:
 * "48 65", "4865", "0x48, 0x65", "0x4865" all give [0x48, 0x65].
 * Throws CodecError naming the 1-based position of the first bad character, or of the token with
 * an odd number of digits.
 */
export function parseHex(s: string): Uint8Array {
  const len = s.length;
  const out = new Uint8Array(len >>> 1);
  let o = 0;
  let i = 0;
  while (i < len) {
    const c = s.charCodeAt(i);
    if (isHexSeparator(c)) {
      i++;
      continue;
    }
    // A token starts here.
    const tokenStart = i;
    if (c === 0x30 && (s.charCodeAt(i + 1) | 0x20) === 0x78) {
      i += 2;
      if (i >= len || isHexSeparator(s.charCodeAt(i))) {
        throw new CodecError(`Invalid hex: "${s.slice(tokenStart, i)}" at position ${tokenStart + 1} has no digits after it.`, tokenStart + 1);
      }
    }
    const digitsStart = i;
    while (i < len && !isHexSeparator(s.charCodeAt(i))) {
      const hi = hexValue(s.charCodeAt(i));
      if (hi < 0) throw new CodecError(`Invalid hex: unexpected character ${describeChar(s, i)} at position ${i + 1}.`, i + 1);
      if (i + 1 >= len || isHexSeparator(s.charCodeAt(i + 1))) {
        const token = s.slice(tokenStart, i + 1);
        throw new CodecError(
          `Invalid hex: odd number of digits (${i + 1 - digitsStart}) in "${token.length > 24 ? token.slice(0, 21) + '…' : token}" at position ${tokenStart + 1}; each byte needs two digits.`,
          tokenStart + 1,
        );
      }
      const lo = hexValue(s.charCodeAt(i + 1));
      if (lo < 0) throw new CodecError(`Invalid hex: unexpected character ${describeChar(s, i + 1)} at position ${i + 2}.`, i + 2);
      out[o++] = (hi << 4) | lo;
      i += 2;
    }
  }
  return o === out.length ? out : out.slice(0, o);
}

// ───────────────────────────── UTF-8 ─────────────────────────────

/**
 * UTF-8 byte length of a JS string, without allocating. A lone surrogate counts as 3 bytes: it
 * becomes U+FFFD (EF BF BD) in TextEncoder and WebSocket.send().
 */
export function utf8Length(s: string): number {
  const len = s.length;
  let bytes = len;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 2; // 2 UTF-16 units → 4 bytes
        i++;
      } else {
        bytes += 2;
      }
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/**
 * Longest prefix of `s` whose UTF-8 length is ≤ maxBytes, never splitting a surrogate pair.
 * (A lone surrogate counts 3 bytes, as in utf8Length.) maxBytes is floored; ≤ 0 or NaN gives ''.
 */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (!(maxBytes > 0)) return '';
  if (s.length * 3 <= maxBytes) return s;
  const len = s.length;
  let bytes = 0;
  let i = 0;
  while (i < len) {
    const c = s.charCodeAt(i);
    let size: number;
    let units = 1;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size = 4;
      units = 2;
    } else size = 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += units;
  }
  return i === len ? s : s.slice(0, i);
}

export interface Utf8DecodeResult {
  /** The decoded text; invalid sequences replaced by U+FFFD when !valid. A BOM is kept as U+FEFF. */
  text: string;
  valid: boolean;
  /** Byte offset where the first invalid sequence starts, -1 when valid. */
  firstInvalidOffset: number;
}

let fatalDecoder: TextDecoder | undefined;
let lenientDecoder: TextDecoder | undefined;

/**
 * Decodes UTF-8 strictly first; on failure decodes with U+FFFD replacement and reports where the
 * first invalid byte sequence starts (the WHATWG/Unicode "maximal subpart" rules: overlong
 * forms, surrogates, values above U+10FFFF and truncated sequences are all invalid).
 */
export function decodeUtf8(u8: Uint8Array): Utf8DecodeResult {
  fatalDecoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return { text: fatalDecoder.decode(u8), valid: true, firstInvalidOffset: -1 };
  } catch {
    lenientDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
    const text = lenientDecoder.decode(u8);
    return { text, valid: false, firstInvalidOffset: firstInvalidUtf8(u8) };
  }
}

/** Byte offset of the first invalid UTF-8 sequence in `u8`, or -1 when it is all valid. */
export function firstInvalidUtf8(u8: Uint8Array): number {
  const len = u8.length;
  let i = 0;
  while (i < len) {
    const b = u8[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      else if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      else if (b === 0xf4) hi = 0x8f; // > U+10FFFF
    } else return i; // 80–C1, F5–FF never start a sequence
    if (i + need >= len) return i; // truncated at the end
    const b1 = u8[i + 1]!;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const bk = u8[i + k]!;
      if (bk < 0x80 || bk > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** A Uint8Array view of binary data (no copy). Accepts any ArrayBuffer/SharedArrayBuffer or view, from any realm. */
export function toUint8(b: ArrayBufferLike | ArrayBufferView): Uint8Array {
  if (ArrayBuffer.isView(b)) {
    if (Object.getPrototypeOf(b) === Uint8Array.prototype) return b as Uint8Array;
    // Other views (DataView, Int16Array, Node's Buffer, another realm's Uint8Array): a plain view of the same bytes.
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  return new Uint8Array(b);
}
