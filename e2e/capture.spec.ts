/**
 * Capture from page load: every kind of socket, frame, error and close, with exact bytes, in the
 * top frame and in an iframe; the page keeps working; a panel opened late sees everything.
 */
import { expect, openPanel } from './fixtures';
import { test } from './pages';
import { closedPort } from '../demo/server.mjs';
import { connectionRow, expectFramesShown, frameRow, payloadView, setFilter } from './panel';
import { echoHandlersRoundTrip } from './scenarios';

interface CaptureWindow {
  __received: { ab: unknown[]; blob: unknown[] };
  __closed?: [number, string];
  __deadClose?: number;
}

test('captures an inline socket from its first frame: every send and receive type with exact bytes, close 4001, a refused socket', async ({ page, context, demo, pages, extensionId, tabIdOf }) => {
  const port = await closedPort();
  await page.goto(pages.url('capture.html', new URL(demo.httpUrl).host, { closed: port }));
  await expect.poll(() => page.evaluate(() => (window as unknown as CaptureWindow).__closed)).toEqual([4001, 'bye']);
  await expect.poll(() => page.evaluate(() => (window as unknown as CaptureWindow).__deadClose)).toBe(1006);
  await expect.poll(() => page.evaluate(() => (window as unknown as CaptureWindow).__received.blob.length)).toBe(1);

  const panel = await openPanel(context, extensionId, await tabIdOf(page));

  // Connections: the echo socket with its subprotocol and close, the Blob socket, the iframe's
  // socket and the refused one.
  const echo = connectionRow(panel, 'chat.v1');
  await expect(echo).toHaveCount(1);
  await expect(echo).toContainText('closed');
  await expect(echo).toContainText('4001 Private Use "bye"');
  await expect(echo).toContainText('closed by the page');
  const dead = connectionRow(panel, `127.0.0.1:${port}/nobody`);
  await expect(dead).toContainText('error');
  await expect(dead).toContainText('1006 Abnormal Closure');
  await expect(dead).toContainText('never opened');

  // 7 sent + 7 received on the echo socket (6 + the Blob socket's 1 each way), 1 + 1 in the iframe.
  await expectFramesShown(panel, 16);

  // The first frame of the first inline script, and the iframe's.
  await expect(frameRow(panel, 'sent', 'hello from the first inline script')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'hello from the first inline script')).toHaveCount(1);
  await expect(frameRow(panel, 'sent', 'hello from the iframe')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'hello from the iframe')).toHaveCount(1);

  // Exact bytes of each binary send type, and of the echoes received as ArrayBuffer and Blob.
  const cases: Array<[string, string, string]> = [
    ['binary (arraybuffer)', '00 01 02 ff', 'AAEC/w=='],
    ['binary (typedarray)', 'de ad be ef', '3q2+7w=='],
    ['binary (dataview)', 'ca fe', 'yv4='],
    ['binary (blob)', 'b1 0b 5e', 'sQte'],
  ];
  for (const [type, hex, b64] of cases) {
    const sent = frameRow(panel, 'sent', type, hex);
    await expect(sent, `${type} sent`).toHaveCount(1);
    expect(await payloadView(panel, sent, 'Base64')).toContain(b64);
    const echoed = frameRow(panel, 'received', 'binary (arraybuffer)', hex);
    await expect(echoed, `${type} echoed`).toHaveCount(1);
    expect(await payloadView(panel, echoed, 'Hex')).toContain(hex);
  }
  // Received as a Blob (binaryType "blob").
  const blobEcho = frameRow(panel, 'received', 'binary (blob)', '0b 10 b0');
  await expect(blobEcho).toHaveCount(1);
  expect(await payloadView(panel, blobEcho, 'Base64')).toContain('CxCw');

  // Invalid UTF-8 is shown as what it is.
  const invalid = frameRow(panel, 'received', 'ff fe 41 42');
  const utf8 = await payloadView(panel, invalid, 'UTF-8');
  expect(utf8).toContain('Not valid UTF-8: the first invalid byte is at offset 0');

  // What the page received is what the server sent.
  const received = await page.evaluate(() => (window as unknown as CaptureWindow).__received);
  expect(received.ab).toEqual(['hello from the first inline script', [0, 1, 2, 255], [0xde, 0xad, 0xbe, 0xef], [0xca, 0xfe], [0xb1, 0x0b, 0x5e], [0xff, 0xfe, 0x41, 0x42]]);
  expect(received.blob).toEqual([[0x0b, 0x10, 0xb0]]);
});

test('the page keeps working: its handlers see every message in order with identical data, and WebSocket looks native', async ({ page, demo }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const roundTrip = await page.evaluate(echoHandlersRoundTrip, `${demo.wsUrl}/echo`);
  expect(roundTrip.viaProperty).toEqual(roundTrip.sent);
  expect(roundTrip.viaListener).toEqual(roundTrip.sent);
  const result = await page.evaluate(async (url) => {
    const ws = new WebSocket(url);
    await new Promise((r) => (ws.onopen = r));
    return {
      instance: ws instanceof WebSocket,
      ctor: ws.constructor === WebSocket,
      open: WebSocket.OPEN === 1 && ws.OPEN === 1 && WebSocket.CLOSED === 3,
      protoCtor: WebSocket.prototype.constructor === WebSocket,
      name: WebSocket.name,
      length: WebSocket.length,
      ownKeys: Object.getOwnPropertyNames(ws).length,
      ctorString: Function.prototype.toString.call(WebSocket),
      sendString: Function.prototype.toString.call(WebSocket.prototype.send),
      toStringString: Function.prototype.toString.call(Function.prototype.toString),
      // Native errors thrown through the wrappers: native names and messages, and no trace of
      // the extension in their stacks.
      errors: [
        () => new WebSocket('ws://['),
        () => WebSocket.prototype.send.call({}, 'x'),
        () => WebSocket.prototype.close.call({}),
        () => Function.prototype.toString.call({}),
        () => ws.close(5),
        () => (WebSocket as unknown as () => void)(),
      ].map((f) => {
        try {
          f();
          return 'no error';
        } catch (e) {
          const err = e as Error;
          return `${err.name}: ${err.message}${String(err.stack).includes('-extension://') ? ' [extension frame in stack]' : ''}`;
        }
      }),
    };
  }, `${demo.wsUrl}/echo`);
  expect(result).toMatchObject({
    instance: true,
    ctor: true,
    open: true,
    protoCtor: true,
    name: 'WebSocket',
    length: 1,
    ownKeys: 0,
    ctorString: 'function WebSocket() { [native code] }',
    sendString: 'function send() { [native code] }',
    toStringString: 'function toString() { [native code] }',
  });
  expect(result.errors).toEqual([
    "SyntaxError: Failed to construct 'WebSocket': The URL 'ws://[' is invalid.",
    'TypeError: Illegal invocation',
    'TypeError: Illegal invocation',
    "TypeError: Function.prototype.toString requires that 'this' be a Function",
    "InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 5 is neither.",
    "TypeError: Failed to construct 'WebSocket': Please use the 'new' operator, this DOM object constructor cannot be called as a function.",
  ]);
});

test('a panel opened after the traffic shows every earlier frame', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await page.evaluate(async (url) => {
    const ws = new WebSocket(url);
    await new Promise((r) => (ws.onopen = r));
    let n = 0;
    ws.onmessage = () => n++;
    for (let i = 1; i <= 300; i++) ws.send(`early ${i}`);
    await new Promise<void>((r) => {
      const check = () => (n >= 300 ? r() : setTimeout(check, 10));
      check();
    });
  }, `${demo.wsUrl}/echo`);
  expect(demo.stats.received('/echo')).toHaveLength(300);

  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expectFramesShown(panel, 600);
  // The first and the last, found with a regex filter as a user would.
  await setFilter(panel, '/^early (1|300)$/');
  await expectFramesShown(panel, 4, 600);
  await expect(frameRow(panel, 'sent', 'early 1')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'early 1')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'early 300')).toHaveCount(1);
});
