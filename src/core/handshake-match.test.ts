import { describe, expect, it } from 'vitest';
import type { HandshakeInfo } from './protocol';
import { HandshakeMatcher } from './handshake-match';

function notice(requestId: string, url: string, requestTime: number, protocols?: string): HandshakeInfo {
  return {
    source: 'webRequest',
    requestId,
    url,
    requestTime,
    requestHeaders: protocols === undefined ? [{ name: 'Upgrade', value: 'websocket' }] : [{ name: 'Sec-WebSocket-Protocol', value: protocols }],
    responseTime: null,
    statusLine: '',
    status: 0,
    responseHeaders: [],
    error: '',
  };
}

function matcher() {
  const got: Array<[number, string]> = [];
  const m = new HandshakeMatcher((conn, hs) => got.push([conn, `${hs.requestId}${hs.status ? `:${hs.status}` : ''}`]));
  return { m, got };
}

describe('HandshakeMatcher', () => {
  it('matches in either order, by URL, and sends later notices of a request to its connection', () => {
    const { m, got } = matcher();
    m.handshake(notice('r1', 'ws://a/x', 1002));
    expect(got).toEqual([]);
    m.connection({ conn: 1, url: 'ws://b/x', time: 1000, protocols: [] });
    m.connection({ conn: 2, url: 'ws://a/x', time: 1001, protocols: [] });
    expect(got).toEqual([[2, 'r1']]);
    m.handshake(notice('r2', 'ws://b/x', 1003));
    m.handshake({ ...notice('r1', 'ws://a/x', 1002), status: 101 });
    expect(got).toEqual([
      [2, 'r1'],
      [1, 'r2'],
      [2, 'r1:101'],
    ]);
  });

  it('gives two sockets to one URL made in the same millisecond their own handshakes, by order and by subprotocols', () => {
    const { m, got } = matcher();
    m.connection({ conn: 1, url: 'ws://a/x', time: 1000, protocols: ['one'] });
    m.connection({ conn: 2, url: 'ws://a/x', time: 1000, protocols: ['two'] });
    // The second socket's notice first: its subprotocols still name it.
    m.handshake(notice('r8', 'ws://a/x', 1001, 'two'));
    m.handshake(notice('r7', 'ws://a/x', 1001, 'one'));
    expect(got).toEqual([
      [2, 'r8'],
      [1, 'r7'],
    ]);
    const same = matcher();
    same.m.connection({ conn: 1, url: 'ws://a/x', time: 1000, protocols: [] });
    same.m.connection({ conn: 2, url: 'ws://a/x', time: 1000, protocols: [] });
    same.m.handshake(notice('r1', 'ws://a/x', 1001));
    same.m.handshake(notice('r2', 'ws://a/x', 1001));
    expect(same.got).toEqual([
      [1, 'r1'],
      [2, 'r2'],
    ]);
  });

  it('does not match a request to a socket made long before it, nor one made after it', () => {
    const { m, got } = matcher();
    m.connection({ conn: 1, url: 'ws://a/x', time: 1000, protocols: [] });
    m.handshake(notice('late', 'ws://a/x', 1000 + 60_000));
    m.handshake(notice('early', 'ws://a/x', 500));
    expect(got).toEqual([]);
  });

  it('reads Firefox\u2019s http(s): spelling of a socket\u2019s URL as ws(s):', () => {
    const { m, got } = matcher();
    m.connection({ conn: 3, url: 'wss://a/x?q=1', time: 1000, protocols: [] });
    m.handshake(notice('r', 'https://a/x?q=1', 1001));
    expect(got).toEqual([[3, 'r']]);
  });
});
