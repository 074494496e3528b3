/**
 * Following one key of `storage.local`: its value once read, then every change. The relay's
 * settings and the site's rules are both followed so (./settings.ts, ./site-rules.ts).
 */

/** The part of `browser.storage` this uses. */
export interface RelayStorage {
  local: { get(key: string): Promise<Record<string, unknown>> };
  onChanged: { addListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void };
}

/** Calls `apply` with the stored value (undefined when absent), then with each new value. */
export function followStoredKey(storage: RelayStorage, key: string, apply: (value: unknown) => void): void {
  storage.local
    .get(key)
    .then((r) => apply(r[key]))
    .catch(() => {
      /* storage unavailable: the caller's defaults stay */
    });
  storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && key in changes) apply(changes[key]?.newValue);
  });
}
