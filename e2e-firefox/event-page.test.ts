/**
 * The background is only a router: Firefox stops its event page when idle. Stopped three times in
 * the middle of a stream, the panel still ends with every frame, in order, once.
 * (Chromium: e2e/service-worker.spec.ts, which stops the service worker.)
 */
import { expect, test } from 'vitest';
import { backgroundRuns, firefoxSuite, framesShown, openPanel, stopBackground, textOf, until, waitFramesShown } from './firefox';

const suite = firefoxSuite();
const MESSAGES = 2_000;

test('the event page stopped mid-stream: the panel ends with every frame, in order', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const panel = await openPanel(suite.ff, page);
  // The page's tab in front: Firefox runs a background tab's timers at most once a second.
  await page.bringToFront();

  // A steady stream: two messages every 4 ms, echoed by the server; the page counts the echoes.
  await page.evaluate(
    ({ url, count }) => {
      const w = window as unknown as { __echoes: number };
      w.__echoes = 0;
      const ws = new WebSocket(url);
      ws.onmessage = () => w.__echoes++;
      ws.onopen = () => {
        let i = 0;
        const timer = setInterval(() => {
          for (let k = 0; k < 2 && i < count; k++) ws.send(`n ${i++}`);
          if (i >= count) clearInterval(timer);
        }, 4);
      };
    },
    { url: `${suite.demo.wsUrl}/echo`, count: MESSAGES },
  );
  const echoes = () => page.evaluate(() => (window as unknown as { __echoes: number }).__echoes);

  // Stop the event page three times while the stream runs, each time after more frames arrived.
  for (let k = 1; k <= 3; k++) {
    await until(`${k * 400} echoes`, async () => (await echoes()) >= k * 400);
    await stopBackground(suite.ff);
  }
  expect((await echoes()) < MESSAGES, 'the last stop came before the stream ended').toBe(true);
  await until('every echo', async () => (await echoes()) === MESSAGES, 30_000);
  // Each stop found it running (stopBackground waits for that), so it was started again twice;
  // after the third stop the relay's and the panel's reconnection wake it once more.
  await until('the event page to start after the third stop', async () => (await backgroundRuns(suite.ff)).started >= 3);
  expect((await backgroundRuns(suite.ff)).stopped, 'the event page was really stopped').toBe(3);

  await waitFramesShown(panel, MESSAGES * 2, MESSAGES * 2, 30_000);
  const order = await panel.evaluate(() => {
    type Row = { kind: string; rec: { opcode: string; dir: string; data: string; seq: number } };
    const store = (globalThis as unknown as { wslens: { store: { rows: Row[] } } }).wslens.store;
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
  expect(await framesShown(panel)).toEqual({ shown: MESSAGES * 2, total: MESSAGES * 2 });
  expect(await textOf(panel, '[role="status"][aria-label="Summary"]')).toContain('live');
});
