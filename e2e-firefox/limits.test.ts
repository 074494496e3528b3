/**
 * Bounds, said out loud, in Firefox: a frame over the per-frame cap is kept in part and marked;
 * frames past the page's history bound are dropped oldest first and counted, in the Settings
 * dialog's bound and in a stored one; a million one-byte frames are all counted. Paint gaps are
 * logged as figures. (Chromium: e2e/limits.spec.ts, which also reads the JS heaps over CDP.)
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { receiveFlood } from '../e2e/scenarios';
import {
  clickByName,
  firefoxSuite,
  frameRow,
  framesShown,
  openPanel,
  setFilter,
  startPaintSampler,
  stopPaintSampler,
  textOf,
  typeInto,
  until,
  waitFramesShown,
} from './firefox';

const suite = firefoxSuite();
const MB = 1024 * 1024;

const limitsNotice = (panel: Page) => textOf(panel, '[role="status"][aria-label="Capture limits"]');

/** Receives /flood?count=N&size=S on a new socket; resolves with how many frames came before "done". */
const flood = (page: Page, count: number, size: number) =>
  page.evaluate(receiveFlood, `${suite.demo.wsUrl}/flood?count=${count}&size=${size}`);

test('a 20 MB frame is kept in part and marked; 100,000 frames past a lowered bound show the drops; a filter over what is kept', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const panel = await openPanel(suite.ff, page, { ownWindow: true });

  // Lower the page's frame bound in Settings; relays apply it at once.
  await clickByName(panel, 'Settings');
  const dialog = 'dialog[aria-labelledby="settings-title"]';
  await typeInto(panel, `${dialog} #set-maxFrames`, 'abc');
  await clickByName(panel, 'Save', dialog);
  await until('the field error', async () => (await textOf(panel, dialog)).includes('Frames per page must be a number.'));
  await typeInto(panel, `${dialog} #set-maxFrames`, '50,000');
  await clickByName(panel, 'Save', dialog);
  await until('"Saved"', async () => (await textOf(panel, `${dialog} [role="status"]`)).includes('Saved'));
  await clickByName(panel, 'Close', dialog);
  await until('the dialog to close', () => panel.evaluate((d) => !(document.querySelector(d) as HTMLDialogElement | null)?.open, dialog));

  // One 20 MB binary frame: over the 16 MB per-frame cap.
  const bigSize = await page.evaluate(
    (url) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        ws.onmessage = (e) => resolve((e.data as ArrayBuffer).byteLength);
      }),
    `${suite.demo.wsUrl}/big?bytes=${20 * MB}&binary=1`,
  );
  expect(bigSize).toBe(20 * MB);
  const big = await until('the 20 MB row', () => frameRow(panel, 'received', 'truncated'), 30_000);
  await until('the cap notice', async () => (await limitsNotice(panel)).includes('1 frame was larger than 16.0 MB and kept in part.'));
  await big.click();
  await until('the truncation note', async () =>
    (await textOf(panel, 'section[aria-label="Frame detail"]')).includes('Truncated: this frame is 20.0 MB; only its first 16.0 MB were kept'),
  );

  await startPaintSampler(panel);
  expect(await flood(page, 100_000, 16)).toBe(100_000);
  // 1 big + 100,000 + "done" = 100,002 frames; the bound keeps the newest 50,000.
  await waitFramesShown(panel, 50_000, 50_000, 90_000);
  await until('the drop notice', async () =>
    (await limitsNotice(panel)).includes('History bound reached: 50,002 oldest frames were dropped (limit 50,000 frames'),
  );
  const gaps = await stopPaintSampler(panel);
  console.log(`Firefox panel: ${gaps.length} animation frames while 100,000 frames arrived, longest gap ${Math.max(...gaps).toFixed(0)} ms`);

  // A filter over the 50,000 kept frames: frames 99,990–99,999.
  await setFilter(panel, '/^9999\\d:/');
  await waitFramesShown(panel, 10, 50_000);
  await frameRow(panel, '99999:');
});

test('a million one-byte frames: the page gets them all, the panel counts them all, the newest kept', async () => {
  const FRAMES = 1_000_000;
  const BOUND = 20_000;
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const panel = await openPanel(suite.ff, page, { ownWindow: true });
  // The bound the Settings dialog would save (the first test goes through the dialog).
  await panel.evaluate(
    (bounds) => (globalThis as unknown as { browser: { storage: { local: { set(v: object): Promise<void> } } } }).browser.storage.local.set({ settings: { bounds } }),
    { maxFrames: BOUND, maxBytes: 256 * MB, maxFrameBytes: 16 * MB },
  );
  await startPaintSampler(panel);
  const started = Date.now();
  expect(await flood(page, FRAMES, 1)).toBe(FRAMES);
  const pageMs = Date.now() - started;

  // FRAMES + "done": the newest BOUND kept, every older one counted as dropped.
  const dropped = async () => Number(/History bound reached: ([\d,]+) oldest frames? (?:was|were) dropped/.exec(await limitsNotice(panel))?.[1].replace(/,/g, '') ?? 0);
  await until('the panel to count every frame', async () => (await framesShown(panel)).shown + (await dropped()) >= FRAMES + 1, 240_000);
  const panelMs = Date.now() - started;
  const gaps = await stopPaintSampler(panel);
  expect(await framesShown(panel)).toEqual({ shown: BOUND, total: BOUND });
  expect(await dropped()).toBe(FRAMES + 1 - BOUND);
  // The newest frame is kept: "done", the last frame row of the panel's store.
  const last = await panel.evaluate(() => {
    type Row = { kind: string; rec: { dir: string; data: unknown } };
    const rows = (globalThis as unknown as { wslens: { store: { rows: Row[] } } }).wslens.store.rows.filter((r) => r.kind === 'frame');
    return rows.length === 0 ? null : [rows.length, rows[rows.length - 1].rec.dir, rows[rows.length - 1].rec.data];
  });
  expect(last).toEqual([BOUND, 'received', 'done']);
  console.log(
    `Firefox: 1,000,000 one-byte frames: the page had them all after ${(pageMs / 1000).toFixed(1)} s, the panel after ${(panelMs / 1000).toFixed(1)} s; ` +
      `longest panel paint gap ${Math.max(...gaps).toFixed(0)} ms (${gaps.length} animation frames)`,
  );
}, 360_000);
