import { describe, expect, it } from 'vitest';
import { escapeRegExp, literalReplacement, parsePattern, regExpOf, type Pattern } from './pattern';

const matcher = (input: string, matchCase = false): ((s: string) => boolean) => {
  const re = regExpOf(parsePattern(input), matchCase);
  if (re === null) return () => true;
  const compiled = new RegExp(re.source, re.flags);
  return (s) => compiled.test(s);
};

describe('parsePattern', () => {
  it('reads empty, substrings and /regex/flags', () => {
    expect(parsePattern('')).toEqual({ kind: 'empty' });
    expect(parsePattern('  \t')).toEqual({ kind: 'empty' });
    expect(parsePattern(' plain text ')).toEqual({ kind: 'substring', text: ' plain text ' });
    expect(parsePattern('/a.b/i')).toEqual({ kind: 'regex', source: 'a.b', flags: 'i' });
    expect(parsePattern('  /a/smiu ')).toEqual({ kind: 'regex', source: 'a', flags: 'imsu' });
    expect(parsePattern('/a/gyid')).toEqual({ kind: 'regex', source: 'a', flags: 'i' });
    expect(parsePattern('/a/b/')).toEqual({ kind: 'regex', source: 'a/b', flags: '' });
  });

  it('reads path-like input as a substring, everywhere the grammar is used', () => {
    for (const input of ['/api/users', '/api/v1', '/api/v', '/', '//', '/a/I', '/api/ws?x=1']) {
      expect(parsePattern(input), input).toEqual({ kind: 'substring', text: input });
    }
    expect(matcher('/api/users')('GET /API/Users/42')).toBe(true);
  });

  it('reads a /…/ that does not compile as a substring, and says why', () => {
    const p = parsePattern('/a(b/') as Extract<Pattern, { kind: 'substring' }>;
    expect(p.kind).toBe('substring');
    expect(p.text).toBe('/a(b/');
    expect(p.note).toMatch(/^\/a\(b\/ is matched as text: it is not a valid regular expression \(.+\)$/);
    expect(matcher('/a(b/')('x /A(B/ y')).toBe(true);
    expect(matcher('/a(b/')('ab')).toBe(false);
  });
});

describe('regExpOf', () => {
  it('matches substrings case-insensitively with simple case folding, or case-sensitively when asked', () => {
    expect(matcher('HeLLo')('say hello')).toBe(true);
    expect(matcher('ÉTÉ')('un été')).toBe(true);
    expect(matcher('ΣΑΣ')('σας')).toBe(true);
    expect(matcher('straße')('STRASSE')).toBe(false);
    expect(matcher('HeLLo', true)('say hello')).toBe(false);
    expect(matcher('HeLLo', true)('say HeLLo')).toBe(true);
  });

  it('treats regex metacharacters in substrings literally, with and without u', () => {
    for (const needle of ['a.b', '(x)', '[1]', 'a+b', '$^', 'a|b', '\\d', '{1}', '?', '*', 'a/b', 'a-b', '😀']) {
      expect(matcher(needle)(`xx${needle}yy`), needle).toBe(true);
      expect(new RegExp(escapeRegExp(needle)).test(needle), needle).toBe(true);
    }
    expect(matcher('a.b')('axb')).toBe(false);
  });

  it('leaves a regex its own case flag, whatever matchCase says', () => {
    expect(matcher('/abc/', false)('ABC')).toBe(false);
    expect(matcher('/abc/i', true)('ABC')).toBe(true);
    expect(regExpOf({ kind: 'empty' })).toBeNull();
  });

  it('never makes a global or sticky RegExp (stateless tests)', () => {
    const re = regExpOf(parsePattern('/a/gy'))!;
    expect(re.flags).toBe('');
  });
});

describe('literalReplacement', () => {
  it('inserts dollars literally', () => {
    expect('a-b'.replace(/-/g, literalReplacement('$1 $& $$'))).toBe('a$1 $& $$b');
  });
});
