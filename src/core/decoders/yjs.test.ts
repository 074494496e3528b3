import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { infoOf, loadFixture } from './fixtures.test-helper';

describe('Yjs over y-websocket (real y-websocket + y-protocols traffic)', () => {
  const fx = loadFixture('yjs');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('is detected from the binary content and names sync steps, updates and awareness, with sizes and client ids', () => {
    expect(session.detected).toMatchObject({ id: 'yjs', by: 'content' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.name)).toEqual([
      'sync step 1', 'sync step 1', 'awareness', 'sync step 2', 'sync step 2', 'awareness', 'update', 'awareness', 'awareness', 'update', 'awareness', 'awareness',
    ]);
    expect(decoded.map((d) => d!.summary)).toEqual([
      'sync step 1: state vector 1000:5',
      'sync step 1: empty state vector',
      'awareness: 42',
      'sync step 2: 2 bytes, no new content',
      'sync step 2: 21 bytes, client 1000 (clock 0→5)',
      'awareness: 42',
      'update: 17 bytes, client 42 (clock 0→7)',
      'awareness: 77',
      'awareness: 42',
      'update: 12 bytes, client 77 (clock 0→2)',
      'awareness: 77 left',
      'awareness: 42 left',
    ]);
    expect(decoded[5]!.messages[0]!.value).toEqual({ type: 'awareness', states: [{ clientID: 42, clock: 1, state: { user: { name: 'Ada', color: '#30bced' } } }] });
  });

  it('pairs each side\'s sync step 1 with the other side\'s step 2', () => {
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.exchanges.map((e) => `${e.dir}:${e.request.frame}->${e.responses.map((r) => r.frame).join(',')}`)).toEqual(['received:1->4', 'sent:2->5']);
    expect(p.unanswered).toEqual([]);
    expect(p.orphans).toEqual([]);
  });

  it('reads garbled frames as errors', () => {
    const bin = (...b: number[]) => new Uint8Array(b);
    const { decoded: d } = decodeConnection(infoOf(fx), [
      { id: 1, dir: 'received', opcode: 'binary', data: bin(0, 1, 9, 1, 2), time: 0 },
      { id: 2, dir: 'received', opcode: 'binary', data: bin(0, 0, 1, 0, 7), time: 1 },
      { id: 3, dir: 'received', opcode: 'binary', data: bin(9), time: 2 },
      { id: 4, dir: 'received', opcode: 'binary', data: bin(2, 0, 3, 0x6e, 0x6f, 0x21), time: 3 },
    ], 'yjs');
    expect(d.map((x) => x!.error ?? x!.summary)).toEqual([
      'truncated: 9 bytes announced, 2 left', '1 byte(s) after the message', 'unknown y-websocket message type 9', 'permission denied: no!',
    ]);
  });
});
