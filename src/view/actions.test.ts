import { describe, expect, it } from 'vitest';
import { draftFromFrame } from './actions';
import { closeInputError } from './ActPanel';
import { binaryFrame, textFrame as text } from '../core/fixtures/records';

describe('draftFromFrame', () => {
  it('opens JSON text as JSON, other text as text', () => {
    expect(draftFromFrame(text('{"a":1}'))).toEqual({ mode: 'json', text: '{"a":1}' });
    expect(draftFromFrame(text('  [1,2]'))).toEqual({ mode: 'json', text: '  [1,2]' });
    expect(draftFromFrame(text('{not json'))).toEqual({ mode: 'text', text: '{not json' });
    expect(draftFromFrame(text('hello'))).toEqual({ mode: 'text', text: 'hello' });
  });
  it('opens binary as hex, byte for byte', () => {
    expect(draftFromFrame(binaryFrame([0, 15, 16, 255]))).toEqual({ mode: 'hex', text: '00 0f 10 ff' });
    expect(draftFromFrame(binaryFrame([0, 15, 16, 255]), null)).toEqual({ mode: 'hex', text: '00 0f 10 ff' });
  });
  it('opens a binary frame decoded with a Protobuf schema as its JSON, pretty-printed, to be encoded into its type', () => {
    const target = { type: 'lens.market.Envelope', typeField: 'type', payloadField: 'payload' };
    const json = { type: 'Heartbeat', seq: '1', payload: { '@type': 'lens.market.Heartbeat', seq: '1' } };
    expect(draftFromFrame(binaryFrame([10, 1, 65]), { json, target })).toEqual({ mode: 'json', text: JSON.stringify(json, null, 2), protobuf: target });
    // A text frame is its text whatever is passed.
    expect(draftFromFrame(text('hello'), { json, target })).toEqual({ mode: 'text', text: 'hello' });
  });
});

describe('closeInputError', () => {
  it('accepts no code, 1000 and 3000–4999', () => {
    for (const c of ['', '1000', '3000', '4999', ' 4001 ']) expect(closeInputError(c, ''), c).toBeNull();
  });
  it('refuses codes a page may not send, saying which are allowed', () => {
    expect(closeInputError('1006', '')).toBe('1006 (Abnormal Closure) cannot be sent by a page: use 1000, or 3000–4999.');
    expect(closeInputError('5000', '')).toMatch(/^5000 .* cannot be sent by a page/);
    expect(closeInputError('abc', '')).toBe('"abc" is not a close code: use 1000, or 3000–4999.');
  });
  it('needs a code for a reason, and at most 123 UTF-8 bytes of reason', () => {
    expect(closeInputError('', 'bye')).toBe('A close reason needs a close code.');
    expect(closeInputError('1000', 'é'.repeat(61))).toBeNull(); // 122 bytes
    expect(closeInputError('1000', 'é'.repeat(62))).toBe('The reason is 124 bytes of UTF-8; at most 123 are allowed.');
  });
});
