import { describe, expect, it } from 'vitest';
import type { HandshakeNotice } from '../core/protocol';
import { watchHandshakes, type WebRequestDetails, type WebRequestLike } from './handshake-watch';

function fakeWebRequest() {
  const listeners = new Map<string, { cb: (d: WebRequestDetails) => void; extra?: string[] }>();
  const event = (name: string) => ({ addListener: (cb: (d: WebRequestDetails) => void, _f: unknown, extra?: string[]) => void listeners.set(name, { cb, extra }) });
  const api: WebRequestLike = {
    onBeforeRequest: event('onBeforeRequest'),
    onSendHeaders: event('onSendHeaders'),
    onHeadersReceived: event('onHeadersReceived'),
    onCompleted: event('onCompleted'),
    onErrorOccurred: event('onErrorOccurred'),
  };
  const fire = (name: string, d: Partial<WebRequestDetails>) => listeners.get(name)!.cb({ requestId: '7', url: 'ws://a/x', tabId: 3, frameId: 5, timeStamp: 100, type: 'websocket', ...d });
  return { api, listeners, fire };
}

describe('watchHandshakes', () => {
  it('tells the frame of the request its headers, then its response, then an error; asks for extraHeaders only where known', () => {
    const wr = fakeWebRequest();
    const sent: Array<[number, number, HandshakeNotice]> = [];
    watchHandshakes({ webRequest: wr.api, extraHeaders: true, sendToFrame: (t, f, m) => sent.push([t, f, m]) });
    expect(wr.listeners.get('onSendHeaders')!.extra).toEqual(['requestHeaders', 'extraHeaders']);
    wr.fire('onBeforeRequest', { timeStamp: 100 });
    wr.fire('onSendHeaders', { timeStamp: 101, requestHeaders: [{ name: 'Upgrade', value: 'websocket' }, { name: 'X-Empty' }] });
    wr.fire('onHeadersReceived', { timeStamp: 104, statusCode: 101, statusLine: 'HTTP/1.1 101 Switching Protocols', responseHeaders: [{ name: 'Upgrade', value: 'websocket' }] });
    wr.fire('onCompleted', {});
    wr.fire('onBeforeRequest', { requestId: '8', timeStamp: 200 });
    wr.fire('onErrorOccurred', { requestId: '8', error: 'net::ERR_FAILED' });
    // Not a socket: ignored.
    wr.fire('onSendHeaders', { requestId: '9', type: 'xmlhttprequest' });
    expect(sent.map(([t, f, m]) => [t, f, m.hs.requestId, m.hs.requestTime, m.hs.status, m.hs.error, m.hs.requestHeaders.length])).toEqual([
      [3, 5, '7', 100, 0, '', 2],
      [3, 5, '7', 100, 101, '', 2],
      [3, 5, '8', 200, 0, 'net::ERR_FAILED', 0],
    ]);
    expect(sent[1]![2].hs).toMatchObject({ responseTime: 104, statusLine: 'HTTP/1.1 101 Switching Protocols', requestHeaders: [{ name: 'Upgrade', value: 'websocket' }, { name: 'X-Empty', value: '' }] });
  });

  it('in Firefox: no extraHeaders; requests of no tab are not told', () => {
    const wr = fakeWebRequest();
    const sent: unknown[] = [];
    watchHandshakes({ webRequest: wr.api, extraHeaders: false, sendToFrame: (...a) => sent.push(a) });
    expect(wr.listeners.get('onHeadersReceived')!.extra).toEqual(['responseHeaders']);
    wr.fire('onSendHeaders', { tabId: -1, requestHeaders: [] });
    expect(sent).toEqual([]);
  });
});
