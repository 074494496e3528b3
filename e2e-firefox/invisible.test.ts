/**
 * The page cannot tell, in Firefox: the battery of e2e/invisibility-battery.ts runs in a page with
 * the add-on and in a Firefox without it and must give the same answers; a page listening on a
 * srcdoc frame's window before its document loads is not handed the capture channel; a socket made
 * at once with a popup's constructor is captured, the popup adopted by its opener. (Chromium: e2e/invisible.spec.ts;
 * the sockets made by a subclass, Reflect.construct and a fresh iframe: core.test.ts.)
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { battery } from '../e2e/invisibility-battery';
import { firefoxSuite, frameRowTexts, launchFirefox, openPanel, until } from './firefox';

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

test("a window.open popup is adopted by its opener: a socket made at once with its constructor and one its own script makes later are captured, each once, in the opener's tab", async () => {
  const { page, browser } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const before = new Set(await browser.pages());
  await page.evaluate((url) => {
    const w = window.open('about:blank', 'pop') as Window & typeof globalThis;
    const ws = new w.WebSocket(`${url}/echo`);
    ws.onopen = () => ws.send('from a popup, at once');
  }, suite.demo.wsUrl);
  await until('the server to get it', () => suite.demo.stats.received('/echo').length === 1);
  const popup = await until('the popup', async () => (await browser.pages()).find((p) => !before.has(p)));
  // Firefox runs the content scripts of a window.open('about:blank') popup after the opener's
  // script returns, not at once as Chromium does: the opener's hook adopted the popup's realm when
  // `open` handed it out, and the popup's own hook, once it runs, stands aside (relay/adoption.ts).
  await until('the popup complete', () => popup.evaluate(() => document.readyState === 'complete'));
  await popup.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(`${url}/echo`);
        ws.onopen = () => ws.send('from a popup, its own script');
        ws.onmessage = () => resolve();
      }),
    suite.demo.wsUrl,
  );
  await until('the server to get both', () => suite.demo.stats.received('/echo').length === 2);

  const panel = await openPanel(suite.ff, page);
  await until('both sockets in the opener\'s tab', async () => (await rowsWith(panel, 'from a popup')) === 4);
  // A sentinel from the opener after them: a second copy of either, from the popup's own hook,
  // would be in before the sentinel's rows are.
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => ws.send('sentinel');
        ws.onmessage = () => resolve();
      }),
    `${suite.demo.wsUrl}/echo`,
  );
  await until("the sentinel's rows", async () => (await rowsWith(panel, 'sentinel')) === 2);
  for (const text of ['from a popup, at once', 'from a popup, its own script']) {
    expect(await rowsWith(panel, 'sent', text), text).toBe(1);
    expect(await rowsWith(panel, 'received', text), text).toBe(1);
  }
  // Each names the popup's document as its page.
  const pages = await panel.evaluate(() =>
    Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="gridcell"][title]'), (c) => (c.getAttribute('title') ?? '').split('\nfrom ')[1] ?? '').filter((p) => p !== ''),
  );
  expect(pages.filter((p) => p === 'about:blank')).toHaveLength(2);

  // The opener's document goes away (the hook that adopted the popup with it): the popup's sockets
  // still work as without the add-on.
  await page.goto(`${suite.demo.httpUrl}/fixture.html?next`);
  const echoed = await popup.evaluate(
    (url) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(`${url}/echo`);
        ws.onopen = () => ws.send('from a popup, its opener gone');
        ws.onmessage = (e) => resolve(String(e.data));
        ws.onerror = () => reject(new Error('the socket failed'));
      }),
    suite.demo.wsUrl,
  );
  expect(echoed).toBe('from a popup, its opener gone');
  expect(suite.demo.stats.received('/echo').map((m) => m.data.toString('utf8'))).toContain('from a popup, its opener gone');
});
