import { describe, expect, it } from 'vitest';
import { handshakeInfo as handshake } from './fixtures/records';
import { checkAccept, expectedAccept, extensionText, failureReason, maskValue, negotiation, networkErrorText, requestCookies, responseCookies, statusText } from './handshake';


describe('the Sec-WebSocket-Accept check (RFC 6455 §4.2.2)', () => {
  it('computes the RFC example', async () => {
    expect(await expectedAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
  it('passes a right answer, fails a wrong or missing one, and cannot check without a key or a 101', async () => {
    expect((await checkAccept(handshake())).state).toBe('ok');
    const wrong = await checkAccept(handshake({ responseHeaders: [{ name: 'sec-websocket-accept', value: 'AAAA' }] }));
    expect(wrong).toEqual({ state: 'mismatch', key: 'dGhlIHNhbXBsZSBub25jZQ==', accept: 'AAAA', expected: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' });
    expect((await checkAccept(handshake({ responseHeaders: [] }))).state).toBe('mismatch');
    expect((await checkAccept(handshake({ requestHeaders: [] }))).state).toBe('unknown');
    expect((await checkAccept(handshake({ status: 403, statusLine: 'HTTP/1.1 403 Forbidden' }))).state).toBe('unknown');
  });
});

describe('negotiation', () => {
  it('lists the subprotocols and extension offers asked for beside what the server chose', () => {
    const n = negotiation(
      handshake({
        requestHeaders: [
          { name: 'Sec-WebSocket-Protocol', value: 'chat, superchat' },
          { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; client_max_window_bits, x-other' },
        ],
        responseHeaders: [
          { name: 'Sec-WebSocket-Protocol', value: 'chat' },
          { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; server_no_context_takeover; client_max_window_bits="10"' },
        ],
      }),
    );
    expect(n.requestedProtocols).toEqual(['chat', 'superchat']);
    // Not shown by the browser: what the page asked for.
    expect(negotiation(handshake(), ['a', 'b']).requestedProtocols).toEqual(['a', 'b']);
    expect(n.protocol).toBe('chat');
    expect(n.requestedExtensions.map(extensionText)).toEqual(['permessage-deflate; client_max_window_bits', 'x-other']);
    expect(n.extensions).toEqual([
      { name: 'permessage-deflate', params: [{ name: 'server_no_context_takeover', value: null }, { name: 'client_max_window_bits', value: '10' }] },
    ]);
  });
});

describe('cookies', () => {
  it('reads the Cookie header and Set-Cookie lines, attributes left out', () => {
    const hs = handshake({
      requestHeaders: [{ name: 'Cookie', value: 'sid=abc; theme=dark' }],
      responseHeaders: [{ name: 'Set-Cookie', value: 'a=1; Path=/\nb=2; HttpOnly' }],
    });
    expect(requestCookies(hs)).toEqual([
      { name: 'sid', value: 'abc' },
      { name: 'theme', value: 'dark' },
    ]);
    expect(responseCookies(hs)).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
    expect(maskValue('abc')).toBe('•••');
    expect(maskValue('x'.repeat(40))).toBe('•'.repeat(12));
  });
});

describe('why a handshake failed', () => {
  it('names a refused upgrade by its status and a network failure by its error', () => {
    expect(failureReason(handshake())).toBeNull();
    expect(failureReason(handshake({ status: 403, statusLine: 'HTTP/1.1 403 Forbidden', error: 'net::ERR_INVALID_HTTP_RESPONSE' }))).toBe('upgrade refused: 403 Forbidden');
    expect(statusText(handshake({ statusLine: 'HTTP/1.1 426 Upgrade Required' }))).toBe('Upgrade Required');
    expect(failureReason(handshake({ status: 0, statusLine: '', responseHeaders: [], responseTime: null, error: 'net::ERR_CONNECTION_REFUSED' }))).toBe(
      'connection refused (net::ERR_CONNECTION_REFUSED)',
    );
    expect(networkErrorText('net::ERR_NAME_NOT_RESOLVED')).toBe('host name not resolved');
    expect(networkErrorText('NS_ERROR_UNKNOWN_HOST')).toBe('host name not resolved');
    expect(networkErrorText('net::ERR_BLOCKED_BY_CLIENT')).toBe('blocked by the client');
    expect(networkErrorText('net::ERR_CERT_AUTHORITY_INVALID')).toBe('TLS error');
    expect(networkErrorText('net::ERR_FAILED')).toBe('handshake failed, no status given (a refused upgrade or a bad answer)');
    expect(networkErrorText('net::ERR_SOMETHING_NEW')).toBe('net::ERR_SOMETHING_NEW');
  });
});
