/**
 * Firefox: events a page makes and dispatches on its own sockets pass the hook by untouched: the
 * same page-visible results as in a Firefox without the extension, and nothing recorded for them;
 * the real frames after them are captured (e2e/page-made-events.ts).
 */
import { expect, test } from 'vitest';
import puppeteer from 'puppeteer-core';
import { PAGE_MADE_EVENTS, pageMadeEvents, type PageEventsSeen } from '../e2e/page-made-events';
import { FIREFOX_PATH, connectionRowTexts, firefoxSuite, frameRowTexts, openPanel, waitFramesShown } from './firefox';

const suite = firefoxSuite();

test("a page's own events on its sockets: the same results as without the extension, and nothing recorded for them", async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const withExtension = (await page.evaluate(pageMadeEvents, suite.demo.wsUrl)) as PageEventsSeen;

  const plain = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, protocol: 'webDriverBiDi' });
  try {
    const p = (await plain.pages())[0] ?? (await plain.newPage());
    await p.goto(`${suite.demo.httpUrl}/fixture.html`);
    const without = (await p.evaluate(pageMadeEvents, suite.demo.wsUrl)) as PageEventsSeen;
    expect(without.errors).toEqual([]);
    // The page's events did reach its listeners (in each of three states).
    expect(without.log.filter((l) => (l as unknown[])[0] === 'listener').length).toBeGreaterThan(PAGE_MADE_EVENTS * 3);
    expect(withExtension.errors).toEqual(without.errors);
    expect(withExtension.log).toEqual(without.log);
  } finally {
    await plain.close();
  }

  // Recorded: the sentinels both ways and the real close, nothing of the page's own events.
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 4);
  const rows = await frameRowTexts(panel);
  const count = (...t: string[]) => rows.filter((r) => t.every((x) => r.includes(x))).length;
  expect(count('last-word')).toBe(2);
  expect(count('after-close')).toBe(2);
  const made = (await connectionRowTexts(panel)).filter((c) => c.includes('/echo?made'));
  expect(made).toHaveLength(1);
  expect(made[0]).toContain('1000 Normal Closure "bye"');
  expect(made[0]).not.toContain('4000');
  expect(made[0]).not.toContain('error');
});
