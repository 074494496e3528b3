import { describe, expect, it } from 'vitest';
import {
  BUCKET_WIDTHS_MS,
  MAX_POINTS,
  RateAccumulator,
  bucketWidthFor,
  computeRates,
  rateSummary,
  type RateFrame,
  type RateSeries,
} from './rates';
import { formatBytes, formatClock } from './format';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 250); // not on a whole second: buckets align to the start, not the clock

/** The obvious way, for comparison: every bucket of the given width counted directly, frame by frame. */
function naive(frames: RateFrame[], start: number, width: number, buckets: number) {
  const z = () => new Array<number>(buckets).fill(0);
  const r = { sentMsgs: z(), receivedMsgs: z(), sentBytes: z(), receivedBytes: z() };
  for (const f of frames) {
    const b = Math.floor(Math.max(0, f.time - start) / width);
    if (f.dir === 'sent') {
      r.sentMsgs[b]! += 1000 / width;
      r.sentBytes[b]! += (f.size * 1000) / width;
    } else {
      r.receivedMsgs[b]! += 1000 / width;
      r.receivedBytes[b]! += (f.size * 1000) / width;
    }
  }
  return r;
}

function expectMatchesNaive(s: RateSeries, frames: RateFrame[], start: number) {
  const n = naive(frames, start, s.width, s.times.length);
  expect([...s.sentMsgs]).toEqual(n.sentMsgs.map((v) => expect.closeTo(v, 9)));
  expect([...s.receivedMsgs]).toEqual(n.receivedMsgs.map((v) => expect.closeTo(v, 9)));
  expect([...s.sentBytes]).toEqual(n.sentBytes.map((v) => expect.closeTo(v, 6)));
  expect([...s.receivedBytes]).toEqual(n.receivedBytes.map((v) => expect.closeTo(v, 6)));
  s.times.forEach((t, i) => expect(t).toBe(start + i * s.width));
}

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('bucketWidthFor', () => {
  it('takes the narrowest width that keeps the span within maxPoints buckets', () => {
    for (const span of [0, 1, 599_999, 600_000, 600_001, 3_000_000, 3_000_001, 36_000_000, 90 * 86_400_000]) {
      const w = bucketWidthFor(span);
      expect(Math.floor(span / w)).toBeLessThan(MAX_POINTS);
      const i = BUCKET_WIDTHS_MS.indexOf(w);
      const narrower = i > 0 ? BUCKET_WIDTHS_MS[i - 1]! : i === -1 ? w / 2 : null;
      if (narrower !== null) expect(Math.floor(span / narrower)).toBeGreaterThanOrEqual(MAX_POINTS);
    }
  });

  it('is 1 s up to 10 minutes at 600 points, then wider', () => {
    expect(bucketWidthFor(MAX_POINTS * 1000 - 1)).toBe(1000);
    expect(bucketWidthFor(MAX_POINTS * 1000)).toBeGreaterThan(1000);
  });

  it('each width divides the next, so buckets can merge in place', () => {
    for (let i = 1; i < BUCKET_WIDTHS_MS.length; i++) expect(BUCKET_WIDTHS_MS[i]! % BUCKET_WIDTHS_MS[i - 1]!).toBe(0);
  });

  it('does not loop on spans it cannot measure', () => {
    expect(bucketWidthFor(Infinity)).toBe(BUCKET_WIDTHS_MS[0]);
    expect(bucketWidthFor(NaN)).toBe(BUCKET_WIDTHS_MS[0]);
    expect(bucketWidthFor(-5)).toBe(BUCKET_WIDTHS_MS[0]);
  });
});

describe('computeRates', () => {
  it('no frames and no end: no buckets and no peaks', () => {
    const s = computeRates([], T0);
    expect(s.times.length).toBe(0);
    expect(s.peaks.sent.byMessages).toBeNull();
    expect(s.peaks.received.byBytes).toBeNull();
    expect(rateSummary(s)).toMatch(/^No frames yet/);
  });

  it('no frames but a span: empty buckets up to the end', () => {
    const s = computeRates([], T0, T0 + 3500);
    expect(s.times.length).toBe(4);
    expect([...s.sentMsgs, ...s.receivedMsgs, ...s.sentBytes, ...s.receivedBytes].every((v) => v === 0)).toBe(true);
  });

  it('a single frame: one bucket, its peak', () => {
    const s = computeRates([{ time: T0 + 10, dir: 'received', size: 42 }], T0);
    expect(s.times.length).toBe(1);
    expect(s.receivedMsgs[0]).toBe(1);
    expect(s.receivedBytes[0]).toBe(42);
    expect(s.sentMsgs[0]).toBe(0);
    expect(s.peaks.received.byMessages).toEqual({ msgs: 1, bytes: 42, at: T0 });
    expect(s.peaks.sent.byMessages).toBeNull();
  });

  it('bucket boundaries: [start + i·w, start + (i+1)·w), aligned to the start', () => {
    const frames: RateFrame[] = [
      { time: T0, dir: 'sent', size: 1 },
      { time: T0 + 999.999, dir: 'sent', size: 2 },
      { time: T0 + 1000, dir: 'sent', size: 4 },
      { time: T0 + 2999.5, dir: 'received', size: 8 },
      { time: T0 + 3000, dir: 'received', size: 16 },
    ];
    const s = computeRates(frames, T0);
    expect(s.width).toBe(1000);
    expect([...s.sentMsgs]).toEqual([2, 1, 0, 0]);
    expect([...s.sentBytes]).toEqual([3, 4, 0, 0]);
    expect([...s.receivedMsgs]).toEqual([0, 0, 1, 1]);
    expect([...s.receivedBytes]).toEqual([0, 0, 8, 16]);
    expectMatchesNaive(s, frames, T0);
  });

  it('the end: a span of exactly n widths is n buckets; a hair more is n + 1', () => {
    expect(computeRates([{ time: T0, dir: 'sent', size: 1 }], T0, T0 + 2000).times.length).toBe(2);
    expect(computeRates([{ time: T0, dir: 'sent', size: 1 }], T0, T0 + 2000.5).times.length).toBe(3);
    // An end before the last frame changes nothing.
    expect(computeRates([{ time: T0 + 4200, dir: 'sent', size: 1 }], T0, T0 + 100).times.length).toBe(5);
  });

  it('a frame before the start counts in the first bucket', () => {
    const s = computeRates([{ time: T0 - 50, dir: 'sent', size: 3 }], T0);
    expect([...s.sentMsgs]).toEqual([1]);
  });

  it('frames in any order give the same buckets', () => {
    const rand = rng(7);
    const frames: RateFrame[] = Array.from({ length: 500 }, () => ({
      time: T0 + rand() * 20_000,
      dir: rand() < 0.5 ? 'sent' : 'received',
      size: Math.floor(rand() * 1000),
    }));
    const sorted = [...frames].sort((a, b) => a.time - b.time);
    const a = computeRates(frames, T0);
    const b = computeRates(sorted, T0);
    expect([...a.sentBytes]).toEqual([...b.sentBytes]);
    expect([...a.receivedMsgs]).toEqual([...b.receivedMsgs]);
    expectMatchesNaive(a, frames, T0);
  });

  it('adaptive width: a long connection widens, never past maxPoints, and equals a direct count at that width', () => {
    const rand = rng(42);
    for (const [span, maxPoints] of [
      [3_600_000, 600],
      [600_000, 600],
      [599_999, 600],
      [12 * 3_600_000, 600],
      [40 * 86_400_000, 600],
      [95_000, 7],
    ] as const) {
      const frames: RateFrame[] = Array.from({ length: 2000 }, () => ({
        time: T0 + rand() * span,
        dir: rand() < 0.3 ? 'sent' : 'received',
        size: Math.floor(rand() * 5000),
      }));
      frames.push({ time: T0 + span, dir: 'sent', size: 1 });
      const s = computeRates(frames, T0, undefined, maxPoints);
      expect(s.width).toBe(bucketWidthFor(span, maxPoints));
      expect(s.times.length).toBeLessThanOrEqual(maxPoints);
      expect(s.times.length).toBe(Math.floor(span / s.width) + 1);
      expectMatchesNaive(s, frames, T0);
      // Nothing lost in the merging: the rates add back up to the totals.
      const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0) * (s.width / 1000);
      expect(sum(s.sentMsgs) + sum(s.receivedMsgs)).toBeCloseTo(frames.length, 6);
      expect(s.totals.sent.frames + s.totals.received.frames).toBe(frames.length);
    }
  });

  it('widening through extendTo alone (a live connection going quiet) merges what was counted', () => {
    const acc = new RateAccumulator(T0, 10);
    acc.add(T0 + 500, 'sent', 10); // bucket 0 at 1 s
    acc.add(T0 + 9_500, 'sent', 20); // bucket 9 at 1 s
    expect(acc.width).toBe(1000);
    acc.extendTo(T0 + 10_001); // needs an 11th second: 5 s buckets
    const s = acc.series();
    expect(s.width).toBe(5000);
    expect(s.times.length).toBe(3);
    expect([...s.sentMsgs]).toEqual([1 / 5, 1 / 5, 0]);
    expect([...s.sentBytes]).toEqual([10 / 5, 20 / 5, 0]);
  });

  it('peaks: the busiest bucket by messages and by bytes, each way, the earliest of equals', () => {
    const frames: RateFrame[] = [];
    // Second 0: 5 small sent. Second 2: 3 big sent. Second 4: 5 small sent again (a tie: second 0 wins).
    for (let i = 0; i < 5; i++) frames.push({ time: T0 + 100 + i, dir: 'sent', size: 10 });
    for (let i = 0; i < 3; i++) frames.push({ time: T0 + 2100 + i, dir: 'sent', size: 1000 });
    for (let i = 0; i < 5; i++) frames.push({ time: T0 + 4100 + i, dir: 'sent', size: 10 });
    frames.push({ time: T0 + 3500, dir: 'received', size: 7 });
    const s = computeRates(frames, T0);
    expect(s.peaks.sent.byMessages).toEqual({ msgs: 5, bytes: 50, at: T0 });
    expect(s.peaks.sent.byBytes).toEqual({ msgs: 3, bytes: 3000, at: T0 + 2000 });
    expect(s.peaks.received.byMessages).toEqual({ msgs: 1, bytes: 7, at: T0 + 3000 });
    const text = rateSummary(s);
    expect(text).toContain(`↑ 5.0 msg/s (${formatBytes(50)}/s) at ${formatClock(T0).slice(0, 10)}`);
    expect(text).toContain(`most bytes ↑ ${formatBytes(3000)}/s at ${formatClock(T0 + 2000).slice(0, 10)}`);
    expect(text).toContain('1 s buckets');
  });

  it('100,000 frames over an hour in one pass, within MAX_POINTS buckets (how fast: a benchmark question, not a test)', () => {
    const rand = rng(3);
    const frames: RateFrame[] = [];
    for (let i = 0; i < 100_000; i++)
      frames.push({ time: T0 + i * 36 + rand() * 10, dir: i % 3 === 0 ? 'sent' : 'received', size: 100 + (i % 900) });
    const s = computeRates(frames, T0, T0 + 3_600_000);
    expect(s.totals.sent.frames + s.totals.received.frames).toBe(100_000);
    expect(s.times.length).toBeLessThanOrEqual(MAX_POINTS);
    expectMatchesNaive(s, frames, T0);
  });
});
