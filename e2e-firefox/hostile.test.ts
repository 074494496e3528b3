/**
 * Hostile content in Firefox: payloads are data. Markup and script never execute in the panel, odd
 * characters are shown as they are, deep or poisoned JSON neither hangs nor pollutes, and a 50 MB
 * frame is kept in part. (Chromium: e2e/hostile.spec.ts.) The panel's paint gaps are logged as
 * figures, not asserted.
 */
import { expect, test } from 'vitest';
import {
  clickByName,
  firefoxSuite,
  frameRow,
  openPanel,
  payloadView,
  setFilter,
  startPaintSampler,
  stopPaintSampler,
  textOf,
  until,
  waitFramesShown,
} from './firefox';

const suite = firefoxSuite();

const XSS = [
  '<img src=x onerror="window.__pwned=1;document.title=\'pwned\'">',
  '</script><script>window.__pwned=2</script>',
  '<svg onload="window.__pwned=3"></svg>',
  'javascript:window.__pwned=4',
];

test('markup, script, bidi and zero-width text, deep and __proto__ JSON, random binary: shown as data, nothing runs', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const panel = await openPanel(suite.ff, page, { ownWindow: true });
  await startPaintSampler(panel);
  const total = XSS.length + 5;
  const sentRandom = await page.evaluate(
    ({ url, xss, total }) =>
      new Promise<number[]>((resolve) => {
        const ws = new WebSocket(url);
        const random = new Uint8Array(4096);
        crypto.getRandomValues(random);
        let n = 0;
        ws.onmessage = () => ++n === total && resolve(Array.from(random.subarray(0, 16)));
        ws.onopen = () => {
          for (const x of xss) ws.send(x);
          ws.send('bidi: \u202Egnp.exe\u202C and zero\u200Bwidth\u200D and \uFEFFbom');
          ws.send('['.repeat(10_000) + ']'.repeat(10_000));
          ws.send('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"ok":1}');
          ws.send(random);
          ws.send('{"deep":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}');
        };
      }),
    { url: `${suite.demo.wsUrl}/echo`, xss: XSS, total },
  );
  await waitFramesShown(panel, total * 2);

  // Every markup frame, opened as text, is its own text.
  for (const x of XSS) expect(await payloadView(panel, await frameRow(panel, 'sent', x.slice(0, 20)), 'Text')).toContain(x);
  await payloadView(panel, await frameRow(panel, 'sent', 'bidi:'), 'Text');
  // Firefox's innerText leaves out bidi controls; the text node holds them, as sent.
  const bidi = await panel.evaluate(() => document.querySelector('section[aria-label="Frame detail"] [role="tabpanel"]')?.textContent ?? '');
  expect(bidi).toContain('\u202Egnp.exe\u202C');
  expect(bidi).toContain('zero\u200Bwidth\u200D and \uFEFFbom');
  await setFilter(panel, '/^\\[{3}/');
  await waitFramesShown(panel, 2, total * 2);
  expect(await payloadView(panel, await frameRow(panel, 'sent'), 'JSON')).toContain('Array(1)');
  await setFilter(panel, '__proto__');
  await waitFramesShown(panel, 2, total * 2);
  const proto = await payloadView(panel, await frameRow(panel, 'sent'), 'JSON');
  expect(proto).toContain('"__proto__"');
  expect(proto).toContain('"polluted"');
  await setFilter(panel, '"deep"');
  await waitFramesShown(panel, 2, total * 2);
  expect(await payloadView(panel, await frameRow(panel, 'received'), 'JSON')).toContain('"deep"');
  await setFilter(panel, '');
  await waitFramesShown(panel, total * 2);
  // The random binary frame, byte for byte in the hex dump's first row.
  const firstRow = sentRandom.map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const hex = await payloadView(panel, await frameRow(panel, 'sent', 'binary', firstRow.slice(0, 11)), 'Hex');
  expect(hex).toMatch(/^00000000/);
  expect(hex.replace(/\s+/g, ' ')).toContain(firstRow.slice(0, 23));

  const gaps = await stopPaintSampler(panel);
  const verdict = await panel.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    title: document.title,
    injected: document.querySelectorAll('img[src="x"], svg[onload], script:not([src])').length,
    polluted: ({} as { polluted?: boolean }).polluted ?? null,
  }));
  console.log(`Firefox panel: ${gaps.length} animation frames, longest paint gap ${Math.max(...gaps).toFixed(0)} ms while hostile frames arrived and were opened`);
  expect(verdict).toEqual({ pwned: null, title: 'WebSocket Lens', injected: 0, polluted: null });
});

test('a 50 MB frame: kept in part, marked, "Show more" offered', async () => {
  const { page } = suite.ff;
  await page.goto(`${suite.demo.httpUrl}/fixture.html`);
  const panel = await openPanel(suite.ff, page, { ownWindow: true });
  await startPaintSampler(panel);
  const size = await page.evaluate(
    (url) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.onmessage = (e) => resolve((e.data as string).length);
      }),
    `${suite.demo.wsUrl}/big?bytes=${50 * 1024 * 1024}`,
  );
  expect(size).toBe(50 * 1024 * 1024);
  const row = await until('the 50 MB row', () => frameRow(panel, 'received', 'truncated'), 60_000);
  await row.click();
  const detail = 'section[aria-label="Frame detail"]';
  await until('the truncation note', async () => (await textOf(panel, detail)).includes('only its first 16.0 MB were kept'));
  await clickByName(panel, 'Text', detail);
  await until('"Show more"', () =>
    panel.evaluate(() => Array.from(document.querySelectorAll('button')).some((b) => /^Show more/.test((b as HTMLElement).innerText.trim()))),
  );
  await waitFramesShown(panel, 1);
  const gaps = await stopPaintSampler(panel);
  console.log(`Firefox panel: longest paint gap ${Math.max(...gaps).toFixed(0)} ms around a 50 MB frame`);
});
