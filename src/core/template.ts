/**
 * Response templates of auto-response rules: text with placeholders.
 *
 *   {{$1}}      group 1 of the rule's /regex/ match ({{$0}}: the whole match); a group that took
 *               part in no match is inserted as nothing
 *   {{id}}      the sent frame's JSON field `id`, inserted as JSON: a number as 7, a string as
 *   {{a.b.0}}   "seven" (with its quotes), an object as its JSON; so {"type":"pong","id":{{id}}}
 *               answers both {"id":7} and {"id":"x"} with valid JSON
 *   \{{         a literal {{
 *
 * Spaces inside the braces are ignored. A `}}` outside a placeholder is plain text (JSON ends
 * objects that way). An unclosed `{{`, an empty one or anything else inside is an error, worded
 * for the rules dialog. Pure.
 */
import { fieldAt, parsePath } from './field-match';

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'group'; n: number } | { kind: 'field'; path: string[] };

export interface Template {
  parts: TemplatePart[];
}

export type TemplateParse = { ok: true; template: Template } | { ok: false; error: string };

const GROUP = /^\$(\d+)$/;

export function parseTemplate(src: string): TemplateParse {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('\\{{', i)) {
      text += '{{';
      i += 3;
      continue;
    }
    if (!src.startsWith('{{', i)) {
      text += src[i];
      i++;
      continue;
    }
    const end = src.indexOf('}}', i + 2);
    const at = `at character ${i + 1}`;
    if (end === -1) return { ok: false, error: `{{ ${at} is not closed: end it with }} (write \\{{ for a literal {{).` };
    const inner = src.slice(i + 2, end).trim();
    const whole = src.slice(i, end + 2);
    if (inner === '') return { ok: false, error: `${whole} ${at} is empty: write {{$1}} for a group of the match or {{id}} for a field of the sent JSON.` };
    const g = GROUP.exec(inner);
    const path = g === null ? parsePath(inner) : null;
    if (g === null && path === null)
      return { ok: false, error: `${whole} ${at}: unknown syntax; write {{$1}} for a group of the match or {{id}}, {{a.b}} for a field of the sent JSON.` };
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
    parts.push(g !== null ? { kind: 'group', n: Number(g[1]) } : { kind: 'field', path: path! });
    i = end + 2;
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return { ok: true, template: { parts } };
}

/** The highest group number the template uses (-1: none). */
export function highestGroup(t: Template): number {
  return t.parts.reduce((max, p) => (p.kind === 'group' && p.n > max ? p.n : max), -1);
}

/** Whether the template reads fields of the sent frame's JSON. */
export function usesFields(t: Template): boolean {
  return t.parts.some((p) => p.kind === 'field');
}

export interface RenderInput {
  /** The match: [whole, group 1, …]; a group that took part in no match is undefined. */
  groups: readonly (string | undefined)[];
  /** The sent frame's JSON, parsed; `undefined` when it is not JSON. */
  json: unknown;
}

export type Rendered = { ok: true; text: string } | { ok: false; error: string };

/** The response the template makes of one sent frame, or why it cannot make one. */
export function renderTemplate(t: Template, input: RenderInput): Rendered {
  let out = '';
  for (const p of t.parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'group') out += input.groups[p.n] ?? '';
    else {
      const name = p.path.join('.');
      if (input.json === undefined) return { ok: false, error: `the sent frame is not JSON, so it has no field ${name}` };
      const at = fieldAt(input.json, p.path);
      if (!at.found || at.value === undefined) return { ok: false, error: `the sent frame has no field ${name}` };
      out += JSON.stringify(at.value);
    }
  }
  return { ok: true, text: out };
}
