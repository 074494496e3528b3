import { describe, expect, it } from 'vitest';
import { MAX_MATCH_RANGES, matchRanges, parseFilter, type FilterOk, type ParsedFilter } from './filter';

function ok(input: string): FilterOk {
  const f = parseFilter(input);
  if (!f.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got: ${f.error}`);
  return f;
}

function err(input: string): string {
  const f = parseFilter(input);
  if (f.ok) throw new Error(`expected ${JSON.stringify(input)} to fail`);
  return f.error;
}

const slices = (text: string, f: ParsedFilter): string[] => matchRanges(text, f).map(([a, b]) => text.slice(a, b));

describe('parseFilter: kinds', () => {
  it('treats empty and blank input as empty, matching everything', () => {
    for (const input of ['', ' ', '\t\n  ']) {
      const f = ok(input);
      expect(f.kind).toBe('empty');
      expect(f.source).toBe('');
      expect(f.test('')).toBe(true);
      expect(f.test('anything')).toBe(true);
    }
  });

  it('treats plain text as a verbatim substring', () => {
    const f = ok('  Hello ');
    expect([f.kind, f.source, f.flags]).toEqual(['substring', '  Hello ', '']);
    expect(f.test('say  hello there')).toBe(true);
    expect(f.test('say hello there')).toBe(false);
  });

  it('recognises /pattern/flags', () => {
    expect(ok('/ab+c/')).toMatchObject({ kind: 'regex', source: 'ab+c', flags: '' });
    expect(ok('/ab+c/i')).toMatchObject({ kind: 'regex', source: 'ab+c', flags: 'i' });
    expect(ok('/a/smiu')).toMatchObject({ kind: 'regex', flags: 'imsu' });
    expect(ok('/a/ii')).toMatchObject({ kind: 'regex', flags: 'i' });
    expect(ok('  /a/i  ')).toMatchObject({ kind: 'regex', source: 'a', flags: 'i' });
    expect(ok('/a/b/')).toMatchObject({ kind: 'regex', source: 'a/b' });
  });

  it('accepts and ignores g, y and d', () => {
    const f = ok('/a/gyid');
    expect([f.kind, f.flags]).toEqual(['regex', 'i']);
    // Stateless: a global/sticky regex would alternate true/false or fail away from index 0.
    expect([f.test('xa'), f.test('xa'), f.test('xa')]).toEqual([true, true, true]);
  });

  it('keeps path-like input as a substring', () => {
    for (const input of ['/api/users', '/api/v1', '/api/v', '/', '//', '/a/I', '/api/ws?x=1']) {
      const f = ok(input);
      expect(f.kind, input).toBe('substring');
      expect(f.source).toBe(input);
    }
    expect(ok('/api/users').test('GET /API/Users/42')).toBe(true);
  });
});

describe('parseFilter: substring matching', () => {
  it('is case-insensitive both ways', () => {
    const f = ok('HeLLo');
    expect(f.test('hello')).toBe(true);
    expect(f.test('HELLO world')).toBe(true);
    expect(f.test('help')).toBe(false);
    expect(ok('ÉTÉ').test('un été chaud')).toBe(true);
    expect(ok('straße').test('STRASSE')).toBe(false); // simple case folding only: ß ≠ SS
    expect(ok('ΣΑΣ').test('σας')).toBe(true);
  });

  it('treats regex metacharacters literally', () => {
    for (const needle of ['a.b', '(x)', '[1]', 'a+b', '$^', 'a|b', '\\d', '{1}', '?', '*', 'a/b', 'a-b']) {
      const f = ok(needle);
      expect(f.kind).toBe('substring');
      expect(f.test(`xx${needle.toUpperCase()}yy`), needle).toBe(true);
    }
    expect(ok('a.b').test('axb')).toBe(false);
    expect(ok('\\d').test('5')).toBe(false);
  });

  it('handles astral characters and lone surrogates', () => {
    expect(ok('😀').test('hi 😀!')).toBe(true);
    expect(ok('\ud83d').test('\ud83d')).toBe(true);
    expect(ok('𐐀').test('𐐨')).toBe(true); // Deseret: case pair outside the BMP
  });

  it('matches JSON text the way a user expects', () => {
    const f = ok('"type":"tick"');
    expect(f.test('{"type":"TICK","id":1}')).toBe(true);
    expect(f.test('{"type": "tick"}')).toBe(false);
  });

  it('is fast over 100,000 strings', () => {
    const texts = Array.from({ length: 100_000 }, (_, i) =>
      JSON.stringify({ type: 'tick', id: i, sym: `ABC${i % 500}`, note: `Some Mixed Case Text number ${i}` }),
    );
    const f = ok('mixed case text number 9999');
    const t0 = performance.now();
    let n = 0;
    for (const t of texts) if (f.test(t)) n++;
    const elapsed = performance.now() - t0;
    expect(n).toBe(11); // 9999 and 99990–99999
    expect(elapsed).toBeLessThan(500); // ~15 ms here; generous for slow CI
  });
});

describe('parseFilter: regex matching', () => {
  it('is case-sensitive unless i is given', () => {
    expect(ok('/Tick/').test('tick')).toBe(false);
    expect(ok('/Tick/i').test('tick')).toBe(true);
  });

  it('honours m, s and u', () => {
    expect(ok('/^b/').test('a\nb')).toBe(false);
    expect(ok('/^b/m').test('a\nb')).toBe(true);
    expect(ok('/a.b/').test('a\nb')).toBe(false);
    expect(ok('/a.b/s').test('a\nb')).toBe(true);
    expect(ok('/^.$/').test('😀')).toBe(false);
    expect(ok('/^.$/u').test('😀')).toBe(true);
  });

  it('returns a readable message for invalid regexes', () => {
    const m = err('/(/');
    expect(m).toMatch(/^Invalid regular expression: [A-Z]/);
    expect(m).not.toContain('/(/');
    expect(m.toLowerCase()).toContain('unterminated');
    expect(err('/[a/')).toMatch(/^Invalid regular expression: \S/);
    expect(err('/a**/')).toMatch(/^Invalid regular expression: .*(nothing to repeat|repeat)/i);
    expect(err('/\\p{Foo}/u')).toMatch(/^Invalid regular expression: /);
  });

  it('gives a readable message for an engine message with a pattern containing ": "', () => {
    const m = err('/a: (/');
    expect(m).toMatch(/^Invalid regular expression: [A-Z]/);
    expect(m).not.toContain('/a: (/');
  });
});

describe('matchRanges', () => {
  it('returns nothing for empty and invalid filters', () => {
    expect(matchRanges('abc', parseFilter(''))).toEqual([]);
    expect(matchRanges('abc', parseFilter('/(/'))).toEqual([]);
  });

  it('finds every non-overlapping substring occurrence, case-insensitively', () => {
    expect(matchRanges('Abc abc ABC', parseFilter('abc'))).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
    ]);
    expect(matchRanges('aaaa', parseFilter('aa'))).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(matchRanges('xyz', parseFilter('a'))).toEqual([]);
  });

  it('gives UTF-16 offsets in the original text', () => {
    const text = '😀 İstanbul STRASSE 😀x';
    expect(slices(text, parseFilter('😀'))).toEqual(['😀', '😀']);
    expect(matchRanges(text, parseFilter('strasse'))).toEqual([[12, 19]]);
    expect(matchRanges(text, parseFilter('x'))).toEqual([[22, 23]]);
  });

  it('finds regex matches', () => {
    const f = parseFilter('/\\d+/');
    expect(matchRanges('a1 b22 c333', f)).toEqual([
      [1, 2],
      [4, 6],
      [8, 11],
    ]);
    expect(slices('Tick tick TICK', parseFilter('/tick/i'))).toEqual(['Tick', 'tick', 'TICK']);
  });

  it('skips zero-length matches without looping forever', () => {
    expect(matchRanges('abc', parseFilter('/x*/'))).toEqual([]);
    expect(matchRanges('abc', parseFilter('/^/m'))).toEqual([]);
    expect(matchRanges('xaxx', parseFilter('/x*/'))).toEqual([
      [0, 1],
      [2, 4],
    ]);
    expect(matchRanges('a\nb', parseFilter('/$/m'))).toEqual([]);
    expect(matchRanges('', parseFilter('/x*/'))).toEqual([]);
    // Lookarounds: zero-length everywhere.
    expect(matchRanges('a'.repeat(10_000), parseFilter('/(?=a)/'))).toEqual([]);
  });

  it('steps over whole code points in unicode mode', () => {
    expect(matchRanges('😀😀x', parseFilter('/x|(?:)/u'))).toEqual([[4, 5]]);
    expect(matchRanges('😀x', parseFilter('/\\B|x/u'))).toEqual([[2, 3]]);
  });

  it('caps the number of ranges', () => {
    const text = 'a'.repeat(5000);
    const ranges = matchRanges(text, parseFilter('a'));
    expect(ranges).toHaveLength(MAX_MATCH_RANGES);
    expect(ranges[MAX_MATCH_RANGES - 1]).toEqual([999, 1000]);
    expect(matchRanges(text, parseFilter('/a/'))).toHaveLength(1000);
  });

  it('bounds the work on huge texts with only zero-length matches', () => {
    const text = 'b'.repeat(2_000_000) + 'a';
    const t0 = performance.now();
    const r = matchRanges(text, parseFilter('/a*/'));
    expect(performance.now() - t0).toBeLessThan(2000);
    // Gave up before reaching the far-away real match: bounded, not exhaustive.
    expect(r).toEqual([]);
  });

  it('is stateless across calls and leaves test() unaffected', () => {
    const f = parseFilter('/a/');
    expect(matchRanges('aaa', f)).toHaveLength(3);
    expect(matchRanges('aaa', f)).toHaveLength(3);
    if (!f.ok) throw new Error('unreachable');
    expect([f.test('a'), f.test('a')]).toEqual([true, true]);
    expect(matchRanges('xa', f)).toEqual([[1, 2]]);
  });

  it('works on a copy of a parsed filter', () => {
    const f = ok('/b+/i');
    const copy: FilterOk = { ...f };
    expect(matchRanges('aBbc', copy)).toEqual([[1, 3]]);
    const sub = ok('B.');
    expect(matchRanges('ab.b.', { ...sub })).toEqual([
      [1, 3],
      [3, 5],
    ]);
  });

  it('agrees with test(): ranges exist exactly when test() is true', () => {
    const texts = ['', 'abc', 'ABC', 'xAbCx', 'a\nb', '😀', 'İi', 'STRASSE', 'a.b'];
    for (const input of ['abc', 'b', '/b/', '/^a/m', 'a.b', '/x*/', 'i', '😀']) {
      const f = ok(input);
      for (const t of texts) {
        const hasNonEmptyMatch = matchRanges(t, f).length > 0;
        // A filter whose only matches are zero-length (x*) tests true but highlights nothing.
        if (hasNonEmptyMatch) expect(f.test(t), `${input} on ${JSON.stringify(t)}`).toBe(true);
        if (f.kind === 'substring') expect(hasNonEmptyMatch, `${input} on ${JSON.stringify(t)}`).toBe(f.test(t));
      }
    }
  });
});
