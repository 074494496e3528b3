/**
 * Saved filters: named copies of the panel's filter (text, match case, direction, type,
 * decoded name, size range, show), kept in `storage.local` (key `savedFilters`) so that they outlive
 * the panel. Any of them can be switched on; those on are combined with AND (all must pass) or OR
 * (any), and the view is the live filter AND that combination.
 *
 * Pure: the model, validation, the combination and (de)serialisation. Reading storage is tolerant:
 * anything malformed is dropped, never thrown. The view compiles each active filter once
 * (`FrameView.setSavedFilters`, `./frame-view.ts`); a filter's fields are `FilterSpec` (`./row-filter.ts`).
 */
import type { DirectionFilter, FilterSpec, ShowFilter, TypeFilter } from './row-filter';

export const SAVED_FILTERS_KEY = 'savedFilters';

export type CombineMode = 'and' | 'or';

export interface SavedFilter {
  name: string;
  filter: FilterSpec;
  /** Takes part in the view. */
  active: boolean;
}

export interface SavedFilters {
  combine: CombineMode;
  filters: SavedFilter[];
}

export const NO_SAVED_FILTERS: SavedFilters = Object.freeze({ combine: 'and', filters: [] }) as SavedFilters;
export const MAX_SAVED_FILTERS = 100;
export const MAX_NAME_LENGTH = 60;
/** Longest filter text kept (the filter box has no limit, storage does). */
export const MAX_TEXT_LENGTH = 10_000;

const DIRECTIONS: readonly DirectionFilter[] = ['all', 'sent', 'received'];
const TYPES: readonly TypeFilter[] = ['all', 'text', 'binary'];
const SHOWS: readonly ShowFilter[] = ['messages', 'all', 'events', 'close', 'error'];

/** The filter to save from the live one: every field set, defaults filled in, no connection. */
export function specOf(f: FilterSpec): FilterSpec {
  return {
    text: f.text,
    matchCase: f.matchCase === true,
    direction: f.direction,
    type: f.type ?? 'all',
    name: f.name ?? '',
    minSize: f.minSize ?? null,
    maxSize: f.maxSize ?? null,
    show: f.show ?? 'messages',
  };
}

/** Why a name cannot be used ('' after trimming, too long, or taken), or null. Names compare case-insensitively. */
export function nameError(name: string, saved: SavedFilters): string | null {
  const n = name.trim();
  if (n === '') return 'Give the filter a name.';
  if (n.length > MAX_NAME_LENGTH) return `A name has at most ${MAX_NAME_LENGTH} characters.`;
  const lower = n.toLowerCase();
  if (saved.filters.some((f) => f.name.toLowerCase() === lower)) return `A filter named "${n}" exists already.`;
  return null;
}

/**
 * Why a filter cannot be saved (text too long, nothing to filter by), or null. Any text is a valid
 * pattern (`./pattern.ts`): a `/…/` that does not compile is saved, and matched, as text.
 */
export function specError(f: FilterSpec): string | null {
  const s = specOf(f);
  if (s.text.length > MAX_TEXT_LENGTH) return `The filter text is longer than ${MAX_TEXT_LENGTH} characters.`;
  if (isEmptySpec(s)) return 'The filter is empty: set the text, direction, type, name, size or Show first.';
  return null;
}

function isEmptySpec(s: FilterSpec): boolean {
  return (
    s.text.trim() === '' &&
    s.direction === 'all' &&
    (s.type ?? 'all') === 'all' &&
    (s.name ?? '').trim() === '' &&
    s.minSize == null &&
    s.maxSize == null &&
    (s.show ?? 'messages') === 'messages'
  );
}

/**
 * Adds a filter under a name (trimmed), switched off: saving does not change what is shown (the
 * live filter it was saved from stays as it is, and clearing it later brings the frames back);
 * the user switches it on to use it. Or says why not.
 */
export function addSaved(
  saved: SavedFilters,
  name: string,
  filter: FilterSpec,
): { ok: true; saved: SavedFilters } | { ok: false; error: string } {
  const error = nameError(name, saved) ?? specError(filter);
  if (error !== null) return { ok: false, error };
  if (saved.filters.length >= MAX_SAVED_FILTERS)
    return { ok: false, error: `At most ${MAX_SAVED_FILTERS} filters can be saved: delete one first.` };
  return { ok: true, saved: { ...saved, filters: [...saved.filters, { name: name.trim(), filter: specOf(filter), active: false }] } };
}

export function removeSaved(saved: SavedFilters, name: string): SavedFilters {
  return { ...saved, filters: saved.filters.filter((f) => f.name !== name) };
}

export function setActive(saved: SavedFilters, name: string, active: boolean): SavedFilters {
  return { ...saved, filters: saved.filters.map((f) => (f.name === name ? { ...f, active } : f)) };
}

export function setCombine(saved: SavedFilters, combine: CombineMode): SavedFilters {
  return { ...saved, combine };
}

/** The names of the filters switched on, in the order of `activeSpecs`. */
export function activeNames(saved: SavedFilters): string[] {
  return saved.filters.filter((f) => f.active).map((f) => f.name);
}

/** The filters that take part in the view. */
export function activeSpecs(saved: SavedFilters): FilterSpec[] {
  return saved.filters.filter((f) => f.active).map((f) => f.filter);
}

/**
 * One test from several: AND passes when every test passes, OR when any does. With no test there
 * is nothing to restrict: everything passes (either mode). Stops at the first test that decides.
 */
export function combineTests<T>(tests: ReadonlyArray<(x: T) => boolean>, mode: CombineMode): (x: T) => boolean {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  const list = [...tests];
  return mode === 'and'
    ? (x) => {
        for (const t of list) if (!t(x)) return false;
        return true;
      }
    : (x) => {
        for (const t of list) if (t(x)) return true;
        return false;
      };
}

/** A short description of what a filter keeps, for the list: `"ping" · received · 10–100 B`. */
export function describeSpec(f: FilterSpec): string {
  const s = specOf(f);
  const parts: string[] = [];
  if (s.text.trim() !== '') parts.push(`"${s.text}"${s.matchCase ? ' (match case)' : ''}`);
  if (s.direction !== 'all') parts.push(s.direction);
  if (s.type !== 'all') parts.push(`${s.type}`);
  if ((s.name ?? '').trim() !== '') parts.push(`name "${s.name}"`);
  if (s.minSize != null || s.maxSize != null) parts.push(`${s.minSize ?? 0}–${s.maxSize ?? '∞'} B`);
  if (s.show !== 'messages') parts.push(SHOW_LABELS[s.show ?? 'messages'].toLowerCase());
  return parts.join(' · ') || 'everything';
}

/** The labels of the Show choices, as the filter bar says them. */
export const SHOW_LABELS: Readonly<Record<ShowFilter, string>> = {
  messages: 'Messages',
  all: 'Messages and events',
  events: 'Events only',
  close: 'Close events',
  error: 'Errors',
};

/** The stored form: plain JSON. */
export function serialiseSavedFilters(saved: SavedFilters): { v: 1; combine: CombineMode; filters: SavedFilter[] } {
  return {
    v: 1,
    combine: saved.combine,
    filters: saved.filters.map((f) => ({ name: f.name, filter: specOf(f.filter), active: f.active })),
  };
}

/**
 * Reads what storage holds, tolerating anything: a value that is not an object gives no filters;
 * a malformed entry, a filter that cannot be saved or a repeated name is dropped; a malformed field of a good
 * entry falls back to its default.
 */
export function parseSavedFilters(raw: unknown): SavedFilters {
  if (raw === null || typeof raw !== 'object') return { combine: 'and', filters: [] };
  const r = raw as { combine?: unknown; filters?: unknown };
  const combine: CombineMode = r.combine === 'or' ? 'or' : 'and';
  let out: SavedFilters = { combine, filters: [] };
  if (!Array.isArray(r.filters)) return out;
  for (const item of r.filters as unknown[]) {
    if (out.filters.length >= MAX_SAVED_FILTERS) break;
    if (item === null || typeof item !== 'object') continue;
    const e = item as { name?: unknown; filter?: unknown; active?: unknown };
    if (typeof e.name !== 'string') continue;
    const spec = parseSpec(e.filter);
    if (spec === null) continue;
    const added = addSaved(out, e.name, spec);
    if (!added.ok) continue;
    out = added.saved;
    out = setActive(out, e.name.trim(), e.active === true);
  }
  return out;
}

function parseSpec(raw: unknown): FilterSpec | null {
  if (raw === null || typeof raw !== 'object') return null;
  const f = raw as Record<string, unknown>;
  const pick = <T>(v: unknown, allowed: readonly T[], dflt: T): T => (allowed.includes(v as T) ? (v as T) : dflt);
  const size = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
  return {
    text: typeof f.text === 'string' ? f.text : '',
    matchCase: f.matchCase === true,
    direction: pick(f.direction, DIRECTIONS, 'all'),
    type: pick(f.type, TYPES, 'all'),
    name: typeof f.name === 'string' ? f.name : '',
    minSize: size(f.minSize),
    maxSize: size(f.maxSize),
    show: pick(f.show, SHOWS, 'messages'),
  };
}
