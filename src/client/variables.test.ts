import { describe, expect, it } from 'vitest';
import { activeVars, check, parseEnvironments, references, resolve, type BuiltinSource, type Environments } from './variables';

const fixed = (): BuiltinSource => {
  let n = 0;
  return { now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 678), uuid: () => 'u-1', random: () => 0.5, counter: () => ++n };
};
const vars = (o: Record<string, string>) => new Map(Object.entries(o));

describe('resolve', () => {
  it('fills variables, nested variables and built-ins', () => {
    const src = fixed();
    const r = resolve('ws://{{host}}/x?t={{$timestamp}}&i={{ $isoTimestamp }}&u={{$uuid}}&r={{$randomInt}}&c={{$counter}},{{$counter}}', vars({ host: '{{h}}:{{p}}', h: 'a.b', p: '81' }), src);
    expect(r).toEqual({ ok: true, text: 'ws://a.b:81/x?t=1767323045&i=2026-01-02T03:04:05.678Z&u=u-1&r=500&c=1,2' });
  });

  it('names unknown variables and where they were looked for', () => {
    const r = resolve('{{a}} {{b}} {{a}}', vars({}), fixed(), 'staging');
    expect(r).toEqual({ ok: false, unknown: ['a', 'b'], error: 'Unknown variables {{a}}, {{b}}. Add them to the environment "staging", or choose another.' });
    expect(resolve('{{x}}', vars({}), fixed(), null)).toMatchObject({ ok: false, error: expect.stringContaining('No environment is active') });
    expect(resolve('{{$nope}}', vars({}), fixed())).toMatchObject({ ok: false, error: expect.stringContaining('Built-ins are {{$timestamp}}') });
  });

  it('reports a loop with its chain', () => {
    const r = resolve('x {{a}}', vars({ a: '1{{b}}', b: '{{c}}', c: '{{a}}' }), fixed());
    expect(r).toEqual({ ok: false, unknown: [], error: 'Variable loop: {{a}} → {{b}} → {{c}} → {{a}}. Change one of these values.' });
    expect(resolve('{{s}}', vars({ s: '{{s}}' }), fixed())).toMatchObject({ ok: false, error: expect.stringContaining('{{s}} → {{s}}') });
  });

  it('leaves text without references alone, and a variable may be used twice without being a loop', () => {
    expect(resolve('{ "a": 1 }', vars({}), fixed())).toEqual({ ok: true, text: '{ "a": 1 }' });
    expect(resolve('{{a}}{{a}}', vars({ a: '{{b}}', b: 'z' }), fixed())).toEqual({ ok: true, text: 'zz' });
  });

  it('check does not move the counter', () => {
    expect(check('{{$counter}}', vars({}), null)).toBeNull();
    expect(check('{{nope}}', vars({}), 'dev')).toContain('{{nope}}');
  });
});

describe('environments', () => {
  it('reads the active environment, first definition of a key winning, blank keys ignored', () => {
    const envs: Environments = {
      active: 'b',
      list: [
        { id: 'a', name: 'A', vars: [{ key: 'x', value: '1' }] },
        { id: 'b', name: 'B', vars: [{ key: 'x', value: '2' }, { key: ' x ', value: '3' }, { key: ' ', value: 'blank' }] },
      ],
    };
    expect([...activeVars(envs)]).toEqual([['x', '2']]);
    expect(references('{{x}} {{ y }} {{x}}')).toEqual(['x', 'y']);
  });

  it('parses stored environments, dropping malformed entries and an active id that is gone', () => {
    expect(parseEnvironments({ active: 'gone', list: [{ id: 'a', name: 'A', vars: [{ key: 'k', value: 'v' }, { key: 1 }] }, { name: 'no id' }, null] })).toEqual({
      active: null,
      list: [{ id: 'a', name: 'A', vars: [{ key: 'k', value: 'v' }] }],
    });
    expect(parseEnvironments('junk')).toEqual({ active: null, list: [] });
  });
});
