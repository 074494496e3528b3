import { describe, expect, it } from 'vitest';
import { base64ToBytes } from './codec';
import { exportFileName, LOG_FORMAT, LOG_VERSION, serializeLogJson, toLogJson, toNdjson, type ExportInput } from './log-json';
import { ALL_BYTES, sampleCapture, T0, UNICODE_TEXT } from './fixtures/sample-capture';
import type { FrameRow } from './rows';

describe('toLogJson', () => {
  it('writes the header', () => {
    const { input } = sampleCapture();
    const log = toLogJson(input);
    expect(log).toMatchObject({
      format: LOG_FORMAT,
      version: LOG_VERSION,
      exportedAt: new Date(T0 + 10_000).toISOString(),
      page: { url: 'https://chat.example.test/app' },
      userAgent: input.userAgent,
      extension: { version: '0.1.0' },
      scope: 'all',
      counts: { connections: 4, frames: 11 },
    });
    expect(log.connections).toHaveLength(4);
    expect(log.frames).toHaveLength(11);
  });

  it('numbers connections 1…n in the given order, also when two documents both have a connection 1', () => {
    const { input } = sampleCapture();
    const log = toLogJson(input);
    expect(log.connections.map((c) => [c.id, c.url])).toEqual([
      [1, 'wss://chat.example.test/socket?room=lobby&x=1'],
      [2, 'wss://widget.example.test/ws'],
      [3, 'ws://localhost:8080/never'],
      [4, 'wss://feed.example.test/live'],
    ]);
    const iframeFrame = log.frames.find((f) => f.data === 'from the iframe');
    expect(iframeFrame?.connection).toBe(2);
  });

  it('writes every connection fact', () => {
    const { input } = sampleCapture();
    const [chat, , never, feed] = toLogJson(input).connections;
    expect(chat).toEqual({
      id: 1,
      url: 'wss://chat.example.test/socket?room=lobby&x=1',
      protocols: ['chat.v2', 'chat.v1'],
      protocol: 'chat.v2',
      extensions: 'permessage-deflate; client_max_window_bits=15',
      frameUrl: 'https://chat.example.test/app',
      initiator: '    at connect (https://chat.example.test/app.js:3:14)',
      state: 'closed',
      createdAt: T0 + 0.123456,
      openedAt: T0 + 41.6 + 0.123456,
      closedAt: T0 + 175 + 0.123456,
      closing: { code: 1000, reason: 'done 👋', time: T0 + 160 + 0.123456 },
      close: { code: 1000, reason: 'done 👋', wasClean: true, time: T0 + 175 + 0.123456 },
      closedBy: 'page',
      errors: [],
      sent: { frames: 3, bytes: 14 + 0 + 4 },
      received: { frames: 5, bytes: expect.any(Number) },
    });
    expect(never).toMatchObject({
      state: 'closed',
      openedAt: null,
      errors: [T0 + 130 + 0.123456],
      closedBy: 'network',
      close: { code: 1006, wasClean: false },
    });
    expect(feed).toMatchObject({ state: 'open', closedAt: null, close: null, closing: null, closedBy: null });
  });

  it('writes text as text and binary as Base64, with size, truncation, binary type and marks', () => {
    const { input } = sampleCapture();
    const frames = toLogJson(input).frames;
    const unicode = frames.find((f) => f.data === UNICODE_TEXT)!;
    expect(unicode).toEqual({
      connection: 1,
      seq: 3,
      time: T0 + 70.5 + 0.123456,
      dir: 'received',
      opcode: 'text',
      size: new TextEncoder().encode(UNICODE_TEXT).length,
      truncated: false,
      marks: ['replayed', 'rewritten'],
      data: UNICODE_TEXT,
    });
    const all = frames.find((f) => f.opcode === 'binary' && f.size === 256)!;
    expect(all.binaryType).toBe('arraybuffer');
    expect(base64ToBytes(all.data)).toEqual(ALL_BYTES);
    expect(all).not.toHaveProperty('marks');
    const empty = frames.find((f) => f.opcode === 'binary' && f.size === 0)!;
    expect(empty).toMatchObject({ data: '', binaryType: 'typedarray', truncated: false });
    const cut = frames.filter((f) => f.truncated);
    expect(cut.map((f) => [f.opcode, f.size, f.opcode === 'text' ? f.data.length : base64ToBytes(f.data).length])).toEqual([
      ['text', 20_000_000, 100],
      ['binary', 5_000_000, 16],
    ]);
    // `data` is the last key: the long value does not hide the others in a text editor.
    expect(Object.keys(all).at(-1)).toBe('data');
  });

  it('keeps the frames in the given order and leaves out frames of connections not exported', () => {
    const { input, frames } = sampleCapture();
    const onlyChat: ExportInput = { ...input, connections: input.connections.slice(0, 1), scope: 'connection' };
    const log = toLogJson(onlyChat);
    expect(log.counts).toEqual({ connections: 1, frames: 8 });
    expect(log.frames.map((f) => f.time)).toEqual(frames.filter((f) => f.connKey === 'doc-top:1').map((f) => f.rec.time));
  });

  it('exports an empty capture', () => {
    const { input } = sampleCapture();
    const log = toLogJson({ ...input, connections: [], frames: [] });
    expect(log.counts).toEqual({ connections: 0, frames: 0 });
    expect(JSON.parse(serializeLogJson(log))).toEqual(log);
  });
});

describe('serializeLogJson', () => {
  it('is the same data, one connection or frame per line', () => {
    const { input } = sampleCapture();
    const log = toLogJson(input);
    const text = serializeLogJson(log);
    expect(JSON.parse(text)).toEqual(log);
    const frameLines = text.split('\n').filter((l) => l.startsWith('    {"connection":'));
    expect(frameLines).toHaveLength(11);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('toNdjson', () => {
  it('writes a header, then connections, then frames, one JSON object a line', () => {
    const { input } = sampleCapture();
    const lines = [...toNdjson(input)];
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const records = lines.map((l) => JSON.parse(l) as { kind: string });
    expect(records.map((r) => r.kind)).toEqual(['header', ...Array<string>(4).fill('connection'), ...Array<string>(11).fill('frame')]);

    // The same content as the JSON export.
    const { connections, frames, ...header } = toLogJson(input);
    const strip = ({ kind: _kind, ...rest }: { kind: string }) => rest;
    expect(strip(records[0]!)).toEqual(header);
    expect(records.slice(1, 5).map(strip)).toEqual(connections);
    expect(records.slice(5).map(strip)).toEqual(frames);
  });

  it('is lazy: no frame is read before its line is asked for', () => {
    const { input } = sampleCapture();
    const poisoned = { kind: 'frame', id: 999, docId: 'doc-top', connKey: 'doc-top:1' } as FrameRow;
    Object.defineProperty(poisoned, 'rec', {
      get() {
        throw new Error('read too early');
      },
    });
    const it = toNdjson({ ...input, frames: [poisoned, ...input.frames] });
    for (let i = 0; i < 5; i++) expect(it.next().done).toBe(false); // header and 4 connections
    expect(() => it.next()).toThrow('read too early');
  });
});

describe('exportFileName', () => {
  const date = new Date(Date.UTC(2026, 10, 22, 0, 15, 3, 456));

  it('names the host and the UTC time, to the second', () => {
    expect(exportFileName('har', 'https://example.com/chat?x=1#y', date)).toBe('websocket-lens_example.com_2026-11-22T00-15-03.har');
    expect(exportFileName('json', 'https://example.com/', date)).toBe('websocket-lens_example.com_2026-11-22T00-15-03.json');
    expect(exportFileName('ndjson', 'https://example.com/', date)).toBe('websocket-lens_example.com_2026-11-22T00-15-03.ndjson');
  });

  it('keeps only safe characters', () => {
    expect(exportFileName('har', 'http://localhost:8080/', date)).toBe('websocket-lens_localhost-8080_2026-11-22T00-15-03.har');
    expect(exportFileName('har', 'http://[::1]:3000/', date)).toBe('websocket-lens_1-3000_2026-11-22T00-15-03.har');
    expect(exportFileName('har', 'https://bücher.example/', date)).toBe('websocket-lens_xn--bcher-kva.example_2026-11-22T00-15-03.har');
    for (const url of ['about:blank', 'file:///home/me/page.html', 'not a url', '']) {
      expect(exportFileName('json', url, date)).toBe('websocket-lens_page_2026-11-22T00-15-03.json');
    }
    expect(exportFileName('json', 'https://x.test/', new Date(NaN))).toBe('websocket-lens_x.test_unknown-time.json');
  });
});

describe('serializeLogJsonChunks', () => {
  it('writes exactly what serializeLogJson writes, in one piece per record', async () => {
    const { serializeLogJsonChunks } = await import('./log-json');
    const { input } = sampleCapture();
    const chunks = [...serializeLogJsonChunks(input)];
    expect(chunks.join('')).toBe(serializeLogJson(toLogJson(input)));
    expect(chunks.length).toBeGreaterThanOrEqual(input.frames.length + 4);
    for (const empty of [{ ...input, frames: [] }, { ...input, connections: [], frames: [] }])
      expect([...serializeLogJsonChunks(empty)].join('')).toBe(serializeLogJson(toLogJson(empty)));
  });
});
