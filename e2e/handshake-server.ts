/**
 * A test server for the handshake tests (Chromium and Firefox): one HTTP server that serves a blank
 * page and answers WebSocket upgrades, and remembers what it received and sent.
 *
 * - `/ok`: accepts; adds `X-Test-Conn: n` and a `Set-Cookie`, then sends the request's
 *   `Sec-WebSocket-Key` as its first text frame (so a test can tell which socket is which).
 * - `/refuse`: answers `403 Forbidden` with `X-Refused-Because: test`.
 * - `closedPort`: a port nothing listens on.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface SeenHandshake {
  path: string;
  /** The request headers as received (names as the client spelt them). */
  request: Array<[string, string]>;
  /** The status line and headers the server sent. */
  statusLine: string;
  response: Array<[string, string]>;
  /** The request's Sec-WebSocket-Key, and the number sent back in `X-Test-Conn` (accepted sockets). */
  key: string;
  conn: number;
}

export interface HandshakeServer {
  httpUrl: string;
  wsUrl: string;
  closedPort: number;
  seen: SeenHandshake[];
  close(): Promise<void>;
}

export async function startHandshakeServer(): Promise<HandshakeServer> {
  const seen: SeenHandshake[] = [];
  let n = 0;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const pending = new WeakMap<IncomingMessage, SeenHandshake>();
  wss.on('headers', (headers, req) => {
    headers.push(`X-Test-Conn: ${++n}`, 'Set-Cookie: seen=yes; Path=/');
    const s = pending.get(req);
    if (s === undefined) return;
    s.conn = n;
    s.statusLine = headers[0] ?? '';
    s.response = headers.slice(1).map((line) => {
      const i = line.indexOf(':');
      return [line.slice(0, i), line.slice(i + 1).trim()];
    });
  });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>handshakes</title><p>handshakes</p>');
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const request: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) request.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
    const s: SeenHandshake = { path, request, statusLine: '', response: [], key: String(req.headers['sec-websocket-key']), conn: 0 };
    seen.push(s);
    if (path === '/refuse') {
      s.statusLine = 'HTTP/1.1 403 Forbidden';
      s.response = [
        ['X-Refused-Because', 'test'],
        ['Content-Length', '0'],
        ['Connection', 'close'],
      ];
      socket.end(`${s.statusLine}\r\n${s.response.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
      return;
    }
    pending.set(req, s);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      ws.send(String(req.headers['sec-websocket-key']));
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // A port that was free a moment ago and that nothing listens on now.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    closedPort,
    seen,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
