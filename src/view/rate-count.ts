/**
 * Feeds one connection's frames from the panel's store into a RateAccumulator, incrementally:
 * each call reads only the rows that arrived since the previous call. The store's rows array is
 * replaced (never shrunk in place) when frames leave it — a history bound, Clear, a navigation —
 * and then the count starts again from the rows it holds, so the chart always shows the frames
 * the panel shows.
 */
import type { SessionStore } from '../core/session-store';
import type { Connection, Row } from '../core/rows';
import { RateAccumulator, MAX_POINTS, formatPerSecond, type RateSeries } from '../core/rates';
import { formatBytes, formatClock } from '../core/format';

export interface RateCount {
  readonly key: string;
  /** The rows array counted from (compared by identity). */
  readonly rows: Row[];
  /** Id of the last row seen (row ids only grow). */
  lastId: number;
  readonly acc: RateAccumulator;
}

/** Counts the rows of `conn` that `prev` has not counted, then extends the buckets to `end` (epoch ms). */
export function countRates(store: SessionStore, conn: Connection, prev: RateCount | null, end: number, maxPoints = MAX_POINTS): RateCount {
  const rows = store.rows;
  let st = prev;
  let from = 0;
  if (st === null || st.key !== conn.key || st.rows !== rows || st.acc.start !== conn.createdAt) {
    st = { key: conn.key, rows, lastId: 0, acc: new RateAccumulator(conn.createdAt, maxPoints) };
  } else {
    // Rows are in id order: the first new one by binary search.
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid]!.id <= st.lastId) lo = mid + 1;
      else hi = mid;
    }
    from = lo;
  }
  for (let i = from; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.kind === 'frame' && r.connKey === conn.key) st.acc.add(r.rec.time, r.rec.dir, r.rec.size);
  }
  if (rows.length > 0) st.lastId = rows[rows.length - 1]!.id;
  st.acc.extendTo(end);
  return st;
}

/**
 * The rates of the bucket at data index `i` (the closing point repeats the last bucket), e.g.
 * `12:00:05 · ↑ 3 msg/s, 120 B/s · ↓ 1 msg/s, 40 B/s`; null for no bucket.
 */
export function rateReadout(s: RateSeries, i: number | null): string | null {
  if (i === null || i < 0 || s.times.length === 0) return null;
  const b = Math.min(i, s.times.length - 1);
  const clock = formatClock(s.times[b]!);
  const at = s.width >= 1000 ? clock.slice(0, 8) : clock;
  const rate = (msgs: number, bytes: number) => `${formatPerSecond(msgs)} msg/s, ${formatBytes(bytes)}/s`;
  return `${at} · ↑ ${rate(s.sentMsgs[b]!, s.sentBytes[b]!)} · ↓ ${rate(s.receivedMsgs[b]!, s.receivedBytes[b]!)}`;
}
