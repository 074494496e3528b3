import { describe, expect, it } from 'vitest';
import { ConnectionTab } from './connection-tab';
import type { ConnectionDeps } from './connection';
import { DEFAULT_FORM } from './form-state';
import { DEFAULT_SIO } from './socketio-session';

type Listener = (ev: object) => void;

class FakeSocket {
  static last: FakeSocket | null = null;
  readyState = 0;
  protocol = '';
  extensions = '';
  binaryType: BinaryType = 'blob';
  sent: unknown[] = [];
  private listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  addEventListener(t: string, l: Listener) {
    this.listeners.set(t, [...(this.listeners.get(t) ?? []), l]);
  }
  emit(t: string, ev: object = {}) {
    for (const l of this.listeners.get(t) ?? []) l(ev);
  }
  send(d: unknown) {
    this.sent.push(d);
  }
  close() {
    this.readyState = 2;
  }
}

const timers = { setTimeout: () => 0, clearTimeout: () => {}, setInterval: () => 0, clearInterval: () => {} };
const deps: ConnectionDeps = { WebSocket: FakeSocket as unknown as ConnectionDeps['WebSocket'], now: () => 0, ...timers, httpReachable: async () => null };
const opts = { url: 'ws://h/socket.io/?EIO=4&transport=websocket', protocols: [], reconnect: { enabled: false, initialMs: 1, maxMs: 1, maxAttempts: 1 }, heartbeat: { enabled: false, intervalMs: 1, message: '' } };

describe('ConnectionTab', () => {
  it('runs a Socket.IO session over its connection: raw frames in its log, events in its events log', () => {
    const tab = new ConnectionTab('t', DEFAULT_FORM, deps, { now: () => 0, ...timers });
    tab.useSocketIo(DEFAULT_SIO);
    tab.connection.connect(opts);
    const ws = FakeSocket.last!;
    ws.readyState = 1;
    ws.emit('open');
    ws.emit('message', { data: '0{"sid":"s","maxPayload":1}' });
    expect(ws.sent).toEqual(['40']);
    ws.emit('message', { data: '40{"sid":"x"}' });
    ws.emit('message', { data: '42["news",1]' });
    tab.log.flush();
    tab.events.flush();
    const data = (l: typeof tab.log) => l.store.rows.flatMap((r) => (r.kind === 'frame' ? [r.rec.data] : []));
    expect(data(tab.log)).toEqual(['0{"sid":"s","maxPayload":1}', '40', '40{"sid":"x"}', '42["news",1]']);
    expect(data(tab.events)).toEqual(['["news",1]']);
    expect(tab.sio?.phase).toBe('connected');
    expect(tab.describe()).toBe('ws://h/socket.io/?EIO=4&transport=websocket: live');
  });

  it('a plain WebSocket connection has no session', () => {
    const tab = new ConnectionTab('t', { ...DEFAULT_FORM, url: 'ws://x' }, deps, { now: () => 0, ...timers });
    tab.useSocketIo(DEFAULT_SIO);
    expect(tab.useSocketIo(null)).toBeNull();
    expect(tab.sio).toBeNull();
    expect(tab.describe()).toBe('ws://x: not connected');
  });
});
