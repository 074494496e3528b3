/**
 * A simple match on a field of a JSON frame, for auto-response rules: `type = "ping"`, `a.b = 3`,
 * `items.0.ok = true`. The left side is a path of field names (letters, digits, `_`, `$`, `-`)
 * or array indexes, separated by dots; the right side a JSON value that is not an object or an
 * array: a "quoted string", a number, true, false or null. `==` is read as `=`. Pure.
 */

export type JsonPrimitive = string | number | boolean | null;

export interface FieldMatch {
  path: string[];
  value: JsonPrimitive;
}

export type FieldMatchParse = { ok: true; match: FieldMatch | null } | { ok: false; error: string };

const SEGMENT = /^[A-Za-z0-9_$-]+$/;

/** Splits `a.b.0` into its segments, or null when it is not a field path. */
export function parsePath(text: string): string[] | null {
  const path = text.split('.');
  return path.every((s) => SEGMENT.test(s)) ? path : null;
}

/** Parses a field match; '' (or only spaces) is no field match at all. */
export function parseFieldMatch(input: string): FieldMatchParse {
  const text = input.trim();
  if (text === '') return { ok: true, match: null };
  const eq = text.indexOf('=');
  if (eq === -1) return { ok: false, error: `JSON field: write field = value, e.g. type = "ping" (no = in ${text}).` };
  const left = text.slice(0, eq).trim();
  const right = text.slice(text[eq + 1] === '=' ? eq + 2 : eq + 1).trim();
  if (left === '') return { ok: false, error: 'JSON field: the field name before = is missing, e.g. type = "ping".' };
  const path = parsePath(left);
  if (path === null) return { ok: false, error: `JSON field: ${left} is not a field name (names such as type or a.b, separated by dots).` };
  let value: unknown;
  try {
    value = JSON.parse(right);
  } catch {
    value = undefined;
  }
  if (value === undefined || (value !== null && typeof value === 'object'))
    return { ok: false, error: `JSON field: the value after = must be a "quoted string", a number, true, false or null (not ${right === '' ? 'nothing' : right}).` };
  return { ok: true, match: { path, value: value as JsonPrimitive } };
}

/** The value at `path` in a parsed JSON value (own fields only; arrays by index), if there is one. */
export function fieldAt(json: unknown, path: readonly string[]): { found: true; value: unknown } | { found: false } {
  let v = json;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return { found: false };
    v = (v as Record<string, unknown>)[key];
  }
  return { found: true, value: v };
}

/** Whether the parsed JSON value `json` has the field with that value. */
export function matchesField(json: unknown, m: FieldMatch): boolean {
  const at = fieldAt(json, m.path);
  return at.found && at.value === m.value;
}
