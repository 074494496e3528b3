/**
 * The worker-capture mode (chrome.debugger), end to end in Chromium: the sockets of a dedicated, a
 * shared and a service worker, every frame byte for byte and attributed to its worker, the page's
 * own socket not recorded twice, and full handshakes (the Accept check passes: the debugger shows
 * the key, which webRequest does not).
 *
 * The `debugger` permission (and host access) are granted by the build: WSL_GRANT_HOST_ACCESS=1
 * (vite.config.ts, `buildGrantedExtension`) lists them in the manifest's `permissions`.
 */
import type { Page } from '@playwright/test';
import { DIST, test, expect, extensionServiceWorker, findTabId, launchWithExtension, openPanel } from './fixtures';
import { connectionRow, paneTab } from './panel';
import { buildGrantedExtension, startHandshakeServer, type HandshakeServer } from './handshake-server';

const GRANTED_DIST = `${DIST}-host-access`;

test.beforeAll(() => buildGrantedExtension(GRANTED_DIST));

let server: HandshakeServer;
test.beforeEach(async () => {
  server = await startHandshakeServer();
});
test.afterEach(async () => {
  await server.close();
});

async function startCapture(panel: Page): Promise<void> {
  await panel.getByRole('button', { name: 'Capture workers' }).click();
  const confirm = panel.getByRole('group', { name: 'Capture workers' });
  // Said before it starts: the debugging bar, what it records.
  await expect(confirm).toContainText('Chrome shows a bar saying the extension started debugging this browser');
  await confirm.getByRole('button', { name: 'Start capturing workers' }).click();
  await expect(panel.getByRole('button', { name: 'Capturing workers' })).toHaveAttribute('aria-pressed', 'true');
}

type StoreView = Array<{ url: string; worker?: { kind: string; url: string }; handshake?: { source: string; status: number }; frames: string[] }>;

/** Connections with their frames as `dir:text:…` / `dir:hex:…` (and a mark), read from the panel's store. */
function captured(panel: Page): Promise<StoreView> {
  return panel.evaluate(() => {
    type Rec = { dir: string; opcode: string; data: string | Uint8Array; mark?: string };
    const store = (globalThis as unknown as { wslens: { store: { connectionList(): Array<{ key: string; url: string; worker?: { kind: string; url: string }; handshake?: { source: string; status: number } }>; rows: Array<{ kind: string; connKey: string; rec: Rec }> } } }).wslens.store;
    return store.connectionList().map((c) => ({
      url: c.url,
      ...(c.worker ? { worker: c.worker } : {}),
      ...(c.handshake ? { handshake: { source: c.handshake.source, status: c.handshake.status } } : {}),
      frames: store.rows
        .filter((r) => r.kind === 'frame' && r.connKey === c.key)
        .map((r) => {
          const d = r.rec.data;
          const body = typeof d === 'string' ? `text:${d}` : `hex:${Array.from(d, (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
          return `${r.rec.dir}:${body}${r.rec.mark ? `:${r.rec.mark}` : ''}`;
        }),
    }));
  });
}

test('a dedicated, a shared and a service worker each open a socket: every frame byte for byte, attributed to its worker; the page socket once', async () => {
  const browser = await launchWithExtension([], { dist: GRANTED_DIST });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.httpUrl}/workers.html`);
    await page.waitForFunction(() => (window as unknown as { __ready: Promise<boolean> }).__ready);
    const worker = await extensionServiceWorker(browser.context);
    const panel = await openPanel(browser.context, new URL(worker.url()).host, await findTabId(worker, page));
    await startCapture(panel);
    await page.evaluate(() => (window as unknown as { go(): void }).go());
    await expect.poll(() => page.evaluate(() => [...(window as unknown as { __done: string[] }).__done].sort())).toEqual(['dedicated', 'page', 'service', 'shared']);

    const expected = (tag: string) => {
      const bin = ['00', '01', '02', 'fe', 'ff', tag.length.toString(16).padStart(2, '0')].join(' ');
      return [`sent:text:hello from ${tag}`, `received:text:hello from ${tag}`, `sent:hex:${bin}`, `received:hex:${bin}`];
    };
    await expect
      .poll(async () => (await captured(panel)).map((c) => `${new URL(c.url).searchParams.get('from')}:${c.frames.length}`).sort(), { timeout: 15_000 })
      .toEqual(['dedicated:5', 'page:5', 'service:5', 'shared:5']);
    const conns = await captured(panel);
    for (const [tag, kind, script] of [
      ['dedicated', 'dedicated', '/dedicated.js'],
      ['shared', 'shared', '/shared.js'],
      ['service', 'service', '/sw.js'],
      ['page', null, null],
    ] as const) {
      const mine = conns.filter((c) => c.url.endsWith(`from=${tag}`));
      expect(mine).toHaveLength(1); // the page's socket is not recorded twice
      const c = mine[0]!;
      // The first frame is the key the server got on that very connection.
      const key = server.seen.find((s) => s.path === '/ok' && s.key === c.frames[0]!.replace('received:text:', ''));
      expect(key).toBeDefined();
      expect(c.frames.slice(1)).toEqual(expected(tag));
      if (kind === null) expect(c.worker).toBeUndefined();
      else expect(c.worker).toEqual({ kind, url: `${server.httpUrl}${script}` });
      expect(c.handshake).toEqual({ source: 'debugger', status: 101 });
    }

    // In the panel: the worker named, and the full handshake checked.
    await connectionRow(panel, 'from=shared').first().click();
    await paneTab(panel, 'Connection');
    await expect(panel.getByRole('region', { name: 'Connection details' }).getByLabel('Worker')).toHaveText(`shared worker ${server.httpUrl}/shared.js`);
    await expect(panel.getByRole('region', { name: 'Handshake' }).getByLabel('Accept check')).toHaveText(/^✓ Sec-WebSocket-Accept \S+ matches the key/);
    await connectionRow(panel, 'from=page').first().click();
    await expect(panel.getByRole('region', { name: 'Handshake' }).getByLabel('Accept check')).toHaveText(/^✓ Sec-WebSocket-Accept \S+ matches the key/);

    // Off again: the debugger is detached.
    await panel.getByRole('button', { name: 'Capturing workers' }).click();
    await expect(panel.getByRole('button', { name: 'Capture workers' })).toHaveAttribute('aria-pressed', 'false');
    // (Playwright is attached too, so `attached` says nothing: the extension can attach again only once it has let go.)
    const tabId = await findTabId(worker, page);
    await expect
      .poll(() =>
        worker.evaluate(async (tabId) => {
          try {
            await chrome.debugger.attach({ tabId }, '1.3');
            await chrome.debugger.detach({ tabId });
            return 'detached';
          } catch (e) {
            return String(e);
          }
        }, tabId),
      )
      .toBe('detached');
  } finally {
    await browser.close();
  }
});
