/**
 * Auto-responses in Firefox: a Respond rule answers a JSON ping with the sent id, the original
 * forwarded to the server or not (the demo server's record of /echo tells which); the responses
 * reach the page's handlers (events the hook dispatches through Firefox's Xray wrappers) and are
 * marked mocked. (Chromium: e2e/respond.spec.ts.)
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { openSocket as openSocketAt, pageGot, send } from '../e2e/page-socket';
import { clickByName, fillLabelled, firefoxSuite, frameRow, openPanel, selectFrame, textOf, typeInto, until } from './firefox';

const suite = firefoxSuite();
const DIALOG = 'dialog[aria-labelledby="rules-title"]';
const FORM = `${DIALOG} form[aria-label="New rule"]`;
const PONG = '{"type":"pong","id":{{id}}}';

const openSocket = (page: Page) => openSocketAt(page, `${suite.demo.wsUrl}/echo`);
const serverGot = () => suite.demo.stats.received('/echo').map((m) => m.data.toString());
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function addRespond(panel: Page, where: string, responses: Array<[string, number]>, forward: boolean): Promise<void> {
  await clickByName(panel, 'Rules (0 active)');
  await fillLabelled(panel, FORM, 'Action', 'respond');
  await fillLabelled(panel, FORM, 'JSON field', where);
  for (const [i, [template, delay]] of responses.entries()) {
    if (i > 0) await clickByName(panel, 'Add a response', FORM);
    await typeInto(panel, `${FORM} textarea[aria-label="Response ${i + 1} template"]`, template);
    await typeInto(panel, `${FORM} input[aria-label="Response ${i + 1} delay (ms)"]`, String(delay));
  }
  await until('the forward checkbox set', () =>
    panel.evaluate(
      (form, forward) => {
        const label = Array.from(document.querySelectorAll(`${form} label`)).find((l) => (l as HTMLElement).innerText.trim() === 'Send the original to the server too');
        const box = label?.querySelector('input[type="checkbox"]') as HTMLInputElement | undefined;
        if (!box) return false;
        if (box.checked !== forward) box.click();
        return box.checked === forward;
      },
      FORM,
      forward,
    ),
  );
  await clickByName(panel, 'Add rule', FORM);
  await until('"Rule added"', async () => (await textOf(panel, `${DIALOG} [role="status"]`)).includes('Rule added'));
  await until('the rule in force', async () => (await textOf(panel, `${DIALOG} [aria-label="In force in this page"]`)) === 'In force in this page: 1 rule.');
  await clickByName(panel, 'Close', DIALOG);
}

test('an auto-response answers a JSON ping with the sent id, the original forwarded to the server', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await openSocket(page);
  const panel = await openPanel(suite.ff, page);
  await addRespond(panel, 'type = "ping"', [[PONG, 0]], true);

  await send(page, '{"type":"ping","id":7}');
  const both = ['{"type":"ping","id":7}', '{"type":"pong","id":7}'];
  await until('the echo and the pong in both handlers', async () => {
    const got = await pageGot(page);
    return same([...got.got].sort(), both) && same([...got.gotListener].sort(), both);
  });
  expect(serverGot()).toEqual(['{"type":"ping","id":7}']);
  await selectFrame(panel, 'received', 'mocked', '{"type":"pong","id":7}');
  await until('the detail says mocked', async () => (await textOf(panel, 'section[aria-label="Frame detail"]')).includes('Sent by an auto-response rule, not by the server.'));
  await selectFrame(panel, 'sent', '{"type":"ping","id":7}');
  await until('the auto-response note', async () => (await textOf(panel, '[role="note"][aria-label="Auto-response"]')) === 'Answered by an auto-response rule with 1 response.');
});

test('without forwarding: the ping never reaches the server; two responses in order after their delays', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await openSocket(page);
  const panel = await openPanel(suite.ff, page);
  await addRespond(panel, 'type = "ping"', [[PONG, 0], ['{"type":"done"}', 60]], false);

  await send(page, '{"type":"ping","id":7}');
  await until('both responses in the page', async () => (await pageGot(page)).got.length === 2);
  expect(await pageGot(page)).toEqual({ got: ['{"type":"pong","id":7}', '{"type":"done"}'], gotListener: ['{"type":"pong","id":7}', '{"type":"done"}'] });
  // A frame the field match refuses goes on (it was held on the rule's pattern, which matches all).
  await send(page, '{"type":"hello"}');
  await until('the hello echoed', async () => (await pageGot(page)).got.length === 3);
  // The hello was sent after the ping: once the server has it, it would have had the ping too.
  expect(serverGot()).toEqual(['{"type":"hello"}']);
  await frameRow(panel, 'sent', 'answered', '{"type":"ping","id":7}');
  await frameRow(panel, 'received', 'mocked', '{"type":"pong","id":7}');
  await frameRow(panel, 'received', 'mocked', '{"type":"done"}');
  await selectFrame(panel, 'sent', 'answered', '{"type":"ping","id":7}');
  await until('the detail says answered', async () =>
    (await textOf(panel, 'section[aria-label="Frame detail"]')).includes('Answered by an auto-response rule: this frame never reached the server.'),
  );
  expect(await panel.$('section[aria-label="Paused frames"]')).toBeNull();
});
