import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, type HookEvent, type HookResult } from '../core/protocol';
import { History } from './history';
import { Ingest } from './ingest';
import type { DocContext } from './records';

function setup(bounds = DEFAULT_BOUNDS) {
  const history = new History(bounds);
  const ctx: DocContext = { timeOrigin: 1000, frameUrl: 'https://site.test/', bounds };
  const log: string[] = [];
  const results: HookResult[] = [];
  const ingest = new Ingest(history, ctx, {
    result: (r) => void results.push(r),
    connection: () => void log.push('connection'),
    batchDone: () => void log.push(`batch@${history.last}`),
  });
  return { history, ctx, log, results, ingest };
}

const conn: HookEvent = { type: 'connection', conn: 1, seq: 0, t: 1, url: 'wss://a/', protocols: [], initiator: '' };
const text = (seq: number, data: string): HookEvent => ({ type: 'frame', conn: 1, seq, t: seq, dir: 'received', data });
const blobFrame = (seq: number, bytes: number[]): HookEvent => ({ type: 'frame', conn: 1, seq, t: seq, dir: 'received', data: new Blob([new Uint8Array(bytes)]), kind: 'blob' });

/** A Blob whose bytes arrive only when the test says so. */
function slowBlob(bytes: number[]): { blob: Blob; reading: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  let started = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const reading = new Promise<void>((r) => (started = r));
  class SlowBlob extends Blob {
    override slice(start?: number, end?: number): Blob {
      const part = super.slice(start, end);
      return Object.assign(part, {
        arrayBuffer: async () => {
          started();
          await gate;
          return Blob.prototype.arrayBuffer.call(part);
        },
      });
    }
  }
  return { blob: new SlowBlob([new Uint8Array(bytes)]), reading, release };
}

/** A Blob that cannot be read (e.g. its backing file went away). */
class BrokenBlob extends Blob {
  override slice(): Blob {
    return Object.assign(new Blob([]), { arrayBuffer: () => Promise.reject(new DOMException('gone', 'NotReadableError')) });
  }
}

function dataOf(h: History): unknown[] {
  return h.slice(0, Infinity).items.map((r) => (r.type === 'frame' ? (typeof r.data === 'string' ? r.data : [...new Uint8Array(r.data)]) : r.type));
}

describe('Ingest', () => {
  it('keeps the hook order across batches while a Blob is read: nothing overtakes it', async () => {
    const { history, ingest, log } = setup();
    const slow = slowBlob([1, 2, 3]);
    ingest.push([conn, text(1, 'a'), { type: 'frame', conn: 1, seq: 2, t: 2, dir: 'received', data: slow.blob, kind: 'blob' }, text(3, 'b')]);
    ingest.push([text(4, 'c')]);
    await slow.reading;
    expect(dataOf(history)).toEqual(['connection', 'a']); // the Blob is being read: the rest waits
    slow.release();
    await ingest.idle();
    expect(dataOf(history)).toEqual(['connection', 'a', [1, 2, 3], 'b', 'c']);
    expect(history.slice(0, Infinity).items.map((r) => r.rseq)).toEqual([1, 2, 3, 4, 5]);
    expect(log).toEqual(['connection', 'batch@4', 'batch@5']);
  });

  it('reads only the first maxFrameBytes of a Blob, and keeps its full size', async () => {
    const bounds = { ...DEFAULT_BOUNDS, maxFrameBytes: 2 };
    const { history, ingest } = setup(bounds);
    ingest.push([blobFrame(1, [9, 8, 7, 6])]);
    await ingest.idle();
    const [rec] = history.slice(0, Infinity).items;
    expect(rec?.type === 'frame' && rec.opcode === 'binary' && [[...new Uint8Array(rec.data)], rec.size, rec.truncated]).toEqual([[9, 8], 4, true]);
  });

  it('the bounds are read at each event (settings change live)', async () => {
    const { history, ingest, ctx } = setup();
    ctx.bounds = { ...DEFAULT_BOUNDS, maxFrameBytes: 1 };
    ingest.push([blobFrame(1, [5, 6])]);
    await ingest.idle();
    const [rec] = history.slice(0, Infinity).items;
    expect(rec?.type === 'frame' && [...new Uint8Array(rec.data as ArrayBuffer)]).toEqual([5]);
  });

  it('an unreadable Blob is kept as a truncated frame of its full size', async () => {
    const { history, ingest } = setup();
    const broken = new BrokenBlob([new Uint8Array(10)]);
    ingest.push([{ type: 'frame', conn: 1, seq: 1, t: 1, dir: 'received', data: broken, kind: 'blob' }, text(2, 'after')]);
    await ingest.idle();
    const items = history.slice(0, Infinity).items;
    expect(items.map((r) => r.type === 'frame' && [r.size, r.truncated])).toEqual([
      [10, true],
      [5, false],
    ]);
  });

  it("the hook's results go to the sink, not into the history", async () => {
    const { history, ingest, results } = setup();
    ingest.push([text(1, 'x'), { type: 'result', req: 3, ok: false, error: 'already-closed' }]);
    await ingest.idle();
    expect(results).toEqual([{ type: 'result', req: 3, ok: false, error: 'already-closed' }]);
    expect(history.last).toBe(1);
  });

  it('shows every event to `see` first: it may leave one out, change it, or give its record a note', async () => {
    const history = new History(DEFAULT_BOUNDS);
    const ctx: DocContext = { timeOrigin: 1000, frameUrl: 'https://site.test/', bounds: DEFAULT_BOUNDS };
    const seen: string[] = [];
    const ingest = new Ingest(history, ctx, {
      result: () => undefined,
      connection: () => undefined,
      batchDone: () => undefined,
      see(ev) {
        seen.push(ev.type);
        if (ev.type === 'frame' && ev.data === 'hidden') return null;
        if (ev.type === 'frame' && ev.data === 'noted') return { ev: { ...ev, mark: 'answered' }, note: 'why' };
        return { ev };
      },
    });
    ingest.push([conn, text(1, 'hidden'), text(2, 'noted'), text(3, 'plain'), { type: 'result', req: 1, ok: true }]);
    await ingest.idle();
    expect(seen).toEqual(['connection', 'frame', 'frame', 'frame']);
    const frames = history.slice(0, Infinity).items.filter((r) => r.type === 'frame');
    expect(frames.map((f) => [f.data, f.mark, f.opcode === 'text' ? f.note : undefined])).toEqual([
      ['noted', 'answered', 'why'],
      ['plain', undefined, undefined],
    ]);
  });
});

