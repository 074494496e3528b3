import { describe, expect, it } from 'vitest';
import { testClientPath } from './open-in-client';
import type { Connection, FrameRow } from '../core/rows';

const conn = { key: 'd:1', index: 3, url: 'wss://chat.test/ws', protocols: ['chat.v2', 'chat.v1'] } as Connection;
const row = (id: number, dir: 'sent' | 'received', data: string | Uint8Array, connKey = 'd:1', truncated = false): FrameRow => ({
  kind: 'frame',
  id,
  docId: 'd',
  connKey,
  rec:
    typeof data === 'string'
      ? { type: 'frame', rseq: id, conn: 1, seq: id, time: id, dir, opcode: 'text', data, size: data.length, truncated }
      : {
          type: 'frame',
          rseq: id,
          conn: 1,
          seq: id,
          time: id,
          dir,
          opcode: 'binary',
          data,
          binKind: 'arraybuffer',
          size: data.length,
          truncated,
        },
});

describe('testClientPath', () => {
  it('prefills URL and subprotocols', () => {
    const q = new URLSearchParams(testClientPath(conn, [], false).split('?')[1]);
    expect(q.get('url')).toBe('wss://chat.test/ws');
    expect(q.get('protocols')).toBe('chat.v2,chat.v1');
    expect(q.get('saved')).toBeNull();
  });
  it('opens as a tab of its own (tab=1): filling the tab, and apart from another client tab', () => {
    const q = new URLSearchParams(testClientPath(conn, [], false).split('?')[1]);
    expect(q.get('tab')).toBe('1');
  });
  it("brings the connection's whole sent messages along, text and binary, not received or cut ones", () => {
    const frames = [
      row(1, 'sent', '{"hello":  "world"}'),
      row(2, 'received', 'echo'),
      row(3, 'sent', new Uint8Array([1, 2, 255])),
      row(4, 'sent', 'other connection', 'd:2'),
      row(5, 'sent', 'cut', 'd:1', true),
    ];
    const q = new URLSearchParams(testClientPath(conn, frames, true).split('?')[1]);
    expect(JSON.parse(q.get('saved')!)).toEqual([
      { name: '#3 sent 1: {"hello": "world"}', data: '{"hello":  "world"}' },
      { name: '#3 sent 2: 3 bytes', data: 'AQL/', binary: true },
    ]);
  });
  it('hands the whole session along with the sent messages (both directions, ms since the first), up to a cut frame', () => {
    const frames = [row(1, 'sent', 'a'), row(2, 'received', new Uint8Array([1])), row(3, 'sent', 'other', 'd:2'), row(4, 'received', 'cut', 'd:1', true), row(5, 'sent', 'after')];
    const q = new URLSearchParams(testClientPath(conn, frames, true).split('?')[1]);
    const session = JSON.parse(q.get('session')!) as Array<{ d: string; x?: string; b?: string }>;
    expect(session.map((f) => [f.d, f.x ?? f.b])).toEqual([['s', 'a'], ['r', 'AQ==']]);
    expect(new URLSearchParams(testClientPath(conn, frames, false).split('?')[1]).get('session')).toBeNull();
  });
});
