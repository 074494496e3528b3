/**
 * The site's rules as the hook applies them (block, rewrite; `pause` rules are the breakpoints),
 * compiled by the relay (`hookRulesOf`, src/core/rules.ts) into `{source, flags}` and turned into
 * RegExps of our own here, with natives captured at start.
 */
import type { HookRule } from '../core/protocol';
import type { RegExpSource } from '../core/pattern';
import type { CoreNatives } from './natives';

type RulesNatives = Pick<CoreNatives, 'NativeRegExp' | 'defineProp' | 'nativeExec' | 'reExec' | 'reReplace'>;

export interface Rules {
  /** Replaces the rules (and the breakpoints) by those of `list`. */
  update(list: HookRule[]): void;
  /** True while any block or rewrite rule exists. */
  active(): boolean;
  /** True while any breakpoint exists. */
  pausing(): boolean;
  /** What the rules make of a text frame (dir 1 sent, 2 received): null when one blocks it, else the (maybe rewritten) text. */
  applyTo(text: string, dir: number): string | null;
  /** Whether a breakpoint stops this text frame. */
  pauses(text: string, dir: number): boolean;
}

interface CompiledRule {
  blocks: boolean;
  /** 1 sent, 2 received, 3 both */
  dirs: number;
  matches: (s: string) => boolean;
  rewrites: (s: string) => string;
}

export function createRules(n: RulesNatives): Rules {
  const { reExec, reReplace } = n;
  /** A RegExp of our own from a source the relay compiled; `exec` is the native. */
  const regExpOf = (src: RegExpSource, global: boolean): RegExp => {
    const re = new n.NativeRegExp(src.source, global ? src.flags + 'g' : src.flags);
    // Symbol.replace and test look `exec` up on the regex: give ours the native, whatever the page patches.
    n.defineProp(re, 'exec', { __proto__: null, value: n.nativeExec } as PropertyDescriptor);
    return re;
  };
  const compile = (list: HookRule[], pause: boolean): CompiledRule[] => {
    const out: CompiledRule[] = [];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if ((r.action === 'pause') !== pause) continue;
      const match = r.match === null ? null : regExpOf(r.match, false);
      const find = r.action === 'rewrite' ? regExpOf(r.find, true) : null;
      const by = r.action === 'rewrite' ? r.replace : '';
      out[out.length] = {
        blocks: r.action === 'block',
        dirs: r.dirs,
        matches: match === null ? () => true : (s) => reExec(match, s) !== null,
        rewrites: find === null ? (s) => s : (s) => reReplace(find, s, by),
      };
    }
    return out;
  };
  let rules: CompiledRule[] = [];
  let breakpoints: CompiledRule[] = [];
  return {
    update(list) {
      // Both first: a list that does not compile changes nothing.
      const r = compile(list, false);
      const b = compile(list, true);
      rules = r;
      breakpoints = b;
    },
    active: () => rules.length > 0,
    pausing: () => breakpoints.length > 0,
    applyTo(text, dir) {
      let out = text;
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i];
        if ((r.dirs & dir) === 0 || !r.matches(out)) continue;
        if (r.blocks) return null;
        out = r.rewrites(out);
      }
      return out;
    },
    pauses(text, dir) {
      for (let i = 0; i < breakpoints.length; i++) if ((breakpoints[i].dirs & dir) !== 0 && breakpoints[i].matches(text)) return true;
      return false;
    },
  };
}
