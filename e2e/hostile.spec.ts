/**
 * Hostile content: payloads are data. Markup and script never execute in the panel, odd
 * characters are shown as they are, deep or poisoned JSON neither hangs nor pollutes, and a 50 MB
 * frame is kept in part without blocking the panel.
 */
import { test, expect, openPanel } from './fixtures';
import { expectFramesShown, frameRow, payloadView, setFilter, startPaintSampler, stopPaintSampler } from './panel';

const XSS = [
  '<img src=x onerror="window.__pwned=1;document.title=\'pwned\'">',
  '</script><script>window.__pwned=2</script>',
  '<svg onload="window.__pwned=3"></svg>',
  'javascript:window.__pwned=4',
];

test('markup, script, bidi and zero-width text, deep and __proto__ JSON, random binary: shown as data, nothing runs', async ({ page, context, demo, extensionId, tabIdOf }) => {
  test.setTimeout(90_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  // Watch the panel's painting while the hostile frames arrive and are opened.
  await startPaintSampler(panel);
  await page.evaluate(
    ({ url, xss }) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        let n = 0;
        const total = xss.length + 5;
        ws.onmessage = () => ++n === total && resolve();
        ws.onopen = () => {
          for (const x of xss) ws.send(x);
          ws.send('bidi: \u202Egnp.exe\u202C and zero\u200Bwidth\u200D and \uFEFFbom');
          ws.send('['.repeat(10_000) + ']'.repeat(10_000));
          ws.send('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"ok":1}');
          const random = new Uint8Array(4096);
          crypto.getRandomValues(random);
          ws.send(random);
          ws.send('{"deep":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}');
        };
      }),
    { url: `${demo.wsUrl}/echo`, xss: XSS },
  );
  await expectFramesShown(panel, (XSS.length + 5) * 2);

  // Open every text frame in every view.
  for (const x of XSS) {
    const text = await payloadView(panel, frameRow(panel, 'sent', x.slice(0, 20)), 'Text');
    expect(text).toContain(x);
  }
  const bidi = await payloadView(panel, frameRow(panel, 'sent', 'bidi:'), 'Text');
  expect(bidi).toContain('\u202Egnp.exe\u202C');
  expect(bidi).toContain('zero\u200Bwidth');
  await setFilter(panel, '/^\\[{3}/');
  await expectFramesShown(panel, 2, (XSS.length + 5) * 2);
  const deepArray = await payloadView(panel, frameRow(panel, 'sent'), 'JSON');
  expect(deepArray).toContain('Array(1)');
  await setFilter(panel, '__proto__');
  const proto = await payloadView(panel, frameRow(panel, 'sent'), 'JSON');
  expect(proto).toContain('"__proto__"');
  expect(proto).toContain('"polluted"');
  await setFilter(panel, '"deep"');
  const deepObject = await payloadView(panel, frameRow(panel, 'received'), 'JSON');
  expect(deepObject).toContain('"deep"');
  await setFilter(panel, '');
  await expectFramesShown(panel, (XSS.length + 5) * 2);
  const hex = await payloadView(panel, frameRow(panel, 'sent', 'binary').first(), 'Hex');
  expect(hex).toMatch(/^00000000/);

  const gaps = await stopPaintSampler(panel);
  const worstGap = Math.max(...gaps);
  const verdict = await panel.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    title: document.title,
    injected: document.querySelectorAll('img[src="x"], svg[onload], script:not([src])').length,
    polluted: ({} as { polluted?: boolean }).polluted ?? null,
  }));
  console.log(`panel: longest paint gap ${worstGap.toFixed(0)} ms while hostile frames arrived and were opened`);
  expect(verdict).toMatchObject({ pwned: null, title: 'WebSocket Lens', injected: 0, polluted: null });
  // No single gap took half of the whole phase: the panel painted in the middle of the work.
  // Both sides are measured in this run; a limit in ms would fail on a busy machine.
  const sampled = gaps.reduce((a, b) => a + b, 0);
  expect(worstGap, `longest paint gap of ${sampled.toFixed(0)} ms sampled`).toBeLessThan(sampled / 2);
});

test('a 50 MB frame: kept in part, marked, and the panel keeps painting', async ({ page, context, demo, extensionId, tabIdOf }) => {
  test.setTimeout(90_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await startPaintSampler(panel);
  const size = await page.evaluate(
    (url) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.onmessage = (e) => resolve((e.data as string).length);
      }),
    `${demo.wsUrl}/big?bytes=${50 * 1024 * 1024}`,
  );
  expect(size).toBe(50 * 1024 * 1024);
  const row = frameRow(panel, 'received', '50.0 MB (truncated)');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await row.click();
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText('only its first 16.0 MB were kept');
  await expect(panel.getByRole('button', { name: /Show more/ })).toBeVisible();
  const gaps = await stopPaintSampler(panel);
  const worst = Math.max(...gaps);
  console.log(`panel: longest paint gap ${worst.toFixed(0)} ms around a 50 MB frame`);
  // No single gap took half of the whole phase: the panel painted in the middle of the work.
  // Both sides are measured in this run; a limit in ms would fail on a busy machine.
  const sampled = gaps.reduce((a, b) => a + b, 0);
  expect(worst, `longest paint gap of ${sampled.toFixed(0)} ms sampled`).toBeLessThan(sampled / 2);
});
