import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { infoOf, loadFixture } from './fixtures.test-helper';

describe('Pusher Channels (real pusher-js traffic)', () => {
  const fx = loadFixture('pusher');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('is detected from the URL and content and names pusher: events, channels and application events', () => {
    expect(session.detected).toMatchObject({ id: 'pusher', by: 'content' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.name)).toEqual([
      'pusher:connection_established', 'news', 'news', 'greeting', 'private-chat', 'private-chat', 'client-typing', 'echo',
      'private-refused', 'private-refused', 'presence-room', 'presence-room', 'pusher:unsubscribe', 'pusher:ping', 'pusher:pong',
    ]);
    expect(decoded[0]!.summary).toBe('connected, socket_id 1234.5678');
    // The server's data, a JSON string, is decoded.
    expect(decoded[3]!.messages[0]!.value).toMatchObject({ channel: 'news', data: { text: 'hello pusher' } });
    expect(decoded[3]!.summary).toBe('greeting news {"text":"hello pusher"}');
    expect(decoded[6]!.messages[0]).toMatchObject({ type: 'client event', role: 'event' });
    expect(decoded[9]!.summary).toBe('subscription error private-refused: The connection is unauthorized. (401)');
    expect(decoded[11]!.summary).toBe('subscribed presence-room 1 member(s)');
  });

  it('pairs each subscription with its success or error on its channel, and a ping with its pong', () => {
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.exchanges.map((e) => `${e.name}:${e.request.frame}->${e.responses.map((r) => r.frame).join(',')}`)).toEqual([
      'news:2->3', 'private-chat:5->6', 'private-refused:9->10', 'presence-room:11->12', 'pusher:ping:14->15',
    ]);
    expect(p.unanswered).toEqual([]);
    expect(p.orphans).toEqual([]);
  });

  it('reads what is not a Pusher message as an error', () => {
    const { decoded: d } = decodeConnection(infoOf(fx), [
      { id: 1, dir: 'received', opcode: 'text', data: '{"event":', time: 0 },
      { id: 2, dir: 'received', opcode: 'text', data: '{"channel":"x"}', time: 1 },
    ], 'pusher');
    expect(d.map((x) => x!.error)).toEqual(['not JSON', 'not a Pusher message ({event, channel?, data})']);
  });
});
