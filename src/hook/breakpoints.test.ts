import { describe, expect, it } from 'vitest';
import type { HookEvent } from '../core/protocol';
import { coreNativesHere } from './natives';
import { createRules } from './rules';
import { createBreakpoints } from './breakpoints';
import type { Held, Recorder, SocketState } from './state';

interface FakeSocket {
  readyState: number;
  sent: unknown[];
}

/** Breakpoints over fake natives and a recorder that writes down what it is asked to do. */
function setUp(pattern = '^hold') {
  const events: HookEvent[] = [];
  const done: unknown[][] = [];
  const out: Recorder = {
    enqueue: (ev) => void events.push(ev),
    flush: () => undefined,
    record: (_st, dir, data, type, mark, original, at) => void done.push(at === undefined ? ['record', dir, data, type, mark, original] : ['record', dir, data, type, mark, original, at]),
    deliver: (_ws, _st, data, origin, simulated) => void done.push(['deliver', data, origin, simulated]),
  };
  const rules = createRules(coreNativesHere());
  rules.update([{ action: 'pause', dirs: 3, match: { source: pattern, flags: '' } }]);
  const bps = createBreakpoints(
    {
      reflectApply: Reflect.apply,
      clock: () => 7,
      wsReadyState: (s) => (s as FakeSocket).readyState,
      wsSend(this: FakeSocket, data: unknown) {
        this.sent.push(data);
      },
    },
    rules,
    out,
  );
  const fake: FakeSocket = { readyState: 1, sent: [] };
  const ws = fake as unknown as WebSocket;
  const st: SocketState = { c: 1, s: 0, r: {} as SocketState['r'] };
  const held = (dir: 1 | 2, data: unknown): Held => ({ dir, data, type: typeof data === 'string' ? 'text' : 'arraybuffer', origin: dir === 2 ? 'wss://x' : '', pid: 0, t: 1000 }); // arrived at 1000; the clock says 7
  return { events, done, bps, rules, fake, ws, st, held };
}

describe('breakpoints', () => {
  it('pause the first matching frame, queue the later ones behind it, and keep each direction apart', () => {
    const { events, bps, st, held } = setUp();
    expect(bps.watching(st)).toBe(true);
    expect(bps.take(st, held(2, 'free'))).toBe(false);
    expect(bps.take(st, held(2, 'hold 1'))).toBe(true);
    expect(bps.take(st, held(2, 'free after'))).toBe(true); // waits behind the paused one
    expect(bps.take(st, held(1, 'free sent'))).toBe(false); // the other direction is not held
    expect(bps.take(st, new Uint8Array([1]) as unknown as Held)).toBe(false);
    expect(events).toEqual([{ type: 'paused', conn: 1, seq: 1, t: 7, pid: 1, dir: 'received', data: 'hold 1', arrived: 1000 }]);
  });

  it('continue: deliver the paused frame (edited or not) and drain the queue up to the next breakpoint', () => {
    const { events, done, bps, ws, st, held } = setUp();
    bps.take(st, held(2, 'hold 1'));
    bps.take(st, held(2, 'next'));
    bps.take(st, held(2, 'hold 2'));
    bps.take(st, held(2, 'last'));
    expect(bps.resume(ws, st, 99, 'continue')).toBe(false);
    expect(bps.resume(ws, st, 1, 'continue', 'edited')).toBe(true);
    expect(done).toEqual([
      ['record', 'received', 'edited', 'text', 'rewritten', 'hold 1'],
      ['deliver', 'edited', 'wss://x', false],
      ['record', 'received', 'next', 'text', undefined, undefined],
      ['deliver', 'next', 'wss://x', false],
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'resumed', conn: 1, seq: 2, t: 7, pid: 1, action: 'continue' },
      { type: 'paused', conn: 1, seq: 3, t: 7, pid: 2, dir: 'received', data: 'hold 2', arrived: 1000 }, // the fake record takes no seq; it arrived before it was paused
    ]);
    done.length = 0;
    expect(bps.resume(ws, st, 2, 'drop')).toBe(true);
    expect(done).toEqual([
      ['record', 'received', 'hold 2', 'text', 'dropped', undefined, 1000],
      ['record', 'received', 'last', 'text', undefined, undefined],
      ['deliver', 'last', 'wss://x', false],
    ]);
    expect(st.held).toBeUndefined();
    expect(bps.resume(ws, st, 2, 'drop')).toBe(false);
  });

  it('a sent frame goes out with the native send, or is recorded dropped (at its arrival time) once the socket is no longer open', () => {
    const { done, bps, fake, ws, st, held } = setUp();
    bps.take(st, held(1, 'hold a'));
    bps.take(st, held(1, 'b'));
    bps.resume(ws, st, 1, 'continue');
    expect(fake.sent).toEqual(['hold a', 'b']);
    bps.take(st, held(1, 'hold c'));
    fake.readyState = 2;
    bps.resume(ws, st, 2, 'continue');
    expect(fake.sent).toEqual(['hold a', 'b']);
    expect(done.at(-1)).toEqual(['record', 'sent', 'hold c', 'text', 'dropped', undefined, 1000]);
  });

  it('a closing socket drops everything it holds, each recorded dropped at its arrival time, the paused ones resumed as dropped', () => {
    const { events, done, bps, st, held } = setUp();
    bps.take(st, held(2, 'hold r'));
    bps.take(st, held(2, 'r2'));
    bps.take(st, held(1, 'hold s'));
    bps.dropAll(st);
    expect(st.held).toBeUndefined();
    expect(done).toEqual([
      ['record', 'sent', 'hold s', 'text', 'dropped', undefined, 1000],
      ['record', 'received', 'hold r', 'text', 'dropped', undefined, 1000],
      ['record', 'received', 'r2', 'text', 'dropped', undefined, 1000],
    ]);
    expect(events.filter((e) => e.type === 'resumed').map((e) => (e as { pid: number }).pid)).toEqual([2, 1]);
    expect(bps.watching(st)).toBe(true); // the breakpoint itself is still there
  });
});
