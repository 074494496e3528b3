import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { base64ToBytes } from '../../codec';
import { connectionAsHarEntry, HAR_CREATOR_NAME, toHar, type HarLog } from './write';
import { ALL_BYTES, sampleCapture, T0, UNICODE_TEXT } from '../../fixtures/sample-capture';
import { harValidators } from './har-schema.test-helper';

// HAR 1.2 schema (npm "har-schema", validated with ajv): see har-schema.test-helper.ts.
const validate = harValidators();

function expectValid(v: ValidateFunction, data: unknown): void {
  const ok = v(data);
  expect(v.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

describe('toHar', () => {
  it('validates against the HAR 1.2 schema', () => {
    const { input } = sampleCapture();
    expectValid(validate.har, clone(toHar(input)));
    expectValid(validate.har, clone(toHar({ ...input, connections: [], frames: [] })));
  });

  it('fails validation when broken (the check can fail)', () => {
    const good = clone(toHar(sampleCapture().input));
    const breakages: Array<(h: HarLog) => void> = [
      (h) => delete (h.log.entries[0]!.request as Partial<HarLog['log']['entries'][0]['request']>).httpVersion,
      (h) => void (h.log.entries[0]!.startedDateTime = 'yesterday'),
      (h) => void (h.log.entries[0]!.timings.wait = -5),
      (h) => void ((h.log.entries[0]!.response as { status: unknown }).status = '101'),
      (h) => delete (h.log as Partial<HarLog['log']>).creator,
    ];
    for (const breakIt of breakages) {
      const bad = clone(good);
      breakIt(bad);
      expect(validate.har(bad)).toBe(false);
    }
  });

  it('writes one Chrome-style websocket entry per connection', () => {
    const { input } = sampleCapture();
    const har = toHar(input);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: HAR_CREATOR_NAME, version: '0.1.0' });
    expect(har.log.pages).toEqual([
      {
        startedDateTime: new Date(T0).toISOString(),
        id: 'page_1',
        title: 'https://chat.example.test/app',
        pageTimings: { onContentLoad: -1, onLoad: -1 },
      },
    ]);
    expect(har.log.entries.map((e) => [e._resourceType, e.request.url, e.response.status, e._webSocketMessages.length])).toEqual([
      ['websocket', 'wss://chat.example.test/socket?room=lobby&x=1', 101, 8],
      ['websocket', 'wss://widget.example.test/ws', 101, 1],
      ['websocket', 'ws://localhost:8080/never', 0, 0],
      ['websocket', 'wss://feed.example.test/live', 101, 2],
    ]);
    const chat = har.log.entries[0]!;
    expect(chat.pageref).toBe('page_1');
    expect(chat.startedDateTime).toBe(new Date(T0).toISOString());
    expect(chat.request).toEqual({
      method: 'GET',
      url: 'wss://chat.example.test/socket?room=lobby&x=1',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Sec-WebSocket-Protocol', value: 'chat.v2, chat.v1' }],
      queryString: [
        { name: 'room', value: 'lobby' },
        { name: 'x', value: '1' },
      ],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    });
    expect(chat.response).toEqual({
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Sec-WebSocket-Protocol', value: 'chat.v2' },
        { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; client_max_window_bits=15' },
      ],
      cookies: [],
      content: { size: 0, mimeType: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    });
    expect(chat.cache).toEqual({});
    // wait: the handshake; receive: open until the close.
    expect(chat.timings).toEqual({ blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 41.6, receive: 133.4 });
    expect(chat.time).toBe(175);
  });

  it('writes messages as Chrome does: send/receive, time in seconds, opcode 1/2, binary in Base64', () => {
    const { input } = sampleCapture();
    const msgs = toHar(input).log.entries[0]!._webSocketMessages;
    expect(msgs[0]).toEqual({ type: 'send', time: (T0 + 45 + 0.123456) / 1000, opcode: 1, data: '{"op":"hello"}' });
    expect(msgs[1]).toEqual({ type: 'receive', time: (T0 + 70.5 + 0.123456) / 1000, opcode: 1, data: UNICODE_TEXT });
    expect(msgs[2]).toMatchObject({ type: 'receive', opcode: 2 });
    expect(base64ToBytes(msgs[2]!.data)).toEqual(ALL_BYTES);
    expect(msgs[3]).toMatchObject({ type: 'send', opcode: 2, data: '' });
  });

  it('keeps what HAR has no field for in _webSocketLens', () => {
    const { input } = sampleCapture();
    const [chat, , never] = toHar(input).log.entries;
    expect(chat!._webSocketLens).toEqual({
      protocols: ['chat.v2', 'chat.v1'],
      protocol: 'chat.v2',
      extensions: 'permessage-deflate; client_max_window_bits=15',
      frameUrl: 'https://chat.example.test/app',
      initiator: '    at connect (https://chat.example.test/app.js:3:14)',
      createdAt: T0 + 0.123456,
      openedAt: T0 + 41.6 + 0.123456,
      closedAt: T0 + 175 + 0.123456,
      closing: { code: 1000, reason: 'done 👋', time: T0 + 160 + 0.123456 },
      closeCode: 1000,
      closeReason: 'done 👋',
      wasClean: true,
      closedBy: 'page',
      errors: [],
    });
    expect(never!._webSocketLens).toMatchObject({
      openedAt: null,
      closeCode: 1006,
      wasClean: false,
      closedBy: 'network',
      errors: [T0 + 130 + 0.123456],
    });
    expect(never!.response).toMatchObject({ status: 0, statusText: '', httpVersion: '' });
    expect(never!.timings).toMatchObject({ wait: 31, receive: 0 });
  });
});

describe('connectionAsHarEntry', () => {
  it('is one valid entry with the connection’s own messages', () => {
    const { input, frames } = sampleCapture();
    const feed = input.connections.find((c) => c.url.includes('feed'))!;
    const entry = connectionAsHarEntry(feed, frames);
    expectValid(validate.entry, clone(entry));
    expect(entry).not.toHaveProperty('pageref');
    expect(entry._webSocketMessages.map((m) => m.opcode)).toEqual([2, 1]);
    expect(entry.response.status).toBe(101);
    // A still-open connection ends with its last frame.
    expect(entry.timings.receive).toBe(30);
  });
});

describe('serializeHarChunks', () => {
  it('writes exactly what JSON.stringify(toHar(input), null, 2) writes, in one piece per message', async () => {
    const { serializeHarChunks } = await import('./write');
    const { input } = sampleCapture();
    const chunks = [...serializeHarChunks(input)];
    expect(chunks.join('')).toBe(JSON.stringify(toHar(input), null, 2));
    expect(chunks.length).toBeGreaterThanOrEqual(input.frames.length);
    for (const other of [{ ...input, frames: [] }, { ...input, connections: [], frames: [] }, { ...input, connections: input.connections.slice(0, 1) }])
      expect([...serializeHarChunks(other)].join('')).toBe(JSON.stringify(toHar(other), null, 2));
  });
});
