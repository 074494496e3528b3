/**
 * Compact, locale-independent formatting of times, durations, sizes, counts and rates for the
 * panel. Every function returns '—' for NaN or ±Infinity rather than throwing.
 */

import type { BinaryKind, Direction } from './protocol';

const NOT_A_NUMBER = '—';

const BIN_KIND_TEXT: Record<BinaryKind, string> = {
  arraybuffer: 'an ArrayBuffer',
  blob: 'a Blob',
  typedarray: 'a typed array',
  dataview: 'a DataView',
};

/**
 * What kind of frame this is, in words: a sent binary frame says what the page passed to send(),
 * a received one the type its socket delivered it as (the socket's `binaryType`).
 */
export function frameTypeText(f: { opcode: 'text' } | { opcode: 'binary'; dir: Direction; binKind: BinaryKind }): string {
  if (f.opcode === 'text') return 'text';
  return f.dir === 'sent'
    ? `binary, sent as ${BIN_KIND_TEXT[f.binKind]}`
    : `binary, received as ${BIN_KIND_TEXT[f.binKind]} (the socket's binaryType)`;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pad3(n: number): string {
  return n < 10 ? '00' + n : n < 100 ? '0' + n : String(n);
}

/**
 * Local wall-clock time of an epoch-milliseconds timestamp: `hh:mm:ss.mmm`, 24-hour, zero-padded
 * ("09:05:03.007"). Sub-millisecond parts are dropped.
 */
export function formatClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '--:--:--.---';
  const d = new Date(Math.floor(epochMs));
  if (Number.isNaN(d.getTime())) return '--:--:--.---';
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`;
}

/**
 * Offset from a reference time, signed, rounded to the millisecond (seconds truncated in the
 * hour form):
 *   < 1 min  `+0.000s`, `+12.345s`
 *   < 1 h    `+2m 03.456s`
 *   ≥ 1 h    `+1h 02m 03s` (hours not capped: `+26h 00m 00s`)
 * Negative offsets start with '-'.
 */
export function formatRelative(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_A_NUMBER;
  const total = Math.round(Math.abs(ms));
  const sign = ms < 0 && total > 0 ? '-' : '+';
  const milli = total % 1000;
  const secs = Math.floor(total / 1000);
  if (secs < 60) return `${sign}${secs}.${pad3(milli)}s`;
  const mins = Math.floor(secs / 60);
  if (mins < 60) return `${sign}${mins}m ${pad2(secs % 60)}.${pad3(milli)}s`;
  return `${sign}${Math.floor(mins / 60)}h ${pad2(mins % 60)}m ${pad2(secs % 60)}s`;
}

/**
 * A duration at a precision fitting its size, rounded (never showing "60.0 s" or "1000 ms"):
 *   < 1 s    `850 ms`
 *   < 1 min  `12.3 s`
 *   < 1 h    `2m 03s`
 *   ≥ 1 h    `1h 02m`
 * Negative durations start with '-'.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_A_NUMBER;
  const abs = Math.abs(ms);
  const sign = ms < 0 && Math.round(abs) > 0 ? '-' : '';
  const whole = Math.round(abs);
  if (whole < 1000) return `${sign}${whole} ms`;
  const tenths = Math.round(abs / 100);
  if (tenths < 600) return `${sign}${Math.floor(tenths / 10)}.${tenths % 10} s`;
  const secs = Math.round(abs / 1000);
  if (secs < 3600) return `${sign}${Math.floor(secs / 60)}m ${pad2(secs % 60)}s`;
  const mins = Math.round(abs / 60000);
  return `${sign}${Math.floor(mins / 60)}h ${pad2(mins % 60)}m`;
}

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

/**
 * A byte size in base 1024: whole bytes below 1 KB (`0 B`, `999 B`, `1023 B`), else one decimal
 * with the largest unit that keeps the number below 1024 after rounding (`1.0 KB`, `20.0 MB`;
 * 1,048,575 bytes is `1.0 MB`, not `1024.0 KB`).
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return NOT_A_NUMBER;
  const abs = Math.abs(n);
  const whole = Math.round(abs);
  const sign = n < 0 && whole > 0 ? '-' : '';
  if (whole < 1024) return `${sign}${whole} B`;
  let value = abs / 1024;
  let unit = 0;
  while (Math.round(value * 10) >= 10240 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${(Math.round(value * 10) / 10).toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** An integer with ',' between thousands (`100,000`, `-1,234`), rounded to the nearest integer. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return NOT_A_NUMBER;
  const rounded = Math.round(n);
  // BigInt prints every integer-valued double exactly, without exponent notation.
  const digits = BigInt(Math.abs(rounded)).toString();
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end);
    out = out === '' ? part : part + ',' + out;
  }
  return (rounded < 0 ? '-' : '') + out;
}

/**
 * Events per second from a count over `ms` milliseconds: one decimal (`12.5/s`, `0.0/s`),
 * `<0.1/s` for non-zero rates that would round to 0.0, whole numbers with separators from
 * 1,000 (`12,346/s`). '—' when ms ≤ 0, count < 0, or either input is not finite.
 */
export function formatRate(count: number, ms: number): string {
  if (!Number.isFinite(count) || !Number.isFinite(ms) || ms <= 0 || count < 0) return NOT_A_NUMBER;
  const rate = (count * 1000) / ms;
  if (!Number.isFinite(rate)) return NOT_A_NUMBER;
  if (rate === 0) return '0.0/s';
  const tenths = Math.round(rate * 10);
  if (tenths === 0) return '<0.1/s';
  if (tenths < 10000) return `${Math.floor(tenths / 10)}.${tenths % 10}/s`;
  return `${formatCount(rate)}/s`;
}
