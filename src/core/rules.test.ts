import { describe, expect, it } from 'vitest';
import { hookRulesOf, inForceText, ruleError, ruleNotes, rulesFor, siteOf, withRules, type Rule } from './rules';

const rule = (patch: Partial<Rule> = {}): Rule => ({ id: 'r1', enabled: true, action: 'block', direction: 'sent', match: 'secret', ...patch });

describe('ruleError and ruleNotes', () => {
  it('accepts good rules', () => {
    expect(ruleError(rule())).toBeNull();
    expect(ruleError(rule({ action: 'rewrite', match: '', find: '/(\\d+)/g', replace: '<$1>' }))).toBeNull();
  });
  it('refuses a rewrite with nothing to find', () => {
    expect(ruleError(rule({ action: 'rewrite', find: '' }))).toBe('Find: say what to replace.');
    expect(ruleError(rule({ action: 'rewrite', find: '  ' }))).toBe('Find: say what to replace.');
  });
  it('reads /path/like and uncompilable /…/ patterns as text, as the filter box does, and says so', () => {
    expect(ruleError(rule({ match: '/api/users' }))).toBeNull();
    expect(ruleNotes(rule({ match: '/api/users' }))).toEqual([]);
    expect(ruleError(rule({ match: '/(/' }))).toBeNull();
    expect(ruleNotes(rule({ match: '/(/' }))).toEqual([expect.stringMatching(/^Match: \/\(\/ is matched as text: it is not a valid regular expression/)]);
    expect(ruleNotes(rule({ action: 'rewrite', match: 'x', find: '/[/' }))).toEqual([expect.stringMatching(/^Find: /)]);
  });
});

describe('respond rules', () => {
  const respond = (patch: Partial<Rule> = {}): Rule =>
    rule({ action: 'respond', match: '', where: 'type = "ping"', responses: [{ template: '{"type":"pong","id":{{id}}}', delay: 0 }], ...patch });
  it('accepts a good one', () => {
    expect(ruleError(respond())).toBeNull();
    expect(ruleError(respond({ match: '/id":(\\d+)(x)?/', responses: [{ template: '{{$1}}{{$2}}{{$0}}', delay: 10 }, { template: 'b', delay: 600_000 }] }))).toBeNull();
  });
  it('refuses what cannot work, saying which response and why', () => {
    expect(ruleError(respond({ direction: 'received' }))).toBe('Respond: only sent frames can be answered (direction Sent).');
    expect(ruleError(respond({ responses: [] }))).toBe('Respond: add at least one response.');
    expect(ruleError(respond({ responses: undefined }))).toBe('Respond: add at least one response.');
    expect(ruleError(respond({ where: 'type' }))).toMatch(/^JSON field: /);
    expect(ruleError(respond({ responses: [{ template: 'a', delay: 0 }, { template: '{{id', delay: 0 }] }))).toBe(
      'Response 2: {{ at character 1 is not closed: end it with }} (write \\{{ for a literal {{).',
    );
    expect(ruleError(respond({ responses: [{ template: '', delay: 0 }] }))).toBe('Response 1: the template is empty.');
    for (const delay of [-1, 1.5, Number.NaN, 600_001])
      expect(ruleError(respond({ responses: [{ template: 'a', delay }] }))).toBe('Response 1: the delay must be a whole number of milliseconds from 0 to 600000.');
    expect(ruleError(respond({ match: 'ping', responses: [{ template: '{{$1}}', delay: 0 }] }))).toBe('Response 1: {{$1}} needs a /regex/ with groups in Frames matching.');
    expect(ruleError(respond({ match: '/(a)/', responses: [{ template: '{{$2}}', delay: 0 }] }))).toBe('Response 1: {{$2}} needs 2 groups; /(a)/ has 1 group.');
    expect(ruleError(respond({ match: '/a/', responses: [{ template: '{{$0}}', delay: 0 }] }))).toBeNull();
  });
  it('gives the hook nothing when it forwards, a hold (pause, sent) on its pattern when it does not', () => {
    expect(hookRulesOf([respond()])).toEqual([]);
    expect(hookRulesOf([respond({ match: '/ping/i', forward: false })])).toEqual([{ action: 'pause', dirs: 1, match: { source: 'ping', flags: 'i' } }]);
    expect(hookRulesOf([respond({ forward: false, enabled: false })])).toEqual([]);
  });
  it('are kept in storage, and malformed ones dropped', () => {
    const good = respond({ forward: false });
    const stored = withRules(undefined, 'https://a.test', [good]);
    expect(rulesFor(stored, 'https://a.test')).toEqual([good]);
    const messy = {
      'https://a.test': [
        good,
        respond({ id: 'x1', responses: [{ template: 1 as never, delay: 0 }] }),
        respond({ id: 'x2', responses: 'a' as never }),
        respond({ id: 'x3', forward: 'no' as never }),
        respond({ id: 'x4', where: 3 as never }),
        respond({ id: 'x5', responses: [null as never] }),
      ],
    };
    expect(rulesFor(messy, 'https://a.test').map((r) => r.id)).toEqual(['r1']);
  });
});

describe('hookRulesOf: what the hook is given', () => {
  const run = (r: Rule, text: string): string | null => {
    const [h] = hookRulesOf([r]);
    if (h === undefined) throw new Error('rule left out');
    const m = h.match === null ? null : new RegExp(h.match.source, h.match.flags);
    if (m !== null && !m.test(text)) return text;
    if (h.action !== 'rewrite') return null;
    return text.replace(new RegExp(h.find.source, h.find.flags + 'g'), h.replace);
  };
  it('compiles directions and leaves out switched-off and unusable rules', () => {
    const list = hookRulesOf([rule({ direction: 'sent' }), rule({ direction: 'received' }), rule({ direction: 'both', action: 'pause' }), rule({ enabled: false }), rule({ action: 'rewrite', find: '' })]);
    expect(list.map((h) => [h.action, h.dirs])).toEqual([
      ['block', 1],
      ['block', 2],
      ['pause', 3],
    ]);
    expect(hookRulesOf([rule({ match: '' })])[0]!.match).toBeNull();
  });
  it('matches substrings case-insensitively and a /path/like/input as text', () => {
    expect(run(rule({ match: 'SECRET' }), 'a secret')).toBeNull();
    expect(run(rule({ match: '/api/users' }), 'GET /api/users')).toBeNull();
    expect(run(rule({ match: '/api/users' }), 'GET api')).toBe('GET api');
    expect(run(rule({ match: '/^a.c$/' }), 'abc')).toBeNull();
  });
  it('rewrites every match: regex groups with $1, a substring find literally', () => {
    expect(run(rule({ action: 'rewrite', match: '', find: '/(\\d+)/', replace: '<$1>' }), 'a1b22')).toBe('a<1>b<22>');
    expect(run(rule({ action: 'rewrite', match: '', find: 'x.y', replace: '$1$&' }), 'x.y and X.Y, xzy')).toBe('$1$& and $1$&, xzy');
  });
});

describe('stored rules', () => {
  it('keeps rules per site and drops malformed ones', () => {
    const stored = withRules(withRules(undefined, 'https://a.test', [rule()]), 'https://b.test', [rule({ id: 'b' })]);
    expect(rulesFor(stored, 'https://a.test')).toEqual([rule()]);
    expect(rulesFor(stored, 'https://c.test')).toEqual([]);
    const messy = { 'https://a.test': [rule(), null, { id: 3 }, rule({ id: 'bad', action: 'rewrite', find: '' }), rule({ id: 'x', direction: 'up' as never })] };
    expect(rulesFor(messy, 'https://a.test').map((r) => r.id)).toEqual(['r1']);
    expect(rulesFor('garbage', 'https://a.test')).toEqual([]);
    expect(withRules(stored, 'https://a.test', [])).toEqual({ 'https://b.test': [rule({ id: 'b' })] });
  });
  it('names a site by its origin', () => {
    expect(siteOf('https://x.test:8443/app?q=1')).toBe('https://x.test:8443');
    expect(siteOf('about:blank')).toBe('');
    expect(siteOf('not a url')).toBe('');
  });
});

describe('inForceText', () => {
  it('says what the page applies when it matches the list, and that a change is on its way when not', () => {
    expect(inForceText(0, 0)).toBe('In force in this page: none.');
    expect(inForceText(1, 1)).toBe('In force in this page: 1 rule.');
    expect(inForceText(3, 3)).toBe('In force in this page: 3 rules.');
    expect(inForceText(3, 2)).toBe('Applying to this page… (it applies 3 rules until it hears of the change).');
    expect(inForceText(0, 1)).toBe('Applying to this page… (it applies 0 rules until it hears of the change).');
  });
  it('says the faults apart from the rules (counted as one in force)', () => {
    expect(inForceText(1, 1, true)).toBe('In force in this page: the faults.');
    expect(inForceText(3, 3, true)).toBe('In force in this page: 2 rules and the faults.');
    expect(inForceText(2, 3, true)).toBe('Applying to this page… (it applies what it had until it hears of the change).');
  });
});
