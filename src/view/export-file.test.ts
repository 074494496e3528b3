import { describe, expect, it } from 'vitest';
import { sampleCapture } from '../core/fixtures/sample-capture';
import { serializeLogJson, toLogJson } from '../core/formats/lens-json/write';
import { toHar } from '../core/formats/har/write';
import { buildExportBlob, exportInput, exportName } from './export-file';
import { readLogFile } from './import-file';

const meta = { userAgent: 'UA', extensionVersion: '0.1.0', exportedAt: new Date(Date.UTC(2026, 10, 22, 0, 15, 3)) };

describe('exportInput', () => {
  it('covers every connection and frame, the selected connection, or what the filter shows', () => {
    const { store } = sampleCapture();
    const frames = store.rows.filter((r) => r.kind === 'frame');
    const all = exportInput(store, 'all', meta)!;
    expect(all.connections).toEqual(store.connectionList());
    expect(all.frames).toEqual(frames);
    expect(all.scope).toBe('all');
    expect(all.pageUrl).toBe(store.topDocument()!.info.url);

    expect(exportInput(store, 'connection', meta)).toBeNull();
    const chat = store.connectionList()[0]!;
    store.view.setFilter({ connection: chat.key });
    const one = exportInput(store, 'connection', meta)!;
    expect(one.connections).toEqual([chat]);
    expect(one.frames.every((f) => f.connKey === chat.key)).toBe(true);
    expect(one.frames.length).toBeGreaterThan(0);

    store.view.setFilter({ connection: null, direction: 'sent' });
    const shown = exportInput(store, 'filtered', meta)!;
    expect(shown.connections).toEqual(store.connectionList());
    expect(shown.frames.length).toBe(store.view.visible.length);
    expect(shown.frames.every((f) => f.rec.dir === 'sent')).toBe(true);
    store.view.setFilter({ connection: chat.key });
    expect(exportInput(store, 'filtered', meta)!.connections).toEqual([chat]);
  });
});

describe('buildExportBlob', () => {
  it('writes the same text as the one-piece exporters, yielding between slices with its progress', async () => {
    const { store } = sampleCapture();
    const input = exportInput(store, 'all', meta)!;
    const progress: number[] = [];
    let yields = 0;
    const opts = { slice: 2, onProgress: (f: number) => progress.push(f), yieldToLoop: async () => void yields++ };
    expect(await (await buildExportBlob('json', input, opts)).text()).toBe(serializeLogJson(toLogJson(input)));
    expect(yields).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1]!))).toBe(true);
    expect(await (await buildExportBlob('har', input, opts)).text()).toBe(JSON.stringify(toHar(input), null, 2));
    const nd = await (await buildExportBlob('ndjson', input, opts)).text();
    expect(nd.trim().split('\n')).toHaveLength(1 + input.connections.length + input.frames.length);
    expect(exportName('har', input)).toMatch(/^websocket-lens_chat\.example\.test_2026-11-22T00-15-03\.har$/);
  });

  it('stops when aborted', async () => {
    const { store } = sampleCapture();
    const ac = new AbortController();
    ac.abort();
    await expect(
      buildExportBlob('json', exportInput(store, 'all', meta)!, { slice: 1, signal: ac.signal, yieldToLoop: async () => {} }),
    ).rejects.toThrow(/cancelled/);
  });
});

describe('readLogFile', () => {
  const file = (name: string, text: string, size = new TextEncoder().encode(text).length) => ({ name, size, text: async () => text });

  it('imports an export into a store of its own with the same frames', async () => {
    const { store } = sampleCapture();
    const input = exportInput(store, 'all', meta)!;
    const text = await (await buildExportBlob('json', input)).text();
    const r = await readLogFile(file('log.json', text));
    if (!r.ok) throw new Error(r.error);
    const got = r.log.store.rows
      .filter((x) => x.kind === 'frame')
      .map((x) => (x.kind === 'frame' ? [x.rec.dir, x.rec.time, x.rec.opcode, x.rec.size] : null));
    expect(got).toEqual(input.frames.map((x) => [x.rec.dir, x.rec.time, x.rec.opcode, x.rec.size]));
    expect(r.log.store.connections.size).toBe(input.connections.length);
    expect(r.log.fileName).toBe('log.json');
    expect(r.log.endTime).toBeGreaterThanOrEqual(Math.max(...input.frames.map((f) => f.rec.time)));
  });

  it('refuses a file over the size limit without reading it, and reports read errors and bad content', async () => {
    let read = false;
    const big = await readLogFile({ name: 'big.ndjson', size: 201 * 1024 * 1024, text: async () => ((read = true), '') });
    expect(big).toMatchObject({ ok: false, error: expect.stringMatching(/imports files up to 200/) });
    expect(read).toBe(false);
    const broken = await readLogFile({ name: 'x.json', size: 3, text: () => Promise.reject(new Error('gone')) });
    expect(broken).toEqual({ ok: false, error: 'Could not read the file: gone' });
    const bad = await readLogFile(file('x.json', '{"format":'));
    expect(bad.ok).toBe(false);
  });
});
