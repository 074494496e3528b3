import { describe, expect, it } from 'vitest';
import { parseSavedParam } from './message-draft';
import { SESSION_MAX_FRAMES, boundedSession, clientQuery, parsePrefill } from './client-query';

describe('parsePrefill', () => {
  it('reads url, protocols, saved, connect and tab', () => {
    const q = new URLSearchParams({ url: 'ws://h/p?a=1', protocols: 'a,b', saved: '[{"name":"n","data":"d"}]', connect: '1' });
    expect(parsePrefill(`?${q}`)).toEqual({
      url: 'ws://h/p?a=1',
      protocols: 'a,b',
      saved: '[{"name":"n","data":"d"}]',
      session: null,
      connect: true,
      tab: false,
    });
    expect(parsePrefill('?tab=1')).toEqual({ url: null, protocols: null, saved: null, session: null, connect: false, tab: true });
  });
});

describe('clientQuery', () => {
  it('round-trips through parsePrefill and parseSavedParam', () => {
    const q = clientQuery({
      url: 'ws://h:1/p?x=1&y=2',
      protocols: ['a', 'b'],
      saved: [
        { name: 'n & m', data: '{"k":"v"}' },
        { name: 'bin', data: 'AAE=', binary: true },
      ],
      connect: true,
    });
    const p = parsePrefill(q);
    expect(p).toMatchObject({ url: 'ws://h:1/p?x=1&y=2', protocols: 'a,b', connect: true, tab: false });
    let i = 0;
    expect(parseSavedParam(p.saved!, () => String(i++)).map((m) => [m.name, m.mode, m.text])).toEqual([
      ['n & m', 'json', '{"k":"v"}'],
      ['bin', 'base64', 'AAE='],
    ]);
  });
  it('leaves out what would make the URL too long', () => {
    const big = { name: 'big', data: 'x'.repeat(70_000) };
    const many = Array.from({ length: 60 }, (_, k) => ({ name: `m${k}`, data: 'd' }));
    const p = parsePrefill(clientQuery({ url: 'ws://h/', saved: [big, ...many] }));
    const names = JSON.parse(p.saved!).map((m: { name: string }) => m.name);
    expect(names).toHaveLength(50);
    expect(names[0]).toBe('m10');
    expect(parsePrefill(clientQuery({ url: 'ws://h/' })).saved).toBeNull();
  });
});

describe('boundedSession', () => {
  it('keeps the first frames within the bounds, and a frame over 64 KB ends it', () => {
    const f = (x: string) => ({ d: 's' as const, t: 0, x });
    expect(boundedSession([f('a'), f('x'.repeat(70_000)), f('b')])).toEqual([f('a')]);
    expect(boundedSession(Array.from({ length: SESSION_MAX_FRAMES + 5 }, () => f('a')))).toHaveLength(SESSION_MAX_FRAMES);
    expect(parsePrefill(clientQuery({ url: 'ws://h/', session: [{ d: 'r', t: 0, x: 'only received' }] })).session).toBeNull();
    expect(JSON.parse(parsePrefill(clientQuery({ url: 'ws://h/', session: [f('s')] })).session!)).toEqual([f('s')]);
  });
});
