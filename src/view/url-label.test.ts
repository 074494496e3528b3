import { describe, expect, it } from 'vitest';
import { connectionLabel, frameLabel, sharedOrigin, urlLabel } from './url-label';

describe('urlLabel', () => {
  it('drops the scheme and keeps a short URL whole', () => {
    expect(urlLabel('ws://127.0.0.1:8080/chat')).toBe('127.0.0.1:8080/chat');
    expect(urlLabel('wss://example.com/')).toBe('example.com/');
  });

  it('cuts the host, not the path and query, when the path and query fit', () => {
    const a = urlLabel('ws://very-long-hostname.internal.example.com:8443/socket.io/?EIO=4&room=a', 40);
    const b = urlLabel('ws://very-long-hostname.internal.example.com:8443/socket.io/?EIO=4&room=b', 40);
    expect(a).toHaveLength(40);
    expect(a.endsWith('/socket.io/?EIO=4&room=a')).toBe(true);
    expect(a.startsWith('very-long-host')).toBe(true);
    expect(a).not.toBe(b);
  });

  it('keeps the start of the host and the end of a long path and query, cut in the middle', () => {
    const url = 'ws://127.0.0.1:8080/api/v2/realtime/stream/updates?token=abc&channel=prices-eu';
    const label = urlLabel(url, 30);
    expect(label).toHaveLength(30);
    expect(label.startsWith('127.0.0.1')).toBe(true);
    expect(label.endsWith('channel=prices-eu')).toBe(true);
    expect(label).toContain('…');
  });

  it('never returns more than max characters', () => {
    for (const max of [1, 2, 3, 5, 10, 20]) expect(urlLabel('wss://a.example.com/some/path?q=1', max).length).toBeLessThanOrEqual(max);
  });

  it('handles strings that are not URLs', () => {
    expect(urlLabel('not a url')).toBe('not a url');
  });
});

describe('frameLabel', () => {
  it('names a frame by its path and query, or its host', () => {
    expect(frameLabel('http://127.0.0.1:8080/frames/child.html?x=1')).toBe('/frames/child.html?x=1');
    expect(frameLabel('https://widgets.example.com/')).toBe('widgets.example.com');
    expect(frameLabel('about:srcdoc')).toBe('srcdoc');
  });
});

describe('connectionLabel', () => {
  const top = 'http://127.0.0.1:8080/app.html';
  it('names the number and URL, and the frame only when not the top document', () => {
    expect(connectionLabel({ index: 2, url: 'ws://127.0.0.1:8080/chat?room=1', frameUrl: top }, top)).toBe('#2 127.0.0.1:8080/chat?room=1');
    expect(connectionLabel({ index: 3, url: 'ws://127.0.0.1:8080/chat?room=1', frameUrl: 'http://127.0.0.1:8080/child.html' }, top)).toBe(
      '#3 127.0.0.1:8080/chat?room=1 · frame /child.html',
    );
  });
});

describe('urlLabel, escapes', () => {
  it('shows percent-escaped text as the text', () => {
    expect(urlLabel('ws://h/chat?room=%E4%BD%A0%E5%A5%BD&x=a%20b')).toBe('h/chat?room=你好&x=a b');
    expect(urlLabel('ws://h/bad?%E4')).toBe('h/bad?%E4');
  });
});

describe('urlLabel, the whole path and query first', () => {
  it('keeps the path and query whole while 3 characters of the host still fit', () => {
    expect(urlLabel('ws://127.0.0.1:41234/echo?close=4002&reason=done', 40)).toBe('127.0.0.1:4…/echo?close=4002&reason=done');
  });
});

describe('sharedOrigin', () => {
  it('is the scheme and host all URLs share, or null', () => {
    expect(sharedOrigin(['ws://h:1/a', 'ws://h:1/b?x'])).toBe('ws://h:1');
    expect(sharedOrigin(['ws://h:1/a', 'wss://h:1/b'])).toBeNull();
    expect(sharedOrigin(['ws://h:1/a'])).toBeNull();
  });
});

describe('urlLabel, a path alone', () => {
  it('keeps the start of the path and the end of the query', () => {
    const label = urlLabel('/closer?after=5000&code=4001&reason=session expired', 20);
    expect(label).toHaveLength(20);
    expect(label.startsWith('/closer?')).toBe(true);
    expect(label.endsWith('expired')).toBe(true);
  });
});
