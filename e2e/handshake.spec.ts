/**
 * Handshakes, end to end in Chromium: what the browser's network layer saw of each socket's HTTP
 * handshake (webRequest), matched to the hook's connection, shown in the panel and exported.
 *
 * The optional host access is granted by the build: the extension built again with
 * WSL_GRANT_HOST_ACCESS=1 (vite.config.ts, `buildGrantedExtension`), whose manifest lists
 * `<all_urls>` in `host_permissions`, into a directory of its own beside the suite's build. The suite's own build
 * (no access) is used for the "without access" case.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { DIST, test, expect, extensionServiceWorker, findTabId, launchWithExtension, openPanel } from './fixtures';
import { connectionRow, frameRow, paneTab } from './panel';
import { buildGrantedExtension, startHandshakeServer, type HandshakeServer } from './handshake-server';
import { harSchemaErrors } from '../src/core/formats/har/har-schema.test-helper';

const GRANTED_DIST = `${DIST}-host-access`;

test.beforeAll(() => buildGrantedExtension(GRANTED_DIST));

let server: HandshakeServer;
test.beforeEach(async () => {
  server = await startHandshakeServer();
});
test.afterEach(async () => {
  await server.close();
});

async function withGranted(run: (ctx: { context: BrowserContext; page: Page; panel: Page }) => Promise<void>): Promise<void> {
  const browser = await launchWithExtension([], { dist: GRANTED_DIST });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.httpUrl}/page`);
    const worker = await extensionServiceWorker(browser.context);
    const panel = await openPanel(browser.context, new URL(worker.url()).host, await findTabId(worker, page));
    await run({ context: browser.context, page, panel });
  } finally {
    await browser.close();
  }
}

/** The [name, value] rows of a headers table of the selected connection's handshake. */
async function headersShown(panel: Page, name: 'Request headers' | 'Response headers'): Promise<Array<[string, string]>> {
  const table = panel.getByRole('region', { name: 'Handshake' }).getByRole('table', { name });
  await expect(table).toBeVisible();
  return table.getByRole('row').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')?.textContent ?? '', r.querySelector('td')?.textContent ?? ''] as [string, string]));
}

async function selectConnection(panel: Page, text: string | RegExp): Promise<void> {
  await connectionRow(panel, text).first().click();
  await paneTab(panel, 'Connection');
}

const lower = (rows: Array<[string, string]>) => rows.map(([k, v]) => [k.toLowerCase(), v] as [string, string]);

test('a successful socket: the request and response headers the server received and sent, Set-Cookie masked until revealed; HAR carries them', async () => {
  await withGranted(async ({ page, panel }) => {
    await page.evaluate((url) => void new WebSocket(url, ['chat']), `${server.wsUrl}/ok?q=1`);
    await expect(frameRow(panel, 'received')).toHaveCount(1);
    await selectConnection(panel, '/ok');
    const hs = panel.getByRole('region', { name: 'Handshake' });
    const seen = server.seen[0]!;
    expect(seen.statusLine).toBe('HTTP/1.1 101 Switching Protocols');
    await expect(hs.getByLabel('Status line')).toHaveText(seen.statusLine);
    await expect(hs.getByLabel('Request line')).toHaveText('GET /ok?q=1 HTTP/1.1');
    await expect(hs.getByLabel('Handshake time')).toHaveText(/ms from request to response$/);
    await expect(hs.getByLabel('Subprotocol negotiation')).toHaveText('requested chat · agreed chat');
    // Chromium keeps the key (and Host, Cookie, Sec-WebSocket-Protocol and -Extensions) back from webRequest: said so, not guessed.
    await expect(hs.getByLabel('Accept check')).toHaveText(/^not checked: the browser did not show the request’s Sec-WebSocket-Key/);

    // Every request header shown is one the server received, with its value; the handshake's own are there.
    const request = lower(await headersShown(panel, 'Request headers'));
    const received = lower(seen.request);
    for (const h of request) expect(received).toContainEqual(h);
    expect(request.map(([k]) => k)).toEqual(expect.arrayContaining(['upgrade', 'connection', 'origin', 'sec-websocket-version', 'user-agent']));
    // The response headers shown are exactly those the server sent; Set-Cookie masked until revealed.
    const masked = seen.response.map(([k, v]) => [k.toLowerCase(), k.toLowerCase() === 'set-cookie' ? '•'.repeat(Math.min(12, v.length)) : v]);
    expect(lower(await headersShown(panel, 'Response headers')).sort()).toEqual(masked.sort());
    await hs.getByRole('button', { name: 'Reveal cookies' }).click();
    expect(lower(await headersShown(panel, 'Response headers')).sort()).toEqual(lower(seen.response).sort());

    // HAR of that connection: valid, with those headers, the status and the cookie set.
    const dir = await mkdtemp(join(tmpdir(), 'wslens-hs-'));
    try {
      await panel.getByRole('button', { name: 'Export', exact: true }).click();
      const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('menu', { name: 'Export' }).getByRole('menuitem', { name: 'Selected connection as HAR' }).click()]);
      const path = join(dir, 'one.har');
      await download.saveAs(path);
      const har = JSON.parse(await readFile(path, 'utf8'));
      expect(harSchemaErrors(har)).toEqual([]);
      const entry = har.log.entries[0];
      const pairs = (list: Array<{ name: string; value: string }>) => lower(list.map((h) => [h.name, h.value]));
      expect(pairs(entry.request.headers).sort()).toEqual(request.sort());
      expect([entry.response.status, entry.response.statusText, entry.response.httpVersion]).toEqual([101, 'Switching Protocols', 'HTTP/1.1']);
      expect(pairs(entry.response.headers).sort()).toEqual(lower(seen.response).sort());
      expect(entry.response.cookies).toEqual([{ name: 'seen', value: 'yes' }]);
      expect(entry.timings.wait).toBeGreaterThanOrEqual(0);
      expect(entry._webSocketLens.handshake.status).toBe(101);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test('a refused upgrade and a closed port show why they failed, on the row and in the details, instead of a bare 1006', async () => {
  await withGranted(async ({ page, panel }) => {
    await page.evaluate(
      ([refuse, closed]) => {
        new WebSocket(refuse!);
        new WebSocket(closed!);
      },
      [`${server.wsUrl}/refuse`, `ws://127.0.0.1:${server.closedPort}/nothing`],
    );
    // Chromium's webRequest gives a refused upgrade no status, only net::ERR_FAILED (the debugger mode has the 403).
    await expect(connectionRow(panel, '/refuse')).toContainText('handshake failed, no status given (a refused upgrade or a bad answer) (net::ERR_FAILED) · 1006');
    // …and a closed port the same (Chromium 150 names no network error for a socket to extensions).
    await expect(connectionRow(panel, '/nothing')).toContainText('handshake failed, no status given (a refused upgrade or a bad answer) (net::ERR_FAILED) · 1006');
    await selectConnection(panel, '/refuse');
    const hs = panel.getByRole('region', { name: 'Handshake' });
    await expect(hs.getByLabel('Why it failed')).toHaveText('Failed: handshake failed, no status given (a refused upgrade or a bad answer) (net::ERR_FAILED)');
    await expect(hs.getByLabel('Status line')).toHaveText('no response: net::ERR_FAILED');
    await expect(panel.getByRole('region', { name: 'Connection details' })).toContainText('Failedhandshake failed, no status given');
  });
});

test('sockets to one URL opened in the same millisecond each get their own handshake', async () => {
  await withGranted(async ({ page, panel }) => {
    await page.evaluate((url) => {
      // Four at once: two without subprotocols (order alone tells them apart), two with.
      new WebSocket(url);
      new WebSocket(url);
      new WebSocket(url, 'one');
      new WebSocket(url, 'two');
    }, `${server.wsUrl}/ok`);
    await expect(frameRow(panel, 'received')).toHaveCount(4);
    // (Chromium shows webRequest no Sec-WebSocket-Protocol: the order of the requests matches them.)
    // Each socket's first frame is the key the server got on its connection, and the server named
    // that connection in X-Test-Conn: the handshake matched to the socket must name the same one.
    const handle = await panel.waitForFunction(() => {
      type C = { key: string; protocols: string[]; handshake?: { requestHeaders: Array<{ name: string; value: string }>; responseHeaders: Array<{ name: string; value: string }>; status: number } };
      const store = (globalThis as unknown as { wslens: { store: { connectionList(): C[]; rows: Array<{ kind: string; connKey: string; rec?: { data: unknown } }> } } }).wslens.store;
      const list = store.connectionList();
      if (list.length !== 4 || list.some((c) => c.handshake?.status !== 101)) return null;
      const get = (hs: Array<{ name: string; value: string }>, n: string) => hs.find((h) => h.name.toLowerCase() === n)?.value ?? '';
      return list.map((c) => ({
        protocols: c.protocols.join(','),
        asked: get(c.handshake!.requestHeaders, 'sec-websocket-protocol'),
        serverConn: Number(get(c.handshake!.responseHeaders, 'x-test-conn')),
        firstFrame: store.rows.find((r) => r.kind === 'frame' && r.connKey === c.key)?.rec?.data,
      }));
    });
    const got = (await handle.jsonValue()) as Array<{ protocols: string; asked: string; serverConn: number; firstFrame: string }>;
    expect(got.map((g) => g.protocols)).toEqual(['', '', 'one', 'two']);
    for (const g of got) {
      expect(server.seen.find((s) => s.conn === g.serverConn)?.key).toBe(g.firstFrame);
    }
    expect(new Set(got.map((g) => g.serverConn))).toEqual(new Set([1, 2, 3, 4]));
  });
});

test('without host access: no handshake, and a control that says what it reads and asks for it', async ({ page, context, extensionId, tabIdOf }) => {
  await page.goto(`${server.httpUrl}/page`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await page.evaluate((url) => void new WebSocket(url), `${server.wsUrl}/ok`);
  await expect(frameRow(panel, 'received')).toHaveCount(1);
  await selectConnection(panel, '/ok');
  const access = panel.getByRole('group', { name: 'Handshake access' });
  await expect(access).toContainText('It reads only WebSocket handshakes; nothing leaves the browser.');
  await expect(access.getByRole('button', { name: 'Allow for all sites' })).toBeEnabled();
  await expect(access.getByRole('button', { name: 'Allow for this site only' })).toBeEnabled();
  expect(await panel.evaluate(() => (globalThis as unknown as { wslens: { store: { connectionList(): Array<{ handshake?: unknown }> } } }).wslens.store.connectionList()[0]?.handshake)).toBeUndefined();
});
