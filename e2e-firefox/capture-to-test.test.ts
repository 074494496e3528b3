/**
 * Captures become tests, in Firefox: the panel's "Copy as Playwright test" dialog shows the test of
 * a captured connection (the page, the socket, the recorded sends and the server's close, as the
 * generator writes them), and "Copy as command line" the exact websocat and wscat commands of a
 * text-only socket, and why none for one that sent a binary frame. The Chromium version
 * (e2e/capture-to-test.spec.ts) also runs the generated file.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startPageServer, type PageServer } from '../e2e/page-server';
import { startConversationServer, type ConversationServer } from '../e2e/conversation-server';
import { clickByName, connectionRowTexts, firefoxSuite, openPanel, textOf, until } from './firefox';

const suite = firefoxSuite();
let pages: PageServer;
let server: ConversationServer;
beforeAll(async () => {
  pages = await startPageServer();
  server = await startConversationServer();
});
afterAll(async () => {
  await server?.close();
  await pages?.close();
});

/** Selects the connection of the socket URL `url` and opens its "Copy as …" dialog; the dialog's selector. */
async function openCopyAs(panel: Page, url: string, button: string, title: string): Promise<string> {
  await until(`the connection ${url} selected`, () =>
    panel.evaluate((url) => {
      const row = Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="row"]')).find((r) =>
        // The URL cell's title: the whole URL, then the page.
        (r.querySelector('[role="gridcell"].url')?.getAttribute('title') ?? '').startsWith(`${url}\n`),
      ) as HTMLElement | undefined;
      if (!row) return false;
      if (row.getAttribute('aria-selected') === 'true') return true;
      row.click();
      return false;
    }, url),
  );
  await clickByName(panel, `Connection ${title.slice(title.indexOf('#'))}`, '[role="tablist"][aria-label="Inspector"]');
  await clickByName(panel, button, 'section[aria-label="Connection details"]');
  await until(`the dialog ${title}`, () =>
    panel.evaluate((title) => {
      const d = document.querySelector('dialog.copy-as') as HTMLDialogElement | null;
      return d?.open === true && d.querySelector('h2')?.textContent === title;
    }, title),
  );
  return 'dialog.copy-as';
}

const codeIn = (panel: Page, label: string) =>
  panel.evaluate((label) => (document.querySelector(`dialog.copy-as textarea[aria-label="${label}"]`) as HTMLTextAreaElement | null)?.value ?? null, label);

test('the Copy as Playwright test and Copy as command line dialogs of captured connections', async () => {
  const { page } = suite.ff;
  const url = pages.url('conversation.html', server.host);
  await page.goto(url);
  await until('the conversation closed', () => page.evaluate(() => (window as unknown as { __log: string[] }).__log.includes('close 4001 bye Zoë')));
  const seat = 24; // the page's name, in code points (e2e/pages/conversation.html)

  const panel = await openPanel(suite.ff, page);
  let rows: string[] = [];
  await until('both connections, the conversation closed', async () => {
    rows = await connectionRowTexts(panel);
    return rows.filter((r) => r.includes(server.host)).length === 2 && rows.some((r) => r.includes('4001'));
  }).catch((e: Error) => {
    throw new Error(`${e.message}; the rows: ${JSON.stringify(rows)}`);
  });
  const dialog = await openCopyAs(panel, `ws://${server.host}/conversation`, 'Copy as Playwright test', 'Playwright test of #1');
  const code = await until('the test', () => codeIn(panel, 'Playwright test'));
  expect(code.split('\n').slice(0, 2)).toEqual([
    '// Playwright test written by WebSocket Lens from connection #1.',
    '// Recorded: 3 frames sent by the page, 5 frames received, closed 4001 by the server.',
  ]);
  expect(code).toContain("import { test, expect, type WebSocketRoute } from '@playwright/test';");
  expect(code).toContain(`const PAGE_URL = ${JSON.stringify(url)};`);
  expect(code).toContain(`const SOCKET_URL = "ws://${server.host}/conversation";`);
  expect(code).toContain('  onConnect: [\n    { text: "{\\"type\\":\\"welcome\\",\\"session\\":\\"s-1\\"}" },\n  ],');
  expect(code).toContain(`sent: { base64: "${Buffer.from([16, seat, 255, 0]).toString('base64')}" },`);
  expect(code).toContain(`sent: { text: "bye ${seat}" },`);
  expect(code).toContain('close: { code: 4001, reason: "bye Zoë" },');
  expect(code).toContain('\\u2028');
  expect(code).not.toContain('\u2028');
  await clickByName(panel, 'Close', dialog);
  await until('the dialog gone', () => panel.evaluate(() => document.querySelector('dialog.copy-as') === null));

  await openCopyAs(panel, `ws://${server.host}/notes`, 'Copy as command line', 'Command line for #2');
  expect(await until('the websocat command', () => codeIn(panel, 'websocat command'))).toBe(
    `printf '%s\\n' 'ping 1' 'it'\\''s "quoted" $HOME' | websocat --protocol 'notes.v1' 'ws://${server.host}/notes'`,
  );
  await clickByName(panel, 'wscat', dialog);
  expect(await until('the wscat command', () => codeIn(panel, 'wscat command'))).toBe(
    `wscat --connect 'ws://${server.host}/notes' --subprotocol 'notes.v1' --execute='ping 1' --execute='it'\\''s "quoted" $HOME'`,
  );
  await clickByName(panel, 'Close', dialog);
  await until('the dialog gone', () => panel.evaluate(() => document.querySelector('dialog.copy-as') === null));

  await openCopyAs(panel, `ws://${server.host}/conversation`, 'Copy as command line', 'Command line for #1');
  await until('the refusal', async () =>
    (await textOf(panel, 'dialog.copy-as [role="alert"]')) ===
    '#1 sent 1 binary frame: websocat cannot send binary frames from a command line, so no command is written (Copy as Playwright test writes binary frames).',
  );
  await clickByName(panel, 'Close', dialog);
  await panel.close();
});
