/**
 * The site's rules (block, rewrite, pause), sent to the hook as it applies them: parsed with the
 * one pattern grammar and compiled here, in the relay, to `{source, flags}` or escaped substrings
 * (`hookRulesOf`, src/core/rules.ts), so the hook never parses a pattern. Sent again on every
 * change; a site that never had rules costs its hook nothing (no empty set is sent). The hook
 * answers each set in order: `inForce` is how many rules the page applies now, which the panel
 * shows (a change is in force only once the page said so, not when it was stored). Auto-response
 * rules are the relay's own (./responder.ts, told of every change by `onRules`); they count as in
 * force with the set the hook answered, which holds the frames of those that do not forward.
 */
import type { HookCommand } from '../core/protocol';
import { hookRulesOf, inForce, RULES_KEY, rulesFor, siteOf, type Rule } from '../core/rules';
import { followStoredKey, type RelayStorage } from './stored-key';

/** The `req` of the relay's own commands: the hook's answer to it is not a panel's. */
export const RELAY_REQ = 0;

export class SiteRules {
  private sent = false;
  /** The sizes of the sets posted and not yet answered, oldest first. */
  private readonly unanswered: number[] = [];
  /** Rules the hook applies now (its answer to the last set posted); undefined before any answer. */
  inForce: number | undefined;

  /** `send` posts to the hook; false when there is no hook to post to. `onRules` gets the site's rules at every change. */
  constructor(
    private readonly site: string,
    private readonly send: (cmd: HookCommand) => boolean,
    private readonly onRules: (rules: Rule[]) => void = () => {},
  ) {}

  /** The stored rules (of every site) changed, or were read. */
  update(stored: unknown): void {
    const rules = rulesFor(stored, this.site);
    this.onRules(rules);
    if (rules.length === 0 && !this.sent) return;
    if (!this.send({ type: 'rules', req: RELAY_REQ, rules: hookRulesOf(rules) })) return;
    this.sent = rules.length > 0;
    this.unanswered.push(rules.filter(inForce).length);
  }

  /** The hook answered the oldest set posted (`ok`: it applies it). */
  answered(ok: boolean): void {
    const size = this.unanswered.shift();
    if (ok && size !== undefined) this.inForce = size;
  }
}

/** Follows the rules of the site of `url` (none for a page without an origin, e.g. about:blank). */
export function followSiteRules(storage: RelayStorage, url: string, send: (cmd: HookCommand) => boolean, onRules?: (rules: Rule[]) => void): SiteRules | undefined {
  const site = siteOf(url);
  if (site === '') return undefined;
  const rules = new SiteRules(site, send, onRules);
  followStoredKey(storage, RULES_KEY, (stored) => rules.update(stored));
  return rules;
}
