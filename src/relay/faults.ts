/**
 * Network faults (src/core/faults.ts: latency plus jitter and a drop rate, per direction),
 * applied here in the relay through the hook's holds, as the auto-responses end theirs
 * (./responder.ts): the faults are compiled for the hook as a `pause` on every text frame of the
 * directions they act on (`hookRulesOfFaults`), and the relay ends each such hold itself, unseen
 * by the panel (its `paused`/`resumed` records are left out):
 *
 * - a frame of a connection the faults' URL pattern matches is dropped (`resume` drop) with the
 *   drop rate's probability, decided at once, or else let go (`resume` continue) when its delay
 *   is over: `latency + uniform(0..jitter)` ms after it **arrived** (the hook's `arrived`: it may
 *   have waited behind an earlier held frame). The hook holds only the first frame of a direction
 *   and keeps the later ones behind it, so a frame never overtakes an earlier one: each is let go
 *   at its own due time or when the one before it went, whichever is later;
 * - its record is marked `delayed`, with a note (how long it was held), or `dropped` with the note
 *   "Dropped by a fault.";
 * - a hold a user's breakpoint also matches is the user's; a sent frame that an auto-response
 *   rule without forwarding answers is the responder's; any other hold of ours (a connection the
 *   pattern does not match, the faults just changed) is let go at once.
 *
 * Only text frames are held (the hook's breakpoints hold text frames): binary frames pass
 * undelayed, unless they wait behind a held text frame.
 */
import type { CaptureEvent, Direction, HookCommand, HookEvent } from '../core/protocol';
import { decide, FAULT_DROP_NOTE, faultDirs, urlRegExp, type Faults } from '../core/faults';
import { parsePattern, regExpOf } from '../core/pattern';
import { inForce, type Rule } from '../core/rules';

/** The `req` of the faults' commands to the hook: their answers are nobody's to show. */
export const FAULT_REQ = -2;


export interface FaultDeps {
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** [0, 1), for the drop decisions and the jitter. */
  random(): number;
  /** Posts to the hook; false when there is none. */
  post(cmd: HookCommand): boolean;
  /** Whether an auto-response rule without forwarding answers this sent text (its hold is the responder's). */
  answered(text: string): boolean;
}

/** What becomes of a hook event: not ours (undefined), left out of the history (null), or kept, maybe changed, maybe with a note. */
export type FaultSeen = { ev: CaptureEvent; note?: string } | null | undefined;

type Decision = { drop: true } | { drop: false; delay: number; arrived: number };

interface Hold {
  conn: number;
  dir: Direction;
  decision: Decision;
  timer: unknown;
  /** A hold the faults do not apply to, let go at once: its frame is left as it is. */
  pass?: true;
}

const bit = (dir: Direction) => (dir === 'sent' ? 1 : 2);

export class FaultInjector {
  private faults: Faults | null = null;
  private dirs = 0;
  private url: RegExp | null = null;
  private breakpoints: { dirs: number; re: RegExp | null }[] = [];
  private readonly urls = new Map<number, string>();
  /** Holds of ours, by pause id, until their `resumed` event. */
  private readonly holds = new Map<number, Hold>();
  /** Per connection and direction: what was decided for the next frame, the hold just ended (or null: the hook dropped it as its socket closed). */
  private readonly released = new Map<string, Decision | null>();

  constructor(private readonly deps: FaultDeps) {}

  /** The site's rules changed: their breakpoints tell the user's holds from ours. */
  rules(rules: readonly Rule[]): void {
    this.breakpoints = rules
      .filter((r) => inForce(r) && r.action === 'pause')
      .map((r) => {
        const src = regExpOf(parsePattern(r.match));
        return { dirs: r.direction === 'sent' ? 1 : r.direction === 'received' ? 2 : 3, re: src === null ? null : new RegExp(src.source, src.flags) };
      });
  }

  /** The site's faults changed (null: none). */
  update(faults: Faults | null): void {
    this.faults = faults;
    this.dirs = faultDirs(faults);
    this.url = faults === null ? null : urlRegExp(faults);
  }

  see(ev: CaptureEvent, batch: readonly HookEvent[] = [ev], at = 0): FaultSeen {
    switch (ev.type) {
      case 'connection':
        this.urls.set(ev.conn, ev.url);
        return undefined;
      case 'paused':
        return this.paused(ev);
      case 'resumed': {
        const hold = this.holds.get(ev.pid);
        if (hold === undefined) return undefined;
        this.holds.delete(ev.pid);
        this.deps.clearTimeout(hold.timer);
        if (hold.pass) return null;
        // The frame itself follows; if its socket closed meanwhile, the hook dropped it, not we.
        this.released.set(`${hold.conn} ${hold.dir}`, ev.action === (hold.decision.drop ? 'drop' : 'continue') && !closesNext(ev.conn, batch, at) ? hold.decision : null);
        return null;
      }
      case 'frame': {
        if (this.released.size === 0) return undefined; // no hold of ours ended: no key to build per frame
        const key = `${ev.conn} ${ev.dir}`;
        if (!this.released.has(key)) return undefined;
        const d = this.released.get(key)!;
        this.released.delete(key);
        if (d === null) return { ev, note: 'Held by a fault when its socket closed: never passed on.' };
        if (d.drop) return ev.mark === 'dropped' ? { ev, note: FAULT_DROP_NOTE } : undefined;
        if (ev.mark !== undefined) return undefined;
        const held = Math.max(0, Math.round(ev.t - d.arrived));
        return { ev: { ...ev, mark: 'delayed' }, note: `Delayed ${held} ms by a fault (${d.delay} ms asked${held > d.delay ? ', the rest waiting for the frame before it' : ''}).` };
      }
      case 'close':
        this.urls.delete(ev.conn);
        return undefined;
      default:
        return undefined;
    }
  }

  private paused(ev: Extract<CaptureEvent, { type: 'paused' }>): FaultSeen {
    const b = bit(ev.dir);
    if (this.breakpoints.some((p) => (p.dirs & b) !== 0 && (p.re === null || p.re.test(ev.data)))) return undefined;
    if (ev.dir === 'sent' && this.deps.answered(ev.data)) return undefined;
    const f = this.faults;
    const url = this.urls.get(ev.conn);
    const applies = f !== null && (this.dirs & b) !== 0 && (this.url === null || (url !== undefined && this.url.test(url)));
    if (!applies) {
      // Not a frame for the faults: a sent one goes to the responder (which lets it go), a received one we let go.
      if (ev.dir === 'sent') return undefined;
      this.deps.post({ type: 'resume', req: FAULT_REQ, conn: ev.conn, pid: ev.pid, action: 'continue' });
      this.holds.set(ev.pid, { conn: ev.conn, dir: ev.dir, decision: { drop: false, delay: 0, arrived: ev.t }, timer: undefined, pass: true });
      return null;
    }
    const d = decide(ev.dir === 'sent' ? f.sent : f.received, this.deps.random);
    const arrived = ev.arrived ?? ev.t;
    const decision: Decision = d.drop ? d : { drop: false, delay: d.delay, arrived };
    const hold: Hold = { conn: ev.conn, dir: ev.dir, decision, timer: undefined };
    this.holds.set(ev.pid, hold);
    const resume = (action: 'continue' | 'drop') => this.deps.post({ type: 'resume', req: FAULT_REQ, conn: ev.conn, pid: ev.pid, action });
    if (decision.drop) resume('drop');
    else {
      const wait = arrived + decision.delay - this.deps.now();
      if (wait <= 0) resume('continue');
      // Rounded up: setTimeout takes whole milliseconds, and a frame must never go before its time.
      else hold.timer = this.deps.setTimeout(() => resume('continue'), Math.ceil(wait));
    }
    return null;
  }
}

/** Whether the `resumed` at `batch[at]` came from its socket closing (the hook's dropAll: its close follows in the batch) rather than from our resume (whose answer follows instead). */
function closesNext(conn: number, batch: readonly HookEvent[], at: number): boolean {
  for (let i = at + 1; i < batch.length; i++) {
    const e = batch[i]!;
    if (e.type === 'result' && e.req === FAULT_REQ) return false;
    if (e.type === 'close' && e.conn === conn) return true;
  }
  return false;
}
