/**
 * The frames grid follows the tail while the user is at the bottom, also when the panel is slow:
 * with its CPU throttled, many frames arrive between a scroll to the tail and that scroll's event,
 * which must not read as the user leaving the bottom. A scroll up does stop following, and
 * scrolling back to the bottom resumes it.
 */
import { test, expect, openPanel } from './fixtures';
import { expectFramesShown, framesGrid, frameRows } from './panel';

const FRAMES = 20_000;

test('a throttled panel keeps following a flood to its newest frame; a scroll up stops following, the bottom resumes it', async ({ page, context, demo, extensionId, tabIdOf }) => {
  test.setTimeout(120_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await panel.setViewportSize({ width: 700, height: 600 });
  const cdp = await context.newCDPSession(panel);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });

  const flood = (count: number, last: string) =>
    page.evaluate(
      ([url, last]) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(url);
          let n = 0;
          ws.onmessage = (e) => (e.data === 'done' ? (ws.send(last), setTimeout(() => resolve(n), 0)) : n++);
        }),
      [`${demo.wsUrl}/flood?count=${count}&size=1`, last] as const,
    );
  expect(await flood(FRAMES, 'first-flood-over')).toBe(FRAMES);
  // FRAMES one-byte frames, "done" and the page's reply.
  await expectFramesShown(panel, FRAMES + 2, FRAMES + 2, 60_000);
  const body = framesGrid(panel).getByRole('rowgroup', { name: 'Frame rows' });
  // Followed to the newest frame with no user action: the last row in view is the page's reply.
  await expect(frameRows(panel).filter({ hasText: 'first-flood-over' })).toBeInViewport();
  expect(await body.evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop)).toBeLessThan(40);

  // The user scrolls up: new frames no longer move the list.
  await body.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect.poll(() => body.evaluate((el) => el.scrollTop)).toBeLessThan(await body.evaluate((el) => el.scrollHeight / 2 + 10));
  const top = await body.evaluate((el) => el.scrollTop);
  await flood(500, 'second-flood-over');
  await expectFramesShown(panel, FRAMES + 2 + 502, FRAMES + 2 + 502, 60_000);
  expect(await body.evaluate((el) => el.scrollTop)).toBe(top);
  await expect(frameRows(panel).filter({ hasText: 'second-flood-over' })).toHaveCount(0);

  // Back at the bottom, following resumes: the New frames bar goes (once the throttled panel has
  // handled the scroll; frames landing before that would grow the list under the scroll), and the
  // next flood is followed to its end.
  const bar = framesGrid(panel).getByRole('button', { name: /new frames?/ });
  await expect(bar).toHaveText(/^↓ 502 new frames$/);
  await body.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(bar).toHaveCount(0);
  await flood(500, 'third-flood-over');
  await expectFramesShown(panel, FRAMES + 2 + 2 * 502, FRAMES + 2 + 2 * 502, 60_000);
  await expect(frameRows(panel).filter({ hasText: 'third-flood-over' })).toBeInViewport();
});
