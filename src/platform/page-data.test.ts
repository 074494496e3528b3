import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('fromPage', () => {
  it('Chrome (no cloneInto): hands the very same batch on', async () => {
    const { fromPage } = await import('./page-data');
    const batch = [{ type: 'frame', data: new ArrayBuffer(3) }];
    expect(fromPage(batch)).toBe(batch);
  });

  it('Firefox content script (cloneInto exists): a structured clone, binary data intact', async () => {
    vi.stubGlobal('cloneInto', () => undefined);
    const { fromPage } = await import('./page-data');
    const batch = [{ type: 'frame', data: new Uint8Array([1, 2, 255]).buffer }, { type: 'frame', data: 'text' }];
    const out = fromPage(batch);
    expect(out).not.toBe(batch);
    expect(out[0].data).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(out[0].data as ArrayBuffer)]).toEqual([1, 2, 255]);
    expect(out[1].data).toBe('text');
  });
});
