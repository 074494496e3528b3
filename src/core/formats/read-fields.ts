/**
 * What every log reader shares: the error that refuses a file (`fail`, its message shown to the
 * user as it is), and readers of a parsed JSON value's fields that say which record and which field
 * is wrong. Also the two shapes both formats write: a `close()` call and Base64 data.
 */
import type { HandshakeInfo, HttpHeader } from '../protocol';
import { base64ToBytes, CodecError } from '../codec';
import { formatCount } from '../format';
import type { DraftConnection } from './session';

/** A problem with the input; its message is shown to the user as it is. */
export class ImportError extends Error {}

export function fail(message: string): never {
  throw new ImportError(message);
}





export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `"${clip(v)}"`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'an object';
  return String(v);
}

export function clip(s: string, max = 80): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

export function plural(n: number, word: string, words = word + 's'): string {
  return `${formatCount(n)} ${n === 1 ? word : words}`;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function asObject(v: unknown, where: string): Record<string, unknown> {
  if (!isObject(v)) fail(`${where} should be an object, not ${describeValue(v)}.`);
  return v;
}

// Field readers: the value, or the fallback when the field is absent; a clear error when it has the wrong type.

export function str(o: Record<string, unknown>, key: string, where: string, fallback?: string): string {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string') fail(`${where}: "${key}" should be a string, not ${describeValue(v)}.`);
  return v;
}

export function num(o: Record<string, unknown>, key: string, where: string): number {
  const v = o[key];
  if (!isFiniteNumber(v)) fail(`${where}: "${key}" should be a number, not ${describeValue(v)}.`);
  return v;
}

export function numOrNull(o: Record<string, unknown>, key: string, where: string): number | null {
  return o[key] === undefined || o[key] === null ? null : num(o, key, where);
}

export function bool(o: Record<string, unknown>, key: string, where: string, fallback?: boolean): boolean {
  const v = o[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean') fail(`${where}: "${key}" should be true or false, not ${describeValue(v)}.`);
  return v;
}

export function strArray(o: Record<string, unknown>, key: string, where: string, fallback: string[]): string[] {
  const v = o[key];
  if (v === undefined) return fallback;
  if (!isStringArray(v)) fail(`${where}: "${key}" should be a list of strings.`);
  return [...v];
}

export function numArray(o: Record<string, unknown>, key: string, where: string, fallback: number[]): number[] {
  const v = o[key];
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || !v.every(isFiniteNumber)) fail(`${where}: "${key}" should be a list of numbers.`);
  return [...(v as number[])];
}

export function oneOf<T extends string>(o: Record<string, unknown>, key: string, where: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(`${where}: "${key}" should be ${allowed.map((a) => `"${a}"`).join(' or ')}, not ${describeValue(v)}.`);
  }
  return v as T;
}


/** A `close()` call as both formats write it (`logClosing` in `./export.ts`). */
export function readClosing(value: unknown, where: string): DraftConnection['closing'] {
  if (value === undefined || value === null) return null;
  const o = asObject(value, where);
  const closing: NonNullable<DraftConnection['closing']> = {
    code: numOrNull(o, 'code', where),
    reason: str(o, 'reason', where, ''),
    time: num(o, 'time', where),
  };
  if (o.byPanel === true) closing.byPanel = true;
  return closing;
}

export function decodeBase64(data: string, where: string): Uint8Array {
  try {
    return base64ToBytes(data);
  } catch (e) {
    if (e instanceof CodecError) fail(`${where}: its data is not valid Base64. ${e.message}`);
    throw e;
  }
}

function headerList(v: unknown): HttpHeader[] | null {
  if (!Array.isArray(v)) return null;
  const out: HttpHeader[] = [];
  for (const h of v) {
    if (!isObject(h) || typeof h.name !== 'string' || typeof h.value !== 'string') return null;
    out.push({ name: h.name, value: h.value });
  }
  return out;
}

/** A connection's handshake as our exports write it (`HandshakeInfo`), or undefined when it is not one. */
export function readHandshake(v: unknown): HandshakeInfo | undefined {
  if (!isObject(v)) return undefined;
  const requestHeaders = headerList(v.requestHeaders);
  const responseHeaders = headerList(v.responseHeaders);
  if (requestHeaders === null || responseHeaders === null || typeof v.url !== 'string' || !isFiniteNumber(v.requestTime)) return undefined;
  return {
    source: v.source === 'debugger' ? 'debugger' : 'webRequest',
    requestId: typeof v.requestId === 'string' ? v.requestId : '',
    url: v.url,
    requestTime: v.requestTime,
    requestHeaders,
    responseTime: isFiniteNumber(v.responseTime) ? v.responseTime : null,
    statusLine: typeof v.statusLine === 'string' ? v.statusLine : '',
    status: isFiniteNumber(v.status) ? v.status : 0,
    responseHeaders,
    error: typeof v.error === 'string' ? v.error : '',
  };
}

/** Any `[{name, value}]` list of a file, kept only when every item is a string pair. */
export function readHeaderList(v: unknown): HttpHeader[] {
  return headerList(v) ?? [];
}
