import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames, type DecodedFrame } from './index';
import { infoOf, loadFixture, type Fixture } from './fixtures.test-helper';

const pairsOf = (fx: Fixture, decoded: (DecodedFrame | null)[]) => pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
const show = (p: ReturnType<typeof pairFrames>) => p.exchanges.map((e) => `${e.name}:${e.request.frame}->${e.responses.map((r) => r.frame).join(',')}`);

describe('Bayeux (real faye traffic)', () => {
  const fx = loadFixture('bayeux-faye');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('is detected from content and names channels and /meta/* messages', () => {
    expect(session.detected).toMatchObject({ id: 'bayeux', by: 'content' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => d!.name)).toEqual([
      '/meta/connect', '/meta/subscribe /chat', '/meta/subscribe /chat', '/chat', '/chat', '/chat',
      '/meta/subscribe /secret', '/meta/subscribe /secret', '/meta/unsubscribe /chat', '/meta/unsubscribe /chat', '/meta/disconnect', '/meta/disconnect',
    ]);
    expect(decoded[3]!.summary).toBe('/chat {"text":"hello","n":1} #4');
    expect(decoded[4]!.messages[0]).toMatchObject({ type: 'message', role: 'event' }); // the delivery
    expect(decoded[5]!.messages[0]).toMatchObject({ type: 'published', role: 'response' });
    expect(decoded[7]!.messages[0]).toMatchObject({ type: 'error', role: 'response' });
    expect(decoded[7]!.summary).toBe('/meta/subscribe /secret failed: 403 Forbidden (/secret) #5');
  });

  it('pairs every request with the reply of its id; the long-polled /meta/connect stays open', () => {
    const p = pairsOf(fx, decoded);
    expect(show(p)).toEqual([
      '/meta/connect:1->', '/meta/subscribe /chat:2->3', '/chat:4->6', '/meta/subscribe /secret:7->8', '/meta/unsubscribe /chat:9->10', '/meta/disconnect:11->12',
    ]);
    expect(p.unanswered.map((e) => e.name)).toEqual(['/meta/connect']);
    expect(p.orphans).toEqual([]);
  });

  it('reads malformed frames as errors', () => {
    const bad = [
      { id: 1, dir: 'sent' as const, opcode: 'text' as const, data: '[{"channel":', time: 0 },
      { id: 2, dir: 'sent' as const, opcode: 'text' as const, data: '[]', time: 1 },
      { id: 3, dir: 'sent' as const, opcode: 'text' as const, data: '[{"id":"1"}]', time: 2 },
    ];
    const { decoded: d } = decodeConnection(infoOf(fx), bad, 'bayeux');
    expect(d.map((x) => x!.error)).toEqual(['not JSON', 'empty Bayeux message list', 'Bayeux message without a channel']);
  });
});

describe('Bayeux (real CometD JavaScript client traffic)', () => {
  const fx = loadFixture('bayeux-cometd');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('decodes the handshake over WebSocket and pairs by id across interleaved replies', () => {
    expect(session.detected).toMatchObject({ id: 'bayeux', by: 'content' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded[0]!.summary).toBe('/meta/handshake v1.0 ["websocket","long-polling","callback-polling"] #1');
    expect(decoded[1]!.summary).toMatch(/^\/meta\/handshake ok clientId \w+ #1$/);
    const p = pairsOf(fx, decoded);
    expect(show(p)).toEqual([
      '/meta/handshake:1->2', '/meta/subscribe /news:3->5', '/meta/connect:4->7', '/news:6->9', '/meta/subscribe /secret:10->11', '/meta/connect:12->', '/meta/disconnect:13->14',
    ]);
    expect(p.orphans).toEqual([]);
  });
});
