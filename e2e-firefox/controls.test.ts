/**
 * The panel's own controls in Firefox: pause and resume capture, clear, the keyboard in the frames
 * grid, and the theme outside DevTools. (Chromium: e2e/controls.spec.ts.)
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { chromeEvaluate, clickByName, connectionRowTexts, firefoxSuite, frameRowTexts, gotoExtensionPage, openPanel, tabIdOf, textOf, until, waitFramesShown } from './firefox';

const suite = firefoxSuite();
const DETAIL = 'section[aria-label="Frame detail"]';
const say = (page: Page, text: string) => page.evaluate((t) => (window as unknown as { ws: WebSocket }).ws.send(t), text);
const echoRow = async (panel: Page) => (await connectionRowTexts(panel)).find((c) => c.includes('/echo')) ?? '';

test('pause, resume, clear, and the keyboard in the frames grid', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { ws: WebSocket };
        w.ws = new WebSocket(url);
        w.ws.onopen = () => resolve();
      }),
    `${suite.demo.wsUrl}/echo`,
  );
  const panel = await openPanel(suite.ff, page);
  await say(page, 'one');
  await waitFramesShown(panel, 2);

  // Paused: frames are not recorded, and the panel says how many it let pass.
  await clickByName(panel, 'Pause capture');
  await until('"Resume capture"', () =>
    panel.evaluate(() => document.querySelector('button[aria-label="Resume capture"]')?.getAttribute('aria-pressed') === 'false'),
  );
  await say(page, 'two');
  await until('the paused count', async () =>
    (await textOf(panel, '[role="status"][aria-label="Capture limits"]')).includes('2 frames arrived while capture was paused and were not recorded.'),
  );
  await waitFramesShown(panel, 2);
  // The connection still counts everything that crossed it.
  await until('the totals', async () => (await echoRow(panel)).includes('2 · 6 B'));
  await clickByName(panel, 'Resume capture');
  await say(page, 'three');
  await waitFramesShown(panel, 4);
  expect((await frameRowTexts(panel)).filter((r) => r.includes('two'))).toEqual([]);

  // Keyboard: arrows move the selection and open the detail; Escape closes it.
  await panel.focus('[role="rowgroup"][aria-label="Frame rows"]');
  const detail = () => textOf(panel, DETAIL);
  const tabpanel = () => textOf(panel, `${DETAIL} [role="tabpanel"]`);
  await panel.keyboard.press('Home');
  await until('the first frame in the detail', async () => (await detail()).includes('↑ Sent') && (await tabpanel()).includes('one'));
  await panel.keyboard.press('ArrowDown');
  await until('the second frame', async () => (await detail()).includes('↓ Received'));
  await panel.keyboard.press('End');
  await until('the last frame', async () => (await tabpanel()).includes('three'));
  const selected = await panel.evaluate(() =>
    Array.from(document.querySelectorAll('[role="rowgroup"][aria-label="Frame rows"] [role="row"][aria-selected="true"]'), (r) => (r as HTMLElement).innerText),
  );
  expect(selected).toHaveLength(1);
  expect(selected[0]).toMatch(/received[\s\S]*three/);
  await panel.keyboard.press('Escape');
  await until('the detail closed', async () => (await panel.$(DETAIL)) === null);

  // Clear: frames go; the live connection stays listed with its totals.
  await clickByName(panel, 'Clear');
  await waitFramesShown(panel, 0);
  expect(await echoRow(panel)).toContain('open');
  await say(page, 'four');
  await waitFramesShown(panel, 2);
  expect((await frameRowTexts(panel)).filter((r) => r.includes('received') && r.includes('four'))).toHaveLength(1);
});

test('the panel follows a dark colour scheme outside DevTools', async () => {
  const { page, browser } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const light = await openPanel(suite.ff, page);
  const tabId = await tabIdOf(light, page);
  await until('the light theme', () => light.evaluate(() => document.documentElement.dataset.theme === 'light'));
  // Content in a dark colour scheme (prefers-color-scheme: dark), as a dark system theme gives it.
  await chromeEvaluate(suite.ff, `(Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', 0), true)`);
  const dark = await browser.newPage();
  await gotoExtensionPage(dark, `src/panel/panel.html?tabId=${tabId}`);
  await until('the dark theme', () => dark.evaluate(() => document.documentElement.dataset.theme === 'dark'));
  expect(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(32, 33, 36)');
});
