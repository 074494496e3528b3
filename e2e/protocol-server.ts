/**
 * A loopback server speaking the protocols real client libraries use, for the end-to-end tests
 * (the decoders in e2e/protocols.spec.ts, the library round trips in e2e/libraries.spec.ts):
 * socket.io on /socket.io/ (with an /admin namespace that wants a token), socket.io 2 on /sio2/,
 * an aedes MQTT broker on /mqtt, a minimal STOMP 1.2 broker on /stomp,
 * graphql-ws on /graphql, JSON-RPC 2.0 on /rpc and scripted garbled sockets on /garble/…; it
 * serves e2e/pages/*.html and the libraries' own browser bundles under /lib/.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server as IoServer } from 'socket.io';
import msgpackParser from 'socket.io-msgpack-parser';
import { encode as msgpackEncode, encodeTimeSpecToTimestamp, ExtData } from '@msgpack/msgpack';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { JSONRPCServer } from 'json-rpc-2.0';
import { build as rolldownBuild } from 'rolldown';
import sockjs from 'sockjs';
// faye ships no types: the little used here is in scripts/untyped-modules.d.ts.
import faye from 'faye';
import { createRequire } from 'node:module';
import { test as base } from './fixtures';
import { servePage } from './page-server';
import { stompBroker } from './stomp-broker.mjs';
import { pusherConnection } from './pusher-server.mjs';
import { centrifugoConnection } from './centrifugo-server.mjs';
import { yjsConnection } from './yjs-server.mjs';
import { signalrMsgpackHub } from './signalr-msgpack-hub.mjs';
import { phoenixServer } from './phoenix-server.mjs';

const LIBS: Record<string, string> = {
  '/lib/socket.io.min.js': fileURLToPath(new URL('../node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url)),
  '/lib/socket.io.msgpack.min.js': fileURLToPath(new URL('../node_modules/socket.io-client/dist/socket.io.msgpack.min.js', import.meta.url)),
  '/lib/mqtt.min.js': fileURLToPath(new URL('../node_modules/mqtt/dist/mqtt.min.js', import.meta.url)),
  '/lib/stomp.umd.min.js': fileURLToPath(new URL('../node_modules/@stomp/stompjs/bundles/stomp.umd.min.js', import.meta.url)),
  '/lib/graphql-ws.min.js': fileURLToPath(new URL('../node_modules/graphql-ws/umd/graphql-ws.min.js', import.meta.url)),
  '/lib/sockjs.min.js': fileURLToPath(new URL('../node_modules/sockjs-client/dist/sockjs.min.js', import.meta.url)),
  '/lib/reconnecting-websocket.min.js': fileURLToPath(new URL('../node_modules/reconnecting-websocket/dist/reconnecting-websocket-iife.min.js', import.meta.url)),
  '/lib/phoenix.min.js': fileURLToPath(new URL('../node_modules/phoenix/priv/static/phoenix.min.js', import.meta.url)),
  '/lib/signalr.min.js': fileURLToPath(new URL('../node_modules/@microsoft/signalr/dist/browser/signalr.min.js', import.meta.url)),
  '/lib/pusher.min.js': fileURLToPath(new URL('../node_modules/pusher-js/dist/web/pusher.min.js', import.meta.url)),
  '/lib/centrifuge.js': fileURLToPath(new URL('../node_modules/centrifuge/dist/centrifuge.js', import.meta.url)),
  '/lib/signalr-protocol-msgpack.min.js': fileURLToPath(new URL('../node_modules/@microsoft/signalr-protocol-msgpack/dist/browser/signalr-protocol-msgpack.min.js', import.meta.url)),
  '/lib/faye-browser-min.js': fileURLToPath(new URL('../node_modules/faye/client/faye-browser-min.js', import.meta.url)),
};

/** SignalR's JSON hub protocol (records end with 0x1E): handshake, invocations answered with a completion, one server call. */
function signalrHub(ws: WebSocket): void {
  const RS = '\u001e';
  ws.on('message', (raw: Buffer) => {
    for (const text of raw.toString('utf8').split(RS)) {
      if (!text) continue;
      const m = JSON.parse(text) as { protocol?: string; type?: number; invocationId?: string; target?: string; arguments?: unknown[] };
      if (m.protocol !== undefined) {
        ws.send('{}' + RS);
        ws.send(JSON.stringify({ type: 1, target: 'notify', arguments: ['welcome'] }) + RS);
      } else if (m.type === 1 && m.target === 'Add') {
        const [a, b] = m.arguments as [number, number];
        ws.send(JSON.stringify({ type: 3, invocationId: m.invocationId, result: a + b }) + RS);
      }
    }
  });
}

interface V2Socket {
  handshake: { query: Record<string, string> };
  on(ev: string, fn: (...args: never[]) => void): void;
  emit(ev: string, ...args: unknown[]): void;
}
interface V2Namespace {
  use(fn: (s: V2Socket, next: (err?: Error) => void) => void): V2Namespace;
  on(ev: 'connection', fn: (s: V2Socket) => void): V2Namespace;
}

/** socket.io 2.x (a dev dependency under another name) on /sio2/: the same events as the v4 server. */
function ioV2(http: HttpServer): void {
  const require = createRequire(import.meta.url);
  const Server = require('socket.io-v2') as (h: HttpServer, o: object) => V2Namespace & { of(n: string): V2Namespace };
  const io = Server(http, { path: '/sio2', serveClient: false, destroyUpgrade: false, transports: ['websocket'] });
  io.on('connection', (s) => {
    s.on('chat message', (...args: unknown[]) => s.emit('chat message', ...args));
    s.on('sum', (a: number, b: number, ack: (n: number) => void) => ack(a + b));
    s.on('upload', (buf: Buffer) => s.emit('file', buf));
  });
  io.of('/admin')
    .use((s, next) => (s.handshake.query.token === 'secret' ? next() : next(new Error('not authorized'))))
    .on('connection', (s) => {
      s.emit('welcome', { user: s.handshake.query.user ?? null });
    });
}

export interface ProtocolServer {
  url(page: string): string;
  close(): Promise<void>;
}

/**
 * Timestamps as @msgpack/msgpack writes them: a Date (64-bit form, milliseconds) and seconds with
 * nanoseconds (its own timestamp encoder).
 */
const MSGPACK_DATES = {
  event: 'tick',
  at: new Date(Date.UTC(2026, 11, 3, 9, 0, 0, 123)),
  precise: new ExtData(-1, encodeTimeSpecToTimestamp({ sec: 1700000000, nsec: 123456789 })),
};

/** Garbled traffic, by path: what the server sends once the socket is open (or has spoken). */
function garble(ws: WebSocket, path: string): void {
  const bytes = (...b: number[]) => Buffer.from(b);
  const send = (frames: Array<string | Buffer>) => {
    for (const f of frames) ws.send(f, { binary: typeof f !== 'string' });
  };
  if (path.startsWith('/garble/mqtt')) {
    ws.once('message', () =>
      send([
        bytes(0x20, 0x02, 0x00, 0x00), // CONNACK
        bytes(0x30, 0x14, 0x00, 0x05, 0x74, 0x6f, 0x70, 0x69, 0x63), // PUBLISH announcing 20 bytes, 7 sent
        bytes(0x30, 0x0a, 0x00, 0x03, 0x61, 0x2f, 0x62, 0x68, 0x65, 0x6c, 0x6c, 0x6f), // PUBLISH a/b "hello"
        bytes(0x30, 0x0a, 0x00, 0x03, 0x63, 0x2f, 0x64, 0x77, 0x6f, 0x72, 0x6c, 0x64), // PUBLISH c/d "world"
      ]),
    );
  } else if (path.startsWith('/garble/socket.io/')) {
    send([
      '0{"sid":"garbled","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
      '40{"sid":"garbled-nsp"}',
      '451-["before",1]', // says one attachment…
      '42["after",2]', // …but a text frame comes instead
      '42["later",3]',
    ]);
  } else if (path.startsWith('/garble/sio09')) {
    send(['1::']); // Socket.IO 0.9's connect packet
  } else if (path.startsWith('/garble/msgpack')) {
    send([bytes(0x81, 0xa1, 0x61, 0x01), bytes(0xc1), bytes(0x92, 0x01, 0x02), Buffer.from(msgpackEncode(MSGPACK_DATES))]);
  }
}

const graphqlSchema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'world' } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      greetings: {
        type: GraphQLString,
        subscribe: async function* () {
          for (const g of ['Hi', 'Bonjour', 'Hola']) yield { greetings: g };
        },
      },
    },
  }),
});

/** json-rpc-2.0 ships CommonJS only: bundle it for the browser (an IIFE exposing `JSONRPC`). */
async function bundleJsonRpc(dir: string): Promise<string> {
  const file = join(dir, 'json-rpc-2.0.js');
  await rolldownBuild({
    input: fileURLToPath(new URL('../node_modules/json-rpc-2.0/dist/index.js', import.meta.url)),
    output: { format: 'iife', name: 'JSONRPC', file },
    logLevel: 'silent',
  });
  return file;
}

/** y-websocket ships ES modules only: bundle its provider with yjs for the browser (an IIFE exposing `YWS` = { Y, WebsocketProvider }). */
async function bundleYWebsocket(dir: string): Promise<string> {
  const entry = join(dir, 'y-websocket-entry.mjs');
  const nm = (p: string) => JSON.stringify(fileURLToPath(new URL(`../node_modules/${p}`, import.meta.url)));
  await writeFile(entry, `export * as Y from ${nm('yjs/dist/yjs.mjs')};\nexport { WebsocketProvider } from ${nm('y-websocket/src/y-websocket.js')};\n`);
  const file = join(dir, 'y-websocket.js');
  await rolldownBuild({ input: entry, output: { format: 'iife', name: 'YWS', file }, logLevel: 'silent' });
  return file;
}

export async function startProtocolServer(): Promise<ProtocolServer> {
  // /flaky?id=X echoes, but drops the first connection of each id after its first message (a
  // reconnecting client's test).
  const flakySeen = new Set<string>();
  const flaky = (ws: WebSocket, id: string) => {
    const n = flakySeen.has(id) ? 2 : 1;
    flakySeen.add(id);
    ws.on('message', (d: Buffer, binary: boolean) => {
      ws.send(d, { binary });
      if (n === 1) setTimeout(() => ws.terminate(), 50);
    });
  };
  const bundles = await mkdtemp(join(tmpdir(), 'wslens-libs-'));
  const libs: Record<string, string> = { ...LIBS, '/lib/json-rpc-2.0.js': await bundleJsonRpc(bundles), '/lib/y-websocket.js': await bundleYWebsocket(bundles) };
  const http: HttpServer = createServer(async (req, res) => {
    const lib = libs[new URL(req.url ?? '/', 'http://x').pathname];
    if (lib === undefined) {
      if (!(await servePage(req, res))) res.writeHead(404).end('not found');
      return;
    }
    try {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(await readFile(lib));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  // socket.io on /socket.io/ (leaving the other upgrades alone).
  const io = new IoServer(http, { destroyUpgrade: false, serveClient: false });
  io.on('connection', (s) => {
    s.on('chat message', (...args: unknown[]) => s.emit('chat message', ...args));
    s.on('sum', (a: number, b: number, ack: (n: number) => void) => ack(a + b));
    s.on('ignored', () => {});
    s.on('upload', (buf: Buffer) => s.emit('file', buf));
    s.on('mixed', (...args: unknown[]) => {
      const ack = args.pop() as (...a: unknown[]) => void;
      ack(args.length, ...args);
    });
  });
  // socket.io with socket.io-msgpack-parser on /sio-msgpack/.
  const ioMsgpack = new IoServer(http, { path: '/sio-msgpack/', parser: msgpackParser, destroyUpgrade: false, serveClient: false });
  ioMsgpack.on('connection', (s) => {
    s.on('sum', (a: number, b: number, ack: (n: number) => void) => ack(a + b));
    s.on('upload', (buf: ArrayBuffer | Buffer) => s.emit('file', Buffer.from(buf as ArrayBuffer), buf.byteLength));
  });
  // A namespace that wants a token in the auth payload (v4) and greets with what it read.
  io.of('/admin')
    .use((s, next) => (s.handshake.auth?.token === 'secret' ? next() : next(new Error('not authorized'))))
    .on('connection', (s) => {
      s.emit('welcome', { user: s.handshake.auth.user ?? null });
      s.on('whoami', (ack: (a: unknown) => void) => ack({ nsp: '/admin', user: s.handshake.auth.user ?? null }));
    });
  // A socket.io 2 server on /sio2/ (Engine.IO 3, Socket.IO protocol 4); its auth is the query.
  ioV2(http);
  // SockJS (echo) on /sockjs: it installs its own request and upgrade handlers for that prefix.
  const sjs = sockjs.createServer({ prefix: '/sockjs', log: () => {} });
  sjs.on('connection', (conn) => conn?.on('data', (d: string) => conn.write(d)));
  sjs.installHandlers(http);
  // aedes on /mqtt; the scripted garbled sockets on /garble/….
  const broker = await Aedes.createBroker();
  const wss = new WebSocketServer({ noServer: true });
  const stompWss = new WebSocketServer({ noServer: true });
  stompBroker(stompWss);
  const graphqlWss = new WebSocketServer({ noServer: true });
  const graphqlServer = useServer({ schema: graphqlSchema }, graphqlWss);
  const rpc = new JSONRPCServer();
  rpc.addMethod('add', ({ a, b }: { a: number; b: number }) => a + b);
  rpc.addMethod('log', () => undefined);
  rpc.addMethod('hang', () => new Promise<never>(() => {}));
  const rpcWss = new WebSocketServer({ noServer: true });
  rpcWss.on('connection', (ws) =>
    ws.on('message', async (data: Buffer) => {
      const reply = await rpc.receive(JSON.parse(data.toString('utf8')));
      if (reply) ws.send(JSON.stringify(reply));
    }),
  );
  http.on('upgrade', (req, socket, head) => {
    const path = req.url ?? '/';
    if (path.startsWith('/socket.io/') || path.startsWith('/sio-msgpack/') || path.startsWith('/sockjs/') || path.startsWith('/sio2/')) return;
    if (path === '/mqtt') wss.handleUpgrade(req, socket, head, (ws) => broker.handle(createWebSocketStream(ws)));
    else if (path.startsWith('/garble/')) wss.handleUpgrade(req, socket, head, (ws) => garble(ws, path));
    else if (path === '/stomp') stompWss.handleUpgrade(req, socket, head, (ws) => stompWss.emit('connection', ws, req));
    else if (path === '/rpc') rpcWss.handleUpgrade(req, socket, head, (ws) => rpcWss.emit('connection', ws, req));
    else if (path === '/graphql') graphqlWss.handleUpgrade(req, socket, head, (ws) => graphqlWss.emit('connection', ws, req));
    else if (path.startsWith('/phoenix/websocket')) wss.handleUpgrade(req, socket, head, phoenixServer);
    else if (path === '/hub') wss.handleUpgrade(req, socket, head, signalrHub);
    else if (path === '/hub-msgpack') wss.handleUpgrade(req, socket, head, signalrMsgpackHub);
    else if (path.startsWith('/app/')) wss.handleUpgrade(req, socket, head, pusherConnection);
    else if (path === '/connection/websocket') wss.handleUpgrade(req, socket, head, centrifugoConnection);
    else if (path.startsWith('/yjs/')) wss.handleUpgrade(req, socket, head, (ws) => yjsConnection(ws, path));
    else if (path.startsWith('/flaky?')) wss.handleUpgrade(req, socket, head, (ws) => flaky(ws, new URL(path, 'http://x').searchParams.get('id') ?? ''));
    else socket.destroy();
  });
  // faye (Bayeux) on /faye: attached last, it wraps the request and upgrade listeners above.
  const bayeux = new faye.NodeAdapter({ mount: '/faye', timeout: 20 });
  bayeux.addExtension({
    incoming(message, callback) {
      if (message.channel === '/meta/subscribe' && message.subscription === '/secret') message.error = '403:/secret:Forbidden';
      callback(message);
    },
  });
  bayeux.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: (page) => `${base}/${page}`,
    close: async () => {
      for (const s of [wss, stompWss, graphqlWss, rpcWss]) for (const ws of s.clients) ws.terminate();
      await rm(bundles, { recursive: true, force: true });
      await graphqlServer.dispose();
      bayeux.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await new Promise<void>((resolve) => ioMsgpack.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}


/** The extension fixtures plus `protocols`, one protocol server per worker. */
export const test = base.extend<object, { protocols: ProtocolServer }>({
  protocols: [
    async ({}, use) => {
      const server = await startProtocolServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});
