import { describe, expect, it } from 'vitest';
import { highestGroup, parseTemplate, renderTemplate, usesFields, type Template } from './template';

const t = (src: string): Template => {
  const p = parseTemplate(src);
  if (!p.ok) throw new Error(p.error);
  return p.template;
};
const error = (src: string) => {
  const p = parseTemplate(src);
  return p.ok ? null : p.error;
};
const render = (src: string, groups: (string | undefined)[], json: unknown) => renderTemplate(t(src), { groups, json });

describe('parseTemplate', () => {
  it('splits text, groups and fields; }} outside a placeholder is text', () => {
    expect(t('{"type":"pong","id":{{id}}}').parts).toEqual([
      { kind: 'text', text: '{"type":"pong","id":' },
      { kind: 'field', path: ['id'] },
      { kind: 'text', text: '}' },
    ]);
    expect(t('{{ $1 }}-{{a.b.0}}').parts).toEqual([
      { kind: 'group', n: 1 },
      { kind: 'text', text: '-' },
      { kind: 'field', path: ['a', 'b', '0'] },
    ]);
    // $ and digits is a group; any other name, $type too, a field.
    expect(t('{{$type}}').parts).toEqual([{ kind: 'field', path: ['$type'] }]);
    expect(t('{"a":{"b":1}}').parts).toEqual([{ kind: 'text', text: '{"a":{"b":1}}' }]);
    expect(t('').parts).toEqual([]);
  });
  it('reads \\{{ as a literal {{ and leaves other backslashes alone', () => {
    expect(t('\\{{id}} {{id}} "a\\"b\\n"').parts).toEqual([
      { kind: 'text', text: '{{id}} ' },
      { kind: 'field', path: ['id'] },
      { kind: 'text', text: ' "a\\"b\\n"' },
    ]);
  });
  it('says what is wrong and where', () => {
    expect(error('{"id":{{id}')).toBe('{{ at character 7 is not closed: end it with }} (write \\{{ for a literal {{).');
    expect(error('x {{}}')).toBe('{{}} at character 3 is empty: write {{$1}} for a group of the match or {{id}} for a field of the sent JSON.');
    expect(error('{{ a b }}')).toBe('{{ a b }} at character 1: unknown syntax; write {{$1}} for a group of the match or {{id}}, {{a.b}} for a field of the sent JSON.');
    expect(error('{{a{{b}}')).toMatch(/unknown syntax/);
    expect(error('{{a..b}}')).toMatch(/unknown syntax/);
  });
  it('knows the highest group and whether fields are used', () => {
    expect(highestGroup(t('{{$2}}{{$0}}'))).toBe(2);
    expect(highestGroup(t('{{$123}}'))).toBe(123);
    expect(highestGroup(t('{{id}}'))).toBe(-1);
    expect(usesFields(t('{{$1}}'))).toBe(false);
    expect(usesFields(t('{{a.b}}'))).toBe(true);
  });
});

describe('renderTemplate', () => {
  it('inserts groups as text (a group that took no part as nothing) and fields as JSON', () => {
    expect(render('{"type":"pong","id":{{id}}}', ['x'], { id: 7 })).toEqual({ ok: true, text: '{"type":"pong","id":7}' });
    expect(render('{"type":"pong","id":{{id}}}', ['x'], { id: 'seven "7"' })).toEqual({ ok: true, text: '{"type":"pong","id":"seven \\"7\\""}' });
    expect(render('{{o}} {{a.1}} {{n}} {{b}}', [''], { o: { x: [1] }, a: [0, 'z'], n: null, b: false })).toEqual({ ok: true, text: '{"x":[1]} "z" null false' });
    expect(render('[{{$0}}|{{$1}}|{{$2}}]', ['ab', 'a', undefined], undefined)).toEqual({ ok: true, text: '[ab|a|]' });
  });
  it('cannot render a field the frame lacks, or any field of a frame that is not JSON', () => {
    expect(render('{{id}}', [''], { type: 'ping' })).toEqual({ ok: false, error: 'the sent frame has no field id' });
    expect(render('{{a.b}}', [''], { a: 1 })).toEqual({ ok: false, error: 'the sent frame has no field a.b' });
    expect(render('{{id}}', ['ping'], undefined)).toEqual({ ok: false, error: 'the sent frame is not JSON, so it has no field id' });
  });
});
