import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { infoOf, loadFixture } from './fixtures.test-helper';
import { splitVarIntFrames } from './signalr-msgpack';

describe('SignalR MessagePack hub protocol (real @microsoft/signalr + signalr-protocol-msgpack traffic)', () => {
  const fx = loadFixture('signalr-msgpack');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('is detected from the handshake and names targets in binary frames', () => {
    expect(session.detected).toMatchObject({ id: 'signalr', by: 'content' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.name)).toEqual([
      'handshake', 'handshake', 'notify', 'Ping', 'Add', 'Add', 'Fail', 'Fail', 'Count', 'Count', 'Count', 'Count', 'Count', 'Log', 'Close',
    ]);
    expect(decoded[1]!.summary).toBe('handshake ok');
    expect(decoded[4]!.summary).toBe('Add(2, 3) #0');
    expect(decoded[5]!.summary).toBe('Completion #0 → 5');
    expect(decoded[7]!.summary).toBe('Completion #1 error "It failed"');
    expect(decoded[9]!.summary).toBe('StreamItem #2 1');
    expect(decoded[13]!.messages[0]).toMatchObject({ type: 'Invocation', role: 'event' }); // send: no invocation id
  });

  it('pairs invocations with their completions and a stream with its items', () => {
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.exchanges.map((e) => `${e.name}:${e.request.frame}->${e.responses.map((r) => r.frame).join(',')}`)).toEqual([
      'handshake:1->2', 'Add:5->6', 'Fail:7->8', 'Count:9->10,11,12,13',
    ]);
    expect(p.exchanges.every((e) => e.done)).toBe(true);
    expect(p.orphans).toEqual([]);
  });

  it('splits length-prefixed messages and reports truncation', () => {
    expect(splitVarIntFrames(new Uint8Array([1, 0x91, 2, 0x91, 0x06])).map((b) => Array.from(b))).toEqual([[0x91], [0x91, 0x06]]);
    expect(() => splitVarIntFrames(new Uint8Array([5, 1]))).toThrow('truncated SignalR message: 5 bytes announced, 1 left');
    const { decoded: d } = decodeConnection(infoOf(fx), [fx.frames[0]!, fx.frames[1]!, { id: 9, dir: 'received', opcode: 'binary', data: new Uint8Array([0x85, 0x80]), time: 1 }], 'signalr');
    expect(d[2]!.error).toBe('truncated SignalR length prefix');
  });
});
