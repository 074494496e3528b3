import { describe, expect, it } from 'vitest';
import { framePreview, PREVIEW_CHARS, StoredFrameRow } from './rows';
import { binaryFrame, textFrame } from './fixtures/records';

describe('framePreview', () => {
  const textRec = (data: string) => textFrame(data);
  const binRec = (n: number) => binaryFrame(Array.from({ length: n }, (_, i) => i));

  it('text on one line: runs of CR, LF and tabs become one space', () => {
    expect(framePreview(textRec('a\r\nb\t\tc\nd'))).toBe('a b c d');
    expect(framePreview(textRec(''))).toBe('');
  });

  it(`text is cut at ${PREVIEW_CHARS} characters`, () => {
    expect(framePreview(textRec('x'.repeat(PREVIEW_CHARS)))).toBe('x'.repeat(PREVIEW_CHARS));
    expect(framePreview(textRec('y'.repeat(PREVIEW_CHARS + 50)))).toBe('y'.repeat(PREVIEW_CHARS));
  });

  it('binary: hex of the first 48 bytes, an ellipsis when there is more', () => {
    expect(framePreview(binRec(3))).toBe('00 01 02');
    expect(framePreview(binRec(0))).toBe('');
    const hex48 = Array.from({ length: 48 }, (_, i) => i.toString(16).padStart(2, '0')).join(' ');
    expect(framePreview(binRec(48))).toBe(hex48);
    expect(framePreview(binRec(49))).toBe(hex48 + ' …');
  });
});

describe('StoredFrameRow', () => {
  it('is the row and its record in one object: every field of the record, rec the row itself', () => {
    const rec = textFrame('héllo', { rseq: 7, conn: 2, seq: 3, time: 1795306503190.6235, dir: 'received' });
    const row = new StoredFrameRow(5, 'doc', 'doc:2', rec);
    expect(row.rec).toBe(row);
    expect(row).toEqual({ kind: 'frame', id: 5, docId: 'doc', connKey: 'doc:2', ...rec });
    expect(Object.keys(row)).toEqual(['kind', 'id', 'docId', 'connKey', 'type', 'rseq', 'conn', 'seq', 'time', 'dir', 'opcode', 'data', 'size', 'truncated']);
    // What the decoders read of it (DecodeInput).
    expect([row.id, row.dir, row.opcode, row.data, row.time]).toEqual([5, 'received', 'text', 'héllo', 1795306503190.6235]);
  });

  it('copies the optional fields only when the record has them, an import\'s marks among them', () => {
    const text = new StoredFrameRow(1, 'd', 'd:1', Object.assign(textFrame('x', { mark: 'mocked', original: 'y', note: 'answered' }), { marks: ['rewritten'] }));
    expect(text.rec).toMatchObject({ mark: 'mocked', original: 'y', note: 'answered', marks: ['rewritten'] });
    const bin = new StoredFrameRow(2, 'd', 'd:1', binaryFrame([1, 2, 3], { binKind: 'blob' }));
    expect(bin.rec).toMatchObject({ opcode: 'binary', binKind: 'blob', data: Uint8Array.from([1, 2, 3]), size: 3 });
    for (const k of ['mark', 'original', 'note', 'marks']) expect(Object.hasOwn(bin, k)).toBe(false);
    expect(Object.hasOwn(new StoredFrameRow(3, 'd', 'd:1', textFrame('z')), 'binKind')).toBe(false);
  });
});
