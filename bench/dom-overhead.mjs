#!/usr/bin/env node
// DOM overhead of the frame watch: the hook observes each document's (and shadow root's) child
// lists with a MutationObserver, looks at the page's frames at the next microtask, and wraps the
// frames' contentWindow/contentDocument getters (see ARCHITECTURE.md, data flow 11). This
// measures what that costs a page: each operation in a loop, without the extension and with it,
// alternating, medians over rounds, in a page with no frames and in one with 10 same-origin frames.
//
//   npm run bench:dom [-- --ops 100000 --rounds 5]
//
// Chromium is started directly over raw CDP (bench/browser.mjs). Build first (`npm run build`).
import { createServer } from 'node:http';
import { launchBrowser, listenLocal, median, numberArg, requireBuild } from './browser.mjs';

const OPS = numberArg('ops', 100_000);
const ROUNDS = numberArg('rounds', 5);
requireBuild();

const PAGE = `<!doctype html><title>dom bench</title><body><div id="box"></div><script>
const frames = Number(new URLSearchParams(location.search).get('frames'));
for (let i = 0; i < frames; i++) { const f = document.createElement('iframe'); f.srcdoc = '<p>' + i; document.body.append(f); }
window.__run = async (ops) => {
  const box = document.getElementById('box');
  const iframe = document.querySelector('iframe') || document.createElement('iframe');
  const time = async (fn) => { box.textContent = ''; await null; const t0 = performance.now(); fn(); await null; return (performance.now() - t0) / ops * 1e6; };
  const out = {};
  out['appendChild (text node)'] = await time(() => { for (let i = 0; i < ops; i++) box.appendChild(document.createTextNode('x')); });
  out['append (element)'] = await time(() => { for (let i = 0; i < ops; i++) box.append(document.createElement('span')); });
  out['insertBefore'] = await time(() => { const ref = box.appendChild(document.createElement('i')); for (let i = 0; i < ops; i++) box.insertBefore(document.createElement('b'), ref); });
  out['innerHTML = (small)'] = (await time(() => { for (let i = 0; i < ops / 10; i++) box.innerHTML = '<p>a <b>b</b></p>'; })) * 10;
  out['insertAdjacentHTML'] = (await time(() => { for (let i = 0; i < ops / 10; i++) box.insertAdjacentHTML('beforeend', '<i>x</i>'); })) * 10;
  out['window.frames'] = await time(() => { let w; for (let i = 0; i < ops; i++) w = window.frames; return w; });
  out['iframe.contentWindow'] = await time(() => { let w; for (let i = 0; i < ops; i++) w = iframe.contentWindow; return w; });
  return out;
};
</script>`;
// A large document to parse: the frame watch observes each document while it is parsed.
const ELEMENTS = numberArg('elements', 50_000);
const BIG =
  `<!doctype html><title>parse bench</title><body>${'<p>para <b>bold</b> <i>it</i></p>'.repeat(ELEMENTS / 3)}` +
  `<script>window.__parsed = performance.getEntriesByType('navigation')[0];</script>` +
  '<p>x</p>'.repeat(100) +
  '</body>';
const http = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(req.url?.startsWith('/big') ? BIG : PAGE));
const base = `http://127.0.0.1:${await listenLocal(http)}/`;

const browsers = { without: await launchBrowser(false), with: await launchBrowser(true) };
/** @type {Record<string, number[]>} */
const results = {}; // `${frames}|${mode}|${op}` → ns per op, per round
for (const frames of [0, 10]) {
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of /** @type {(keyof typeof browsers)[]} */ (Object.keys(browsers))) {
      const cdp = browsers[mode];
      const { targetId } = await cdp.send('Target.createTarget', { url: `${base}?frames=${frames}` });
      const session = await cdp.attach(targetId);
      for (let i = 0; i < 100 && !(await cdp.evaluate(session, "document.readyState === 'complete' && typeof __run === 'function'")); i++)
        await new Promise((r) => setTimeout(r, 50));
      const out = await cdp.evaluate(session, `__run(${OPS})`);
      for (const [op, ns] of Object.entries(out)) {
        (results[`${frames}|${mode}|${op}`] ??= []).push(ns);
      }
      await cdp.send('Target.closeTarget', { targetId });
    }
  }
}
// Parsing: from response end to DOMContentLoaded end, per round.
/** @type {Record<keyof typeof browsers, number[]>} */
const parse = { without: [], with: [] };
for (let round = 0; round < ROUNDS * 2; round++) {
  for (const mode of /** @type {(keyof typeof browsers)[]} */ (Object.keys(browsers))) {
    const cdp = browsers[mode];
    const { targetId } = await cdp.send('Target.createTarget', { url: `${base}big?${round}` });
    const session = await cdp.attach(targetId);
    let ms;
    for (let i = 0; i < 200 && ms === undefined; i++) {
      ms = await cdp.evaluate(
        session,
        "(() => { const n = performance.getEntriesByType('navigation')[0]; return n && n.domContentLoadedEventEnd > 0 ? n.domContentLoadedEventEnd - n.responseEnd : undefined; })()",
      );
      if (ms === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    parse[mode].push(ms);
    await cdp.send('Target.closeTarget', { targetId });
  }
}
for (const b of Object.values(browsers)) await b.close();
http.close();

console.log(
  `DOM operations, ${OPS.toLocaleString('en')} each (innerHTML and insertAdjacentHTML: a tenth; the loop includes the microtasks it queues), ${ROUNDS} alternating rounds, median ns per operation`,
);
for (const frames of [0, 10]) {
  console.log(`\n  page with ${frames} same-origin frames`);
  console.log('  operation                               without      with     ratio');
  const ops = [
    ...new Set(
      Object.keys(results)
        .filter((k) => k.startsWith(`${frames}|`))
        .map((k) => k.split('|')[2]),
    ),
  ];
  for (const op of ops) {
    const a = median(results[`${frames}|without|${op}`]);
    const b = median(results[`${frames}|with|${op}`]);
    console.log(`  ${op.padEnd(36)} ${a.toFixed(0).padStart(8)} ${b.toFixed(0).padStart(9)}   ${(b / a).toFixed(2).padStart(6)}`);
  }
}
const pa = median(parse.without);
const pb = median(parse.with);
console.log(
  `\nParsing a document of ${ELEMENTS.toLocaleString('en')} elements (response end → DOMContentLoaded end), median of ${ROUNDS * 2}:`,
);
/** @param {number[]} xs */
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
console.log(
  `  without ${pa.toFixed(1)} ms (${range(parse.without)}), with ${pb.toFixed(1)} ms (${range(parse.with)}), ratio ${(pb / pa).toFixed(2)}`,
);
