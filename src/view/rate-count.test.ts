import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, type DocInfo, type HistoryBounds } from '../core/protocol';
import { DocFeed } from '../core/fixtures/records';
import { SessionStore } from '../core/session-store';
import { type Connection } from '../core/rows';
import { computeRates, type RateSeries } from '../core/rates';
import { countRates, rateReadout, type RateCount } from './rate-count';

const START = 1_700_000_000_123;

function doc(bounds: HistoryBounds = DEFAULT_BOUNDS): DocInfo {
  return { docId: 'd1', url: 'https://site.test/', top: true, timeOrigin: START - 50, bounds };
}

/** A relay's records for one document (the record builder), applied to the store as they are made. */
class Feed {
  private readonly feed = new DocFeed('d1', 'https://site.test/');
  constructor(private readonly store: SessionStore) {}
  private send(build: () => void) {
    const after = this.feed.rseq;
    build();
    this.store.applyRecords(this.feed.msg(after));
  }
  connection(conn: number, time: number) {
    this.send(() => this.feed.connection(conn, `wss://ws.test/${conn}`, { protocols: [], time }));
  }
  frames(list: Array<[conn: number, time: number, dir: 'sent' | 'received', size: number]>) {
    this.send(() => {
      for (const [conn, time, dir, size] of list) this.feed.text(conn, dir, 'x'.repeat(Math.min(size, 8)), { size, time });
    });
  }
}

/** The connection's rates counted from scratch from the frames the store holds now. */
function fromScratch(store: SessionStore, c: Connection, end: number): RateSeries {
  const frames = store.rows.flatMap((r) =>
    r.kind === 'frame' && r.connKey === c.key ? [{ time: r.rec.time, dir: r.rec.dir, size: r.rec.size }] : [],
  );
  return computeRates(frames, c.createdAt, end, 50);
}

function same(a: RateSeries, b: RateSeries) {
  expect(a.width).toBe(b.width);
  expect([...a.times]).toEqual([...b.times]);
  expect([...a.sentMsgs]).toEqual([...b.sentMsgs]);
  expect([...a.receivedMsgs]).toEqual([...b.receivedMsgs]);
  expect([...a.sentBytes]).toEqual([...b.sentBytes]);
  expect([...a.receivedBytes]).toEqual([...b.receivedBytes]);
  expect(a.totals).toEqual(b.totals);
}

function setUp(bounds?: HistoryBounds) {
  const store = new SessionStore();
  store.applyAnnounce(doc(bounds), 0);
  const feed = new Feed(store);
  feed.connection(1, START);
  feed.connection(2, START + 10);
  return { store, feed, c1: store.connections.get('d1:1')!, c2: store.connections.get('d1:2')! };
}

describe('countRates', () => {
  it('counted in batches as they arrive equals a count from scratch, other connections left out', () => {
    const { store, feed, c1, c2 } = setUp();
    let st: RateCount | null = null;
    let t = START;
    let seed = 1;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let batch = 0; batch < 30; batch++) {
      const list: Array<[number, number, 'sent' | 'received', number]> = [];
      for (let i = 0; i < 40; i++) {
        t += rand() * 300;
        list.push([rand() < 0.7 ? 1 : 2, t, rand() < 0.5 ? 'sent' : 'received', Math.floor(rand() * 2000)]);
      }
      feed.frames(list);
      const before: RateCount | null = st;
      st = countRates(store, c1, st, t, 50);
      if (before !== null) expect(st).toBe(before); // the same count, carried on: not started again
      same(st.acc.series(), fromScratch(store, c1, t));
    }
    // Widened on the way (30 batches × 40 × ~150 ms ≈ 3 min > 50 one-second buckets).
    expect(st!.acc.width).toBeGreaterThan(1000);
    // Another connection: its own count.
    const other = countRates(store, c2, st, t, 50);
    expect(other).not.toBe(st);
    same(other.acc.series(), fromScratch(store, c2, t));
  });

  it('frames dropped by the history bound, and Clear: counted again from what the store holds', () => {
    const { store, feed, c1 } = setUp({ ...DEFAULT_BOUNDS, maxFrames: 25 });
    feed.frames(Array.from({ length: 20 }, (_, i) => [1, START + 100 + i * 100, 'sent', 10] as [number, number, 'sent', number]));
    let st = countRates(store, c1, null, START + 3000, 50);
    expect(st.acc.series().totals.sent.frames).toBe(20);
    feed.frames(Array.from({ length: 20 }, (_, i) => [1, START + 5000 + i * 100, 'received', 7] as [number, number, 'received', number]));
    st = countRates(store, c1, st, START + 8000, 50);
    const s = st.acc.series();
    expect(s.totals.sent.frames + s.totals.received.frames).toBe(25); // the 15 oldest were dropped
    same(s, fromScratch(store, c1, START + 8000));

    store.clear();
    st = countRates(store, c1, st, START + 9000, 50);
    expect(st.acc.series().totals).toEqual({ sent: { frames: 0, bytes: 0 }, received: { frames: 0, bytes: 0 } });
    feed.frames([[1, START + 9500, 'sent', 3]]);
    st = countRates(store, c1, st, START + 9600, 50);
    same(st.acc.series(), fromScratch(store, c1, START + 9600));
  });
});

describe('rateReadout', () => {
  const start = new Date(2026, 0, 1, 12, 0, 0, 0).getTime();
  const s = computeRates(
    [
      { time: start + 100, dir: 'sent', size: 100 },
      { time: start + 200, dir: 'sent', size: 20 },
      { time: start + 1500, dir: 'received', size: 2048 },
    ],
    start,
    start + 3000,
  );
  it('says the rates of the second under the cursor, both directions', () => {
    expect(rateReadout(s, 0)).toBe('12:00:00 · ↑ 2.0 msg/s, 120 B/s · ↓ 0 msg/s, 0 B/s');
    expect(rateReadout(s, 1)).toBe('12:00:01 · ↑ 0 msg/s, 0 B/s · ↓ 1.0 msg/s, 2.0 KB/s');
  });
  it('nothing off the charts; the closing point reads as the last bucket', () => {
    expect(rateReadout(s, null)).toBeNull();
    expect(rateReadout(s, s.times.length)).toBe(rateReadout(s, s.times.length - 1));
  });
});
