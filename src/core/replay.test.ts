import { describe, expect, it } from 'vitest';
import { MAX_ORIGINAL_GAP_MS, replayDelays, runReplay, type ReplayProgress } from './replay';

const at = (...times: number[]) => times.map((time) => ({ time }));

describe('replayDelays', () => {
  it('keeps the original spacing, the first frame at once', () => {
    expect(replayDelays(at(1000, 1000.5, 1250, 2250), { kind: 'original' })).toEqual([0, 0.5, 249.5, 1000]);
  });
  it('caps a very long original gap', () => {
    expect(replayDelays(at(0, 10 * MAX_ORIGINAL_GAP_MS), { kind: 'original' })).toEqual([0, MAX_ORIGINAL_GAP_MS]);
  });
  it('uses a fixed interval, never negative', () => {
    expect(replayDelays(at(5, 1, 9), { kind: 'interval', ms: 100 })).toEqual([0, 100, 100]);
    expect(replayDelays(at(5, 1), { kind: 'interval', ms: -3 })).toEqual([0, 0]);
  });
  it('handles none and one', () => {
    expect(replayDelays([], { kind: 'original' })).toEqual([]);
    expect(replayDelays(at(7), { kind: 'interval', ms: 50 })).toEqual([0]);
  });
});

describe('runReplay', () => {
  const noWait = async () => {};

  it('sends in order with the planned waits and reports progress', async () => {
    const waits: number[] = [];
    const sent: string[] = [];
    const progress: ReplayProgress[] = [];
    const r = await runReplay(
      ['a', 'b', 'c'],
      [0, 10, 20],
      async (x) => (sent.push(x), null),
      (p) => progress.push(p),
      new AbortController().signal,
      async (ms) => void waits.push(ms),
    );
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(waits).toEqual([10, 20]);
    expect(r).toEqual({ sent: 3, total: 3, done: true });
    expect(progress.map((p) => p.sent)).toEqual([1, 2, 3]);
  });

  it('stops at the first failure and says why', async () => {
    const sent: string[] = [];
    const r = await runReplay(['a', 'b', 'c'], [0, 0, 0], async (x) => (x === 'b' ? 'The socket is closed' : (sent.push(x), null)), () => {}, new AbortController().signal, noWait);
    expect(sent).toEqual(['a']);
    expect(r).toEqual({ sent: 1, total: 3, error: 'The socket is closed', done: true });
  });

  it('stops when aborted during a wait', async () => {
    const ac = new AbortController();
    const sent: string[] = [];
    const r = await runReplay(['a', 'b'], [0, 1000], async (x) => (sent.push(x), null), () => {}, ac.signal, async () => ac.abort());
    expect(sent).toEqual(['a']);
    expect(r).toMatchObject({ sent: 1, stopped: true, done: true });
  });
});
