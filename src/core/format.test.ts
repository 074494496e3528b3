import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatCount, formatDuration, formatRate, formatRelative } from './format';

describe('formatClock', () => {
  const savedTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('formats local time as zero-padded 24-hour hh:mm:ss.mmm', () => {
    expect(formatClock(Date.UTC(2024, 0, 2, 3, 4, 5, 6))).toBe('03:04:05.006');
    expect(formatClock(Date.UTC(2024, 0, 2, 23, 59, 59, 999))).toBe('23:59:59.999');
    expect(formatClock(Date.UTC(2024, 0, 2, 13, 0, 0, 0))).toBe('13:00:00.000');
    expect(formatClock(Date.UTC(2024, 0, 2, 0, 0, 0, 50))).toBe('00:00:00.050');
    expect(formatClock(0)).toBe('00:00:00.000');
  });

  it('drops sub-millisecond parts instead of rounding up', () => {
    expect(formatClock(Date.UTC(2024, 0, 2, 23, 59, 59, 999) + 0.9)).toBe('23:59:59.999');
  });

  it('follows the local time zone', () => {
    const t = Date.UTC(2024, 6, 1, 12, 30, 15, 250);
    process.env.TZ = 'Asia/Kolkata'; // UTC+05:30, no DST
    expect(formatClock(t)).toBe('18:00:15.250');
    process.env.TZ = 'America/New_York'; // EDT in July: UTC-4
    expect(formatClock(t)).toBe('08:30:15.250');
    process.env.TZ = 'UTC';
  });

  it('agrees with Date getters for arbitrary times in the current zone', () => {
    for (const t of [1_700_000_000_123, 1_234_567_890_001, 946_684_799_999]) {
      const d = new Date(t);
      const pad = (n: number, w: number) => String(n).padStart(w, '0');
      expect(formatClock(t)).toBe(
        `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`,
      );
    }
  });

  it('shows a placeholder for non-finite or out-of-range times', () => {
    expect(formatClock(Number.NaN)).toBe('--:--:--.---');
    expect(formatClock(Number.POSITIVE_INFINITY)).toBe('--:--:--.---');
    expect(formatClock(9e15)).toBe('--:--:--.---');
  });
});

describe('formatRelative', () => {
  it.each([
    [0, '+0.000s'],
    [-0, '+0.000s'],
    [1, '+0.001s'],
    [12_345, '+12.345s'],
    [59_999, '+59.999s'],
    [59_999.6, '+1m 00.000s'],
    [60_000, '+1m 00.000s'],
    [123_456, '+2m 03.456s'],
    [3_599_999, '+59m 59.999s'],
    [3_600_000, '+1h 00m 00s'],
    [3_723_000, '+1h 02m 03s'],
    [3_723_999, '+1h 02m 03s'],
    [93_600_000, '+26h 00m 00s'],
    [-500, '-0.500s'],
    [-123_456, '-2m 03.456s'],
    [-0.4, '+0.000s'],
    [0.0004, '+0.000s'],
    [1000 * 1.001, '+1.001s'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatRelative(ms)).toBe(text);
  });

  it('returns a dash for non-finite input', () => {
    expect(formatRelative(Number.NaN)).toBe('—');
    expect(formatRelative(Number.NEGATIVE_INFINITY)).toBe('—');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [0.4, '0 ms'],
    [850, '850 ms'],
    [999.4, '999 ms'],
    [999.6, '1.0 s'],
    [1000, '1.0 s'],
    [12_345, '12.3 s'],
    [12_350, '12.4 s'],
    [59_949, '59.9 s'],
    [59_950, '1m 00s'],
    [123_000, '2m 03s'],
    [123_500, '2m 04s'],
    [3_599_000, '59m 59s'],
    [3_599_500, '1h 00m'],
    [3_720_000, '1h 02m'],
    [3_750_000, '1h 03m'],
    [100 * 3_600_000, '100h 00m'],
    [-850, '-850 ms'],
    [-12_345, '-12.3 s'],
    [-0.2, '0 ms'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('returns a dash for non-finite input', () => {
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [999, '999 B'],
    [1023, '1023 B'],
    [1023.4, '1023 B'],
    [1023.6, '1.0 KB'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [10 * 1024 - 1, '10.0 KB'],
    [1024 * 1024 - 1, '1.0 MB'],
    [1024 * 1024 - 52, '1023.9 KB'],
    [1024 * 1024, '1.0 MB'],
    [20 * 1024 * 1024, '20.0 MB'],
    [256 * 1024 * 1024, '256.0 MB'],
    [1024 ** 3 * 1.25, '1.3 GB'],
    [1024 ** 4, '1.0 TB'],
    [1024 ** 5, '1.0 PB'],
    [1024 ** 6, '1.0 EB'],
    [1024 ** 7, '1024.0 EB'],
    [-2048, '-2.0 KB'],
    [-0.2, '0 B'],
  ])('%s → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('returns a dash for non-finite input', () => {
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [12_345, '12,345'],
    [100_000, '100,000'],
    [1_234_567, '1,234,567'],
    [-1_234_567, '-1,234,567'],
    [-999, '-999'],
    [1234.5, '1,235'],
    [-0.4, '0'],
    [Number.MAX_SAFE_INTEGER, '9,007,199,254,740,991'],
    [1e21, '1,000,000,000,000,000,000,000'],
  ])('%s → %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it('does not depend on the locale', () => {
    const saved = Number.prototype.toLocaleString;
    Number.prototype.toLocaleString = () => 'LOCALE';
    try {
      expect(formatCount(1_000_000)).toBe('1,000,000');
    } finally {
      Number.prototype.toLocaleString = saved;
    }
  });

  it('returns a dash for non-finite input', () => {
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatRate', () => {
  it.each([
    [25, 2000, '12.5/s'],
    [0, 1000, '0.0/s'],
    [1, 1000, '1.0/s'],
    [1, 3000, '0.3/s'],
    [1, 15_000, '0.1/s'],
    [1, 25_000, '<0.1/s'],
    [2, 3, '666.7/s'],
    [999_949, 1_000_000, '999.9/s'],
    [999_960, 1_000_000, '1,000/s'],
    [123_456, 10_000, '12,346/s'],
    [1, 0.001, '1,000,000/s'],
  ])('%s in %s ms → %s', (count, ms, text) => {
    expect(formatRate(count, ms)).toBe(text);
  });

  it('returns a dash when no rate can be computed', () => {
    expect(formatRate(5, 0)).toBe('—');
    expect(formatRate(5, -10)).toBe('—');
    expect(formatRate(-5, 1000)).toBe('—');
    expect(formatRate(Number.NaN, 1000)).toBe('—');
    expect(formatRate(5, Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatRate(Number.MAX_VALUE, 0.5)).toBe('—');
  });
});
