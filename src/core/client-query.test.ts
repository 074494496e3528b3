import { describe, expect, it } from 'vitest';
import { parseSavedParam } from './message-draft';
import { clientQuery, parsePrefill } from './client-query';

describe('parsePrefill', () => {
  it('reads url, protocols, saved, connect and tab', () => {
    const q = new URLSearchParams({ url: 'ws://h/p?a=1', protocols: 'a,b', saved: '[{"name":"n","data":"d"}]', connect: '1' });
    expect(parsePrefill(`?${q}`)).toEqual({
      url: 'ws://h/p?a=1',
      protocols: 'a,b',
      saved: '[{"name":"n","data":"d"}]',
      connect: true,
      tab: false,
    });
    expect(parsePrefill('?tab=1')).toEqual({ url: null, protocols: null, saved: null, connect: false, tab: true });
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
