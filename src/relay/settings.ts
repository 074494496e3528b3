/**
 * The user's history bounds (panel → Settings), applied to the relay's History and to the records
 * it makes as soon as they are read, and live when they change.
 */
import type { HistoryBounds } from '../core/protocol';
import { parseStoredSettings, SETTINGS_KEY } from '../core/settings';
import { followStoredKey, type RelayStorage } from './stored-key';

export function followSettings(storage: RelayStorage, apply: (bounds: HistoryBounds) => void): void {
  followStoredKey(storage, SETTINGS_KEY, (raw) => apply(parseStoredSettings(raw).bounds));
}
