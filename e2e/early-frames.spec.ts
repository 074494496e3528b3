/**
 * Frames that start without the extension's scripts: an iframe inserted with `srcdoc` or a
 * same-origin `src` starts on an initial empty document into which Chromium runs no content script,
 * and the document that then loads reuses that realm. The hook of the frame above adopts the realm
 * when the page reaches the frame (through its element, `frames` or `length`), or, for a frame the
 * parser inserts, before the next script (relay/adoption.ts), so a constructor taken from it is
 * seen; and the frame's own document is not wrapped twice.
 */
import { openPanel, expect } from './fixtures';
import { test } from './pages';
import { connectionsGrid, expectFramesShown, frameRow } from './panel';
import { socketsFromEarlyFrames } from './scenarios';

test('sockets made with the constructor of a just-inserted frame, before its document loads, are captured, each once', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
  pages,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const { sockets, takenEarly, keptIsCurrent } = await page.evaluate(socketsFromEarlyFrames, {
    url: `${demo.wsUrl}/echo`,
    slow: `${demo.httpUrl}/fixture.html?delay=4000`,
  });
  expect(sockets).toHaveLength(11);
  expect(takenEarly, "each constructor was taken before its frame's document loaded").toBe(true);
  // Without the extension the kept constructor stays the frame's WebSocket: so it does with it.
  expect(keptIsCurrent).toBe(true);
  // Every socket of a slow frame opened; only the srcdoc one may have been aborted by Chromium.
  const failed = sockets.filter((s) => s.outcome === 'failed').map((s) => s.text);
  expect(failed.filter((t) => t !== 'srcdoc, append, contentWindow')).toEqual([]);
  const sent = sockets.filter((s) => s.outcome !== 'failed').map((s) => s.text);
  const echoed = () =>
    demo.stats
      .received('/echo')
      .map((m) => m.data.toString('utf8'))
      .sort();
  await expect.poll(echoed, { timeout: 10_000 }).toEqual([...sent].sort());

  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, sent.length * 2);
  for (const text of sent) {
    await expect(frameRow(panel, 'sent', text), text).toHaveCount(1);
    await expect(frameRow(panel, 'received', text), text).toHaveCount(1);
  }
  // One connection per socket, each naming the frame's document of the moment as its page.
  // The URL cell shows the URL cut to its width; its title holds the whole URL and the page.
  const urlCells = connectionsGrid(panel).locator(`[role=gridcell][title^=${JSON.stringify(`${demo.wsUrl}/echo`)}]`);
  await expect(urlCells).toHaveCount(sockets.length);
  const pagesOf = await urlCells.evaluateAll((cells) => cells.map((c) => (c.getAttribute('title') ?? '').split('\nfrom ')[1]).sort());
  expect(pagesOf).toEqual(sockets.map((s) => s.page).sort());
  expect(pagesOf.filter((p) => p === 'about:blank')).toHaveLength(9);
  // A socket Chromium aborted shows as it did in the page: an error, then the close.
  if (failed.length > 0) await expect(connectionsGrid(panel).getByRole('row').filter({ hasText: 'error' })).toHaveCount(1);

  // A frame the parser inserts, used by the very next script through a bare window[0].
  await page.goto(pages.url('early-frames.html', new URL(demo.httpUrl).host));
  await expect.poll(() => demo.stats.received('/echo').length).toBe(sent.length + 1);
  await expect(frameRow(panel, 'sent', 'a frame inserted by the parser, window[0]')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'a frame inserted by the parser, window[0]')).toHaveCount(1);
});
