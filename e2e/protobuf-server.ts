/**
 * A loopback server for the Protobuf tests (e2e/protobuf.spec.ts, e2e-firefox/protobuf.test.ts,
 * bench/protobuf.mjs reuses the page): frames encoded by protobufjs from the test schema
 * (src/core/protobuf/fixtures/*.proto), a gzip'd JSON frame, and what the page sent, kept so a
 * test can check the bytes (and the page keeps the last message of each socket in `__last`, bytes as
 * an array). /market sends Envelopes, /gz one gzip'd JSON frame, /mixed three Envelopes then that
 * gzip'd JSON frame.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { WebSocketServer } from 'ws';

export const FIXTURES = fileURLToPath(new URL('../src/core/protobuf/fixtures/', import.meta.url));
export const proto = (name: string): string => readFileSync(`${FIXTURES}${name}`, 'utf8');

const GZ_JSON = { type: 'snapshot', items: Array.from({ length: 40 }, (_, i) => ({ i, label: `row ${i}` })) };

export interface ProtobufServer {
  url: string;
  wsUrl: string;
  /** Binary frames the page sent, per path. */
  received: Map<string, Buffer[]>;
  root: protobuf.Root;
  encode(type: string, obj: Record<string, unknown>): Uint8Array;
  gz: Buffer;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>protobuf</title>
<script>
  window.__got = {};
  window.__last = {};
  window.__sockets = {};
  for (const path of ['/market', '/gz', '/mixed']) {
    const ws = new WebSocket('ws://' + location.host + path);
    ws.binaryType = 'arraybuffer';
    window.__sockets[path] = ws;
    ws.onmessage = (e) => {
      window.__got[path] = (window.__got[path] || 0) + 1;
      window.__last[path] = typeof e.data === 'string' ? e.data : Array.from(new Uint8Array(e.data));
    };
  }
</script>`;

export async function startProtobufServer(): Promise<ProtobufServer> {
  const root = protobuf.loadSync([`${FIXTURES}market.proto`]);
  const encode = (type: string, obj: Record<string, unknown>) => {
    const t = root.lookupType(type);
    return t.encode(t.fromObject(obj)).finish();
  };
  const gz = gzipSync(JSON.stringify(GZ_JSON));
  const received = new Map<string, Buffer[]>();
  const http: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws, req) => {
    const path = req.url ?? '/';
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      const list = received.get(path) ?? [];
      list.push(Buffer.from(data));
      received.set(path, list);
    });
    if (path === '/market') {
      ws.send(encode('lens.market.Envelope', { type: 'Heartbeat', seq: 1, payload: encode('lens.market.Heartbeat', { seq: 1 }) }));
      ws.send(encode('lens.market.Envelope', { type: 'Trade', seq: 2, payload: encode('lens.market.Trade', { symbol: 'ACME', price: 101.25, side: 2, meta: { source: 'feed-a' } }) }));
      const any = { type_url: 'type.googleapis.com/lens.market.Quote', value: encode('lens.market.Quote', { symbol: 'QQQ', bid: 1.5 }) };
      ws.send(encode('lens.market.Envelope', { type: 'Quote', seq: 3, extra: any }));
    } else if (path === '/gz') ws.send(gz);
    else if (path === '/mixed') {
      for (let seq = 1; seq <= 3; seq++) ws.send(encode('lens.market.Envelope', { type: 'Heartbeat', seq, payload: encode('lens.market.Heartbeat', { seq }) }));
      ws.send(gz);
    }
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/pb.html`,
    wsUrl: `ws://127.0.0.1:${port}`,
    received,
    root,
    encode,
    gz,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        http.close(() => r());
        http.closeAllConnections();
      }),
  };
}
