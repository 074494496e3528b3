/**
 * The Playwright test generator, run: each generated file is compiled by Oxc (Vite's TypeScript
 * transform: a syntax error fails here) and executed against a fake `@playwright/test` whose page
 * plays a scripted client. So what is checked is what the file does: what it sends the page and
 * in which order, which sends it accepts, how it fails, how it closes.
 */
import { describe, expect, it } from 'vitest';
import { transformWithOxc } from 'vite';
import { binaryFrame, openConnection, textFrame } from './fixtures/records';
import { jsString, MAX_TEST_FRAMES, playwrightTest, wireText } from './playwright-test';
import type { Connection, ViewFrame } from './rows';

type Msg = string | Buffer;

/** A scripted page: what it sends when its socket opens and on each message from the server. */
interface PageScript {
  onOpen(send: (m: Msg) => void): void;
  onMessage(m: Msg, send: (m: Msg) => void): void;
}

interface RunResult {
  /** What the test sent the page, in order. */
  toPage: Msg[];
  /** How the test closed the socket, if it did. */
  closed: { code?: number; reason?: string } | null;
  gotoUrl: string;
  title: string;
}

const IMPORT_LINE = "import { test, expect, type WebSocketRoute } from '@playwright/test';";

/** Compiles the generated file and runs its one test with `script` as the page; rejects as the test would fail. */
async function run(code: string, script: PageScript, socketUrl = 'wss://ws.test/feed'): Promise<RunResult> {
  expect(code).toContain(IMPORT_LINE);
  const js = (await transformWithOxc(code, 'generated.spec.ts', { lang: 'ts' })).code;
  const result: RunResult = { toPage: [], closed: null, gotoUrl: '', title: '' };
  let body: ((fixtures: { page: unknown }) => Promise<void>) | null = null;
  let routes: { match: (u: URL) => boolean; handler: (ws: unknown) => void }[] = [];

  const page = {
    async routeWebSocket(match: (u: URL) => boolean, handler: (ws: unknown) => void) {
      routes.push({ match, handler });
    },
    async goto(url: string) {
      result.gotoUrl = url;
      const route = routes.find((r) => r.match(new URL(socketUrl)));
      if (!route) throw new Error(`no route for ${socketUrl}`);
      let fromPage: ((m: Msg) => void) | null = null;
      const toServer = (m: Msg) => fromPage?.(m);
      const ws = {
        send(m: Msg) {
          result.toPage.push(m);
          script.onMessage(m, toServer);
        },
        onMessage(h: (m: Msg) => void) {
          fromPage = h;
        },
        async close(opts: { code?: number; reason?: string }) {
          result.closed = opts;
        },
      };
      route.handler(ws);
      script.onOpen(toServer);
    },
  };
  const fakeExpect = Object.assign(
    (actual: unknown, message?: string) => ({
      toBe(expected: unknown) {
        if (actual !== expected) throw new Error(`${message ?? 'expect'}\nExpected: ${String(expected)}\nReceived: ${String(actual)}`);
      },
    }),
    {
      poll: (fn: () => unknown, opts: { timeout: number }) => ({
        async toBe(expected: unknown) {
          expect(opts.timeout).toBe(0); // no wall-clock limit of its own: the test's timeout bounds it
          for (let i = 0; i < 50; i++) {
            if (fn() === expected) return;
            await new Promise((r) => setTimeout(r, 0));
          }
          throw new Error(`poll: still ${String(fn())}`);
        },
      }),
    },
  );
  const fakeTest = (title: string, fn: typeof body) => {
    result.title = title;
    body = fn;
  };
  const importLine = /^import \{ expect, test \} from "@playwright\/test";$|^import \{ test, expect \} from "@playwright\/test";$/m;
  expect(js).toMatch(importLine);
  const runnable = js.replace(importLine, 'const { test, expect } = __pw;');
  new Function('__pw', 'Buffer', runnable)({ test: fakeTest, expect: fakeExpect }, Buffer);
  routes = [];
  if (body === null) throw new Error('the file declares no test');
  await (body as (f: { page: unknown }) => Promise<void>)({ page });
  return result;
}

/** A page that answers each message from the server with what `replies` maps it to, and sends `first` on open. */
function scriptedPage(first: Msg[], replies: (m: Msg) => Msg[]): PageScript {
  return {
    onOpen: (send) => first.forEach(send),
    onMessage: (m, send) => replies(m).forEach(send),
  };
}

const keyOf = (m: Msg): string => (typeof m === 'string' ? `t:${m}` : `b:${[...m].join(',')}`);

/** A conversation: the server greets; the page says hello; the server answers text and binary; the page sends bytes; the server says bye and closes. */
function chat(): { c: Connection; frames: ViewFrame[] } {
  const frames = [
    textFrame('welcome', { dir: 'received' }),
    textFrame('hello'),
    textFrame('hi there', { dir: 'received' }),
    binaryFrame([0, 1, 255], { dir: 'received' }),
    binaryFrame([9, 8, 7]),
    textFrame('bye', { dir: 'received' }),
  ];
  const c = openConnection({
    state: 'closed',
    sent: { frames: 2, bytes: 8 },
    received: { frames: 4, bytes: 21 },
    close: { code: 4001, reason: 'done "now"', wasClean: true, time: 2000 },
    closedBy: 'server',
  });
  return { c, frames };
}

/** The page of `chat()`: says hello on open; answers the bytes 0,1,255 with 9,8,7. */
const chatPage = (over: { hello?: Msg; bytes?: Msg } = {}): PageScript =>
  scriptedPage([over.hello ?? 'hello'], (m) => (keyOf(m) === 'b:0,1,255' ? [over.bytes ?? Buffer.from([9, 8, 7])] : []));

function generated(c: Connection, frames: ViewFrame[]): { text: string; notes: string[] } {
  const g = playwrightTest(c, frames);
  if (!g.ok) throw new Error(g.message);
  return g;
}

describe('playwrightTest', () => {
  it('plays the server side in order, releasing each group after its sent frame, and closes with the recorded code and reason', async () => {
    const { c, frames } = chat();
    const { text, notes } = generated(c, frames);
    expect(notes).toEqual([]);
    const r = await run(text, chatPage());
    expect(r.gotoUrl).toBe('https://site.test/');
    expect(r.toPage.map(keyOf)).toEqual(['t:welcome', 't:hi there', 'b:0,1,255', 't:bye']);
    expect(r.closed).toEqual({ code: 4001, reason: 'done "now"' });
    expect(r.title).toBe('connection #1: the page sends the recorded frames to the recorded server');
    expect(text).toContain('const SOCKET_URL = "wss://ws.test/feed";');
    expect(text).toContain('{ base64: "AAH/" }');
    expect(text.split('\n')[1]).toBe('// Recorded: 2 frames sent by the page, 4 frames received, closed 4001 by the server.');
  });

  it('fails naming the index, the expected and the actual frame when the page sends something else; releases nothing after it', async () => {
    const { c, frames } = chat();
    const { text } = generated(c, frames);
    await expect(run(text, chatPage({ bytes: Buffer.from([9, 8, 6]) }))).rejects.toThrow(
      'frame 2 the page sent differs from the recording\nExpected: binary, 3 bytes, Base64 CQgH\nReceived: binary, 3 bytes, Base64 CQgG',
    );
    const r = await run(text, chatPage({ hello: 'hullo' })).catch((e: Error) => e.message);
    expect(r).toBe('frame 1 the page sent differs from the recording\nExpected: text "hello"\nReceived: text "hullo"');
  });

  it('compares binary as bytes: the same bytes as text do not pass', async () => {
    const { c, frames } = chat();
    const { text } = generated(c, frames);
    await expect(run(text, chatPage({ bytes: '\t\b\u0007' }))).rejects.toThrow('Received: text "\\t\\b\\u0007"');
  });

  it('fails on a frame the recording does not have', async () => {
    const { c, frames } = chat();
    const { text } = generated(c, frames);
    const page = scriptedPage(['hello'], (m) => (keyOf(m) === 'b:0,1,255' ? [Buffer.from([9, 8, 7]), 'more'] : []));
    await expect(run(text, page)).rejects.toThrow('frame 3 the page sent differs from the recording\nExpected: nothing (the recording ends here)\nReceived: text "more"');
  });

  it('escapes quotes, backslashes, backticks, ${, newlines, unicode, U+2028 and bidi controls, and the page sending them passes', async () => {
    const nasty = 'a "q" \'s\' `tick` ${x} \\n\n\r\t Zoë 😀 \u2028 \u2029 \u202e evil \u0000 */ </script>';
    const frames = [textFrame(nasty), textFrame(nasty.split('').reverse().join(''), { dir: 'received' })];
    const c = openConnection({ url: 'wss://ws.test/a?b=*&c=[1]', frameUrl: 'https://site.test/p?q="x"`${y}`', sent: { frames: 1, bytes: 1 }, received: { frames: 1, bytes: 1 } });
    const { text } = generated(c, frames);
    for (const raw of ['\u2028', '\u2029', '\u202e', '\u0000', '\r']) expect(text).not.toContain(raw);
    expect(text).toContain('\\u2028 \\u2029 \\u202e evil \\u0000');
    const r = await run(text, scriptedPage([nasty], () => []), 'wss://ws.test/a?b=*&c=[1]');
    expect(r.gotoUrl).toBe('https://site.test/p?q="x"`${y}`');
    expect(r.toPage).toEqual([nasty.split('').reverse().join('')]);
  });

  it('routes only the recorded socket: a glob-like URL does not match another', async () => {
    const c = openConnection({ url: 'wss://ws.test/a?b', sent: { frames: 1, bytes: 1 }, received: { frames: 0, bytes: 0 } });
    const { text } = generated(c, [textFrame('x')]);
    await expect(run(text, scriptedPage(['x'], () => []), 'wss://ws.test/aXb')).rejects.toThrow('no route for wss://ws.test/aXb');
  });

  it('writes a lone surrogate the page sent as the U+FFFD the socket carries', () => {
    expect(wireText('a\ud800b\udc00c\ud83d\ude00')).toBe('a\ufffdb\ufffdc\ud83d\ude00');
    const { text } = generated(openConnection({ sent: { frames: 1, bytes: 1 } }), [textFrame('x\ud800')]);
    expect(text).toContain('{ text: "x\ufffd" }');
    expect(jsString('\u2028`${a}`')).toBe('"\\u2028`${a}`"');
  });

  it('is deterministic', () => {
    const { c, frames } = chat();
    expect(generated(c, frames).text).toBe(generated(c, frames).text);
  });

  it('plays what the page lived: its own sends (the text before a rewrite), what reached it; says what it left out', async () => {
    const frames = [
      textFrame('composed by panel', { mark: 'composed' }),
      textFrame('server got this', { original: 'page sent this', mark: 'rewritten' }),
      textFrame('blocked by a rule', { dir: 'received', mark: 'blocked' }),
      textFrame('page saw this', { dir: 'received', mark: 'rewritten', original: 'server sent this' }),
    ];
    const c = openConnection({ sent: { frames: 2, bytes: 1 }, received: { frames: 2, bytes: 1 } });
    const { text, notes } = generated(c, frames);
    expect(notes).toEqual([
      '1 frame sent from the panel (replayed or composed) is left out: the page did not send it.',
      '1 received frame that a rule blocked or a breakpoint dropped is left out: the page never saw it.',
      '#1 was still open when copied: the test plays the frames recorded so far and does not close the socket.',
    ]);
    expect(text).toContain('// Note: #1 was still open when copied');
    const r = await run(text, scriptedPage(['page sent this'], () => []));
    expect(r.toPage).toEqual(['page saw this']);
    expect(r.closed).toBeNull();
  });

  it('caps the frames written, says so at the top, and does not close', async () => {
    const frames: ViewFrame[] = [];
    for (let i = 0; i < 600; i++) frames.push(textFrame(`ping ${i}`), textFrame(`pong ${i}`, { dir: 'received' }));
    const c = openConnection({ state: 'closed', sent: { frames: 600, bytes: 1 }, received: { frames: 600, bytes: 1 }, close: { code: 1000, reason: '', wasClean: true, time: 1 }, closedBy: 'server' });
    const { text, notes } = generated(c, frames);
    expect(notes).toEqual([`Only the first 1,000 frames of 1,200 frames are written (the cap); the test stops after them and does not close.`]);
    expect(text.split('\n').slice(0, 3)).toEqual([
      '// Playwright test written by WebSocket Lens from connection #1.',
      '// Recorded: 500 frames sent by the page, 500 frames received, no close.',
      '// Note: Only the first 1,000 frames of 1,200 frames are written (the cap); the test stops after them and does not close.',
    ]);
    expect(MAX_TEST_FRAMES).toBe(1000);
    // The page goes on past the cap: the test does not hold that against it.
    const r = await run(text, scriptedPage(['ping 0'], (m) => [`ping ${Number(String(m).slice(5)) + 1}`]));
    expect(r.toPage).toHaveLength(500);
    expect(r.toPage.at(-1)).toBe('pong 499');
    expect(r.closed).toBeNull();
    expect(text).toContain('  complete: false,');
  });

  it('closes as the recording did: the server with its code; without a code for 1005; not at all for the page’s own close', async () => {
    const { c, frames } = chat();
    const noStatus = generated({ ...c, close: { code: 1005, reason: '', wasClean: true, time: 1 } }, frames);
    expect(noStatus.notes).toEqual(['The recorded close code 1005 cannot travel in a close frame: the test closes without a code.']);
    expect((await run(noStatus.text, chatPage())).closed).toEqual({});
    const byPage = generated({ ...c, closedBy: 'page' }, frames);
    expect(byPage.notes).toEqual(['The recording\'s close was made by the page, not by the server: the test does not close the socket.']);
    expect((await run(byPage.text, chatPage())).closed).toBeNull();
  });

  it('refuses with a reason: no frames, a frame kept in part, a worker, no page', () => {
    const { c, frames } = chat();
    expect(playwrightTest(c, [])).toEqual({ ok: false, message: '#1 sent and received no frames: there is no conversation to play.' });
    const cut = frames.map((f, i) => (i === 3 ? { ...f, truncated: true, size: 5_000_000 } : f));
    expect(playwrightTest(c, cut)).toEqual({
      ok: false,
      message: 'Frame 4 of #1 (received, 5,000,000 bytes) was kept only in part (the per-frame cap in Settings): a test could not send it exactly. Raise the cap and record again.',
    });
    expect(playwrightTest({ ...c, worker: { kind: 'shared', url: 'https://site.test/w.js' } }, frames)).toMatchObject({ ok: false, message: expect.stringContaining('shared worker') });
    expect(playwrightTest({ ...c, frameUrl: '' }, frames)).toEqual({ ok: false, message: 'The recording does not say which page opened #1: a test needs the page to load.' });
    expect(playwrightTest({ ...c, frameUrl: 'about:blank' }, frames)).toEqual({ ok: false, message: 'The page of #1 is not a URL a test can load: about:blank' });
  });

  it('says when the page will see another subprotocol than the recorded one (routeWebSocket reports the first asked for)', () => {
    const { c, frames } = chat();
    expect(generated({ ...c, protocols: ['a', 'b'], protocol: 'a' }, frames).notes).toEqual([]);
    expect(generated({ ...c, protocols: ['a', 'b'], protocol: 'b' }, frames).notes).toEqual([
      'The recorded server chose the subprotocol "b"; under routeWebSocket the page\'s socket reports "a", the first it asks for.',
    ]);
    expect(generated({ ...c, protocols: ['a'], protocol: '' }, frames).notes).toEqual([
      'The recorded server chose no subprotocol; under routeWebSocket the page\'s socket reports "a", the first it asks for.',
    ]);
  });

  it('says when frames of the connection are no longer held', () => {
    const { c, frames } = chat();
    expect(generated(c, frames.slice(2)).notes).toEqual([
      '2 frames of #1 are no longer held (the history bounds, or capture paused): the test plays only what is held, which may not be the whole conversation.',
    ]);
  });
});
