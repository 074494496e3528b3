import { describe, expect, it } from 'vitest';
import { CheckRun, parseSteps } from './expectations';
import { resolve } from './variables';

const fill = (t: string) => resolve(t, new Map([['n', '7']]), { now: () => 0, uuid: () => '', random: () => 0, counter: () => 0 });

function clock() {
  let t = 0;
  let pending: { at: number; fn: () => void } | null = null;
  return {
    now: () => t,
    setTimeout: (fn: () => void, ms: number) => (pending = { at: t + ms, fn }),
    clearTimeout: () => (pending = null),
    advance(ms: number) {
      t += ms;
      if (pending && pending.at <= t) {
        const p = pending;
        pending = null;
        p.fn();
      }
    },
  };
}

describe('CheckRun', () => {
  it('passes a step on a matching frame, fails one whose frame does not come, and carries on', () => {
    const c = clock();
    const sent: string[] = [];
    const run = new CheckRun(
      [
        { send: 'ping {{n}}', expect: '/^pong 7$/', withinMs: '500' },
        { send: 'ask', expect: '"answer"', withinMs: '300' },
        { send: 'fire and forget', expect: '', withinMs: '' },
        { send: '{{nope}}', expect: 'x', withinMs: '10' },
      ],
      fill,
      { ...c, send: (t) => (sent.push(t), true) },
    );
    run.start();
    c.advance(20);
    run.received('pong 7');
    expect(run.results[0]).toEqual({ status: 'pass', message: 'Step 1: got "pong 7" after 20 ms.' });
    run.received('{"other":1}');
    c.advance(300);
    expect(run.results[1]).toEqual({
      status: 'fail',
      message: 'Step 2: expected a frame matching "answer" within 300 ms after sending "ask"; 1 frame came that did not match: "{\\"other\\":1}".',
    });
    expect(run.results[2].status).toBe('sent');
    expect(run.results[3]).toMatchObject({ status: 'fail', message: expect.stringContaining('Step 4: not sent: Unknown variable {{nope}}') });
    expect(sent).toEqual(['ping 7', 'ask', 'fire and forget']);
    expect([run.done, run.passed, run.failed]).toEqual([true, 2, 2]);
  });

  it('reads stored steps, dropping malformed ones', () => {
    expect(parseSteps([{ send: 'a', expect: '', withinMs: '1' }, { send: 1 }, null])).toEqual([{ send: 'a', expect: '', withinMs: '1' }]);
  });
});
