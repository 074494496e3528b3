/**
 * Rules: block or rewrite frames matching a filter, per direction, kept per site across reloads,
 * switched off one by one; affected frames are marked and a rewritten one keeps its original.
 */
import { test, expect, openPanel } from './fixtures';
import { frameRow } from './panel';
import { openSocket, pageGot, send, sentinel } from './page-socket';

test('block and rewrite rules act on live frames, hold across reloads and switch off one by one', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));

  await panel.getByRole('button', { name: 'Rules (0 active)' }).click();
  const dialog = panel.getByRole('dialog', { name: /^Rules for http:\/\/127\.0\.0\.1:\d+$/ });
  const form = dialog.getByRole('form', { name: 'New rule' });
  // A rule that cannot work is refused, saying why.
  await form.getByLabel('Action').selectOption('rewrite');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Find: say what to replace.');
  await form.getByLabel('Action').selectOption('block');
  // Block sent frames containing "secret".
  await form.getByLabel('Frames matching').fill('secret');
  await form.getByRole('button', { name: 'Add rule' }).click();
  // Rewrite received frames: hello → HELLO, and digits in brackets with a regex.
  await form.getByLabel('Action').selectOption('rewrite');
  await form.getByLabel('Direction').selectOption('received');
  await form.getByLabel('Frames matching').fill('');
  await form.getByLabel('Find').fill('hello');
  await form.getByLabel('Replace with').fill('HELLO');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await form.getByLabel('Find').fill('/(\\d+)/');
  await form.getByLabel('Replace with').fill('<$1>');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(dialog.getByRole('list', { name: 'Rules' }).getByRole('listitem')).toHaveCount(3);
  // Stored is not yet in force: the dialog says when the page's hook applies them.
  const inForce = dialog.getByLabel('In force in this page');
  await expect(inForce).toHaveText('In force in this page: 3 rules.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByRole('button', { name: 'Rules (3 active)' })).toBeVisible();

  await send(page, 'secret 1');
  await send(page, 'hello world 42');
  await expect.poll(() => pageGot(page)).toEqual({ got: ['HELLO world <42>'], gotListener: ['HELLO world <42>'] });
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['hello world 42']);
  await expect(frameRow(panel, 'sent', 'blocked', 'secret 1')).toHaveCount(1);
  const rewritten = frameRow(panel, 'received', 'rewritten', 'HELLO world <42>');
  await expect(rewritten).toHaveCount(1);
  await rewritten.click();
  await expect(panel.getByRole('note', { name: 'Original frame' })).toContainText('hello world 42');

  // Kept for the site across a reload.
  demo.stats.reset();
  await page.reload();
  await openSocket(page, `${demo.wsUrl}/echo`);
  // The new document's hook applies the site's rules (read from storage as it starts).
  await panel.getByRole('button', { name: 'Rules (3 active)' }).click();
  await expect(inForce).toHaveText('In force in this page: 3 rules.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await send(page, 'secret 2');
  await send(page, 'plain');
  await expect.poll(() => pageGot(page)).toEqual({ got: ['plain'], gotListener: ['plain'] });
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['plain']);

  // Switched off one by one: the block rule off, secrets go out again; the rewrites still apply.
  await panel.getByRole('button', { name: 'Rules (3 active)' }).click();
  await dialog.getByRole('checkbox', { name: 'Block sent frames matching secret' }).uncheck();
  await expect(inForce).toHaveText('In force in this page: 2 rules.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByRole('button', { name: 'Rules (2 active)' })).toBeVisible();
  await send(page, 'secret 3, hello');
  await expect.poll(() => demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['plain', 'secret 3, hello']);
  await expect.poll(async () => (await pageGot(page)).got).toEqual(['plain', 'secret <3>, HELLO']);
});

test('a breakpoint holds a frame until it is continued (edited) or dropped; later frames of its socket wait behind it, in order', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  const addRule = async (action: string, direction: string, match: string) => {
    await panel.getByRole('button', { name: /^Rules \(\d+ active\)$/ }).click();
    const form = panel.getByRole('dialog').getByRole('form', { name: 'New rule' });
    await form.getByLabel('Action').selectOption(action);
    await form.getByLabel('Direction').selectOption(direction);
    await form.getByLabel('Frames matching').fill(match);
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect(panel.getByRole('dialog').getByRole('status')).toContainText('Rule added');
    await expect(panel.getByRole('dialog').getByLabel('In force in this page')).toHaveText(/^In force in this page: \d+ rules?\.$/);
    await panel.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  };

  // Outgoing: "stop here" is held; b and c wait behind it.
  await addRule('pause', 'sent', 'stop here');
  await send(page, 'a');
  await send(page, 'stop here');
  await send(page, 'b');
  await send(page, 'c');
  const held = panel.getByRole('region', { name: 'Paused frames' });
  const frame = held.getByRole('group', { name: 'Paused sent frame on #1' });
  await expect(frame.getByRole('textbox')).toHaveValue('stop here');
  await sentinel(page, demo.wsUrl);
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['a']);
  await frame.getByRole('textbox').fill('edited!');
  await frame.getByRole('button', { name: 'Continue' }).click();
  await expect.poll(() => demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['a', 'edited!', 'b', 'c']);
  await expect(held).toHaveCount(0);
  await frameRow(panel, 'sent', 'rewritten', 'edited!').click();
  await expect(panel.getByRole('note', { name: 'Original frame' })).toContainText('stop here');
  await expect.poll(async () => (await pageGot(page)).got).toEqual(['a', 'edited!', 'b', 'c']);

  // Incoming: the echo of "hold me" is held before the page's handlers; "after" waits behind it.
  await addRule('pause', 'received', 'hold');
  await send(page, 'hold me');
  await expect(held.getByRole('group', { name: 'Paused received frame on #1' }).getByRole('textbox')).toHaveValue('hold me');
  await send(page, 'after');
  await expect.poll(() => demo.stats.received('/echo').length).toBe(6);
  await sentinel(page, demo.wsUrl);
  expect((await pageGot(page)).got).toEqual(['a', 'edited!', 'b', 'c']);
  await held.getByRole('group', { name: 'Paused received frame on #1' }).getByRole('button', { name: 'Drop' }).click();
  await expect.poll(async () => await pageGot(page)).toEqual({ got: ['a', 'edited!', 'b', 'c', 'after'], gotListener: ['a', 'edited!', 'b', 'c', 'after'] });
  await expect(frameRow(panel, 'received', 'dropped', 'hold me')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'after')).toHaveCount(1);
});

test('a block rule on received frames: the page\'s handlers never see them, the log marks them', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openSocket(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.getByRole('button', { name: 'Rules (0 active)' }).click();
  const form = panel.getByRole('dialog').getByRole('form', { name: 'New rule' });
  await form.getByLabel('Direction').selectOption('received');
  await form.getByLabel('Frames matching').fill('/^drop/');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(panel.getByRole('dialog').getByLabel('In force in this page')).toHaveText('In force in this page: 1 rule.');
  await panel.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await send(page, 'drop me');
  await send(page, 'keep me');
  await expect.poll(() => pageGot(page)).toEqual({ got: ['keep me'], gotListener: ['keep me'] });
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['drop me', 'keep me']);
  await expect(frameRow(panel, 'received', 'blocked', 'drop me')).toHaveCount(1);
  await frameRow(panel, 'received', 'blocked', 'drop me').click();
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText("Blocked by a rule: this frame never reached the page's handlers.");
});
