/**
 * "Copy as Playwright test": a recorded connection written as a self-contained `@playwright/test`
 * file that plays the server's side with `page.routeWebSocket` (no network) and checks what the
 * page sends.
 *
 * The test reproduces the conversation as the page lived it:
 * - the page's sends are the frames its own code sent (the text it passed to `send()`, before a
 *   rewrite rule changed it; a blocked or held-and-dropped send counts, the page did send it);
 *   frames the panel sent (replayed, composed) are left out;
 * - the server's side is what reached the page's listeners (a rewritten frame as the page saw it,
 *   a simulated one too); frames a rule blocked or a breakpoint dropped are left out.
 * Received frames before the page's first send are sent on connect; the k-th send must equal the
 * k-th recorded one (text exactly, binary byte for byte) and releases the received frames that
 * followed it in the recording. A close the server made ends it with the recorded code and reason.
 *
 * The output is deterministic (it depends on its input only) and every string in it is written by
 * `jsString`, which escapes what could break the file or hide in it.
 */
import { bytesToBase64 } from './codec';
import { describeCloseCode } from './close-codes';
import type { Connection, ViewFrame } from './rows';

/** At most this many frames (sent and received) are written; the rest is said to be left out. */
export const MAX_TEST_FRAMES = 1000;

export type Generated = { ok: true; text: string; notes: string[] } | { ok: false; message: string };

/** A frame in the generated file: text, or binary as Base64. */
type Frame = { text: string } | { base64: string };

/**
 * Characters written as `\uXXXX` inside string literals: line and paragraph separators (U+2028 and
 * U+2029 end a line in a comment and in older parsers a string), the C1 controls, and the invisible
 * and bidirectional-formatting characters that could make the code read otherwise than it runs.
 */
const INVISIBLE = /[\u0080-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** A lone surrogate (not part of a pair). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A JavaScript string literal of `s`, double-quoted: JSON's escapes (quotes, backslashes, control
 * characters, newlines) plus `INVISIBLE`. Backticks and `${` need nothing in a double-quoted string.
 */
export function jsString(s: string): string {
  return JSON.stringify(s).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The text a socket carries for a string the page passed to `send()`: a lone surrogate cannot be
 * encoded in UTF-8, so the browser sends U+FFFD in its place (and the server side sees that).
 */
export function wireText(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** Makes a line safe inside a `//` comment: no line terminator can end it early. */
function commentText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]/g, ' ').replace(INVISIBLE, '?');
}

const isPageSend = (f: ViewFrame): boolean => f.dir === 'sent' && f.mark !== 'composed' && f.mark !== 'replayed';
const reachedPage = (f: ViewFrame): boolean => f.dir === 'received' && f.mark !== 'blocked' && f.mark !== 'dropped';

function frameOf(f: ViewFrame): Frame {
  if (f.opcode === 'binary') return { base64: bytesToBase64(f.data) };
  return { text: f.dir === 'sent' ? wireText(f.original ?? f.data) : f.data };
}

const frameLiteral = (f: Frame): string => ('text' in f ? `{ text: ${jsString(f.text)} }` : `{ base64: ${jsString(f.base64)} }`);

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function isPageUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'file:';
  } catch {
    return false;
  }
}

/**
 * The Playwright test of connection `c`, from its frames as held (`frames`: this connection's, in
 * arrival order). Refused, with the reason, when it could not be faithful: a worker's socket, no
 * page URL, no frames, a frame kept only in part.
 */
export function playwrightTest(c: Connection, frames: readonly ViewFrame[]): Generated {
  const name = `#${c.index}`;
  if (c.worker !== undefined)
    return { ok: false, message: `${name} lives in a ${c.worker.kind} worker; the recording does not say which page started the worker, so no test is written.` };
  if (!isPageUrl(c.frameUrl))
    return {
      ok: false,
      message: c.frameUrl === '' ? `The recording does not say which page opened ${name}: a test needs the page to load.` : `The page of ${name} is not a URL a test can load: ${c.frameUrl}`,
    };
  if (frames.length === 0) return { ok: false, message: `${name} sent and received no frames: there is no conversation to play.` };

  const notes: string[] = [];
  const used = frames.filter((f) => isPageSend(f) || reachedPage(f));
  const capped = used.length > MAX_TEST_FRAMES;
  const written = capped ? used.slice(0, MAX_TEST_FRAMES) : used;
  const cut = written.findIndex((f) => f.truncated);
  if (cut >= 0) {
    const f = written[cut];
    return {
      ok: false,
      message: `Frame ${cut + 1} of ${name} (${f.dir}, ${f.size.toLocaleString('en-US')} bytes) was kept only in part (the per-frame cap in Settings): a test could not ${f.dir === 'sent' ? 'compare' : 'send'} it exactly. Raise the cap and record again.`,
    };
  }
  if (capped) notes.push(`Only the first ${plural(MAX_TEST_FRAMES, 'frame')} of ${plural(used.length, 'frame')} are written (the cap); the test stops after them and does not close.`);
  const panelSent = frames.filter((f) => f.dir === 'sent' && !isPageSend(f)).length;
  if (panelSent > 0) notes.push(`${plural(panelSent, 'frame')} sent from the panel (replayed or composed) ${panelSent === 1 ? 'is' : 'are'} left out: the page did not send ${panelSent === 1 ? 'it' : 'them'}.`);
  const hidden = frames.filter((f) => f.dir === 'received' && !reachedPage(f)).length;
  if (hidden > 0) notes.push(`${plural(hidden, 'received frame')} that a rule blocked or a breakpoint dropped ${hidden === 1 ? 'is' : 'are'} left out: the page never saw ${hidden === 1 ? 'it' : 'them'}.`);
  const missing = c.sent.frames + c.received.frames - frames.length;
  if (missing > 0) notes.push(`${plural(missing, 'frame')} of ${name} ${missing === 1 ? 'is' : 'are'} no longer held (the history bounds, or capture paused): the test plays only what is held, which may not be the whole conversation.`);

  // routeWebSocket's socket reports the first subprotocol the page asked for, whatever the server chose.
  const reported = c.protocols[0] ?? '';
  if (c.protocol !== reported)
    notes.push(
      `The recorded server chose ${c.protocol === '' ? 'no subprotocol' : `the subprotocol "${c.protocol}"`}; under routeWebSocket the page's socket reports ${reported === '' ? 'none' : `"${reported}", the first it asks for`}.`,
    );

  // The recorded close, if the test should make it: only the server's (a page's own close, the
  // page makes again; the panel's or the network's is no part of the server's side).
  let close: { code: number | null; reason: string } | null = null;
  if (capped) {
    // notes say it
  } else if (c.close === null) {
    notes.push(`${name} was still open when copied: the test plays the frames recorded so far and does not close the socket.`);
  } else if (c.closedBy === 'server') {
    const wire = describeCloseCode(c.close.code).onWire;
    close = { code: wire ? c.close.code : null, reason: wire ? c.close.reason : '' };
    if (!wire) notes.push(`The recorded close code ${c.close.code} cannot travel in a close frame: the test closes without a code.`);
  } else {
    notes.push(`The recording's close was made by ${c.closedBy === 'page' ? 'the page' : c.closedBy === 'devtools' ? 'the panel' : c.closedBy === 'network' ? 'the network' : 'leaving the page'}, not by the server: the test does not close the socket.`);
  }

  // A frame the page sends after the last recorded one is wrong only if the recording is whole.
  const complete = !capped && missing <= 0 && c.close !== null;

  const onConnect: Frame[] = [];
  const exchanges: { sent: Frame; replies: Frame[] }[] = [];
  for (const f of written) {
    if (f.dir === 'sent') exchanges.push({ sent: frameOf(f), replies: [] });
    else (exchanges.length === 0 ? onConnect : exchanges[exchanges.length - 1].replies).push(frameOf(f));
  }
  const received = onConnect.length + exchanges.reduce((n, e) => n + e.replies.length, 0);

  const list = (frames: Frame[], indent: string): string =>
    frames.length === 0 ? '[]' : `[\n${frames.map((f) => `${indent}  ${frameLiteral(f)},`).join('\n')}\n${indent}]`;
  const exchangeLines = exchanges.map(
    (e, i) => `    // ${i + 1}\n    {\n      sent: ${frameLiteral(e.sent)},\n      replies: ${list(e.replies, '      ')},\n    },`,
  );
  const closeLiteral = close === null ? 'null' : close.code === null ? '{}' : `{ code: ${close.code}, reason: ${jsString(close.reason)} }`;
  const closeSummary = close === null ? 'no close' : close.code === null ? 'closed by the server' : `closed ${close.code} by the server`;

  const header = [
    `// Playwright test written by WebSocket Lens from connection ${name}.`,
    `// Recorded: ${plural(exchanges.length, 'frame')} sent by the page, ${plural(received, 'frame')} received, ${closeSummary}.`,
    ...notes.map((n) => `// Note: ${commentText(n)}`),
    '//',
    '// No server is needed: page.routeWebSocket answers the page\'s socket with the recorded server side.',
    '// The frames the server sent before the page sent anything are sent when the page connects. Each',
    '// frame the page sends must equal the next recorded one (text exactly, binary byte for byte) and',
    '// releases the frames the server sent after it in the recording, in order.',
    '//',
    '// Run it with: npx playwright test <this file>',
  ];

  const text = `${header.join('\n')}
import { test, expect, type WebSocketRoute } from '@playwright/test';

/** The page that opened the socket. */
const PAGE_URL = ${jsString(c.frameUrl)};
/** The socket's URL: only this socket is answered. */
const SOCKET_URL = ${jsString(c.url)};

/** A frame: text, or binary as Base64. */
type Frame = { text: string } | { base64: string };

/** The recorded conversation, in order. */
const RECORDING: {
  /** What the server sent before the page sent anything. */
  onConnect: Frame[];
  /** Each frame the page sent, and what the server sent after it (before the page's next frame). */
  exchanges: { sent: Frame; replies: Frame[] }[];
  /** The server's close, or null: the test leaves the socket open. */
  close: { code?: number; reason?: string } | null;
  /** Whether the recording holds the page's last frame: a frame after it fails the test. */
  complete: boolean;
} = {
  onConnect: ${list(onConnect, '  ')},
  exchanges: ${exchanges.length === 0 ? '[]' : `[\n${exchangeLines.join('\n')}\n  ]`},
  close: ${closeLiteral},
  complete: ${complete},
};

/** What \`ws.send\` takes for a frame. */
const payload = (f: Frame): string | Buffer => ('text' in f ? f.text : Buffer.from(f.base64, 'base64'));

/** A frame in words, for a failure's message. */
const describe = (m: string | Buffer): string =>
  typeof m === 'string' ? \`text \${JSON.stringify(m)}\` : \`binary, \${m.length} bytes, Base64 \${m.toString('base64')}\`;

/** Whether the page sent exactly the recorded frame: the same text, or the same bytes. */
const same = (f: Frame, m: string | Buffer): boolean =>
  'text' in f ? typeof m === 'string' && m === f.text : typeof m !== 'string' && Buffer.from(f.base64, 'base64').equals(m);

test(${jsString(`connection ${name}: the page sends the recorded frames to the recorded server`)}, async ({ page }) => {
  const state: { route: WebSocketRoute | null; sent: number; mismatch: { index: number; expected: string; actual: string } | null } = {
    route: null,
    sent: 0,
    mismatch: null,
  };
  const socketUrl = new URL(SOCKET_URL).href;
  // A predicate rather than the URL itself: a string is a glob pattern, and "?" or "*" in a URL would match otherwise.
  await page.routeWebSocket((url) => url.href === socketUrl, (ws) => {
    state.route = ws;
    for (const f of RECORDING.onConnect) ws.send(payload(f));
    ws.onMessage((message) => {
      const index = state.sent++;
      if (state.mismatch !== null) return;
      const step = RECORDING.exchanges[index];
      if (step === undefined) {
        if (!RECORDING.complete) return;
        state.mismatch = { index: index + 1, expected: 'nothing (the recording ends here)', actual: describe(message) };
        return;
      }
      if (!same(step.sent, message)) {
        state.mismatch = { index: index + 1, expected: describe(payload(step.sent)), actual: describe(message) };
        return;
      }
      for (const f of step.replies) ws.send(payload(f));
    });
  });

  await page.goto(PAGE_URL);
  const total = RECORDING.exchanges.length;
  // Waits (within the test's timeout) until the page has sent every recorded frame, or one that differs.
  const progress = (): string =>
    state.mismatch !== null || (state.route !== null && state.sent >= total)
      ? 'done'
      : state.route === null
        ? 'the page has not opened the socket'
        : \`the page sent \${state.sent} of the \${total} recorded frames\`;
  await expect.poll(progress, { timeout: 0 }).toBe('done');
  if (state.mismatch !== null) {
    const { index, expected, actual } = state.mismatch;
    expect(actual, \`frame \${index} the page sent differs from the recording\`).toBe(expected);
  }
  if (RECORDING.close !== null && state.route !== null) await state.route.close(RECORDING.close);
});
`;
  return { ok: true, text, notes };
}
