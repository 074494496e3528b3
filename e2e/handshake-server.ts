/**
 * A test server for the handshake tests (Chromium and Firefox): one HTTP server that serves a blank
 * page and answers WebSocket upgrades, and remembers what it received and sent.
 *
 * - `/ok`: accepts; adds `X-Test-Conn: n` and a `Set-Cookie`, then sends the request's
 *   `Sec-WebSocket-Key` as its first text frame (so a test can tell which socket is which).
 * - `/refuse`: answers `403 Forbidden` with `X-Refused-Because: test`.
 * - `closedPort`: a port nothing listens on.
 * - `/ok` echoes every message, but answers `now` with `late` (sent at once, before the server
 *   reads a close frame that may follow: a frame that arrives after the page's close()).
 * - `/workers.html` and its scripts: a page whose dedicated, shared and service workers each open a
 *   socket to `/ok?from=<kind>` when told (`window.go()`), exchange text and binary, and report
 *   `done` (`window.__done`); the page does the same itself (`from=page`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Builds the extension with its optional permissions granted (WSL_GRANT_HOST_ACCESS=1, read by
 * vite.config.ts: `<all_urls>` in `host_permissions`, and for Chrome `debugger` in `permissions`)
 * into `outDir`, for Chrome or (`firefox`) Firefox.
 */
export function buildGrantedExtension(outDir: string, firefox = false): void {
  rmSync(outDir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', WSL_GRANT_HOST_ACCESS: '1', ...(firefox ? { BROWSER: 'firefox' } : {}) },
  });
  if (result.status !== 0 || !existsSync(join(outDir, 'manifest.json')))
    throw new Error(`vite build with the optional permissions granted failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

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
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const script = SCRIPTS[path];
    if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(path === '/workers.html' ? WORKERS_PAGE : '<!doctype html><title>handshakes</title><p>handshakes</p>');
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
      ws.on('message', (data, isBinary) => {
        if (!isBinary && String(data) === 'now') ws.send('late');
        else ws.send(data, { binary: isBinary });
      });
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

/** The exchange every context makes: the server's first frame (the key), then text, then binary. */
const EXCHANGE = `
function exchange(tag, done) {
  const ws = new WebSocket('ws://' + location.host + '/ok?from=' + tag);
  ws.binaryType = 'arraybuffer';
  let n = 0;
  ws.onmessage = () => {
    n++;
    if (n === 1) ws.send('hello from ' + tag);
    else if (n === 2) ws.send(new Uint8Array([0, 1, 2, 254, 255, tag.length]).buffer);
    else if (n === 3) done();
  };
}`;

const SCRIPTS: Record<string, string> = {
  '/dedicated.js': `${EXCHANGE}\nexchange('dedicated', () => postMessage('done'));`,
  '/shared.js': `${EXCHANGE}\nonconnect = (e) => { const port = e.ports[0]; port.onmessage = () => exchange('shared', () => port.postMessage('done')); };`,
  '/sw.js': `${EXCHANGE}\nself.onmessage = (e) => e.waitUntil(new Promise((resolve) => exchange('service', () => { e.source.postMessage('done'); resolve(); })));\nself.onactivate = (e) => e.waitUntil(self.clients.claim());`,
};

const WORKERS_PAGE = `<!doctype html><title>workers</title><p>workers</p><script>
${EXCHANGE}
window.__done = [];
const shared = new SharedWorker('/shared.js');
shared.port.onmessage = () => window.__done.push('shared');
navigator.serviceWorker.onmessage = () => window.__done.push('service');
window.__ready = navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(() => true);
window.go = () => {
  const w = new Worker('/dedicated.js');
  w.onmessage = () => window.__done.push('dedicated');
  shared.port.postMessage('go');
  navigator.serviceWorker.ready.then((r) => r.active.postMessage('go'));
  exchange('page', () => window.__done.push('page'));
};
</script>`;
