/**
 * Rules that act on frames as they pass: block (drop) or rewrite (find/replace) text frames that
 * match a filter, per direction. Kept per site (the page's origin) in extension storage, applied by
 * the page hook; each can be switched off on its own. Pure: validation, storage shape, and the
 * compiled form the relay hands the hook.
 */
import type { HookRule } from './protocol';
import { literalReplacement, parsePattern, regExpOf, type RegExpSource } from './pattern';

/** `pause` is a breakpoint: the frame waits in the page until the panel continues or drops it. */
export type RuleAction = 'block' | 'rewrite' | 'pause';
export type RuleDirection = 'sent' | 'received' | 'both';

export interface Rule {
  id: string;
  enabled: boolean;
  action: RuleAction;
  direction: RuleDirection;
  /** Which text frames, in the grammar of `./pattern.ts` (a case-insensitive substring or /regex/flags); '' matches every text frame. */
  match: string;
  /** Rewrite only: what to replace (a substring, or /regex/flags, every occurrence), and with what ($1… with a regex). */
  find?: string;
  replace?: string;
}

/** storage.local key; the value maps a site's origin to its rules. */
export const RULES_KEY = 'rules';
export type StoredRules = Record<string, Rule[]>;

/** Why a rule cannot be used, or null. Patterns follow `./pattern.ts`: anything is a valid pattern. */
export function ruleError(r: Pick<Rule, 'action' | 'find'>): string | null {
  if (r.action === 'rewrite' && (r.find ?? '').trim() === '') return 'Find: say what to replace.';
  return null;
}

/** What the user should know about a rule's patterns (a `/…/` read as text, and why). */
export function ruleNotes(r: Pick<Rule, 'action' | 'match' | 'find'>): string[] {
  const notes: string[] = [];
  for (const [label, p] of [
    ['Match', r.match],
    ['Find', r.action === 'rewrite' ? (r.find ?? '') : ''],
  ] as const) {
    const parsed = parsePattern(p);
    if (parsed.kind === 'substring' && parsed.note !== undefined) notes.push(`${label}: ${parsed.note}.`);
  }
  return notes;
}

/**
 * The rules the page hook applies, compiled here in the relay: patterns as RegExp sources (a
 * substring escaped, case-insensitive), a substring find's replacement made literal. Switched-off
 * and unusable rules are left out.
 */
export function hookRulesOf(rules: readonly Rule[]): HookRule[] {
  const out: HookRule[] = [];
  for (const r of rules) {
    if (!r.enabled || ruleError(r) !== null) continue;
    const dirs = r.direction === 'sent' ? 1 : r.direction === 'received' ? 2 : 3;
    const match = regExpOf(parsePattern(r.match));
    if (r.action !== 'rewrite') {
      out.push({ action: r.action, dirs, match });
      continue;
    }
    const find = parsePattern(r.find ?? '');
    const replace = r.replace ?? '';
    out.push({ action: 'rewrite', dirs, match, find: regExpOf(find) as RegExpSource, replace: find.kind === 'regex' ? replace : literalReplacement(replace) });
  }
  return out;
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

/** What the page applies, against what the list asks for (`wanted`: the active rules). */
export function inForceText(inForce: number, wanted: number): string {
  const n = (k: number) => (k === 1 ? '1 rule' : `${k} rules`);
  if (inForce === wanted) return wanted === 0 ? 'In force in this page: none.' : `In force in this page: ${n(wanted)}.`;
  return `Applying to this page… (it applies ${n(inForce)} until it hears of the change).`;
}
