import { describe, expect, it } from 'vitest';
import type { HookCommand, HookEvent } from '../core/protocol';
import { coreNativesHere } from './natives';
import { createBreakpoints } from './breakpoints';
import { createCapture } from './capture';
import { createCommands } from './commands';
import { createRules } from './rules';
import type { SocketState } from './state';

interface FakeSocket {
  readyState: number;
  url: string;
  sent: unknown[];
  closed: unknown[][];
}

function setUp(readyState: number) {
  const core = coreNativesHere();
  const events: HookEvent[] = [];
  const cap = createCapture({ ...core, clock: () => 3, dispatch: () => true }, { enqueue: (ev) => void events.push(ev), flush: () => undefined });
  const rules = createRules(core);
  const fake: FakeSocket = { readyState, url: 'wss://example.test/live', sent: [], closed: [] };
  const natives = {
    ...core,
    clock: () => 3,
    wsReadyState: (s: unknown) => (s as FakeSocket).readyState,
    wsBinaryType: () => 'arraybuffer',
    wsUrl: (s: unknown) => (s as FakeSocket).url,
    NativeURL: URL,
    urlOrigin: (u: unknown) => (u as URL).origin,
    wsSend(this: FakeSocket, data: unknown) {
      this.sent.push(data);
    },
    wsClose(this: FakeSocket, ...args: unknown[]) {
      if (args[0] !== undefined && args[0] !== 1000) throw new DOMException('The close code must be either 1000, or between 3000 and 4999.', 'InvalidAccessError');
      this.closed.push(args);
    },
  };
  const bps = createBreakpoints(natives, rules, cap);
  const run = createCommands(natives, cap, rules, bps);
  const ws = fake as unknown as WebSocket;
  const st: SocketState = { c: 4, s: 0, r: { ME: MessageEvent, B: Blob } };
  cap.states.set(ws, st);
  cap.sockets.set(4, ws);
  const results = () => events.filter((e) => e.type === 'result');
  return { run, fake, events, results };
}

describe('the panel commands answer with error codes, never sentences', () => {
  it('no-socket for a connection the hook does not hold', () => {
    const { run, results } = setUp(1);
    run({ type: 'send', req: 1, conn: 9, data: 'x', mark: 'composed' });
    expect(results()).toEqual([{ type: 'result', req: 1, ok: false, error: 'no-socket', detail: undefined }]);
  });

  it('send-not-open / simulate-not-open / already-closed name the socket state', () => {
    const connecting = setUp(0);
    connecting.run({ type: 'send', req: 1, conn: 4, data: 'x', mark: 'composed' });
    connecting.run({ type: 'simulate', req: 2, conn: 4, data: 'x', mark: 'simulated' });
    expect(connecting.results()).toEqual([
      { type: 'result', req: 1, ok: false, error: 'send-not-open', detail: 'connecting' },
      { type: 'result', req: 2, ok: false, error: 'simulate-not-open', detail: 'connecting' },
    ]);
    expect(connecting.fake.sent).toEqual([]);
    const closing = setUp(2);
    closing.run({ type: 'close', req: 3, conn: 4 });
    expect(closing.results()).toEqual([{ type: 'result', req: 3, ok: false, error: 'already-closed', detail: 'closing' }]);
  });

  it("reason-without-code, not-paused, and a native's own message as the detail of threw", () => {
    const { run, results, fake } = setUp(1);
    const cmds: HookCommand[] = [
      { type: 'close', req: 1, conn: 4, reason: 'bye' },
      { type: 'resume', req: 2, conn: 4, pid: 5, action: 'continue' },
      { type: 'close', req: 3, conn: 4, code: 1001 },
    ];
    for (const c of cmds) run(c);
    expect(results()).toEqual([
      { type: 'result', req: 1, ok: false, error: 'reason-without-code', detail: undefined },
      { type: 'result', req: 2, ok: false, error: 'not-paused', detail: undefined },
      { type: 'result', req: 3, ok: false, error: 'threw', detail: 'The close code must be either 1000, or between 3000 and 4999.' },
    ]);
    expect(fake.closed).toEqual([]);
  });

  it('a send that works is recorded with its mark and answered ok', () => {
    const { run, events, fake } = setUp(1);
    run({ type: 'send', req: 7, conn: 4, data: 'again', mark: 'replayed' });
    expect(fake.sent).toEqual(['again']);
    expect(events).toEqual([
      { type: 'frame', conn: 4, seq: 1, t: 3, dir: 'sent', data: 'again', mark: 'replayed' },
      { type: 'result', req: 7, ok: true },
    ]);
  });
});
