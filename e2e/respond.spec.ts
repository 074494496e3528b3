/**
 * Auto-responses: a rule with the action Respond answers a sent frame the page sent (pattern, JSON
 * field match) with responses built from templates, delivered to the page's handlers in order after
 * their delays and marked `mocked`; with or without the original going to the server (the demo
 * server's record of /echo tells which). (Firefox: e2e-firefox/respond.test.ts.)
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, openPanel } from './fixtures';
import { frameRow } from './panel';
import { openSocket, pageGot, send, sentinel } from './page-socket';

interface RespondRule {
  match?: string;
  where?: string;
  responses: Array<{ template: string; delay: number }>;
  forward: boolean;
}

async function openRules(panel: Page) {
  await panel.getByRole('button', { name: /^Rules \(\d+ active\)$/ }).click();
  const dialog = panel.getByRole('dialog', { name: /^Rules for / });
  return { dialog, form: dialog.getByRole('form', { name: 'New rule' }) };
}

async function fillRespond(panel: Page, r: RespondRule) {
  const { dialog, form } = await openRules(panel);
  await form.getByLabel('Action').selectOption('respond');
  await expect(form.getByLabel('Direction')).toBeDisabled();
  await form.getByLabel('Frames matching').fill(r.match ?? '');
  await form.getByLabel('JSON field').fill(r.where ?? '');
  for (const [i, resp] of r.responses.entries()) {
    if (i > 0) await form.getByRole('button', { name: 'Add a response' }).click();
    await form.getByLabel(`Response ${i + 1} template`).fill(resp.template);
    await form.getByLabel(`Response ${i + 1} delay (ms)`).fill(String(resp.delay));
  }
  await form.getByLabel('Send the original to the server too').setChecked(r.forward);
  await form.getByRole('button', { name: 'Add rule' }).click();
  return dialog;
}

async function addRespond(panel: Page, r: RespondRule, inForce: string) {
  const dialog = await fillRespond(panel, r);
  await expect(dialog.getByRole('status')).toContainText('Rule added');
  await expect(dialog.getByLabel('In force in this page')).toHaveText(inForce);
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** Opens a frame's detail, waiting for the row to be the selected one (its detail is then shown). */
async function select(row: Locator) {
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
}

const PONG = '{"type":"pong","id":{{id}}}';

test('an auto-response answers a JSON ping with the sent id, the original forwarded; only matching frames; a missing field is said; kept across a reload; switched off', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await addRespond(panel, { where: 'type = "ping"', responses: [{ template: PONG, delay: 0 }], forward: true }, 'In force in this page: 1 rule.');
  const { dialog } = await openRules(panel);
  const ruleText = `Respond to every sent text frame where type = "ping" with ${PONG} after 0 ms`;
  await expect(dialog.getByRole('checkbox', { name: ruleText })).toBeChecked();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await send(page, '{"type":"ping","id":7}');
  // The server echoes the ping (it was forwarded) and the rule answers it: both reach both handlers.
  const both = ['{"type":"ping","id":7}', '{"type":"pong","id":7}'];
  await expect.poll(async () => (await pageGot(page)).got.toSorted()).toEqual(both);
  await expect.poll(async () => (await pageGot(page)).gotListener.toSorted()).toEqual(both);
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['{"type":"ping","id":7}']);
  const mocked = frameRow(panel, 'received', 'mocked', '{"type":"pong","id":7}');
  await expect(mocked).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'mocked')).toHaveCount(1);
  await mocked.click();
  const detail = panel.getByRole('region', { name: 'Frame detail' });
  await expect(detail).toContainText('Sent by an auto-response rule, not by the server.');
  await frameRow(panel, 'sent', '{"type":"ping","id":7}').click();
  await expect(detail.getByRole('note', { name: 'Auto-response' })).toHaveText('Answered by an auto-response rule with 1 response.');

  // A string id is inserted as JSON (with its quotes); another type is not answered.
  await send(page, '{"type":"hello","id":8}');
  await send(page, '{"type":"ping","id":"x-1"}');
  await expect(frameRow(panel, 'received', 'mocked', '{"type":"pong","id":"x-1"}')).toHaveCount(1);
  await select(frameRow(panel, 'sent', '{"type":"hello","id":8}'));
  await expect(detail.getByRole('note', { name: 'Auto-response' })).toHaveCount(0);
  // A ping without the field the template needs: no response, and its record says why.
  await send(page, '{"type":"ping"}');
  await frameRow(panel, 'sent', '{"type":"ping"}').click();
  await expect(detail.getByRole('note', { name: 'Auto-response' })).toHaveText('An auto-response rule matched it, but sent no response: the sent frame has no field id.');
  await expect(frameRow(panel, 'received', 'mocked')).toHaveCount(2);

  // Kept for the site across a reload.
  await page.reload();
  await openSocket(page, `${demo.wsUrl}/echo`);
  await panel.getByRole('button', { name: 'Rules (1 active)' }).click();
  await expect(dialog.getByLabel('In force in this page')).toHaveText('In force in this page: 1 rule.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await send(page, '{"type":"ping","id":9}');
  await expect.poll(async () => (await pageGot(page)).got.toSorted()).toEqual(['{"type":"ping","id":9}', '{"type":"pong","id":9}']);

  // Switched off: the ping is only echoed, and its record was made unanswered.
  await panel.getByRole('button', { name: 'Rules (1 active)' }).click();
  await dialog.getByRole('checkbox', { name: ruleText }).uncheck();
  await expect(dialog.getByLabel('In force in this page')).toHaveText('In force in this page: none.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await send(page, '{"type":"ping","id":10}');
  await expect.poll(async () => (await pageGot(page)).got).toContain('{"type":"ping","id":10}');
  await select(frameRow(panel, 'sent', '{"type":"ping","id":10}'));
  await expect(detail.getByRole('note', { name: 'Auto-response' })).toHaveCount(0);
  expect((await pageGot(page)).got).not.toContain('{"type":"pong","id":10}');
});

test('without forwarding: the ping never reaches the server; two responses in order after their delays, with a regex group; a held frame the field match refuses goes on, one it cannot answer does not', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await addRespond(
    panel,
    {
      match: '/"id":(\\d+)/',
      where: 'type = "ping"',
      responses: [
        { template: PONG, delay: 0 },
        { template: '{"type":"done","n":"{{$1}}"}', delay: 80 },
      ],
      forward: false,
    },
    'In force in this page: 1 rule.',
  );

  await send(page, '{"type":"ping","id":7}');
  await expect.poll(async () => (await pageGot(page)).got).toEqual(['{"type":"pong","id":7}', '{"type":"done","n":"7"}']);
  expect((await pageGot(page)).gotListener).toEqual(['{"type":"pong","id":7}', '{"type":"done","n":"7"}']);
  // Two pings in a row: each one's responses in order, and the first ping's before the second's.
  await send(page, '{"type":"ping","id":8}');
  await send(page, '{"type":"ping","id":9}');
  await expect.poll(async () => (await pageGot(page)).got.length).toBe(6);
  const later = (await pageGot(page)).got.slice(2);
  const at = (s: string) => later.indexOf(s);
  expect(later.toSorted()).toEqual(['{"type":"done","n":"8"}', '{"type":"done","n":"9"}', '{"type":"pong","id":8}', '{"type":"pong","id":9}']);
  expect(at('{"type":"pong","id":8}')).toBeLessThan(at('{"type":"done","n":"8"}'));
  expect(at('{"type":"pong","id":9}')).toBeLessThan(at('{"type":"done","n":"9"}'));
  expect(at('{"type":"pong","id":8}')).toBeLessThan(at('{"type":"pong","id":9}'));
  expect(at('{"type":"done","n":"8"}')).toBeLessThan(at('{"type":"done","n":"9"}'));
  // None of the pings reached the server.
  await sentinel(page, demo.wsUrl);
  expect(demo.stats.received('/echo')).toEqual([]);

  // A ping the rule matches but cannot answer (no top-level id): kept from the server all the same.
  await send(page, '{"type":"ping","sub":{"id":5}}');
  // A frame the pattern holds but the field match refuses goes on to the server, in its order.
  await send(page, '{"type":"hello","id":1}');
  await send(page, 'plain');
  await expect.poll(() => demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['{"type":"hello","id":1}', 'plain']);
  await expect.poll(async () => (await pageGot(page)).got.slice(6)).toEqual(['{"type":"hello","id":1}', 'plain']);

  // The log: the pings answered and not sent, the responses mocked; no hold shown as a breakpoint.
  await expect(frameRow(panel, 'sent', 'answered')).toHaveCount(3);
  await expect(frameRow(panel, 'received', 'mocked')).toHaveCount(6);
  await expect(panel.getByRole('region', { name: 'Paused frames' })).toHaveCount(0);
  await frameRow(panel, 'sent', 'answered', '{"type":"ping","id":7}').click();
  const detail = panel.getByRole('region', { name: 'Frame detail' });
  await expect(detail).toContainText('Answered by an auto-response rule: this frame never reached the server.');
  await expect(detail.getByRole('note', { name: 'Auto-response' })).toHaveText('The rule answers it with 2 responses (marked mocked).');
  await expect(frameRow(panel, 'sent', '{"type":"hello","id":1}')).toHaveCount(1);
  await frameRow(panel, 'sent', 'blocked', '{"type":"ping","sub":{"id":5}}').click();
  await expect(detail.getByRole('note', { name: 'Auto-response' })).toHaveText(
    'Not sent to the server: an auto-response rule without forwarding matched it, but sent no response: response 1: the sent frame has no field id.',
  );
  await expect(frameRow(panel, 'sent', 'answered', '{"type":"hello","id":1}')).toHaveCount(0);
});

test('an invalid template or field match is refused in the dialog, saying what is wrong; nothing is added', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  const refused = async (r: RespondRule, message: string) => {
    const dialog = await fillRespond(panel, r);
    await expect(dialog.getByRole('alert')).toHaveText(message);
    await expect(dialog.getByText('No rules yet.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
  };
  await refused({ responses: [{ template: '{"id":{{id}', delay: 0 }], forward: true }, 'Response 1: {{ at character 7 is not closed: end it with }} (write \\{{ for a literal {{).');
  await refused(
    { responses: [{ template: 'ok', delay: 0 }, { template: '{{a b}}', delay: 5 }], forward: true },
    'Response 2: {{a b}} at character 1: unknown syntax; write {{$1}} for a group of the match or {{id}}, {{a.b}} for a field of the sent JSON.',
  );
  await refused({ match: 'ping', responses: [{ template: '{{$1}}', delay: 0 }], forward: true }, 'Response 1: {{$1}} needs a /regex/ with groups in Frames matching.');
  await refused({ where: 'type = ping', responses: [{ template: 'pong', delay: 0 }], forward: true }, 'JSON field: the value after = must be a "quoted string", a number, true, false or null (not ping).');
  await refused({ responses: [{ template: 'pong', delay: -5 }], forward: true }, 'Response 1: the delay must be a whole number of milliseconds from 0 to 600000.');
  await expect(panel.getByRole('button', { name: 'Rules (0 active)' })).toBeVisible();
});
