import { describe, expect, it } from 'vitest';
import { framePreview, PREVIEW_CHARS } from './rows';
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
