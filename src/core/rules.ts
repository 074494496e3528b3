/**
 * Rules that act on frames as they pass: block (drop) or rewrite (find/replace) text frames that
 * match a filter, per direction. Kept per site (the page's origin) in extension storage, applied by
 * the page hook; each can be switched off on its own. Pure: validation and storage shape.
 */

/** `pause` is a breakpoint: the frame waits in the page until the panel continues or drops it. */
export type RuleAction = 'block' | 'rewrite' | 'pause';
export type RuleDirection = 'sent' | 'received' | 'both';

export interface Rule {
  id: string;
  enabled: boolean;
  action: RuleAction;
  direction: RuleDirection;
  /** Which text frames: a substring (case-insensitive) or /regex/flags; '' matches every text frame. */
  match: string;
  /** Rewrite only: what to replace (a substring, or /regex/flags), and with what ($1… with a regex). */
  find?: string;
  replace?: string;
}

/** storage.local key; the value maps a site's origin to its rules. */
export const RULES_KEY = 'rules';
export type StoredRules = Record<string, Rule[]>;

/** The pattern syntax the hook understands: `/source/flags`, else a case-insensitive substring. */
export function parsePattern(p: string): { regex: { source: string; flags: string } } | { substring: string } {
  const m = /^\/(.+)\/([a-z]*)$/s.exec(p);
  return m ? { regex: { source: m[1], flags: m[2] } } : { substring: p };
}

/** Why a rule cannot be used, or null. */
export function ruleError(r: Pick<Rule, 'action' | 'match' | 'find'>): string | null {
  for (const [label, p] of [
    ['Match', r.match],
    ['Find', r.action === 'rewrite' ? (r.find ?? '') : ''],
  ] as const) {
    const parsed = parsePattern(p);
    if ('regex' in parsed) {
      if (/[^imsu]/.test(parsed.regex.flags.replace(/[gy]/g, ''))) return `${label}: unknown regex flags "${parsed.regex.flags}" (use i, m, s, u).`;
      try {
        new RegExp(parsed.regex.source, parsed.regex.flags.replace(/[gy]/g, ''));
      } catch (e) {
        return `${label}: not a valid regular expression (${e instanceof Error ? e.message : String(e)}).`;
      }
    }
  }
  if (r.action === 'rewrite' && (r.find ?? '') === '') return 'Find: say what to replace.';
  return null;
}

/** The rules of a site, tolerating anything malformed in storage (dropped, never thrown). */
export function rulesFor(stored: unknown, origin: string): Rule[] {
  const list = (stored as StoredRules | undefined)?.[origin];
  if (!Array.isArray(list)) return [];
  return list.filter(
    (r): r is Rule =>
      r !== null &&
      typeof r === 'object' &&
      typeof r.id === 'string' &&
      typeof r.enabled === 'boolean' &&
      (r.action === 'block' || r.action === 'rewrite' || r.action === 'pause') &&
      (r.direction === 'sent' || r.direction === 'received' || r.direction === 'both') &&
      typeof r.match === 'string' &&
      (r.find === undefined || typeof r.find === 'string') &&
      (r.replace === undefined || typeof r.replace === 'string') &&
      ruleError(r) === null,
  );
}

export function withRules(stored: unknown, origin: string, rules: Rule[]): StoredRules {
  const next: StoredRules = { ...((stored as StoredRules | undefined) ?? {}) };
  if (rules.length === 0) delete next[origin];
  else next[origin] = rules;
  return next;
}

/** The origin rules are kept under ('' for pages without one, e.g. about:blank or file:). */
export function siteOf(url: string): string {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? '' : o;
  } catch {
    return '';
  }
}
