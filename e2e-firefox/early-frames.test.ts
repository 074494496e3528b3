/**
 * Frames whose document is on its way when the page reaches into them, in Firefox: the eight
 * early-constructor routes of e2e/early-frames.spec.ts (an element's contentWindow or
 * contentDocument after appendChild, innerHTML, insertAdjacentHTML and in a closed shadow root;
 * frames[i]; window[window.length - 1]; a srcdoc frame; a frame inside a loaded srcdoc frame), a
 * constructor kept past its frame's load, a srcdoc document's own socket and the frame its parser
 * inserts, and a frame the top document's parser inserts, used by the next script through a bare
 * window[0]. Firefox ESR 140 starts each of these frames on an initial about:blank document without
 * content scripts, whose realm the loaded document reuses; the hook of the frame above adopts it
 * (relay/adoption.ts, `windowEventMarks`). What must hold, as in Chromium: the page works as
 * without the extension, and every socket is captured, each once, with its frame's document of the
 * moment as its page.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { socketsFromEarlyFrames } from '../e2e/scenarios';
import { startPageServer, type PageServer } from '../e2e/page-server';
import { firefoxSuite, frameRowTexts, openPanel, until, waitFramesShown } from './firefox';

const suite = firefoxSuite();
let pages: PageServer;
beforeAll(async () => {
  pages = await startPageServer();
});
afterAll(async () => {
  await pages?.close();
});

/** How many frame rows hold every one of `texts`. */
const rowsWith = async (panel: Page, ...texts: string[]): Promise<number> =>
  (await frameRowTexts(panel)).filter((r) => texts.every((t) => r.includes(t))).length;

/** The page of each connection to `url`, as the URL cell's title names it ("URL\nfrom PAGE"). */
const pagesOfConnections = (panel: Page, url: string): Promise<string[]> =>
  panel.evaluate(
    (url) =>
      Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="gridcell"][title]'), (c) => c.getAttribute('title') ?? '')
        .filter((t) => t.startsWith(url))
        .map((t) => t.split('\nfrom ')[1] ?? ''),
    url,
  );

test('sockets made with the constructor of a just-inserted frame, before its document loads, are captured, each once', async () => {
  const { page } = suite.ff;
  const { demo } = suite;
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const { sockets, takenEarly, keptIsCurrent } = await page.evaluate(socketsFromEarlyFrames, {
    url: `${demo.wsUrl}/echo`,
    slow: `${demo.httpUrl}/fixture.html?delay=4000`,
  });
  expect(sockets).toHaveLength(11);
  expect(takenEarly, "each constructor was taken before its frame's document loaded").toBe(true);
  // Without the extension the kept constructor stays the frame's WebSocket: so it does with it.
  expect(keptIsCurrent).toBe(true);
  // Every socket of a slow frame opened; only the srcdoc one may have been aborted by the browser.
  const failed = sockets.filter((s) => s.outcome === 'failed').map((s) => s.text);
  expect(failed.filter((t) => t !== 'srcdoc, append, contentWindow')).toEqual([]);
  const sent = sockets.filter((s) => s.outcome !== 'failed').map((s) => s.text);
  const echoed = () =>
    demo.stats
      .received('/echo')
      .map((m) => m.data.toString('utf8'))
      .sort();
  await until("the server to receive every socket's text", () => echoed().length === sent.length);
  expect(echoed()).toEqual([...sent].sort());

  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, sent.length * 2);
  // A sentinel sent by the top page after those rows: a second copy of any frame's socket, sent to
  // the panel when its frame loaded, would be in before the sentinel's own rows are.
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => ws.send('sentinel');
        ws.onmessage = () => resolve();
      }),
    `${demo.wsUrl}/echo`,
  );
  await waitFramesShown(panel, sent.length * 2 + 2);
  expect(await rowsWith(panel, 'sentinel')).toBe(2);
  for (const text of sent) {
    expect(await rowsWith(panel, 'sent', text), text).toBe(1);
    expect(await rowsWith(panel, 'received', text), text).toBe(1);
  }
  // One connection per socket, each naming the frame's document of the moment as its page.
  const pagesOf = await until('a connection per socket and the sentinel', async () => {
    const p = await pagesOfConnections(panel, `${demo.wsUrl}/echo`);
    return p.length === sockets.length + 1 ? p.filter((x) => !x.startsWith(demo.httpUrl)) : null;
  });
  expect(pagesOf.sort()).toEqual(sockets.map((s) => s.page).sort());
  expect(pagesOf.filter((p) => p === 'about:blank')).toHaveLength(9);
  // A socket the browser aborted shows as it did in the page: an error, then the close.
  if (failed.length > 0) {
    const errors = await panel.evaluate(
      () => Array.from(document.querySelectorAll('[role="grid"][aria-label="Connections"] [role="row"]')).filter((r) => (r.textContent ?? '').includes('error')).length,
    );
    expect(errors).toBe(1);
  }

  // A frame the parser inserts, used by the very next script through a bare window[0].
  await page.goto(pages.url('early-frames.html', new URL(demo.httpUrl).host));
  await until('the server to get its text', () => demo.stats.received('/echo').length === sent.length + 2);
  await until('its sent and received rows', async () => (await rowsWith(panel, 'a frame inserted by the parser, window[0]')) === 2);
  expect(await rowsWith(panel, 'sent', 'a frame inserted by the parser, window[0]')).toBe(1);
  expect(await rowsWith(panel, 'received', 'a frame inserted by the parser, window[0]')).toBe(1);
});
