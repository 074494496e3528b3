import { describe, expect, it } from 'vitest';
import { encodeDraft, formatJson, jsonError, parseSavedParam, parseStoredSaved, savable, switchMode } from './message-draft';

describe('encodeDraft', () => {
  it('sends text as it is', () => {
    expect(encodeDraft({ mode: 'text', text: 'héllo' })).toEqual({ ok: true, data: 'héllo' });
  });
  it('sends valid JSON as text, invalid JSON as text with a warning', () => {
    expect(encodeDraft({ mode: 'json', text: '{"a":1}' })).toEqual({ ok: true, data: '{"a":1}' });
    const bad = encodeDraft({ mode: 'json', text: '{"a":' });
    expect(bad).toMatchObject({ ok: true, data: '{"a":', warning: expect.stringContaining('Not valid JSON') });
  });
  it('parses hex and Base64 into bytes, refusing errors with their position', () => {
    expect(encodeDraft({ mode: 'hex', text: '00 ff 0x4142' })).toEqual({ ok: true, data: new Uint8Array([0, 255, 0x41, 0x42]) });
    expect(encodeDraft({ mode: 'base64', text: 'AAH+/0FC' })).toEqual({ ok: true, data: new Uint8Array([0, 1, 0xfe, 0xff, 0x41, 0x42]) });
    expect(encodeDraft({ mode: 'hex', text: '00 0g' })).toEqual({ ok: false, error: expect.stringContaining('position 5'), position: 5 });
    expect(encodeDraft({ mode: 'base64', text: 'AA%A' })).toMatchObject({ ok: false, position: 3 });
  });
  it('sends a file as bytes, and asks for one when none is chosen', () => {
    expect(encodeDraft({ mode: 'file', text: '', file: { name: 'a.bin', bytes: new Uint8Array([7]) } })).toEqual({
      ok: true,
      data: new Uint8Array([7]),
    });
    expect(encodeDraft({ mode: 'file', text: '' })).toMatchObject({ ok: false, error: 'Choose a file to send.' });
  });
});

describe('JSON helpers', () => {
  it('reports the position of a JSON error (1-based)', () => {
    const e = jsonError('{"a" 1}');
    expect(e?.message).toBeTruthy();
    expect(e?.position).toBe(6);
    expect(jsonError('[1]')).toBeNull();
  });
  it('pretty-prints and minifies', () => {
    expect(formatJson('{"a":[1,2]}', true)).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(formatJson('{ "a" : [ 1 , 2 ] }', false)).toBe('{"a":[1,2]}');
    expect(() => formatJson('{', true)).toThrow(SyntaxError);
  });
});

describe('switchMode', () => {
  it('keeps the bytes between text, hex and Base64', () => {
    const hex = switchMode({ mode: 'text', text: 'Hi' }, 'hex');
    expect(hex.text).toBe('48 69');
    const b64 = switchMode(hex, 'base64');
    expect(b64.text).toBe('SGk=');
    expect(switchMode(b64, 'text').text).toBe('Hi');
  });
  it('keeps the text when no faithful conversion exists', () => {
    expect(switchMode({ mode: 'hex', text: 'zz' }, 'base64').text).toBe('zz');
    expect(switchMode({ mode: 'hex', text: 'ff fe' }, 'text').text).toBe('ff fe');
    expect(switchMode({ mode: 'text', text: '{}' }, 'json').text).toBe('{}');
  });
});

describe('saved messages', () => {
  let n = 0;
  const id = () => `id${++n}`;
  it('parses the ?saved= hand-off, skipping malformed entries', () => {
    const list = parseSavedParam(
      JSON.stringify([
        { name: 'a', data: 'hi' },
        { data: '{"x":1}' },
        { name: 'b', data: 'AAE=', binary: true },
        { name: 'bad', data: '%%', binary: true },
        5,
        { name: 'nodata' },
      ]),
      id,
    );
    expect(list.map((m) => [m.name, m.mode, m.text])).toEqual([
      ['a', 'text', 'hi'],
      ['Message 2', 'json', '{"x":1}'],
      ['b', 'base64', 'AAE='],
    ]);
    expect(parseSavedParam('not json', id)).toEqual([]);
    expect(parseSavedParam('{}', id)).toEqual([]);
  });
  it('saves a file as Base64', () => {
    expect(savable({ mode: 'file', text: '', file: { name: 'f', bytes: new Uint8Array([0, 1]) } })).toEqual({
      mode: 'base64',
      text: 'AAE=',
    });
    expect(savable({ mode: 'file', text: '' })).toBeNull();
    expect(savable({ mode: 'hex', text: '00' })).toEqual({ mode: 'hex', text: '00' });
  });
  it('reads stored lists defensively', () => {
    expect(
      parseStoredSaved([{ id: 'a', name: 'n', mode: 'text', text: 't' }, { id: 'b', name: 'n', mode: 'file', text: '' }, null]),
    ).toEqual([{ id: 'a', name: 'n', mode: 'text', text: 't' }]);
    expect(parseStoredSaved(undefined)).toEqual([]);
  });
});
