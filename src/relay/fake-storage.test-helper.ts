/** `browser.storage.local` and `storage.onChanged` in memory, for the relay's unit tests. */
import type { RelayStorage } from './stored-key';

/** storage.local and storage.onChanged, in memory. */
export class FakeStorage implements RelayStorage {
  private readonly listeners: Array<(changes: Record<string, { newValue?: unknown }>, area: string) => void> = [];
  constructor(
    private readonly stored: Record<string, unknown> = {},
    private readonly failing = false,
  ) {}
  readonly local = {
    get: (key: string): Promise<Record<string, unknown>> =>
      this.failing ? Promise.reject(new Error('storage unavailable')) : Promise.resolve(key in this.stored ? { [key]: this.stored[key] } : {}),
  };
  readonly onChanged = { addListener: (cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void) => void this.listeners.push(cb) };
  change(area: string, key: string, newValue: unknown): void {
    for (const l of this.listeners) l({ [key]: { newValue } }, area);
  }
}

