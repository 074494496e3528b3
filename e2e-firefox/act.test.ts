/**
 * Acting on live traffic from the panel, in Firefox: edit and resend, compose, simulate incoming
 * (a synthetic event the hook dispatches in the page, whose data must reach the page's handlers
 * through Firefox's Xray wrappers as the page's own ArrayBuffer, string or Blob), close with a code
 * and reason. (Chromium: e2e/act.spec.ts; replay and the channel attacks: core.test.ts.)
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { clickByName, connectionRowTexts, firefoxSuite, frameRow, openPanel, selectFrame, textOf, typeInto, until, waitFramesShown } from './firefox';

const INSPECTOR_TABS = '[role="tablist"][aria-label="Inspector"]';

/** A frame's mark: in the Type column when the grid has room for it, always in its detail; then back to the Act tab. */
async function expectMark(panel: Page, mark: string, ...texts: string[]): Promise<void> {
  await selectFrame(panel, ...texts);
  await until(`the detail to say ${mark}`, async () => (await textOf(panel, 'section[aria-label="Frame detail"]')).includes(mark));
  await clickByName(panel, 'Act', INSPECTOR_TABS);
}

const suite = firefoxSuite();
const ACT = 'section[aria-label="Act on this connection"]';

/** Opens a socket to /echo in the page; `window.__got` / `__gotListener` collect what its handlers see. */
async function openEcho(page: Page, binaryType: BinaryType): Promise<void> {
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(
    ({ url, binaryType }) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { ws: WebSocket; __got: unknown[]; __gotListener: unknown[] };
        w.__got = [];
        w.__gotListener = [];
        const norm = (d: unknown) =>
          typeof d === 'string' ? d : d instanceof Blob ? `Blob(${d.size})` : d instanceof ArrayBuffer ? Array.from(new Uint8Array(d)) : `other ${String(d)}`;
        w.ws = new WebSocket(url);
        w.ws.binaryType = binaryType;
        w.ws.onmessage = (e) => {
          w.__got.push(norm(e.data));
          (w as unknown as { __last: unknown }).__last = e.data;
        };
        w.ws.addEventListener('message', (e) => w.__gotListener.push(norm(e.data)));
        w.ws.onopen = () => resolve();
      }),
    { url: `${suite.demo.wsUrl}/echo`, binaryType },
  );
}

const serverGot = () => suite.demo.stats.received('/echo').map((m) => (m.isBinary ? [...m.data] : m.data.toString('utf8')));
const got = (page: Page, which: '__got' | '__gotListener') => page.evaluate((k) => (window as unknown as Record<string, unknown[]>)[k], which);

/** Picks a message format (the radio with this label) in the act panel's composer. */
async function format(panel: Page, name: string): Promise<void> {
  await until(`the ${name} format`, () =>
    panel.evaluate(
      (act, name) => {
        const label = Array.from(document.querySelectorAll(`${act} label.mode`)).find((l) => (l as HTMLElement).innerText.trim() === name);
        const input = label?.querySelector('input');
        if (!input) return false;
        if (!input.checked) input.click();
        return input.checked;
      },
      ACT,
      name,
    ),
  );
}

async function unfoldAct(panel: Page): Promise<void> {
  await clickByName(panel, 'Act', INSPECTOR_TABS);
  await until('the act panel unfolded', () =>
    panel.evaluate((act) => {
      const toggle = document.querySelector(`${act} button.act-toggle`) as HTMLButtonElement | null;
      if (!toggle) return false;
      if (toggle.getAttribute('aria-expanded') !== 'true') toggle.click();
      return document.querySelector(`${act} textarea`) !== null;
    }, ACT),
  );
}

test('edit and resend, compose, simulate incoming, close: each reaches the server or the page as asked', async () => {
  const { page } = suite.ff;
  await openEcho(page, 'arraybuffer');
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('{"a":1}'));
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 2);

  // Edit and resend: the frame opens in its connection's composer as JSON; Ctrl+Enter sends.
  await (await frameRow(panel, 'sent', '{"a":1}')).click();
  await clickByName(panel, 'Edit and resend', '[role="group"][aria-label="Frame actions"]');
  const editor = `${ACT} textarea[aria-label="Message to send (JSON)"]`;
  await until('the frame in the editor', () => panel.evaluate((s) => (document.querySelector(s) as HTMLTextAreaElement | null)?.value === '{"a":1}', editor));
  await typeInto(panel, editor, '{"a":2,"edited":true}');
  await panel.focus(editor);
  await panel.keyboard.down('Control');
  await panel.keyboard.press('Enter');
  await panel.keyboard.up('Control');
  await until('"Sent 21 B of text on #1."', async () => (await textOf(panel, ACT)).includes('Sent 21 B of text on #1.'));

  // Compose binary as hex.
  await format(panel, 'Hex');
  await typeInto(panel, `${ACT} textarea[aria-label="Message to send (Hex)"]`, 'de ad be ef 00');
  await clickByName(panel, 'Send', ACT);
  await until('the server to get both', () => JSON.stringify(serverGot()) === JSON.stringify(['{"a":1}', '{"a":2,"edited":true}', [0xde, 0xad, 0xbe, 0xef, 0x00]]));
  await expectMark(panel, 'composed', 'sent', 'de ad be ef 00');

  // Simulate incoming: the page's handlers get an ArrayBuffer (binaryType arraybuffer), then a string.
  const before = serverGot().length;
  await clickByName(panel, 'Simulate incoming', ACT);
  await format(panel, 'Text');
  await typeInto(panel, `${ACT} textarea[aria-label="Message to send (Text)"]`, 'from the server, really');
  await clickByName(panel, 'Simulate incoming', ACT);
  const want = [[0xde, 0xad, 0xbe, 0xef, 0x00], 'from the server, really'];
  await until('the page handlers to get both', async () => JSON.stringify((await got(page, '__got')).slice(-2)) === JSON.stringify(want));
  expect((await got(page, '__gotListener')).slice(-2)).toEqual(want);
  await expectMark(panel, 'simulated', 'received', 'from the server, really');
  expect(serverGot().length, 'a simulated message never goes to the server').toBe(before);

  // Close from the panel with a code and reason.
  const closeForm = `${ACT} form[aria-label="Close this connection"]`;
  await typeInto(panel, `${closeForm} label:nth-of-type(1) input`, '4002');
  await typeInto(panel, `${closeForm} label:nth-of-type(2) input`, 'from devtools');
  await clickByName(panel, 'Close connection', closeForm);
  await until('the server to see the close', () => JSON.stringify(suite.demo.stats.closes('/echo').map((c) => [c.code, c.reason])) === '[[4002,"from devtools"]]');
  await until('the close in the connection row', async () => {
    const row = (await connectionRowTexts(panel)).find((r) => r.includes('/echo')) ?? '';
    return row.includes('4002 Private Use "from devtools"') && row.includes('closed from DevTools');
  });
});

test('simulate incoming honours binaryType blob', async () => {
  const { page } = suite.ff;
  await openEcho(page, 'blob');
  const panel = await openPanel(suite.ff, page);
  const echoRow = `Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="row"]')).find((r) => r.innerText.includes('/echo'))`;
  await until('the /echo connection row', () => panel.evaluate(`${echoRow} !== undefined`));
  await panel.evaluate(`${echoRow}.click()`);
  await until('the /echo connection selected', () => panel.evaluate(`${echoRow}.getAttribute('aria-selected') === 'true'`));
  await unfoldAct(panel);
  await format(panel, 'Base64');
  await typeInto(panel, `${ACT} textarea[aria-label="Message to send (Base64)"]`, 'AQID');
  await clickByName(panel, 'Simulate incoming', ACT);
  await until('the page to get a Blob', async () => JSON.stringify(await got(page, '__got')) === '["Blob(3)"]');
  // The Blob the page got holds the bytes, read in the page.
  expect(await page.evaluate(async () => Array.from(new Uint8Array(await (window as unknown as { __last: Blob }).__last.arrayBuffer())))).toEqual([1, 2, 3]);
  await frameRow(panel, 'received', 'binary (blob) · simulated', '01 02 03');
});
