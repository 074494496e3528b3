/**
 * User settings, kept in extension storage (`storage.local`, key `settings`). For now: the history
 * bounds each page's relay applies. Validation is pure so the panel can explain bad input.
 */
import { DEFAULT_BOUNDS, type HistoryBounds } from './protocol';

export const SETTINGS_KEY = 'settings';

export interface Settings {
  bounds: HistoryBounds;
}

export const DEFAULT_SETTINGS: Settings = { bounds: DEFAULT_BOUNDS };

const MB = 1024 * 1024;

/** The limits the settings form accepts, so that a typo cannot make a page hold gigabytes. */
export const BOUND_LIMITS = {
  maxFrames: { min: 100, max: 10_000_000 },
  maxBytes: { min: 1 * MB, max: 4096 * MB },
  maxFrameBytes: { min: 1024, max: 512 * MB },
} as const;

export type BoundsInput = { [K in keyof HistoryBounds]: string };

export function validateBounds(
  input: BoundsInput,
): { ok: true; bounds: HistoryBounds } | { ok: false; errors: Partial<Record<keyof HistoryBounds, string>> } {
  const errors: Partial<Record<keyof HistoryBounds, string>> = {};
  const frames = parseWhole(input.maxFrames);
  const bytesMb = parseNumber(input.maxBytes);
  const frameMb = parseNumber(input.maxFrameBytes);
  const out: HistoryBounds = {
    maxFrames: frames ?? 0,
    maxBytes: Math.round((bytesMb ?? 0) * MB),
    maxFrameBytes: Math.round((frameMb ?? 0) * MB),
  };
  const check = (key: keyof HistoryBounds, value: number | null, label: string, fmt: (n: number) => string) => {
    const { min, max } = BOUND_LIMITS[key];
    if (value === null) errors[key] = `${label} must be a number.`;
    else if (out[key] < min || out[key] > max) errors[key] = `${label} must be between ${fmt(min)} and ${fmt(max)}.`;
  };
  check('maxFrames', frames, 'Frames per page', (n) => n.toLocaleString('en-US'));
  check('maxBytes', bytesMb, 'Payload per page (MB)', (n) => `${n / MB}`);
  check('maxFrameBytes', frameMb, 'Bytes per frame (MB)', (n) => `${+(n / MB).toFixed(4)}`);
  if (errors.maxFrameBytes === undefined && errors.maxBytes === undefined && out.maxFrameBytes > out.maxBytes) {
    errors.maxFrameBytes = 'Bytes per frame cannot exceed the payload per page.';
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, bounds: out };
}

export function boundsToInput(b: HistoryBounds): BoundsInput {
  return {
    maxFrames: String(b.maxFrames),
    maxBytes: String(+(b.maxBytes / MB).toFixed(4)),
    maxFrameBytes: String(+(b.maxFrameBytes / MB).toFixed(4)),
  };
}

/** Reads stored settings defensively: anything malformed falls back to the defaults. */
export function parseStoredSettings(raw: unknown): Settings {
  const b = (raw as { bounds?: Partial<HistoryBounds> } | undefined)?.bounds;
  if (b === undefined || b === null || typeof b !== 'object') return DEFAULT_SETTINGS;
  const pick = (k: keyof HistoryBounds): number => {
    const v = b[k];
    const { min, max } = BOUND_LIMITS[k];
    return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? Math.floor(v) : DEFAULT_BOUNDS[k];
  };
  const maxBytes = pick('maxBytes');
  // A frame cap above the page's byte bound would keep a frame whole and evict it at once.
  return { bounds: { maxFrames: pick('maxFrames'), maxBytes, maxFrameBytes: Math.min(pick('maxFrameBytes'), maxBytes) } };
}

function parseNumber(s: string): number | null {
  const t = s.trim().replace(/[_,\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

function parseWhole(s: string): number | null {
  const t = s.trim().replace(/[_,\s]/g, '');
  return /^\d+$/.test(t) ? Number(t) : null;
}
