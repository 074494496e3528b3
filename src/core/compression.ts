/**
 * Compressed payloads: gzip, zlib (deflate) and raw deflate, as binary frames or as Base64 inside
 * text frames, recognised and inflated with fflate's streaming inflaters (synchronous, no eval;
 * `DecompressionStream` is asynchronous, and decoders are not). Bombs are bounded: the input is
 * fed in small slices and inflation stops once the output passes the cap, which is said.
 * Pure: no browser APIs.
 */
import { Gunzip, Inflate, Unzlib } from 'fflate';
import { isWireMessage, printableText } from './protobuf/wire';

export type Compression = 'gzip' | 'zlib' | 'deflate-raw';

export interface Inflated {
  kind: Compression;
  /** Base64 text carried the compressed bytes. */
  base64: boolean;
  /** Size of the compressed bytes. */
  compressedSize: number;
  /** The inflated bytes (at most `cap`). */
  bytes: Uint8Array;
  /** True when inflation stopped at the cap: there was more. */
  truncated: boolean;
}

/** How many compressed bytes are inflated at a time (bounds the output of one step to ~1 MB). */
const SLICE = 1024;

const NAMES: Record<Compression, string> = { gzip: 'gzip', zlib: 'deflate (zlib)', 'deflate-raw': 'raw deflate' };

function compressionName(kind: Compression): string {
  return NAMES[kind];
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 18 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8;
}

function isZlib(b: Uint8Array): boolean {
  return b.length >= 6 && (b[0]! & 0x0f) === 8 && b[0]! >> 4 <= 7 && ((b[0]! << 8) | b[1]!) % 31 === 0 && (b[1]! & 0x20) === 0;
}

/** Inflates `b` with the given method, up to `cap` bytes of output; throws on invalid data. */
function inflate(kind: Compression, b: Uint8Array, cap: number): { bytes: Uint8Array; truncated: boolean } {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const ondata = (chunk: Uint8Array) => {
    if (over) return;
    const room = cap - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      size = cap;
      over = true;
      return;
    }
    chunks.push(chunk);
    size += chunk.length;
  };
  const stream = kind === 'gzip' ? new Gunzip(ondata) : kind === 'zlib' ? new Unzlib(ondata) : new Inflate(ondata);
  for (let i = 0; i < b.length && !over; i += SLICE) stream.push(b.subarray(i, i + SLICE), i + SLICE >= b.length);
  if (!over && b.length === 0) stream.push(b, true);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { bytes: out, truncated: over };
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

function fromBase64(s: string): Uint8Array | null {
  const t = s.trim();
  if (t.length < 16 || t.length % 4 !== 0 || !B64.test(t)) return null;
  try {
    const bin = atob(t);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}


/** Cheap test, no inflation: could this payload be compressed (magic bytes, or Base64 of them)? */
export function mayBeCompressed(data: string | Uint8Array): boolean {
  if (typeof data !== 'string') return data.length >= 6;
  const c = data.charCodeAt(0);
  // Base64 of gzip starts "H4sI"; of zlib "eJ", "eA", "eF", "eN", …; raw deflate: any Base64 text.
  return data.length >= 16 && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47) && B64.test(data);
}

/**
 * The payload inflated, when it is compressed; null otherwise. gzip and zlib are recognised by
 * their headers (and checksums, checked by the inflater). Raw deflate has no header, so it counts
 * only when it inflates to printable UTF-8 text no shorter than its input (random bytes and other
 * protocols' binary frames essentially never do).
 */
export function inflatePayload(data: string | Uint8Array, cap: number): Inflated | null {
  let bytes: Uint8Array | null;
  let base64 = false;
  if (typeof data === 'string') {
    bytes = mayBeCompressed(data) ? fromBase64(data) : null;
    base64 = true;
  } else bytes = data;
  if (bytes === null || bytes.length < 6) return null;
  const kinds: Compression[] = isGzip(bytes) ? ['gzip'] : isZlib(bytes) ? ['zlib'] : ['deflate-raw'];
  if (kinds[0] === 'deflate-raw' && !rawDeflateProbe(bytes)) return null;
  for (const kind of kinds) {
    try {
      const r = inflate(kind, bytes, cap);
      if (kind === 'deflate-raw' && (r.bytes.length < bytes.length || printableText(r.bytes) === null)) return null;
      if (r.bytes.length === 0) return null;
      if (!r.truncated && !checksumHolds(kind, bytes, r.bytes)) return null;
      return { kind, base64, compressedSize: bytes.length, bytes: r.bytes, truncated: r.truncated };
    } catch {
      return null;
    }
  }
  return null;
}

let crcTable: Uint32Array | undefined;

function crc32(b: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (let i = 0; i < b.length; ) {
    const end = Math.min(b.length, i + 5552);
    for (; i < end; i++) {
      a += b[i]!;
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

/** fflate does not check the trailers: gzip's CRC-32 and size, zlib's Adler-32. */
function checksumHolds(kind: Compression, input: Uint8Array, out: Uint8Array): boolean {
  const dv = new DataView(input.buffer, input.byteOffset, input.length);
  if (kind === 'gzip') return dv.getUint32(input.length - 8, true) === crc32(out) && dv.getUint32(input.length - 4, true) === out.length >>> 0;
  if (kind === 'zlib') return dv.getUint32(input.length - 4, false) === adler32(out);
  return true;
}

const PROBE_BYTES = 48;

/**
 * Cheap test before inflating a headerless (raw deflate) payload: its first bytes must inflate
 * without error to printable text, and the payload must not be a strictly valid Protobuf message
 * (what most binary frames are). Keeps the cost for ordinary binary frames to a few microseconds.
 */
function rawDeflateProbe(b: Uint8Array): boolean {
  if ((b[0]! & 6) === 6) return false; // BTYPE 3: invalid
  if (isWireMessage(b)) return false;
  let ok = true;
  const probe = new Inflate((chunk) => {
    for (let i = 0; i < chunk.length && ok; i++) {
      const c = chunk[i]!;
      if (c < 9 || (c > 13 && c < 32) || c === 127) ok = false;
    }
  });
  try {
    probe.push(b.subarray(0, Math.min(PROBE_BYTES, b.length)), b.length <= PROBE_BYTES);
  } catch {
    return false;
  }
  return ok;
}

/** "gzip: 57 B → 312 B", or "… stopped at the 16 MB per-frame cap" for a bomb. */
export function describeInflated(x: Inflated, cap: number): string {
  const what = `${compressionName(x.kind)}${x.base64 ? ' in Base64' : ''}`;
  const sizes = `${formatSize(x.compressedSize)} compressed → ${formatSize(x.bytes.length)}${x.truncated ? '+' : ''} decompressed`;
  return x.truncated ? `${what}: ${sizes}; stopped at the ${formatSize(cap)} per-frame cap, the rest is not shown` : `${what}: ${sizes}`;
}

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${+(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A frame as the decoders see it, inflated on first read when its payload is compressed: `data`
 * and `opcode` are those of the inflated payload (text when it is valid UTF-8), so that a gzip'd
 * JSON frame is read as JSON. Nothing is inflated until a decoder reads the frame.
 */
export class InflatingInput {
  private result: Inflated | null | undefined;
  private inner: { data: string | Uint8Array; opcode: 'text' | 'binary' } | undefined;
  constructor(
    readonly id: number,
    readonly dir: 'sent' | 'received',
    private readonly raw: string | Uint8Array,
    private readonly rawOpcode: 'text' | 'binary',
    readonly time: number,
    readonly cap: number,
  ) {}

  /** The inflation, or null when the payload is not compressed. */
  get inflated(): Inflated | null {
    if (this.result === undefined) this.result = inflatePayload(this.raw, this.cap);
    return this.result;
  }

  private view(): { data: string | Uint8Array; opcode: 'text' | 'binary' } {
    if (this.inner) return this.inner;
    const x = this.inflated;
    if (!x) this.inner = { data: this.raw, opcode: this.rawOpcode };
    else {
      const text = printableText(x.bytes);
      this.inner = text === null ? { data: x.bytes, opcode: 'binary' } : { data: text, opcode: 'text' };
    }
    return this.inner;
  }

  get data(): string | Uint8Array {
    return this.view().data;
  }

  get opcode(): 'text' | 'binary' {
    return this.view().opcode;
  }
}
