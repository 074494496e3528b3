import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, type HistoryBounds } from '../core/protocol';
import { SETTINGS_KEY } from '../core/settings';
import { followSettings } from './settings';
import { FakeStorage } from './fake-storage.test-helper';

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('followSettings', () => {
  it('applies the stored bounds once read, then every change of them in storage.local', async () => {
    const storage = new FakeStorage({ [SETTINGS_KEY]: { bounds: { maxFrames: 500 } } });
    const applied: HistoryBounds[] = [];
    followSettings(storage, (b) => void applied.push(b));
    await flush();
    expect(applied).toEqual([{ ...DEFAULT_BOUNDS, maxFrames: 500 }]);
    storage.change('local', SETTINGS_KEY, { bounds: { maxFrames: 700, maxFrameBytes: 2048 } });
    storage.change('sync', SETTINGS_KEY, { bounds: { maxFrames: 800 } }); // another area
    storage.change('local', 'rules', {}); // another key
    expect(applied).toEqual([
      { ...DEFAULT_BOUNDS, maxFrames: 500 },
      { ...DEFAULT_BOUNDS, maxFrames: 700, maxFrameBytes: 2048 },
    ]);
    storage.change('local', SETTINGS_KEY, undefined); // removed: the defaults again
    expect(applied.at(-1)).toEqual(DEFAULT_BOUNDS);
  });

  it('nothing stored: the defaults; storage unavailable: nothing applied (the caller keeps its defaults)', async () => {
    const applied: HistoryBounds[] = [];
    followSettings(new FakeStorage(), (b) => void applied.push(b));
    followSettings(new FakeStorage({}, true), (b) => void applied.push(b));
    await flush();
    expect(applied).toEqual([DEFAULT_BOUNDS]);
  });
});
