/**
 * Messages and bytes per second of one connection over time, for the panel's rate chart.
 *
 * Frames fall into buckets of equal width aligned to the connection's start: bucket i covers
 * [start + i·width, start + (i+1)·width). The width adapts so that a connection of any length
 * gives at most `maxPoints` buckets: 1 s while that covers the span (10 minutes at 600 points),
 * then 5 s, 10 s, 30 s, 1 min, 5 min, … Each width in `BUCKET_WIDTHS_MS` divides the next, so
 * widening merges whole buckets in place and gives exactly the buckets a direct computation at
 * the wider width would: frames can be added one at a time, as they arrive, in one pass and in
 * constant memory (four Float64Arrays of `maxPoints`).
 *
 * A bucket's rate is its total divided by the full width, the last (partial) bucket included.
 */
import type { Direction } from './protocol';
import { formatBytes, formatClock, formatCount, formatDuration } from './format';

/** At most this many buckets per connection by default: about one per pixel of a wide panel. */
export const MAX_POINTS = 600;

/** Bucket widths in ms, narrowest first; each divides the next. Beyond the last, doubling. */
export const BUCKET_WIDTHS_MS: readonly number[] = [
  1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/** What a frame contributes: when, which way, how many bytes (the full payload size). */
export interface RateFrame {
  time: number;
  dir: Direction;
  size: number;
}

/** The busiest bucket of one direction. */
export interface RatePeak {
  /** Messages per second in that bucket. */
  msgs: number;
  /** Bytes per second in that bucket. */
  bytes: number;
  /** Start of the bucket, epoch ms. */
  at: number;
}

export interface RatePeaks {
  /** The bucket with the most messages (the earliest of equals); null when no frame went this way. */
  byMessages: RatePeak | null;
  /** The bucket with the most bytes (the earliest of equals); null when no frame went this way. */
  byBytes: RatePeak | null;
}

/** A snapshot of the buckets: per-second rates, one entry per bucket, empty buckets as 0. */
export interface RateSeries {
  /** The connection's start (epoch ms): the start of bucket 0. */
  start: number;
  /** Bucket width in ms. */
  width: number;
  /** Start of each bucket, epoch ms. */
  times: Float64Array;
  sentMsgs: Float64Array;
  receivedMsgs: Float64Array;
  sentBytes: Float64Array;
  receivedBytes: Float64Array;
  /** Frames counted (each direction). */
  totals: { sent: { frames: number; bytes: number }; received: { frames: number; bytes: number } };
  peaks: { sent: RatePeaks; received: RatePeaks };
}

/** The narrowest bucket width (ms) that fits a span of `spanMs` into `maxPoints` buckets. */
export function bucketWidthFor(spanMs: number, maxPoints = MAX_POINTS): number {
  let width = BUCKET_WIDTHS_MS[0]!;
  if (!Number.isFinite(spanMs)) return width;
  for (let i = 1; !fits(spanMs, width, maxPoints); i++) width = nextWidth(width, i);
  return width;
}

/** The width after `width`, the i-th of the sequence. */
function nextWidth(width: number, i: number): number {
  return i < BUCKET_WIDTHS_MS.length ? BUCKET_WIDTHS_MS[i]! : width * 2;
}

/** Whether the instant `spanMs` after the start falls inside bucket maxPoints−1 or earlier. */
function fits(spanMs: number, width: number, maxPoints: number): boolean {
  return !(spanMs >= 0) || Math.floor(spanMs / width) < maxPoints;
}

/**
 * Counts frames into buckets, one frame at a time, widening the buckets when the span outgrows
 * `maxPoints`. Frames may come in any order; a frame before the start counts in bucket 0.
 */
export class RateAccumulator {
  /** Bucket width in ms. */
  width = BUCKET_WIDTHS_MS[0]!;
  /** Buckets in use (the last frame's bucket + 1, or further when `extendTo` said so). */
  count = 0;
  private widthIndex = 0;
  private readonly sentN: Float64Array;
  private readonly recvN: Float64Array;
  private readonly sentB: Float64Array;
  private readonly recvB: Float64Array;
  private readonly totals = { sent: { frames: 0, bytes: 0 }, received: { frames: 0, bytes: 0 } };

  constructor(
    readonly start: number,
    readonly maxPoints = MAX_POINTS,
  ) {
    if (!(maxPoints >= 1) || !Number.isInteger(maxPoints)) throw new RangeError(`maxPoints must be a positive integer, got ${maxPoints}`);
    this.sentN = new Float64Array(maxPoints);
    this.recvN = new Float64Array(maxPoints);
    this.sentB = new Float64Array(maxPoints);
    this.recvB = new Float64Array(maxPoints);
  }

  add(time: number, dir: Direction, size: number): void {
    if (!Number.isFinite(time)) return;
    const b = this.bucketOf(time);
    if (dir === 'sent') {
      this.sentN[b]!++;
      this.sentB[b]! += size;
      this.totals.sent.frames++;
      this.totals.sent.bytes += size;
    } else {
      this.recvN[b]!++;
      this.recvB[b]! += size;
      this.totals.received.frames++;
      this.totals.received.bytes += size;
    }
    if (b >= this.count) this.count = b + 1;
  }

  /** Makes the buckets reach `end` (epoch ms, e.g. now or the close): the silence after the last frame shows. */
  extendTo(end: number): void {
    if (!Number.isFinite(end) || end <= this.start) return;
    // Buckets up to the one holding the instant just before `end`: a span of exactly one width is
    // one bucket. (On the offset, not on `end`: epoch ms have no room left for a tiny epsilon.)
    const offset = end - this.start;
    if (!fits(offset, this.width, this.maxPoints)) this.widen(bucketWidthFor(offset, this.maxPoints));
    const n = Math.ceil(offset / this.width);
    if (n > this.count) this.count = n;
  }

  /** The bucket of `time`, widening first if it lies beyond the last bucket. */
  private bucketOf(time: number): number {
    const offset = Math.max(0, time - this.start);
    if (!fits(offset, this.width, this.maxPoints)) this.widen(bucketWidthFor(offset, this.maxPoints));
    return Math.floor(offset / this.width);
  }

  private widen(target: number): void {
    const before = this.width;
    while (this.width < target) this.width = nextWidth(this.width, ++this.widthIndex);
    // Widths divide each other, so the factor is whole. Bucket j of the new width is the sum of old
    // buckets j·k … j·k+k−1; j ≤ j·k, so merging forward in place never reads a bucket it wrote.
    const k = Math.round(this.width / before);
    const used = this.count;
    const merged = Math.ceil(used / k);
    for (const a of [this.sentN, this.recvN, this.sentB, this.recvB]) {
      for (let j = 0; j < merged; j++) {
        let sum = 0;
        const end = Math.min(used, j * k + k);
        for (let i = j * k; i < end; i++) sum += a[i]!;
        a[j] = sum;
      }
      a.fill(0, merged, used);
    }
    this.count = merged;
  }

  /** Per-second rates of every bucket in use, with totals and peaks (one pass over ≤ maxPoints buckets). */
  series(): RateSeries {
    const n = this.count;
    const perSecond = 1000 / this.width;
    const times = new Float64Array(n);
    const sentMsgs = new Float64Array(n);
    const receivedMsgs = new Float64Array(n);
    const sentBytes = new Float64Array(n);
    const receivedBytes = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      times[i] = this.start + i * this.width;
      sentMsgs[i] = this.sentN[i]! * perSecond;
      receivedMsgs[i] = this.recvN[i]! * perSecond;
      sentBytes[i] = this.sentB[i]! * perSecond;
      receivedBytes[i] = this.recvB[i]! * perSecond;
    }
    return {
      start: this.start,
      width: this.width,
      times,
      sentMsgs,
      receivedMsgs,
      sentBytes,
      receivedBytes,
      totals: { sent: { ...this.totals.sent }, received: { ...this.totals.received } },
      peaks: { sent: peaksOf(times, sentMsgs, sentBytes), received: peaksOf(times, receivedMsgs, receivedBytes) },
    };
  }
}

function peaksOf(times: Float64Array, msgs: Float64Array, bytes: Float64Array): RatePeaks {
  let m = -1;
  let b = -1;
  for (let i = 0; i < msgs.length; i++) {
    if (msgs[i]! > 0 && (m < 0 || msgs[i]! > msgs[m]!)) m = i;
    if (msgs[i]! > 0 && (b < 0 || bytes[i]! > bytes[b]!)) b = i;
  }
  const at = (i: number): RatePeak | null => (i < 0 ? null : { msgs: msgs[i]!, bytes: bytes[i]!, at: times[i]! });
  return { byMessages: at(m), byBytes: at(b) };
}

/** Rates of a list of frames, from `start` to `end` (epoch ms; the last frame when absent). */
export function computeRates(frames: Iterable<RateFrame>, start: number, end?: number, maxPoints = MAX_POINTS): RateSeries {
  const acc = new RateAccumulator(start, maxPoints);
  for (const f of frames) acc.add(f.time, f.dir, f.size);
  if (end !== undefined) acc.extendTo(end);
  return acc.series();
}

/** A rate for people: whole numbers from 10 up, one decimal below (`120`, `2.5`, `0.2`). */
export function formatPerSecond(rate: number): string {
  if (!Number.isFinite(rate)) return '—';
  return rate >= 10 || rate === 0 ? formatCount(rate) : rate.toFixed(1);
}

/** The bucket width in words: `1 s buckets`, `5 min buckets`. */
function describeWidth(width: number): string {
  return width < 60_000
    ? `${width / 1000} s buckets`
    : width < 3_600_000
      ? `${width / 60_000} min buckets`
      : `${formatDuration(width)} buckets`;
}

/**
 * One line for the chart's caption and accessible name:
 * `Peak ↑ 50 msg/s (2.0 KB/s) at 12:01:05.3 · ↓ 50 msg/s (2.0 KB/s) at 12:01:05.3 · most bytes ↑ 9.8 KB/s at 12:01:07.3 · ↓ … · 1 s buckets`.
 */
export function rateSummary(s: RateSeries): string {
  // The bucket's start to the tenth of a second: buckets start at the connection's start, not on a whole second.
  const clock = (t: number) => formatClock(t).slice(0, 10);
  const one = (arrow: string, p: RatePeaks) =>
    p.byMessages === null
      ? `${arrow} none`
      : `${arrow} ${formatPerSecond(p.byMessages.msgs)} msg/s (${formatBytes(p.byMessages.bytes)}/s) at ${clock(p.byMessages.at)}`;
  const bytes = (arrow: string, p: RatePeaks) =>
    p.byBytes === null ? `${arrow} none` : `${arrow} ${formatBytes(p.byBytes.bytes)}/s at ${clock(p.byBytes.at)}`;
  if (s.peaks.sent.byMessages === null && s.peaks.received.byMessages === null) return `No frames yet · ${describeWidth(s.width)}`;
  return `Peak ${one('↑', s.peaks.sent)} · ${one('↓', s.peaks.received)} · most bytes ${bytes('↑', s.peaks.sent)} · ${bytes('↓', s.peaks.received)} · ${describeWidth(s.width)}`;
}
