import { describe, expect, it } from 'vitest';
import { writeThrough } from './write-through';

/** A store whose writes finish only when the test says so. */
function slowStore() {
  const written: number[] = [];
  const pending: Array<() => void> = [];
  let value = 0;
  return {
    written,
    pending,
    set(v: number) {
      value = v;
    },
    write: () =>
      new Promise<void>((resolve) => {
        const v = value;
        pending.push(() => {
          written.push(v);
          resolve();
        });
      }),
  };
}

describe('writeThrough', () => {
  it('starts the first write at once, without waiting for a timer', () => {
    const s = slowStore();
    const w = writeThrough(s.write, () => undefined);
    s.set(1);
    void w.changed();
    expect(s.pending).toHaveLength(1);
  });

  it('writes only the newest of the changes made during a write, once, after it', async () => {
    const s = slowStore();
    const w = writeThrough(s.write, () => undefined);
    s.set(1);
    const first = w.changed();
    s.set(2);
    void w.changed();
    s.set(3);
    const last = w.changed();
    expect(s.pending).toHaveLength(1);
    s.pending.shift()?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(s.pending).toHaveLength(1);
    s.pending.shift()?.();
    await last;
    await first;
    expect(s.written).toEqual([1, 3]);
    await w.flush();
    expect(s.pending).toHaveLength(0);
  });

  it('reports a failed write and goes on with the next change', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const w = writeThrough(async () => {
      calls++;
      if (calls === 1) throw new Error('quota');
    }, (e) => errors.push(e));
    await w.changed();
    await w.changed();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('quota');
  });
});

describe('writeThrough with spacing', () => {
  it('writes the first change at once and the ones during the write after the spacing', async () => {
    const s = slowStore();
    const waits: Array<() => void> = [];
    const asked: number[] = [];
    const w = writeThrough(s.write, () => undefined, {
      ms: 200,
      wait: (ms) => {
        asked.push(ms);
        return new Promise<void>((r) => waits.push(r));
      },
    });
    s.set(1);
    void w.changed();
    expect(s.pending).toHaveLength(1);
    s.set(2);
    const last = w.changed();
    s.pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual([200]);
    expect(s.pending).toHaveLength(0);
    waits.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    s.pending.shift()?.();
    await last;
    expect(s.written).toEqual([1, 2]);
  });

  it('flush cuts the spacing short: a page going away writes the newest value now', async () => {
    const s = slowStore();
    const never = () => new Promise<void>(() => undefined);
    const w = writeThrough(s.write, () => undefined, { ms: 60_000, wait: never });
    s.set(1);
    void w.changed();
    s.set(2);
    void w.changed();
    s.pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.pending).toHaveLength(0); // waiting out the spacing
    const done = w.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.pending).toHaveLength(1);
    s.pending.shift()?.();
    await done;
    expect(s.written).toEqual([1, 2]);
  });

  it('flush with nothing changed writes nothing', async () => {
    const s = slowStore();
    const w = writeThrough(s.write, () => undefined, { ms: 10, wait: () => Promise.resolve() });
    await w.flush();
    expect(s.pending).toHaveLength(0);
  });
});
