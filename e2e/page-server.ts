/**
 * The one server of the test pages (e2e/pages/*.html and their scripts), for the Chromium suite
 * (e2e/pages.ts), the Firefox suite (e2e-firefox/core.test.ts) and the protocol server, which
 * serves them beside its WebSocket endpoints. The pages take the WebSocket server's host from
 * `?ws=HOST:PORT` (or their own origin). A real loopback server, because pages fulfilled through
 * page.route count as public address space, and Chromium's Local Network Access checks then block
 * their sockets to 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { holdIfAsked } from '../demo/server.mjs';

const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));

/**
 * Answers `req` with the test page it names, if it names one (`/name.html`, `/name.js`), and says
 * whether it did. `?delay=MS` holds the answer (a frame whose document is on its way); pages named
 * bfcache-… may be cached; csp… pages get a strict script policy.
 */
export async function servePage(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
  if (!/^[\w-]+\.(html|js)$/.test(name)) return false;
  await holdIfAsked(req.url);
  try {
    const body = await readFile(PAGES + name);
    const headers: Record<string, string> = {
      'content-type': name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
    };
    // Chromium keeps a page whose main resource is no-store out of the back/forward cache (reason
    // WebSocketUsedWithCCNS once it used a socket): only bfcache-… pages may be cached.
    if (!name.startsWith('bfcache')) headers['cache-control'] = 'no-store';
    // Scripts from this origin only.
    if (name.startsWith('csp')) headers['content-security-policy'] = "script-src 'self'";
    res.writeHead(200, headers).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
  return true;
}

export interface PageServer {
  /** URL of a page, with `?ws=HOST:PORT` of the WebSocket server and any extra query. */
  url(name: string, wsHost: string, query?: Record<string, string | number>): string;
  close(): Promise<void>;
}

/** Starts a server of the test pages alone, on a free 127.0.0.1 port. */
export async function startPageServer(): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    void servePage(req, res).then((served) => served || res.writeHead(404).end('not found'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url(name, wsHost, query = {}) {
      const q = new URLSearchParams({ ws: wsHost, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) });
      return `${base}/${name}?${q}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
