/**
 * The filter engine of the frames list.
 *
 * Syntax of the filter box:
 *   ''  or only whitespace      → 'empty': everything matches
 *   /pattern/flags              → 'regex' (surrounding whitespace ignored): a JavaScript regular expression, case-sensitive
 *                                 unless flag i. Flags i, m, s, u are honoured; g, y, d are
 *                                 accepted and ignored (they only affect stateful matching).
 *   anything else               → 'substring': case-insensitive, taken verbatim (spaces kept)
 *
 * Input that merely looks like a path, e.g. "/api/v1" or "/api/users" (letters after the
 * second slash that are not all regex flags), or "//" (empty pattern), is a substring.
 *
 * Substring matching compiles the needle once into a case-insensitive, Unicode-aware RegExp
 * (simple case folding, like /…/iu): one test() per string, no per-call allocation, and exact
 * [start, end) offsets for highlighting.
 */

export type FilterKind = 'empty' | 'substring' | 'regex';

export interface FilterOk {
  ok: true;
  kind: FilterKind;
  /** What is matched: the substring as typed, the regex pattern (between the slashes), '' when empty. */
  source: string;
  /** Effective regex flags ('i', 'm', 's', 'u' in that order, as used), '' for substring/empty. */
  flags: string;
  /** True when `text` matches. Stateless: safe to call any number of times, in any order. */
  test: (text: string) => boolean;
}

export interface FilterError {
  ok: false;
  /** Human-readable message, e.g. "Invalid regular expression: Unterminated group". */
  error: string;
}

export type ParsedFilter = FilterOk | FilterError;

/** Upper bound on the ranges matchRanges() returns. */
export const MAX_MATCH_RANGES = 1000;
/** Upper bound on regex searches matchRanges() runs for one text (bounds zero-length-match loops). */
export const MAX_MATCH_STEPS = 100_000;

const REGEX_SYNTAX = /^\/(.+)\/([a-z]*)$/s;
const HONOURED_FLAGS = 'imsu';
const IGNORED_FLAGS = 'gyd';

/** The compiled matcher behind a FilterOk: `re` is global (for ranges), test uses a flagless-g copy. */
interface Compiled {
  re: RegExp | null;
  unicode: boolean;
}
const compiled = new WeakMap<FilterOk, Compiled>();

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function readableRegexError(e: unknown, pattern: string, flags: string): string {
  let msg = e instanceof Error ? e.message : String(e);
  // V8: "Invalid regular expression: /(/u: Unterminated group"; SpiderMonkey: "unterminated parenthetical".
  const v8Prefix = `Invalid regular expression: /${pattern}/${flags}: `;
  if (msg.startsWith(v8Prefix)) msg = msg.slice(v8Prefix.length);
  else msg = msg.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
  msg = msg.trim().replace(/\.$/, '');
  if (msg === '') msg = 'syntax error';
  return `Invalid regular expression: ${msg.charAt(0).toUpperCase()}${msg.slice(1)}`;
}

function makeOk(kind: FilterKind, source: string, flags: string, re: RegExp | null): FilterOk {
  // `re` carries 'g' for matchRanges; test() uses a separate non-global instance so it never
  // depends on or changes lastIndex.
  let test: (text: string) => boolean;
  if (re === null) test = () => true;
  else {
    const tester = new RegExp(re.source, re.flags.replace('g', ''));
    test = (text) => tester.test(text);
  }
  const filter: FilterOk = { ok: true, kind, source, flags, test };
  compiled.set(filter, { re, unicode: re !== null && re.unicode });
  return filter;
}

/** Parses the filter box. Never throws. */
export function parseFilter(input: string): ParsedFilter {
  if (input.trim() === '') return makeOk('empty', '', '', null);
  const m = REGEX_SYNTAX.exec(input.trim());
  if (m) {
    const pattern = m[1]!;
    const rawFlags = m[2]!;
    const isFlags = [...rawFlags].every((f) => HONOURED_FLAGS.includes(f) || IGNORED_FLAGS.includes(f));
    if (isFlags) {
      const flags = [...HONOURED_FLAGS].filter((f) => rawFlags.includes(f)).join('');
      let re: RegExp;
      try {
        re = new RegExp(pattern, flags + 'g');
      } catch (e) {
        return { ok: false, error: readableRegexError(e, pattern, flags + 'g') };
      }
      return makeOk('regex', pattern, flags, re);
    }
  }
  return makeOk('substring', input, '', new RegExp(escapeRegExp(input), 'giu'));
}

function compiledFor(filter: FilterOk): Compiled {
  let c = compiled.get(filter);
  if (!c) {
    // A copy of a FilterOk (spread, structured clone…): rebuild from its plain fields.
    let re: RegExp | null = null;
    if (filter.kind === 'substring') re = new RegExp(escapeRegExp(filter.source), 'giu');
    else if (filter.kind === 'regex') {
      try {
        re = new RegExp(filter.source, filter.flags.replace(/[gyd]/g, '') + 'g');
      } catch {
        re = null;
      }
    }
    c = { re, unicode: re !== null && re.unicode };
    compiled.set(filter, c);
  }
  return c;
}

/**
 * Where `filter` matches in `text`, as sorted, non-overlapping [start, end) UTF-16 offsets for
 * highlighting. Zero-length regex matches (from patterns such as x* or ^) are skipped.
 * At most MAX_MATCH_RANGES ranges and MAX_MATCH_STEPS regex searches per call. [] for an empty or
 * invalid filter.
 */
export function matchRanges(text: string, filter: ParsedFilter): Array<[number, number]> {
  if (!filter.ok || filter.kind === 'empty') return [];
  const { re, unicode } = compiledFor(filter);
  if (re === null) return [];
  const ranges: Array<[number, number]> = [];
  re.lastIndex = 0;
  let steps = 0;
  while (ranges.length < MAX_MATCH_RANGES && steps++ < MAX_MATCH_STEPS) {
    const m = re.exec(text);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    if (end > start) {
      ranges.push([start, end]);
      // exec already moved lastIndex to `end`.
    } else {
      // Zero-length: step past this position (a whole code point in unicode mode).
      if (start >= text.length) break;
      const c = text.charCodeAt(start);
      const pair =
        unicode && c >= 0xd800 && c <= 0xdbff && start + 1 < text.length && (text.charCodeAt(start + 1) & 0xfc00) === 0xdc00;
      re.lastIndex = start + (pair ? 2 : 1);
    }
  }
  re.lastIndex = 0;
  return ranges;
}
