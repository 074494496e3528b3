/**
 * Serves e2e/pages/*.html from a loopback HTTP server of its own. The pages take the WebSocket
 * server's host from `?ws=HOST:PORT`. (Pages fulfilled through page.route count as public
 * address space, and Chromium's Local Network Access checks then block their sockets to
 * 127.0.0.1, so test pages must come from a real local server.)
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { test as base } from './fixtures';
import { holdIfAsked } from '../demo/server.mjs';

const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));

export interface PageServer {
  /** URL of a page, with `?ws=` pointing at the WebSocket server and any extra query. */
  url(name: string, wsHost: string, query?: Record<string, string | number>): string;
  close(): Promise<void>;
}

async function startPageServer(): Promise<PageServer> {
  const server: Server = createServer(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
    if (!/^[\w-]+\.(html|js)$/.test(name)) {
      res.writeHead(404).end('not found');
      return;
    }
    await holdIfAsked(req.url);
    try {
      const body = await readFile(PAGES + name);
      const headers: Record<string, string> = {
        'content-type': name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
      };
      // Pages named bfcache-… may be cached: Chromium keeps a page whose main resource is
      // no-store out of the back/forward cache (reason WebSocketUsedWithCCNS once it used a socket).
      if (!name.startsWith('bfcache')) headers['cache-control'] = 'no-store';
      // Pages named csp-… or csp.html get a strict policy: scripts from this origin only.
      if (name.startsWith('csp')) headers['content-security-policy'] = "script-src 'self'";
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
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

/** The extension fixtures plus `pages`, a page server per worker. */
export const test = base.extend<object, { pages: PageServer }>({
  pages: [
    async ({}, use) => {
      const pages = await startPageServer();
      await use(pages);
      await pages.close();
    },
    { scope: 'worker' },
  ],
});
