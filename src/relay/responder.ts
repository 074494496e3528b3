/**
 * Auto-responses (rules with the action `respond`), applied here in the relay, which sees every
 * frame the hook captures before it becomes a record (`see`, called by `Ingest` in order) and can
 * post commands to the hook.
 *
 * - A sent text frame the page sent (no mark, or `rewritten`, or `delayed` by a fault) is matched against the site's
 *   respond rules in their order: the pattern (`./pattern.ts`), then the field match on its JSON
 *   (`../core/field-match.ts`). The first rule that matches answers it: every response is rendered
 *   (`../core/template.ts`) and delivered to the page with the hook's `simulate`, marked `mocked`,
 *   each `delay` ms after the one before it. A response that cannot be rendered (a field the frame
 *   lacks) sends none of them; the frame's record says why (`note`), as it says what was answered.
 * - A rule without forwarding is a hold in the hook (`hookRulesOf`: a `pause` on its pattern),
 *   which the relay ends at once, unseen by the panel (its `paused`/`resumed` records are left
 *   out): the frame is dropped when a rule without forwarding matches it (recorded `answered`, or
 *   `blocked` with a note when it could not be answered: a rule that keeps frames from the server
 *   keeps them even then), and sent on otherwise (its field match failed, the rules changed), where
 *   a forwarding rule may still answer it. A hold a user breakpoint also matches is the user's.
 * - Responses are due in order of (due time, order made): one frame's responses never overtake
 *   each other, nor those of an earlier frame with equal delays. A socket that closes drops its
 *   responses still due (nothing says so in the log). A socket that closes while a frame is held
 *   for a rule: the hook drops the frame (`resumed` and the frame, then the close, in one batch,
 *   before the relay's own resume is answered), which is recorded `dropped`, with a note.
 */
import type { CaptureEvent, HookCommand, HookEvent, HookResult } from '../core/protocol';
import { matchesField, parseFieldMatch, type FieldMatch } from '../core/field-match';
import { parsePattern, regExpOf } from '../core/pattern';
import { inForce, type Rule } from '../core/rules';
import { parseTemplate, renderTemplate, usesFields, type Template } from '../core/template';

/** The `req` of the responder's commands to the hook: their answers are nobody's to show. */
export const RESPOND_REQ = -1;

export interface ResponderDeps {
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** Posts to the hook; false when there is none. */
  post(cmd: HookCommand): boolean;
}

/** What becomes of a hook event: left out of the history (null), or kept, maybe with a note. */
export type Seen = { ev: CaptureEvent; note?: string } | null;

interface Compiled {
  re: RegExp | null;
  where: FieldMatch | null;
  responses: { template: Template; delay: number }[];
  forward: boolean;
  needsJson: boolean;
}

interface Due {
  at: number;
  order: number;
  conn: number;
  text: string;
}

type Answer = { rule: Compiled; texts: string[] } | { rule: Compiled; error: string };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export class Responder {
  private rules: Compiled[] = [];
  private breakpoints: RegExp[] = [];
  /** Holds of ours (pid → what was decided), until their `resumed` event. */
  private readonly holds = new Map<number, { drop: boolean; answer: Answer | null }>();
  /** Per connection: the decision for the next sent frame, which is the hold just ended. */
  private readonly released = new Map<number, { answer: Answer | null }>();
  private queue: Due[] = [];
  private order = 0;
  private timer: unknown = undefined;
  private timerAt = Infinity;

  constructor(private readonly deps: ResponderDeps) {}

  /** No rule, hold, release or response due: nothing it would see changes anything. */
  get idle(): boolean {
    return this.rules.length === 0 && this.holds.size === 0 && this.released.size === 0 && this.queue.length === 0;
  }

  /** The site's rules changed (all of them: the respond rules, and the breakpoints, to tell holds apart). */
  update(rules: readonly Rule[]): void {
    const compiled: Compiled[] = [];
    const breakpoints: RegExp[] = [];
    for (const r of rules) {
      if (!inForce(r)) continue;
      const re = regExp(r.match);
      if (r.action === 'pause') {
        if (r.direction !== 'received') breakpoints.push(re ?? /(?:)/);
        continue;
      }
      if (r.action !== 'respond') continue;
      const where = parseFieldMatch(r.where ?? '');
      const responses = (r.responses ?? []).map((x) => {
        const t = parseTemplate(x.template);
        return { template: t.ok ? t.template : { parts: [] }, delay: x.delay };
      });
      const match = where.ok ? where.match : null;
      compiled.push({ re, where: match, responses, forward: r.forward !== false, needsJson: match !== null || responses.some((x) => usesFields(x.template)) });
    }
    this.rules = compiled;
    this.breakpoints = breakpoints;
  }

  /** The hook's answer to one of the responder's commands: nothing to do (a response whose socket closed is not delivered). */
  result(_res: HookResult): void {}

  /** `batch[at]` is `ev`, in the batch the hook posted (what follows it, the hook did right after). */
  see(ev: CaptureEvent, batch: readonly HookEvent[] = [ev], at = 0): Seen {
    switch (ev.type) {
      case 'paused': {
        if (ev.dir !== 'sent' || this.breakpoints.some((re) => re.test(ev.data))) return { ev };
        // Ours: a rule without forwarding held it. Drop it if one of them answers it, else let it go.
        const answer = this.answer(ev.data, false);
        this.holds.set(ev.pid, { drop: answer !== null, answer });
        this.deps.post({ type: 'resume', req: RESPOND_REQ, conn: ev.conn, pid: ev.pid, action: answer !== null ? 'drop' : 'continue' });
        return null;
      }
      case 'resumed': {
        const hold = this.holds.get(ev.pid);
        if (hold === undefined) return { ev };
        this.holds.delete(ev.pid);
        // The frame itself follows; if the socket closed meanwhile, the hook dropped it, not we.
        if (ev.action === (hold.drop ? 'drop' : 'continue')) this.released.set(ev.conn, { answer: hold.answer });
        return null;
      }
      case 'close':
        this.queue = this.queue.filter((d) => d.conn !== ev.conn);
        this.released.delete(ev.conn);
        return { ev };
      case 'frame':
        return ev.dir === 'sent' && typeof ev.data === 'string' ? this.sent(ev, ev.data, batch, at) : { ev };
      default:
        return { ev };
    }
  }

  private sent(ev: Extract<CaptureEvent, { type: 'frame' }>, text: string, batch: readonly HookEvent[], at: number): Seen {
    const released = this.released.get(ev.conn);
    if (released !== undefined) {
      this.released.delete(ev.conn);
      const a = released.answer;
      if (ev.mark === 'dropped' && closedWhileHeld(ev.conn, batch, at))
        return { ev, note: 'Held for an auto-response rule when its socket closed: neither sent to the server nor answered.' };
      if (a !== null && ev.mark === 'dropped') {
        if ('error' in a) return { ev: { ...ev, mark: 'blocked' }, note: `Not sent to the server: an auto-response rule without forwarding matched it, but sent no response: ${a.error}.` };
        this.schedule(ev.conn, a.rule, a.texts);
        return { ev: { ...ev, mark: 'answered' }, note: `The rule answers it with ${plural(a.texts.length, 'response')} (marked mocked).` };
      }
    }
    if (ev.mark !== undefined && ev.mark !== 'rewritten' && ev.mark !== 'delayed') return { ev };
    const a = this.answer(text, true);
    if (a === null) return { ev };
    if ('error' in a) return { ev, note: `An auto-response rule matched it, but sent no response: ${a.error}.` };
    this.schedule(ev.conn, a.rule, a.texts);
    return { ev, note: `Answered by an auto-response rule with ${plural(a.texts.length, 'response')}${a.rule.forward ? '' : ' (the rule does not forward, but this frame went out before the page applied it)'}.` };
  }

  /** Whether a rule without forwarding answers this sent text (its hold is ours, not a fault's: ./faults.ts). */
  answers(text: string): boolean {
    return this.answer(text, false) !== null;
  }

  /** The first rule that matches `text` (with forwarding ones too, or only those without), and its responses. */
  private answer(text: string, withForwarding: boolean): Answer | null {
    let json: unknown;
    let parsed = false;
    for (const rule of this.rules) {
      if (rule.forward && !withForwarding) continue;
      let groups: (string | undefined)[] = [text];
      if (rule.re !== null) {
        const m = rule.re.exec(text);
        if (m === null) continue;
        groups = [...m];
      }
      if (rule.needsJson && !parsed) {
        parsed = true;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      if (rule.where !== null && (json === undefined || !matchesField(json, rule.where))) continue;
      const texts: string[] = [];
      for (const [i, r] of rule.responses.entries()) {
        const out = renderTemplate(r.template, { groups, json });
        if (!out.ok) return { rule, error: `${rule.responses.length > 1 ? `response ${i + 1}: ` : ''}${out.error}` };
        texts.push(out.text);
      }
      return { rule, texts };
    }
    return null;
  }

  private schedule(conn: number, rule: Compiled, texts: string[]): void {
    let at = this.deps.now();
    for (const [i, text] of texts.entries()) {
      at += rule.responses[i]!.delay;
      this.queue.push({ at, order: ++this.order, conn, text });
    }
    this.queue.sort((a, b) => a.at - b.at || a.order - b.order);
    this.arm();
  }

  private arm(): void {
    const next = this.queue[0];
    if (next === undefined || next.at >= this.timerAt) return;
    if (this.timer !== undefined) this.deps.clearTimeout(this.timer);
    this.timerAt = next.at;
    this.timer = this.deps.setTimeout(() => this.fire(), Math.max(0, next.at - this.deps.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.deps.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      const d = this.queue.shift()!;
      this.deps.post({ type: 'simulate', req: RESPOND_REQ, conn: d.conn, data: d.text, mark: 'mocked' });
    }
    this.arm();
  }
}

/**
 * Whether the hook dropped a held frame because its socket closed (its close follows in the
 * batch) rather than on the relay's resume (whose answer follows instead).
 */
function closedWhileHeld(conn: number, batch: readonly HookEvent[], at: number): boolean {
  for (let i = at + 1; i < batch.length; i++) {
    const e = batch[i]!;
    if (e.type === 'result' && e.req === RESPOND_REQ) return false;
    if (e.type === 'close' && e.conn === conn) return true;
  }
  return false;
}

function regExp(match: string): RegExp | null {
  const src = regExpOf(parsePattern(match));
  return src === null ? null : new RegExp(src.source, src.flags);
}
