/**
 * A timeline of the frames the filter shows: frames per time slice, sent above the axis and
 * received below, over the span from the first to the last shown frame. Clicking a slice selects
 * its first frame. Shown on request (the "Timeline" toggle of the filter bar).
 */
import type { SessionStore } from '../core/session-store';
import { formatClock, formatDuration } from '../core/format';

const BUCKETS = 120;
const HEIGHT = 48;

export interface TimelineData {
  start: number;
  end: number;
  sent: number[];
  received: number[];
  /** Row id of the first frame of each slice (0 when empty). */
  first: number[];
}

/** Frames per slice of the shown frames (one pass over `store.view.visible`). */
export function timelineOf(store: SessionStore, buckets = BUCKETS): TimelineData | null {
  let start = Infinity;
  let end = -Infinity;
  for (const i of store.view.visible) {
    const r = store.rows[i];
    if (r?.kind !== 'frame') continue;
    if (r.rec.time < start) start = r.rec.time;
    if (r.rec.time > end) end = r.rec.time;
  }
  if (start === Infinity) return null;
  const span = Math.max(1, end - start);
  const sent = new Array<number>(buckets).fill(0);
  const received = new Array<number>(buckets).fill(0);
  const first = new Array<number>(buckets).fill(0);
  for (const i of store.view.visible) {
    const r = store.rows[i];
    if (r?.kind !== 'frame') continue;
    const b = Math.min(buckets - 1, Math.floor(((r.rec.time - start) / span) * buckets));
    if (r.rec.dir === 'sent') sent[b]!++;
    else received[b]!++;
    if (first[b] === 0) first[b] = r.id;
  }
  return { start, end, sent, received, first };
}

/** Tick spacings of the time axis, in ms. */
const TICK_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

export interface TimeTick {
  /** Where on the axis, 0–100 (% of the span). */
  at: number;
  /** Wall-clock time, to the millisecond only when the ticks are closer than a second. */
  label: string;
}

/**
 * The time axis of a span: ticks on round clock times (every 1, 2, 5, 10… ms, s, min or h), at
 * most `max` of them, labelled with the clock time. A span of one instant has one tick.
 */
export function timeTicks(start: number, end: number, max = 6): TimeTick[] {
  const span = end - start;
  if (!(span > 0)) return [{ at: 0, label: formatClock(start) }];
  const step = TICK_STEPS.find((s) => span / s < max) ?? TICK_STEPS[TICK_STEPS.length - 1]!;
  // Round to the step in local time (a tick on 12:00:00, not 11:59:59.7 of a zone offset in ms).
  const offset = new Date(start).getTimezoneOffset() * 60_000;
  const ticks: TimeTick[] = [];
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end; t += step) {
    const clock = formatClock(t);
    ticks.push({ at: ((t - start) / span) * 100, label: step < 1000 ? clock : clock.slice(0, 8) });
  }
  return ticks;
}

export function Timeline({ store, onSelect }: { store: SessionStore; onSelect(rowId: number): void }) {
  const t = timelineOf(store);
  if (t === null)
    return (
      <div class="timeline" role="img" aria-label="Timeline: no frames shown">
        <p class="note">No frames shown.</p>
      </div>
    );
  let max = 1;
  for (let b = 0; b < t.sent.length; b++) max = Math.max(max, t.sent[b]!, t.received[b]!);
  const w = 100 / t.sent.length;
  const half = HEIGHT / 2;
  const total = t.sent.reduce((a, b) => a + b, 0) + t.received.reduce((a, b) => a + b, 0);
  return (
    <div
      class="timeline"
      role="group"
      aria-label={`Timeline: ${total} frames over ${formatDuration(t.end - t.start)}, busiest slice ${max} frames`}
    >
      <svg viewBox={`0 0 100 ${HEIGHT}`} preserveAspectRatio="none" width="100%" height={HEIGHT} aria-hidden="true">
        <line x1="0" x2="100" y1={half} y2={half} class="axis" />
        {t.sent.map((n, b) =>
          n === 0 && t.received[b] === 0 ? null : (
            <g key={b} class="slice" onClick={() => t.first[b] && onSelect(t.first[b]!)}>
              <title>{`${n} sent, ${t.received[b]} received at ${formatClock(t.start + (b / t.sent.length) * (t.end - t.start))} (+${formatDuration((b / t.sent.length) * (t.end - t.start))})`}</title>
              <rect x={b * w} y={0} width={w} height={HEIGHT} class="hit" />
              {n > 0 && <rect x={b * w} y={half - (n / max) * half} width={w * 0.9} height={(n / max) * half} class="sent" />}
              {t.received[b]! > 0 && <rect x={b * w} y={half} width={w * 0.9} height={(t.received[b]! / max) * half} class="received" />}
            </g>
          ),
        )}
      </svg>
      <div class="timeline-scale" aria-label="Time axis">
        {timeTicks(t.start, t.end).map((k) => (
          <span key={k.label} class={`tick ${k.at > 80 ? 'end' : ''}`} style={{ left: `${k.at}%` }}>
            {k.label}
          </span>
        ))}
      </div>
    </div>
  );
}
