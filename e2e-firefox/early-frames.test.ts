/**
 * Frames whose document is on its way when the page reaches into them, in Firefox. Chromium adopts
 * them (e2e/early-frames.spec.ts); in Firefox adoption is off (the relay's isolated-world marks
 * are per script sandbox there, so a frame's own hook could not learn it was adopted). What must
 * hold: the page works as without the extension (every socket reaches the server) and a frame's
 * own document, loaded into the realm of its initial empty document, is captured once, not twice.
 */
import { expect, test } from 'vitest';
import { socketsFromEarlyFrames } from '../e2e/scenarios';
import { firefoxSuite, frameRowTexts, openPanel, until } from './firefox';

const suite = firefoxSuite();

test("just-inserted srcdoc and same-origin frames: the page unaffected, a frame document's own socket captured once", async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const before = suite.demo.stats.received('/echo').length;
  const { sockets } = await page.evaluate(socketsFromEarlyFrames, {
    url: `${suite.demo.wsUrl}/echo`,
    slow: `${suite.demo.httpUrl}/fixture.html?delay=4000`,
  });
  // What the page sent is what the server got (a srcdoc frame's early socket may be aborted by the browser).
  const texts = sockets.filter((s) => s.outcome !== 'failed').map((s) => s.text);
  expect(texts.length).toBeGreaterThanOrEqual(sockets.length - 1);
  await until("the server to receive every socket's text", () => suite.demo.stats.received('/echo').length - before === texts.length);
  const got = suite.demo.stats
    .received('/echo')
    .slice(before)
    .map((m) => m.data.toString('utf8'))
    .sort();
  expect(got).toEqual([...texts].sort());

  const panel = await openPanel(suite.ff, page);
  const ownRows = async () => (await frameRowTexts(panel)).filter((r) => r.includes('the srcdoc document, its own script'));
  await until('its sent and received rows', async () => (await ownRows()).length >= 2);
  // A sentinel sent by the top page after those rows: a second copy of the frame's socket, sent to
  // the panel when the frame loaded, would be in before the sentinel's own rows are.
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => ws.send('sentinel');
        ws.onmessage = () => resolve();
      }),
    `${suite.demo.wsUrl}/echo`,
  );
  await until("the sentinel's sent and received rows", async () => (await frameRowTexts(panel)).filter((r) => r.includes('sentinel')).length >= 2);
  const own = await ownRows();
  expect(own).toHaveLength(2);
  expect(own.filter((r) => r.includes('sent'))).toHaveLength(1);
});
