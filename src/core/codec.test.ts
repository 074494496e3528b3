import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  CodecError,
  decodeUtf8,
  firstInvalidUtf8,
  parseHex,
  toUint8,
  truncateUtf8,
  utf8Length,
} from './codec';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(rand: () => number, n: number): Uint8Array {
  const u8 = new Uint8Array(n);
  for (let i = 0; i < n; i++) u8[i] = Math.floor(rand() * 256);
  return u8;
}

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const view = (u8: Uint8Array): Buffer => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => view(a).equals(view(b));
const nodeB64 = (u8: Uint8Array): string => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64');

function catchCodecError(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error('expected a CodecError');
}

// ───────────────────────────── Base64 ─────────────────────────────

type ToBase64Holder = { toBase64?: (this: Uint8Array) => string };
const proto = Uint8Array.prototype as ToBase64Holder;
const originalDescriptor = Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'toBase64');

function restoreToBase64(): void {
  if (originalDescriptor) Object.defineProperty(Uint8Array.prototype, 'toBase64', originalDescriptor);
  else delete proto.toBase64;
}

describe('bytesToBase64', () => {
  afterEach(restoreToBase64);

  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];

  describe('fallback path (no native toBase64)', () => {
    it.each(vectors)('RFC 4648 vector %j → %j', (text, b64) => {
      delete proto.toBase64;
      expect(typeof proto.toBase64).toBe('undefined');
      expect(bytesToBase64(new TextEncoder().encode(text))).toBe(b64);
    });

    it('encodes every byte value and large, chunk-crossing inputs like Buffer', () => {
      delete proto.toBase64;
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      expect(bytesToBase64(all)).toBe(nodeB64(all));
      const rand = rng(1);
      for (const n of [1, 2, 3, 0x2fff, 0x3000, 0x3001, 0x6001, 1_000_003]) {
        const u8 = randomBytes(rand, n);
        expect(bytesToBase64(u8), `n=${n}`).toBe(nodeB64(u8));
      }
    });

    it('encodes only the view, not the whole underlying buffer', () => {
      delete proto.toBase64;
      const buf = bytes(0, 1, 2, 3, 4, 5, 6, 7);
      expect(bytesToBase64(buf.subarray(2, 5))).toBe(nodeB64(bytes(2, 3, 4)));
    });
  });

  describe('native path', () => {
    it('uses Uint8Array.prototype.toBase64 when present', () => {
      const spy = vi.fn(function (this: Uint8Array) {
        return 'NATIVE:' + this.length;
      });
      Object.defineProperty(Uint8Array.prototype, 'toBase64', { value: spy, configurable: true, writable: true });
      const u8 = bytes(1, 2, 3);
      expect(bytesToBase64(u8)).toBe('NATIVE:3');
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.contexts[0]).toBe(u8);
    });

    it('gives the same results as the fallback with a conforming native implementation', () => {
      Object.defineProperty(Uint8Array.prototype, 'toBase64', {
        value: function (this: Uint8Array) {
          return nodeB64(this);
        },
        configurable: true,
        writable: true,
      });
      const rand = rng(2);
      const samples = [0, 1, 2, 3, 100, 0x3001].map((n) => randomBytes(rand, n));
      const native = samples.map(bytesToBase64);
      delete proto.toBase64;
      expect(samples.map(bytesToBase64)).toEqual(native);
    });
  });
});

type FromBase64Holder = { fromBase64?: (s: string) => Uint8Array };
const ctor = Uint8Array as FromBase64Holder;
const originalFromDescriptor = Object.getOwnPropertyDescriptor(Uint8Array, 'fromBase64');

describe('base64ToBytes native path', () => {
  afterEach(() => {
    if (originalFromDescriptor) Object.defineProperty(Uint8Array, 'fromBase64', originalFromDescriptor);
    else delete ctor.fromBase64;
  });

  /** A stand-in for the native loose-mode decoder: standard alphabet, full padding or none. */
  function installNative(): ReturnType<typeof vi.fn> {
    const spy = vi.fn((s: string) => {
      const clean = s.replace(/[\t\n\f\r ]/g, '');
      if (!/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) {
        throw new SyntaxError('bad base64');
      }
      return new Uint8Array(Buffer.from(clean, 'base64'));
    });
    Object.defineProperty(Uint8Array, 'fromBase64', { value: spy, configurable: true, writable: true });
    return spy;
  }

  it('uses Uint8Array.fromBase64 when present', () => {
    const spy = installNative();
    expect(Array.from(base64ToBytes('Zm9v'))).toEqual([0x66, 0x6f, 0x6f]);
    expect(spy).toHaveBeenCalledWith('Zm9v');
  });

  it('falls back when the native decoder refuses: partial padding still decodes, errors keep positions', () => {
    const spy = installNative();
    expect(Array.from(base64ToBytes('Zg='))).toEqual([0x66]);
    expect(catchCodecError(() => base64ToBytes('Zm9v%mFy')).position).toBe(5);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('agrees with the fallback on random inputs', () => {
    const rand = rng(8);
    const inputs = Array.from({ length: 50 }, (_, n) => nodeB64(randomBytes(rand, n)));
    installNative();
    const nativeOut = inputs.map(base64ToBytes);
    delete ctor.fromBase64;
    expect(inputs.map(base64ToBytes)).toEqual(nativeOut);
  });
});

describe('base64ToBytes', () => {
  it.each([
    ['', []],
    ['Zg==', [0x66]],
    ['Zm8=', [0x66, 0x6f]],
    ['Zm9v', [0x66, 0x6f, 0x6f]],
    ['Zm9vYmFy', [...'foobar'].map((c) => c.charCodeAt(0))],
    ['//8=', [0xff, 0xff]],
    ['+/+/', [0xfb, 0xff, 0xbf]],
  ])('decodes %j', (s, expected) => {
    expect(Array.from(base64ToBytes(s))).toEqual(expected);
  });

  it('accepts missing or partial padding', () => {
    expect(Array.from(base64ToBytes('Zg'))).toEqual([0x66]);
    expect(Array.from(base64ToBytes('Zg='))).toEqual([0x66]);
    expect(Array.from(base64ToBytes('Zm8'))).toEqual([0x66, 0x6f]);
    expect(Array.from(base64ToBytes('Zm9vYg'))).toEqual([0x66, 0x6f, 0x6f, 0x62]);
  });

  it('accepts ASCII whitespace anywhere, including around padding', () => {
    expect(Array.from(base64ToBytes(' Zm9v\nYmFy\r\n'))).toEqual([...'foobar'].map((c) => c.charCodeAt(0)));
    expect(Array.from(base64ToBytes('Z g\t=\f= '))).toEqual([0x66]);
    expect(base64ToBytes(' \n\t').length).toBe(0);
  });

  it('decodes the same with whitespace sprinkled anywhere (fast and slow paths mixed)', () => {
    const rand = rng(9);
    const ws = [' ', '\n', '\r', '\t', '\f'];
    for (let k = 0; k < 200; k++) {
      const u8 = randomBytes(rand, Math.floor(rand() * 40));
      let b64 = '';
      for (const ch of nodeB64(u8)) b64 += (rand() < 0.2 ? ws[Math.floor(rand() * ws.length)]! : '') + ch;
      expect(base64ToBytes(b64), JSON.stringify(b64)).toEqual(u8);
    }
  });

  it('ignores leftover bits in the last character, like atob', () => {
    expect(Array.from(base64ToBytes('Zh=='))).toEqual([0x66]);
    expect(Array.from(base64ToBytes('Zm9='))).toEqual([0x66, 0x6f]);
  });

  it('returns an exactly sized array that owns its buffer', () => {
    const out = base64ToBytes('Zm9v\n\n\n\n\n\nYmFy');
    expect(out.length).toBe(6);
    expect(out.buffer.byteLength).toBe(6);
    expect(out.byteOffset).toBe(0);
  });

  it('round-trips random data of every small length and a large one', () => {
    const rand = rng(3);
    for (let n = 0; n < 70; n++) {
      const u8 = randomBytes(rand, n);
      const b64 = nodeB64(u8);
      expect(base64ToBytes(b64)).toEqual(u8);
      expect(base64ToBytes(b64.replace(/=+$/, ''))).toEqual(u8);
      expect(base64ToBytes(bytesToBase64(u8))).toEqual(u8);
    }
    // toEqual is slow on megabytes: compare through Buffer.
    const big = randomBytes(rand, 3_000_001);
    expect(sameBytes(base64ToBytes(nodeB64(big)), big)).toBe(true);
    expect(sameBytes(base64ToBytes(bytesToBase64(big)), big)).toBe(true);
  });

  it('reports the 1-based position of an invalid character', () => {
    const e = catchCodecError(() => base64ToBytes('Zm9v%mFy'));
    expect(e.position).toBe(5);
    expect(e.message).toBe('Invalid Base64: unexpected character "%" (U+0025) at position 5.');
    expect(e.name).toBe('CodecError');
  });

  it('rejects URL-safe and non-ASCII characters', () => {
    expect(catchCodecError(() => base64ToBytes('ab-_')).position).toBe(3);
    expect(catchCodecError(() => base64ToBytes('abé')).message).toContain('"é" (U+00E9) at position 3');
    // Code unit 0x100 + 'A' must not alias into the 7-bit lookup table.
    expect(catchCodecError(() => base64ToBytes('AAA\u0141')).position).toBe(4);
  });

  it('names control characters by code point', () => {
    expect(catchCodecError(() => base64ToBytes('AA\u0000A')).message).toContain('U+0000 at position 3');
    expect(catchCodecError(() => base64ToBytes('AA\u000bA')).message).toContain('U+000B at position 3');
  });

  it('describes a whole astral character', () => {
    expect(catchCodecError(() => base64ToBytes('AA😀')).message).toContain('"😀" (U+1F600) at position 3');
  });

  it('rejects data after padding', () => {
    const e = catchCodecError(() => base64ToBytes('Zg==Zg=='));
    expect(e.position).toBe(5);
    expect(e.message).toContain('after "=" padding');
    expect(catchCodecError(() => base64ToBytes('Zm8=x')).position).toBe(5);
  });

  it('rejects too much padding', () => {
    expect(catchCodecError(() => base64ToBytes('Zg===')).position).toBe(5);
    expect(catchCodecError(() => base64ToBytes('Zm8==')).position).toBe(5);
    expect(catchCodecError(() => base64ToBytes('Zm9v=')).position).toBe(5);
    expect(catchCodecError(() => base64ToBytes('=')).position).toBe(1);
    expect(catchCodecError(() => base64ToBytes('Z=')).message).toContain('too much padding');
  });

  it('rejects a lone final character', () => {
    const e = catchCodecError(() => base64ToBytes('Zm9vY'));
    expect(e.position).toBe(5);
    expect(e.message).toContain('position 5');
    expect(e.message).toContain('cut short');
    expect(catchCodecError(() => base64ToBytes('Zm9vY \n')).position).toBe(5);
  });
});

// ───────────────────────────── hex ─────────────────────────────

describe('bytesToHex', () => {
  it('formats lowercase pairs with a separator', () => {
    expect(bytesToHex(bytes(0x48, 0x65, 0x0a, 0xff, 0x00))).toBe('48 65 0a ff 00');
    expect(bytesToHex(bytes(0xde, 0xad), '')).toBe('dead');
    expect(bytesToHex(bytes(0xde, 0xad), ':')).toBe('de:ad');
    expect(bytesToHex(bytes())).toBe('');
    expect(bytesToHex(bytes(7))).toBe('07');
  });

  it('covers every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToHex(all, '')).toBe(Buffer.from(all).toString('hex'));
  });
});

describe('parseHex', () => {
  it('parses the accepted notations', () => {
    const expected = [0x48, 0x65];
    for (const s of ['4865', '48 65', '48\n65', ' 48\t65\r\n', '0x48 0x65', '0X48,0x65', '0x4865', '{0x48, 0x65}'.slice(1, -1), '48,65', '4 8 6 5'.replace(/ /g, '')]) {
      expect(Array.from(parseHex(s)), JSON.stringify(s)).toEqual(expected);
    }
  });

  it('accepts upper and lower case digits', () => {
    expect(Array.from(parseHex('DeAdBeEf ABCDEF abcdef'))).toEqual([0xde, 0xad, 0xbe, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef]);
  });

  it('returns an empty array for empty or blank input', () => {
    expect(parseHex('').length).toBe(0);
    expect(parseHex('  \n ').length).toBe(0);
  });

  it('round-trips with bytesToHex for any separator it accepts', () => {
    const rand = rng(4);
    const u8 = randomBytes(rand, 1000);
    expect(parseHex(bytesToHex(u8))).toEqual(u8);
    expect(parseHex(bytesToHex(u8, ''))).toEqual(u8);
    expect(parseHex(bytesToHex(u8, '\n'))).toEqual(u8);
    expect(parseHex(bytesToHex(u8, ', '))).toEqual(u8);
  });

  it('returns an exactly sized array that owns its buffer', () => {
    const out = parseHex('0x01 0x02 0x03');
    expect(out.length).toBe(3);
    expect(out.buffer.byteLength).toBe(3);
  });

  it('names the position and character of the first invalid character', () => {
    const e = catchCodecError(() => parseHex('48 6g 6c'));
    expect(e.position).toBe(5);
    expect(e.message).toBe('Invalid hex: unexpected character "g" (U+0067) at position 5.');
    expect(catchCodecError(() => parseHex('g8')).position).toBe(1);
    expect(catchCodecError(() => parseHex('48 65:6c')).position).toBe(6);
    expect(catchCodecError(() => parseHex('48x65')).position).toBe(3);
    expect(catchCodecError(() => parseHex('00x65')).position).toBe(3);
  });

  it('reports odd digit counts as such', () => {
    const e = catchCodecError(() => parseHex('48 656 6c'));
    expect(e.position).toBe(4);
    expect(e.message).toBe('Invalid hex: odd number of digits (3) in "656" at position 4; each byte needs two digits.');
    expect(catchCodecError(() => parseHex('486')).message).toContain('odd number of digits (3)');
    expect(catchCodecError(() => parseHex('0x1 0x2')).message).toContain('odd number of digits (1) in "0x1" at position 1');
    expect(catchCodecError(() => parseHex('48 6')).position).toBe(4);
  });

  it('reports the first problem when a bad character comes before the odd end', () => {
    expect(catchCodecError(() => parseHex('4z5')).message).toContain('"z"');
  });

  it('shortens very long tokens in the odd-count message', () => {
    const e = catchCodecError(() => parseHex('a'.repeat(101)));
    expect(e.message).toContain('"aaaaaaaaaaaaaaaaaaaaa…"');
    expect(e.message).toContain('(101)');
  });

  it('rejects a 0x prefix with no digits', () => {
    expect(catchCodecError(() => parseHex('48 0x')).message).toBe('Invalid hex: "0x" at position 4 has no digits after it.');
    expect(catchCodecError(() => parseHex('0x 48')).position).toBe(1);
  });
});

// ───────────────────────────── UTF-8 ─────────────────────────────

/** Random strings mixing ASCII, 2-, 3-, 4-byte characters and lone surrogates. */
function randomString(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.4) s += String.fromCharCode(Math.floor(rand() * 0x80));
    else if (r < 0.55) s += String.fromCharCode(0x80 + Math.floor(rand() * 0x780));
    else if (r < 0.7) s += String.fromCharCode(0x800 + Math.floor(rand() * (0xd800 - 0x800)));
    else if (r < 0.8) s += String.fromCharCode(0xe000 + Math.floor(rand() * 0x2000));
    else if (r < 0.9) s += String.fromCodePoint(0x10000 + Math.floor(rand() * 0xfffff));
    else s += String.fromCharCode(0xd800 + Math.floor(rand() * 0x800)); // lone (or accidentally paired) surrogate
  }
  return s;
}

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['\u007f', 1],
    ['\u0080', 2],
    ['é', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['€', 3],
    ['\uffff', 3],
    ['😀', 4],
    ['\u{10ffff}', 4],
    ['\ud800', 3],
    ['\udc00', 3],
    ['\udc00\ud800', 6],
    ['\ud800a', 4],
    ['a\ud83d', 4],
    ['😀\ud83d', 7],
  ])('%j → %i', (s, n) => {
    expect(utf8Length(s)).toBe(n);
  });

  it('agrees with TextEncoder on random strings', () => {
    const rand = rng(5);
    const enc = new TextEncoder();
    for (let k = 0; k < 300; k++) {
      const s = randomString(rand, Math.floor(rand() * 60));
      expect(utf8Length(s), JSON.stringify(s)).toBe(enc.encode(s).length);
    }
  });
});

describe('truncateUtf8', () => {
  it('keeps strings that fit', () => {
    expect(truncateUtf8('hello', 5)).toBe('hello');
    expect(truncateUtf8('hello', 100)).toBe('hello');
    expect(truncateUtf8('hello', Number.POSITIVE_INFINITY)).toBe('hello');
    expect(truncateUtf8('', 0)).toBe('');
  });

  it('cuts at the byte limit without splitting characters', () => {
    expect(truncateUtf8('hello', 3)).toBe('hel');
    expect(truncateUtf8('héllo', 2)).toBe('h');
    expect(truncateUtf8('héllo', 3)).toBe('hé');
    expect(truncateUtf8('a€b', 3)).toBe('a');
    expect(truncateUtf8('a€b', 4)).toBe('a€');
  });

  it('never splits a surrogate pair', () => {
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
    expect(truncateUtf8('😀😀', 7)).toBe('😀');
  });

  it('counts a lone surrogate as 3 bytes', () => {
    expect(truncateUtf8('\ud800x', 3)).toBe('\ud800');
    expect(truncateUtf8('\ud800x', 2)).toBe('');
    expect(truncateUtf8('a\udc00', 3)).toBe('a');
  });

  it('treats zero, negative and NaN limits as 0 and floors fractions', () => {
    expect(truncateUtf8('abc', 0)).toBe('');
    expect(truncateUtf8('abc', -5)).toBe('');
    expect(truncateUtf8('abc', Number.NaN)).toBe('');
    expect(truncateUtf8('abc', 2.9)).toBe('ab');
  });

  it('returns the longest fitting prefix (property test)', () => {
    const rand = rng(6);
    for (let k = 0; k < 400; k++) {
      const s = randomString(rand, 1 + Math.floor(rand() * 30));
      const max = Math.floor(rand() * (utf8Length(s) + 2));
      const t = truncateUtf8(s, max);
      expect(s.startsWith(t)).toBe(true);
      expect(utf8Length(t)).toBeLessThanOrEqual(max);
      if (t.length < s.length) {
        // The next whole code point would not fit.
        const next = String.fromCodePoint(s.codePointAt(t.length)!);
        const nextLen = /^[\ud800-\udbff]$/.test(s[t.length]!) && next.length === 1 ? 3 : utf8Length(next);
        expect(utf8Length(t) + nextLen).toBeGreaterThan(max);
        // Not ending between the halves of a pair.
        const last = t.charCodeAt(t.length - 1);
        const following = s.charCodeAt(t.length);
        expect(last >= 0xd800 && last <= 0xdbff && following >= 0xdc00 && following <= 0xdfff).toBe(false);
      }
    }
  });
});

describe('decodeUtf8', () => {
  const enc = new TextEncoder();

  it('decodes valid UTF-8', () => {
    expect(decodeUtf8(enc.encode('héllo 😀 €'))).toEqual({ text: 'héllo 😀 €', valid: true, firstInvalidOffset: -1 });
    expect(decodeUtf8(bytes())).toEqual({ text: '', valid: true, firstInvalidOffset: -1 });
  });

  it('keeps a leading BOM', () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x41))).toEqual({ text: '\ufeffA', valid: true, firstInvalidOffset: -1 });
  });

  it.each([
    ['lone continuation byte', [0x41, 0x80, 0x42], 1, 'A\ufffdB'],
    ['C0 overlong lead', [0xc0, 0xaf], 0, '\ufffd\ufffd'],
    ['C1 lead', [0x41, 0xc1, 0x81], 1, 'A\ufffd\ufffd'],
    ['F5 lead', [0xf5, 0x80], 0, '\ufffd\ufffd'],
    ['FF', [0x41, 0x42, 0xff], 2, 'AB\ufffd'],
    ['overlong 3-byte E0 80', [0xe0, 0x80, 0x80], 0, '\ufffd\ufffd\ufffd'],
    ['surrogate ED A0 80', [0x61, 0xed, 0xa0, 0x80], 1, 'a\ufffd\ufffd\ufffd'],
    ['overlong 4-byte F0 8F', [0xf0, 0x8f, 0xbf, 0xbf], 0, '\ufffd\ufffd\ufffd\ufffd'],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0, '\ufffd\ufffd\ufffd\ufffd'],
    ['truncated 2-byte at end', [0x61, 0x62, 0xc3], 2, 'ab\ufffd'],
    ['truncated 3-byte at end', [0x61, 0xe2, 0x82], 1, 'a\ufffd'],
    ['truncated 4-byte at end', [0xf0, 0x9f, 0x98], 0, '\ufffd'],
    ['bad continuation in 3-byte', [0xe2, 0x41, 0x82], 0, '\ufffdA\ufffd'],
    ['bad third byte in 4-byte', [0x7a, 0xf0, 0x9f, 0x41], 1, 'z\ufffdA'],
    ['valid then invalid', [0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xfe], 7, '€😀\ufffd'],
  ])('%s', (_name, input, offset, text) => {
    const u8 = Uint8Array.from(input);
    expect(decodeUtf8(u8)).toEqual({ text, valid: false, firstInvalidOffset: offset });
    expect(firstInvalidUtf8(u8)).toBe(offset);
  });

  it('accepts the boundaries of every valid range', () => {
    const valid = [
      [0x00],
      [0x7f],
      [0xc2, 0x80],
      [0xdf, 0xbf],
      [0xe0, 0xa0, 0x80],
      [0xed, 0x9f, 0xbf],
      [0xee, 0x80, 0x80],
      [0xef, 0xbf, 0xbf],
      [0xf0, 0x90, 0x80, 0x80],
      [0xf4, 0x8f, 0xbf, 0xbf],
    ];
    for (const v of valid) expect(firstInvalidUtf8(Uint8Array.from(v)), v.join(',')).toBe(-1);
  });

  it('agrees with TextDecoder on random bytes (property test)', () => {
    const rand = rng(7);
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
    for (let k = 0; k < 3000; k++) {
      // Bias toward high bytes so multi-byte sequences (valid and not) are common.
      const n = Math.floor(rand() * 12);
      const u8 = new Uint8Array(n);
      for (let i = 0; i < n; i++) u8[i] = rand() < 0.3 ? Math.floor(rand() * 0x80) : 0x80 + Math.floor(rand() * 0x80);
      const r = decodeUtf8(u8);
      expect(r.text).toBe(lenient.decode(u8));
      let fatalOk = true;
      try {
        fatal.decode(u8);
      } catch {
        fatalOk = false;
      }
      expect(r.valid).toBe(fatalOk);
      if (!fatalOk) {
        // Everything before the offset decodes cleanly, and the replacement starts right there.
        const prefix = fatal.decode(u8.subarray(0, r.firstInvalidOffset));
        expect(r.text.startsWith(prefix + '\ufffd')).toBe(true);
      } else {
        expect(r.firstInvalidOffset).toBe(-1);
      }
    }
  });

  it('decodes a view, not its whole buffer', () => {
    const u8 = enc.encode('xxhixx').subarray(2, 4);
    expect(decodeUtf8(u8).text).toBe('hi');
  });
});

describe('toUint8', () => {
  it('wraps an ArrayBuffer without copying', () => {
    const ab = new ArrayBuffer(4);
    const u8 = toUint8(ab);
    expect(u8).toBeInstanceOf(Uint8Array);
    expect(u8.buffer).toBe(ab);
    u8[0] = 9;
    expect(new Uint8Array(ab)[0]).toBe(9);
  });

  it('returns a plain Uint8Array as is', () => {
    const u8 = bytes(1, 2, 3);
    expect(toUint8(u8)).toBe(u8);
  });

  it('views other ArrayBufferViews over the same bytes', () => {
    const ab = new ArrayBuffer(8);
    const dv = new DataView(ab, 2, 4);
    const v = toUint8(dv);
    expect([v.buffer === ab, v.byteOffset, v.length]).toEqual([true, 2, 4]);
    const i16 = new Int16Array(ab, 2, 2);
    expect(toUint8(i16).length).toBe(4);
  });

  it('turns a Node Buffer into a plain Uint8Array view', () => {
    const buf = Buffer.from([1, 2, 3]);
    const v = toUint8(buf);
    expect(Object.getPrototypeOf(v)).toBe(Uint8Array.prototype);
    expect(v.buffer).toBe(buf.buffer);
    expect(Array.from(v)).toEqual([1, 2, 3]);
  });
});
