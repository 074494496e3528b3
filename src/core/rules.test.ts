import { describe, expect, it } from 'vitest';
import { parsePattern, ruleError, rulesFor, siteOf, withRules, type Rule } from './rules';

const rule = (patch: Partial<Rule> = {}): Rule => ({ id: 'r1', enabled: true, action: 'block', direction: 'sent', match: 'secret', ...patch });

describe('parsePattern', () => {
  it('reads /regex/flags and substrings', () => {
    expect(parsePattern('/a.b/i')).toEqual({ regex: { source: 'a.b', flags: 'i' } });
    expect(parsePattern('/api/v1')).toEqual({ substring: '/api/v1' });
    expect(parsePattern('plain')).toEqual({ substring: 'plain' });
    expect(parsePattern('')).toEqual({ substring: '' });
  });
});

describe('ruleError', () => {
  it('accepts good rules', () => {
    expect(ruleError(rule())).toBeNull();
    expect(ruleError(rule({ action: 'rewrite', match: '', find: '/(\\d+)/g', replace: '<$1>' }))).toBeNull();
  });
  it('explains bad ones', () => {
    expect(ruleError(rule({ match: '/(/' }))).toMatch(/^Match: not a valid regular expression \(/);
    expect(ruleError(rule({ match: '/a/q' }))).toBe('Match: unknown regex flags "q" (use i, m, s, u).');
    expect(ruleError(rule({ action: 'rewrite', find: '' }))).toBe('Find: say what to replace.');
  });
});

describe('stored rules', () => {
  it('keeps rules per site and drops malformed ones', () => {
    const stored = withRules(withRules(undefined, 'https://a.test', [rule()]), 'https://b.test', [rule({ id: 'b' })]);
    expect(rulesFor(stored, 'https://a.test')).toEqual([rule()]);
    expect(rulesFor(stored, 'https://c.test')).toEqual([]);
    const messy = { 'https://a.test': [rule(), null, { id: 3 }, rule({ id: 'bad', match: '/(/' }), rule({ id: 'x', direction: 'up' as never })] };
    expect(rulesFor(messy, 'https://a.test').map((r) => r.id)).toEqual(['r1']);
    expect(rulesFor('garbage', 'https://a.test')).toEqual([]);
    expect(withRules(stored, 'https://a.test', [])).toEqual({ 'https://b.test': [rule({ id: 'b' })] });
  });
  it('names a site by its origin', () => {
    expect(siteOf('https://x.test:8443/app?q=1')).toBe('https://x.test:8443');
    expect(siteOf('about:blank')).toBe('');
    expect(siteOf('not a url')).toBe('');
  });
});
