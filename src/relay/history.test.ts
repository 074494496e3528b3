import { describe, expect, it } from 'vitest';
import type { HistoryBounds, StoredRecord } from '../core/protocol';
import { History, MAX_CONTROL_RECORDS, payloadBytes, type NewRecord } from './history';
import { utf8Length } from '../core/codec';

const BIG: HistoryBounds = { maxFrames: 1_000_000, maxBytes: 1 << 30, maxFrameBytes: 1 << 24 };

function bounds(b: Partial<HistoryBounds>): HistoryBounds {
  return { ...BIG, ...b };
}

function text(data: string, extra: { conn?: number; seq?: number; truncated?: boolean; size?: number } = {}): NewRecord {
  return {
    type: 'frame',
    conn: extra.conn ?? 1,
    seq: extra.seq ?? 1,
    time: 0,
    dir: 'received',
    opcode: 'text',
    data,
    size: extra.size ?? utf8Length(data), // as toRecord sets it
    truncated: extra.truncated ?? false,
  };
}

function bin(n: number): NewRecord {
  const data = new Uint8Array(n).fill(7).buffer;
  return {
    type: 'frame',
    conn: 1,
    seq: 1,
    time: 0,
    dir: 'sent',
    opcode: 'binary',
    data,
    binKind: 'arraybuffer',
    size: n,
    truncated: false,
  };
}

function conn(c = 1): NewRecord {
  return { type: 'connection', conn: c, seq: 0, time: 0, url: 'wss://x/', protocols: [], frameUrl: 'https://p/', initiator: '' };
}
function open(c = 1): NewRecord {
  return { type: 'open', conn: c, seq: 1, time: 0, protocol: '', extensions: '' };
}
function close(c = 1): NewRecord {
  return { type: 'close', conn: c, seq: 9, time: 0, code: 1000, reason: '', wasClean: true };
}
function closing(c = 1): NewRecord {
  return { type: 'closing', conn: c, seq: 8, time: 0, code: null, reason: '' };
}
function error(c = 1): NewRecord {
  return { type: 'error', conn: c, seq: 7, time: 0 };
}

const rseqs = (items: StoredRecord[]) => items.map((r) => r.rseq);

/** Everything retained, by slicing with unlimited budgets. */
function all(h: History, since = 0): StoredRecord[] {
  return h.slice(since, Infinity).items;
}

describe('History: rseq', () => {
  it('assigns 1, 2, 3, … across frames and control records, and tracks last', () => {
    const h = new History(BIG);
    expect(h.last).toBe(0);
    const recs = [h.add(conn()), h.add(open()), h.add(text('a')), h.add(error()), h.add(text('b')), h.add(closing()), h.add(close())];
    expect(recs.map((r) => r.rseq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(h.last).toBe(7);
    expect(rseqs(all(h))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(all(h).map((r) => r.type)).toEqual(['connection', 'open', 'frame', 'error', 'frame', 'closing', 'close']);
  });

  it('does not mutate the record handed in', () => {
    const h = new History(BIG);
    const partial = text('x');
    h.add(partial);
    expect('rseq' in partial).toBe(false);
  });

  it('keeps every field of a frame, text or binary, with its mark and original text, and only those', () => {
    const h = new History(BIG);
    const marked: NewRecord = { ...text('new', { conn: 3, seq: 9 }), time: 1.5, dir: 'sent', mark: 'rewritten', original: 'old' } as NewRecord;
    const binary = { ...bin(4), mark: 'simulated' } as NewRecord;
    const plain = text('plain', { truncated: true, size: 99 });
    expect(h.add(marked)).toStrictEqual({ ...marked, rseq: 1 });
    expect(h.add(binary)).toStrictEqual({ ...binary, rseq: 2 });
    const kept = h.add(plain);
    expect(kept).toStrictEqual({ ...plain, rseq: 3 });
    expect(Object.keys(kept)).toEqual(['type', 'conn', 'seq', 'time', 'dir', 'opcode', 'data', 'size', 'truncated', 'rseq']);
  });

  it('keeps the direction as its own constant, equal to the one handed in', () => {
    const h = new History(BIG);
    // Strings built at run time, as the hook's messages bring them (not the literals of this file).
    const received = ['rec', 'eived'].join('');
    const sent = ['se', 'nt'].join('');
    const a = h.add({ ...text('a'), dir: received as 'received' } as NewRecord);
    const b = h.add({ ...text('b'), dir: sent as 'sent' } as NewRecord);
    expect([a.type === 'frame' && a.dir, b.type === 'frame' && b.dir]).toEqual(['received', 'sent']);
  });

  it('keeps counting after evictions (rseq never reused)', () => {
    const h = new History(bounds({ maxFrames: 1 }));
    for (let i = 0; i < 5; i++) h.add(text('x'));
    expect(h.add(text('y')).rseq).toBe(6);
  });
});

describe('History: payloadBytes', () => {
  it('counts UTF-8 bytes for text, byteLength for binary, 0 for control records', () => {
    const h = new History(BIG);
    expect(payloadBytes(h.add(text('héllo €')))).toBe(1 + 2 + 3 + 1 + 3);
    expect(payloadBytes(h.add(text('😀')))).toBe(4);
    expect(payloadBytes(h.add(bin(13)))).toBe(13);
    expect(payloadBytes(h.add(conn()))).toBe(0);
    expect(h.payloadBytes).toBe(10 + 4 + 13);
  });
});

describe('History: eviction', () => {
  it('evicts the oldest frames beyond maxFrames and counts them', () => {
    const h = new History(bounds({ maxFrames: 3 }));
    for (const s of ['a', 'bb', 'ccc', 'dddd', 'eeeee']) h.add(text(s));
    expect(h.frameCount).toBe(3);
    expect(all(h).map((r) => (r.type === 'frame' ? r.data : ''))).toEqual(['ccc', 'dddd', 'eeeee']);
    expect(h.dropped).toEqual({ frames: 2, bytes: 3, truncated: 0 });
    expect(h.payloadBytes).toBe(12);
  });

  it('evicts the oldest frames beyond maxBytes, counting UTF-8 bytes', () => {
    const h = new History(bounds({ maxBytes: 10 }));
    h.add(text('€€')); // 6 bytes
    h.add(text('abc')); // 3 → 9
    expect(h.dropped.frames).toBe(0);
    h.add(text('de')); // 2 → 11 > 10: the € frame goes
    expect(h.payloadBytes).toBe(5);
    expect(h.dropped).toEqual({ frames: 1, bytes: 6, truncated: 0 });
    expect(all(h).map((r) => r.rseq)).toEqual([2, 3]);
  });

  it('keeps exactly maxBytes (the bound is inclusive)', () => {
    const h = new History(bounds({ maxBytes: 8 }));
    h.add(bin(4));
    h.add(bin(4));
    expect(h.frameCount).toBe(2);
    expect(h.dropped.frames).toBe(0);
  });

  it('a single frame larger than maxBytes is itself evicted, and counted', () => {
    const h = new History(bounds({ maxBytes: 10 }));
    h.add(bin(4));
    h.add(bin(11));
    expect(h.frameCount).toBe(0);
    expect(h.payloadBytes).toBe(0);
    expect(h.dropped).toEqual({ frames: 2, bytes: 15, truncated: 0 });
    expect(h.last).toBe(2);
  });

  it('never evicts control records to satisfy frame bounds', () => {
    const h = new History(bounds({ maxFrames: 1, maxBytes: 5 }));
    h.add(conn(1)); // 1
    h.add(open(1)); // 2
    h.add(text('aaa')); // 3
    h.add(error(1)); // 4
    h.add(text('bbb')); // 5
    h.add(closing(1)); // 6
    h.add(text('ccc')); // 7
    h.add(close(1)); // 8
    expect(rseqs(all(h))).toEqual([1, 2, 4, 6, 7, 8]);
    expect(h.dropped).toEqual({ frames: 2, bytes: 6, truncated: 0 });
  });

  it('counts truncated frames as they arrive, and keeps that total after they are evicted', () => {
    const h = new History(bounds({ maxFrames: 1 }));
    h.add(text('abc', { truncated: true, size: 1000 }));
    h.add(text('def'));
    h.add(text('ghi', { truncated: true, size: 2000 }));
    expect(h.dropped.truncated).toBe(2);
    // Bytes dropped are the bytes the history held (the kept part), not the original size.
    expect(h.dropped).toEqual({ frames: 2, bytes: 6, truncated: 2 });
  });

  it('bounds control records at MAX_CONTROL_RECORDS, dropping the oldest', () => {
    const h = new History(BIG);
    for (let i = 0; i < MAX_CONTROL_RECORDS + 3; i++) h.add(conn(i + 1));
    const items = all(h);
    expect(items.length).toBe(MAX_CONTROL_RECORDS);
    expect(items[0].rseq).toBe(4);
    expect(items[items.length - 1].rseq).toBe(MAX_CONTROL_RECORDS + 3);
    // Frame drop counters are about frames only.
    expect(h.dropped).toEqual({ frames: 0, bytes: 0, truncated: 0 });
  });

  it('control records beyond the bound are released, not only skipped (memory stays bounded)', () => {
    const h = new History(BIG);
    const n = 3 * MAX_CONTROL_RECORDS + 10;
    for (let i = 0; i < n; i++) h.add(i % 2 ? close(i) : conn(i));
    h.add(text('f'));
    const items = all(h);
    expect(items.length).toBe(MAX_CONTROL_RECORDS + 1);
    expect(items[0].rseq).toBe(n - MAX_CONTROL_RECORDS + 1);
    expect(items[items.length - 1].rseq).toBe(n + 1);
    expect(rseqs(all(h, n - 5))).toEqual([n - 4, n - 3, n - 2, n - 1, n, n + 1]);
    const backing: (StoredRecord | undefined)[] = h['control'];
    expect(backing.length).toBeLessThanOrEqual(2 * MAX_CONTROL_RECORDS + 1);
    expect(backing.filter((r) => r !== undefined).length).toBe(MAX_CONTROL_RECORDS);
  });
});

describe('History: setBounds', () => {
  it('lowering maxFrames evicts at once', () => {
    const h = new History(BIG);
    for (let i = 0; i < 10; i++) h.add(text('ab'));
    h.add(conn());
    h.setBounds(bounds({ maxFrames: 4 }));
    expect(h.bounds.maxFrames).toBe(4);
    expect(h.frameCount).toBe(4);
    expect(h.dropped).toEqual({ frames: 6, bytes: 12, truncated: 0 });
    expect(rseqs(all(h))).toEqual([7, 8, 9, 10, 11]);
  });

  it('lowering maxBytes evicts at once, oldest first', () => {
    const h = new History(BIG);
    h.add(bin(100));
    h.add(bin(50));
    h.add(bin(30));
    h.setBounds(bounds({ maxBytes: 80 }));
    expect(h.payloadBytes).toBe(80);
    expect(rseqs(all(h))).toEqual([2, 3]);
    h.setBounds(bounds({ maxBytes: 79 }));
    expect(rseqs(all(h))).toEqual([3]);
    expect(h.dropped).toEqual({ frames: 2, bytes: 150, truncated: 0 });
  });

  it('raising the bounds keeps what is there and applies to later frames', () => {
    const h = new History(bounds({ maxFrames: 2 }));
    for (let i = 0; i < 4; i++) h.add(text('x'));
    h.setBounds(bounds({ maxFrames: 5 }));
    expect(h.frameCount).toBe(2);
    for (let i = 0; i < 4; i++) h.add(text('x'));
    expect(h.frameCount).toBe(5);
    expect(h.dropped.frames).toBe(3);
  });
});

describe('History: slice', () => {
  function mixed(): History {
    const h = new History(BIG);
    h.add(conn(1)); // 1
    h.add(text('aaaaaaaaaa', { conn: 1 })); // 2 (10 B)
    h.add(conn(2)); // 3
    h.add(text('bbbbbbbbbb', { conn: 2 })); // 4
    h.add(open(1)); // 5
    h.add(text('cccccccccc', { conn: 1 })); // 6
    h.add(close(2)); // 7
    h.add(text('dddddddddd', { conn: 1 })); // 8
    return h;
  }

  it('merges frames and control records in rseq order', () => {
    const h = mixed();
    const { items, upTo } = h.slice(0, Infinity);
    expect(rseqs(items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(items.map((r) => r.type)).toEqual(['connection', 'frame', 'connection', 'frame', 'open', 'frame', 'close', 'frame']);
    expect(upTo).toBe(8);
  });

  it('starts after `since`', () => {
    const h = mixed();
    expect(rseqs(h.slice(4, Infinity).items)).toEqual([5, 6, 7, 8]);
    expect(rseqs(h.slice(5, Infinity).items)).toEqual([6, 7, 8]);
    expect(h.slice(5, Infinity).upTo).toBe(8);
  });

  it('is empty with upTo === last when nothing is newer than since', () => {
    const h = mixed();
    expect(h.slice(8, Infinity)).toEqual({ items: [], upTo: 8 });
    expect(new History(BIG).slice(0, 100)).toEqual({ items: [], upTo: 0 });
  });

  it('stops before a frame that exceeds the remaining payload budget', () => {
    const h = mixed();
    const s = h.slice(0, 25);
    // 2 and 4 cost 20; 5 (control) is free; 6 would exceed 25.
    expect(rseqs(s.items)).toEqual([1, 2, 3, 4, 5]);
    expect(s.upTo).toBe(5);
  });

  it('control records cost nothing: they still fit in an exhausted budget', () => {
    const h = mixed();
    const s = h.slice(0, 20);
    expect(rseqs(s.items)).toEqual([1, 2, 3, 4, 5]);
    expect(s.upTo).toBe(5);
  });

  it('always returns at least one record, even one larger than the budget', () => {
    const h = new History(BIG);
    h.add(bin(1000));
    h.add(bin(1));
    const s = h.slice(0, 10);
    expect(rseqs(s.items)).toEqual([1]);
    expect(s.upTo).toBe(1);
    expect(rseqs(h.slice(0, 0).items)).toEqual([1]);
    expect(rseqs(h.slice(0, 0, 0).items)).toEqual([1]);
  });

  it('respects maxItems', () => {
    const h = mixed();
    const s = h.slice(2, Infinity, 3);
    expect(rseqs(s.items)).toEqual([3, 4, 5]);
    expect(s.upTo).toBe(5);
  });

  it('upTo === last when the budget fits exactly everything', () => {
    const h = mixed();
    expect(h.slice(0, 40).upTo).toBe(8);
    expect(h.slice(0, Infinity, 8).upTo).toBe(8);
    expect(h.slice(0, 39).upTo).toBe(7);
  });

  it('after evictions: skips evicted frames, keeps the control records, upTo covers the gap', () => {
    const h = new History(bounds({ maxFrames: 2 }));
    h.add(conn()); // 1
    for (let i = 0; i < 6; i++) h.add(text('x')); // 2..7, 2..5 evicted
    h.add(close()); // 8
    expect(rseqs(h.slice(0, Infinity).items)).toEqual([1, 6, 7, 8]);
    expect(rseqs(h.slice(1, Infinity).items)).toEqual([6, 7, 8]);
    expect(rseqs(h.slice(3, Infinity).items)).toEqual([6, 7, 8]);
    expect(rseqs(h.slice(6, Infinity).items)).toEqual([7, 8]);
    // Every retained record since < rseq ≤ upTo is in items: the evicted 2..5 are simply absent.
    const s = h.slice(1, 1);
    expect(rseqs(s.items)).toEqual([6]);
    expect(s.upTo).toBe(6);
  });

  it('when everything after since was evicted: no items, upTo === last', () => {
    const h = new History(bounds({ maxFrames: 1 }));
    h.add(text('a'));
    h.add(text('b'));
    h.add(text('c'));
    h.setBounds(bounds({ maxFrames: 0 }));
    expect(h.frameCount).toBe(0);
    expect(h.slice(0, Infinity)).toEqual({ items: [], upTo: 3 });
  });

  it('repeated slicing from upTo (how the relay pages a pull) yields every retained record once', () => {
    const h = mixed();
    const seen: number[] = [];
    let after = 0;
    let messages = 0;
    while (after < h.last) {
      const { items, upTo } = h.slice(after, 15, 2);
      expect(items.length).toBeGreaterThan(0);
      expect(upTo).toBeGreaterThan(after);
      seen.push(...rseqs(items));
      after = upTo;
      messages++;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(messages).toBe(4);
  });
});

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('History: slice contract against a reference model', () => {
  it('items are exactly the retained records with since < rseq ≤ upTo, for random histories and budgets', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = rng(seed);
      const maxFrames = 1 + Math.floor(rand() * 40);
      const maxBytes = 20 + Math.floor(rand() * 400);
      const h = new History(bounds({ maxFrames, maxBytes }));
      // Reference model: every record, plus which frames are still retained (oldest evicted first).
      const control: StoredRecord[] = [];
      let frames: { rec: StoredRecord; bytes: number }[] = [];
      const n = 50 + Math.floor(rand() * 300);
      for (let i = 0; i < n; i++) {
        if (rand() < 0.2) {
          control.push(h.add(rand() < 0.5 ? conn() : close()));
        } else {
          const size = Math.floor(rand() * 60);
          const rec = h.add(rand() < 0.5 ? bin(size) : text('y'.repeat(size)));
          frames.push({ rec, bytes: size });
          let total = frames.reduce((s, f) => s + f.bytes, 0);
          while (frames.length > 0 && (frames.length > maxFrames || total > maxBytes)) {
            total -= frames[0].bytes;
            frames = frames.slice(1);
          }
        }
      }
      const retained = [...control, ...frames.map((f) => f.rec)].sort((a, b) => a.rseq - b.rseq);
      expect(h.frameCount).toBe(frames.length);
      for (let k = 0; k < 20; k++) {
        const since = Math.floor(rand() * (h.last + 2));
        const maxPayload = Math.floor(rand() * 200);
        const maxItems = 1 + Math.floor(rand() * 30);
        const { items, upTo } = h.slice(since, maxPayload, maxItems);
        const expected = retained.filter((r) => r.rseq > since && r.rseq <= upTo);
        expect(rseqs(items)).toEqual(rseqs(expected));
        expect(items.length).toBeLessThanOrEqual(maxItems);
        const after = retained.filter((r) => r.rseq > since);
        if (after.length > 0) expect(items.length).toBeGreaterThan(0);
        if (items.length === after.length) expect(upTo).toBe(h.last);
        else {
          expect(upTo).toBe(items[items.length - 1].rseq);
          // The budget was honoured, up to the one record that may always go alone.
          const cost = items.reduce((s, r) => s + payloadBytes(r), 0);
          if (items.length > 1) expect(cost).toBeLessThanOrEqual(maxPayload);
        }
      }
    }
  });
});

describe('History: compaction', () => {
  it('20,000 frames with maxFrames 100: the last 100 remain, and slices stay correct', () => {
    const h = new History(bounds({ maxFrames: 100 }));
    const control: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      if (i % 1000 === 0) control.push(h.add(conn(i)).rseq);
      h.add(text('z'));
    }
    const last = h.last;
    expect(last).toBe(20_020);
    expect(h.frameCount).toBe(100);
    expect(h.dropped).toEqual({ frames: 19_900, bytes: 19_900, truncated: 0 });
    const retainedFrames = Array.from({ length: 100 }, (_, i) => last - 99 + i);
    expect(rseqs(all(h))).toEqual([...control, ...retainedFrames]);
    // since inside the evicted region, at the boundary, inside the retained frames, at the end.
    expect(rseqs(all(h, control[10]))).toEqual([...control.slice(11), ...retainedFrames]);
    expect(rseqs(all(h, last - 100))).toEqual(retainedFrames);
    expect(rseqs(all(h, last - 10))).toEqual(retainedFrames.slice(90));
    expect(all(h, last)).toEqual([]);
    const page = h.slice(last - 50, Infinity, 7);
    expect(rseqs(page.items)).toEqual(retainedFrames.slice(50, 57));
    expect(page.upTo).toBe(retainedFrames[56]);
    // The ring was compacted: the backing array does not hold every frame ever seen.
    expect(h['frames'].length).toBeLessThan(10_000);
  });

  it('compaction happening between two slices does not disturb paging', () => {
    const h = new History(bounds({ maxFrames: 100 }));
    for (let i = 0; i < 5000; i++) h.add(text('z'));
    const first = h.slice(h.last - 100, Infinity, 40);
    expect(first.items.length).toBe(40);
    for (let i = 0; i < 5000; i++) h.add(text('z')); // compacts again, evicts what was left
    const next = h.slice(first.upTo, Infinity);
    expect(rseqs(next.items)).toEqual(Array.from({ length: 100 }, (_, i) => 9901 + i));
    expect(next.upTo).toBe(10_000);
  });
});
