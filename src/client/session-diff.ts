/**
 * Compares what a server sent back when a session was played with what the recording received:
 * frame by frame in order, side by side. JSON is compared by value (key order and spacing do not
 * matter), ignoring the fields the user marks as volatile (by name, at any depth: ids, times);
 * other text and binary frames are compared exactly.
 */
import type { RecordedFrame } from './session-playback';

export type DiffStatus = 'same' | 'differs' | 'missing' | 'extra';

export interface DiffRow {
  /** 1-based position among the received frames. */
  n: number;
  recorded: RecordedFrame | null;
  played: RecordedFrame | null;
  status: DiffStatus;
  /** Where JSON values differ (`$.a.b[2]`), for a `differs` row of JSON frames. */
  paths: string[];
}

export interface Diff {
  rows: DiffRow[];
  same: number;
  differs: number;
  missing: number;
  extra: number;
}

function parseJson(f: RecordedFrame): { ok: true; value: unknown } | { ok: false } {
  if (f.binary) return { ok: false };
  const t = f.data.trim();
  if (t === '' || !'{["'.includes(t[0]) && !/^-?\d/.test(t) && !/^(true|false|null)$/.test(t)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(t) };
  } catch {
    return { ok: false };
  }
}

function diffValues(a: unknown, b: unknown, volatile: ReadonlySet<string>, path: string, out: string[]): void {
  if (out.length >= 20) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (i >= a.length || i >= b.length) out.push(`${path}[${i}]`);
      else diffValues(a[i], b[i], volatile, `${path}[${i}]`, out);
    }
    return;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (volatile.has(k)) continue;
      const p = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      if (!(k in a) || !(k in b)) out.push(p);
      else diffValues(a[k], b[k], volatile, p, out);
    }
    return;
  }
  if (!Object.is(a, b)) out.push(path);
}

/** Compares one pair: null when they match, else the differing paths ([] for non-JSON). */
function compareFrames(recorded: RecordedFrame, played: RecordedFrame, volatile: ReadonlySet<string>): string[] | null {
  if (recorded.binary !== played.binary) return [];
  const a = parseJson(recorded);
  const b = parseJson(played);
  if (a.ok && b.ok) {
    const paths: string[] = [];
    diffValues(a.value, b.value, volatile, '$', paths);
    return paths.length === 0 ? null : paths;
  }
  return recorded.data === played.data ? null : [];
}

export function volatileFields(text: string): Set<string> {
  return new Set(
    text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

export function diffSessions(recorded: readonly RecordedFrame[], played: readonly RecordedFrame[], volatile: ReadonlySet<string>): Diff {
  const a = recorded.filter((f) => f.dir === 'received');
  const b = played.filter((f) => f.dir === 'received');
  const rows: DiffRow[] = [];
  const d: Diff = { rows, same: 0, differs: 0, missing: 0, extra: 0 };
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const r = a[i] ?? null;
    const p = b[i] ?? null;
    let status: DiffStatus;
    let paths: string[] = [];
    if (r === null) status = 'extra';
    else if (p === null) status = 'missing';
    else {
      const c = compareFrames(r, p, volatile);
      status = c === null ? 'same' : 'differs';
      paths = c ?? [];
    }
    d[status]++;
    rows.push({ n: i + 1, recorded: r, played: p, status, paths });
  }
  return d;
}
