/**
 * Handshakes in Firefox ESR: what its webRequest reports of each socket's HTTP handshake, matched to
 * the hook's connection and shown in the panel. As in e2e/handshake.spec.ts, the optional host
 * access is granted by the build (WSL_GRANT_HOST_ACCESS=1 lists `<all_urls>` in `host_permissions`,
 * which the harness's Firefox grants at install), built into its own directory.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildGrantedExtension, startHandshakeServer, type HandshakeServer } from '../e2e/handshake-server';
import { connectionRowTexts, DIST_FIREFOX, launchFirefox, openPanel, textOf, until, type FirefoxSession } from './firefox';

const GRANTED_DIST = `${DIST_FIREFOX}-host-access`;

let server: HandshakeServer;
let ff: FirefoxSession;
beforeAll(async () => {
  buildGrantedExtension(GRANTED_DIST, true);
  server = await startHandshakeServer();
  ff = await launchFirefox(GRANTED_DIST);
});
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

type Hs = { requestHeaders: Array<{ name: string; value: string }>; responseHeaders: Array<{ name: string; value: string }>; status: number; statusLine: string; error: string };
type StoreConn = { url: string; protocols: string[]; key: string; handshake?: Hs };

test('a successful socket (its key and Accept check), a refused upgrade (403 and its headers) and a closed port (its error), on the rows and in the details', async () => {
  await ff.page.goto(`${server.httpUrl}/page`);
  const panel = await openPanel(ff, ff.page);
  // Worker capture needs chrome.debugger, which Firefox does not have: the panel says so instead of offering it.
  expect(await textOf(panel, '.worker-capture-na')).toBe('Workers: not available in Firefox');
  expect(await panel.evaluate(() => Array.from(document.querySelectorAll('button'), (b) => b.textContent).includes('Capture workers'))).toBe(false);
  await ff.page.evaluate(
    ([ok, refuse, closed]) => {
      new WebSocket(ok!, 'chat');
      new WebSocket(refuse!);
      new WebSocket(closed!);
    },
    [`${server.wsUrl}/ok`, `${server.wsUrl}/refuse`, `ws://127.0.0.1:${server.closedPort}/nothing`],
  );
  const conns = await until('three handshakes, each over', () =>
    panel.evaluate(() => {
      const list = (globalThis as unknown as { wslens: { store: { connectionList(): StoreConn[] } } }).wslens.store.connectionList();
      if (list.length !== 3 || list.some((c) => c.handshake === undefined || (c.handshake.status === 0 && c.handshake.error === ''))) return null;
      return JSON.parse(JSON.stringify(list)) as StoreConn[];
    }),
  );
  const [ok, refused, down] = conns as [StoreConn, StoreConn, StoreConn];
  const seenOk = server.seen.find((s) => s.path === '/ok')!;
  const lower = (l: Array<{ name: string; value: string }>) => l.map((h) => [h.name.toLowerCase(), h.value]);
  // Every request header shown is one the server received; the handshake's own with the same value
  // (Firefox's webRequest shows `Connection: keep-alive`, to which its socket adds `Upgrade` later).
  const received = seenOk.request.map(([k, v]) => [k.toLowerCase(), v]);
  const shown = lower(ok.handshake!.requestHeaders);
  for (const [k] of shown) expect(received.map(([n]) => n)).toContain(k);
  for (const name of ['host', 'origin', 'user-agent', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol'])
    expect(shown.find(([k]) => k === name)).toEqual(received.find(([k]) => k === name));
  expect(ok.handshake!.status).toBe(101);
  const sent = seenOk.response.map(([k, v]) => [k.toLowerCase(), v]);
  for (const h of sent) expect(lower(ok.handshake!.responseHeaders)).toContainEqual(h);

  expect(refused.handshake!.status).toBe(403);
  expect(lower(refused.handshake!.responseHeaders)).toContainEqual(['x-refused-because', 'test']);
  expect(down.handshake!.error).not.toBe('');

  const rows = await until('the failure reasons on the rows', async () => {
    const texts = await connectionRowTexts(panel);
    return texts.some((t) => t.includes('upgrade refused: 403 Forbidden')) ? texts : null;
  });
  expect(rows.find((t) => t.includes('/refuse'))).toContain('upgrade refused: 403 Forbidden · 1006');
  expect(down.handshake!.error).toBe('NS_ERROR_CONNECTION_REFUSED');
  expect(rows.find((t) => t.includes('/nothing'))).toContain('connection refused (NS_ERROR_CONNECTION_REFUSED) · 1006');

  // The details of the successful one: Firefox shows the key, so the Accept check is made.
  expect(ok.handshake!.requestHeaders.find((h) => h.name.toLowerCase() === 'sec-websocket-key')?.value).toBe(seenOk.key);
  const okRow = await until('the /ok socket in the connections', async () => {
    for (const r of await panel.$$('[role="grid"][aria-label="Connections"] [role="row"]')) {
      if ((await r.evaluate((e) => (e as HTMLElement).innerText)).includes('/ok')) return r;
    }
    return null;
  });
  await okRow.click();
  await until('its details', async () => (await textOf(panel, 'section[aria-label="Connection details"]')).includes('/ok'));
  const accept = await until('the Accept check', async () => {
    const t = await textOf(panel, '[aria-label="Accept check"]');
    return t && t !== '…' ? t : null;
  });
  expect(accept).toMatch(/^✓ Sec-WebSocket-Accept \S+ matches the key \(RFC 6455 §4\.2\.2\)$/);
  expect(await textOf(panel, '[aria-label="Subprotocol negotiation"]')).toBe('requested chat · agreed chat');
  expect(await textOf(panel, '[aria-label="Status line"]')).toBe('HTTP/1.1 101 Switching Protocols');
});
