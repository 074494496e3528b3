/**
 * Hex dumps of binary payloads, `hexdump -C` style:
 *
 *   00000000  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a        |Hello, World!.|
 *
 * hexDumpRows() produces only the rows a virtualised list shows; hexDump() the whole text
 * (for copying), built from the same rows so the two always agree.
 */

import { formatCount } from './format';

export interface HexDumpRow {
  /** Byte offset of the row's first byte: at least 8 lowercase hex digits ("00000010"). */
  offset: string;
  /**
   * Two lowercase hex digits per byte, separated by one space, with one extra space after every
   * 8 bytes ("48 65 6c 6c 6f 2c 20 57  6f 72"). Not padded on a short last row.
   */
  hex: string;
  /** One character per byte: printable ASCII (0x20–0x7E) as is, anything else as '.'. */
  ascii: string;
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ASCII_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => (i >= 0x20 && i <= 0x7e ? String.fromCharCode(i) : '.'));

function normWidth(width: number): number {
  return Number.isFinite(width) && width >= 1 ? Math.floor(width) : 16;
}

/** Number of rows hexDumpRows() can produce for `byteLength` bytes. */
export function hexDumpRowCount(byteLength: number, width = 16): number {
  return Math.ceil(Math.max(0, byteLength) / normWidth(width));
}

/** Character width of a full row's `hex` string for `width` bytes per row. */
export function hexColumnWidth(width = 16): number {
  const w = normWidth(width);
  return w * 3 - 1 + Math.floor((w - 1) / 8);
}

/**
 * Rows `start` … `start + count - 1` (row indices, not byte offsets) of a dump with `width` bytes
 * per row; rows past the end of the data are omitted, so the result may be shorter than `count`.
 */
export function hexDumpRows(u8: Uint8Array, start: number, count: number, width = 16): HexDumpRow[] {
  const w = normWidth(width);
  const total = hexDumpRowCount(u8.length, w);
  const first = Math.max(0, Math.floor(start) || 0);
  const end = Math.min(total, first + Math.max(0, Math.floor(count) || 0));
  const rows: HexDumpRow[] = [];
  for (let r = first; r < end; r++) {
    const from = r * w;
    const to = Math.min(u8.length, from + w);
    let hex = '';
    let ascii = '';
    for (let i = from; i < to; i++) {
      const b = u8[i]!;
      const k = i - from;
      if (k > 0) hex += k % 8 === 0 ? '  ' : ' ';
      hex += HEX_BYTE[b];
      ascii += ASCII_BYTE[b];
    }
    rows.push({ offset: from.toString(16).padStart(8, '0'), hex, ascii });
  }
  return rows;
}

/**
 * The whole dump as text, one line per row: `offset  hex  |ascii|`, the hex column padded so
 * the ASCII column lines up; lines joined by '\n' with no trailing newline; '' for no bytes.
 * With `maxBytes` (floored) smaller than the data, only the first maxBytes are dumped and a last
 * line reads `… 1,234 more bytes not shown (5,000 bytes in total)`.
 */
export function hexDump(u8: Uint8Array, maxBytes?: number, width = 16): string {
  const w = normWidth(width);
  const limit = maxBytes === undefined || !(maxBytes < u8.length) ? u8.length : Math.max(0, Math.floor(maxBytes) || 0);
  const shown = u8.subarray(0, limit);
  const hexWidth = hexColumnWidth(w);
  const rows = hexDumpRows(shown, 0, hexDumpRowCount(shown.length, w), w);
  const lines = rows.map((row) => `${row.offset}  ${row.hex.padEnd(hexWidth)}  |${row.ascii}|`);
  const omitted = u8.length - limit;
  if (omitted > 0) {
    lines.push(`… ${formatCount(omitted)} more byte${omitted === 1 ? '' : 's'} not shown (${formatCount(u8.length)} bytes in total)`);
  }
  return lines.join('\n');
}
