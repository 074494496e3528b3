import { describe, expect, it } from 'vitest';
import { compileMatcher, MAX_MATCH_RANGES, MAX_MATCH_STEPS, type Matcher } from './filter';

const ok = (input: string, matchCase = false): Matcher => compileMatcher(input, matchCase);
const matchRanges = (text: string, input: string, matchCase = false) => compileMatcher(input, matchCase).ranges(text);
const slices = (text: string, input: string): string[] => matchRanges(text, input).map(([a, b]) => text.slice(a, b));

describe('compileMatcher: kinds (the grammar of pattern.ts)', () => {
  it('treats empty and blank input as empty, matching everything', () => {
    for (const input of ['', ' ', '\t\n  ']) {
      const f = ok(input);
      expect(f.pattern).toEqual({ kind: 'empty' });
      expect(f.note).toBeNull();
      expect(f.test('')).toBe(true);
      expect(f.test('anything')).toBe(true);
      expect(f.ranges('anything')).toEqual([]);
    }
  });

  it('treats plain text as a verbatim substring', () => {
    const f = ok('  Hello ');
    expect(f.pattern).toEqual({ kind: 'substring', text: '  Hello ' });
    expect(f.test('say  hello there')).toBe(true);
    expect(f.test('say hello there')).toBe(false);
  });

  it('recognises /pattern/flags', () => {
    expect(ok('/ab+c/').pattern).toEqual({ kind: 'regex', source: 'ab+c', flags: '' });
    expect(ok('/ab+c/i').pattern).toEqual({ kind: 'regex', source: 'ab+c', flags: 'i' });
    expect(ok('/a/smiu').pattern).toMatchObject({ kind: 'regex', flags: 'imsu' });
    expect(ok('/a/ii').pattern).toMatchObject({ kind: 'regex', flags: 'i' });
    expect(ok('  /a/i  ').pattern).toEqual({ kind: 'regex', source: 'a', flags: 'i' });
    expect(ok('/a/b/').pattern).toMatchObject({ kind: 'regex', source: 'a/b' });
  });

  it('accepts and ignores g, y and d', () => {
    const f = ok('/a/gyid');
    expect(f.pattern).toEqual({ kind: 'regex', source: 'a', flags: 'i' });
    // Stateless: a global/sticky regex would alternate true/false or fail away from index 0.
    expect([f.test('xa'), f.test('xa'), f.test('xa')]).toEqual([true, true, true]);
  });

  it('keeps path-like input as a substring', () => {
    for (const input of ['/api/users', '/api/v1', '/api/v', '/', '//', '/a/I', '/api/ws?x=1']) {
      expect(ok(input).pattern, input).toEqual({ kind: 'substring', text: input });
    }
    expect(ok('/api/users').test('GET /API/Users/42')).toBe(true);
  });
});

describe('compileMatcher: substrings', () => {
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
      expect(f.pattern.kind).toBe('substring');
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

  it('counts right over 100,000 strings (its speed is measured by npm run bench:filters)', () => {
    const texts = Array.from({ length: 100_000 }, (_, i) =>
      JSON.stringify({ type: 'tick', id: i, sym: `ABC${i % 500}`, note: `Some Mixed Case Text number ${i}` }),
    );
    let n = 0;
    const f = ok('mixed case text number 9999');
    for (const t of texts) if (f.test(t)) n++;
    expect(n).toBe(11); // 9999 and 99990–99999
    n = 0;
    const exact = ok('Mixed Case Text number 9999', true);
    for (const t of texts) if (exact.test(t)) n++;
    expect(n).toBe(11);
    expect(ok('mixed case text number 9999', true).test(texts[9999]!)).toBe(false);
  });

  it('matches case exactly when asked, in test() and in ranges() alike', () => {
    const f = ok('Tick', true);
    expect(f.test('tick TICK')).toBe(false);
    expect(f.test('a Tick')).toBe(true);
    expect(f.ranges('tick Tick TICK Tick')).toEqual([
      [5, 9],
      [15, 19],
    ]);
    expect(ok('a.b', true).ranges('a.b axb A.B')).toEqual([[0, 3]]);
    // A regex keeps its own case flag.
    expect(ok('/tick/i', true).test('TICK')).toBe(true);
    expect(ok('/tick/', false).test('TICK')).toBe(false);
  });
});

describe('compileMatcher: regexes', () => {
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

  it('matches a /…/ that is not a valid regex as text, and says why', () => {
    for (const input of ['/(/', '/[a/', '/a**/', '/\\p{Foo}/u', '/a: (/']) {
      const f = ok(input);
      expect(f.pattern.kind, input).toBe('substring');
      expect(f.note, input).toMatch(/ is matched as text: it is not a valid regular expression \([A-Z].*\)$/);
      expect(f.test(`x ${input.toUpperCase()} y`), input).toBe(true);
      expect(f.test('a'), input).toBe(false);
      expect(slices(`[${input}]`, input)).toEqual([input]);
    }
    expect(ok('/(/').note!.toLowerCase()).toContain('unterminated');
    expect(ok('/a: (/').note).toMatch(/^\/a: \(\/ is matched as text: it is not a valid regular expression \([A-Z]/);
    expect(ok('/a/').note).toBeNull();
    expect(ok('plain').note).toBeNull();
  });
});

describe('Matcher.ranges', () => {
  it('returns nothing for the empty pattern', () => {
    expect(matchRanges('abc', '')).toEqual([]);
    expect(matchRanges('abc', '  ')).toEqual([]);
  });

  it('finds every non-overlapping substring occurrence, case-insensitively', () => {
    expect(matchRanges('Abc abc ABC', 'abc')).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
    ]);
    expect(matchRanges('aaaa', 'aa')).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(matchRanges('xyz', 'a')).toEqual([]);
  });

  it('gives UTF-16 offsets in the original text', () => {
    const text = '😀 İstanbul STRASSE 😀x';
    expect(slices(text, '😀')).toEqual(['😀', '😀']);
    expect(matchRanges(text, 'strasse')).toEqual([[12, 19]]);
    expect(matchRanges(text, 'x')).toEqual([[22, 23]]);
  });

  it('finds regex matches', () => {
    const f = '/\\d+/';
    expect(matchRanges('a1 b22 c333', f)).toEqual([
      [1, 2],
      [4, 6],
      [8, 11],
    ]);
    expect(slices('Tick tick TICK', '/tick/i')).toEqual(['Tick', 'tick', 'TICK']);
  });

  it('skips zero-length matches without looping forever', () => {
    expect(matchRanges('abc', '/x*/')).toEqual([]);
    expect(matchRanges('abc', '/^/m')).toEqual([]);
    expect(matchRanges('xaxx', '/x*/')).toEqual([
      [0, 1],
      [2, 4],
    ]);
    expect(matchRanges('a\nb', '/$/m')).toEqual([]);
    expect(matchRanges('', '/x*/')).toEqual([]);
    // Lookarounds: zero-length everywhere.
    expect(matchRanges('a'.repeat(10_000), '/(?=a)/')).toEqual([]);
  });

  it('steps over whole code points in unicode mode', () => {
    expect(matchRanges('😀😀x', '/x|(?:)/u')).toEqual([[4, 5]]);
    expect(matchRanges('😀x', '/\\B|x/u')).toEqual([[2, 3]]);
  });

  it('caps the number of ranges', () => {
    const text = 'a'.repeat(5000);
    const ranges = matchRanges(text, 'a');
    expect(ranges).toHaveLength(MAX_MATCH_RANGES);
    expect(ranges[MAX_MATCH_RANGES - 1]).toEqual([999, 1000]);
    expect(matchRanges(text, '/a/')).toHaveLength(1000);
  });

  it(`bounds the work on huge texts with only zero-length matches: ${MAX_MATCH_STEPS} searches at most`, () => {
    // The real match lies past MAX_MATCH_STEPS zero-length ones: the search gives up before it.
    expect(matchRanges('b'.repeat(MAX_MATCH_STEPS) + 'a', '/a*/')).toEqual([]);
    expect(matchRanges('b'.repeat(MAX_MATCH_STEPS - 2) + 'a', '/a*/')).toEqual([[MAX_MATCH_STEPS - 2, MAX_MATCH_STEPS - 1]]);
  });

  it('is stateless across calls and leaves test() unaffected', () => {
    const f = ok('/a/');
    expect(f.ranges('aaa')).toHaveLength(3);
    expect(f.ranges('aaa')).toHaveLength(3);
    expect([f.test('a'), f.test('a')]).toEqual([true, true]);
    expect(f.ranges('xa')).toEqual([[1, 2]]);
  });

  it('agrees with test(): ranges exist exactly when test() is true', () => {
    const texts = ['', 'abc', 'ABC', 'xAbCx', 'a\nb', '😀', 'İi', 'STRASSE', 'a.b'];
    for (const [input, matchCase] of ['abc', 'b', '/b/', '/^a/m', 'a.b', '/x*/', 'i', '😀', '/(/'].flatMap((i) => [[i, false] as const, [i, true] as const])) {
      const f = ok(input, matchCase);
      for (const t of texts) {
        const hasNonEmptyMatch = f.ranges(t).length > 0;
        // A filter whose only matches are zero-length (x*) tests true but highlights nothing.
        if (hasNonEmptyMatch) expect(f.test(t), `${input} on ${JSON.stringify(t)}`).toBe(true);
        if (f.pattern.kind === 'substring') expect(hasNonEmptyMatch, `${input} on ${JSON.stringify(t)}`).toBe(f.test(t));
      }
    }
  });
});
