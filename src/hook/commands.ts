/**
 * The panel's commands, which reach the hook only through the private port: set the rules, send,
 * simulate an incoming message, close, resume a paused frame. Each is answered with a `result`
 * carrying an error code (`HookError`), never a sentence: the panel words it.
 */
import type { HookCommand, HookError } from '../core/protocol';
import type { Natives } from './natives';
import type { Breakpoints } from './breakpoints';
import type { Capture } from './capture';
import type { Rules } from './rules';

type CommandNatives = Pick<Natives, 'mapGet' | 'wmGet' | 'wsReadyState' | 'wsBinaryType' | 'wsUrl' | 'NativeURL' | 'urlOrigin' | 'reflectApply' | 'clock' | 'NativeString' | 'wsSend' | 'wsClose'>;

const STATES = ['connecting', 'open', 'closing', 'closed'];

/** Returns the port's command handler. */
export function createCommands(n: CommandNatives, cap: Capture, rules: Rules, bps: Breakpoints): (cmd: HookCommand) => void {
  const { reflectApply: apply } = n;
  let detail: string | undefined;
  const fail = (code: HookError, d?: string): HookError => {
    detail = d;
    return code;
  };

  const execute = (cmd: HookCommand): HookError | undefined => {
    if (cmd.type === 'rules') {
      rules.update(cmd.rules);
      return undefined;
    }
    const ws = n.mapGet(cap.sockets, cmd.conn);
    const st = ws === undefined ? undefined : n.wmGet(cap.states, ws);
    if (ws === undefined || st === undefined) return 'no-socket';
    const state = n.wsReadyState(ws);
    switch (cmd.type) {
      case 'resume':
        return bps.resume(ws, st, cmd.pid, cmd.action, cmd.data) ? undefined : 'not-paused';
      case 'send':
        if (state !== 1) return fail('send-not-open', STATES[state]);
        apply(n.wsSend, ws, [cmd.data]);
        cap.record(st, 'sent', cmd.data, typeof cmd.data === 'string' ? 'text' : 'arraybuffer', cmd.mark);
        return undefined;
      case 'simulate': {
        if (state !== 1) return fail('simulate-not-open', STATES[state]);
        // The page gets the data type it asked for with binaryType, like a real message.
        const data = typeof cmd.data === 'string' ? cmd.data : n.wsBinaryType(ws) === 'blob' ? new st.r.B([cmd.data]) : cmd.data;
        let origin = '';
        try {
          origin = n.urlOrigin(new n.NativeURL(n.wsUrl(ws)));
        } catch {
          /* keep '' */
        }
        cap.deliver(ws, st, data, origin, cmd.mark);
        return undefined;
      }
      case 'close': {
        if (state >= 2) return fail('already-closed', STATES[state]);
        if (cmd.code === undefined && cmd.reason !== undefined) return 'reason-without-code';
        // The native close validates the code (1000 or 3000–4999) and the reason (≤ 123 bytes).
        apply(n.wsClose, ws, cmd.code === undefined ? [] : cmd.reason === undefined ? [cmd.code] : [cmd.code, cmd.reason]);
        cap.enqueue({ type: 'closing', conn: st.c, seq: ++st.s, t: n.clock(), code: cmd.code, reason: cmd.reason ?? '', byPanel: true });
        return undefined;
      }
    }
  };

  return (cmd) => {
    let error: HookError | undefined;
    detail = undefined;
    try {
      error = execute(cmd);
    } catch (e) {
      const m = (e as { message?: unknown } | null)?.message;
      error = fail('threw', typeof m === 'string' ? m : n.NativeString(e));
    }
    cap.enqueue(error === undefined ? { type: 'result', req: cmd.req, ok: true } : { type: 'result', req: cmd.req, ok: false, error, detail });
    cap.flush();
  };
}
