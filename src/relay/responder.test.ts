import { describe, expect, it } from 'vitest';
import type { CaptureEvent, HookCommand } from '../core/protocol';
import type { Rule } from '../core/rules';
import { RESPOND_REQ, Responder } from './responder';

const PONG = '{"type":"pong","id":{{id}}}';
const respond = (over: Partial<Rule> = {}): Rule => ({
  id: 'r',
  enabled: true,
  action: 'respond',
  direction: 'sent',
  match: '',
  where: 'type = "ping"',
  responses: [{ template: PONG, delay: 0 }],
  ...over,
});

/** A responder on a fake clock: `advance(ms)` runs the timers due, in order. */
function setUp(rules: Rule[]) {
  let now = 1000;
  let timers: { at: number; cb: () => void; id: number }[] = [];
  let ids = 0;
  const posted: HookCommand[] = [];
  const r = new Responder({
    now: () => now,
    setTimeout: (cb, ms) => (timers.push({ at: now + ms, cb, id: ++ids }), ids),
    clearTimeout: (id) => (timers = timers.filter((t) => t.id !== id)),
    post: (cmd) => (posted.push(cmd), true),
  });
  r.update(rules);
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
  const delivered = () => posted.filter((c) => c.type === 'simulate').map((c) => c.type === 'simulate' && `${c.conn}:${c.data as string}`);
  return { r, posted, advance, delivered, pending: () => timers.length };
}

let seq = 0;
const sent = (data: string, over: Partial<Extract<CaptureEvent, { type: 'frame' }>> = {}): Extract<CaptureEvent, { type: 'frame' }> => ({ type: 'frame', conn: 1, seq: ++seq, t: 5, dir: 'sent', data, ...over });

describe('Responder: forwarding rules', () => {
  it('answers a matching sent frame with its rendered responses, marked mocked, and notes it on the record', () => {
    const { r, posted, advance } = setUp([respond()]);
    const ev = sent('{"type":"ping","id":7}');
    expect(r.see(ev)).toEqual({ ev, note: 'Answered by an auto-response rule with 1 response.' });
    expect(posted).toEqual([]);
    advance(0);
    expect(posted).toEqual([{ type: 'simulate', req: RESPOND_REQ, conn: 1, data: '{"type":"pong","id":7}', mark: 'mocked' }]);
  });
  it('leaves alone what does not match, received frames, binary frames and frames the panel sent', () => {
    const { r, advance, delivered } = setUp([respond()]);
    for (const ev of [
      sent('{"type":"hello","id":7}'),
      sent('not json'),
      sent('{"type":"ping","id":1}', { dir: 'received' }),
      sent('{"type":"ping","id":1}', { mark: 'composed' }),
      sent('{"type":"ping","id":1}', { mark: 'replayed' }),
      sent('{"type":"ping","id":1}', { mark: 'blocked' }),
      { ...sent(''), data: new ArrayBuffer(2) },
    ] as CaptureEvent[])
      expect(r.see(ev)).toEqual({ ev });
    // A rewritten frame is answered for the text that was sent.
    expect(r.see(sent('{"type":"ping","id":2}', { mark: 'rewritten', original: 'x' }))?.note).toBe('Answered by an auto-response rule with 1 response.');
    // So is one a network fault delayed (src/relay/faults.ts): it went out, later.
    expect(r.see(sent('{"type":"ping","id":3}', { mark: 'delayed' }))?.note).toBe('Answered by an auto-response rule with 1 response.');
    advance(0);
    expect(delivered()).toEqual(['1:{"type":"pong","id":2}', '1:{"type":"pong","id":3}']);
  });

  it('answers(): whether a rule without forwarding answers a text (its hold is the responder\'s, not a fault\'s)', () => {
    const { r } = setUp([respond({ forward: false }), respond({ id: 'f', where: 'type = "hello"' })]);
    expect(r.answers('{"type":"ping","id":1}')).toBe(true);
    expect(r.answers('{"type":"hello","id":1}')).toBe(false); // a forwarding rule's: it holds nothing
    expect(r.answers('{"type":"other"}')).toBe(false);
  });
  it('a field the frame lacks: no response at all, the record says why', () => {
    const { r, advance, posted } = setUp([respond({ responses: [{ template: 'first', delay: 0 }, { template: PONG, delay: 0 }] })]);
    expect(r.see(sent('{"type":"ping"}'))?.note).toBe('An auto-response rule matched it, but sent no response: response 2: the sent frame has no field id.');
    advance(1000);
    expect(posted).toEqual([]);
  });
  it('the first rule that matches answers; groups of its regex fill the template', () => {
    const { r, advance, delivered } = setUp([
      respond({ id: 'a', match: '/^hello (\\w+)(!)?/', where: '', responses: [{ template: 'hi {{$1}}{{$2}}[{{$0}}]', delay: 0 }] }),
      respond({ id: 'b', match: 'hello', where: '', responses: [{ template: 'never', delay: 0 }] }),
    ]);
    r.see(sent('hello bob, there'));
    advance(0);
    expect(delivered()).toEqual(['1:hi bob[hello bob]']);
  });
  it('switched-off and invalid rules do not answer; an update replaces the rules', () => {
    const { r, advance, delivered } = setUp([respond({ enabled: false }), respond({ id: 'x', responses: [{ template: '{{', delay: 0 }] })]);
    r.see(sent('{"type":"ping","id":1}'));
    r.update([respond({ responses: [{ template: 'ok', delay: 0 }] })]);
    r.see(sent('{"type":"ping","id":2}'));
    advance(0);
    expect(delivered()).toEqual(['1:ok']);
  });
});

describe('Responder: order and delays', () => {
  it("delivers one frame's responses in order, each its delay after the one before", () => {
    const { r, advance, delivered } = setUp([respond({ responses: [{ template: 'a', delay: 10 }, { template: 'b', delay: 0 }, { template: 'c', delay: 5 }] })]);
    r.see(sent('{"type":"ping","id":1}'));
    advance(9);
    expect(delivered()).toEqual([]);
    advance(1);
    expect(delivered()).toEqual(['1:a', '1:b']);
    advance(4);
    expect(delivered()).toEqual(['1:a', '1:b']);
    advance(1);
    expect(delivered()).toEqual(['1:a', '1:b', '1:c']);
  });
  it('responses to successive frames with equal delays keep the frames\' order, even at the same instant', () => {
    const { r, advance, delivered } = setUp([respond({ responses: [{ template: '{{id}}', delay: 20 }, { template: '{{id}}-end', delay: 20 }] })]);
    for (const id of [1, 2, 3]) r.see(sent(`{"type":"ping","id":${id}}`, { conn: id === 2 ? 2 : 1 }));
    advance(20);
    expect(delivered()).toEqual(['1:1', '2:2', '1:3']);
    advance(20);
    expect(delivered()).toEqual(['1:1', '2:2', '1:3', '1:1-end', '2:2-end', '1:3-end']);
  });
  it('a shorter delay of a later frame may come first; a socket that closes drops what it still has due', () => {
    const { r, advance, delivered, pending } = setUp([respond({ where: 'type = "slow"', responses: [{ template: 'slow', delay: 100 }] }), respond({ id: 'f', responses: [{ template: 'fast', delay: 10 }] })]);
    r.see(sent('{"type":"slow"}'));
    r.see(sent('{"type":"ping","id":1}', { conn: 2 }));
    r.see(sent('{"type":"slow"}', { conn: 2 }));
    advance(10);
    expect(delivered()).toEqual(['2:fast']);
    expect(r.see({ type: 'close', conn: 2, seq: 9, t: 1, code: 1000, reason: '', wasClean: true })).not.toBeNull();
    advance(200);
    expect(delivered()).toEqual(['2:fast', '1:slow']);
    expect(pending()).toBe(0);
  });
});

describe('Responder: without forwarding (holds)', () => {
  const noForward = respond({ forward: false, match: '/"id":(\\d+)/', responses: [{ template: PONG, delay: 0 }, { template: 'n={{$1}}', delay: 5 }] });
  const paused = (pid: number, data: string, conn = 1): CaptureEvent => ({ type: 'paused', conn, seq: ++seq, t: 1, pid, dir: 'sent', data });
  const resumed = (pid: number, action: 'continue' | 'drop', conn = 1): CaptureEvent => ({ type: 'resumed', conn, seq: ++seq, t: 2, pid, action });

  it('drops a held frame it answers (its records unseen), marks the frame answered and delivers the responses', () => {
    const { r, posted, advance, delivered } = setUp([noForward]);
    expect(r.see(paused(4, '{"type":"ping","id":7}'))).toBeNull();
    expect(posted).toEqual([{ type: 'resume', req: RESPOND_REQ, conn: 1, pid: 4, action: 'drop' }]);
    expect(r.see(resumed(4, 'drop'))).toBeNull();
    const dropped = sent('{"type":"ping","id":7}', { mark: 'dropped' });
    expect(r.see(dropped)).toEqual({ ev: { ...dropped, mark: 'answered' }, note: 'The rule answers it with 2 responses (marked mocked).' });
    advance(5);
    expect(delivered()).toEqual(['1:{"type":"pong","id":7}', '1:n=7']);
  });
  it('lets a held frame go on when its field match fails; a forwarding rule may still answer it', () => {
    const { r, posted, advance, delivered } = setUp([noForward, respond({ id: 'f', where: 'type = "hello"', responses: [{ template: 'hi', delay: 0 }] })]);
    expect(r.see(paused(5, '{"type":"hello","id":1}'))).toBeNull();
    expect(posted).toEqual([{ type: 'resume', req: RESPOND_REQ, conn: 1, pid: 5, action: 'continue' }]);
    expect(r.see(resumed(5, 'continue'))).toBeNull();
    const out = sent('{"type":"hello","id":1}');
    expect(r.see(out)).toEqual({ ev: out, note: 'Answered by an auto-response rule with 1 response.' });
    advance(0);
    expect(delivered()).toEqual(['1:hi']);
  });
  it('a held frame it cannot answer stays from the server: blocked, and the record says why', () => {
    const { r, advance, posted } = setUp([respond({ forward: false, where: '', responses: [{ template: '{{id}}', delay: 0 }] })]);
    r.see(paused(6, '{"type":"ping"}'));
    expect(posted).toEqual([{ type: 'resume', req: RESPOND_REQ, conn: 1, pid: 6, action: 'drop' }]);
    r.see(resumed(6, 'drop'));
    const dropped = sent('{"type":"ping"}', { mark: 'dropped' });
    expect(r.see(dropped)).toEqual({
      ev: { ...dropped, mark: 'blocked' },
      note: 'Not sent to the server: an auto-response rule without forwarding matched it, but sent no response: the sent frame has no field id.',
    });
    advance(10);
    expect(posted).toHaveLength(1);
  });
  it("leaves the user's breakpoints (and received holds) to the panel", () => {
    const { r, posted } = setUp([noForward, { id: 'bp', enabled: true, action: 'pause', direction: 'both', match: 'stop' }]);
    const user = paused(7, '{"type":"ping","id":1,"stop":1}');
    expect(r.see(user)).toEqual({ ev: user });
    const recv: CaptureEvent = { type: 'paused', conn: 1, seq: 1, t: 1, pid: 8, dir: 'received', data: '{"id":1}' };
    expect(r.see(recv)).toEqual({ ev: recv });
    const continued = resumed(7, 'continue');
    expect(r.see(continued)).toEqual({ ev: continued });
    expect(posted).toEqual([]);
  });
  it('a socket closed while the frame was held: recorded dropped with a note, nothing delivered', () => {
    const { r, advance, posted } = setUp([noForward]);
    r.see(paused(9, '{"type":"ping","id":3}'));
    // The hook's dropAll on close: resumed (drop) and the frame, then the close, in one batch.
    const close: CaptureEvent = { type: 'close', conn: 1, seq: 99, t: 3, code: 1006, reason: '', wasClean: false };
    const frame = sent('{"type":"ping","id":3}', { mark: 'dropped' });
    const batch = [resumed(9, 'drop'), frame, close];
    expect(r.see(batch[0]!, batch, 0)).toBeNull();
    expect(r.see(frame, batch, 1)).toEqual({ ev: frame, note: 'Held for an auto-response rule when its socket closed: neither sent to the server nor answered.' });
    r.see(close, batch, 2);
    advance(100);
    expect(posted.map((c) => c.type)).toEqual(['resume']);
  });
  it("the relay's own resume: its answer follows the frame in the batch (a close after it does not count)", () => {
    const { r } = setUp([noForward]);
    r.see(paused(10, '{"type":"ping","id":4}'));
    const frame = sent('{"type":"ping","id":4}', { mark: 'dropped' });
    const close: CaptureEvent = { type: 'close', conn: 1, seq: 99, t: 3, code: 1000, reason: '', wasClean: true };
    const batch = [resumed(10, 'drop'), frame, { type: 'result', req: RESPOND_REQ, ok: true } as const, close];
    r.see(batch[0] as CaptureEvent, batch, 0);
    expect(r.see(frame, batch, 1)?.ev).toEqual({ ...frame, mark: 'answered' });
  });
});
