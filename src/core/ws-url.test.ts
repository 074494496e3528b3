import { describe, expect, it } from 'vitest';
import { checkClose, checkWsUrl, parseProtocols, pushHistory } from './ws-url';

describe('checkWsUrl', () => {
  it('accepts ws: and wss: URLs as typed (trimmed)', () => {
    expect(checkWsUrl(' ws://127.0.0.1:8080/echo ')).toEqual({ ok: true, url: 'ws://127.0.0.1:8080/echo' });
    expect(checkWsUrl('wss://example.com/socket?token=a%20b')).toEqual({ ok: true, url: 'wss://example.com/socket?token=a%20b' });
    expect(checkWsUrl('WS://EXAMPLE.com')).toMatchObject({ ok: true });
  });

  it('offers the ws(s): twin of an http(s): URL', () => {
    expect(checkWsUrl('http://localhost:3000/ws')).toEqual({
      ok: false,
      error: expect.stringContaining('http: is not a WebSocket scheme'),
      fix: 'ws://localhost:3000/ws',
    });
    expect(checkWsUrl('https://example.com/live')).toMatchObject({ ok: false, fix: 'wss://example.com/live' });
  });

  it('says what is wrong with malformed URLs', () => {
    expect(checkWsUrl('')).toMatchObject({ ok: false, error: expect.stringContaining('Enter a WebSocket URL') });
    expect(checkWsUrl('ws://')).toMatchObject({ ok: false, error: expect.stringContaining('The URL has no host') });
    expect(checkWsUrl('wss://')).toMatchObject({ ok: false, error: expect.stringContaining('wss://localhost') });
    expect(checkWsUrl('foo')).toMatchObject({ ok: false, error: expect.stringContaining('"foo" is not a URL'), fix: 'ws://foo' });
    expect(checkWsUrl('localhost:8080/x')).toMatchObject({ ok: false, fix: 'ws://localhost:8080/x' });
    expect(checkWsUrl('ftp://x/')).toMatchObject({ ok: false, error: 'ftp: is not a WebSocket scheme; use ws: or wss:.' });
    expect(checkWsUrl('ws:foo')).toMatchObject({ ok: false, error: expect.stringContaining('"//" and a host') });
    expect(checkWsUrl('ws://host:99999/')).toMatchObject({ ok: false, error: expect.stringContaining('port') });
    expect(checkWsUrl('ws://h/x#frag')).toMatchObject({ ok: false, error: expect.stringContaining('fragment'), fix: 'ws://h/x' });
  });

  it('refuses spaces, bad hosts and bad ports, saying where', () => {
    expect(checkWsUrl('ws://exa mple.com/')).toEqual({
      ok: false,
      error: 'The URL has a space at character 9 (in the host): a URL cannot contain spaces.',
    });
    expect(checkWsUrl('ws://example.com/a b')).toEqual({
      ok: false,
      error: 'The URL has a space at character 19 (in the path or query): a URL cannot contain spaces; write one as %20.',
    });
    expect(checkWsUrl('ws://ex$ample.com/')).toEqual({
      ok: false,
      error: '"ex$ample.com" is not a valid host name: "ex$ample" may hold only letters, digits and inner hyphens.',
    });
    expect(checkWsUrl('ws://example..com/')).toEqual({
      ok: false,
      error: '"example..com" is not a valid host name: it has an empty part between dots.',
    });
    expect(checkWsUrl('ws://-x.com/')).toMatchObject({ ok: false, error: expect.stringContaining('"-x" may hold only') });
    expect(checkWsUrl('ws://example.com:0/')).toEqual({
      ok: false,
      error: 'The port 0 is out of range: a port is a number from 1 to 65535.',
    });
    expect(checkWsUrl('ws://example.com:80a/')).toEqual({
      ok: false,
      error: 'The port "80a" is not a number: a port is a number from 1 to 65535.',
    });
    expect(checkWsUrl('ws://:8080/')).toMatchObject({ ok: false, error: expect.stringContaining('no host before the port') });
    expect(checkWsUrl('ws://[::1/')).toMatchObject({ ok: false, error: expect.stringContaining('IPv6') });
  });

  it('accepts IPv4, [IPv6], international and underscored host names, user info and an empty port', () => {
    for (const u of [
      'ws://10.0.0.1:1/',
      'ws://[::1]:65535/x',
      'wss://bücher.example/',
      'ws://my_service:8080/',
      'ws://u:p@h.test/',
      'ws://h.test:/',
      'ws://h.test./',
    ])
      expect(checkWsUrl(u), u).toEqual({ ok: true, url: u });
  });
});

describe('parseProtocols', () => {
  it('splits on commas and spaces', () => {
    expect(parseProtocols(' chat.v3, chat.v2 ,mqtt ')).toEqual({ ok: true, protocols: ['chat.v3', 'chat.v2', 'mqtt'] });
    expect(parseProtocols('')).toEqual({ ok: true, protocols: [] });
  });
  it('refuses non-token characters and duplicates', () => {
    expect(parseProtocols('a;b')).toEqual({ ok: false, error: expect.stringContaining('"a;b" contains ";"') });
    expect(parseProtocols('x, x')).toEqual({ ok: false, error: 'Subprotocol "x" is listed twice.' });
  });
});

describe('checkClose', () => {
  it('accepts 1000 and 3000–4999 with a reason up to 123 bytes', () => {
    expect(checkClose('1000', '')).toEqual({ ok: true, code: 1000, reason: '' });
    expect(checkClose('', 'bye')).toEqual({ ok: true, code: 1000, reason: 'bye' });
    expect(checkClose('3000', 'x'.repeat(123))).toMatchObject({ ok: true, code: 3000 });
    expect(checkClose(' 4999 ', '')).toMatchObject({ ok: true, code: 4999 });
  });
  it('refuses other codes and long reasons', () => {
    for (const c of ['1001', '1005', '2999', '5000', '999', '-1', '1e3', 'abc', '4000.5'])
      expect(checkClose(c, ''), c).toMatchObject({ ok: false });
    expect(checkClose('1001', '')).toMatchObject({ error: expect.stringContaining('use 1000 (Normal Closure) or 3000–4999') });
    expect(checkClose('1000', 'é'.repeat(62))).toEqual({
      ok: false,
      error: 'The close reason is 124 bytes in UTF-8; at most 123 are allowed.',
    });
  });
});

describe('pushHistory', () => {
  it('puts the URL first, once, and keeps at most max', () => {
    expect(pushHistory(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c']);
    expect(pushHistory(['a', 'b'], 'c', 2)).toEqual(['c', 'a']);
  });
});
