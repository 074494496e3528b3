import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { infoOf, loadFixture } from './fixtures.test-helper';
import { readPhoenixBinary } from './phoenix-binary';

describe("Phoenix Channels with Phoenix's binary serializer (real phoenix.js traffic)", () => {
  const fx = loadFixture('phoenix-binary');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('names binary pushes, replies and broadcasts like JSON ones', () => {
    expect(session.detected).toMatchObject({ id: 'phoenix' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.name)).toEqual(['phx_join', 'phx_reply', 'shout', 'phx_reply', 'shout', 'upload', 'phx_reply', 'file', 'thumb', 'phx_leave', 'phx_reply']);
    expect(decoded[5]!.messages[0]!.value).toMatchObject({ topic: 'room:lobby', event: 'upload', ref: '5', join_ref: '3', serializer: 'binary', payload: new Uint8Array([1, 2, 3, 250]) });
    expect(decoded[6]!.messages[0]!.value).toMatchObject({ event: 'phx_reply', payload: { status: 'ok', response: new Uint8Array([250, 3, 2, 1]) } });
    expect(decoded[7]!.messages[0]!.value).toMatchObject({ event: 'file', ref: null, join_ref: null });
    expect(decoded[8]!.messages[0]!.value).toMatchObject({ event: 'thumb', join_ref: '3', payload: new Uint8Array([1]) });
  });

  it('pairs a binary push with its binary reply', () => {
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.exchanges.map((e) => `${e.name}:${e.request.frame}->${e.responses.map((r) => r.frame).join(',')}`)).toEqual([
      'phx_join:1->2', 'shout:3->4', 'upload:6->7', 'phx_leave:10->11',
    ]);
  });

  it('reports truncated binary frames', () => {
    expect(() => readPhoenixBinary(new Uint8Array([2, 5, 1, 0x61]), 'received')).toThrow('truncated Phoenix binary field');
    expect(() => readPhoenixBinary(new Uint8Array([7]), 'received')).toThrow('not a Phoenix binary message (kind 7)');
  });
});
