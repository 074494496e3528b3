import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { base64ToBytes } from './codec';
import { connectionAsHarEntry, HAR_CREATOR_NAME, toHar, type HarLog } from './har';
import { importLog, type ImportResult, type ImportedSession } from './log-import';
import { ALL_BYTES, sampleCapture, storeFrom, T0, UNICODE_TEXT } from './fixtures/sample-capture';
import type { SessionStore } from './session-store';
import type { FrameRow } from './rows';
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

function imported(result: ImportResult): { session: ImportedSession; warnings: string[] } {
  if (!result.ok) throw new Error(`import failed: ${result.error}`);
  return result;
}

function framesOf(store: SessionStore): FrameRow[] {
  return store.rows.filter((r): r is FrameRow => r.kind === 'frame');
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

describe('HAR round trip', () => {
  it('keeps direction, time to the millisecond, opcode and bytes', () => {
    const { store, input } = sampleCapture();
    const result = importLog(JSON.stringify(toHar(input), null, 2), 'capture.har');
    const { session, warnings } = imported(result);
    expect(warnings).toEqual([]);
    expect(session).toMatchObject({
      format: 'har',
      pageUrl: 'https://chat.example.test/app',
      creator: `${HAR_CREATOR_NAME} 0.1.0`,
      userAgent: input.userAgent,
    });
    const copy = storeFrom(session.doc, session.records.items);
    const facts = (s: SessionStore) =>
      framesOf(s)
        .map((r) => ({ url: s.connections.get(r.connKey)!.url, dir: r.rec.dir, opcode: r.rec.opcode, data: r.rec.data, time: r.rec.time }))
        .sort((a, b) => a.time - b.time);
    const before = facts(store);
    const after = facts(copy);
    expect(after.map(({ time: _t, ...f }) => f)).toEqual(before.map(({ time: _t, ...f }) => f));
    after.forEach((f, i) => expect(Math.abs(f.time - before[i]!.time)).toBeLessThan(0.001));
  });

  it('gives back the connection facts kept in _webSocketLens', () => {
    const { store, input } = sampleCapture();
    const copy = storeFrom(...sessionParts(importLog(JSON.stringify(toHar(input)))));
    const pick = (s: SessionStore) =>
      s.connectionList().map((c) => ({
        url: c.url,
        protocols: c.protocols,
        protocol: c.protocol,
        extensions: c.extensions,
        frameUrl: c.frameUrl,
        initiator: c.initiator,
        state: c.state,
        createdAt: c.createdAt,
        openedAt: c.openedAt,
        close: c.close,
        closing: c.closing,
        closedBy: c.closedBy,
        errors: c.errors,
      }));
    expect(pick(copy)).toEqual(pick(store));
  });
});

function sessionParts(result: ImportResult): Parameters<typeof storeFrom> {
  const { session } = imported(result);
  return [session.doc, session.records.items];
}

// ───────── HAR files of other tools ─────────

interface FixtureMessage {
  type: string;
  time: number;
  opcode: number;
  data: string;
}
interface FixtureEntry {
  _resourceType?: string;
  request: { url: string };
  _webSocketMessages?: FixtureMessage[];
}

describe('Chrome HAR ("Save all as HAR with content")', () => {
  const text = readFileSync(new URL('./fixtures/chrome-websocket.har', import.meta.url), 'utf8');
  const fixture = JSON.parse(text) as { log: { entries: FixtureEntry[] } };
  const wsEntries = fixture.log.entries.filter((e) => e._resourceType === 'websocket');
  const others = fixture.log.entries.length - wsEntries.length;

  it('imports every websocket entry and skips the other requests', () => {
    const { session, warnings } = imported(importLog(text, 'chrome.har'));
    expect(session.format).toBe('har');
    expect(session.counts.connections).toBe(wsEntries.length);
    expect(warnings).toContain(`Skipped ${others} requests that are not a WebSocket.`);
    const store = storeFrom(session.doc, session.records.items);
    expect(
      store
        .connectionList()
        .map((c) => c.url)
        .sort(),
    ).toEqual(wsEntries.map((e) => e.request.url).sort());
  });

  it('gives every data message as a frame: direction, time in ms, text or bytes', () => {
    const { session } = imported(importLog(text));
    const store = storeFrom(session.doc, session.records.items);
    const expected = wsEntries
      .flatMap((e) =>
        (e._webSocketMessages ?? [])
          .filter((m) => (m.type === 'send' || m.type === 'receive') && (m.opcode === 1 || m.opcode === 2))
          .map((m) => ({
            url: e.request.url,
            dir: m.type === 'send' ? 'sent' : 'received',
            time: m.time * 1000,
            data: m.opcode === 1 ? m.data : base64ToBytes(m.data),
          })),
      )
      .sort((a, b) => a.time - b.time);
    const got = framesOf(store).map((r) => ({
      url: store.connections.get(r.connKey)!.url,
      dir: r.rec.dir,
      time: r.rec.time,
      data: r.rec.data,
    }));
    expect(got).toEqual(expected);
    // In time order across connections.
    expect(got.map((f) => f.time)).toEqual([...got.map((f) => f.time)].sort((a, b) => a - b));
    const errors = wsEntries.flatMap((e) => (e._webSocketMessages ?? []).filter((m) => m.type === 'error'));
    expect(store.connectionList().flatMap((c) => c.errors)).toHaveLength(errors.length);
  });

  it('reads the subprotocols, extensions, initiator and page', () => {
    const { session } = imported(importLog(text));
    const store = storeFrom(session.doc, session.records.items);
    const chat = store.connectionList().find((c) => c.url === 'wss://chat.example.test/socket?room=lobby');
    if (chat === undefined) return; // a fixture captured elsewhere has other sockets; the checks above stand
    expect(chat).toMatchObject({
      protocols: ['chat.v2', 'chat.v1'],
      protocol: 'chat.v2',
      extensions: 'permessage-deflate',
      state: 'open',
      frameUrl: 'https://chat.example.test/',
      initiator: '    at <anonymous> (https://chat.example.test/app.js:1:12)',
    });
    expect(chat.openedAt! - chat.createdAt).toBeCloseTo(41.604, 3);
    expect(session.pageUrl).toBe('https://chat.example.test/');
    expect(session.creator).toBe('WebInspector 537.36');
  });
});

describe('HAR recorded by Chromium (Playwright recordHar: CDP Network.webSocket* events, times in ms)', () => {
  // Recorded against the demo server's /echo: text, binary, an empty text (which the recorder
  // leaves out), invalid UTF-8, close 4001, and a socket to a port nothing listens on.
  const text = readFileSync(new URL('./fixtures/chromium-playwright-websocket.har', import.meta.url), 'utf8');
  const fixture = JSON.parse(text) as { log: { entries: FixtureEntry[] } };
  const wsEntries = fixture.log.entries.filter((e) => e._resourceType === 'websocket');

  it('imports every message with its direction, time (ms) and bytes, and the refused socket', () => {
    const { session, warnings } = imported(importLog(text, 'chromium.har'));
    expect(warnings).toContain('Skipped 1 request that is not a WebSocket.');
    const store = storeFrom(session.doc, session.records.items);
    expect(store.connectionList().map((c) => c.url)).toEqual(wsEntries.map((e) => e.request.url));
    const expected = wsEntries.flatMap((e) =>
      (e._webSocketMessages ?? []).map((m) => ({ dir: m.type === 'send' ? 'sent' : 'received', time: m.time, data: m.opcode === 1 ? m.data : base64ToBytes(m.data) })),
    );
    expect(expected).toHaveLength(6);
    expect(framesOf(store).map((r) => ({ dir: r.rec.dir, time: r.rec.time, data: r.rec.data }))).toEqual(expected);
    const [echo, refused] = store.connectionList();
    expect(echo!.openedAt).not.toBeNull();
    expect(refused!.openedAt).toBeNull();
  });
});

/** A minimal HAR with the given entries. */
function harWith(entries: unknown[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } });
}

function wsEntry(messages: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _resourceType: 'websocket',
    startedDateTime: '2026-11-22T00:15:03.120Z',
    time: 10,
    request: {
      method: 'GET',
      url: 'wss://x.test/ws',
      httpVersion: 'HTTP/1.1',
      headers: [],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 10, receive: 0 },
    _webSocketMessages: messages,
    ...extra,
  };
}

describe('other HAR files', () => {
  it('reads message times in milliseconds (Playwright writes them so)', () => {
    const text = harWith([wsEntry([{ type: 'send', time: T0 + 50.5, opcode: 1, data: 'a' }])]);
    const store = storeFrom(...sessionParts(importLog(text)));
    expect(framesOf(store)[0]!.rec.time).toBe(T0 + 50.5);
  });

  it('skips control messages and says so', () => {
    const text = harWith([
      wsEntry([
        { type: 'send', time: 1795306503.2, opcode: 1, data: 'a' },
        { type: 'receive', time: 1795306503.3, opcode: 9, data: '' },
        { type: 'receive', time: 1795306503.4, opcode: 8, data: '' },
        { type: 'receive', opcode: 1, data: 'no time' },
      ]),
    ]);
    const { session, warnings } = imported(importLog(text));
    expect(session.counts.frames).toBe(1);
    expect(warnings).toEqual([
      'Skipped 2 WebSocket messages: control or unknown frames (close, ping, pong…), which the panel does not show.',
      'Skipped 1 WebSocket message: without a time.',
    ]);
  });

  it('counts an entry with a ws:// URL as a WebSocket even without _resourceType', () => {
    const entry = wsEntry([]);
    delete entry._resourceType;
    delete entry._webSocketMessages;
    expect(imported(importLog(harWith([entry]))).session.counts).toEqual({ connections: 1, frames: 0 });
  });

  it('says when a HAR file has no WebSocket entries', () => {
    const page = { request: { url: 'https://x.test/' }, response: { status: 200 } };
    const script = { request: { url: 'https://x.test/app.js' }, response: { status: 200 } };
    const err = (r: ImportResult) => (r.ok ? '' : r.error);
    expect(err(importLog(harWith([page, script])))).toBe('This HAR file has no WebSocket entries (2 requests of other types).');
    expect(err(importLog(harWith([page])))).toBe('This HAR file has no WebSocket entries (1 request of another type).');
    expect(err(importLog(harWith([])))).toBe('This HAR file has no WebSocket entries (it has no requests at all).');
    expect(err(importLog('{"log": {}}'))).toBe('This HAR file has no "log.entries" list.');
  });

  it('says which message has Base64 that does not decode', () => {
    const text = harWith([
      { request: { url: 'https://x.test/' } },
      wsEntry([
        { type: 'send', time: 1, opcode: 1, data: 'a' },
        { type: 'receive', time: 2, opcode: 2, data: 'AA=A' },
      ]),
    ]);
    const r = importLog(text);
    expect(r.ok ? '' : r.error).toBe(
      'Entry 2 (wss://x.test/ws), message 2 (received binary): its data is not valid Base64. Invalid Base64: "A" (U+0041) at position 4 comes after "=" padding.',
    );
  });

  it('says the HAR file ends early when it was cut off', () => {
    const text = JSON.stringify(toHar(sampleCapture().input), null, 2);
    const r = importLog(text.slice(0, Math.floor(text.length * 0.7)), 'cut.har');
    expect(r.ok ? '' : r.error).toMatch(/^The file ends early — was it cut off\?/);
  });
});

describe('serializeHarChunks', () => {
  it('writes exactly what JSON.stringify(toHar(input), null, 2) writes, in one piece per message', async () => {
    const { serializeHarChunks } = await import('./har');
    const { input } = sampleCapture();
    const chunks = [...serializeHarChunks(input)];
    expect(chunks.join('')).toBe(JSON.stringify(toHar(input), null, 2));
    expect(chunks.length).toBeGreaterThanOrEqual(input.frames.length);
    for (const other of [{ ...input, frames: [] }, { ...input, connections: [], frames: [] }, { ...input, connections: input.connections.slice(0, 1) }])
      expect([...serializeHarChunks(other)].join('')).toBe(JSON.stringify(toHar(other), null, 2));
  });
});
