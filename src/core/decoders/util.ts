import type { DecodedFrame, DecodedMessage, DecodeInput, DecoderId } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Enc = new TextEncoder();

export function textOf(frame: DecodeInput): string {
  return typeof frame.data === 'string' ? frame.data : utf8.decode(frame.data);
}

/** The frame's text, or null when its bytes are not valid UTF-8. */
export function strictTextOf(frame: DecodeInput): string | null {
  if (typeof frame.data === 'string') return frame.data;
  try {
    return utf8Strict.decode(frame.data);
  } catch {
    return null;
  }
}

export function bytesOf(frame: DecodeInput): Uint8Array {
  return typeof frame.data === 'string' ? utf8Enc.encode(frame.data) : frame.data;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** JSON.parse that returns undefined instead of throwing. */
export function tryJson(text: string): unknown {
  const c = text.charCodeAt(0);
  // Cheap pre-check: JSON values start with { [ " digit - t f n.
  if (!(c === 123 || c === 91 || c === 34 || (c >= 48 && c <= 57) || c === 45 || c === 116 || c === 102 || c === 110 || c === 32 || c === 10 || c === 13 || c === 9)) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** A short, one-line rendering of any decoded value. */
export function preview(v: unknown, max = 120): string {
  let s: string;
  try {
    s = v === undefined ? '' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, replacer);
  } catch {
    s = String(v);
  }
  if (s === undefined) s = String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function replacer(_k: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Map) return Object.fromEntries(v);
  return v;
}

export function oneLine(s: string, max = 120): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function frameOf(protocol: DecoderId, messages: DecodedMessage[], extra?: { note?: string; partOf?: number }): DecodedFrame {
  const names: string[] = [];
  for (const m of messages) if (m.name && !names.includes(m.name)) names.push(m.name);
  const summary = messages.length === 1 ? messages[0]!.summary : messages.length === 0 ? extra?.note ?? '' : `${messages.length} messages: ${messages.map((m) => m.summary).join(' | ')}`;
  const f: DecodedFrame = { protocol, messages, name: names.join(', '), summary: oneLine(summary, 200) };
  if (extra?.note) f.note = extra.note;
  if (extra?.partOf !== undefined) f.partOf = extra.partOf;
  return f;
}

export function errorFrame(protocol: DecoderId, err: unknown): DecodedFrame {
  const error = errorMessage(err);
  return { protocol, messages: [], name: '', summary: `could not decode: ${error}`, error };
}

/** Wraps a stateless per-frame function as a DecoderState that never throws. */
export function stateless(protocol: DecoderId, fn: (frame: DecodeInput) => DecodedMessage[]): { decode(frame: DecodeInput): { frame: DecodedFrame } } {
  return {
    decode(frame) {
      try {
        return { frame: frameOf(protocol, fn(frame)) };
      } catch (err) {
        return { frame: errorFrame(protocol, err) };
      }
    },
  };
}

/** Name for plain JSON-ish objects: the first of the usual discriminating fields. */
export function guessName(v: unknown): string {
  if (isObject(v)) {
    for (const k of ['type', 'event', 'action', 'method', 'op', 'cmd', 'command', 'channel', 'topic', 'name', 'kind']) {
      const x = v[k];
      if (typeof x === 'string' && x.length <= 80) return x;
      if (typeof x === 'number') return `${k}=${x}`;
    }
    return '';
  }
  if (Array.isArray(v) && typeof v[0] === 'string' && v[0].length <= 80) return v[0];
  return '';
}
