/**
 * Network faults for a site (issue 15, the latency and drop-rate part): added latency per
 * direction (a fixed delay plus a uniform 0..jitter), and a drop rate per direction, optionally
 * limited to the connections whose URL a pattern (`./pattern.ts`) matches. Kept per site (the
 * page's origin) in `storage.local` under `faults`, like the rules; applied by the relay
 * (src/relay/faults.ts) through the hook's holds. Pure: validation, the form's fields, storage
 * shape, and the decision for one frame.
 */
import type { HookRule } from './protocol';
import { parsePattern, regExpOf } from './pattern';

export interface DirectionFault {
  /** Fixed added latency, ms. */
  latency: number;
  /** Uniform extra latency 0..jitter, ms. */
  jitter: number;
  /** Percentage of frames dropped, 0–100. */
  drop: number;
}

export interface Faults {
  enabled: boolean;
  /** Which connections, by URL, in the one pattern grammar; '' for all of the site's. */
  url: string;
  sent: DirectionFault;
  received: DirectionFault;
}

/** storage.local key; the value maps a site's origin to its faults. */
export const FAULTS_KEY = 'faults';
export type StoredFaults = Record<string, Faults>;

/** The note of a frame a fault dropped (its record's note; the grid and the detail tell it from a breakpoint's drop by it). */
export const FAULT_DROP_NOTE = 'Dropped by a fault.';

/** The longest latency or jitter (one minute). */
const MAX_MS = 60_000;

const NO_FAULT: DirectionFault = { latency: 0, jitter: 0, drop: 0 };

/** The dialog's fields, as typed. */
export interface FaultFields {
  url: string;
  sentLatency: string;
  sentJitter: string;
  sentDrop: string;
  receivedLatency: string;
  receivedJitter: string;
  receivedDrop: string;
}

export function fieldsOf(f: Faults | null): FaultFields {
  const s = f?.sent ?? NO_FAULT;
  const r = f?.received ?? NO_FAULT;
  return {
    url: f?.url ?? '',
    sentLatency: String(s.latency),
    sentJitter: String(s.jitter),
    sentDrop: String(s.drop),
    receivedLatency: String(r.latency),
    receivedJitter: String(r.jitter),
    receivedDrop: String(r.drop),
  };
}

/** The faults the fields say, or the first field's error in words. */
export function parseFaultFields(fields: FaultFields, enabled: boolean): { ok: true; faults: Faults } | { ok: false; error: string } {
  const out: Record<string, number> = {};
  const spec: [keyof FaultFields, string, number, boolean][] = [
    ['sentLatency', 'Latency sent', MAX_MS, true],
    ['sentJitter', 'Jitter sent', MAX_MS, true],
    ['sentDrop', 'Drop sent', 100, false],
    ['receivedLatency', 'Latency received', MAX_MS, true],
    ['receivedJitter', 'Jitter received', MAX_MS, true],
    ['receivedDrop', 'Drop received', 100, false],
  ];
  for (const [key, label, max, whole] of spec) {
    const text = fields[key].trim();
    const n = text === '' ? 0 : Number(text);
    if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text === '' ? '0' : text)) return { ok: false, error: `${label}: "${fields[key]}" is not a number.` };
    if (n < 0) return { ok: false, error: `${label}: it cannot be negative.` };
    if (n > max) return { ok: false, error: whole ? `${label}: at most ${max} ms.` : `${label}: at most 100 %.` };
    if (whole && !Number.isInteger(n)) return { ok: false, error: `${label}: a whole number of milliseconds.` };
    out[key] = n;
  }
  return {
    ok: true,
    faults: {
      enabled,
      url: fields.url,
      sent: { latency: out.sentLatency!, jitter: out.sentJitter!, drop: out.sentDrop! },
      received: { latency: out.receivedLatency!, jitter: out.receivedJitter!, drop: out.receivedDrop! },
    },
  };
}

const isDirFault = (d: unknown): d is DirectionFault => {
  const x = d as DirectionFault | null;
  const ok = (n: unknown, max: number) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= max;
  return x !== null && typeof x === 'object' && ok(x.latency, MAX_MS) && ok(x.jitter, MAX_MS) && ok(x.drop, 100);
};

/** The faults of a site, or null; anything malformed in storage is ignored, never thrown. */
export function faultsFor(stored: unknown, origin: string): Faults | null {
  const f = (stored as StoredFaults | undefined)?.[origin];
  if (f === null || typeof f !== 'object' || typeof f.enabled !== 'boolean' || typeof f.url !== 'string' || !isDirFault(f.sent) || !isDirFault(f.received)) return null;
  return f;
}

export function withFaults(stored: unknown, origin: string, f: Faults | null): StoredFaults {
  const next: StoredFaults = { ...((stored as StoredFaults | undefined) ?? {}) };
  if (f === null) delete next[origin];
  else next[origin] = f;
  return next;
}

const acts = (d: DirectionFault) => d.latency > 0 || d.jitter > 0 || d.drop > 0;

/** Whether the faults act on anything: switched on, and some direction has latency, jitter or drops. */
export function faultsOn(f: Faults | null): f is Faults {
  return f !== null && f.enabled && (acts(f.sent) || acts(f.received));
}

/** The directions the faults act on (1 sent, 2 received, 3 both), 0 for none. */
export function faultDirs(f: Faults | null): 0 | 1 | 2 | 3 {
  if (!faultsOn(f)) return 0;
  return ((acts(f.sent) ? 1 : 0) | (acts(f.received) ? 2 : 0)) as 0 | 1 | 2 | 3;
}

/** The hold the hook keeps for the faults: every text frame of the directions they act on (the relay lets the others go). */
export function hookRulesOfFaults(f: Faults | null): HookRule[] {
  const dirs = faultDirs(f);
  return dirs === 0 ? [] : [{ action: 'pause', dirs, match: null }];
}

/** The RegExp of the faults' URL pattern, or null for every connection. */
export function urlRegExp(f: Faults): RegExp | null {
  const src = regExpOf(parsePattern(f.url));
  return src === null ? null : new RegExp(src.source, src.flags);
}

/** What becomes of one frame: dropped, or delayed by `delay` ms (`random` gives [0, 1), one draw for the drop, one for the jitter). */
export function decide(d: DirectionFault, random: () => number): { drop: true } | { drop: false; delay: number } {
  if (d.drop > 0 && random() * 100 < d.drop) return { drop: true };
  const jitter = d.jitter > 0 ? Math.floor(random() * (d.jitter + 1)) : 0;
  return { drop: false, delay: d.latency + jitter };
}

/** The toolbar's word for the faults, or null when they are off. */
export function faultsSummary(f: Faults | null): string | null {
  if (!faultsOn(f)) return null;
  const part = (name: string, d: DirectionFault) => {
    const bits: string[] = [];
    if (d.latency > 0 || d.jitter > 0) bits.push(d.jitter > 0 ? `+${d.latency}–${d.latency + d.jitter} ms` : `+${d.latency} ms`);
    if (d.drop > 0) bits.push(`${d.drop} % dropped`);
    return bits.length === 0 ? null : `${name} ${bits.join(', ')}`;
  };
  const parts = [part('sent', f.sent), part('received', f.received)].filter((x) => x !== null);
  return `${parts.join('; ')}${f.url.trim() === '' ? '' : ` (connections matching ${f.url.trim()})`}`;
}
