/**
 * The one pattern grammar of WebSocket Lens, used by the filter box, the Name filter, saved
 * filters and rules (block, rewrite, breakpoints):
 *
 *   ''  or only whitespace   → empty: matches everything
 *   /source/flags            → a JavaScript regular expression (surrounding whitespace ignored),
 *                              case-sensitive unless flag i. Flags i, m, s, u are honoured; g, y, d
 *                              are accepted and ignored (they only affect stateful matching).
 *   anything else            → a substring, taken verbatim (spaces kept), case-insensitive with
 *                              Unicode simple case folding (like /…/iu) unless the caller asks to
 *                              match case.
 *
 * Input that merely looks like a regex is a substring: a path such as `/api/users` or `/api/v1`
 * (the letters after the last slash are not all regex flags), `//` (nothing between the slashes),
 * and a `/…/` whose source does not compile (`/a(b/`). Such a substring carries a `note` saying
 * why it was not read as a regex, for the UI to show.
 *
 * Matching itself is always by a RegExp built from `regExpOf()`: a substring is escaped. So the
 * panel (the extension's RegExp) and the page hook (the page's native RegExp, given only a source
 * and flags) match the same strings.
 */

export type Pattern =
  | { kind: 'empty' }
  | { kind: 'substring'; text: string; note?: string }
  | { kind: 'regex'; source: string; flags: string };

/** What a RegExp is made of; the hook builds its own from this with the natives it captured. */
export interface RegExpSource {
  source: string;
  /** Only 'i', 'm', 's', 'u', in that order; never 'g' or 'y'. */
  flags: string;
}

const REGEX_SYNTAX = /^\/(.+)\/([a-z]*)$/s;
const HONOURED_FLAGS = 'imsu';
const IGNORED_FLAGS = 'gyd';

export function parsePattern(input: string): Pattern {
  const trimmed = input.trim();
  if (trimmed === '') return { kind: 'empty' };
  const m = REGEX_SYNTAX.exec(trimmed);
  if (m === null) return { kind: 'substring', text: input };
  const source = m[1]!;
  const rawFlags = m[2]!;
  for (const f of rawFlags) if (!HONOURED_FLAGS.includes(f) && !IGNORED_FLAGS.includes(f)) return { kind: 'substring', text: input };
  const flags = [...HONOURED_FLAGS].filter((f) => rawFlags.includes(f)).join('');
  try {
    new RegExp(source, flags);
  } catch (e) {
    return { kind: 'substring', text: input, note: `${trimmed} is matched as text: it is not a valid regular expression (${regexErrorOf(e, source, flags)})` };
  }
  return { kind: 'regex', source, flags };
}

/**
 * The RegExp that matches like `p` (never global, never sticky), or null for the empty pattern,
 * which matches everything. `matchCase` applies to substrings; a regex has its own `i` flag.
 */
export function regExpOf(p: Pattern, matchCase = false): RegExpSource | null {
  switch (p.kind) {
    case 'empty':
      return null;
    case 'regex':
      return { source: p.source, flags: p.flags };
    case 'substring':
      return { source: escapeRegExp(p.text), flags: matchCase ? 'u' : 'iu' };
  }
}

/** `s` with every character that means something in a RegExp escaped (valid with and without `u`). */
export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** A replacement string that inserts `s` literally (String.prototype.replace reads `$` specially). */
export function literalReplacement(s: string): string {
  return s.replace(/\$/g, '$$$$');
}

/** The engine's message without the repeated pattern, e.g. "Unterminated group". */
function regexErrorOf(e: unknown, source: string, flags: string): string {
  let msg = e instanceof Error ? e.message : String(e);
  // V8: "Invalid regular expression: /(/u: Unterminated group"; SpiderMonkey: "unterminated parenthetical".
  const v8Prefix = `Invalid regular expression: /${source}/${flags}: `;
  if (msg.startsWith(v8Prefix)) msg = msg.slice(v8Prefix.length);
  else msg = msg.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
  msg = msg.trim().replace(/\.$/, '');
  if (msg === '') msg = 'syntax error';
  return msg.charAt(0).toUpperCase() + msg.slice(1);
}
