/**
 * Firefox: events a page makes and dispatches on its own sockets pass the hook by untouched, and
 * what the page hands to the wrapped WebSocket (revoked Proxies, dressed-up views, throwing
 * conversions, traps on Object.prototype) gives what it gives without the extension: the same
 * page-visible results as in a Firefox without the extension, and nothing recorded for the page's
 * events; the real frames after them are captured (e2e/page-made-events.ts).
 */
import { expect, test } from 'vitest';
import puppeteer from 'puppeteer-core';
import { PAGE_MADE_EVENTS, hostileObjects, pageMadeEvents } from '../e2e/page-made-events';
import { FIREFOX_PATH, connectionRowTexts, firefoxSuite, frameRowTexts, openPanel, waitFramesShown } from './firefox';

const suite = firefoxSuite();

/** Runs `fn(arg)` in a page of `url` in a Firefox without the extension. */
async function withoutExtension<A, R>(url: string, fn: (arg: A) => Promise<R>, arg: A): Promise<R> {
  const plain = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, protocol: 'webDriverBiDi' });
  try {
    const p = (await plain.pages())[0] ?? (await plain.newPage());
    await p.goto(url);
    return (await p.evaluate(fn as (arg: unknown) => Promise<unknown>, arg)) as R;
  } finally {
    await plain.close();
  }
}

test("a page's own events on its sockets: the same results as without the extension, and nothing recorded for them", async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const withExtension = await page.evaluate(pageMadeEvents, suite.demo.wsUrl);
  const without = await withoutExtension(`${suite.demo.httpUrl}/fixture.html`, pageMadeEvents, suite.demo.wsUrl);
  expect(without.errors).toEqual([]);
  // The page's events did reach its listeners (in each of three states).
  expect(without.log.filter((l) => (l as unknown[])[0] === 'listener').length).toBeGreaterThan(PAGE_MADE_EVENTS * 3);
  expect(withExtension.errors).toEqual(without.errors);
  expect(withExtension.log).toEqual(without.log);

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

test('revoked Proxies, objects of the wrong type, throwing conversions and traps on Object.prototype: the same results as without the extension', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const withExtension = await page.evaluate(hostileObjects, suite.demo.wsUrl);
  const without = await withoutExtension(`${suite.demo.httpUrl}/fixture.html`, hostileObjects, suite.demo.wsUrl);
  expect(without).toContainEqual(['valueOf calls', 1]);
  expect(withExtension).toEqual(without);
  // What went out was captured: the two dressed-up views and the sentinel.
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 6);
  const rows = await frameRowTexts(panel);
  expect(rows.filter((r) => r.includes('sent') && r.includes('binary (dataview)'))).toHaveLength(1);
  expect(rows.filter((r) => r.includes('sent') && r.includes('binary (typedarray)'))).toHaveLength(1);
});
