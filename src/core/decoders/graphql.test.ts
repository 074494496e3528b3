import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import { operationName } from './graphql';
import { infoOf, loadFixture } from './fixtures.test-helper';

describe('GraphQL over WebSocket (real graphql-ws server and client)', () => {
  const fx = loadFixture('graphql-transport-ws');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('names operations and their results', () => {
    expect(session.detected).toMatchObject({ id: 'graphql-ws', by: 'subprotocol' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    expect(decoded.map((d) => `${d!.messages[0]!.type}:${d!.name}`)).toEqual([
      'connection_init:connection_init', 'connection_ack:connection_ack',
      'subscribe:Hello', 'next:Hello', 'complete:Hello',
      'subscribe:AddTodo', 'next:AddTodo', 'complete:AddTodo',
      'subscribe:Countdown', 'next:Countdown', 'next:Countdown', 'next:Countdown', 'next:Countdown', 'complete:Countdown',
      'subscribe:fail', 'next:fail', 'complete:fail',
      'subscribe:nope', 'error:nope',
      'subscribe:Long', 'next:Long', 'next:Long', 'complete:Long', 'next:Long',
    ]);
    expect(decoded[2]!.summary).toBe('subscribe #op-1 query Hello {"name":"Lens"}');
    expect(decoded[3]!.messages[0]!.value).toMatchObject({ id: 'op-1', payload: { data: { hello: 'Hello, Lens!' } } });
    expect(decoded[22]!.summary).toBe('complete #op-6 Long (cancelled by the client)');
  });

  it('pairs operations with all their results, latency to the first', () => {
    const p = pairFrames(fx.frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
    expect(p.unanswered).toEqual([]);
    const count = p.exchanges.find((e) => e.name === 'Countdown')!;
    expect(count.responses.map((r) => r.frame)).toEqual([10, 11, 12, 13, 14]);
    expect(count.done).toBe(true);
    expect(count.latency).toBeCloseTo(fx.frames[9]!.time - fx.frames[8]!.time, 6);
    const nope = p.exchanges.find((e) => e.name === 'nope')!;
    expect(nope.done).toBe(true);
    expect(nope.responses).toHaveLength(1);
    // Cancelled by the client: the server's last `next` still belongs to it; never completed.
    const long = p.exchanges.find((e) => e.name === 'Long')!;
    expect(long.responses.map((r) => r.frame)).toEqual([21, 22, 24]);
    expect(long.done).toBe(false);
  });

  it('reads the legacy subscriptions-transport-ws protocol (subprotocol graphql-ws)', () => {
    const t = (dir: 'sent' | 'received', data: unknown, id: number) => ({ id, dir, opcode: 'text' as const, data: JSON.stringify(data), time: id * 10 });
    const { session: s, decoded: d } = decodeConnection({ protocol: 'graphql-ws' }, [
      t('sent', { type: 'connection_init', payload: {} }, 1),
      t('received', { type: 'connection_ack' }, 2),
      t('received', { type: 'ka' }, 3),
      t('sent', { id: '1', type: 'start', payload: { query: 'subscription OnMsg { msg }' } }, 4),
      t('received', { id: '1', type: 'data', payload: { data: { msg: 'a' } } }, 5),
      t('sent', { id: '1', type: 'stop' }, 6),
      t('received', { id: '1', type: 'complete' }, 7),
    ]);
    expect(s.active).toBe('graphql-ws');
    expect(d.map((x) => x!.name)).toEqual(['connection_init', 'connection_ack', 'ka', 'OnMsg', 'OnMsg', 'OnMsg', 'OnMsg']);
    const p = pairFrames(d.map((x, i) => ({ id: i + 1, dir: i % 2 ? 'received' : 'sent', time: (i + 1) * 10, decoded: x })));
    void p;
  });

  it('derives operation names', () => {
    expect(operationName({ query: '{ user(id: 1) { name } }' })).toEqual({ name: 'user', kind: 'query' });
    expect(operationName({ query: 'mutation { add }' })).toEqual({ name: 'add', kind: 'mutation' });
    expect(operationName({ query: 'query A { x }', operationName: 'B' })).toEqual({ name: 'B', kind: 'query' });
  });
});
