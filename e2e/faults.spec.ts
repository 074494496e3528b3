/**
 * Network faults (the Rules dialog's Faults section): added latency per direction measured
 * against the same run without it, a drop rate over 1,000 frames within its binomial bounds with
 * every dropped frame marked in the log, order kept with jitter at the page and at the server,
 * and bad input refused. Against the demo server's /echo on 127.0.0.1.
 */
import type { Page } from '@playwright/test';
import { test, expect, openPanel } from './fixtures';
import { frameRow } from './panel';

interface FaultInput {
  url?: string;
  sentLatency?: number | string;
  sentJitter?: number | string;
  sentDrop?: number | string;
  receivedLatency?: number | string;
  receivedJitter?: number | string;
  receivedDrop?: number | string;
}

const LABELS: Record<Exclude<keyof FaultInput, 'url'>, string> = {
  sentLatency: 'Latency sent (ms)',
  sentJitter: 'Jitter sent (ms)',
  sentDrop: 'Drop sent (%)',
  receivedLatency: 'Latency received (ms)',
  receivedJitter: 'Jitter received (ms)',
  receivedDrop: 'Drop received (%)',
};

async function openRules(panel: Page) {
  await panel.getByRole('button', { name: /^Rules \(\d+ active(, faults on)?\)$/ }).click();
  const dialog = panel.getByRole('dialog', { name: /^Rules for / });
  return { dialog, faults: dialog.getByRole('form', { name: 'Faults' }) };
}

/** Fills the Faults section and switches it on; waits until the page applies it. */
async function faultsOn(panel: Page, input: FaultInput) {
  const { dialog, faults } = await openRules(panel);
  await faults.getByLabel('Connections matching').fill(input.url ?? '');
  for (const [key, label] of Object.entries(LABELS)) await faults.getByLabel(label).fill(String(input[key as keyof typeof LABELS] ?? 0));
  await faults.getByRole('switch', { name: 'Faults on' }).check();
  await expect(faults.getByRole('status')).toContainText('Faults on: ');
  await expect(dialog.getByLabel('In force in this page')).toHaveText('In force in this page: the faults.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByRole('button', { name: 'Rules (0 active, faults on)' })).toHaveText('Rules · Faults on');
  await expect(panel.getByRole('status', { name: 'Summary' }).getByLabel('Faults')).toHaveText('faults on');
}

async function faultsOff(panel: Page) {
  const { dialog, faults } = await openRules(panel);
  await faults.getByRole('switch', { name: 'Faults on' }).uncheck();
  await expect(faults.getByRole('status')).toHaveText('Faults off.');
  await expect(dialog.getByLabel('In force in this page')).toHaveText('In force in this page: none.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByRole('button', { name: 'Rules (0 active)' })).toBeVisible();
  await expect(panel.getByRole('status', { name: 'Summary' }).getByLabel('Faults')).toHaveCount(0);
}

async function openEcho(page: Page, url: string): Promise<void> {
  await page.evaluate(
    (u) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { ws: WebSocket; got: string[] };
        w.got = [];
        w.ws = new WebSocket(u);
        w.ws.onmessage = (e) => w.got.push(e.data as string);
        w.ws.onopen = () => resolve();
      }),
    url,
  );
}

/** The page's round-trip times of `n` echoes, one after another (performance.now in the page). */
const roundTrips = (page: Page, n: number, tag: string) =>
  page.evaluate(
    async ({ n, tag }) => {
      const ws = (window as unknown as { ws: WebSocket }).ws;
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const text = `${tag} ${i}`;
        const t0 = performance.now();
        await new Promise<void>((resolve) => {
          const on = (e: MessageEvent) => {
            if (e.data !== text) return;
            ws.removeEventListener('message', on);
            resolve();
          };
          ws.addEventListener('message', on);
          ws.send(text);
        });
        times.push(performance.now() - t0);
      }
      return times;
    },
    { n, tag },
  );

const median = (xs: number[]) => {
  const s = xs.toSorted((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The panel store's frame records (their direction, payload, mark and note). */
const loggedFrames = (panel: Page) =>
  panel.evaluate(() => {
    type Rec = { dir: string; data: unknown; mark?: string; note?: string };
    const store = (globalThis as unknown as { wslens: { store: { rows: Array<{ kind: string; rec: Rec }> } } }).wslens.store;
    return store.rows.filter((r) => r.kind === 'frame').map((r) => ({ dir: r.rec.dir, data: typeof r.rec.data === 'string' ? r.rec.data : '', mark: r.rec.mark, note: r.rec.note }));
  });

/** The central interval of Binomial(n, p) holding at least `level` of its mass (each tail ≤ (1 − level) / 2). */
function binomialBounds(n: number, p: number, level: number): [number, number] {
  const logFact = [0];
  for (let i = 1; i <= n; i++) logFact[i] = logFact[i - 1]! + Math.log(i);
  const pmf = (k: number) => Math.exp(logFact[n]! - logFact[k]! - logFact[n - k]! + k * Math.log(p) + (n - k) * Math.log(1 - p));
  const tail = (1 - level) / 2;
  // lo: the largest k with P(X < k) ≤ tail; hi: the smallest k with P(X > k) ≤ tail.
  let lo = 0;
  for (let below = 0; below + pmf(lo) <= tail; lo++) below += pmf(lo);
  let hi = n;
  for (let above = 0; above + pmf(hi) <= tail; hi--) above += pmf(hi);
  return [lo, hi];
}

test('latency: 200 ms on received frames: every round trip takes at least 200 ms, the median grows against the same run without it; the frames are marked delayed', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  const N = 9;
  const without = await roundTrips(page, N, 'plain');
  await faultsOn(panel, { receivedLatency: 200 });
  const withFault = await roundTrips(page, N, 'late');
  // Each echo is held 200 ms after it reached the page, so each round trip with the fault takes at
  // least that; the medians' difference is what the fault added against the same run without it
  // (printed: it also holds the network's spread, so it is no bound).
  expect(Math.min(...withFault)).toBeGreaterThanOrEqual(200);
  expect(median(withFault)).toBeGreaterThan(median(without));
  console.log(`median round trip without the fault ${median(without).toFixed(1)} ms, with 200 ms received latency ${median(withFault).toFixed(1)} ms: +${(median(withFault) - median(without)).toFixed(1)} ms`);
  // Each delayed echo is marked, with its note; the sent frames are not held.
  await expect.poll(async () => (await loggedFrames(panel)).filter((f) => f.data.startsWith('late')).map((f) => `${f.dir} ${f.mark ?? ''}`)).toEqual(
    Array.from({ length: N }, () => ['sent ', 'received delayed']).flat(),
  );
  for (const f of (await loggedFrames(panel)).filter((f) => f.mark === 'delayed')) expect(f.note).toMatch(/^Delayed \d+ ms by a fault \(200 ms asked(, the rest waiting for the frame before it)?\)\.$/);
  const row = frameRow(panel, 'received', 'late 3');
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('region', { name: 'Frame detail' }).getByRole('note', { name: 'Fault' })).toHaveText(/^Delayed \d+ ms by a fault/);

  // Off again: the round trips are back (no frame is held, none marked).
  await faultsOff(panel);
  await roundTrips(page, 3, 'after');
  await expect.poll(async () => (await loggedFrames(panel)).filter((f) => f.data.startsWith('after')).length).toBe(6);
  expect((await loggedFrames(panel)).filter((f) => f.data.startsWith('after') && f.mark !== undefined)).toEqual([]);
});

test('drop rate: 30 % of 1,000 received frames dropped, within the binomial 99.9 % bounds; the log marks exactly the dropped ones; the page got the rest in order', async ({
  page,
  context,
  demo,
  extensionId,
  tabIdOf,
}) => {
  test.setTimeout(120_000);
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await faultsOn(panel, { receivedDrop: 30 });
  const N = 1000;
  await page.evaluate((n) => {
    const ws = (window as unknown as { ws: WebSocket }).ws;
    for (let i = 0; i < n; i++) ws.send(`f ${i}`);
  }, N);
  // Every frame was sent, and every echo is in the log: passed on (delayed by 0 ms) or dropped.
  await expect.poll(() => demo.stats.received('/echo').length, { timeout: 60_000 }).toBe(N);
  const received = async () => (await loggedFrames(panel)).filter((f) => f.dir === 'received');
  await expect.poll(async () => (await received()).length, { timeout: 60_000 }).toBe(N);
  const log = await received();
  const dropped = log.filter((f) => f.mark === 'dropped');
  expect(dropped.every((f) => f.note === 'Dropped by a fault.')).toBe(true);
  expect(log.filter((f) => f.mark !== 'dropped').every((f) => f.mark === 'delayed')).toBe(true);

  const got = await page.evaluate(() => (window as unknown as { got: string[] }).got);
  const k = got.length;
  const [lo, hi] = binomialBounds(N, 0.7, 0.999);
  expect(lo).toBeGreaterThan(600);
  expect(hi).toBeLessThan(800);
  expect(k).toBeGreaterThanOrEqual(lo);
  expect(k).toBeLessThanOrEqual(hi);
  expect(dropped).toHaveLength(N - k);
  // The page got exactly the frames not dropped, in order.
  const dropSet = new Set(dropped.map((f) => f.data));
  expect(got).toEqual(Array.from({ length: N }, (_, i) => `f ${i}`).filter((t) => !dropSet.has(t)));
  // The grid's mark and the detail agree.
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill(dropped[0]!.data);
  const row = frameRow(panel, 'received', 'dropped');
  await row.first().click();
  await expect(panel.getByRole('region', { name: 'Frame detail' })).toContainText('Dropped by a fault (its drop rate): it never reached the page');
});

test('order is kept with jitter, at the page and at the server', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  await faultsOn(panel, { url: '/echo', sentLatency: 10, sentJitter: 80, receivedLatency: 0, receivedJitter: 60 });
  const N = 60;
  const expected = Array.from({ length: N }, (_, i) => `n ${i}`);
  await page.evaluate((texts) => {
    const ws = (window as unknown as { ws: WebSocket }).ws;
    for (const t of texts) ws.send(t);
  }, expected);
  await expect.poll(() => page.evaluate(() => (window as unknown as { got: string[] }).got.length), { timeout: 30_000 }).toBe(N);
  expect(await page.evaluate(() => (window as unknown as { got: string[] }).got)).toEqual(expected);
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(expected);
  // Both directions were held: every frame is marked delayed.
  await expect.poll(async () => (await loggedFrames(panel)).filter((f) => f.mark === 'delayed').length).toBe(2 * N);
});

test('bad input is refused with a message, what was typed is kept, and nothing is switched on', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  const { dialog, faults } = await openRules(panel);
  const sw = faults.getByRole('switch', { name: 'Faults on' });
  for (const [label, value, message] of [
    ['Latency sent (ms)', '-5', 'Latency sent: it cannot be negative.'],
    ['Drop received (%)', '150', 'Drop received: at most 100 %.'],
    ['Jitter received (ms)', 'abc', 'Jitter received: "abc" is not a number.'],
  ] as const) {
    await faults.getByLabel(label).fill(value);
    await sw.click();
    await expect(faults.getByRole('alert')).toHaveText(message);
    await expect(sw).not.toBeChecked();
    await expect(faults.getByLabel(label)).toHaveValue(value);
    await faults.getByLabel(label).fill('0');
  }
  await faults.getByLabel('Latency sent (ms)').fill('1.5');
  await faults.getByRole('button', { name: 'Save faults' }).click();
  await expect(faults.getByRole('alert')).toHaveText('Latency sent: a whole number of milliseconds.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByRole('button', { name: 'Rules (0 active)' })).toHaveText('Rules');
  // Nothing is held: an echo comes back unmarked.
  await roundTrips(page, 1, 'ok');
  await expect.poll(async () => (await loggedFrames(panel)).map((f) => `${f.dir} ${f.data} ${f.mark ?? ''}`)).toEqual(['sent ok 0 ', 'received ok 0 ']);
});

test('faults and an auto-response together: a delayed ping still reaches the server and is answered, its note says both', async ({ page, context, demo, extensionId, tabIdOf }) => {
  await page.goto(`${demo.httpUrl}/fixture.html`);
  await openEcho(page, `${demo.wsUrl}/echo`);
  const panel = await openPanel(context, extensionId, await tabIdOf(page));
  const { dialog } = await openRules(panel);
  const form = dialog.getByRole('form', { name: 'New rule' });
  await form.getByLabel('Action').selectOption('respond');
  await form.getByLabel('JSON field').fill('type = "ping"');
  await form.getByLabel('Response 1 template').fill('{"type":"pong","id":{{id}}}');
  await form.getByLabel('Response 1 delay (ms)').fill('0');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(dialog.getByLabel('In force in this page')).toHaveText('In force in this page: 1 rule.');
  const faults = dialog.getByRole('form', { name: 'Faults' });
  await faults.getByLabel('Latency sent (ms)').fill('150');
  await faults.getByRole('switch', { name: 'Faults on' }).check();
  await expect(dialog.getByLabel('In force in this page')).toHaveText('In force in this page: 1 rule and the faults.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByRole('button', { name: 'Rules (1 active, faults on)' })).toBeVisible();

  await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('{"type":"ping","id":4}'));
  await expect.poll(() => page.evaluate(() => (window as unknown as { got: string[] }).got.toSorted())).toEqual(['{"type":"ping","id":4}', '{"type":"pong","id":4}']);
  expect(demo.stats.received('/echo').map((m) => m.data.toString())).toEqual(['{"type":"ping","id":4}']);
  await expect
    .poll(async () => (await loggedFrames(panel)).find((f) => f.dir === 'sent'))
    .toEqual({ dir: 'sent', data: '{"type":"ping","id":4}', mark: 'delayed', note: expect.stringMatching(/^Delayed \d+ ms by a fault \(150 ms asked.*\)\. Answered by an auto-response rule with 1 response\.$/) });
});
