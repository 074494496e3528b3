import { describe, expect, it } from 'vitest';
import type { HandshakeNotice, WireSocketEvent, WorkerCaptureState } from '../core/protocol';
import { parseHeadersText, WorkerCapture, type DebuggeeLike, type DebuggerLike } from './worker-capture';

function fakeDebugger() {
  const calls: string[] = [];
  let onEvent: (s: DebuggeeLike, m: string, p?: object) => void = () => undefined;
  let onDetach: (s: DebuggeeLike, r: string) => void = () => undefined;
  const targets: Array<{ id: string; type: string; url: string; attached: boolean }> = [];
  const dbg: DebuggerLike = {
    attach: async (t) => void calls.push(`attach ${JSON.stringify(t)}`),
    detach: async (t) => void calls.push(`detach ${JSON.stringify(t)}`),
    sendCommand: async (t, method) => {
      calls.push(`${method} ${JSON.stringify(t)}`);
      if (method === 'Target.getTargetInfo') return { targetInfo: t.targetId ? { type: 'service_worker' } : { url: 'https://app.test/page' } };
      return {};
    },
    getTargets: async () => targets,
    onEvent: { addListener: (cb) => void (onEvent = cb) },
    onDetach: { addListener: (cb) => void (onDetach = cb) },
  };
  return { dbg, calls, targets, fire: (s: DebuggeeLike, m: string, p: object) => onEvent(s, m, p), detach: (s: DebuggeeLike, r: string) => onDetach(s, r) };
}

function setup() {
  const f = fakeDebugger();
  const toTab: HandshakeNotice[] = [];
  const top: WireSocketEvent[] = [];
  const states: WorkerCaptureState[] = [];
  const c = new WorkerCapture({
    debugger: f.dbg,
    toTab: (_t, m) => toTab.push(m),
    toTopFrame: (_t, e) => top.push(e),
    toPanels: (_t, s) => states.push(s),
    setInterval: () => 1,
    clearInterval: () => undefined,
  });
  return { f, c, toTab, top, states };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('WorkerCapture', () => {
  it('attaches to the tab with auto-attach, to service workers of its origin by id, and detaches all on stop', async () => {
    const { f, c, states } = setup();
    f.targets.push({ id: 'sw1', type: 'worker', url: 'https://app.test/sw.js', attached: false }, { id: 'other', type: 'worker', url: 'https://elsewhere.test/sw.js', attached: false });
    await c.start(3);
    expect(c.isOn(3)).toBe(true);
    expect(f.calls).toContain('Target.setAutoAttach {"tabId":3}');
    expect(f.calls).toContain('attach {"targetId":"sw1"}');
    expect(f.calls).not.toContain('attach {"targetId":"other"}');
    expect(states).toEqual([{ type: 'worker-capture-state', on: true }]);
    await c.stop(3);
    expect(f.calls.slice(-2)).toEqual(['detach {"targetId":"sw1"}', 'detach {"tabId":3}']);
    expect(states.at(-1)).toEqual({ type: 'worker-capture-state', on: false });
  });

  it('says why it stopped when the user cancels the debugging bar', async () => {
    const { f, c, states } = setup();
    await c.start(3);
    f.detach({ tabId: 3 }, 'canceled_by_user');
    await tick();
    expect(c.isOn(3)).toBe(false);
    expect(states.at(-1)).toEqual({ type: 'worker-capture-state', on: false, note: 'Worker capture stopped: the debugging bar was cancelled.' });
  });

  it('a dedicated worker\u2019s socket becomes whole events; a page socket only its handshake', async () => {
    const { f, c, top, toTab } = setup();
    await c.start(3);
    f.fire({ tabId: 3 }, 'Target.attachedToTarget', { sessionId: 'w1', targetInfo: { type: 'worker', url: 'https://app.test/w.js' }, waitingForDebugger: true });
    await tick();
    expect(f.calls).toContain('Runtime.runIfWaitingForDebugger {"tabId":3,"sessionId":"w1"}');
    const w = { tabId: 3, sessionId: 'w1' };
    f.fire(w, 'Network.webSocketCreated', { requestId: 'r1', url: 'wss://app.test/ws' });
    f.fire(w, 'Network.webSocketWillSendHandshakeRequest', { requestId: 'r1', timestamp: 10, wallTime: 1000, request: { headers: { 'Sec-WebSocket-Protocol': 'a, b' } } });
    f.fire(w, 'Network.webSocketHandshakeResponseReceived', {
      requestId: 'r1',
      timestamp: 10.004,
      response: { status: 101, statusText: 'Switching Protocols', headers: {}, headersText: 'HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Protocol: a\r\nSet-Cookie: x=1\r\nSet-Cookie: y=2\r\n\r\n' },
    });
    f.fire(w, 'Network.webSocketFrameSent', { requestId: 'r1', timestamp: 10.01, response: { opcode: 1, payloadData: 'hi' } });
    f.fire(w, 'Network.webSocketFrameReceived', { requestId: 'r1', timestamp: 10.02, response: { opcode: 2, payloadData: 'AAH/' } });
    f.fire(w, 'Network.webSocketFrameReceived', { requestId: 'r1', timestamp: 10.03, response: { opcode: 9, payloadData: '' } });
    f.fire(w, 'Network.webSocketClosed', { requestId: 'r1', timestamp: 10.05 });
    expect(top.map((e) => [e.type, 'time' in e ? Math.round(e.time) : e.type === 'handshake' ? e.hs.status : null])).toEqual([
      ['connection', 1_000_000],
      ['handshake', 0],
      ['handshake', 101],
      ['open', 1_000_004],
      ['frame', 1_000_010],
      ['frame', 1_000_020],
      ['close', 1_000_050],
    ]);
    expect(top[0]).toMatchObject({ protocols: ['a', 'b'], worker: { kind: 'dedicated', url: 'https://app.test/w.js' } });
    expect(top[3]).toMatchObject({ protocol: 'a' });
    expect(top[5]).toMatchObject({ dir: 'received', base64: 'AAH/' });
    expect(top[6]).toMatchObject({ code: 1006, wasClean: false });
    expect((top[2] as Extract<WireSocketEvent, { type: 'handshake' }>).hs.responseHeaders.filter((h) => h.name === 'Set-Cookie').length).toBe(2);
    expect(toTab).toEqual([]);

    f.fire({ tabId: 3 }, 'Network.webSocketCreated', { requestId: 'p1', url: 'wss://app.test/page' });
    f.fire({ tabId: 3 }, 'Network.webSocketWillSendHandshakeRequest', { requestId: 'p1', timestamp: 20, wallTime: 2000, request: { headers: { 'Sec-WebSocket-Key': 'k' } } });
    f.fire({ tabId: 3 }, 'Network.webSocketFrameReceived', { requestId: 'p1', timestamp: 20.1, response: { opcode: 1, payloadData: 'the hook has it' } });
    expect(toTab.map((m) => [m.hs.requestId, m.hs.source, m.hs.requestTime])).toEqual([['p1', 'debugger', 2_000_000]]);
    expect(top).toHaveLength(7);
  });
});

describe('parseHeadersText', () => {
  it('keeps order, case and repeats', () => {
    expect(parseHeadersText('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nX-A: 1\r\nX-A: 2\r\n\r\n')).toEqual({
      first: 'HTTP/1.1 101 Switching Protocols',
      headers: [
        { name: 'Upgrade', value: 'websocket' },
        { name: 'X-A', value: '1' },
        { name: 'X-A', value: '2' },
      ],
    });
  });
});
