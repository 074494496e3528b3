/**
 * The page cannot tell, in Firefox: the battery of e2e/invisibility-battery.ts runs in a page with
 * the add-on and in a Firefox without it and must give the same answers; a page listening on a
 * srcdoc frame's window before its document loads is not handed the capture channel; a socket made
 * at once with a popup's constructor is captured in the popup's tab. (Chromium: e2e/invisible.spec.ts;
 * the sockets made by a subclass, Reflect.construct and a fresh iframe: core.test.ts.)
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { battery } from '../e2e/invisibility-battery';
import { firefoxSuite, frameRowTexts, gotoExtensionPage, launchFirefox, openPanel, tabIdOf, until } from './firefox';

const suite = firefoxSuite();

const rowsWith = async (panel: Page, ...texts: string[]) =>
  (await frameRowTexts(panel)).filter((r) => texts.every((t) => r.includes(t))).length;

test('the same battery of checks gives the same answers with and without the extension', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const withExtension = await page.evaluate(battery, suite.demo.wsUrl);

  const plain = await launchFirefox(null);
  try {
    await plain.page.goto(`${suite.demo.httpUrl}/fixture.html`);
    const without = await plain.page.evaluate(battery, suite.demo.wsUrl);
    // Every answer matches, the frames' too: the frame above adopts a just-inserted frame's realm
    // in Firefox as in Chromium, so a same-origin frame's toString and an early srcdoc frame's
    // WebSocket identity are as without the extension.
    for (const key of Object.keys(without)) expect(withExtension[key], key).toEqual(without[key]);
    expect(Object.keys(withExtension).sort()).toEqual(Object.keys(without).sort());
  } finally {
    await plain.close();
  }
});

test("a page listening on a srcdoc iframe's window before its document loads is not handed the capture channel", async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const seen = await page.evaluate(async (url) => {
    const f = document.createElement('iframe');
    f.srcdoc = `<script>const ws = new WebSocket(${JSON.stringify(url)}); ws.onopen = () => ws.send('from the srcdoc document');</script>`;
    document.body.append(f);
    const w = f.contentWindow as Window;
    const seen: string[] = [];
    for (const type of ['wslens:hook-port', 'wslens:relay-ready'])
      w.addEventListener(type, (e) => seen.push(`${type}, ports: ${(e as MessageEvent).ports?.length ?? 0}`), true);
    await new Promise((r) => (f.onload = r));
    return seen;
  }, `${suite.demo.wsUrl}/echo`);
  expect(seen).toEqual([]);
  const panel = await openPanel(suite.ff, page);
  await until('the srcdoc frames', async () => (await rowsWith(panel, 'from the srcdoc document')) === 2);
  expect(await rowsWith(panel, 'sent', 'from the srcdoc document')).toBe(1);
  expect(await rowsWith(panel, 'received', 'from the srcdoc document')).toBe(1);
});

test("a window.open popup: a socket made with its constructor once its scripts ran is captured in the popup's tab; one made at once at most once", async () => {
  const { page, browser } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const before = new Set(await browser.pages());
  await page.evaluate((url) => {
    const w = window.open('about:blank', 'pop') as Window & typeof globalThis;
    (window as unknown as { pop: typeof w }).pop = w;
    const ws = new w.WebSocket(`${url}/echo`);
    ws.onopen = () => ws.send('from a popup, at once');
  }, suite.demo.wsUrl);
  await until('the server to get it', () => suite.demo.stats.received('/echo').length === 1);
  const popup = await until('the popup', async () => (await browser.pages()).find((p) => !before.has(p)));
  // Firefox runs the content scripts of a window.open('about:blank') popup after the opener's
  // script returns, not at once as Chromium does (README, Firefox). The popup's document is
  // complete from the start; the second socket is made after it, a moment later.
  await until('the popup complete', () => popup.evaluate(() => document.readyState === 'complete'));
  await new Promise((r) => setTimeout(r, 1000));
  await page.evaluate((url) => {
    const w = (window as unknown as { pop: Window & typeof globalThis }).pop;
    const ws = new w.WebSocket(`${url}/echo`);
    ws.onopen = () => ws.send('from a popup, later');
  }, suite.demo.wsUrl);
  await until('the server to get both', () => suite.demo.stats.received('/echo').length === 2);

  // The popup's tab: the one its opener's tab opened (an about:blank tab has no URL the add-on may read).
  const helper = await browser.newPage();
  await gotoExtensionPage(helper, 'src/panel/panel.html');
  const opener = await tabIdOf(helper, page);
  const tabId = await helper.evaluate(async (opener) => {
    const b = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<Array<{ id?: number; openerTabId?: number }>> } } }).browser;
    const ids = (await b.tabs.query({})).filter((t) => t.openerTabId === opener).map((t) => t.id);
    return ids.length === 1 ? ids[0] : -1;
  }, opener);
  expect(tabId).toBeGreaterThan(0);
  await helper.close();
  const panel = await openPanel(suite.ff, popup, { tabId });
  await until('the later socket in its tab', async () => (await rowsWith(panel, 'from a popup, later')) === 2);
  expect(await rowsWith(panel, 'sent', 'from a popup, later')).toBe(1);
  expect(await rowsWith(panel, 'received', 'from a popup, later')).toBe(1);
  // The socket made at once: recorded once or (as in Firefox ESR 140) not at all, never twice.
  const atOnce = await rowsWith(panel, 'from a popup, at once');
  console.log(`Firefox: the popup's socket made at once: ${atOnce === 0 ? 'not captured' : 'captured'}`);
  expect([0, 2]).toContain(atOnce);
});
