/**
 * The test client in Firefox: the toolbar popup's page (here in a tab: the same page), prefilled
 * from its query, connecting with a subprotocol and sending saved messages with exact bytes; and
 * "Open in tab", a tab the extension opens itself with browser.tabs.create, carrying on.
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { clickByName, EXTENSION_ORIGIN, frameRowTexts, gotoExtensionPage, textOf, until, firefoxSuite } from './firefox';

const suite = firefoxSuite();

const status = (p: Page) => textOf(p, 'section[aria-label="Connection status"]');

test('the client connects with a subprotocol from its query, sends saved messages byte for byte, and "Open in tab" carries on in a tab it opens', async () => {
  const saved = JSON.stringify([
    { name: 'hello', data: 'hi there' },
    { name: 'bytes', data: 'AAEC', binary: true },
  ]);
  const q = new URLSearchParams({ url: `${suite.demo.wsUrl}/proto`, protocols: 'chat.v1', saved });
  const client = suite.ff.page;
  await gotoExtensionPage(client, `src/client/client.html?${q}`);
  await clickByName(client, 'Connect');
  await until('the client to connect', async () => (await status(client)).includes('Open'));
  expect(await textOf(client, '[aria-label="Negotiated subprotocol"]')).toBe('chat.v1');
  await clickByName(client, 'Send saved message hello');
  await clickByName(client, 'Send saved message bytes');
  await until('the server to receive both', () => suite.demo.stats.received('/proto').length === 2);
  expect(suite.demo.stats.received('/proto')[0].data.toString('utf8')).toBe('hi there');
  expect([...suite.demo.stats.received('/proto')[1].data]).toEqual([0, 1, 2]);
  expect(suite.demo.stats.connections('/proto').map((c) => [c.protocols, c.protocol])).toEqual([[['chat.v1'], 'chat.v1']]);

  // "Open in tab": browser.tabs.create opens the client in a tab, which connects again.
  const before = new Set(await suite.ff.browser.pages());
  await clickByName(client, 'Open in tab');
  const tab = await until('the tab the extension opened', async () => {
    for (const p of await suite.ff.browser.pages()) {
      if (before.has(p)) continue;
      // Puppeteer does not follow moz-extension:// navigations (p.url() stays about:blank): ask the page.
      const href = await p.evaluate(() => location.href).catch(() => '');
      if (href === `${EXTENSION_ORIGIN}/src/client/client.html?tab=1&connect=1`) return p;
    }
    return null;
  });
  await until('the tab to connect', async () => (await status(tab)).includes('Open'));
  await until('a second connection', () => suite.demo.stats.connections('/proto').length === 2);
  await clickByName(tab, 'Send saved message hello');
  await until('the server to receive it from the tab', () => suite.demo.stats.received('/proto').length === 3);
  await until('the tab to log the sent message', async () =>
    (await frameRowTexts(tab)).some((r) => r.includes('sent') && r.includes('hi there')),
  );
});
