import { describe, expect, it } from 'vitest';
import type { HookCommand } from '../core/protocol';
import { RULES_KEY, type Rule } from '../core/rules';
import { FAULTS_KEY, type Faults } from '../core/faults';
import { FakeStorage } from './fake-storage.test-helper';
import { followSiteRules, RELAY_REQ, SiteRules } from './site-rules';

const SITE = 'https://site.test';
const rule = (over: Partial<Rule> = {}): Rule => ({ id: 'r1', enabled: true, action: 'block', direction: 'sent', match: 'ping', ...over });
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('SiteRules', () => {
  it("sends the site's rules compiled: a substring escaped (case folded), a /regex/flags as source and flags, a /path/ that is no regex as a substring", () => {
    const sent: HookCommand[] = [];
    const rules = new SiteRules(SITE, (c) => (sent.push(c), true));
    rules.update({
      [SITE]: [
        rule({ match: 'a.b' }),
        rule({ id: 'r2', direction: 'received', match: '/^hi$/i' }),
        rule({ id: 'r3', direction: 'both', match: '/api/users' }),
        rule({ id: 'r4', enabled: false }),
      ],
      'https://other.test': [rule({ match: 'elsewhere' })],
    });
    expect(sent).toEqual([
      {
        type: 'rules',
        req: RELAY_REQ,
        rules: [
          { action: 'block', dirs: 1, match: { source: 'a\\.b', flags: 'iu' } },
          { action: 'block', dirs: 2, match: { source: '^hi$', flags: 'i' } },
          { action: 'block', dirs: 3, match: { source: '\\/api\\/users', flags: 'iu' } },
        ],
      },
    ]);
  });

  it('a site without rules sends nothing; once it had some, removing them sends the empty set', () => {
    const sent: HookCommand[] = [];
    const rules = new SiteRules(SITE, (c) => (sent.push(c), true));
    rules.update(undefined);
    rules.update({ [SITE]: [] });
    expect(sent).toEqual([]);
    rules.update({ [SITE]: [rule()] });
    rules.update({});
    rules.update({});
    expect(sent.map((c) => c.type === 'rules' && c.rules.length)).toEqual([1, 0]);
  });

  it('rules that could not be posted (no hook) do not count as sent', () => {
    const sent: HookCommand[] = [];
    let hook = false;
    const rules = new SiteRules(SITE, (c) => hook && (sent.push(c), true));
    rules.update({ [SITE]: [rule()] });
    hook = true;
    rules.update({});
    expect(sent).toEqual([]);
  });
});

describe('SiteRules.inForce', () => {
  it("is the size of the set the hook last answered, in the order posted; a refused set leaves what was in force", () => {
    const rules = new SiteRules(SITE, () => true);
    expect(rules.inForce).toBeUndefined();
    rules.update({ [SITE]: [rule(), rule({ id: 'r2' }), rule({ id: 'r3', enabled: false }), rule({ id: 'r4', action: 'rewrite', find: '' })] });
    rules.update({ [SITE]: [rule()] });
    expect(rules.inForce).toBeUndefined(); // posted, not yet answered
    rules.answered(true);
    expect(rules.inForce).toBe(2); // the disabled rule and the one that cannot work are not sent
    rules.answered(false);
    expect(rules.inForce).toBe(2);
    rules.update({});
    rules.answered(true);
    expect(rules.inForce).toBe(0);
    rules.answered(true); // an answer to nothing posted changes nothing
    expect(rules.inForce).toBe(0);
  });
});

describe('followSiteRules', () => {
  it('reads the rules, then follows their changes; a page without an origin follows none', async () => {
    const storage = new FakeStorage({ [RULES_KEY]: { [SITE]: [rule()] } });
    const sent: HookCommand[] = [];
    followSiteRules(storage, `${SITE}/page?x=1`, (c) => (sent.push(c), true));
    followSiteRules(storage, 'about:blank', () => {
      throw new Error('about:blank has no site');
    });
    await flush();
    storage.change('local', RULES_KEY, { [SITE]: [rule({ action: 'pause' })] });
    expect(sent.map((c) => c.type === 'rules' && c.rules.map((r) => r.action))).toEqual([['block'], ['pause']]);
  });

  it("tells the relay's responder of every change, and counts a respond rule in force whether or not the hook has a part in it", () => {
    const sent: HookCommand[] = [];
    const told: string[][] = [];
    const rules = new SiteRules(SITE, (c) => (sent.push(c), true), (list) => told.push(list.map((r) => r.id)));
    const respond = (id: string, forward: boolean): Rule => ({ ...rule({ id, action: 'respond', match: '' }), responses: [{ template: 'pong', delay: 0 }], forward });
    rules.update(undefined);
    rules.update({ [SITE]: [rule(), respond('fwd', true), respond('hold', false)] });
    expect(told).toEqual([[], ['r1', 'fwd', 'hold']]);
    expect(sent.map((c) => c.type === 'rules' && c.rules.map((h) => h.action))).toEqual([['block', 'pause']]);
    rules.answered(true);
    expect(rules.inForce).toBe(3);
  });
});

describe('SiteRules: faults', () => {
  const faults = (over: Partial<Faults> = {}): Faults => ({ enabled: true, url: '', sent: { latency: 0, jitter: 0, drop: 0 }, received: { latency: 200, jitter: 0, drop: 0 }, ...over });

  it('holds the directions the faults act on beside the rules, counts faults that are on as one in force, and tells the relay', () => {
    const sent: HookCommand[] = [];
    const told: (Faults | null)[] = [];
    const rules = new SiteRules(SITE, (c) => (sent.push(c), true), undefined, (f) => told.push(f));
    rules.update({ [SITE]: [rule()] });
    rules.updateFaults({ [SITE]: faults() });
    expect(sent.map((c) => c.type === 'rules' && c.rules)).toEqual([
      [{ action: 'block', dirs: 1, match: { source: 'ping', flags: 'iu' } }],
      [
        { action: 'block', dirs: 1, match: { source: 'ping', flags: 'iu' } },
        { action: 'pause', dirs: 2, match: null },
      ],
    ]);
    rules.answered(true);
    rules.answered(true);
    expect(rules.inForce).toBe(2);
    expect(told).toEqual([faults()]);
    // A change of the latency alone holds the same frames: nothing new for the hook.
    rules.updateFaults({ [SITE]: faults({ received: { latency: 50, jitter: 5, drop: 0 } }) });
    expect(sent).toHaveLength(2);
    rules.updateFaults({ [SITE]: faults({ enabled: false }) });
    expect(sent.map((c) => c.type === 'rules' && c.rules.length)).toEqual([1, 2, 1]);
    rules.answered(true);
    expect(rules.inForce).toBe(1);
  });

  it('faults alone are sent (and their removal) on a site without rules; malformed ones are none', async () => {
    const storage = new FakeStorage({ [FAULTS_KEY]: { [SITE]: faults({ sent: { latency: 10, jitter: 0, drop: 0 } }) } });
    const sent: HookCommand[] = [];
    followSiteRules(storage, `${SITE}/`, (c) => (sent.push(c), true));
    await flush();
    storage.change('local', FAULTS_KEY, { [SITE]: { ...faults(), received: { latency: -1, jitter: 0, drop: 0 } } });
    expect(sent.map((c) => c.type === 'rules' && c.rules)).toEqual([[{ action: 'pause', dirs: 3, match: null }], []]);
  });
});
