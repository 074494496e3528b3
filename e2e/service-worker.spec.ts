/**
 * The background is only a router: Chrome may stop the service worker at any time. Stopped three
 * times in the middle of a stream, the panel still ends with every frame, in order, once.
 */
import { test, expect, openPanel } from './fixtures';
import { expectFramesShown } from './panel';
import type { SessionStore } from '../src/core/session-store';

const MESSAGES = 2_000;

test('the service worker stopped mid-stream: the panel ends with every frame, in order', async ({ page, context, demo, extensionId, tabIdOf }) => {
  test.setTimeout(90_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  const cdp = await context.newCDPSession(panel);
  let stops = 0;
  let restarts = 0;
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.includes(extensionId) && v.runningStatus === 'starting') restarts++;
  });
  await cdp.send('ServiceWorker.enable');

  // A steady stream: one message every 2 ms, echoed by the server, for ~4 s.
  const streaming = page.evaluate(
    ({ url, count }) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        let received = 0;
        ws.onmessage = () => {
          if (++received === count) resolve(received);
        };
        ws.onopen = () => {
          let i = 0;
          const timer = setInterval(() => {
            for (let k = 0; k < 2 && i < count; k++) ws.send(`n ${i++}`);
            if (i >= count) clearInterval(timer);
          }, 4);
        };
      }),
    { url: `${demo.wsUrl}/echo`, count: MESSAGES },
  );

  for (let k = 0; k < 3; k++) {
    await panel.waitForTimeout(900);
    await cdp.send('ServiceWorker.stopAllWorkers');
    stops++;
  }
  expect(await streaming).toBe(MESSAGES);
  expect(stops).toBe(3);
  expect(restarts, 'the worker was really stopped and started again').toBeGreaterThanOrEqual(3);

  await expectFramesShown(panel, MESSAGES * 2, MESSAGES * 2, 30_000);
  const order = await panel.evaluate(() => {
    const store = (globalThis as unknown as { wslens: { store: SessionStore } }).wslens.store;
    const sent: string[] = [];
    const received: string[] = [];
    let lastSeq = -1;
    let seqInOrder = true;
    for (const row of store.rows) {
      if (row.kind !== 'frame' || row.rec.opcode !== 'text') continue;
      (row.rec.dir === 'sent' ? sent : received).push(row.rec.data);
      if (row.rec.seq <= lastSeq) seqInOrder = false;
      lastSeq = row.rec.seq;
    }
    return { sent, received, seqInOrder };
  });
  const expected = Array.from({ length: MESSAGES }, (_, i) => `n ${i}`);
  expect(order.sent).toEqual(expected);
  expect(order.received).toEqual(expected);
  expect(order.seqInOrder).toBe(true);
  await expect(panel.getByRole('status', { name: 'Summary' })).toContainText('live');
});
