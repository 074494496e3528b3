/**
 * Rules that act on frames as they pass: block (drop) or rewrite (find/replace) text frames that
 * match a filter, per direction, pause them (breakpoints), or answer sent ones (`respond`:
 * auto-responses, applied by the relay, src/relay/responder.ts). Kept per site (the page's origin) in extension storage, applied by
 * the page hook; each can be switched off on its own. Pure: validation, storage shape, and the
 * compiled form the relay hands the hook.
 */
import type { HookRule } from './protocol';
import { parseFieldMatch } from './field-match';
import { literalReplacement, parsePattern, regExpOf, type RegExpSource } from './pattern';
import { highestGroup, parseTemplate } from './template';

/**
 * `pause` is a breakpoint: the frame waits in the page until the panel continues or drops it.
 * `respond` answers a sent frame with responses delivered to the page (marked `mocked`).
 */
export type RuleAction = 'block' | 'rewrite' | 'pause' | 'respond';
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
  /** Respond only: a field match on the sent frame's JSON (`./field-match.ts`), '' or absent for none. */
  where?: string;
  /** Respond only: what to deliver to the page, in order (`./template.ts`). */
  responses?: RuleResponse[];
  /** Respond only: false keeps the original from the server (absent: it is sent as well). */
  forward?: boolean;
}

/** One response of a `respond` rule: delivered `delay` ms after the one before it (the first: after the sent frame). */
export interface RuleResponse {
  template: string;
  delay: number;
}

/** The longest delay a response may have (10 minutes). */
const MAX_DELAY = 600_000;

/** storage.local key; the value maps a site's origin to its rules. */
export const RULES_KEY = 'rules';
export type StoredRules = Record<string, Rule[]>;

/** Why a rule cannot be used, or null. Patterns follow `./pattern.ts`: anything is a valid pattern. */
export function ruleError(r: Pick<Rule, 'action' | 'find'> & Partial<Pick<Rule, 'direction' | 'match' | 'where' | 'responses'>>): string | null {
  if (r.action === 'rewrite' && (r.find ?? '').trim() === '') return 'Find: say what to replace.';
  if (r.action === 'respond') return respondError(r);
  return null;
}

function respondError(r: Partial<Pick<Rule, 'direction' | 'match' | 'where' | 'responses'>>): string | null {
  if (r.direction !== undefined && r.direction !== 'sent') return 'Respond: only sent frames can be answered (direction Sent).';
  const where = parseFieldMatch(r.where ?? '');
  if (!where.ok) return where.error;
  const responses = r.responses ?? [];
  if (responses.length === 0) return 'Respond: add at least one response.';
  const pattern = parsePattern(r.match ?? '');
  const groups = pattern.kind === 'regex' ? new RegExp(`${pattern.source}|`, pattern.flags).exec('')!.length - 1 : 0;
  for (const [i, resp] of responses.entries()) {
    const label = `Response ${i + 1}`;
    if (!Number.isInteger(resp.delay) || resp.delay < 0 || resp.delay > MAX_DELAY) return `${label}: the delay must be a whole number of milliseconds from 0 to ${MAX_DELAY}.`;
    if (resp.template === '') return `${label}: the template is empty.`;
    const t = parseTemplate(resp.template);
    if (!t.ok) return `${label}: ${t.error}`;
    const n = highestGroup(t.template);
    if (n > groups) {
      if (pattern.kind !== 'regex') return `${label}: {{$${n}}} needs a /regex/ with groups in Frames matching.`;
      return `${label}: {{$${n}}} needs ${n} groups; /${pattern.source}/ has ${groups === 1 ? '1 group' : `${groups} groups`}.`;
    }
  }
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

/** Whether a rule is used: switched on and valid. */
export function inForce(r: Rule): boolean {
  return r.enabled && ruleError(r) === null;
}

/**
 * The rules the page hook applies, compiled here in the relay: patterns as RegExp sources (a
 * substring escaped, case-insensitive), a substring find's replacement made literal. Switched-off
 * and unusable rules are left out. A `respond` rule is the relay's (src/relay/responder.ts): one
 * that forwards needs nothing of the hook; one that does not becomes a hold (a `pause` on its
 * pattern) which the relay, not the user, ends: dropped when the rule answers the frame, sent on
 * when it does not (its field match or a later change of the rules).
 */
export function hookRulesOf(rules: readonly Rule[]): HookRule[] {
  const out: HookRule[] = [];
  for (const r of rules) {
    if (!inForce(r)) continue;
    const dirs = r.direction === 'sent' ? 1 : r.direction === 'received' ? 2 : 3;
    const match = regExpOf(parsePattern(r.match));
    if (r.action === 'respond') {
      if (r.forward === false) out.push({ action: 'pause', dirs: 1, match });
      continue;
    }
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
      (r.action === 'block' || r.action === 'rewrite' || r.action === 'pause' || r.action === 'respond') &&
      (r.direction === 'sent' || r.direction === 'received' || r.direction === 'both') &&
      typeof r.match === 'string' &&
      (r.find === undefined || typeof r.find === 'string') &&
      (r.replace === undefined || typeof r.replace === 'string') &&
      (r.where === undefined || typeof r.where === 'string') &&
      (r.forward === undefined || typeof r.forward === 'boolean') &&
      (r.responses === undefined ||
        (Array.isArray(r.responses) && r.responses.every((x) => x !== null && typeof x === 'object' && typeof x.template === 'string' && typeof x.delay === 'number'))) &&
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

/** What the page applies, against what the list asks for (`wanted`: the active rules, plus one when `faults` are on). */
export function inForceText(inForce: number, wanted: number, faults = false): string {
  const n = (k: number) => (k === 1 ? '1 rule' : `${k} rules`);
  const rules = wanted - (faults ? 1 : 0);
  const what = faults ? (rules === 0 ? 'the faults' : `${n(rules)} and the faults`) : n(wanted);
  if (inForce === wanted) return wanted === 0 ? 'In force in this page: none.' : `In force in this page: ${what}.`;
  return faults ? 'Applying to this page… (it applies what it had until it hears of the change).' : `Applying to this page… (it applies ${n(inForce)} until it hears of the change).`;
}
