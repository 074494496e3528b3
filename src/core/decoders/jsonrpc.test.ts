import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { infoOf, loadFixture } from './fixtures.test-helper';

describe('JSON-RPC 2.0 (real json-rpc-2.0 traffic)', () => {
  const fx = loadFixture('jsonrpc');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('is detected from content and names methods, results by their request', () => {
    expect(session.detected).toMatchObject({ id: 'jsonrpc', by: 'content' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.name)).toEqual(['add', 'add', 'slow', 'slow', 'fail', 'fail', 'missing', 'missing', 'log', 'add, log', 'add', 'askClient', 'client.version', 'client.version', 'askClient']);
    expect(decoded[0]!.messages[0]!.value).toMatchObject({ method: 'add', params: { a: 2, b: 3 } });
    expect(decoded[7]!.summary).toBe('missing #4 error -32601: Method not found');
    expect(decoded[8]!.messages[0]!.role).toBe('event'); // notification
    expect(decoded[9]!.messages.map((m) => m.role)).toEqual(['request', 'request', 'event']);
  });

  it('pairs requests, batches and server-to-client requests whose ids clash with the client\'s', () => {
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.unanswered).toEqual([]);
    expect(p.orphans).toEqual([]);
    expect(p.exchanges.map((e) => `${e.name}:${e.request.frame}->${e.responses.map((r) => `${r.frame}.${r.message}`).join(',')}`)).toEqual([
      'add:1->2.0', 'slow:3->4.0', 'fail:5->6.0', 'missing:7->8.0', 'add:10->11.0', 'add:10->11.1', 'askClient:12->15.0', 'client.version:13->14.0',
    ]);
    const slow = p.exchanges[1]!;
    expect(slow.latency!).toBeGreaterThanOrEqual(29);
    expect(slow.latency).toBeCloseTo(fx.frames[3]!.time - fx.frames[2]!.time, 6);
    // The server's request id 1 is not the client's id 1.
    expect(p.exchanges[7]!.dir).toBe('received');
  });

  it('flags an unanswered request and reads malformed messages as errors', () => {
    const frames = fx.frames.slice(0, 3).concat([{ id: 50, dir: 'received', opcode: 'text', data: '{"jsonrpc":"2.0","id":', time: 1 }, { id: 51, dir: 'received', opcode: 'text', data: '[]', time: 2 }]);
    const { decoded: d } = decodeConnection(infoOf(fx), frames, 'jsonrpc');
    expect(d[3]!.error).toBe('not JSON');
    expect(d[4]!.error).toBe('empty JSON-RPC batch');
    const p = pairFrames(frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: d[i] })));
    expect(p.unanswered.map((e) => e.name)).toEqual(['slow']);
  });
});
