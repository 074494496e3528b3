import { describe, expect, it } from 'vitest';
import { hexColumnWidth, hexDump, hexDumpRowCount, hexDumpRows } from './hexdump';

const enc = new TextEncoder();
const hello = enc.encode('Hello, World!\n'); // 14 bytes

describe('hexDumpRows', () => {
  it('formats a short row', () => {
    expect(hexDumpRows(hello, 0, 10)).toEqual([
      { offset: '00000000', hex: '48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a', ascii: 'Hello, World!.' },
    ]);
  });

  it('formats full rows with the extra space after 8 bytes', () => {
    const u8 = Uint8Array.from({ length: 40 }, (_, i) => i + 0x30);
    const rows = hexDumpRows(u8, 0, 3);
    expect(rows).toEqual([
      { offset: '00000000', hex: '30 31 32 33 34 35 36 37  38 39 3a 3b 3c 3d 3e 3f', ascii: '0123456789:;<=>?' },
      { offset: '00000010', hex: '40 41 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f', ascii: '@ABCDEFGHIJKLMNO' },
      { offset: '00000020', hex: '50 51 52 53 54 55 56 57', ascii: 'PQRSTUVW' },
    ]);
    expect(rows[0]!.hex.length).toBe(hexColumnWidth(16));
  });

  it('shows only printable ASCII, everything else as "."', () => {
    const u8 = Uint8Array.from([0x00, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xff, 0x41]);
    expect(hexDumpRows(u8, 0, 1)[0]!.ascii).toBe('.. ~...A');
  });

  it('returns the requested window of rows (row indices, not byte offsets)', () => {
    const u8 = new Uint8Array(16 * 100 + 5);
    const rows = hexDumpRows(u8, 50, 3);
    expect(rows.map((r) => r.offset)).toEqual(['00000320', '00000330', '00000340']);
    const tail = hexDumpRows(u8, 99, 10);
    expect(tail.map((r) => r.offset)).toEqual(['00000630', '00000640']);
    expect(tail[1]!.hex).toBe('00 00 00 00 00');
  });

  it('clamps the window', () => {
    expect(hexDumpRows(hello, 5, 3)).toEqual([]);
    expect(hexDumpRows(hello, 0, 0)).toEqual([]);
    expect(hexDumpRows(hello, -4, 1)).toHaveLength(1);
    expect(hexDumpRows(hello, 0, -1)).toEqual([]);
    expect(hexDumpRows(new Uint8Array(0), 0, 10)).toEqual([]);
    expect(hexDumpRows(hello, Number.NaN, 1)[0]!.offset).toBe('00000000');
  });

  it('pads offsets to 8 lowercase hex digits', () => {
    const u8 = new Uint8Array(0x1000);
    expect(hexDumpRows(u8, 0xf, 1)[0]!.offset).toBe('000000f0');
    expect(hexDumpRows(u8, 0xff, 1)[0]!.offset).toBe('00000ff0');
  });

  it('supports other widths, grouping by 8', () => {
    const u8 = Uint8Array.from({ length: 20 }, (_, i) => i);
    expect(hexDumpRows(u8, 0, 5, 8).map((r) => r.hex)).toEqual(['00 01 02 03 04 05 06 07', '08 09 0a 0b 0c 0d 0e 0f', '10 11 12 13']);
    expect(hexDumpRows(u8, 0, 1, 20)[0]!.hex).toBe('00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  10 11 12 13');
    expect(hexDumpRows(u8, 1, 1, 4)[0]).toEqual({ offset: '00000004', hex: '04 05 06 07', ascii: '....' });
    // Nonsense widths fall back to 16.
    expect(hexDumpRows(u8, 0, 1, 0)[0]!.ascii).toHaveLength(16);
  });

  it('agrees with Node for every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const rows = hexDumpRows(all, 0, 16);
    expect(rows.map((r) => r.hex.replace(/ /g, '')).join('')).toBe(Buffer.from(all).toString('hex'));
    expect(rows.map((r) => r.ascii).join('')).toBe(
      Array.from(all, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join(''),
    );
  });
});

describe('hexDumpRowCount / hexColumnWidth', () => {
  it('counts rows', () => {
    expect(hexDumpRowCount(0)).toBe(0);
    expect(hexDumpRowCount(1)).toBe(1);
    expect(hexDumpRowCount(16)).toBe(1);
    expect(hexDumpRowCount(17)).toBe(2);
    expect(hexDumpRowCount(17, 8)).toBe(3);
  });

  it('measures the hex column', () => {
    expect(hexColumnWidth(16)).toBe(48);
    expect(hexColumnWidth(8)).toBe(23);
    expect(hexColumnWidth(1)).toBe(2);
    expect(hexColumnWidth(9)).toBe(27);
  });
});

describe('hexDump', () => {
  it('matches hexdump -C layout (without the trailing length line)', () => {
    expect(hexDump(hello)).toBe('00000000  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a        |Hello, World!.|');
  });

  it('lines up the ASCII column on every line', () => {
    const u8 = enc.encode('The quick brown fox jumps over the lazy dog');
    const text = hexDump(u8);
    expect(text).toBe(
      [
        '00000000  54 68 65 20 71 75 69 63  6b 20 62 72 6f 77 6e 20  |The quick brown |',
        '00000010  66 6f 78 20 6a 75 6d 70  73 20 6f 76 65 72 20 74  |fox jumps over t|',
        '00000020  68 65 20 6c 61 7a 79 20  64 6f 67                 |he lazy dog|',
      ].join('\n'),
    );
    for (const line of text.split('\n')) expect(line.indexOf('|')).toBe(60);
  });

  it('is consistent with hexDumpRows', () => {
    const u8 = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff);
    const lines = hexDump(u8).split('\n');
    const rows = hexDumpRows(u8, 0, 1000);
    expect(lines).toHaveLength(rows.length);
    rows.forEach((r, i) => {
      expect(lines[i]).toBe(`${r.offset}  ${r.hex.padEnd(48)}  |${r.ascii}|`);
    });
  });

  it('returns "" for no bytes', () => {
    expect(hexDump(new Uint8Array(0))).toBe('');
  });

  it('says how many bytes were omitted when maxBytes cuts', () => {
    const u8 = new Uint8Array(5000).fill(0x41);
    const lines = hexDump(u8, 20).split('\n');
    expect(lines).toEqual([
      '00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|',
      '00000010  41 41 41 41                                       |AAAA|',
      '… 4,980 more bytes not shown (5,000 bytes in total)',
    ]);
    expect(hexDump(hello, 13).split('\n')[1]).toBe('… 1 more byte not shown (14 bytes in total)');
    expect(hexDump(hello, 0)).toBe('… 14 more bytes not shown (14 bytes in total)');
    expect(hexDump(hello, -3)).toBe('… 14 more bytes not shown (14 bytes in total)');
    expect(hexDump(hello, 2.9).split('\n')[0]).toBe('00000000  48 65' + ' '.repeat(48 - 5) + '  |He|');
  });

  it('adds no line when maxBytes does not cut', () => {
    expect(hexDump(hello, 14)).toBe(hexDump(hello));
    expect(hexDump(hello, 1e9)).toBe(hexDump(hello));
    expect(hexDump(hello, Number.POSITIVE_INFINITY)).toBe(hexDump(hello));
  });

  it('supports a custom width', () => {
    expect(hexDump(enc.encode('abcdefghij'), undefined, 4)).toBe(
      ['00000000  61 62 63 64  |abcd|', '00000004  65 66 67 68  |efgh|', '00000008  69 6a        |ij|'].join('\n'),
    );
  });
});
