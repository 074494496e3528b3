/**
 * The protocol version check in Firefox: a relay that speaks another protocol version than the
 * panel is named, with both versions, instead of having its records misread. As in
 * e2e/protocol-version.spec.ts, the mismatched relay is a real build: the Firefox package built
 * again with VITE_WSL_RELAY_PROTOCOL=0 (read only by src/relay/version.ts) into its own directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDemoServer, type DemoServer } from '../demo/server.mjs';
import { PROTOCOL_VERSION } from '../src/core/protocol';
import { connectionRowTexts, DIST_FIREFOX, launchFirefox, openPanel, textOf, until } from './firefox';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Beside the suite's build (WSL_DIST_FIREFOX moves both), so that two runs do not rebuild each other's. */
const OLD_RELAY_DIST = `${DIST_FIREFOX}-relay-protocol-0`;

let demo: DemoServer;
beforeAll(async () => {
  rmSync(OLD_RELAY_DIST, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', OLD_RELAY_DIST, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BROWSER: 'firefox', NO_COLOR: '1', VITE_WSL_RELAY_PROTOCOL: '0' },
  });
  if (result.status !== 0 || !existsSync(join(OLD_RELAY_DIST, 'manifest.json')))
    throw new Error(`vite build of the protocol-0 relay (Firefox) failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  demo = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await demo?.close();
});

test('a relay of another protocol version: the panel says so, naming both versions, and shows none of its records', async () => {
  const ff = await launchFirefox(OLD_RELAY_DIST);
  try {
    await ff.page.goto(`${demo.httpUrl}/inline.html?ws=/echo`);
    await until('the page to get its echo', () => ff.page.evaluate(() => (window as unknown as { __received: string[] }).__received.length === 1));
    const panel = await openPanel(ff, ff.page);
    const notice = await until('the version notice', () => textOf(panel, '[role="alert"][aria-label="Protocol version"]'));
    expect(notice).toBe(`This page's WebSocket Lens relay speaks protocol 0, the panel ${PROTOCOL_VERSION}: reload the page.`);
    // The announce came before any record would have: the document was set aside, not pulled.
    expect(await panel.evaluate(() => (globalThis as unknown as { wslens: { store: { connections: Map<string, unknown> } } }).wslens.store.connections.size)).toBe(0);
    expect((await connectionRowTexts(panel)).filter((t) => t.includes('/echo'))).toEqual([]);
  } finally {
    await ff.close();
  }
});
