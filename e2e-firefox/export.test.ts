/**
 * Export and import in Firefox, beyond the JSON round trip of core.test.ts: HAR exports that
 * validate against HAR 1.2 (npm har-schema with ajv, as e2e/export.spec.ts) and read back with
 * every frame; bad files refused with a clear message while the session shown stays as it was.
 */
import { expect, test } from 'vitest';
import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { closedPort } from '../demo/server.mjs';
import { exportTraffic, receiveFlood } from '../e2e/scenarios';
import { harSchemaErrors } from '../src/core/formats/har/har-schema.test-helper';
import { clickByName, firefoxSuite, frameRow, openPanel, setFilter, textOf, until, waitFramesShown, type FirefoxSession } from './firefox';

const suite = firefoxSuite();
const CHROME_HAR_FIXTURE = fileURLToPath(new URL('../src/core/fixtures/chrome-websocket.har', import.meta.url));

interface Snapshot {
  connections: unknown[][];
  frames: unknown[][];
}

/** The live store (`store`) or the imported one (`imported`): connections and frames with their bytes. */
function snapshot(panel: Page, which: 'store' | 'imported'): Promise<Snapshot | null> {
  return panel.evaluate((which) => {
    type Conn = Record<string, unknown> & { url: string };
    type Row = { kind: string; connKey: string; rec: { data: string | Uint8Array } & Record<string, unknown> };
    const s = (globalThis as unknown as { wslens: Record<string, unknown> }).wslens[which] as {
      connectionList(): Conn[];
      connections: Map<string, Conn>;
      rows: Row[];
    } | null;
    if (!s) return null;
    const b64 = (u: Uint8Array) => btoa(Array.from(u, (b) => String.fromCharCode(b)).join(''));
    return {
      connections: s
        .connectionList()
        .map((c) => [c.url, c.protocol, c.state, c.createdAt, c.openedAt, c.closedAt, JSON.stringify(c.close), c.closedBy, c.errors]),
      frames: s.rows
        .filter((r) => r.kind === 'frame')
        .map((r) => [
          s.connections.get(r.connKey)?.url,
          r.rec.seq,
          r.rec.time,
          r.rec.dir,
          r.rec.opcode,
          r.rec.size,
          r.rec.truncated,
          typeof r.rec.data === 'string' ? r.rec.data : b64(r.rec.data),
        ]),
    };
  }, which);
}

/** Chooses an item of the Export menu; resolves with the file Firefox saved (a new one in the downloads folder). */
async function exportFrom(ff: FirefoxSession, panel: Page, item: string): Promise<{ name: string; path: string; text: string }> {
  const before = new Set(await readdir(ff.downloads));
  await clickByName(panel, 'Export');
  await clickByName(panel, item, '[role="menu"][aria-label="Export"]');
  const name = await until('the new download on disk', async () => {
    const files = await readdir(ff.downloads);
    if (files.some((f) => f.endsWith('.part'))) return undefined;
    return files.find((f) => !before.has(f));
  });
  const path = join(ff.downloads, name);
  return { name, path, text: await readFile(path, 'utf8') };
}

/** Chooses `path` in the panel's "Import log" file input. */
async function importFile(panel: Page, path: string): Promise<void> {
  const input = await until('the Import log input', () => panel.$('label.file-button input[type="file"]'));
  await input.uploadFile(path);
}

const importedBanner = (panel: Page) => textOf(panel, '[role="region"][aria-label="Imported log"]');

async function trafficInPanel(): Promise<Page> {
  const { page } = suite.ff;
  const port = await closedPort();
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(exportTraffic, { wsUrl: suite.demo.wsUrl, port });
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 6);
  return panel;
}

test('HAR export validates against HAR 1.2 with every frame as Chrome writes it; the selected connection alone; it imports back identically', async () => {
  const panel = await trafficInPanel();
  const live = (await snapshot(panel, 'store'))!;
  expect(live.frames).toHaveLength(6);

  const all = await exportFrom(suite.ff, panel, 'All connections as HAR');
  expect(all.name).toMatch(/^websocket-lens_127\.0\.0\.1-\d+_.*\.har$/);
  const har = JSON.parse(all.text);
  expect(harSchemaErrors(har)).toEqual([]);
  expect(har.log.entries).toHaveLength(2);
  const echo = har.log.entries.find((e: { request: { url: string } }) => e.request.url.endsWith('/echo'));
  expect(echo._resourceType).toBe('websocket');
  expect(echo.response.status).toBe(101);
  expect(echo._webSocketMessages).toEqual(
    live.frames.map(([, , time, dir, opcode, , , data]) => ({
      type: dir === 'sent' ? 'send' : 'receive',
      time: (time as number) / 1000,
      opcode: opcode === 'text' ? 1 : 2,
      data,
    })),
  );
  expect(echo._webSocketLens).toMatchObject({ closeCode: 4001, closeReason: 'bye', closedBy: 'page' });

  // The selected connection only.
  const row4001 = `Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="row"]')).find((r) => r.textContent.includes('4001'))`; // the close column may have no room: its text is still in the row
  await panel.evaluate(`${row4001}.click()`);
  await until('the 4001 connection selected', () => panel.evaluate(`${row4001}.getAttribute('aria-selected') === 'true'`));
  const one = JSON.parse((await exportFrom(suite.ff, panel, 'Selected connection as HAR')).text);
  expect(harSchemaErrors(one)).toEqual([]);
  expect(one.log.entries.map((e: { request: { url: string } }) => e.request.url)).toEqual([`${suite.demo.wsUrl}/echo`]);

  // Our HAR back into the panel: the same connections and frames, byte for byte.
  await importFile(panel, all.path);
  await until('the imported banner', async () => (await importedBanner(panel)).includes(`Imported: ${all.name} — read-only · 2 connections, 6 frames`));
  expect((await snapshot(panel, 'imported'))!.frames).toEqual(live.frames);
  await frameRow(panel, 'sent', '00 01 02 ff fe 80');

  // A HAR saved by Chrome DevTools (the fixture of the unit tests): every message of it appears.
  const chromeHar = JSON.parse(await readFile(CHROME_HAR_FIXTURE, 'utf8'));
  const chromeMessages = chromeHar.log.entries
    .filter((e: { _resourceType?: string }) => e._resourceType === 'websocket')
    .flatMap((e: { _webSocketMessages: Array<{ opcode: number; data: string }> }) => e._webSocketMessages)
    .filter((m: { opcode: number }) => m.opcode === 1 || m.opcode === 2);
  await importFile(panel, CHROME_HAR_FIXTURE);
  await until('the Chrome HAR imported', async () =>
    (await importedBanner(panel)).includes(`Imported: chrome-websocket.har — read-only`) &&
    (await importedBanner(panel)).includes(`${chromeMessages.length} frames`),
  );
  const fromChrome = (await snapshot(panel, 'imported'))!;
  expect(fromChrome.frames.map((f) => f[7]).sort()).toEqual(chromeMessages.map((m: { data: string }) => m.data).sort());
});

test('bad files are refused with a clear message and the session stays as it was', async () => {
  const panel = await trafficInPanel();
  const before = await snapshot(panel, 'store');
  const good = await exportFrom(suite.ff, panel, 'All connections as JSON');
  const dir = suite.ff.downloads;

  const files: Array<[string, string | null, RegExp]> = [
    ['malformed.json', '{"format": "websocket-lens", "version": 1,, }', /not valid JSON: expected a property name in double quotes at line 1, column 43/],
    [
      'no-websockets.har',
      JSON.stringify({
        log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [{ request: { url: 'https://a.test/' }, response: { status: 200 } }] },
      }),
      /no WebSocket entries \(1 request of another type\)/,
    ],
    ['truncated.json', good.text.slice(0, Math.floor(good.text.length / 2)), /ends early — was it cut off\?/],
    ['newer.json', good.text.replace('"version": 1,', '"version": 99,'), /made by a newer WebSocket Lens \(version 99\); this one reads version 1/],
    ['huge.ndjson', null, /This file is 201\.0 MB; WebSocket Lens imports files up to 200\.0 MB/],
  ];
  const alertText = () => textOf(panel, '[role="alert"]');
  const check = async (expectImported: string | null) => {
    for (const [name, content, message] of files) {
      const path = join(dir, name);
      if (content === null) {
        await writeFile(path, '');
        await truncate(path, 201 * 1024 * 1024); // sparse: nothing is written
      } else await writeFile(path, content);
      await importFile(panel, path);
      const text = await until(`the alert for ${name}`, async () => {
        const t = await alertText();
        return t.includes(`Could not import ${name}:`) ? t : '';
      });
      expect(text, name).toMatch(message);
      // The session shown is the one that was shown.
      if (expectImported === null) {
        expect(await importedBanner(panel)).toBe('');
        await waitFramesShown(panel, 6);
        expect(await snapshot(panel, 'store')).toEqual(before);
      } else {
        expect(await importedBanner(panel)).toContain(`Imported: ${expectImported}`);
        expect((await snapshot(panel, 'imported'))!.frames).toEqual(before!.frames);
      }
      await clickByName(panel, 'Dismiss', '[role="alert"]');
      await until('the alert to go', async () => (await panel.$('[role="alert"]')) === null);
    }
  };
  await check(null);
  // Over an imported log, a bad file leaves that log shown.
  await importFile(panel, good.path);
  await until('the good log imported', async () => (await importedBanner(panel)).includes(`Imported: ${good.name}`));
  await check(good.name);
  // The panel still answers.
  await setFilter(panel, 'hello');
  await waitFramesShown(panel, 2, 6);
});

test('100,000 captured frames export as NDJSON, JSON and HAR with progress shown, and the JSON imports back', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const panel = await openPanel(suite.ff, page, { ownWindow: true });
  // 99,999 frames and "done": 100,000 received frames.
  const count = await page.evaluate(receiveFlood, `${suite.demo.wsUrl}/flood?count=99999&size=64`);
  expect(count).toBe(99_999);
  await waitFramesShown(panel, 100_000, 100_000, 90_000);

  let json = '';
  for (const [kind, item] of [
    ['ndjson', 'All connections as NDJSON'],
    ['json', 'All connections as JSON'],
    ['har', 'All connections as HAR'],
  ] as const) {
    // Every text the progress status shows while it exports.
    await panel.evaluate(() => {
      const w = window as unknown as { __progress: string[]; __progressSeen: MutationObserver };
      w.__progress = [];
      const status = document.querySelector('[aria-label="Export progress"]')!;
      w.__progressSeen = new MutationObserver(() => w.__progress.push(status.textContent ?? ''));
      w.__progressSeen.observe(status, { childList: true, characterData: true, subtree: true });
    });
    const started = Date.now();
    const { path, text } = await exportFrom(suite.ff, panel, item);
    const ms = Date.now() - started;
    const progress = await panel.evaluate(() => {
      const w = window as unknown as { __progress: string[]; __progressSeen: MutationObserver };
      w.__progressSeen.disconnect();
      return w.__progress;
    });
    console.log(`Firefox: export of 100,000 frames as ${kind}: ${ms} ms from click to file on disk, ${(text.length / 1e6).toFixed(1)} MB`);
    expect(progress.some((p) => /^Exporting… [1-9]\d?%$/.test(p)), `${kind} progress: ${progress.join(' | ')}`).toBe(true);
    if (kind === 'json') {
      const log = JSON.parse(text);
      expect(log.counts).toEqual({ connections: 1, frames: 100_000 });
      expect(log.frames.at(-1).data).toBe('done');
      json = path;
    } else if (kind === 'ndjson') {
      expect(text.trimEnd().split('\n')).toHaveLength(1 + 1 + 100_000);
    } else {
      const har = JSON.parse(text);
      expect(har.log.entries[0]._webSocketMessages).toHaveLength(100_000);
      expect(har.log.entries[0]._webSocketMessages[99_998].data).toBe(`99998:${'x'.repeat(58)}`);
    }
  }

  await importFile(panel, json);
  await until('the 100,000 frames imported', async () => (await importedBanner(panel)).includes('1 connection, 100,000 frames'), 60_000);
  await waitFramesShown(panel, 100_000);
}, 240_000);
