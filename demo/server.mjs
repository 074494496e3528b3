#!/usr/bin/env node
/**
 * The WebSocket Lens demo server: one HTTP server that serves the demo pages in demo/public/ and
 * a handful of WebSocket endpoints, each producing one kind of traffic the panel must handle.
 *
 *   /chat     chat room (JSON), join/leave announcements, a bot that talks every few seconds
 *   /ticker   JSON quotes, several per second             ?interval=ms
 *   /binary   binary frames of 16–600 bytes, invalid UTF-8 ?interval=ms
 *   /closer   a few messages, then a server close 4001     ?after=ms&code=N&reason=R
 *   /echo     echoes every message, same opcode and bytes  ?close=CODE&reason=R (on "close-me")
 *   /proto    subprotocol negotiation (chat.v2, chat.v1), then echo
 *   /flood    N text messages of S bytes, then "done"      ?count=N&size=S
 *   /big      one frame of N bytes, then stays open        ?bytes=N&binary=1
 *   /reject   answers the upgrade with HTTP 403
 *
 * Used three ways: by `npm start` (scripts/start.mjs), by the end-to-end tests (e2e/fixtures.ts,
 * which also read the recorder in `stats`) and directly: `node demo/server.mjs [--port 8080]`.
 * Its types (JSDoc, below) are read by TypeScript callers from this file.
 */
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';

// ───────────────────────────── types ─────────────────────────────
// Written as JSDoc so that this file runs as it is under Node and TypeScript callers (the e2e
// tests) read its types from here; tsconfig.tools.json type-checks it.

/**
 * One message the server received from a client.
 * @typedef {object} ReceivedMessage
 * @property {Buffer} data the exact payload bytes (UTF-8 bytes for text messages)
 * @property {boolean} isBinary
 * @property {number} time Date.now() when it arrived
 */

/**
 * A close the server did not start: the client's close frame, or 1006 when the link dropped.
 * @typedef {object} ClientClose
 * @property {number} code
 * @property {string} reason
 * @property {number} time
 */

/**
 * One accepted WebSocket connection.
 * @typedef {object} AcceptedConnection
 * @property {string} url request target of the upgrade, e.g. "/echo?close=4000"
 * @property {string[]} protocols subprotocols the client offered, in its order
 * @property {string} protocol the subprotocol the server selected ('' for none)
 * @property {number} time
 */

/**
 * What the server recorded, per WebSocket path (e.g. "/echo"; the query is not part of the key).
 * @typedef {object} DemoStats
 * @property {(path: string) => ReceivedMessage[]} received messages received on `path`, oldest first (the last 10,000 and at most 64 MiB are kept)
 * @property {(path: string) => ClientClose[]} closes client-initiated closes on `path` (the last 10,000)
 * @property {(path: string) => AcceptedConnection[]} connections connections accepted on `path` (the last 10,000)
 * @property {() => void} reset forgets everything recorded so far
 */

/**
 * @typedef {object} DemoServerOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [host] default '127.0.0.1'
 * @property {number} [botIntervalMs] pace of the /chat bot in ms; default 3000, 0 disables the bot
 */

/**
 * @typedef {object} DemoServer
 * @property {number} port
 * @property {string} httpUrl e.g. "http://127.0.0.1:8080" (no trailing slash)
 * @property {string} wsUrl e.g. "ws://127.0.0.1:8080" (no trailing slash)
 * @property {() => Promise<void>} close terminates every socket and stops the server; safe to call more than once
 * @property {DemoStats} stats
 */

/**
 * The error code of a failed system call (ENOENT, EADDRINUSE, …), if `error` is one.
 * @param {unknown} error
 * @returns {string | undefined}
 */
export const errorCode = (error) => (error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined);

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/** @type {Record<string, string | undefined>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
};

/** Recorder bounds, per path: whichever is hit first drops the oldest items. */
const RECORD_MAX_ITEMS = 10_000;
const RECORD_MAX_BYTES = 64 * 1024 * 1024;

/** /flood keeps at most this many bytes waiting in the socket, written in batches of FLOOD_BATCH frames. */
const FLOOD_WINDOW_BYTES = 1024 * 1024;
const FLOOD_BATCH = 1024;

/**
 * Close codes a server may send (RFC 6455 §7.4; 1004–1006 and 1015 are reserved).
 * @param {number} code
 * @returns {boolean}
 */
function isSendableCloseCode(code) {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999))
  );
}

/**
 * A close reason must fit the 125-byte control frame together with the 2-byte code.
 * @param {string} reason
 * @returns {boolean}
 */
function isSendableCloseReason(reason) {
  return Buffer.byteLength(reason, 'utf8') <= 123;
}

class BadRequest extends Error {}

/**
 * Integer query parameter in [min, max], `fallback` when absent; throws BadRequest otherwise.
 * @param {URL} url
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 * @returns {number}
 */
function intParam(url, name, fallback, min, max) {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadRequest(`${name} must be an integer in [${min}, ${max}]`);
  }
  return value;
}

/**
 * The close code (query parameter `codeName`) and `reason` a route closes with.
 * @param {URL} url
 * @param {string} codeName
 * @param {number} fallbackCode
 * @param {string} fallbackReason
 * @returns {CloseParams}
 */
function closeParams(url, codeName, fallbackCode, fallbackReason) {
  const code = intParam(url, codeName, fallbackCode, 1000, 4999);
  if (!isSendableCloseCode(code)) throw new BadRequest(`${codeName}=${code} is not a close code a server may send`);
  const reason = url.searchParams.get('reason') ?? fallbackReason;
  if (!isSendableCloseReason(reason)) throw new BadRequest('reason must be at most 123 UTF-8 bytes');
  return { code, reason };
}

// ───────────────────────────── recorder ─────────────────────────────

/**
 * The recorder: what `stats` shows, and what the routes record into it.
 * @typedef {DemoStats & {
 *   recordMessage(p: string, data: Buffer, isBinary: boolean): void,
 *   recordClose(p: string, code: number, reason: string): void,
 *   recordConnection(p: string, url: string, protocols: string[], protocol: string): void,
 * }} Recorder
 */

/** @returns {Recorder} */
function createStats() {
  /** @type {Map<string, {items: {data: Buffer, isBinary: boolean, time: number}[], bytes: number}>} */
  const received = new Map();
  /** @type {Map<string, {code: number, reason: string, time: number}[]>} */
  const closes = new Map();
  /** @type {Map<string, {url: string, protocols: string[], protocol: string, time: number}[]>} */
  const connections = new Map();

  /**
   * @template T
   * @param {Map<string, T[]>} map
   * @param {string} key
   * @returns {T[]}
   */
  const bounded = (map, key) => {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    return list;
  };
  /**
   * @template T
   * @param {T[]} list
   * @param {T} item
   */
  const pushBounded = (list, item) => {
    list.push(item);
    if (list.length > RECORD_MAX_ITEMS) list.splice(0, list.length - RECORD_MAX_ITEMS);
  };

  return {
    /** What the server received on `path` (oldest first). A copy: safe to keep. */
    received: (p) => [...(received.get(p)?.items ?? [])],
    /** Closes the server did not start (client close frames, or 1006 when the TCP link dropped). */
    closes: (p) => [...(closes.get(p) ?? [])],
    /** Accepted WebSocket connections on `path`, with the offered and the selected subprotocol. */
    connections: (p) => [...(connections.get(p) ?? [])],
    reset() {
      received.clear();
      closes.clear();
      connections.clear();
    },
    // Internal, used by the routes below.
    recordMessage(p, data, isBinary) {
      let entry = received.get(p);
      if (!entry) received.set(p, (entry = { items: [], bytes: 0 }));
      entry.items.push({ data, isBinary, time: Date.now() });
      entry.bytes += data.length;
      while (entry.items.length > RECORD_MAX_ITEMS || (entry.bytes > RECORD_MAX_BYTES && entry.items.length > 1)) {
        entry.bytes -= /** @type {ReceivedMessage} */ (entry.items.shift()).data.length;
      }
    },
    recordClose(p, code, reason) {
      pushBounded(bounded(closes, p), { code, reason, time: Date.now() });
    },
    recordConnection(p, url, protocols, protocol) {
      pushBounded(bounded(connections, p), { url, protocols, protocol, time: Date.now() });
    },
  };
}

// ───────────────────────────── static files ─────────────────────────────

/**
 * Serves demo/public/ (the test pages of e2e/pages/ have their own server, e2e/page-server.ts).
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @returns {Promise<void>}
 */
async function serveStatic(req, res) {
  /**
   * @param {number} status
   * @param {string | Buffer} body
   * @param {Record<string, string>} [headers]
   */
  const send = (status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n', { Allow: 'GET, HEAD' });

  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return send(400, 'bad request\n');
  }
  if (pathname.includes('\0')) return send(400, 'bad request\n');
  await holdIfAsked(req.url);
  // No icon: answer the browser's automatic request without a 404 in every test's console.
  if (pathname === '/favicon.ico') return send(204, '');
  if (pathname.endsWith('/')) pathname += 'index.html';

  // path.join normalises any "..", so checking the result against the root is enough.
  const file = path.join(PUBLIC_DIR, pathname);
  if (!file.startsWith(PUBLIC_DIR + path.sep)) return send(403, 'forbidden\n');

  let handle;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return send(404, 'not found\n');
    const body = await handle.readFile();
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    send(200, body, { 'Content-Type': type, 'Content-Length': String(body.length), 'X-Content-Type-Options': 'nosniff' });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') send(404, 'not found\n');
    else send(500, 'internal error\n');
  } finally {
    await handle?.close();
  }
}

// ───────────────────────────── WebSocket routes ─────────────────────────────

const CHAT_BOT = 'lens-bot';
const CHAT_BOT_LINES = [
  '안녕하세요! 저는 데모 봇이에요 🤖',
  'Tip: open DevTools → WebSocket Lens to see every frame of this page.',
  '웹소켓은 HTTP Upgrade 핸드셰이크로 시작해요 (101 Switching Protocols).',
  'Close code 1000 means a normal closure; 4000–4999 are for applications.',
  '실시간 채팅, 주식 시세, 게임… 모두 웹소켓으로! 📈',
  'Try the ticker table below: a few JSON messages every second.',
  'Binary frames are shown as hex; some of them are not valid UTF-8 on purpose.',
  '메시지를 입력하고 Send 를 눌러 보세요 ✉️',
];
const TICKER_SYMBOLS = [
  { symbol: 'AAPL', price: 228.5 },
  { symbol: 'MSFT', price: 415.2 },
  { symbol: 'NVDA', price: 131.9 },
  { symbol: '005930.KS', price: 61200 },
  { symbol: 'BTC-USD', price: 67250 },
];

/** First 4 bytes: counter (big-endian u32); then a pattern that is deterministic per counter. */
/**
 * `?delay=MS` in a page's URL (at most 10 s) holds the answer that long: the tests' frames whose
 * document must stay on its way. Used by this server and by the e2e page server.
 * @param {string | undefined} url request target
 * @returns {Promise<void>}
 */
export async function holdIfAsked(url) {
  const delay = Math.min(10_000, Number(new URL(url ?? '/', 'http://localhost').searchParams.get('delay')) || 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
}

/**
 * The payload /binary sends as its `counter`-th frame (1-based): 16–600 bytes, BE u32 header.
 * @param {number} counter
 * @returns {Buffer}
 */
export function binaryFrame(counter) {
  const length = 16 + ((counter * 137) % 585); // 16 … 600 bytes
  const buf = Buffer.alloc(length);
  buf.writeUInt32BE(counter >>> 0, 0);
  buf[4] = 0xff; // never valid in UTF-8
  buf[5] = 0xfe;
  buf[6] = 0xc0; // overlong encoding lead byte
  buf[7] = 0x80; // lone continuation byte
  for (let i = 8; i < length; i++) buf[i] = (counter * 31 + i * 7) & 0xff;
  return buf;
}

/**
 * Text payload of /flood message `i`: "i:" padded with "x" (or cut) to exactly `size` bytes.
 * @param {number} i
 * @param {number} size
 * @returns {string}
 */
export function floodMessage(i, size) {
  const head = `${i}:`;
  return head.length >= size ? head.slice(0, size) : head + 'x'.repeat(size - head.length);
}

/**
 * The timers of one connection, cleared when it closes; `fn` runs only while it is open.
 * @typedef {object} ConnectionTimers
 * @property {(ms: number, fn: () => void) => void} every
 * @property {(ms: number, fn: () => void) => void} after
 */

/**
 * @template P
 * @typedef {object} RouteContext
 * @property {URL} url
 * @property {P} params what the route's `prepare` returned
 * @property {http.IncomingMessage} req the upgrade request
 * @property {ConnectionTimers} timers
 * @property {(code: number, reason: string) => void} closeByServer closes the socket; its close is not recorded as the client's
 * @property {import('node:stream').Duplex} socket the connection's socket, e.g. to cork it around a batch of sends
 */

/**
 * A WebSocket route. Methods, not function properties: a route of any `P` is a `Route<unknown>`
 * in the table (their parameters are compared both ways).
 * @template P
 * @typedef {{
 *   prepare(url: URL): P,
 *   connect(ws: import('ws').WebSocket, ctx: RouteContext<P>): void,
 * }} Route
 */

/** @typedef {{ code: number, reason: string }} CloseParams */

/**
 * Routes: `prepare(url)` runs before the upgrade (throw BadRequest for a 400, return a value for
 * `connect`), `connect(ws, ctx)` after it. `ctx` = { url, params, req, timers, closeByServer, socket }
 * (`socket`: the connection's net.Socket, e.g. to cork it around a batch of sends).
 * @param {{ botIntervalMs: number }} options
 * @returns {{ routes: Record<string, Route<unknown> | undefined>, shutdown: () => void }}
 */
function createRoutes({ botIntervalMs }) {
  /** @type {Map<import('ws').WebSocket, {user: string}>} */
  const chatClients = new Map();
  let guestCounter = 0;
  /** @type {ReturnType<typeof setInterval> | null} */
  let botTimer = null;
  let botLine = 0;

  /** @param {object} message */
  const chatBroadcast = (message) => {
    const text = JSON.stringify(message);
    for (const client of chatClients.keys()) if (client.readyState === client.OPEN) client.send(text);
  };
  const startBot = () => {
    if (botTimer || botIntervalMs <= 0) return;
    botTimer = setInterval(() => {
      chatBroadcast({ type: 'chat', user: CHAT_BOT, text: CHAT_BOT_LINES[botLine++ % CHAT_BOT_LINES.length], time: Date.now() });
    }, botIntervalMs);
  };
  const stopBotIfEmpty = () => {
    if (chatClients.size === 0 && botTimer) {
      clearInterval(botTimer);
      botTimer = null;
    }
  };

  /** @param {import('ws').WebSocket} ws */
  const echo = (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));

  return {
    routes: {
      '/chat': /** @satisfies {Route<{ user: string }>} */ ({
        prepare(url) {
          const user = (url.searchParams.get('user') ?? '').trim().slice(0, 32);
          return { user: user || `guest-${++guestCounter}` };
        },
        connect(ws, { params }) {
          const me = { user: params.user };
          chatClients.set(ws, me);
          ws.send(
            JSON.stringify({
              type: 'welcome',
              user: me.user,
              count: chatClients.size,
              text: '환영합니다! Welcome to the room.',
              time: Date.now(),
            }),
          );
          chatBroadcast({ type: 'join', user: me.user, count: chatClients.size });
          startBot();

          ws.on('message', (data, isBinary) => {
            if (isBinary) {
              ws.send(JSON.stringify({ type: 'error', text: 'binary messages are not part of the chat protocol' }));
              return;
            }
            // Plain text is a chat line; JSON may carry {type:"chat", text} or {type:"nick", user}.
            const raw = data.toString('utf8');
            /** @type {any} parsed JSON of any shape; checked field by field below */
            let message = null;
            try {
              message = JSON.parse(raw);
            } catch {
              /* plain text */
            }
            if (message && typeof message === 'object' && message.type === 'nick' && typeof message.user === 'string') {
              const from = me.user;
              me.user = message.user.trim().slice(0, 32) || from;
              chatBroadcast({ type: 'nick', from, user: me.user, count: chatClients.size });
              return;
            }
            const text = message && typeof message === 'object' && typeof message.text === 'string' ? message.text : raw;
            chatBroadcast({ type: 'chat', user: me.user, text: text.slice(0, 2000), time: Date.now() });
          });
          ws.on('close', () => {
            chatClients.delete(ws);
            chatBroadcast({ type: 'leave', user: me.user, count: chatClients.size });
            stopBotIfEmpty();
          });
        },
      }),

      '/ticker': /** @satisfies {Route<{ interval: number }>} */ ({
        prepare: (url) => ({ interval: intParam(url, 'interval', 250, 10, 60_000) }),
        connect(ws, { params, timers }) {
          const quotes = TICKER_SYMBOLS.map((q) => ({ ...q, open: q.price }));
          let seq = 0;
          timers.every(params.interval, () => {
            const q = quotes[Math.floor(Math.random() * quotes.length)];
            const step = q.price * (Math.random() - 0.5) * 0.004; // ±0.2 %
            q.price = Math.max(0.01, q.price + step);
            /** @param {number} n */
            const round = (n) => Math.round(n * 100) / 100;
            ws.send(
              JSON.stringify({
                type: 'tick',
                symbol: q.symbol,
                price: round(q.price),
                change: round(q.price - q.open),
                seq: ++seq,
                time: Date.now(),
              }),
            );
          });
        },
      }),

      '/binary': /** @satisfies {Route<{ interval: number }>} */ ({
        prepare: (url) => ({ interval: intParam(url, 'interval', 500, 10, 60_000) }),
        connect(ws, { params, timers }) {
          let counter = 0;
          timers.every(params.interval, () => ws.send(binaryFrame(++counter), { binary: true }));
        },
      }),

      '/closer': /** @satisfies {Route<{ after: number } & CloseParams>} */ ({
        prepare(url) {
          return { after: intParam(url, 'after', 5000, 0, 600_000), ...closeParams(url, 'code', 4001, 'session expired') };
        },
        connect(ws, { params, timers, closeByServer }) {
          const started = Date.now();
          ws.send(
            JSON.stringify({
              type: 'session',
              text: `This session closes in ${params.after} ms with code ${params.code}.`,
              code: params.code,
              reason: params.reason,
            }),
          );
          if (params.after >= 1000) {
            timers.every(1000, () => {
              const remaining = Math.max(0, params.after - (Date.now() - started));
              if (remaining > 0) ws.send(JSON.stringify({ type: 'countdown', remaining: Math.round(remaining) }));
            });
          }
          timers.after(params.after, () => closeByServer(params.code, params.reason));
        },
      }),

      '/echo': /** @satisfies {Route<CloseParams | null>} */ ({
        prepare(url) {
          return url.searchParams.has('close') ? closeParams(url, 'close', 1000, '') : null;
        },
        connect(ws, { params, closeByServer }) {
          ws.on('message', (data, isBinary) => {
            const bytes = /** @type {Buffer} the default binaryType, 'nodebuffer' */ (data);
            if (params && !isBinary && bytes.length === 8 && bytes.toString('utf8') === 'close-me') {
              closeByServer(params.code, params.reason);
              return;
            }
            ws.send(data, { binary: isBinary });
          });
        },
      }),

      '/proto': /** @satisfies {Route<null>} */ ({
        // The subprotocol itself is chosen in handleProtocols (see startDemoServer).
        prepare: () => null,
        connect: echo,
      }),

      '/flood': /** @satisfies {Route<{ count: number, size: number }>} */ ({
        prepare(url) {
          return { count: intParam(url, 'count', 100_000, 0, 10_000_000), size: intParam(url, 'size', 16, 1, 16 * 1024 * 1024) };
        },
        connect(ws, { params, socket }) {
          // A batch of frames at a time, written with the socket corked (one write per batch, not
          // one per frame), then the next batch on the next turn of the event loop, or at 'drain'
          // once FLOOD_WINDOW_BYTES wait in the socket. Memory stays bounded however slow the
          // reader is, and the server's event loop is never held for long.
          let next = 0;
          const pump = () => {
            if (ws.readyState !== ws.OPEN) return;
            socket.cork();
            for (const end = Math.min(params.count, next + FLOOD_BATCH); next < end; ) ws.send(floodMessage(next++, params.size));
            if (next >= params.count) ws.send('done');
            socket.uncork();
            if (next >= params.count) return;
            if (socket.writableLength >= FLOOD_WINDOW_BYTES) socket.once('drain', pump);
            else setImmediate(pump);
          };
          pump();
        },
      }),

      '/big': /** @satisfies {Route<{ bytes: number, binary: boolean }>} */ ({
        prepare(url) {
          return { bytes: intParam(url, 'bytes', 1024 * 1024, 0, 512 * 1024 * 1024), binary: url.searchParams.get('binary') === '1' };
        },
        connect(ws, { params }) {
          if (params.binary) {
            const buf = Buffer.alloc(params.bytes);
            for (let i = 0; i < buf.length; i++) buf[i] = i & 0xff;
            ws.send(buf, { binary: true });
          } else {
            ws.send('x'.repeat(params.bytes));
          }
        },
      }),
    },
    shutdown() {
      if (botTimer) clearInterval(botTimer);
      botTimer = null;
      chatClients.clear();
    },
  };
}

/**
 * Writes a plain HTTP error answer on an upgrade socket and ends it.
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 * @param {string} statusText
 * @param {string} body
 */
function refuseUpgrade(socket, status, statusText, body) {
  if (!socket.writable) return socket.destroy();
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'Cache-Control: no-store\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

// ───────────────────────────── server ─────────────────────────────

/**
 * Starts the demo server. `botIntervalMs` (default 3000, 0 = no bot) paces the chat bot.
 * @param {DemoServerOptions} [options]
 * @returns {Promise<DemoServer>}
 */
export async function startDemoServer({ port = 0, host = '127.0.0.1', botIntervalMs = 3000 } = {}) {
  const stats = createStats();
  const { routes, shutdown } = createRoutes({ botIntervalMs });
  /** Sockets the server itself closed (their close is not recorded as client-initiated). */
  const closedByServer = new WeakSet();

  const wss = new WebSocketServer({
    noServer: true,
    // Off on purpose: the frames on the wire are then exactly the payloads the tests compare.
    perMessageDeflate: false,
    handleProtocols(offered, req) {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (pathname === '/proto') {
        // First protocol the client offered that we support. `false` answers without a
        // Sec-WebSocket-Protocol header; Chromium then fails the handshake (error, close 1006).
        for (const p of offered) if (p === 'chat.v2' || p === 'chat.v1') return p;
        return false;
      }
      // Elsewhere accept whatever the client offers first, as `ws` does by default.
      return offered.values().next().value ?? false;
    },
  });

  const httpServer = http.createServer((req, res) => {
    serveStatic(req, res).catch(() => res.destroy());
  });

  httpServer.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request', 'bad request\n');
    }
    if (url.pathname === '/reject') return refuseUpgrade(socket, 403, 'Forbidden', 'this endpoint always refuses WebSocket upgrades\n');

    const route = routes[url.pathname];
    if (!route) return refuseUpgrade(socket, 404, 'Not Found', `no WebSocket endpoint at ${url.pathname}\n`);

    let params;
    try {
      params = route.prepare(url);
    } catch (error) {
      if (error instanceof BadRequest) return refuseUpgrade(socket, 400, 'Bad Request', `${error.message}\n`);
      throw error;
    }

    wss.handleUpgrade(req, socket, head, (ws) => {
      const key = url.pathname;
      /** @type {Set<ReturnType<typeof setInterval>>} */
      const intervals = new Set();
      /** @type {Set<ReturnType<typeof setTimeout>>} */
      const timeouts = new Set();
      /** @type {ConnectionTimers} */
      const timers = {
        every(ms, fn) {
          intervals.add(setInterval(() => ws.readyState === ws.OPEN && fn(), ms));
        },
        after(ms, fn) {
          const t = setTimeout(() => {
            timeouts.delete(t);
            if (ws.readyState === ws.OPEN) fn();
          }, ms);
          timeouts.add(t);
        },
      };
      /** @param {number} code @param {string} reason */
      const closeByServer = (code, reason) => {
        closedByServer.add(ws);
        ws.close(code, reason);
      };

      // ws emits 'error' for protocol violations (e.g. invalid UTF-8 from a client, 1007) and
      // closes the socket itself; without a listener the error would crash the process.
      ws.on('error', () => {});
      ws.on('message', (data, isBinary) => stats.recordMessage(key, /** @type {Buffer} the default binaryType, 'nodebuffer' */ (data), isBinary));
      ws.on('close', (code, reason) => {
        for (const t of intervals) clearInterval(t);
        for (const t of timeouts) clearTimeout(t);
        if (!closedByServer.has(ws)) stats.recordClose(key, code, reason.toString('utf8'));
      });
      stats.recordConnection(key, req.url ?? key, parseProtocols(req), ws.protocol);
      wss.emit('connection', ws, req);
      route.connect(ws, { url, params, req, timers, closeByServer, socket });
    });
  });

  await new Promise(/** @param {(v?: void) => void} resolve @param {(e: Error) => void} reject */ (resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const actualPort = /** @type {import('node:net').AddressInfo} */ (httpServer.address()).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;

  /** @type {Promise<void> | null} */
  let closing = null;
  const close = () =>
    (closing ??= (async () => {
      shutdown();
      for (const ws of wss.clients) {
        closedByServer.add(ws);
        ws.terminate();
      }
      await new Promise((resolve) => wss.close(() => resolve(undefined)));
      const closed = new Promise((resolve) => httpServer.close(() => resolve(undefined)));
      httpServer.closeAllConnections();
      await closed;
    })());

  return {
    port: actualPort,
    httpUrl: `http://${hostForUrl}:${actualPort}`,
    wsUrl: `ws://${hostForUrl}:${actualPort}`,
    close,
    stats: { received: stats.received, closes: stats.closes, connections: stats.connections, reset: stats.reset },
  };
}

/**
 * The subprotocols the client offered, in its order.
 * @param {http.IncomingMessage} req
 * @returns {string[]}
 */
function parseProtocols(req) {
  const header = req.headers['sec-websocket-protocol'];
  return header
    ? header
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
}

/**
 * A 127.0.0.1 port nothing listens on (bound to port 0, read, closed): for "connection refused".
 * @returns {Promise<number>}
 */
export function closedPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

// ───────────────────────────── CLI ─────────────────────────────

/**
 * The port of `--port N`, `--port=N` or $PORT (default 8080); exits on an invalid one.
 * @param {string[]} argv
 * @returns {number}
 */
function parseCliPort(argv) {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const raw = i < 0 ? process.env.PORT : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  if (raw === undefined || raw === '') return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port: ${raw}`);
    process.exit(2);
  }
  return port;
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('Usage: node demo/server.mjs [--port 8080] [--host 127.0.0.1]   (PORT env works too; 0 = any free port)');
    return;
  }
  const hostIndex = argv.indexOf('--host');
  const host = hostIndex >= 0 ? argv[hostIndex + 1] : '127.0.0.1';
  let server;
  try {
    server = await startDemoServer({ port: parseCliPort(argv), host });
  } catch (error) {
    if (errorCode(error) === 'EADDRINUSE') {
      console.error(`Port ${/** @type {{ port?: number }} */ (error).port} is in use. Try: node demo/server.mjs --port 0`);
      process.exit(1);
    }
    throw error;
  }
  console.log(`WebSocket Lens demo server
  page:       ${server.httpUrl}/
  WebSockets: ${server.wsUrl}/chat  /ticker  /binary  /closer  /echo  /proto  /flood  /big  /reject
Press Ctrl-C to stop.`);
  /** @param {NodeJS.Signals} signal */
  const stop = async (signal) => {
    console.log(`\n${signal}: closing…`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
