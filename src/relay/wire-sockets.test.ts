import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS } from '../core/protocol';
import { handshakeInfo } from '../core/fixtures/records';
import { History } from './history';
import { WireSockets, WORKER_CONN_BASE } from './wire-sockets';

describe('WireSockets', () => {
  it('keeps a worker\u2019s socket as records of a connection numbered apart from the hook\u2019s, bytes exact', () => {
    const h = new History(DEFAULT_BOUNDS);
    const w = new WireSockets(h);
    const worker = { kind: 'shared' as const, url: 'https://a.test/s.js' };
    expect(w.apply({ type: 'frame', id: 'x', time: 1, dir: 'sent', text: 'before its connection' })).toBe(false);
    expect(w.apply({ type: 'connection', id: 'r', time: 10, url: 'wss://a.test/ws', protocols: ['p'], worker })).toBe(true);
    w.apply({ type: 'handshake', id: 'r', hs: handshakeInfo({ requestTime: 10 }) });
    w.apply({ type: 'open', id: 'r', time: 12, protocol: 'p', extensions: '' });
    w.apply({ type: 'frame', id: 'r', time: 13, dir: 'sent', text: 'héllo' });
    w.apply({ type: 'frame', id: 'r', time: 14, dir: 'received', base64: 'AAH/' });
    w.apply({ type: 'close', id: 'r', time: 15, code: 1000, reason: 'bye', wasClean: true });
    const { items } = h.slice(0, Infinity);
    expect(items.map((r) => [r.type, r.conn, r.seq, r.time])).toEqual([
      ['connection', WORKER_CONN_BASE + 1, 0, 10],
      ['handshake', WORKER_CONN_BASE + 1, 0, 10],
      ['open', WORKER_CONN_BASE + 1, 1, 12],
      ['frame', WORKER_CONN_BASE + 1, 2, 13],
      ['frame', WORKER_CONN_BASE + 1, 3, 14],
      ['close', WORKER_CONN_BASE + 1, 4, 15],
    ]);
    expect(items[0]).toMatchObject({ frameUrl: worker.url, worker, protocols: ['p'] });
    expect(items[3]).toMatchObject({ opcode: 'text', data: 'héllo', size: 6 });
    const bin = items[4] as { data: ArrayBuffer; size: number; binKind: string };
    expect([...new Uint8Array(bin.data)]).toEqual([0, 1, 255]);
    expect([bin.size, bin.binKind]).toEqual([3, 'arraybuffer']);
    // After its close, the id is forgotten.
    expect(w.apply({ type: 'frame', id: 'r', time: 16, dir: 'sent', text: 'late' })).toBe(false);
  });
});
