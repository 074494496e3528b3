/**
 * A layout preference of the panel (split sizes, the frames grid's columns, whether the filter
 * row is open), kept in the extension's `localStorage`: synchronous, so the panel opens laid out
 * as it was left, without a flash of the defaults. Shared by the panel, its popped-out tab and
 * the log viewer (one extension origin).
 */
import { useState } from 'preact/hooks';

const PREFIX = 'wslens.layout.';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled
  }
}

export function readPref<T>(key: string, read: (raw: unknown) => T): T {
  const s = storage();
  let raw: unknown;
  try {
    const text = s?.getItem(PREFIX + key);
    raw = text == null ? null : JSON.parse(text);
  } catch {
    raw = null;
  }
  return read(raw);
}

export function writePref(key: string, value: unknown): void {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Quota or disabled storage: the preference lasts for this session only.
  }
}

/** A preference as state: read once, written on every change. */
export function usePref<T>(key: string, read: (raw: unknown) => T): [T, (v: T) => void] {
  const [value, setValue] = useState(() => readPref(key, read));
  return [
    value,
    (v: T) => {
      setValue(v);
      writePref(key, v);
    },
  ];
}

/** A number within [min, max], or `fallback`. */
export const numberIn = (min: number, max: number, fallback: number) => (raw: unknown) =>
  typeof raw === 'number' && Number.isFinite(raw) ? Math.min(max, Math.max(min, raw)) : fallback;

export const bool = (fallback: boolean) => (raw: unknown) => (typeof raw === 'boolean' ? raw : fallback);
