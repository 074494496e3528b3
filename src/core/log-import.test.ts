import { describe, expect, it } from 'vitest';
import { checkImportSize, importLog, MAX_IMPORT_BYTES, type ImportResult, type ImportedSession } from './log-import';
import { serializeLogJson, toLogJson, toNdjson, type WithMarks } from './log-json';
import { ALL_BYTES, sampleCapture, storeFrom, T0, UNICODE_TEXT } from './fixtures/sample-capture';
import type { WireRecord } from './protocol';
import type { SessionStore } from './session-store';
import type { Connection, FrameRow } from './rows';

function imported(result: ImportResult): { session: ImportedSession; warnings: string[] } {
  if (!result.ok) throw new Error(`import failed: ${result.error}`);
  return result;
}

function importError(result: ImportResult): string {
  if (result.ok) throw new Error('the import should have failed');
  return result.error;
}

function loaded(result: ImportResult): SessionStore {
  const { session } = imported(result);
  return storeFrom(session.doc, session.records.items);
}

/** What an import must give back of a connection (not its panel identity: key, docId, conn, frameId). */
function connectionFacts(c: Connection) {
  // Identity and display numbers belong to a view (an import is one document, numbered in its own order).
  const { key: _key, index: _index, docId: _docId, conn: _conn, frameId: _frameId, ...facts } = c;
  return facts;
}

function frameFacts(store: SessionStore, row: FrameRow) {
  const { rseq: _rseq, conn: _conn, ...rec } = row.rec;
  return { url: store.connections.get(row.connKey)!.url, ...rec, marks: (row.rec as WithMarks).marks };
}

function framesOf(store: SessionStore): FrameRow[] {
  return store.rows.filter((r): r is FrameRow => r.kind === 'frame');
}

function expectSameCapture(original: SessionStore, copy: SessionStore): void {
  expect(copy.connectionList().map(connectionFacts)).toEqual(original.connectionList().map(connectionFacts));
  expect(framesOf(copy).map((r) => frameFacts(copy, r))).toEqual(framesOf(original).map((r) => frameFacts(original, r)));
}

describe('JSON round trip', () => {
  it('gives back the same connections and frames, exactly', () => {
    const { store, input } = sampleCapture();
    const text = serializeLogJson(toLogJson(input));
    const result = importLog(text, 'capture.json');
    const { session, warnings } = imported(result);
    expect(warnings).toEqual([]);
    expect(session).toMatchObject({
      format: 'json',
      fileName: 'capture.json',
      pageUrl: 'https://chat.example.test/app',
      exportedAt: new Date(T0 + 10_000).toISOString(),
      userAgent: input.userAgent,
      creator: 'WebSocket Lens 0.1.0',
      counts: { connections: 4, frames: 11 },
    });
    expectSameCapture(store, loaded(result));
  });

  it('keeps bytes, empty frames, unicode and truncation flags', () => {
    const { input } = sampleCapture();
    const copy = loaded(importLog(JSON.stringify(toLogJson(input))));
    const recs = framesOf(copy).map((r) => r.rec);
    const all = recs.find((r) => r.opcode === 'binary' && r.size === 256)!;
    expect(all.data).toEqual(ALL_BYTES);
    expect(recs.find((r) => r.opcode === 'text' && r.data === UNICODE_TEXT)).toBeDefined();
    expect(
      recs
        .filter((r) => r.size === 0)
        .map((r) => r.opcode)
        .sort(),
    ).toEqual(['binary', 'text']);
    expect(recs.filter((r) => r.truncated).map((r) => r.size)).toEqual([20_000_000, 5_000_000]);
  });

  it('produces one top document whose records the store accepts in order', () => {
    const { input } = sampleCapture();
    const { session } = imported(importLog(JSON.stringify(toLogJson(input))));
    expect(session.doc).toMatchObject({ top: true, url: 'https://chat.example.test/app', timeOrigin: T0 + 0.123456 });
    expect(session.doc.docId).toMatch(/^imported-\d+$/);
    const items = session.records.items;
    expect(items.map((r) => r.rseq)).toEqual(items.map((_, i) => i + 1));
    expect(session.records).toMatchObject({ type: 'records', docId: session.doc.docId, after: 0, upTo: items.length });
    // Every connection is announced before any other record of it.
    const seen = new Set<number>();
    for (const r of items) {
      if (r.type === 'connection') seen.add(r.conn);
      else expect(seen.has(r.conn)).toBe(true);
    }
    expect(items.filter((r) => r.type === 'connection')).toHaveLength(4);
    expect(items.map((r) => r.type).filter((t) => t !== 'frame')).toEqual([
      'connection',
      'open',
      'connection',
      'open',
      'connection',
      'error',
      'close',
      'closing',
      'close',
      'connection',
      'open',
      'close',
    ]);
  });

  it('imports a selection: one connection, or filtered frames', () => {
    const { input, frames } = sampleCapture();
    const received = frames.filter((f) => f.rec.dir === 'received');
    const copy = loaded(importLog(JSON.stringify(toLogJson({ ...input, frames: received, scope: 'filtered' }))));
    expect(framesOf(copy).map((r) => r.rec.time)).toEqual(received.map((r) => r.rec.time));
    expect(copy.connectionList()).toHaveLength(4);
  });

  it('puts a connection before its frames even when the file says it began later', () => {
    const log = {
      format: 'websocket-lens',
      version: 1,
      connections: [{ id: 7, url: 'wss://a.test/', createdAt: 5000, openedAt: 5001 }],
      frames: [{ connection: 7, time: 100, dir: 'sent', opcode: 'text', data: 'early' }],
    };
    const { session } = imported(importLog(JSON.stringify(log)));
    expect(session.records.items.map((r) => r.type)).toEqual(['connection', 'frame', 'open']);
    const store = storeFrom(session.doc, session.records.items);
    expect(framesOf(store).map((r) => r.rec)).toMatchObject([{ data: 'early', size: 5, truncated: false, seq: 1 }]);
  });

  it('fills in optional fields', () => {
    const log = {
      format: 'websocket-lens',
      version: 1,
      connections: [{ id: 1, url: 'wss://a.test/', createdAt: 1 }],
      frames: [
        { connection: 1, time: 2, dir: 'received', opcode: 'binary', data: 'AAEC' },
        { connection: 1, time: 3, dir: 'sent', opcode: 'text', data: 'é' },
      ],
    };
    const store = loaded(importLog(JSON.stringify(log)));
    expect(store.connectionList()[0]).toMatchObject({ protocols: [], protocol: '', state: 'connecting', errors: [], close: null });
    expect(framesOf(store).map((r) => r.rec)).toMatchObject([
      { opcode: 'binary', binKind: 'arraybuffer', size: 3, data: Uint8Array.of(0, 1, 2) },
      { opcode: 'text', size: 2 },
    ]);
  });
});

describe('NDJSON round trip', () => {
  it('gives back the same connections and frames, exactly', () => {
    const { store, input } = sampleCapture();
    const text = [...toNdjson(input)].join('');
    const result = importLog(text, 'capture.ndjson');
    expect(imported(result).session.format).toBe('ndjson');
    expect(imported(result).warnings).toEqual([]);
    expectSameCapture(store, loaded(result));
  });

  it('accepts CRLF line ends and blank lines, and warns about lines of unknown kinds', () => {
    const { input } = sampleCapture();
    const lines = [...toNdjson(input)];
    lines.splice(3, 0, '\n', '{"kind":"comment","text":"hi"}\n');
    const result = importLog(lines.join('').replace(/\n/g, '\r\n'));
    expect(imported(result).session.counts).toEqual({ connections: 4, frames: 11 });
    expect(imported(result).warnings).toEqual(['Skipped 1 line of an unknown kind (comment).']);
  });
});

describe('bad input', () => {
  const { input } = sampleCapture();
  const json = serializeLogJson(toLogJson(input));
  const ndjson = [...toNdjson(input)].join('');

  it('says where malformed JSON goes wrong', () => {
    const text = '{\n  "format": "websocket-lens",\n  "version" 1\n}';
    expect(importError(importLog(text))).toBe(
      'This file is not valid JSON: expected ":" after the property name at line 3, column 13, found "1".',
    );
    expect(importError(importLog('{"a": [1, 2,]}'))).toBe('This file is not valid JSON: expected a value at line 1, column 13, found "]".');
    expect(importError(importLog('{"a": "b"} x'))).toBe(
      'This file is not valid JSON: expected the end of the data at line 1, column 12, found "x".',
    );
    expect(importError(importLog('{"a": "line\nbreak"}'))).toMatch(
      /^This file is not valid JSON: expected the string to go on .* at line 1, column 12, found U\+000A\.$/,
    );
  });

  it('recognises a file that was cut off', () => {
    for (const cut of [json.length - 3, Math.floor(json.length / 2), 40]) {
      expect(importError(importLog(json.slice(0, cut)))).toMatch(
        /^The file ends early — was it cut off\? The JSON stops at line \d+, column \d+, where .+ was still expected\.$/,
      );
    }
    // NDJSON cut inside a line…
    expect(importError(importLog(ndjson.slice(0, ndjson.length - 10)))).toBe(
      'The file ends early — was it cut off? Its last line (line 16) is incomplete.',
    );
    // …or exactly between lines: the header's counts tell.
    const lines = [...toNdjson(input)];
    expect(importError(importLog(lines.slice(0, 10).join('')))).toBe(
      'The file ends early — was it cut off? Its header announces 4 connections and 11 frames, but it holds 4 and 5.',
    );
  });

  it('refuses a log from a newer version', () => {
    const v2 = json.replace('"version": 1', '"version": 2');
    expect(importError(importLog(v2))).toBe(
      'This log was made by a newer WebSocket Lens (version 2); this one reads version 1. Update the extension to open it.',
    );
    const ndV2 = ndjson.replace('"version":1', '"version":2');
    expect(importError(importLog(ndV2))).toMatch(/newer WebSocket Lens \(version 2\)/);
    expect(importError(importLog('{"format":"websocket-lens","version":"one"}'))).toBe(
      'This WebSocket Lens log has no valid format version (found "one").',
    );
  });

  it('says which NDJSON line is broken', () => {
    const lines = [...toNdjson(input)];
    lines[3] = lines[3]!.replace('"url":', '"url" ');
    expect(importError(importLog(lines.join('')))).toMatch(
      /^Line 4 is not valid JSON: expected ":" after the property name at column \d+, found '"'\.$/,
    );
    const unterminated = [...toNdjson(input)];
    unterminated[6] = unterminated[6]!.slice(0, 30) + '\n';
    expect(importError(importLog(unterminated.join('')))).toMatch(
      /^Line 7 is not valid JSON: it stops at column 31, where .+ was still expected\.$/,
    );
    expect(importError(importLog('{"kind":"connection","id":1}\n{"kind":"header"}\n'))).toMatch(
      /^Line 1 should be the WebSocket Lens header/,
    );
  });

  it('says which frame has Base64 that does not decode', () => {
    const log = toLogJson(input);
    const i = log.frames.findIndex((f) => f.opcode === 'binary');
    log.frames[i]!.data = 'AAE*';
    expect(importError(importLog(JSON.stringify(log)))).toBe(
      `Frame ${i + 1} (received binary): its data is not valid Base64. Invalid Base64: unexpected character "*" (U+002A) at position 4.`,
    );
    const lines = [...toNdjson(input)];
    const at = lines.findIndex((l) => l.includes('"opcode":"binary"'));
    lines[at] = lines[at]!.replace(/"data":"[^"]*"/, '"data":"A"');
    expect(importError(importLog(lines.join('')))).toMatch(
      new RegExp(`^Line ${at + 1} \\(frame\\) \\(received binary\\): its data is not valid Base64\\.`),
    );
  });

  it('names the record and the field that has the wrong type', () => {
    const log = toLogJson(input);
    (log.connections[1] as unknown as Record<string, unknown>).url = 42;
    expect(importError(importLog(JSON.stringify(log)))).toBe('Connection 2: "url" should be a string, not 42.');
    const log2 = toLogJson(input);
    (log2.frames[4] as unknown as Record<string, unknown>).dir = 'up';
    expect(importError(importLog(JSON.stringify(log2)))).toBe('Frame 5: "dir" should be "sent" or "received", not "up".');
    const log3 = toLogJson(input);
    log3.frames[0]!.connection = 99;
    expect(importError(importLog(JSON.stringify(log3)))).toBe(
      'Frame 1 belongs to connection 99, which is not in the file (or not before it).',
    );
  });

  it('refuses files that are not logs', () => {
    expect(importError(importLog(''))).toBe('The file is empty.');
    expect(importError(importLog('  \n\t'))).toBe('The file is empty.');
    expect(importError(importLog('hello'))).toBe('This is not a WebSocket Lens log or a HAR file: it should start with "{", not "h".');
    expect(importError(importLog('[1, 2]'))).toMatch(/not "\["\.$/);
    expect(importError(importLog('{"name": "package"}'))).toBe('This JSON file is neither a WebSocket Lens log nor a HAR file.');
    expect(importError(importLog('{"format": "pcap"}'))).toBe('This file\'s format ("pcap") is not one WebSocket Lens reads.');
  });

  it('accepts a byte-order mark', () => {
    expect(importLog('\ufeff' + json).ok).toBe(true);
  });
});

describe('size limit', () => {
  it('allows up to MAX_IMPORT_BYTES', () => {
    expect(MAX_IMPORT_BYTES).toBe(200 * 1024 * 1024);
    expect(checkImportSize(0)).toBeNull();
    expect(checkImportSize(MAX_IMPORT_BYTES)).toBeNull();
    expect(checkImportSize(MAX_IMPORT_BYTES + 1)).toBe(
      "This file is 200.0 MB; WebSocket Lens imports files up to 200.0 MB, because the whole log must fit in the panel's memory.",
    );
    expect(checkImportSize(300 * 1024 * 1024)).toMatch(/^This file is 300\.0 MB;/);
  });
});

describe('import result', () => {
  it('numbers documents apart, so two imports never collide', () => {
    const { input } = sampleCapture();
    const text = JSON.stringify(toLogJson(input));
    const a = imported(importLog(text)).session.doc.docId;
    const b = imported(importLog(text)).session.doc.docId;
    expect(a).not.toBe(b);
  });

  it('carries marks on the records it makes: the capture\'s own mark, and other marks as a list', () => {
    const { input } = sampleCapture();
    const log = toLogJson(input);
    expect(log.frames.filter((f) => f.marks).map((f) => f.marks)).toEqual([['replayed', 'rewritten']]);
    const { session } = imported(importLog(JSON.stringify(log)));
    const marked = session.records.items.filter((r): r is WireRecord & WithMarks => r.type === 'frame' && ('marks' in r || r.mark !== undefined));
    expect(marked.map((r) => [r.type === 'frame' ? r.mark : null, r.marks])).toEqual([['replayed', ['rewritten']]]);
  });
});

describe('large imports', () => {
  it('gives the document bounds that hold every frame (the store applies them)', () => {
    const n = 100_001;
    const lines = [
      `{"kind":"header","format":"websocket-lens","version":1,"counts":{"connections":1,"frames":${n}}}`,
      '{"kind":"connection","id":1,"url":"wss://a.test/","createdAt":0}',
    ];
    for (let i = 0; i < n; i++)
      lines.push(`{"kind":"frame","connection":1,"time":${i + 1},"dir":"received","opcode":"text","data":"${i}"}`);
    const { session } = imported(importLog(lines.join('\n')));
    expect(session.doc.bounds.maxFrames).toBe(n);
    expect(session.doc.bounds.maxBytes).toBeGreaterThanOrEqual(256 * 1024 * 1024);
    const store = storeFrom(session.doc, session.records.items);
    expect(framesOf(store)).toHaveLength(n);
    expect(store.dropped.frames).toBe(0);
  }, 30_000);
});

describe('a socket the panel closed', () => {
  it('keeps "closed from the panel" through JSON, NDJSON and HAR', async () => {
    const { toHar } = await import('./har');
    const doc = { docId: 'd1', url: 'https://a.test/', top: true, timeOrigin: T0, bounds: sampleCapture().store.bounds };
    const base = (rseq: number, seq: number, time: number) => ({ rseq, conn: 1, seq, time: T0 + time });
    const original = storeFrom(doc, [
      { type: 'connection', ...base(1, 0, 0), url: 'wss://a.test/ws', protocols: [], frameUrl: 'https://a.test/', initiator: '' },
      { type: 'open', ...base(2, 1, 5), protocol: '', extensions: '' },
      { type: 'closing', ...base(3, 2, 9), code: 4000, reason: 'from DevTools', byPanel: true },
      { type: 'close', ...base(4, 3, 12), code: 4000, reason: 'from DevTools', wasClean: true },
    ]);
    expect(original.connectionList()[0]).toMatchObject({ closedBy: 'devtools', closing: { byPanel: true } });
    const input = { ...sampleCapture().input, connections: original.connectionList(), frames: [] };
    const json = serializeLogJson(toLogJson(input));
    expect(JSON.parse(json).connections[0].closing).toEqual({ code: 4000, reason: 'from DevTools', time: T0 + 9, byPanel: true });
    for (const text of [json, [...toNdjson(input)].join(''), JSON.stringify(toHar(input))]) expectSameCapture(original, loaded(importLog(text)));
  });
});
