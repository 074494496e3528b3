/**
 * A timeline of the frames the filter shows: frames per time slice, sent above the axis and
 * received below, over the span from the first to the last shown frame. Clicking a slice selects
 * its first frame. Shown on request (the "Timeline" toggle of the filter bar).
 */
import type { SessionStore } from '../core/session-store';
import { formatDuration } from '../core/format';

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
              <title>{`${n} sent, ${t.received[b]} received at +${formatDuration(((b + 0.5) / t.sent.length) * (t.end - t.start))}`}</title>
              <rect x={b * w} y={0} width={w} height={HEIGHT} class="hit" />
              {n > 0 && <rect x={b * w} y={half - (n / max) * half} width={w * 0.9} height={(n / max) * half} class="sent" />}
              {t.received[b]! > 0 && <rect x={b * w} y={half} width={w * 0.9} height={(t.received[b]! / max) * half} class="received" />}
            </g>
          ),
        )}
      </svg>
      <div class="timeline-scale">
        <span>0</span>
        <span>{formatDuration(t.end - t.start)}</span>
      </div>
    </div>
  );
}
