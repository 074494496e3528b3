import { describe, expect, it } from 'vitest';
import type { HookRule } from '../core/protocol';
import { coreNativesHere } from './natives';
import { createRules } from './rules';

const re = (source: string, flags = '') => ({ source, flags });

describe('the hook applies rules', () => {
  it('blocks, rewrites every match in order, and keeps directions apart', () => {
    const rules = createRules(coreNativesHere());
    const list: HookRule[] = [
      { action: 'block', dirs: 1, match: re('secret') },
      { action: 'rewrite', dirs: 2, match: null, find: re('(\\w+)@example\\.com', 'i'), replace: '$1@hidden' },
      { action: 'rewrite', dirs: 3, match: re('^ping$'), find: re('ping'), replace: 'pong' },
    ];
    expect(rules.active()).toBe(false);
    rules.update(list);
    expect(rules.active()).toBe(true);
    expect(rules.pausing()).toBe(false);
    expect(rules.applyTo('a secret', 1)).toBeNull();
    expect(rules.applyTo('a secret', 2)).toBe('a secret');
    expect(rules.applyTo('mail ann@EXAMPLE.com and bob@example.com', 2)).toBe('mail ann@hidden and bob@hidden');
    expect(rules.applyTo('mail ann@example.com', 1)).toBe('mail ann@example.com');
    expect(rules.applyTo('ping', 1)).toBe('pong');
    expect(rules.applyTo('ping', 2)).toBe('pong');
    // A later rule sees what an earlier one made of the text.
    rules.update([
      { action: 'rewrite', dirs: 3, match: null, find: re('a'), replace: 'b' },
      { action: 'block', dirs: 3, match: re('^bbb$') },
    ]);
    expect(rules.applyTo('aaa', 1)).toBeNull();
    expect(rules.applyTo('ab', 1)).toBe('bb');
  });

  it('keeps breakpoints apart from the rules', () => {
    const rules = createRules(coreNativesHere());
    rules.update([{ action: 'pause', dirs: 2, match: re('^hold') }]);
    expect(rules.active()).toBe(false);
    expect(rules.pausing()).toBe(true);
    expect(rules.pauses('hold me', 2)).toBe(true);
    expect(rules.pauses('hold me', 1)).toBe(false);
    expect(rules.pauses('not this', 2)).toBe(false);
    expect(rules.applyTo('hold me', 2)).toBe('hold me');
  });

  it('uses the native exec whatever the page does to RegExp.prototype', () => {
    const rules = createRules(coreNativesHere());
    rules.update([{ action: 'block', dirs: 3, match: re('x') }]);
    const exec = RegExp.prototype.exec;
    const replace = RegExp.prototype[Symbol.replace];
    let pageCalls = 0;
    try {
      RegExp.prototype.exec = function () {
        pageCalls++;
        return null;
      };
      expect(rules.applyTo('x', 1)).toBeNull();
      rules.update([{ action: 'rewrite', dirs: 3, match: null, find: re('x'), replace: 'y' }]);
      expect(rules.applyTo('xx', 1)).toBe('yy');
    } finally {
      RegExp.prototype.exec = exec;
      RegExp.prototype[Symbol.replace] = replace;
    }
    expect(pageCalls).toBe(0);
  });

  it('changes nothing when a list does not compile', () => {
    const rules = createRules(coreNativesHere());
    rules.update([{ action: 'block', dirs: 3, match: re('x') }]);
    expect(() => rules.update([{ action: 'pause', dirs: 3, match: re('(') }])).toThrow(SyntaxError);
    expect(rules.applyTo('x', 1)).toBeNull();
    expect(rules.pausing()).toBe(false);
  });
});
