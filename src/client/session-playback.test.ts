import { describe, expect, it } from 'vitest';
import { SessionPlayer, recordingFromQuery, recordingsOf, type Recording } from './session-playback';
import { diffSessions, volatileFields } from './session-diff';
import { resolve } from './variables';

function fakeClock() {
  let t = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let id = 0;
  return {
    now: () => t,
    setTimeout: (fn: () => void, ms: number) => (timers.push({ at: t + ms, fn, id: ++id }), id),
    clearTimeout: (x: unknown) => (timers = timers.filter((tm) => tm.id !== x)),
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = next.at;
        next.fn();
      }
      t = end;
    },
  };
}

const rec: Recording = {
  label: 'r',
  url: 'ws://x',
  protocols: [],
  frames: [
    { dir: 'received', data: '{"type":"welcome","time":1}', binary: false, time: 0 },
    { dir: 'sent', data: 'hello {{who}}', binary: false, time: 100 },
    { dir: 'received', data: '{"type":"chat","text":"hello ada","time":2}', binary: false, time: 110 },
    { dir: 'sent', data: 'AAE=', binary: true, time: 600 },
    { dir: 'received', data: 'bye', binary: false, time: 650 },
  ],
};

const fill = (t: string) => resolve(t, new Map([['who', 'ada']]), { now: () => 0, uuid: () => '', random: () => 0, counter: () => 0 });

describe('SessionPlayer', () => {
  it('as fast as the server answers: each send waits for the frames the recording had by then', () => {
    const clock = fakeClock();
    const sent: Array<string | number[]> = [];
    const p = new SessionPlayer(rec, { pace: 'answers', waitMs: 1000, fill }, { ...clock, send: (d) => (sent.push(typeof d === 'string' ? d : [...d]), true) });
    p.start();
    expect(sent).toEqual([]);
    p.received('{"time":9,"type":"welcome"}');
    expect(sent).toEqual(['hello ada']);
    p.received('{"type":"chat","text":"hello bob","time":3}');
    expect(sent).toEqual(['hello ada', [0, 1]]);
    p.received('bye');
    expect(p.state).toBe('done');
    const d = diffSessions(rec.frames, p.result().frames, volatileFields('time'));
    expect(d.rows.map((r) => [r.status, r.paths])).toEqual([['same', []], ['differs', ['$.text']], ['same', []]]);
    expect([d.same, d.differs, d.missing, d.extra]).toEqual([2, 1, 0, 0]);
  });

  it('on the original timing, and a server that does not answer times out and leaves missing rows', () => {
    const clock = fakeClock();
    const sent: Array<[number, unknown]> = [];
    const p = new SessionPlayer(rec, { pace: 'original', waitMs: 300, fill }, { ...clock, send: (d) => (sent.push([clock.now(), typeof d === 'string' ? d : 'bin']), true) });
    p.start();
    clock.advance(499);
    expect(sent).toEqual([[0, 'hello ada']]);
    clock.advance(1);
    expect(sent).toEqual([[0, 'hello ada'], [500, 'bin']]);
    clock.advance(300);
    expect(p.state).toBe('done');
    const d = diffSessions(rec.frames, p.result().frames, new Set());
    expect(d.rows.map((r) => r.status)).toEqual(['missing', 'missing', 'missing']);
  });

  it('sends nothing when a frame has an unknown variable', () => {
    const clock = fakeClock();
    const sent: unknown[] = [];
    const bad = { ...rec, frames: [{ dir: 'sent' as const, data: '{{nope}}', binary: false, time: 0 }] };
    const p = new SessionPlayer(bad, { pace: 'answers', waitMs: 10, fill }, { ...clock, send: (d) => (sent.push(d), true) });
    p.start();
    expect(p.state).toBe('failed');
    expect(p.result().error).toBe(
      'Sent frame 1 of the recording: Unknown variable {{nope}}. No environment is active: choose one, or add the variable to an environment. Nothing was sent.',
    );
    expect(sent).toEqual([]);
  });
});

describe('diffSessions and recordingsOf', () => {
  it('compares JSON by value, marks extra frames, and lists the connections that sent anything', () => {
    const d = diffSessions(
      [{ dir: 'received', data: '{"a":[1,2],"id":"x"}', binary: false, time: 0 }],
      [
        { dir: 'received', data: '{ "id": "y", "a": [1, 2] }', binary: false, time: 0 },
        { dir: 'received', data: 'more', binary: false, time: 0 },
      ],
      volatileFields(' id , '),
    );
    expect(d.rows.map((r) => r.status)).toEqual(['same', 'extra']);
    const recs = recordingsOf(
      [
        { type: 'connection', conn: 1, seq: 0, time: 0, url: 'ws://a', protocols: ['p'], frameUrl: '', initiator: '', rseq: 1 },
        { type: 'frame', conn: 1, seq: 1, time: 1, dir: 'sent', opcode: 'text', data: 'x', size: 1, truncated: false, rseq: 2 },
        { type: 'connection', conn: 2, seq: 0, time: 0, url: 'ws://b', protocols: [], frameUrl: '', initiator: '', rseq: 3 },
      ],
      'log',
    );
    expect(recs.map((r) => [r.label, r.protocols])).toEqual([['log #1: ws://a (1 sent, 0 received)', ['p']]]);
  });
});

describe('recordingFromQuery', () => {
  it('reads the handed session, refusing malformed ones', () => {
    const r = recordingFromQuery('[{"d":"r","t":0,"x":"hi"},{"d":"s","t":5,"b":"AQ=="}]', 'ws://a', ['p']);
    expect(r).toEqual({
      label: 'From the panel: ws://a (1 sent, 1 received)',
      url: 'ws://a',
      protocols: ['p'],
      frames: [
        { dir: 'received', data: 'hi', binary: false, time: 0 },
        { dir: 'sent', data: 'AQ==', binary: true, time: 5 },
      ],
    });
    expect(recordingFromQuery('[{"d":"x","t":0}]', 'ws://a', [])).toBeNull();
    expect(recordingFromQuery('{', 'ws://a', [])).toBeNull();
    expect(recordingFromQuery(null, 'ws://a', [])).toBeNull();
  });
});
