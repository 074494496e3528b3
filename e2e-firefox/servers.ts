/**
 * The servers of the Firefox suite: the demo server (WebSocket endpoints that record what they
 * receive) and a loopback HTTP server for the Chromium suite's test pages (e2e/pages/*.html).
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const PAGES = fileURLToPath(new URL('../e2e/pages/', import.meta.url));

export interface PageServer {
  /** URL of a page, with `?ws=HOST:PORT` of the WebSocket server and any extra query. */
  url(name: string, wsHost: string, query?: Record<string, string | number>): string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const server = createServer(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
    if (!/^[\w-]+\.(html|js)$/.test(name)) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(PAGES + name);
      const headers: Record<string, string> = {
        'content-type': name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
      };
      // As e2e/pages.ts: bfcache… pages may enter the back/forward cache (a no-store page may not);
      // csp… pages get a strict policy, scripts from this origin only.
      if (!name.startsWith('bfcache')) headers['cache-control'] = 'no-store';
      if (name.startsWith('csp')) headers['content-security-policy'] = "script-src 'self'";
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url(name, wsHost, query = {}) {
      const q = new URLSearchParams({ ws: wsHost, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) });
      return `${base}/${name}?${q}`;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
