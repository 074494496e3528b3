/**
 * The site's rules (block, rewrite, pause), sent to the hook as it applies them: parsed with the
 * one pattern grammar and compiled here, in the relay, to `{source, flags}` or escaped substrings
 * (`hookRulesOf`, src/core/rules.ts), so the hook never parses a pattern. Sent again on every
 * change; a site that never had rules costs its hook nothing (no empty set is sent). The hook
 * answers each set in order: `inForce` is how many rules the page applies now, which the panel
 * shows (a change is in force only once the page said so, not when it was stored). Auto-response
 * rules are the relay's own (./responder.ts, told of every change by `onRules`); they count as in
 * force with the set the hook answered, which holds the frames of those that do not forward. The
 * site's network faults (src/core/faults.ts, their own storage key) are the relay's too
 * (./faults.ts, told by `onFaults`): the set holds the frames they act on, and faults that are on
 * count as one more in force.
 */
import type { HookCommand } from '../core/protocol';
import { FAULTS_KEY, faultsFor, faultsOn, hookRulesOfFaults, type Faults } from '../core/faults';
import { hookRulesOf, inForce, RULES_KEY, rulesFor, siteOf, type Rule } from '../core/rules';
import { followStoredKey, type RelayStorage } from './stored-key';

/** The `req` of the relay's own commands: the hook's answer to it is not a panel's. */
export const RELAY_REQ = 0;

export class SiteRules {
  private sent = false;
  private rules: Rule[] = [];
  private faults: Faults | null = null;
  /** The sizes of the sets posted and not yet answered, oldest first. */
  private readonly unanswered: number[] = [];
  /** Rules the hook applies now (its answer to the last set posted; faults that are on count as one); undefined before any answer. */
  inForce: number | undefined;

  /** `send` posts to the hook; false when there is no hook to post to. `onRules` gets the site's rules at every change, `onFaults` its faults. */
  constructor(
    private readonly site: string,
    private readonly send: (cmd: HookCommand) => boolean,
    private readonly onRules: (rules: Rule[]) => void = () => {},
    private readonly onFaults: (faults: Faults | null) => void = () => {},
  ) {}

  /** The stored rules (of every site) changed, or were read. */
  update(stored: unknown): void {
    this.rules = rulesFor(stored, this.site);
    this.onRules(this.rules);
    this.post();
  }

  /** The stored faults (of every site) changed, or were read. */
  updateFaults(stored: unknown): void {
    const before = this.faults;
    this.faults = faultsFor(stored, this.site);
    this.onFaults(this.faults);
    // The hook's set changes only when the directions held, or whether they count, change.
    if (faultsOn(before) === faultsOn(this.faults) && JSON.stringify(hookRulesOfFaults(before)) === JSON.stringify(hookRulesOfFaults(this.faults))) return;
    this.post();
  }

  private post(): void {
    const list = [...hookRulesOf(this.rules), ...hookRulesOfFaults(this.faults)];
    const some = this.rules.length > 0 || list.length > 0;
    if (!some && !this.sent) return;
    if (!this.send({ type: 'rules', req: RELAY_REQ, rules: list })) return;
    this.sent = some;
    this.unanswered.push(this.rules.filter(inForce).length + (faultsOn(this.faults) ? 1 : 0));
  }

  /** The hook answered the oldest set posted (`ok`: it applies it). */
  answered(ok: boolean): void {
    const size = this.unanswered.shift();
    if (ok && size !== undefined) this.inForce = size;
  }
}

/** Follows the rules and faults of the site of `url` (none for a page without an origin, e.g. about:blank). */
export function followSiteRules(
  storage: RelayStorage,
  url: string,
  send: (cmd: HookCommand) => boolean,
  onRules?: (rules: Rule[]) => void,
  onFaults?: (faults: Faults | null) => void,
): SiteRules | undefined {
  const site = siteOf(url);
  if (site === '') return undefined;
  const rules = new SiteRules(site, send, onRules, onFaults);
  followStoredKey(storage, RULES_KEY, (stored) => rules.update(stored));
  followStoredKey(storage, FAULTS_KEY, (stored) => rules.updateFaults(stored));
  return rules;
}
