import { describe, expect, it } from 'vitest';
import type { CaptureEvent, Direction, HookCommand } from '../core/protocol';
import type { Faults } from '../core/faults';
import type { Rule } from '../core/rules';
import { FAULT_REQ, FaultInjector } from './faults';

const faults = (over: Partial<Faults> = {}): Faults => ({ enabled: true, url: '', sent: { latency: 0, jitter: 0, drop: 0 }, received: { latency: 0, jitter: 0, drop: 0 }, ...over });

/**
 * A fault injector on a fake clock, with a fake hook that holds like the real one: the first
 * frame of a direction is paused, the later ones wait behind it; a resume lets it go (or drops
 * it), records it, and pauses the next. `advance(ms)` runs the timers due, in order.
 */
function setUp(f: Faults, random: number[] = [], rules: Rule[] = [], answered = (_: string) => false) {
  let now = 0;
  let timers: { at: number; cb: () => void; id: number }[] = [];
  let ids = 0;
  let pid = 0;
  const queues: Record<Direction, { data: string; arrived: number; pid: number }[]> = { sent: [], received: [] };
  /** What the page (received) or the server (sent) got, and the records kept, in order. */
  const got: string[] = [];
  const records: { ev: CaptureEvent; note?: string }[] = [];
  const posted: HookCommand[] = [];
  const fi: FaultInjector = new FaultInjector({
    now: () => now,
    setTimeout: (cb, ms) => (timers.push({ at: now + ms, cb, id: ++ids }), ids),
    clearTimeout: (id) => (timers = timers.filter((t) => t.id !== id)),
    random: () => {
      const r = random.shift();
      if (r === undefined) throw new Error('no more random numbers');
      return r;
    },
    post(cmd) {
      posted.push(cmd);
      if (cmd.type !== 'resume') return true;
      for (const dir of ['sent', 'received'] as const) {
        const q = queues[dir];
        if (q[0]?.pid !== cmd.pid) continue;
        const h = q.shift()!;
        see({ type: 'resumed', conn: 1, seq: 0, t: now, pid: h.pid, action: cmd.action });
        if (cmd.action === 'continue') got.push(`${dir} ${h.data}`);
        see({ type: 'frame', conn: 1, seq: 0, t: cmd.action === 'drop' ? h.arrived : now, dir, data: h.data, ...(cmd.action === 'drop' ? { mark: 'dropped' as const } : {}) });
        if (q[0] !== undefined) pauseHead(dir);
      }
      return true;
    },
    answered,
  });
  const see = (ev: CaptureEvent) => {
    const s = fi.see(ev);
    if (s === undefined) records.push({ ev });
    else if (s !== null) records.push(s);
  };
  const pauseHead = (dir: Direction) => {
    const h = queues[dir][0]!;
    h.pid = ++pid;
    see({ type: 'paused', conn: 1, seq: 0, t: now, pid: h.pid, dir, data: h.data, arrived: h.arrived });
  };
  fi.rules(rules);
  fi.update(f);
  see({ type: 'connection', conn: 1, seq: 0, t: 0, url: 'ws://127.0.0.1/echo', protocols: [], initiator: '' });
  const frame = (dir: Direction, data: string) => {
    queues[dir].push({ data, arrived: now, pid: 0 });
    if (queues[dir].length === 1) pauseHead(dir);
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = timers[0];
      if (t === undefined || t.at > end) break;
      timers.shift();
      now = Math.max(now, t.at);
      t.cb();
    }
    now = end;
  };
  const at = (ms: number) => advance(ms - now);
  const frames = () => records.filter((r) => r.ev.type === 'frame').map((r) => ({ t: r.ev.t, data: r.ev.type === 'frame' && r.ev.data, mark: r.ev.type === 'frame' ? r.ev.mark : undefined, note: r.note }));
  return { fi, frame, advance, at, got, records, frames, posted, queues };
}

describe('FaultInjector', () => {
  it('delays each direction by its own latency, from when the frame arrived, and marks it delayed', () => {
    const t = setUp(faults({ sent: { latency: 50, jitter: 0, drop: 0 }, received: { latency: 200, jitter: 0, drop: 0 } }));
    t.frame('received', 'r1');
    t.frame('sent', 's1');
    t.at(10);
    t.frame('received', 'r2'); // waits behind r1 in the hook: its 200 ms count from now, not from when r1 went
    t.at(49);
    expect(t.got).toEqual([]);
    t.at(50);
    expect(t.got).toEqual(['sent s1']);
    t.at(199);
    expect(t.got).toEqual(['sent s1']);
    t.at(200);
    expect(t.got).toEqual(['sent s1', 'received r1']);
    t.at(210);
    expect(t.got).toEqual(['sent s1', 'received r1', 'received r2']);
    expect(t.frames()).toEqual([
      { t: 50, data: 's1', mark: 'delayed', note: 'Delayed 50 ms by a fault (50 ms asked).' },
      { t: 200, data: 'r1', mark: 'delayed', note: 'Delayed 200 ms by a fault (200 ms asked).' },
      { t: 210, data: 'r2', mark: 'delayed', note: 'Delayed 200 ms by a fault (200 ms asked).' },
    ]);
    // The holds themselves are not in the history.
    expect(t.records.filter((r) => r.ev.type === 'paused' || r.ev.type === 'resumed')).toEqual([]);
  });

  it('keeps the order with jitter: a frame due earlier waits for the one before it', () => {
    // r1 draws the most jitter (100 + 90), r2 the least (100 + 0): r2 goes right after r1.
    const t = setUp(faults({ received: { latency: 100, jitter: 90, drop: 0 } }), [0.9999, 0, 0.5]);
    t.frame('received', 'r1');
    t.at(5);
    t.frame('received', 'r2');
    t.at(6);
    t.frame('received', 'r3');
    t.at(189);
    expect(t.got).toEqual([]);
    t.at(190);
    // r2 was due at 105, r3 at 6 + 145 = 151: both waited for r1, and went right after it, in order.
    expect(t.got).toEqual(['received r1', 'received r2', 'received r3']);
    const fr = t.frames();
    expect(fr.map((f) => f.t)).toEqual([190, 190, 190]);
    expect(fr[1]!.note).toBe('Delayed 185 ms by a fault (100 ms asked, the rest waiting for the frame before it).');
  });

  it('drops frames on the random source, at once, marked dropped with the note; the ones kept stay in order', () => {
    const random = [0.1, 0.5, 0.29, 0.31, 0.0];
    const t = setUp(faults({ received: { latency: 0, jitter: 0, drop: 30 } }), random);
    for (const d of ['a', 'b', 'c', 'd', 'e']) t.frame('received', d);
    expect(t.got).toEqual(['received b', 'received d']);
    expect(t.frames().map((f) => `${f.data} ${f.mark ?? ''} ${f.note ?? ''}`)).toEqual([
      'a dropped Dropped by a fault.',
      'b delayed Delayed 0 ms by a fault (0 ms asked).',
      'c dropped Dropped by a fault.',
      'd delayed Delayed 0 ms by a fault (0 ms asked).',
      'e dropped Dropped by a fault.',
    ]);
    expect(t.posted.every((c) => c.type === 'resume' && c.req === FAULT_REQ)).toBe(true);
  });

  it("leaves the user's breakpoints, the responder's holds and connections the URL pattern does not match alone", () => {
    const pause: Rule = { id: 'p', enabled: true, action: 'pause', direction: 'received', match: 'stop' };
    const t = setUp(faults({ sent: { latency: 10, jitter: 0, drop: 0 }, received: { latency: 10, jitter: 0, drop: 0 } }), [], [pause], (text) => text === 'ping');
    t.frame('received', 'stop here');
    t.frame('sent', 'ping');
    t.advance(100);
    expect(t.got).toEqual([]);
    expect(t.records.map((r) => r.ev.type)).toEqual(['connection', 'paused', 'paused']);

    const other = setUp(faults({ url: 'chat', received: { latency: 10, jitter: 0, drop: 0 } }));
    other.frame('received', 'x');
    expect(other.got).toEqual(['received x']);
    expect(other.frames()).toEqual([{ t: 0, data: 'x', mark: undefined, note: undefined }]);
  });

  it('a frame held when its socket closed is dropped by the hook: said so, not as a fault drop', () => {
    const t = setUp(faults({ received: { latency: 100, jitter: 0, drop: 0 } }));
    t.frame('received', 'r1');
    const pid = t.queues.received[0]!.pid;
    const batch: CaptureEvent[] = [
      { type: 'resumed', conn: 1, seq: 0, t: 5, pid, action: 'drop' },
      { type: 'frame', conn: 1, seq: 0, t: 0, dir: 'received', data: 'r1', mark: 'dropped' },
      { type: 'close', conn: 1, seq: 0, t: 5, code: 1000, reason: '', wasClean: true },
    ];
    const seen = batch.map((ev, i) => t.fi.see(ev, batch, i));
    expect(seen[0]).toBeNull();
    expect(seen[1]).toEqual({ ev: batch[1], note: 'Held by a fault when its socket closed: never passed on.' });
    expect(seen[2]).toBeUndefined();
  });
});
