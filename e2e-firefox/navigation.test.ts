/**
 * Navigation in Firefox: "preserve log" off shows the current page only, on keeps every page with a
 * row marking each navigation; a panel closed and reopened; a page with a strict CSP.
 * The back/forward cache in Firefox. What Firefox ESR 140 does (checked here): a page with an open
 * WebSocket does not enter the cache (Firefox closes its sockets, 1001, on the way out, and going
 * back loads it afresh); a page whose sockets are closed does, and on the restore its relay, which
 * let go of its port on `pagehide` (`persisted`), says hello again on `pageshow`. Either way the
 * panel, open throughout or opened after, shows every frame of the page shown, each once.
 * (Chromium: e2e/navigation.spec.ts, where a page with open sockets is cached.)
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startPageServer, type PageServer } from '../e2e/page-server';
import { connectionRowTexts, firefoxSuite, frameRow, frameRowTexts, openPanel, setFilter, textOf, until, waitFramesShown } from './firefox';

const suite = firefoxSuite();
let pages: PageServer;
beforeAll(async () => {
  pages = await startPageServer();
});
afterAll(async () => {
  await pages?.close();
});

const N = 40; // messages per socket
type A = { sent: number; received: number; events: string[] };
const state = (page: Page) => page.evaluate(() => (window as unknown as { __a: A }).__a);

/** On page A: a socket to /echo sends N messages "A <label> <i>"; with `close`, it closes (1000) after the N echoes. */
const exchange = (page: Page, label: string, close: boolean) =>
  page.evaluate(
    ([label, n, close]) =>
      new Promise<void>((resolve) => {
        const a = (window as unknown as { __a: A }).__a;
        const ws = new WebSocket('ws://' + new URLSearchParams(location.search).get('ws') + '/echo');
        let got = 0;
        ws.onopen = () => {
          for (let i = 0; i < n; i++) ws.send(`A ${label} ${i}`);
          a.sent += n;
        };
        ws.onmessage = () => {
          a.received++;
          if (++got < n) return;
          if (close) ws.close(1000, 'done');
          else resolve();
        };
        ws.onclose = (e) => {
          a.events.push(`${label} closed ${e.code}`);
          resolve();
        };
      }),
    [label, N, close] as const,
  );

const serverSawFromA = () =>
  suite.demo.stats
    .received('/echo')
    .map((m) => m.data.toString())
    .filter((t) => t.startsWith('A '));

/** The panel shows page A's frames only, each socket's sent and echoed, and no drops. */
async function checkA(panel: Page, labels: string[]): Promise<void> {
  await waitFramesShown(panel, 2 * N * labels.length);
  for (const label of labels) {
    await setFilter(panel, `A ${label} `);
    await waitFramesShown(panel, 2 * N, 2 * N * labels.length);
  }
  await setFilter(panel, 'page B');
  await waitFramesShown(panel, 0, 2 * N * labels.length);
  await setFilter(panel, '');
  expect(await textOf(panel, '[role="status"][aria-label="Capture limits"]')).toBe('');
}

for (const bSocket of [true, false]) {
  test(`a page restored from the back/forward cache (page B ${bSocket ? 'with' : 'without'} a socket): every frame before and after, in the open panel and in a new one`, async () => {
    const { page } = suite.ff;
    const ws = new URL(suite.demo.httpUrl).host;
    await page.goto(pages.url('bfcache.html', ws));
    const panel = await openPanel(suite.ff, page, { ownWindow: true });
    await Promise.all([exchange(page, 'one', true), exchange(page, 'two', true)]);
    await waitFramesShown(panel, 4 * N);

    // Away to B on another origin.
    if (bSocket) {
      await page.goto(pages.url('nav.html', ws, { name: 'B' }).replace('127.0.0.1', 'localhost'));
      await frameRow(panel, 'received', 'page B');
      await waitFramesShown(panel, 2);
    } else {
      await page.goto(`${suite.demo.httpUrl.replace('127.0.0.1', 'localhost')}/fixture.html`);
      await waitFramesShown(panel, 4 * N);
    }
    // Back: restored from the cache (no load: the navigation's promise is not awaited).
    page.goBack().catch(() => {
      /* puppeteer loses the frame on a restore from the cache; the page is read below */
    });
    await until('A restored from the cache', async () => (await state(page).catch(() => null))?.events.includes('pageshow true'));
    await exchange(page, 'three', false);
    const a = await state(page);
    expect({ ...a, events: [a.events[0], ...a.events.slice(1, 3).sort(), ...a.events.slice(3)] }).toEqual({
      sent: 3 * N,
      received: 3 * N,
      events: ['pageshow false', 'one closed 1000', 'two closed 1000', 'pagehide true', 'pageshow true'],
    });
    expect(serverSawFromA()).toHaveLength(3 * N);
    await checkA(panel, ['one', 'two', 'three']);
    const tabId = Number(await panel.evaluate(() => new URLSearchParams(location.search).get('tabId')));
    expect(tabId).toBeGreaterThan(0);
    await checkA(await openPanel(suite.ff, page, { ownWindow: true, tabId }), ['one', 'two', 'three']);
  });
}

test('a page with an open socket is not cached by Firefox: its sockets close on the way out, going back loads it afresh, the panel shows the new document', async () => {
  const { page } = suite.ff;
  const ws = new URL(suite.demo.httpUrl).host;
  await page.goto(pages.url('bfcache.html', ws));
  const panel = await openPanel(suite.ff, page, { ownWindow: true });
  await exchange(page, 'one', false);
  await waitFramesShown(panel, 2 * N);
  await page.goto(pages.url('nav.html', ws, { name: 'B' }).replace('127.0.0.1', 'localhost'));
  await waitFramesShown(panel, 2);
  await until('the open socket closed by Firefox, 1001', () => suite.demo.stats.closes('/echo').map((c) => c.code).join() === '1001');
  page.goBack().catch(() => {
    /* as above */
  });
  await until('A loaded afresh', async () => JSON.stringify((await state(page).catch(() => null))?.events) === '["pageshow false"]');
  await exchange(page, 'two', false);
  expect(await state(page)).toEqual({ sent: N, received: N, events: ['pageshow false'] });
  await checkA(panel, ['two']);
});

test('navigation and reload: "preserve log" off shows the current page only; on keeps every page, a row marking each navigation', async () => {
  const { page } = suite.ff;
  const ws = new URL(suite.demo.httpUrl).host;
  const rows = () => frameRowTexts(panel);
  await page.goto(pages.url('nav.html', ws, { name: 'A' }));
  const panel = await openPanel(suite.ff, page, { ownWindow: true });
  await frameRow(panel, 'received', 'page A');

  // Off (the default): a navigation clears the previous page.
  await page.goto(pages.url('nav.html', ws, { name: 'B' }));
  await frameRow(panel, 'received', 'page B');
  await until('page A gone', async () => (await rows()).length === 2 && !(await rows()).some((r) => r.includes('page A')));

  // On: every page stays, with a navigation row before each new one.
  const preserve = (on: boolean) =>
    until(`"Preserve log" ${on ? 'on' : 'off'}`, () =>
      panel.evaluate((on) => {
        const label = Array.from(document.querySelectorAll('label')).find((l) => (l as HTMLElement).innerText.trim() === 'Preserve log');
        const box = (label?.querySelector('input[type="checkbox"]') ?? document.querySelector('input[type="checkbox"][aria-label="Preserve log"]')) as HTMLInputElement | null;
        if (!box) return false;
        if (box.checked !== on) box.click();
        return box.checked === on;
      }, on),
    );
  await preserve(true);
  await page.goto(pages.url('nav.html', ws, { name: 'C' }));
  await frameRow(panel, 'received', 'page C');
  await page.reload();
  const summary = (texts: string[]) =>
    texts.map((r) => (r.includes('Navigated to') ? `nav ${/name=(\w)/.exec(r)?.[1]}` : `${/(sent|received)/.exec(r)?.[1]} ${/page (\w)/.exec(r)?.[1]}`));
  const want = ['sent B', 'received B', 'nav C', 'sent C', 'received C', 'nav C', 'sent C', 'received C'];
  await until('every page with its navigation rows', async () => JSON.stringify(summary(await rows())) === JSON.stringify(want));
  expect((await connectionRowTexts(panel)).filter((c) => c.includes('/echo'))).toHaveLength(3);

  // Off again: the next reload clears all but the new page.
  await preserve(false);
  await page.reload();
  await until('the new page only', async () => JSON.stringify(summary(await rows())) === JSON.stringify(['sent C', 'received C']));
});

test('a panel closed and reopened still shows everything since the page loaded', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate((url) => {
    const w = window as unknown as { ws: WebSocket };
    w.ws = new WebSocket(url);
    w.ws.onopen = () => w.ws.send('before the panel');
  }, `${suite.demo.wsUrl}/echo`);
  let panel = await openPanel(suite.ff, page);
  await frameRow(panel, 'received', 'before the panel');
  await panel.close();
  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('while the panel was closed'));
  await until('the server to get it', () => suite.demo.stats.received('/echo').length === 2);
  panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 4);
  await frameRow(panel, 'received', 'while the panel was closed');
});

test("a page with a strict Content-Security-Policy (script-src 'self') is captured and keeps working", async () => {
  const { page } = suite.ff;
  // Every CSP violation in the page, from its first script on.
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.sourceFile} ${e.blockedURI}`));
  });
  await page.goto(pages.url('csp.html', new URL(suite.demo.httpUrl).host));
  await until('the page to get its echo', () => page.evaluate(() => document.body.dataset.echo === 'under a strict CSP'));
  const panel = await openPanel(suite.ff, page);
  await frameRow(panel, 'sent', 'under a strict CSP');
  await frameRow(panel, 'received', 'under a strict CSP');
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), 'the extension caused no CSP violation').toEqual([]);
});
