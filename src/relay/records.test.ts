import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, type CaptureEvent } from '../core/protocol';
import { History } from './history';
import { toRecord, type DocContext } from './records';

const ORIGIN = 1_700_000_000_000.25;

function ctx(maxFrameBytes = DEFAULT_BOUNDS.maxFrameBytes): DocContext {
  return { timeOrigin: ORIGIN, frameUrl: 'https://page.test/app', bounds: { ...DEFAULT_BOUNDS, maxFrameBytes } };
}

function textFrame(data: string): CaptureEvent {
  return { type: 'frame', conn: 2, seq: 5, t: 10.5, dir: 'sent', data };
}

function bytes(...b: number[]): ArrayBuffer {
  return new Uint8Array(b).buffer;
}

function asArray(buf: unknown): number[] {
  expect(buf).toBeInstanceOf(ArrayBuffer);
  return [...new Uint8Array(buf as ArrayBuffer)];
}

describe('toRecord: control events', () => {
  it('connection: absolute time, frameUrl from the document, the hook fields', () => {
    const ev: CaptureEvent = {
      type: 'connection',
      conn: 3,
      seq: 0,
      t: 123.456,
      url: 'wss://x.test/ws',
      protocols: ['a', 'b'],
      initiator: 'at f (app.js:1:2)',
    };
    expect(toRecord(ev, ctx())).toEqual({
      type: 'connection',
      conn: 3,
      seq: 0,
      time: ORIGIN + 123.456,
      url: 'wss://x.test/ws',
      protocols: ['a', 'b'],
      frameUrl: 'https://page.test/app',
      initiator: 'at f (app.js:1:2)',
    });
  });

  it('open', () => {
    expect(toRecord({ type: 'open', conn: 1, seq: 1, t: 2, protocol: 'chat', extensions: 'permessage-deflate' }, ctx())).toEqual({
      type: 'open',
      conn: 1,
      seq: 1,
      time: ORIGIN + 2,
      protocol: 'chat',
      extensions: 'permessage-deflate',
    });
  });

  it('error', () => {
    expect(toRecord({ type: 'error', conn: 4, seq: 9, t: 0 }, ctx())).toEqual({ type: 'error', conn: 4, seq: 9, time: ORIGIN });
  });

  it('closing without code or reason: code null, reason empty', () => {
    expect(toRecord({ type: 'closing', conn: 1, seq: 3, t: 1 }, ctx())).toEqual({
      type: 'closing',
      conn: 1,
      seq: 3,
      time: ORIGIN + 1,
      code: null,
      reason: '',
    });
  });

  it('closing with code and reason', () => {
    expect(toRecord({ type: 'closing', conn: 1, seq: 3, t: 1, code: 4001, reason: 'bye' }, ctx())).toMatchObject({ code: 4001, reason: 'bye' });
  });

  it('close', () => {
    expect(toRecord({ type: 'close', conn: 1, seq: 4, t: 7, code: 1006, reason: '', wasClean: false }, ctx())).toEqual({
      type: 'close',
      conn: 1,
      seq: 4,
      time: ORIGIN + 7,
      code: 1006,
      reason: '',
      wasClean: false,
    });
  });
});

describe('toRecord: text frames', () => {
  it('keeps the text, size in UTF-8 bytes', () => {
    const rec = toRecord(textFrame('héllo €😀'), ctx());
    expect(rec).toEqual({
      type: 'frame',
      conn: 2,
      seq: 5,
      time: ORIGIN + 10.5,
      dir: 'sent',
      opcode: 'text',
      data: 'héllo €😀',
      size: 1 + 2 + 3 + 1 + 3 + 4,
      truncated: false,
    });
  });

  it('a text exactly at the cap is not truncated', () => {
    const rec = toRecord(textFrame('ab€'), ctx(5));
    expect(rec).toMatchObject({ data: 'ab€', size: 5, truncated: false });
  });

  it('over the cap: cut on a UTF-8 boundary, size is the full length', () => {
    // a b € c d = 1 + 1 + 3 + 1 + 1 bytes
    expect(toRecord(textFrame('ab€cd'), ctx(5))).toMatchObject({ data: 'ab€', size: 7, truncated: true });
    // the € (bytes 3–5) does not fit in 4: it is dropped whole, never split
    expect(toRecord(textFrame('ab€cd'), ctx(4))).toMatchObject({ data: 'ab', size: 7, truncated: true });
    // a surrogate pair is never split
    expect(toRecord(textFrame('😀😀'), ctx(7))).toMatchObject({ data: '😀', size: 8, truncated: true });
  });

  it('a large ASCII text keeps exactly cap characters', () => {
    const rec = toRecord(textFrame('x'.repeat(5000)), ctx(1024));
    expect(rec).toMatchObject({ size: 5000, truncated: true });
    expect(rec.type === 'frame' && rec.opcode === 'text' && rec.data).toBe('x'.repeat(1024));
  });

  it('the empty string is a 0-byte frame', () => {
    expect(toRecord(textFrame(''), ctx(1024))).toMatchObject({ data: '', size: 0, truncated: false });
  });
});

describe('toRecord: binary frames', () => {
  it('ArrayBuffer under the cap: all bytes, binKind arraybuffer by default', () => {
    const rec = toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'received', data: bytes(0, 1, 255) }, ctx());
    expect(rec).toMatchObject({
      type: 'frame',
      opcode: 'binary',
      dir: 'received',
      binKind: 'arraybuffer',
      size: 3,
      truncated: false,
      time: ORIGIN + 3,
    });
    expect(rec.type === 'frame' && asArray(rec.data)).toEqual([0, 1, 255]);
  });

  it('the kind the hook saw is kept', () => {
    for (const kind of ['typedarray', 'dataview', 'arraybuffer', 'blob'] as const) {
      expect(toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'sent', data: bytes(1), kind }, ctx())).toMatchObject({ binKind: kind });
    }
  });

  it('over the cap: the first cap bytes, size is the full length', () => {
    const rec = toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'sent', data: bytes(1, 2, 3, 4, 5, 6), kind: 'typedarray' }, ctx(4));
    expect(rec).toMatchObject({ size: 6, truncated: true, binKind: 'typedarray' });
    expect(rec.type === 'frame' && asArray(rec.data)).toEqual([1, 2, 3, 4]);
  });

  it('exactly at the cap: not truncated', () => {
    const rec = toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'sent', data: bytes(1, 2, 3, 4) }, ctx(4));
    expect(rec).toMatchObject({ size: 4, truncated: false });
    expect(rec.type === 'frame' && asArray(rec.data)).toEqual([1, 2, 3, 4]);
  });

  it('a Blob read by the caller: bytes from `binary`, size from fullSize, binKind blob', () => {
    const blob = new Blob([new Uint8Array(100)]);
    const rec = toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'received', data: blob }, ctx(4), {
      bytes: bytes(9, 8, 7, 6),
      fullSize: 100,
    });
    expect(rec).toMatchObject({ opcode: 'binary', binKind: 'blob', size: 100, truncated: true });
    expect(rec.type === 'frame' && asArray(rec.data)).toEqual([9, 8, 7, 6]);
  });

  it('a Blob read whole is not truncated', () => {
    const blob = new Blob([new Uint8Array([1, 2])]);
    const rec = toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'received', data: blob, kind: 'blob' }, ctx(), {
      bytes: bytes(1, 2),
      fullSize: 2,
    });
    expect(rec).toMatchObject({ binKind: 'blob', size: 2, truncated: false });
  });

  it('an unreadable Blob (0 bytes read) is a truncated frame of its full size', () => {
    const blob = new Blob([new Uint8Array(10)]);
    const rec = toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'received', data: blob }, ctx(), { bytes: new ArrayBuffer(0), fullSize: 10 });
    expect(rec).toMatchObject({ size: 10, truncated: true });
    expect(rec.type === 'frame' && asArray(rec.data)).toEqual([]);
  });

  it('bytes handed in beyond the cap are still capped', () => {
    const blob = new Blob([new Uint8Array(6)]);
    const rec = toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'received', data: blob }, ctx(2), {
      bytes: bytes(1, 2, 3, 4, 5, 6),
      fullSize: 6,
    });
    expect(rec).toMatchObject({ size: 6, truncated: true });
    expect(rec.type === 'frame' && asArray(rec.data)).toEqual([1, 2]);
  });
});

describe('toRecord → History', () => {
  it('truncated frames are counted by the history; its byte accounting uses the kept part', () => {
    const h = new History({ ...DEFAULT_BOUNDS, maxFrameBytes: 4 });
    const c = { ...ctx(4) };
    h.add(toRecord(textFrame('abcdefgh'), c));
    h.add(toRecord({ type: 'frame', conn: 1, seq: 2, t: 3, dir: 'sent', data: bytes(1, 2, 3, 4, 5) }, c));
    h.add(toRecord(textFrame('abc'), c));
    expect(h.dropped).toEqual({ frames: 0, bytes: 0, truncated: 2 });
    expect(h.payloadBytes).toBe(4 + 4 + 3);
  });
});
