/**
 * The protocol version check, end to end: a relay that speaks another protocol version than the
 * panel is named, with both versions, instead of having its records misread.
 *
 * The mismatched relay is a real build: the extension built again with VITE_WSL_RELAY_PROTOCOL=0,
 * which only the relay's version constant reads (src/relay/version.ts), into a directory of its
 * own; the panel and background of that build speak PROTOCOL_VERSION as usual.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { DIST, test, expect, extensionServiceWorker, findTabId, launchWithExtension, openPanel } from './fixtures';
import { connectionsGrid, expectFramesShown, frameRow } from './panel';
import { PROTOCOL_VERSION } from '../src/core/protocol';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Beside the suite's build (WSL_DIST moves both), so that two runs do not rebuild each other's. */
const OLD_RELAY_DIST = `${DIST}-relay-protocol-0`;

test.beforeAll(() => {
  rmSync(OLD_RELAY_DIST, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', OLD_RELAY_DIST, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', VITE_WSL_RELAY_PROTOCOL: '0' },
  });
  if (result.status !== 0 || !existsSync(join(OLD_RELAY_DIST, 'manifest.json')))
    throw new Error(`vite build of the protocol-0 relay failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
});

const notice = (panel: Page) => panel.getByRole('alert', { name: 'Protocol version' });

test('a relay of another protocol version: the panel says so, naming both versions, and shows none of its records', async ({ demo }) => {
  const browser = await launchWithExtension([], { dist: OLD_RELAY_DIST });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${demo.httpUrl}/inline.html?ws=/echo`);
    // The page's own socket works as ever.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __received: string[] }).__received)).toEqual(['first']);
    const worker = await extensionServiceWorker(browser.context);
    const panel = await openPanel(browser.context, new URL(worker.url()).host, await findTabId(worker, page));
    await expect(notice(panel)).toHaveText(`This page's WebSocket Lens relay speaks protocol 0, the panel ${PROTOCOL_VERSION}: reload the page.`);
    // The announce came before any record would have: the document was set aside, not pulled.
    expect(await panel.evaluate(() => (globalThis as unknown as { wslens: { store: { connections: Map<string, unknown> } } }).wslens.store.connections.size)).toBe(0);
    await expect(connectionsGrid(panel).getByRole('row', { name: /\/echo/ })).toHaveCount(0);
  } finally {
    await browser.close();
  }
});

test('a relay of the same version: its frames, and no notice', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/inline.html?ws=/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  // The frames follow the announce: by the time they are shown, a notice would be there.
  await expect(frameRow(panel, 'received', 'first')).toHaveCount(1);
  await expectFramesShown(panel, 2);
  await expect(notice(panel)).toHaveCount(0);
});
