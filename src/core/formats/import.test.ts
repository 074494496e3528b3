import { describe, expect, it } from 'vitest';
import { checkImportSize, importLog, MAX_IMPORT_BYTES } from './import';
import { serializeLogJson, toLogJson, toNdjson } from './lens-json/write';
import type { WithMarks } from './export';
import { expectSameCapture, framesOf, imported, importError, loaded, sampleCapture, storeFrom, T0 } from '../fixtures/sample-capture';
import type { WireRecord } from '../protocol';

describe('bad input', () => {
  const { input } = sampleCapture();
  const json = serializeLogJson(toLogJson(input));

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

  it("puts an auto-response's marks (mocked responses, an answered frame) back as the records' own mark", () => {
    const { input } = sampleCapture();
    const log = toLogJson(input);
    log.frames[0]!.marks = ['answered'];
    log.frames[1]!.marks = ['mocked'];
    const { session } = imported(importLog(JSON.stringify(log)));
    const frames = session.records.items.filter((r) => r.type === 'frame');
    expect(frames.slice(0, 2).map((r) => [r.type === 'frame' ? r.mark : null, 'marks' in r])).toEqual([
      ['answered', false],
      ['mocked', false],
    ]);
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
    const { toHar } = await import('./har/write');
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
