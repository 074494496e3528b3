import { describe, expect, it } from 'vitest';
import { fieldAt, matchesField, parseFieldMatch } from './field-match';

const parsed = (s: string) => {
  const p = parseFieldMatch(s);
  if (!p.ok) throw new Error(p.error);
  return p.match;
};
const error = (s: string) => {
  const p = parseFieldMatch(s);
  return p.ok ? null : p.error;
};

describe('parseFieldMatch', () => {
  it('reads a path and a JSON value; empty is no match at all', () => {
    expect(parsed('')).toBeNull();
    expect(parsed('   ')).toBeNull();
    expect(parsed('type = "ping"')).toEqual({ path: ['type'], value: 'ping' });
    expect(parsed('a.b=3')).toEqual({ path: ['a', 'b'], value: 3 });
    expect(parsed(' items.0.ok == true ')).toEqual({ path: ['items', '0', 'ok'], value: true });
    expect(parsed('$x-y = null')).toEqual({ path: ['$x-y'], value: null });
    expect(parsed('s = "a = b"')).toEqual({ path: ['s'], value: 'a = b' });
    expect(parsed('n = -1.5e2')).toEqual({ path: ['n'], value: -150 });
  });
  it('says what is wrong', () => {
    expect(error('type')).toBe('JSON field: write field = value, e.g. type = "ping" (no = in type).');
    expect(error('= 3')).toBe('JSON field: the field name before = is missing, e.g. type = "ping".');
    expect(error('a..b = 1')).toBe('JSON field: a..b is not a field name (names such as type or a.b, separated by dots).');
    expect(error('a b = 1')).toBe('JSON field: a b is not a field name (names such as type or a.b, separated by dots).');
    expect(error('type = ping')).toBe('JSON field: the value after = must be a "quoted string", a number, true, false or null (not ping).');
    expect(error('type =')).toBe('JSON field: the value after = must be a "quoted string", a number, true, false or null (not nothing).');
    expect(error('type = {"a":1}')).toMatch(/must be a "quoted string"/);
    expect(error('type = [1]')).toMatch(/must be a "quoted string"/);
    expect(error("type = 'ping'")).toMatch(/must be a "quoted string"/);
  });
});

describe('matching', () => {
  it('finds own fields and array items only, compares strictly', () => {
    const json = { type: 'ping', id: 7, a: { b: 3 }, items: [{ ok: true }], n: null };
    expect(matchesField(json, parsed('type = "ping"')!)).toBe(true);
    expect(matchesField(json, parsed('type = "pong"')!)).toBe(false);
    expect(matchesField(json, parsed('id = "7"')!)).toBe(false);
    expect(matchesField(json, parsed('a.b = 3')!)).toBe(true);
    expect(matchesField(json, parsed('items.0.ok = true')!)).toBe(true);
    expect(matchesField(json, parsed('n = null')!)).toBe(true);
    expect(matchesField(json, parsed('missing = null')!)).toBe(false);
    expect(matchesField(json, parsed('type.length = 4')!)).toBe(false);
    expect(fieldAt(json, ['toString'])).toEqual({ found: false });
    expect(fieldAt([1, 2], ['length'])).toEqual({ found: true, value: 2 });
    expect(fieldAt('text', ['a'])).toEqual({ found: false });
  });
});
