/**
 * Rules in Firefox: block or rewrite frames matching a filter, per direction, kept per site across
 * reloads, switched off one by one; breakpoints that hold a frame until it is continued (edited) or
 * dropped, later frames waiting behind it. A rewritten or released incoming frame reaches the
 * page's handlers as an event the hook dispatches in the page (through Firefox's Xray wrappers).
 * (Chromium: e2e/rules.spec.ts.)
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { openSocket as openSocketAt, pageGot, send } from '../e2e/page-socket';
import { clickByName, fillLabelled, firefoxSuite, frameRow, openPanel, selectFrame, textOf, typeInto, until } from './firefox';

const suite = firefoxSuite();
const DIALOG = 'dialog[aria-labelledby="rules-title"]';
const FORM = `${DIALOG} form[aria-label="New rule"]`;

const openSocket = (page: Page) => openSocketAt(page, `${suite.demo.wsUrl}/echo`);
const serverGot = () => suite.demo.stats.received('/echo').map((m) => m.data.toString());
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Waits for the dialog to say what the page's hook applies. */
const inForce = (panel: Page, text: string) =>
  until(`"${text}"`, async () => (await textOf(panel, `${DIALOG} [aria-label="In force in this page"]`)) === text);

async function addRule(panel: Page, fields: Array<[string, string]>): Promise<void> {
  for (const [label, value] of fields) await fillLabelled(panel, FORM, label, value);
  await clickByName(panel, 'Add rule', FORM);
}

test('block and rewrite rules act on live frames, hold across reloads and switch off one by one', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await openSocket(page);
  const panel = await openPanel(suite.ff, page);

  await clickByName(panel, 'Rules (0 active)');
  expect(await textOf(panel, `${DIALOG} h2`)).toMatch(/^Rules for http:\/\/127\.0\.0\.1:\d+$/);
  // A rule that cannot work is refused, saying why.
  await addRule(panel, [['Action', 'rewrite']]);
  await until('the refusal', async () => (await textOf(panel, `${DIALOG} [role="alert"]`)).includes('Find: say what to replace.'));
  // Block sent frames containing "secret"; rewrite received frames: hello → HELLO, digits with a regex.
  await addRule(panel, [['Action', 'block'], ['Frames matching', 'secret']]);
  await addRule(panel, [['Action', 'rewrite'], ['Direction', 'received'], ['Frames matching', ''], ['Find', 'hello'], ['Replace with', 'HELLO']]);
  await addRule(panel, [['Find', '/(\\d+)/'], ['Replace with', '<$1>']]);
  await until('3 rules listed', () => panel.evaluate((d) => document.querySelectorAll(`${d} ul[aria-label="Rules"] li`).length === 3, DIALOG));
  // Stored is not yet in force: the dialog says when the page's hook applies them.
  await inForce(panel, 'In force in this page: 3 rules.');
  await clickByName(panel, 'Close', DIALOG);
  await clickByName(panel, 'Rules (3 active)'); // it is there: and open again, then closed
  await clickByName(panel, 'Close', DIALOG);

  await send(page, 'secret 1');
  await send(page, 'hello world 42');
  await until('the rewritten echo in the page', async () => same(await pageGot(page), { got: ['HELLO world <42>'], gotListener: ['HELLO world <42>'] }));
  expect(serverGot()).toEqual(['hello world 42']);
  await frameRow(panel, 'sent', 'blocked', 'secret 1');
  await selectFrame(panel, 'received', 'rewritten', 'HELLO world <42>');
  await until('the original frame', async () => (await textOf(panel, '[role="note"][aria-label="Original frame"]')).includes('hello world 42'));

  // Kept for the site across a reload.
  suite.demo.stats.reset();
  await page.reload();
  await openSocket(page);
  // The new document's hook applies the site's rules (read from storage as it starts).
  await clickByName(panel, 'Rules (3 active)');
  await inForce(panel, 'In force in this page: 3 rules.');
  await clickByName(panel, 'Close', DIALOG);
  await send(page, 'secret 2');
  await send(page, 'plain');
  await until('"plain" in the page', async () => same(await pageGot(page), { got: ['plain'], gotListener: ['plain'] }));
  expect(serverGot()).toEqual(['plain']);

  // Switched off one by one: the block rule off, secrets go out again; the rewrites still apply.
  await clickByName(panel, 'Rules (3 active)');
  await until('the block rule unchecked', () =>
    panel.evaluate((d) => {
      const label = Array.from(document.querySelectorAll(`${d} ul[aria-label="Rules"] label`)).find((l) => (l as HTMLElement).innerText.trim() === 'Block sent frames matching secret');
      const box = label?.querySelector('input[type="checkbox"]') as HTMLInputElement | undefined;
      if (!box) return false;
      if (box.checked) box.click();
      return !box.checked;
    }, DIALOG),
  );
  await inForce(panel, 'In force in this page: 2 rules.');
  await clickByName(panel, 'Close', DIALOG);
  await clickByName(panel, 'Rules (2 active)');
  await clickByName(panel, 'Close', DIALOG);
  await send(page, 'secret 3, hello');
  await until('the secret sent', () => same(serverGot(), ['plain', 'secret 3, hello']));
  await until('rewritten in the page', async () => (await pageGot(page)).got.join('|') === 'plain|secret <3>, HELLO');
});

test('a breakpoint holds a frame until it is continued (edited) or dropped; later frames of its socket wait behind it, in order', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await openSocket(page);
  const panel = await openPanel(suite.ff, page);
  const pause = async (direction: string, match: string) => {
    await until('the Rules button', () =>
      panel.evaluate(() => {
        const b = Array.from(document.querySelectorAll('button')).find((b) => /^Rules \(\d+ active\)$/.test(b.getAttribute('aria-label') ?? ''));
        b?.click();
        return b !== undefined;
      }),
    );
    await addRule(panel, [['Action', 'pause'], ['Direction', direction], ['Frames matching', match]]);
    await until('"Rule added"', async () => (await textOf(panel, `${DIALOG} [role="status"]`)).includes('Rule added'));
    await until('the rule in force', async () => /^In force in this page: \d+ rules?\.$/.test(await textOf(panel, `${DIALOG} [aria-label="In force in this page"]`)));
    await clickByName(panel, 'Close', DIALOG);
  };
  const held = (dir: string) => `section[aria-label="Paused frames"] [role="group"][aria-label="Paused ${dir} frame on #1"]`;
  const heldText = (dir: string) => panel.evaluate((s) => (document.querySelector(`${s} textarea`) as HTMLTextAreaElement | null)?.value ?? null, held(dir));

  // Outgoing: "stop here" is held; b and c wait behind it.
  await pause('sent', 'stop here');
  await send(page, 'a');
  await send(page, 'stop here');
  await send(page, 'b');
  await send(page, 'c');
  await until('the held frame', async () => (await heldText('sent')) === 'stop here');
  // A sentinel on a second socket shows what the server got meanwhile: "a" only.
  await page.evaluate((u) => new Promise<void>((r) => { const s = new WebSocket(u); s.onopen = () => { s.send('sentinel'); r(); }; }), `${suite.demo.wsUrl}/echo`);
  await until('the sentinel', () => serverGot().includes('sentinel'));
  expect(serverGot()).toEqual(['a', 'sentinel']);
  await typeInto(panel, `${held('sent')} textarea`, 'edited!');
  await clickByName(panel, 'Continue', held('sent'));
  await until('the rest sent in order', () => same(serverGot().filter((t) => !t.startsWith('sentinel')), ['a', 'edited!', 'b', 'c']));
  await until('nothing held', async () => (await panel.$('section[aria-label="Paused frames"]')) === null);
  await selectFrame(panel, 'sent', 'rewritten', 'edited!');
  await until('the original frame', async () => (await textOf(panel, '[role="note"][aria-label="Original frame"]')).includes('stop here'));
  await until('the echoes in the page', async () => (await pageGot(page)).got.join('|') === 'a|edited!|b|c');

  // Incoming: the echo of "hold me" is held before the page's handlers; "after" waits behind it.
  await pause('received', 'hold');
  await send(page, 'hold me');
  await until('the held echo', async () => (await heldText('received')) === 'hold me');
  await send(page, 'after');
  await until('the server to echo both', () => serverGot().filter((t) => !t.startsWith('sentinel')).length === 6);
  // A sentinel echoed on a second socket: by then "after" would have reached the page, had it not waited.
  await page.evaluate(
    (u) =>
      new Promise<void>((r) => {
        const s = new WebSocket(u);
        s.onopen = () => s.send('sentinel 2');
        s.onmessage = () => r();
      }),
    `${suite.demo.wsUrl}/echo`,
  );
  expect((await pageGot(page)).got).toEqual(['a', 'edited!', 'b', 'c']);
  await clickByName(panel, 'Drop', held('received'));
  await until('"after" delivered, "hold me" not', async () =>
    same(await pageGot(page), { got: ['a', 'edited!', 'b', 'c', 'after'], gotListener: ['a', 'edited!', 'b', 'c', 'after'] }),
  );
  await frameRow(panel, 'received', 'after');
  await frameRow(panel, 'received', 'dropped', 'hold me');
});

test("a block rule on received frames: the page's handlers never see them, the log marks them", async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await openSocket(page);
  const panel = await openPanel(suite.ff, page);
  await clickByName(panel, 'Rules (0 active)');
  await addRule(panel, [['Direction', 'received'], ['Frames matching', '/^drop/']]);
  await until('the rule listed', () => panel.evaluate((d) => document.querySelectorAll(`${d} ul[aria-label="Rules"] li`).length === 1, DIALOG));
  await inForce(panel, 'In force in this page: 1 rule.');
  await clickByName(panel, 'Close', DIALOG);
  await send(page, 'drop me');
  await send(page, 'keep me');
  // "keep me" was sent after "drop me" and echoed after it: once it is in, "drop me" was handled.
  await until('"keep me" in the page', async () => (await pageGot(page)).got.length > 0);
  expect(await pageGot(page)).toEqual({ got: ['keep me'], gotListener: ['keep me'] });
  expect(serverGot()).toEqual(['drop me', 'keep me']);
  await selectFrame(panel, 'received', 'blocked', 'drop me');
  await until('the detail says why', async () =>
    (await textOf(panel, 'section[aria-label="Frame detail"]')).includes("Blocked by a rule: this frame never reached the page's handlers."),
  );
  await frameRow(panel, 'received', 'keep me');
});
