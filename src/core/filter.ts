/**
 * The matcher of the filter box and the Name filter: what the input means is the one pattern
 * grammar of `./pattern.ts` (empty, a substring, or /regex/flags; a `/…/` that is not a valid
 * regex is a substring with a note); this module compiles it once into a test and a highlighter.
 *
 * Both come from the same RegExp source and flags (`regExpOf`), so what is highlighted is what is
 * matched, match case included: one test() per string with no per-call allocation, and exact
 * [start, end) offsets for highlighting.
 */
import { parsePattern, regExpOf, type Pattern } from './pattern';

/** Upper bound on the ranges `ranges()` returns. */
export const MAX_MATCH_RANGES = 1000;
/** Upper bound on regex searches `ranges()` runs for one text (bounds zero-length-match loops). */
export const MAX_MATCH_STEPS = 100_000;

export interface Matcher {
  /** How the input was read. */
  readonly pattern: Pattern;
  /** Why a `/…/` was matched as text (not a valid regular expression), or null. */
  readonly note: string | null;
  /** True when `text` matches; always for the empty pattern. Stateless: any number of calls, any order. */
  test(text: string): boolean;
  /**
   * Where the pattern matches in `text`, as sorted, non-overlapping [start, end) UTF-16 offsets.
   * Zero-length regex matches (from patterns such as x* or ^) are skipped. At most
   * MAX_MATCH_RANGES ranges and MAX_MATCH_STEPS regex searches per call. [] for the empty pattern.
   */
  ranges(text: string): Array<[number, number]>;
}

const EVERYTHING: Matcher = Object.freeze({
  pattern: Object.freeze({ kind: 'empty' }) as Pattern,
  note: null,
  test: () => true,
  ranges: () => [],
});

/**
 * Compiles filter input. `matchCase` makes a substring case-sensitive (a regex has its own `i`
 * flag). Never throws: every input is a valid pattern.
 */
export function compileMatcher(input: string, matchCase = false): Matcher {
  const pattern = parsePattern(input);
  const re = regExpOf(pattern, matchCase);
  if (re === null) return EVERYTHING;
  // Two instances: test() must never depend on or change the lastIndex that ranges() moves.
  const tester = new RegExp(re.source, re.flags);
  const finder = new RegExp(re.source, re.flags + 'g');
  return {
    pattern,
    note: pattern.kind === 'substring' ? (pattern.note ?? null) : null,
    test: (text) => tester.test(text),
    ranges: (text) => rangesOf(finder, text),
  };
}

function rangesOf(re: RegExp, text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  re.lastIndex = 0;
  let steps = 0;
  while (ranges.length < MAX_MATCH_RANGES && steps++ < MAX_MATCH_STEPS) {
    const m = re.exec(text);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    if (end > start) {
      ranges.push([start, end]); // exec already moved lastIndex to `end`
    } else {
      // Zero-length: step past this position (a whole code point in unicode mode).
      if (start >= text.length) break;
      const c = text.charCodeAt(start);
      const pair = re.unicode && c >= 0xd800 && c <= 0xdbff && start + 1 < text.length && (text.charCodeAt(start + 1) & 0xfc00) === 0xdc00;
      re.lastIndex = start + (pair ? 2 : 1);
    }
  }
  re.lastIndex = 0;
  return ranges;
}
