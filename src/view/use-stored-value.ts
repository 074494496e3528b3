/**
 * A value kept under one `storage.local` key, as the panel's settings-like lists use it (the
 * site's rules, the saved filters): read on mount and followed live (another panel may change
 * it), and changed one change after another against what is stored, not against what this panel
 * last saw, so that quick edits, or two panels, never overwrite each other.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';

/** Applies a change to the stored value; resolves once stored (rejects if storing failed). */
export type StoredUpdate<T> = (change: (value: T) => T) => Promise<void>;

export interface StoredValueOptions<T> {
  /** The storage.local key. */
  key: string;
  /** The value in what is stored under the key (tolerating anything malformed). */
  read(raw: unknown): T;
  /** What to store under the key for `next`, given what is stored now. */
  write(raw: unknown, next: T): unknown;
  /** Before the first read, and when there is nothing to read. */
  empty: T;
  /** What the value is, for the error message ("the saved filters"). */
  what: string;
  /** False: nothing is read or followed (e.g. no site yet). Default true. */
  enabled?: boolean;
  /** Called with every value read or stored (e.g. to hand it to the store). */
  onValue?(value: T): void;
}

/** Whether extension storage is there (not in unit tests or a page outside the extension). */
function hasStorage(): boolean {
  try {
    return browser.storage?.local !== undefined;
  } catch {
    return false;
  }
}

/**
 * The stored value, an update function, and the last storage error ('' when none). Without
 * extension storage, changes are kept for this panel's life only. `deps`: what `read`/`write`
 * depend on besides the key (the value is read again when they change).
 */
export function useStoredValue<T>(opts: StoredValueOptions<T>, deps: readonly unknown[]): [T, StoredUpdate<T>, string] {
  const [value, setValue] = useState<T>(opts.empty);
  const [error, setError] = useState('');
  const queue = useRef<Promise<void>>(Promise.resolve());
  const current = useRef<T>(opts.empty);
  const latest = useRef(opts);
  latest.current = opts;
  const apply = (next: T) => {
    current.current = next;
    setValue(next);
    latest.current.onValue?.(next);
  };
  const enabled = opts.enabled !== false;
  useEffect(() => {
    if (!enabled || !hasStorage()) return undefined;
    const { key } = latest.current;
    const load = () =>
      void browser.storage.local
        .get(key)
        .then((r) => apply(latest.current.read(r[key])))
        .catch((e: unknown) => setError(`Could not read ${latest.current.what}: ${String(e)}`));
    load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && key in changes) load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [opts.key, enabled, ...deps]);
  const update: StoredUpdate<T> = (change) => {
    // Shown at once (a ticked box stays ticked while a busy machine stores it), then made again
    // against what is stored, which is what is kept; if storing fails, what is stored is shown.
    apply(change(current.current));
    const run = queue.current.then(async () => {
      const { key, read, write } = latest.current;
      if (!hasStorage()) return;
      const r = await browser.storage.local.get(key);
      const next = change(read(r[key]));
      await browser.storage.local.set({ [key]: write(r[key], next) });
      apply(next);
      setError('');
    });
    queue.current = run.catch((e: unknown) => {
      setError(`Could not save: ${String(e)}`);
      const { key, read } = latest.current;
      if (hasStorage()) return browser.storage.local.get(key).then((r) => apply(read(r[key])), () => undefined);
      return undefined;
    });
    return run;
  };
  return [value, update, error];
}
