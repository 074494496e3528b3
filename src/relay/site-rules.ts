/**
 * The site's rules (block, rewrite, pause), sent to the hook as it applies them: parsed with the
 * one pattern grammar and compiled here, in the relay, to `{source, flags}` or escaped substrings
 * (`hookRulesOf`, src/core/rules.ts), so the hook never parses a pattern. Sent again on every
 * change; a site that never had rules costs its hook nothing (no empty set is sent).
 */
import type { HookCommand } from '../core/protocol';
import { hookRulesOf, RULES_KEY, rulesFor, siteOf } from '../core/rules';
import { followStoredKey, type RelayStorage } from './stored-key';

/** The `req` of the relay's own commands: the hook's answer to it is not a panel's. */
export const RELAY_REQ = 0;

export class SiteRules {
  private sent = false;

  /** `send` posts to the hook; false when there is no hook to post to. */
  constructor(
    private readonly site: string,
    private readonly send: (cmd: HookCommand) => boolean,
  ) {}

  /** The stored rules (of every site) changed, or were read. */
  update(stored: unknown): void {
    const rules = rulesFor(stored, this.site);
    if (rules.length === 0 && !this.sent) return;
    if (this.send({ type: 'rules', req: RELAY_REQ, rules: hookRulesOf(rules) })) this.sent = rules.length > 0;
  }
}

/** Follows the rules of the site of `url` (none for a page without an origin, e.g. about:blank). */
export function followSiteRules(storage: RelayStorage, url: string, send: (cmd: HookCommand) => boolean): void {
  const site = siteOf(url);
  if (site === '') return;
  const rules = new SiteRules(site, send);
  followStoredKey(storage, RULES_KEY, (stored) => rules.update(stored));
}
