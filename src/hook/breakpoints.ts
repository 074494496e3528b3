/**
 * Breakpoints: a frame a `pause` rule matches is held in a per-socket, per-direction queue (later
 * frames wait behind it, so each direction keeps its order) and recorded `paused`; the panel's
 * `resume` lets it go on (maybe edited) or drops it, then the queue drains until the next
 * breakpoint. A socket that closes drops what it holds, recorded as blocked.
 */
import type { FrameMark } from '../core/protocol';
import type { CoreNatives, Natives } from './natives';
import type { Rules } from './rules';
import type { Held, Recorder, SocketState } from './state';

type BreakpointNatives = Pick<CoreNatives, 'reflectApply'> & Pick<Natives, 'clock' | 'wsReadyState' | 'wsSend'>;

export interface Breakpoints {
  /** Whether frames of this socket must be looked at: a breakpoint exists, or it holds frames. */
  watching(st: SocketState): boolean;
  /** Holds `h` when a breakpoint stops it or frames of its direction wait already; true when held. */
  take(st: SocketState, h: Held): boolean;
  /** Continues (with `data` when edited) or drops the paused frame `pid`; false when no frame of this socket is paused with that id. */
  resume(ws: WebSocket, st: SocketState, pid: number, action: 'continue' | 'drop', data?: string): boolean;
  /** The socket closed: what it holds can no longer go on, and is recorded as dropped. */
  dropAll(st: SocketState): void;
}

export function createBreakpoints(n: BreakpointNatives, rules: Rules, out: Recorder): Breakpoints {
  const { clock: now, wsReadyState } = n;
  const { enqueue, record } = out;
  let nextPid = 0;

  const stops = (h: Held): boolean => h.type === 'text' && rules.pauses(h.data as string, h.dir);
  const pauseHead = (st: SocketState, h: Held): void => {
    h.pid = ++nextPid;
    enqueue({ type: 'paused', conn: st.c, seq: ++st.s, t: now(), pid: h.pid, dir: h.dir === 1 ? 'sent' : 'received', data: h.data as string, arrived: h.t });
    out.flush();
  };
  const queueOf = (st: SocketState, dir: number): Held[] | undefined => (st.held === undefined ? undefined : st.held[dir]);
  const dirOf = (h: Held): 'sent' | 'received' => (h.dir === 1 ? 'sent' : 'received');
  /** Records a held frame that never went on as dropped, at the time it arrived. */
  const dropped = (st: SocketState, h: Held): void => record(st, dirOf(h), h.data, h.type, 'dropped', undefined, h.t);

  /** Sends or delivers a frame that was held, and records it. */
  const release = (ws: WebSocket, st: SocketState, h: Held, data: unknown, edited: boolean): void => {
    const type = edited ? 'text' : h.type;
    const mark: FrameMark | undefined = edited ? 'rewritten' : undefined;
    const original = edited ? (h.data as string) : undefined;
    if (h.dir === 1) {
      if (wsReadyState(ws) !== 1) {
        record(st, 'sent', data, type, 'dropped', undefined, h.t);
        return;
      }
      n.reflectApply(n.wsSend, ws, [data]);
      record(st, 'sent', data, type, mark, original);
      return;
    }
    record(st, 'received', data, type, mark, original);
    out.deliver(ws, st, data, h.origin, false);
  };

  /** After a resume: frames that waited go on, in order, until one hits a breakpoint again. */
  const drain = (ws: WebSocket, st: SocketState, dir: number): void => {
    const q = queueOf(st, dir) as Held[];
    let i = 0;
    for (; i < q.length; i++) {
      if (stops(q[i])) break;
      release(ws, st, q[i], q[i].data, false);
    }
    const rest: Held[] = [];
    for (let j = i; j < q.length; j++) rest[rest.length] = q[j];
    const all = st.held as Array<Held[] | undefined>;
    if (rest.length === 0) {
      all[dir] = undefined;
      if (all[1] === undefined && all[2] === undefined) st.held = undefined;
    } else {
      all[dir] = rest;
      pauseHead(st, rest[0]);
    }
  };

  return {
    watching: (st) => st.held !== undefined || rules.pausing(),
    take(st, h) {
      const q = queueOf(st, h.dir);
      if (q !== undefined) {
        q[q.length] = h;
        return true;
      }
      if (!stops(h)) return false;
      if (st.held === undefined) st.held = [undefined, undefined, undefined];
      st.held[h.dir] = [h];
      pauseHead(st, h);
      return true;
    },
    resume(ws, st, pid, action, data) {
      let dir = 0;
      for (let d = 1; d <= 2; d++) if (queueOf(st, d)?.[0]?.pid === pid) dir = d;
      if (dir === 0) return false;
      const q = queueOf(st, dir) as Held[];
      const h = q[0];
      // Without Array.prototype.shift, which the page could have replaced.
      for (let i = 1; i < q.length; i++) q[i - 1] = q[i];
      q.length = q.length - 1;
      enqueue({ type: 'resumed', conn: st.c, seq: ++st.s, t: now(), pid: h.pid, action });
      if (action === 'drop') dropped(st, h);
      else release(ws, st, h, data ?? h.data, data !== undefined && data !== h.data);
      drain(ws, st, dir);
      return true;
    },
    dropAll(st) {
      const all = st.held;
      if (all === undefined) return;
      st.held = undefined;
      for (let d = 1; d <= 2; d++) {
        const q = all[d];
        if (q === undefined) continue;
        for (let i = 0; i < q.length; i++) {
          if (q[i].pid !== 0) enqueue({ type: 'resumed', conn: st.c, seq: ++st.s, t: now(), pid: q[i].pid, action: 'drop' });
          dropped(st, q[i]);
        }
      }
    },
  };
}
