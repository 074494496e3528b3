/**
 * Frames that start without the extension's scripts: an iframe inserted with `srcdoc` or a
 * same-origin `src` starts on an initial empty document into which Chromium runs no content script,
 * and the document that then loads reuses that realm. The hook of the frame above adopts the realm
 * when the page reaches the frame through its element, or, for a frame the parser inserts, before
 * the next script (relay/adoption.ts), so a constructor taken from it is seen; and the frame's own
 * document is not wrapped twice.
 */
import { openPanel, expect } from './fixtures';
import { test } from './pages';
import { connectionsGrid, expectFramesShown, frameRow } from './panel';
import { socketsFromEarlyFrames } from './scenarios';

test('sockets made with the constructor of a just-inserted srcdoc or same-origin frame, before its document loads, are captured, each once', async ({ page, context, demo, extensionId, tabIdOf, pages }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const { texts, takenEarly, keptIsCurrent } = await page.evaluate(socketsFromEarlyFrames, { url: `${demo.wsUrl}/echo`, src: `${demo.httpUrl}/fixture.html` });
  expect(texts).toHaveLength(8);
  expect(takenEarly, 'each constructor was taken before its frame\'s document loaded').toBe(true);
  // Without the extension the kept constructor stays the frame's WebSocket: so it does with it.
  expect(keptIsCurrent).toBe(true);
  await expect.poll(() => demo.stats.received('/echo').length).toBe(texts.length);

  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  for (const text of texts) {
    await expect(frameRow(panel, 'sent', text), text).toHaveCount(1);
    await expect(frameRow(panel, 'received', text), text).toHaveCount(1);
  }
  await expectFramesShown(panel, texts.length * 2);
  // An adopted frame's sockets name the frame's document of the moment as their page: the initial
  // about:blank for the six made at once, about:srcdoc for the two made after it loaded.
  const urlCells = connectionsGrid(panel).getByRole('gridcell').filter({ hasText: `${demo.wsUrl}/echo` });
  await expect(urlCells).toHaveCount(8);
  const pagesOf = await urlCells.evaluateAll((cells) => cells.map((c) => (c.getAttribute('title') ?? '').split('\nfrom ')[1]).sort());
  expect(pagesOf).toEqual([...Array(6).fill('about:blank'), 'about:srcdoc', 'about:srcdoc']);
  await connectionsGrid(panel).getByRole('row').nth(1).click();
  await expect(panel.getByRole('region', { name: 'Connection details' })).toContainText('Pageabout:blank');

  // A frame the parser inserts, used by the very next script.
  await page.goto(pages.url('early-frames.html', new URL(demo.httpUrl).host));
  await expect.poll(() => demo.stats.received('/echo').length).toBe(texts.length + 1);
  await expect(frameRow(panel, 'sent', 'srcdoc inserted by the parser, frames[0]')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'srcdoc inserted by the parser, frames[0]')).toHaveCount(1);
});
