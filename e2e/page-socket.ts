/**
 * One socket a test page opens and watches, the same in both suites (Playwright's and the Firefox
 * harness's pages): `window.ws`, with what its `onmessage` and a `message` listener got, in order,
 * so a test sees that both kinds of handler get a frame (rules, auto-responses, faults). And the
 * sentinel for "nothing reached the server": a frame on a second socket (to /proto, so /echo's
 * record stays as it was) sent after the act and echoed back; once its echo is in, anything the
 * act had wrongly let through on the first socket has reached the server and the page too.
 */
import type { Page as PlaywrightPage } from '@playwright/test';
import type { Page as PuppeteerPage } from 'puppeteer-core';

/** A page of either suite: only `evaluate` is used, which both call the same way. */
export type TestPage = PlaywrightPage | PuppeteerPage;

/** What the page's handlers got: `onmessage` and a `message` listener, each in order. */
export interface PageGot {
  got: string[];
  gotListener: string[];
}

type Watched = { ws: WebSocket; got: string[]; gotListener: string[] };

/** Both run evaluate(fn, arg) alike; the union's overloads do not unify, so one signature is named. */
type Evaluate = <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>;
const run = <R, A>(page: TestPage, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => (page.evaluate.bind(page) as unknown as Evaluate)(fn, arg);

/** Opens `url` as `window.ws` and resolves once it is open. */
export function openSocket(page: TestPage, url: string): Promise<void> {
  return run(
    page,
    (u) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as Watched;
        w.got = [];
        w.gotListener = [];
        w.ws = new WebSocket(u);
        w.ws.onmessage = (e) => w.got.push(e.data as string);
        w.ws.addEventListener('message', (e) => w.gotListener.push(e.data as string));
        w.ws.onopen = () => resolve();
      }),
    url,
  );
}

/** Sends `text` on `window.ws`. */
export function send(page: TestPage, text: string): Promise<void> {
  return run(page, (t) => (window as unknown as Watched).ws.send(t), text);
}

/** What the handlers got so far (through JSON: Firefox hands page arrays over behind Xray wrappers). */
export async function pageGot(page: TestPage): Promise<PageGot> {
  const json = await run(
    page,
    () => {
      const w = window as unknown as Watched;
      return JSON.stringify({ got: w.got, gotListener: w.gotListener });
    },
    undefined,
  );
  return JSON.parse(json) as PageGot;
}

/** Sends a sentinel on a second socket to `${wsUrl}/proto` and resolves with its echo. */
export function sentinel(page: TestPage, wsUrl: string): Promise<void> {
  return run(
    page,
    (u) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(u, 'chat.v1');
        ws.onopen = () => ws.send('sentinel');
        ws.onmessage = () => (ws.close(), resolve());
      }),
    `${wsUrl}/proto`,
  );
}
