import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { infoOf, loadFixture } from './fixtures.test-helper';

describe('Centrifugo JSON protocol (real centrifuge-js traffic)', () => {
  const fx = loadFixture('centrifugo');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('is detected and names commands by channel or method, replies by their command, batched frames message by message', () => {
    expect(session.detected).toMatchObject({ id: 'centrifugo', by: 'content' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.name)).toEqual(['connect, news, secret', 'connect, news, secret', 'ping', 'ping', 'news', 'news', 'sum', 'sum', 'news', 'news']);
    expect(decoded[0]!.messages.map((m) => m.type)).toEqual(['connect', 'subscribe', 'subscribe']);
    expect(decoded[1]!.messages.map((m) => m.summary)).toEqual([
      'connect reply client c0ffee00-0000-4000-8000-000000000001 #1', 'subscribe reply news #2', 'subscribe #3 error 103: permission denied',
    ]);
    expect(decoded[5]!.messages.map((m) => m.type)).toEqual(['publish reply', 'push pub']);
    expect(decoded[5]!.messages[1]!.summary).toBe('pub news {"text":"hello centrifugo"}');
    expect(decoded[7]!.summary).toBe('rpc reply sum → {"sum":5} #5');
  });

  it('pairs each command with the reply of its id, and the server\'s ping with the pong', () => {
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.exchanges.map((e) => `${e.name}:${e.request.frame}.${e.request.message}->${e.responses.map((r) => `${r.frame}.${r.message}`).join(',')}`)).toEqual([
      'connect:1.0->2.0', 'news:1.1->2.1', 'secret:1.2->2.2', 'ping:3.0->4.0', 'news:5.0->6.0', 'sum:7.0->8.0', 'news:9.0->10.0',
    ]);
    expect(p.unanswered).toEqual([]);
    expect(p.orphans).toEqual([]);
  });

  it('reads malformed lines as errors', () => {
    const { decoded: d } = decodeConnection(infoOf(fx), [
      { id: 1, dir: 'sent', opcode: 'text', data: '{"id":1,"connect":{}}\n{"id":', time: 0 },
      { id: 2, dir: 'sent', opcode: 'text', data: '{"id":2,"dance":{}}', time: 1 },
    ], 'centrifugo');
    expect(d.map((x) => x!.error)).toEqual(['Centrifugo message is not a JSON object', 'Centrifugo command of no known kind']);
  });
});
