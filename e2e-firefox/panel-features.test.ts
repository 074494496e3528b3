/**
 * The panel's filter and chart features in Firefox ESR with the Firefox build, against real sockets
 * on the demo server: the Show filter (close events with code and meaning, the error, events among
 * the messages), the one pattern syntax (a /…/ that is no regex and a path matched as text, match
 * case), two saved filters combined with AND and OR, and a connection's rate chart whose
 * peak is the burst the page sent. The Chromium versions: e2e/filters.spec.ts, e2e/charts.spec.ts.
 * Every expectation is worked out from what the page itself sent, received and saw happen.
 */
import { expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { closedPort } from '../demo/server.mjs';
import { formatBytes } from '../src/core/format';
import { formatPerSecond } from '../src/core/rates';
import { filterTraffic } from '../e2e/scenarios';
import { clickByName, connectionRowTexts, framesShown, frameRowTexts, openPanel, setFilter, textOf, typeInto, until, waitFramesShown, firefoxSuite } from './firefox';

const suite = firefoxSuite();

/** A frame row reduced to what identifies it: "sent ping 1", "event close 4002 …" (its Data cell). */
async function briefRows(panel: Page): Promise<string[]> {
  return (await frameRowTexts(panel)).map((row) => {
    const cells = row.split(' | ');
    const dir = cells[0].replace(/^[^a-z]+/, ''); // "↑sent" → "sent", "●open" → "open": the icon, then its text for screen readers
    const data = cells[1]; // the payload comes right after the direction
    return ['sent', 'received'].includes(dir) ? `${dir} ${data}` : `event ${data}`;
  });
}

/** "event close 4002 Private Use …" → "event close 4002", the way the page log says it. */
const asLogged = (row: string): string => /^(sent .*|received .*|event (?:open|error|close \d+))/s.exec(row)?.[1] ?? row;

/** Picks an option of the select with this accessible name by its label, as a user would. */
async function choose(panel: Page, select: string, option: string): Promise<void> {
  await until(`${JSON.stringify(option)} in ${JSON.stringify(select)}`, () =>
    panel.evaluate(
      (select, option) => {
        const el = document.querySelector(`select[aria-label="${select}"]`) as HTMLSelectElement | null;
        const opt = Array.from(el?.options ?? []).find((o) => o.text === option);
        if (!el || !opt) return false;
        el.value = opt.value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
        return el.value === opt.value;
      },
      select,
      option,
    ),
  );
}

/** Types into the text box with this accessible name (replacing what is there). */
async function fill(panel: Page, name: string, text: string): Promise<void> {
  await typeInto(panel, `input[aria-label="${name}"]`, text);
}

const checked = (panel: Page, name: string) =>
  panel.evaluate((n) => (document.querySelector(`input[type="checkbox"][aria-label="${n}"]`) as HTMLInputElement | null)?.checked ?? null, name);

async function saveFilter(panel: Page, name: string): Promise<void> {
  await clickByName(panel, 'Save filter');
  await fill(panel, 'Filter name', name);
  await clickByName(panel, 'Save', 'form[aria-label="Save the current filter"]');
  // Saved switched off (saving changes nothing shown); then switched on.
  await until(`"Use ${name}" saved, unchecked`, async () => (await checked(panel, `Use ${name}`)) === false);
  await panel.click(`input[type="checkbox"][aria-label="Use ${name}"]`);
  await until(`"Use ${name}" checked`, async () => (await checked(panel, `Use ${name}`)) === true);
}

/** Waits until the rows (reduced by `map`) are exactly `want`; fails with what they were. */
async function expectRows(panel: Page, want: string[], map: (r: string) => string = (r) => r): Promise<void> {
  let last: string[] = [];
  try {
    await until('the frame rows', async () => {
      last = (await briefRows(panel)).map(map);
      return JSON.stringify(last) === JSON.stringify(want);
    }, 5000);
  } catch {
    expect(last).toEqual(want);
  }
}

/** How many buttons named "Chart" (without aria-hidden glyphs) are in `scope`. */
const chartButtons = (panel: Page, scope: string) =>
  panel.evaluate(
    (scope) =>
      Array.from(document.querySelectorAll(`${scope} button`)).filter((b) => {
        const copy = b.cloneNode(true) as Element;
        copy.querySelectorAll('[aria-hidden="true"]').forEach((h) => h.remove());
        return (copy.textContent ?? '').trim() === 'Chart';
      }).length,
    scope,
  );

const summary = (panel: Page) => textOf(panel, '[role="status"][aria-label="Summary"]');
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

test('Show: close events with code and meaning, the error, events among messages; saved filters with AND and OR; the rate chart of a burst', async () => {
  const { page } = suite.ff;
  const port = await closedPort();
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const log = await page.evaluate(filterTraffic, { wsUrl: suite.demo.wsUrl, deadPort: port });
  const messages = log.filter((l) => !l.startsWith('event '));
  const events = log.filter((l) => l.startsWith('event '));
  // What the page saw happen is what the server did: a close 4002 and, for the refused one, an error then 1006.
  expect(events.filter((e) => e.startsWith('event close'))).toEqual(['event close 4002', 'event close 1006']);
  expect(events.filter((e) => e === 'event error')).toHaveLength(1);

  const panel = await openPanel(suite.ff, page);
  // Show, the saved filters and the rest are in the Filters row.
  await clickByName(panel, 'Filters', '[role="toolbar"][aria-label="WebSocket panel controls"]');
  await until('the Filters row', () => panel.evaluate(() => !(document.querySelector('[role="toolbar"][aria-label="More filters"]') as HTMLElement).closest('[hidden]')));
  await until('the refused connection closed', async () =>
    (await connectionRowTexts(panel)).some((c) => c.includes(`127.0.0.1:${port}/nobody`) && c.includes('1006')),
  );
  await until(`${messages.length} frames`, async () => (await framesShown(panel)).total === messages.length);
  // Messages only, by default: every message, in the order the page saw them.
  await expectRows(panel, messages);

  // Close events: each close with its code, reason, who closed it and what the code means, on its connection.
  await choose(panel, 'Show', 'Close events');
  const closes = events.filter((e) => e.startsWith('event close'));
  await until('the close events count', async () =>
    (await summary(panel)).includes(`0 / ${messages.length} frames shown · ${closes.length} / ${events.length} events`),
  );
  await expectRows(panel, closes, asLogged);
  const closeRows = await briefRows(panel);
  expect(closeRows[0]).toBe(
    'event close 4002 Private Use "done" · closed by the server — Reserved for private use; its meaning is agreed between this application’s client and server.',
  );
  expect(closeRows[1]).toMatch(/^event close 1006 Abnormal Closure · closed by the network \(not clean\) — The connection was lost without a Close frame/);
  // Each on its connection: the connection picker (options titled with the whole URL) keeps only its own.
  const pick = (urlPart: string) =>
    panel.evaluate((part) => {
      const el = document.querySelector('select[aria-label="Connection"]') as HTMLSelectElement;
      el.value = Array.from(el.options).find((o) => part === '' ? o.value === '' : o.title.includes(part))?.value ?? '';
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, urlPart);
  await pick('/echo?close=4002');
  await until('the close of the echo socket alone', async () => (await briefRows(panel)).length === 1 && (await briefRows(panel))[0].startsWith('event close 4002'));
  await pick(`127.0.0.1:${port}/nobody`);
  await until('the close of the refused socket alone', async () => (await briefRows(panel)).length === 1 && (await briefRows(panel))[0].startsWith('event close 1006'));
  await pick('');
  await until('both closes again', async () => (await briefRows(panel)).length === 2);

  // Errors: the refused socket's error, before it ever opened.
  await choose(panel, 'Show', 'Errors');
  const errors = events.filter((e) => e === 'event error');
  await until('the error count', async () =>
    (await summary(panel)).includes(`0 / ${messages.length} frames shown · ${errors.length} / ${events.length} events`),
  );
  await expectRows(panel, ['event error · before the connection opened']);
  // It is the refused socket's: choosing the echo socket hides it, choosing the refused one keeps it.
  await pick('/echo?close=4002');
  await until('no error on the echo socket', async () => (await frameRowTexts(panel)).join('') === 'No row matches the filter.');
  await pick(`127.0.0.1:${port}/nobody`);
  await until('the error of the refused socket', async () => (await briefRows(panel)).length === 1);
  await pick('');

  // Messages and events: everything, the events among the messages in the order the page saw them.
  await choose(panel, 'Show', 'Messages and events');
  await until('everything shown', async () =>
    (await summary(panel)).includes(`${messages.length} / ${messages.length} frames shown · ${events.length} / ${events.length} events`),
  );
  await expectRows(panel, log, asLogged);
  await choose(panel, 'Show', 'Messages');
  await expectRows(panel, messages);

  // Two saved filters: "ping" in the text, and received frames only.
  await fill(panel, 'Filter frames', 'ping');
  await saveFilter(panel, 'Pings');
  await fill(panel, 'Filter frames', '');
  await clickByName(panel, 'Received', '[role="radiogroup"][aria-label="Direction"]');
  await saveFilter(panel, 'Received');
  await clickByName(panel, 'All', '[role="radiogroup"][aria-label="Direction"]');
  await until('both in use', async () => (await textOf(panel, '[aria-label="Saved filters in use"]')) === '2 of 2 saved filters active');
  const isPing = (m: string) => m.includes('ping');
  const isReceived = (m: string) => m.startsWith('received ');

  // All (AND): the received pings only.
  expect(await panel.evaluate(() => (document.querySelector('select[aria-label="Combine saved filters"]') as HTMLSelectElement).value)).toBe('and');
  const and = messages.filter((m) => isPing(m) && isReceived(m));
  await expectRows(panel, and);
  expect(await framesShown(panel)).toEqual({ shown: and.length, total: messages.length });

  // Any (OR): every ping and everything received.
  await choose(panel, 'Combine saved filters', 'Any (OR)');
  const or = messages.filter((m) => isPing(m) || isReceived(m));
  expect(or.length).toBeGreaterThan(and.length);
  await expectRows(panel, or);
  expect(await framesShown(panel)).toEqual({ shown: or.length, total: messages.length });

  // The rate chart: a new socket, a burst of N messages at once, 300 ms into a second counted from
  // its start (so that the burst sits in one 1-second bucket), and their echoes.
  const N = 12;
  const burst = await page.evaluate(
    async (url, n) => {
      const now = () => performance.timeOrigin + performance.now();
      const t0 = now();
      const ws = new WebSocket(url);
      await new Promise((r) => (ws.onopen = r));
      const sent: number[] = [];
      const got: number[] = [];
      ws.onmessage = () => got.push(now());
      const at = t0 + (Math.floor((now() - t0) / 1000) + 1) * 1000 + 300;
      await new Promise((r) => setTimeout(r, at - now()));
      for (let i = 1; i <= n; i++) {
        sent.push(now());
        ws.send(`burst ${i}`);
      }
      while (got.length < n) await new Promise((r) => setTimeout(r, 20));
      (window as unknown as { chartSocket: WebSocket }).chartSocket = ws;
      return { t0, sent, got };
    },
    `${suite.demo.wsUrl}/echo?chart`,
    N,
  );
  /** The most messages in one 1-second bucket counted from t0, by the page's clock. */
  const peak = (times: number[]) => {
    const buckets = new Map<number, number>();
    for (const t of times) buckets.set(Math.floor((t - burst.t0) / 1000), (buckets.get(Math.floor((t - burst.t0) / 1000)) ?? 0) + 1);
    return Math.max(...buckets.values());
  };
  expect(peak(burst.sent)).toBe(N);

  const chartRow = await until('the chart socket in the connections', async () => {
    for (const r of await panel.$$('[role="grid"][aria-label="Connections"] [role="row"]')) {
      if ((await r.evaluate((e) => (e as HTMLElement).innerText)).includes('/echo?chart')) return r;
    }
    return null;
  });
  const index = Number(await chartRow.evaluate((r) => (r.querySelector('[role="gridcell"]') as HTMLElement).innerText.trim()));
  expect(index).toBe(4); // the page's fourth socket
  await chartRow.click();
  await until('the details of the chart socket', async () => (await textOf(panel, 'section[aria-label="Connection details"]')).includes('/echo?chart'));
  // The chart is a tab of the inspector pane.
  await clickByName(panel, 'Chart', '[role="tablist"][aria-label="Inspector"]');
  const details = 'section[aria-label="Connection chart"]';
  // Shown at once in its tab: no fold-out of its own.
  expect(await chartButtons(panel, details)).toBe(0);

  const figure = `${details} figure[aria-label="Messages and bytes per second of #${index}"]`;
  const caption = await until('the chart summary', async () => {
    const t = await textOf(panel, `${figure} figcaption`);
    return t.startsWith('Peak ') ? t : '';
  });
  const burstBytes = Array.from({ length: N }, (_, i) => `burst ${i + 1}`.length).reduce((a, b) => a + b, 0);
  const want = `Peak ↑ ${formatPerSecond(N)} msg/s (${formatBytes(burstBytes)}/s)`;
  expect(caption.startsWith(want), `${JSON.stringify(caption)} starts with ${JSON.stringify(want)}`).toBe(true);
  expect(caption).toContain(` · ↓ ${formatPerSecond(peak(burst.got))} msg/s`);
  expect(caption).toMatch(/ · 1 s buckets$/);
  // Both charts drawn on canvases of real size, named for the connection.
  const charts = await panel.$$eval(`${figure} [role="img"]`, (imgs) =>
    imgs.map((img) => {
      const box = img.querySelector('canvas')?.getBoundingClientRect();
      return { name: img.getAttribute('aria-label') ?? '', width: box?.width ?? 0, height: box?.height ?? 0 };
    }),
  );
  expect(charts.map((c) => c.name.split('.')[0])).toEqual([
    `Messages per second of #${index}, sent above the axis, received below`,
    `Bytes per second of #${index}, sent above the axis, received below`,
  ]);
  expect(charts[0].name).toContain(want);
  for (const c of charts) {
    expect(c.width).toBeGreaterThan(100);
    expect(c.height).toBeGreaterThan(40);
  }
});

test('one pattern syntax: a /…/ that is not a valid regex and a path are matched as text, with a hint; match case is highlighted as matched', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(async (wsUrl) => {
    const ws = new WebSocket(`${wsUrl}/echo`);
    await new Promise((resolve) => ws.addEventListener('open', resolve));
    (window as unknown as { keep: WebSocket }).keep = ws;
    for (const text of ['GET /API/Users/1', 'path /a(b/ here', 'Ping', 'ping']) {
      const echoed = new Promise<void>((resolve) => ws.addEventListener('message', (e) => e.data === text && resolve()));
      ws.send(text);
      await echoed;
    }
  }, suite.demo.wsUrl);
  const panel = await openPanel(suite.ff, page);
  await clickByName(panel, 'Filters', '[role="toolbar"][aria-label="WebSocket panel controls"]');
  await waitFramesShown(panel, 8);
  const hint = () => panel.evaluate(() => (document.querySelector('[role="status"][aria-label="Filter hint"]') as HTMLElement | null)?.innerText ?? null);
  const marks = () => panel.evaluate(() => Array.from(document.querySelectorAll('[role="rowgroup"][aria-label="Frame rows"] mark.hit'), (m) => (m as HTMLElement).innerText));
  const marksAre = (want: string[]) => until(`the highlights ${JSON.stringify(want)}`, async () => same(await marks(), want));

  // Not a valid regex: the text itself is searched, and the panel says why, as a hint.
  await setFilter(panel, '/a(b/');
  await waitFramesShown(panel, 2, 8);
  expect(await hint()).toMatch(/^Filter: \/a\(b\/ is matched as text: it is not a valid regular expression \(.+\)\.$/);
  expect(await panel.evaluate(() => document.querySelectorAll('[role="alert"]').length)).toBe(0);
  await marksAre(['/a(b/', '/a(b/']);

  // A path is a substring (case-insensitive), without a hint.
  await setFilter(panel, '/api/users');
  await waitFramesShown(panel, 2, 8);
  expect(await hint()).toBeNull();
  await marksAre(['/API/Users', '/API/Users']);

  // A valid regex is a regex.
  await setFilter(panel, '/^[Pp]ing$/');
  await waitFramesShown(panel, 4, 8);

  // Match case: the grid shows and highlights only the exact case.
  await setFilter(panel, 'Ping');
  await waitFramesShown(panel, 4, 8);
  await panel.click('input[type="checkbox"][aria-label="Match case"]');
  await waitFramesShown(panel, 2, 8);
  await marksAre(['Ping', 'Ping']);

  // Such a filter can be saved; it matches as text there too.
  await panel.click('input[type="checkbox"][aria-label="Match case"]');
  await until('match case off', async () => (await checked(panel, 'Match case')) === false);
  await setFilter(panel, '/a(b/');
  await saveFilter(panel, 'Literal');
  await setFilter(panel, '');
  await waitFramesShown(panel, 2, 8);
});

// ── the panel's bug list (the Chromium versions: e2e/layout.spec.ts, e2e/panel-bugs.spec.ts) ──

/**
 * Sizes the panel's viewport. Puppeteer's setViewport also overrides the screen orientation,
 * which this Firefox ESR's BiDi does not support; so only BiDi's browsingContext.setViewport, on
 * the page's browsing context (a puppeteer internal, typed here).
 */
async function setViewport(panel: Page, width: number, height: number): Promise<void> {
  const frame = panel.mainFrame() as unknown as { browsingContext: { setViewport(o: { viewport: { width: number; height: number } }): Promise<void> } };
  await frame.browsingContext.setViewport({ viewport: { width, height } });
  await until(`the panel at ${width} px`, () => panel.evaluate((w) => window.innerWidth === w, width));
}

/** The panel toolbar's shape: its shown controls on one line, none past its edge, and which end tools are on it or in "More tools". */
const toolbarShape = (panel: Page) =>
  panel.evaluate(() => {
    const bar = document.querySelector('[role="toolbar"][aria-label="WebSocket panel controls"]') as HTMLElement;
    const box = bar.getBoundingClientRect();
    const kids = Array.from(bar.children).filter((c) => (c as HTMLElement).offsetParent !== null && c.getBoundingClientRect().width > 0);
    const mids = new Set(kids.map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)));
    const right = Math.max(...kids.map((c) => c.getBoundingClientRect().right));
    const tools = Array.from(bar.querySelectorAll('.tool'), (t) => ({ id: (t as HTMLElement).dataset.tool, shown: !t.classList.contains('collapsed') }));
    return { lines: mids.size, oneRowHigh: box.height < 40, overflows: right > box.right - 1.5, inMenu: tools.filter((t) => !t.shown).map((t) => t.id) };
  });

/** The names of the "More tools" menu's items, opening it with a click on its button (null: no such button shown). */
const moreToolsItems = (panel: Page) =>
  panel.evaluate(async () => {
    const button = document.querySelector('button[aria-label="More tools"]') as HTMLButtonElement | null;
    if (!button) return null;
    if (button.getAttribute('aria-expanded') !== 'true') button.click();
    for (let i = 0; i < 50 && !document.querySelector('[role="menu"][aria-label="More tools"]'); i++) await new Promise((r) => setTimeout(r, 20));
    return Array.from(document.querySelectorAll('[role="menu"][aria-label="More tools"] [role="menuitem"]'), (m) => (m as HTMLElement).innerText.trim());
  });

test('the toolbar stays one row at 360, 500, 760 and 1280 px; what does not fit is in a keyboard-operable "More tools" menu', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate(async (url) => {
    const ws = new WebSocket(url);
    await new Promise((r) => (ws.onopen = r));
    ws.send('one');
  }, `${suite.demo.wsUrl}/echo`);
  const panel = await openPanel(suite.ff, page);
  await waitFramesShown(panel, 2);
  // The site's rules button is there once the page's document is known.
  await until('the Rules tool', () => panel.evaluate(() => document.querySelector('.tool[data-tool="rules"]') !== null));
  const names: Record<string, string> = { export: 'Export', workers: 'Workers: not available in Firefox', import: 'Import log', rules: 'Rules', settings: 'Settings', help: 'Keyboard shortcuts' };
  const counts: Record<number, number> = {};
  for (const width of [360, 500, 760, 1280]) {
    await setViewport(panel, width, 600);
    const shape = await until(`one toolbar row at ${width} px`, async () => {
      const s = await toolbarShape(panel);
      return s.lines === 1 && s.oneRowHigh && !s.overflows ? s : null;
    });
    counts[width] = shape.inMenu.length;
    const items = await moreToolsItems(panel);
    // What is not on the row is in the menu, by the same name.
    expect(items ?? []).toEqual(shape.inMenu.map((id) => names[id!]));
    if (items) await panel.keyboard.press('Escape');
  }
  expect(counts[1280]).toBe(0);
  expect(counts[360]).toBe(6);
  expect(counts[360]).toBeGreaterThan(counts[760]);

  // From the keyboard at 360: ArrowDown opens it on its first item, End goes to the last, Escape closes it onto its button.
  await setViewport(panel, 360, 600);
  await until('More tools at 360 px', async () => (await toolbarShape(panel)).inMenu.length === 6);
  await panel.focus('button[aria-label="More tools"]');
  await panel.keyboard.press('ArrowDown');
  const focused = () => panel.evaluate(() => `${document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName}:${(document.activeElement as HTMLElement | null)?.innerText.trim() ?? ''}`);
  await until('the first item focused', async () => (await focused()) === 'menuitem:Export');
  await panel.keyboard.press('End');
  expect(await focused()).toBe('menuitem:Keyboard shortcuts');
  await panel.keyboard.press('Escape');
  await until('the menu closed onto its button', async () => (await focused()) === 'BUTTON:»');
  // An item does what its button does: Settings opens the settings dialog.
  await panel.keyboard.press('Enter');
  await until('the first item focused again', async () => (await focused()) === 'menuitem:Export');
  await panel.keyboard.press('End');
  await panel.keyboard.press('ArrowUp');
  expect(await focused()).toBe('menuitem:Settings');
  await panel.keyboard.press('Enter');
  await until('the settings dialog', () => panel.evaluate(() => (document.querySelector('dialog[aria-labelledby="settings-title"]') as HTMLDialogElement | null)?.open === true));
});

test('live traffic does not scroll a selected row away; "N new frames" resumes following', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  await page.evaluate((url) => {
    (window as unknown as { ws: WebSocket }).ws = new WebSocket(url);
  }, `${suite.demo.wsUrl}/ticker?interval=15`);
  const panel = await openPanel(suite.ff, page, { ownWindow: true });
  await setViewport(panel, 1000, 500);
  const total = async () => (await framesShown(panel)).total;
  await until('60 frames', async () => (await total()) > 60, 30_000);
  /** aria-rowindex of the rows wholly in the grid's view, and the Follow control's text ('' when none). */
  const view = () =>
    panel.evaluate(() => {
      const body = document.querySelector('[role="rowgroup"][aria-label="Frame rows"]') as HTMLElement;
      const box = body.getBoundingClientRect();
      const rows = Array.from(body.querySelectorAll('[role="row"]')).filter((r) => {
        const b = r.getBoundingClientRect();
        return b.height > 0 && b.top >= box.top - 0.5 && b.bottom <= box.bottom + 0.5;
      });
      const follow = document.querySelector('[role="grid"][aria-label="Frames"] button.follow') as HTMLElement | null;
      return {
        rows: rows.map((r) => Number(r.getAttribute('aria-rowindex'))),
        selected: rows.filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => (r.querySelectorAll('[role="gridcell"]')[1] as HTMLElement).innerText),
        follow: follow?.innerText.replace(/[^\w ,]/g, '').trim() ?? '',
      };
    });
  expect((await view()).follow).toBe('');
  // Click a row in the middle of the view.
  const chosen = await panel.evaluate(() => {
    const body = document.querySelector('[role="rowgroup"][aria-label="Frame rows"]') as HTMLElement;
    const box = body.getBoundingClientRect();
    const inView = Array.from(body.querySelectorAll('[role="row"]')).filter((r) => r.getBoundingClientRect().top >= box.top && r.getBoundingClientRect().bottom <= box.bottom);
    const row = inView[Math.floor(inView.length / 2)] as HTMLElement;
    row.click();
    return (row.querySelectorAll('[role="gridcell"]')[1] as HTMLElement).innerText;
  });
  const at = await total();
  await until('60 more frames', async () => (await total()) > at + 60, 30_000);
  // The bar is drawn on the panel's next paints, after the count it shows: wait for it to say so.
  await until('the bar to count 60 new frames', async () => Number((await view()).follow.replace(/\D/g, '')) >= 60);
  const held = await view();
  expect(held.selected).toEqual([chosen]);
  expect(held.follow).toMatch(/^\d[\d,]* new frames$/);
  await panel.evaluate(() => (document.querySelector('[role="grid"][aria-label="Frames"] button.follow') as HTMLElement).click());
  const after = await total();
  await until('the newest rows in view', async () => {
    const v = await view();
    return v.follow === '' && Math.max(...v.rows) > after + 10 && v.selected.length === 0;
  }, 30_000);
});
