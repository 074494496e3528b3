import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { toHar } from './write';
import { toLogJson } from '../lens-json/write';
import { importLog } from '../import';
import { handshakeInfo } from '../../fixtures/records';
import { imported, sampleCapture, storeFrom } from '../../fixtures/sample-capture';
import { harValidators } from './har-schema.test-helper';

const validate = harValidators();
function expectValid(v: ValidateFunction, data: unknown): void {
  const ok = v(data);
  expect(v.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

function withHandshakes() {
  const { input } = sampleCapture();
  const [a, b] = input.connections;
  const ok = handshakeInfo({
    url: a!.url,
    requestTime: a!.createdAt + 1,
    responseTime: a!.createdAt + 5.5,
    requestHeaders: [
      { name: 'Upgrade', value: 'websocket' },
      { name: 'Cookie', value: 'sid=secret; theme=dark' },
      { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
    ],
    responseHeaders: [
      { name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
      { name: 'Set-Cookie', value: 'seen=1; Path=/' },
    ],
  });
  const refused = handshakeInfo({ url: b!.url, requestTime: b!.createdAt, responseTime: b!.createdAt + 2, status: 403, statusLine: 'HTTP/1.1 403 Forbidden', responseHeaders: [{ name: 'X-Why', value: 'no' }] });
  const connections = input.connections.map((c, i) => (i === 0 ? { ...c, handshake: ok } : i === 1 ? { ...c, handshake: refused } : c));
  return { input: { ...input, connections }, ok, refused };
}

describe('handshakes in HAR', () => {
  it('writes the real headers, cookies, status and the browser\u2019s wait, and validates', () => {
    const { input } = withHandshakes();
    const har = JSON.parse(JSON.stringify(toHar(input))) as ReturnType<typeof toHar>;
    expectValid(validate.har, har);
    const [a, b, c] = har.log.entries;
    expect(a!.request.headers.map((h) => h.name)).toEqual(['Upgrade', 'Cookie', 'Sec-WebSocket-Key']);
    expect(a!.request.cookies).toEqual([
      { name: 'sid', value: 'secret' },
      { name: 'theme', value: 'dark' },
    ]);
    expect([a!.response.status, a!.response.statusText, a!.response.httpVersion]).toEqual([101, 'Switching Protocols', 'HTTP/1.1']);
    expect(a!.response.cookies).toEqual([{ name: 'seen', value: '1' }]);
    expect(a!.timings.wait).toBe(4.5);
    expect([b!.response.status, b!.response.statusText, b!.response.headers]).toEqual([403, 'Forbidden', [{ name: 'X-Why', value: 'no' }]]);
    // A connection without a seen handshake is written as before.
    expect(c!.request.cookies).toEqual([]);
    expect(c!._webSocketLens.handshake).toBeUndefined();
  });

  it('reads them back from HAR and from JSON', () => {
    const { input, ok, refused } = withHandshakes();
    for (const text of [JSON.stringify(toHar(input)), JSON.stringify(toLogJson(input))]) {
      const { session } = imported(importLog(text));
      const store = storeFrom(session.doc, session.records.items);
      expect(store.connectionList().map((c) => c.handshake)).toEqual([ok, refused, ...input.connections.slice(2).map(() => undefined)]);
    }
  });

  it('reads a handshake from another tool\u2019s HAR that has the request\u2019s WebSocket headers', () => {
    const { input, ok } = withHandshakes();
    const har = toHar(input);
    for (const e of har.log.entries) delete e._webSocketLens.handshake;
    const { session } = imported(importLog(JSON.stringify(har)));
    const hs = storeFrom(session.doc, session.records.items).connectionList()[0]!.handshake!;
    expect([hs.status, hs.statusLine, hs.requestHeaders, hs.responseHeaders]).toEqual([101, 'HTTP/1.1 101 Switching Protocols', ok.requestHeaders, ok.responseHeaders]);
  });
});
