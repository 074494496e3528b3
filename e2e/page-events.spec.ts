/**
 * Events a page makes and dispatches on its own sockets pass the hook by untouched: the same
 * page-visible results with and without the extension (listeners called with what, errors,
 * `readyState`), and nothing recorded for them; a real frame after them is still captured.
 */
import { chromium } from '@playwright/test';
import { test, expect, openPanel, CHROME_PATH } from './fixtures';
import { connectionRow, expectFramesShown, frameRow } from './panel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs in the page. Everything it returns must be identical with and without the extension. */
async function pageMadeEvents(wsUrl: string): Promise<{ log: unknown[]; errors: unknown[] }> {
  const log: unknown[] = [];
  const errors: unknown[] = [];
  const shows = (stack: unknown): boolean => /-extension:\/\//.test(String(stack));
  window.addEventListener('error', (e) => errors.push([e.message, shows((e.error as Error | undefined)?.stack)]));
  const describe = (v: unknown): unknown =>
    v instanceof ArrayBuffer ? ['ArrayBuffer', v.byteLength] : typeof v === 'object' && v !== null ? Object.prototype.toString.call(v) : v;

  class PageMessage extends MessageEvent<unknown> {
    page = true;
  }
  const made: Array<[string, () => Event]> = [
    ['Event message', () => new Event('message')],
    ['Event open', () => new Event('open')],
    ['Event error', () => new Event('error')],
    ['Event close', () => new Event('close')],
    ['UIEvent close', () => new UIEvent('close')],
    ['UIEvent message', () => new UIEvent('message', { view: window })],
    [
      'createEvent message',
      () => {
        const e = document.createEvent('Event');
        e.initEvent('message', true, true);
        return e;
      },
    ],
    ['MessageEvent text', () => new MessageEvent('message', { data: 'made by the page', origin: 'https://page.test' })],
    ['MessageEvent binary', () => new MessageEvent('message', { data: new ArrayBuffer(3) })],
    ['MessageEvent subclass', () => new PageMessage('message', { data: 'subclassed' })],
    ['MessageEvent frozen', () => Object.freeze(new MessageEvent('message', { data: 'frozen' }))],
    ['CloseEvent', () => new CloseEvent('close', { code: 4000, reason: 'made by the page', wasClean: true })],
    ['CloseEvent frozen', () => Object.freeze(new CloseEvent('close', { code: 4001 }))],
  ];

  const ws = new WebSocket(`${wsUrl}/echo?made`);
  ws.binaryType = 'arraybuffer';
  for (const type of ['open', 'message', 'error', 'close']) {
    ws.addEventListener(type, (e) => {
      const m = e as MessageEvent & CloseEvent;
      log.push([
        'listener',
        type,
        e.constructor.name,
        e.isTrusted,
        'data' in e ? describe(m.data) : null,
        'code' in e ? [m.code, m.reason, m.wasClean] : null,
        ws.readyState,
        e.defaultPrevented,
        shows(new Error().stack),
      ]);
    });
  }
  ws.onmessage = (e) => log.push(['onmessage', describe(e.data), e.isTrusted]);
  const fire = (phase: string): void => {
    for (const [name, make] of made) {
      try {
        const ev = make();
        log.push([phase, name, 'dispatched', ws.dispatchEvent(ev), ws.readyState, ev.defaultPrevented]);
      } catch (e) {
        log.push([phase, name, 'threw', String(e), shows((e as Error).stack)]);
      }
    }
  };

  fire('connecting');
  await new Promise((r) => ws.addEventListener('open', r, { once: true }));
  fire('open');
  // The sentinel: a real frame after the page's own events, echoed by the server.
  await new Promise<void>((resolve) => {
    ws.addEventListener('message', (e) => e.isTrusted && e.data === 'last-word' && resolve());
    ws.send('last-word');
  });
  await new Promise<void>((resolve) => {
    ws.addEventListener('close', (e) => e.isTrusted && resolve(), { once: true });
    ws.close(1000, 'bye');
  });
  fire('closed');
  // The sentinel for the closed socket's events: a frame on a new socket, captured after them.
  const after = new WebSocket(`${wsUrl}/echo?after`);
  await new Promise<void>((resolve) => {
    after.onopen = () => after.send('after-close');
    after.onmessage = () => resolve();
  });
  after.close();
  return { log, errors };
}

test("a page's own events on its sockets: the same results as without the extension, and nothing recorded for them", async ({ page, context, demo, extensionId, tabIdOf }) => {
  test.setTimeout(60_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const withExtension = await page.evaluate(pageMadeEvents, demo.wsUrl);

  const profile = await mkdtemp(join(tmpdir(), 'wslens-plain-'));
  const plain = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const p = plain.pages()[0] ?? (await plain.newPage());
    await p.goto(`${demo.httpUrl}/fixture.html`);
    const without = await p.evaluate(pageMadeEvents, demo.wsUrl);
    expect(without.errors).toEqual([]);
    // The battery did reach the page's listeners (13 made events in each of three states).
    expect(without.log.filter((l) => (l as unknown[])[0] === 'listener').length).toBeGreaterThan(13 * 3);
    expect(withExtension.errors).toEqual(without.errors);
    expect(withExtension.log).toEqual(without.log);
  } finally {
    await plain.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 10 });
  }

  // Recorded: the sentinels both ways and the real close, nothing of the page's own events.
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await expect(frameRow(panel, 'received', 'after-close')).toHaveCount(1);
  await expectFramesShown(panel, 4);
  await expect(frameRow(panel, 'sent', 'last-word')).toHaveCount(1);
  await expect(frameRow(panel, 'received', 'last-word')).toHaveCount(1);
  const conn = connectionRow(panel, '/echo?made');
  await expect(conn).toHaveCount(1);
  await expect(conn).toContainText('1000 Normal Closure "bye"');
  await expect(conn).not.toContainText('4000');
  await expect(conn).not.toContainText('error');
});
