#!/usr/bin/env node
/**
 * Reproduces the protocol-decoder fixtures in src/core/decoders/fixtures/: runs real servers and
 * real clients of each protocol on 127.0.0.1, with a small recording `ws` proxy between them that
 * forwards every WebSocket message unchanged (text or binary, message boundaries kept, subprotocol
 * passed through) and writes each one down with its direction and time.
 *
 *   node scripts/capture-protocol-fixtures.mjs            # all scenarios
 *   node scripts/capture-protocol-fixtures.mjs mqtt stomp # only those whose name contains a word
 *
 * Fixture format (JSON): { name, description, libraries, url, protocols, protocol,
 *   frames: [{ dir: 'sent'|'received', opcode: 'text'|'binary', data: string (text or Base64), time }] }
 * `sent` is client → server, as the page would see it. Times are epoch milliseconds.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, WebSocket, createWebSocketStream } from 'ws';
import { stompBroker } from '../e2e/stomp-broker.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src/core/decoders/fixtures');
/** @param {number} ms @returns {Promise<void>} */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

/**
 * The installed version of `pkg`.
 * @param {string} pkg
 * @returns {string}
 */
function versionOf(pkg) {
  try {
    return require(`${pkg}/package.json`).version;
  } catch {
    // Packages whose exports hide package.json.
    const { readFileSync } = require('node:fs');
    return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  }
}

/**
 * Starts `server` on a free 127.0.0.1 port.
 * @param {http.Server} server
 * @returns {Promise<number>} the port
 */
function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port)));
}

/**
 * One recorded message, as the fixture stores it.
 * @typedef {object} RecordedFrame
 * @property {'sent' | 'received'} dir `sent`: client → server
 * @property {'text' | 'binary'} opcode
 * @property {string} data text, or Base64 of the bytes
 * @property {number} time epoch milliseconds
 */

/**
 * One proxied connection and what went through it.
 * @typedef {object} Recording
 * @property {string | undefined} url
 * @property {string[]} protocols offered by the client
 * @property {string} protocol chosen by the server
 * @property {RecordedFrame[]} frames
 */

/**
 * The upstream connection the proxy opened for a client's upgrade request, and the messages
 * upstream sent before the client's connection was accepted.
 * @typedef {{ upstream: { up: WebSocket, pending: [import('ws').RawData, boolean, number][], protocols: string[] } }} Upstream
 */

/**
 * A recording proxy: every WebSocket accepted on its port is joined to `upstream` + the same path,
 * asking for the same subprotocols and answering with the one upstream chose.
 * @param {number} upstreamPort
 */
async function recordingProxy(upstreamPort) {
  /** @type {Recording[]} */
  const connections = [];
  // Plain HTTP (Bayeux's handshake before its WebSocket, long-polling fallbacks) is forwarded as is.
  const server = http.createServer((req, res) => {
    const up = http.request({ host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  const wss = new WebSocketServer({
    server,
    verifyClient(info, cb) {
      const header = info.req.headers['sec-websocket-protocol'];
      const protocols = header ? header.split(',').map((s) => s.trim()) : [];
      const up = new WebSocket(`ws://127.0.0.1:${upstreamPort}${info.req.url}`, protocols, { perMessageDeflate: false });
      /** @type {Upstream['upstream']['pending']} */
      const pending = [];
      up.on('message', (data, isBinary) => pending.push([data, isBinary, now()]));
      up.once('open', () => {
        /** @type {http.IncomingMessage & Upstream} */ (info.req).upstream = { up, pending, protocols };
        cb(true);
      });
      up.once('error', () => cb(false, 502));
    },
    handleProtocols(_set, req) {
      return /** @type {http.IncomingMessage & Upstream} */ (req).upstream.up.protocol || false;
    },
    perMessageDeflate: false,
  });
  wss.on('connection', (client, req) => {
    const { up, pending, protocols } = /** @type {http.IncomingMessage & Upstream} */ (req).upstream;
    /** @type {Recording} */
    const rec = { url: req.url, protocols, protocol: up.protocol, frames: [] };
    connections.push(rec);
    /**
     * @param {RecordedFrame['dir']} dir
     * @param {import('ws').RawData} data a Buffer: the default binaryType, 'nodebuffer'
     * @param {boolean} isBinary
     * @param {number} time
     */
    const push = (dir, data, isBinary, time) => {
      rec.frames.push(
        isBinary
          ? { dir, opcode: 'binary', data: Buffer.from(/** @type {Buffer} */ (data)).toString('base64'), time: Math.round(time * 1000) / 1000 }
          : { dir, opcode: 'text', data: /** @type {Buffer} */ (data).toString('utf8'), time: Math.round(time * 1000) / 1000 },
      );
    };
    up.removeAllListeners('message');
    for (const [data, isBinary, time] of pending) {
      push('received', data, isBinary, time);
      client.send(data, { binary: isBinary });
    }
    up.on('message', (data, isBinary) => {
      push('received', data, isBinary, now());
      client.send(data, { binary: isBinary });
    });
    client.on('message', (data, isBinary) => {
      push('sent', data, isBinary, now());
      up.send(data, { binary: isBinary });
    });
    client.on('close', (code, reason) => up.close(code === 1005 ? 1000 : code, reason));
    up.on('close', (code, reason) => client.readyState === WebSocket.OPEN && client.close(code === 1005 ? 1000 : code, reason));
  });
  const port = await listen(server);
  return {
    port,
    connections,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.close();
    },
  };
}

/**
 * Writes `rec` as the fixture `name`.json.
 * @param {string} name
 * @param {string} description
 * @param {string[]} libraries packages whose versions the fixture names ("-vN" aliases as the package)
 * @param {Recording | undefined} rec
 */
function save(name, description, libraries, rec) {
  if (!rec) throw new Error(`${name}: no connection recorded`);
  const fixture = {
    name,
    description,
    generatedBy: 'scripts/capture-protocol-fixtures.mjs',
    libraries: Object.fromEntries(libraries.map((p) => [p.replace(/-v\d$/, ''), versionOf(p)])),
    url: rec.url,
    protocols: rec.protocols,
    protocol: rec.protocol,
    frames: rec.frames,
  };
  const text = JSON.stringify(fixture, null, 1) + '\n';
  if (text.length > 100_000) throw new Error(`${name}: fixture too large (${text.length} bytes)`);
  writeFileSync(join(outDir, `${name}.json`), text);
  console.log(`${name}: ${rec.frames.length} frames, ${text.length} bytes`);
}

// ───────────────────────────── Socket.IO v4 (Engine.IO v4) ─────────────────────────────

async function socketioV4() {
  const { Server } = require('socket.io');
  const { io } = require('socket.io-client');
  const httpServer = http.createServer();
  const ioServer = new Server(httpServer, { pingInterval: 150, pingTimeout: 2000 });
  ioServer.on('connection', (socket) => {
    socket.emit('welcome', { motd: 'hello', users: 3 });
    socket.on('chat', (msg, meta) => socket.emit('chat', { from: 'server', echo: msg, meta }));
    socket.on('sum', (a, b, ack) => setTimeout(() => ack({ sum: a + b }), 20));
    socket.on('upload', (_name, bytes, ack) => ack('stored', bytes.length));
    socket.on('need-ack', () => socket.emit('question', 'ready?', () => socket.emit('answered')));
    socket.on('file', () => socket.emit('file', 'report.bin', Buffer.from([1, 2, 3, 4, 250]), { parts: [Buffer.from('ab'), Buffer.from('cd')] }));
  });
  ioServer.of('/admin').on('connection', (socket) => {
    socket.on('kick', (user, ack) => ack({ ok: true, user }));
  });
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const url = `http://127.0.0.1:${proxy.port}`;
  const socket = io(url, { transports: ['websocket'] });
  await new Promise((r) => socket.once('welcome', r));
  socket.on('question', (_q, ack) => ack('yes'));
  const admin = io(`${url}/admin`, { transports: ['websocket'] }); // multiplexed on the same connection
  await /** @type {Promise<void>} */ (new Promise((r) => admin.once('connect', r)));
  socket.emit('chat', 'hi there', { lang: 'en' });
  await new Promise((r) => socket.once('chat', r));
  await socket.emitWithAck('sum', 2, 3);
  await socket.emitWithAck('upload', 'photo.png', new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]));
  await admin.emitWithAck('kick', 'mallory');
  const filed = new Promise((r) => socket.once('file', r));
  socket.emit('file');
  await filed;
  const answered = new Promise((r) => socket.once('answered', r));
  socket.emit('need-ack');
  await answered;
  await sleep(400); // a couple of ping/pong rounds
  admin.disconnect();
  await sleep(50);
  socket.disconnect();
  await sleep(100);
  save('socketio-v4', 'socket.io 4 server and socket.io-client 4 (websocket transport, EIO=4): events, acks, binary attachments both ways, a second namespace, ping/pong, disconnects', ['socket.io', 'socket.io-client'], proxy.connections[0]);
  await proxy.close();
  ioServer.close();
}

// ───────────────────────────── Socket.IO v2 (Engine.IO v3) ─────────────────────────────

async function socketioV2() {
  const Server = require('socket.io-v2');
  const ioClient = require('socket.io-client-v2');
  const httpServer = http.createServer();
  const ioServer = Server(httpServer, { pingInterval: 150, pingTimeout: 2000 });
  ioServer.on('connection', (socket) => {
    socket.emit('welcome', { motd: 'hello' });
    socket.on('sum', (a, b, ack) => ack(a + b));
    socket.on('file', (name, bytes, ack) => ack(name, bytes.length, Buffer.from([9, 8, 7])));
  });
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const socket = ioClient(`http://127.0.0.1:${proxy.port}`, { transports: ['websocket'] });
  await new Promise((r) => socket.once('welcome', r));
  await new Promise((r) => socket.emit('sum', 40, 2, r));
  await new Promise((r) => socket.emit('file', 'a.bin', Buffer.from([1, 2, 3]), r));
  await sleep(400); // EIO3: the client pings, the server pongs
  socket.disconnect();
  await sleep(100);
  save('socketio-v2-eio3', 'socket.io 2 server and socket.io-client 2 (websocket transport, EIO=3): events, acks, binary attachments (0x04-prefixed binary frames), ping/pong', ['socket.io-v2', 'socket.io-client-v2'], proxy.connections[0]);
  await proxy.close();
  ioServer.close();
}

// ───────────────────────────── MQTT 3.1.1 (aedes broker) ─────────────────────────────

async function mqtt311() {
  const { Aedes } = require('aedes');
  const mqtt = require('mqtt');
  const broker = await Aedes.createBroker();
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer, handleProtocols: (set) => (set.has('mqtt') ? 'mqtt' : false) });
  wss.on('connection', (ws) => broker.handle(createWebSocketStream(ws)));
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const client = await mqtt.connectAsync(`ws://127.0.0.1:${proxy.port}/mqtt`, { protocolVersion: 4, clientId: 'lens-311', keepalive: 60, reconnectPeriod: 0 });
  await client.subscribeAsync({ 'sensors/+/temp': { qos: 1 }, 'alerts/#': { qos: 2 } });
  await client.publishAsync('sensors/kitchen/temp', JSON.stringify({ c: 21.5 }), { qos: 1 });
  await client.publishAsync('alerts/fire', 'none', { qos: 2 });
  await client.publishAsync('sensors/hall/temp', Buffer.from([0, 1, 2, 255]), { qos: 0 });
  await client.publishAsync('status/lens', 'online', { qos: 1, retain: true });
  await sleep(100);
  await client.unsubscribeAsync('alerts/#');
  client.sendPing?.();
  await sleep(100);
  await client.endAsync();
  await sleep(100);
  save('mqtt-311', 'aedes broker over ws and the mqtt client (MQTT 3.1.1): CONNECT, SUBSCRIBE/SUBACK, PUBLISH qos 0/1/2 with PUBACK and PUBREC/PUBREL/PUBCOMP, retained message, UNSUBSCRIBE, PINGREQ, DISCONNECT', ['aedes', 'mqtt'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
  await /** @type {Promise<void>} */ (new Promise((r) => broker.close(r)));
}

// ───────────────────────────── MQTT 5 (mqtt-packet responder) ─────────────────────────────
// aedes speaks MQTT 3.1/3.1.1 only, so the MQTT 5 server side here is a small responder built on
// mqtt-packet's parser and generator; the client side is the real mqtt client with protocolVersion 5.

async function mqtt5() {
  const mqttPacket = require('mqtt-packet');
  const mqtt = require('mqtt');
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer, handleProtocols: (set) => (set.has('mqtt') ? 'mqtt' : false) });
  wss.on('connection', (ws) => {
    const opts = { protocolVersion: 5 };
    const parser = mqttPacket.parser(opts);
    /** @param {import('mqtt-packet').Packet} packet */
    const send = (packet) => ws.send(mqttPacket.generate(packet, opts));
    /** @type {string[]} topic filters subscribed to */
    const subs = [];
    parser.on('packet', (p) => {
      switch (p.cmd) {
        case 'connect':
          send({ cmd: 'connack', reasonCode: 0, sessionPresent: false, properties: { topicAliasMaximum: 10, receiveMaximum: 20 } });
          break;
        case 'subscribe':
          subs.push(...p.subscriptions.map((s) => s.topic));
          send({ cmd: 'suback', messageId: p.messageId, granted: p.subscriptions.map((s) => s.qos), properties: { reasonString: 'ok' } });
          break;
        case 'publish':
          if (p.qos === 1) send({ cmd: 'puback', messageId: p.messageId, reasonCode: 0 });
          if (p.qos === 2) send({ cmd: 'pubrec', messageId: p.messageId, reasonCode: 0 });
          if (subs.some((s) => p.topic.startsWith(s.replace('#', '')))) {
            // `dup: false` for the type (IPublishPacket requires it): generate() writes it as it did an absent one, 0.
            send({ cmd: 'publish', topic: p.topic, payload: p.payload, qos: 0, dup: false, retain: false, properties: { userProperties: { via: 'responder' } } });
          }
          break;
        case 'pubrel':
          send({ cmd: 'pubcomp', messageId: p.messageId, reasonCode: 0 });
          break;
        case 'unsubscribe':
          send({ cmd: 'unsuback', messageId: p.messageId, granted: p.unsubscriptions.map(() => 0) });
          break;
        case 'pingreq':
          send({ cmd: 'pingresp' });
          break;
      }
    });
    ws.on('message', (data) => parser.parse(/** @type {Buffer} the default binaryType, 'nodebuffer' */ (data)));
  });
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const client = await mqtt.connectAsync(`ws://127.0.0.1:${proxy.port}/mqtt`, {
    protocolVersion: 5,
    clientId: 'lens-5',
    reconnectPeriod: 0,
    properties: { sessionExpiryInterval: 30, userProperties: { app: 'lens' } },
  });
  await client.subscribeAsync('chat/#', { qos: 1 });
  const got = new Promise((r) => client.once('message', r));
  await client.publishAsync('chat/room1', 'hello v5', { qos: 1, properties: { contentType: 'text/plain', userProperties: { k: 'v' } } });
  await got;
  await client.publishAsync('chat/room2', Buffer.from('qos2'), { qos: 2 });
  await client.unsubscribeAsync('chat/#');
  await client.endAsync();
  await sleep(100);
  save('mqtt-5', 'the mqtt client with protocolVersion 5 against a responder built on mqtt-packet (aedes has no MQTT 5): properties, SUBSCRIBE/SUBACK, PUBLISH qos 1/2, UNSUBSCRIBE, DISCONNECT', ['mqtt', 'mqtt-packet'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
}

// ───────────────────────────── STOMP 1.2 ─────────────────────────────
// The broker is the end-to-end suite's, e2e/stomp-broker.mjs; the client is the real @stomp/stompjs.

async function stomp() {
  const { Client } = require('@stomp/stompjs');
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer, handleProtocols: (set) => (set.has('v12.stomp') ? 'v12.stomp' : false) });
  stompBroker(wss);
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const client = new Client({
    webSocketFactory: () => new WebSocket(`ws://127.0.0.1:${proxy.port}/ws`, ['v12.stomp', 'v11.stomp', 'v10.stomp']),
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    reconnectDelay: 0,
    connectHeaders: { login: 'guest', passcode: 'guest', host: '/' },
  });
  const connected = new Promise((r) => (client.onConnect = r));
  client.activate();
  await connected;
  /** @type {string[]} */
  const received = [];
  client.subscribe('/topic/chat', (m) => received.push(m.body), { id: 'sub-0' });
  await new Promise((r) => { client.watchForReceipt('rcpt-sub', r); client.subscribe('/queue/orders', () => {}, { id: 'sub-1', receipt: 'rcpt-sub' }); });
  client.publish({ destination: '/topic/chat', body: 'Hello, STOMP', headers: { 'content-type': 'text/plain' } });
  await new Promise((r) => { client.watchForReceipt('rcpt-1', r); client.publish({ destination: '/queue/orders', body: JSON.stringify({ sku: 'A-1', qty: 2 }), headers: { 'content-type': 'application/json', receipt: 'rcpt-1' } }); });
  client.publish({ destination: '/topic/chat', binaryBody: new Uint8Array([104, 105]), headers: { 'content-type': 'application/octet-stream' } });
  await sleep(100);
  client.publish({ destination: '/queue/never-answered', body: 'x', headers: { receipt: 'rcpt-lost' } });
  await sleep(50);
  await client.deactivate();
  await sleep(100);
  save('stomp-12', '@stomp/stompjs against a minimal STOMP 1.2 broker on ws: CONNECT/CONNECTED, SUBSCRIBE (one with a receipt), SEND/MESSAGE, a text and a binary body, receipts (one answered in the same WebSocket message as a MESSAGE), DISCONNECT with receipt', ['@stomp/stompjs', 'ws'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
}

// ───────────────────────────── SockJS + STOMP ─────────────────────────────

async function sockjsStomp() {
  const sockjs = require('sockjs');
  const SockJS = require('sockjs-client');
  const { Client } = require('@stomp/stompjs');
  const httpServer = http.createServer();
  const echo = sockjs.createServer({ log: () => {}, heartbeat_delay: 200 });
  // Bridge each SockJS connection to the STOMP broker logic through a tiny fake WebSocketServer.
  const { EventEmitter } = require('node:events');
  const fakeWss = new EventEmitter();
  stompBroker(fakeWss);
  echo.on('connection', (conn) => {
    /** @type {InstanceType<typeof EventEmitter> & { send?: (text: string) => void }} a StompSocket once `send` is set */
    const fake = new EventEmitter();
    fake.send = (t) => conn.write(t);
    conn.on('data', (d) => fake.emit('message', Buffer.from(d)));
    fakeWss.emit('connection', fake);
  });
  echo.installHandlers(httpServer, { prefix: '/stomp' });
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  // The proxy only carries WebSockets; SockJS's info request goes to the real server.
  const http2 = http.createServer((req, res) => {
    const up = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(/** @type {number} a client response always has one */ (r.statusCode), r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  http2.on('upgrade', (req, socket, head) => {
    const net = require('node:net');
    const up = net.connect(proxy.port, '127.0.0.1', () => {
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
  });
  const frontPort = await listen(http2);
  const client = new Client({
    webSocketFactory: () => new SockJS(`http://127.0.0.1:${frontPort}/stomp`, null, { transports: ['websocket'] }),
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    reconnectDelay: 0,
  });
  const connected = new Promise((r) => (client.onConnect = r));
  client.activate();
  await connected;
  const got = new Promise((r) => client.subscribe('/topic/news', (m) => r(m.body), { id: 'sub-0' }));
  await new Promise((r) => { client.watchForReceipt('r-1', r); client.publish({ destination: '/topic/news', body: 'Extra! Extra!', headers: { receipt: 'r-1' } }); });
  await got;
  await sleep(250); // a SockJS heartbeat frame
  await client.deactivate();
  await sleep(100);
  save('sockjs-stomp', 'sockjs server and sockjs-client (websocket transport) carrying @stomp/stompjs to the minimal STOMP broker: o, h, a[...] and c[...] framing with STOMP frames inside', ['sockjs', 'sockjs-client', '@stomp/stompjs'], proxy.connections[0]);
  await proxy.close();
  http2.close();
  httpServer.close();
}

// ───────────────────────────── GraphQL over WebSocket (graphql-transport-ws) ─────────────────────────────

async function graphqlWs() {
  const { buildSchema } = require('graphql');
  const { useServer } = await import('graphql-ws/use/ws');
  const { createClient } = await import('graphql-ws');
  const schema = buildSchema(`
    type Query { hello(name: String): String, fail: String }
    type Mutation { addTodo(text: String!): Todo }
    type Todo { id: ID!, text: String! }
    type Subscription { countdown(from: Int!): Int }
  `);
  const roots = {
    query: { hello: (/** @type {{ name?: string | null }} */ { name }) => `Hello, ${name ?? 'world'}!`, fail: () => { throw new Error('this field always fails'); } },
    mutation: { addTodo: (/** @type {{ text: string }} */ { text }) => ({ id: '7', text }) },
    subscription: {
      countdown: async function* (/** @type {{ from: number }} */ { from }) {
        for (let i = from; i >= 0; i--) { await sleep(10); yield { countdown: i }; }
      },
    },
  };
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const disposable = useServer({ schema, roots }, wss);
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const client = createClient({ url: `ws://127.0.0.1:${proxy.port}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { token: 'secret' }, generateID: (() => { let n = 0; return () => `op-${++n}`; })() });
  /** @param {import('graphql-ws').SubscribePayload} payload @returns {Promise<unknown[]>} the results it sent */
  const once = (payload) => new Promise((resolve, reject) => { const out = /** @type {unknown[]} */ ([]); client.subscribe(payload, { next: (v) => out.push(v), error: reject, complete: () => resolve(out) }); });
  await once({ query: 'query Hello($name: String) { hello(name: $name) }', variables: { name: 'Lens' }, operationName: 'Hello' });
  await once({ query: 'mutation AddTodo { addTodo(text: "write decoders") { id text } }' });
  await once({ query: 'subscription Countdown { countdown(from: 3) }' });
  await once({ query: '{ fail }' });
  await once({ query: '{ nope }' }).catch(() => {});
  // A subscription the client stops itself (client → server complete).
  await new Promise(/** @param {(value?: unknown) => void} resolve */ (resolve) => { let n = 0; const stop = client.subscribe({ query: 'subscription Long { countdown(from: 50) }' }, { next: () => { if (++n === 2) { stop(); resolve(); } }, error: resolve, complete: resolve }); });
  await sleep(100);
  await client.dispose();
  await sleep(100);
  save('graphql-transport-ws', 'graphql-ws server (useServer on ws) and graphql-ws client: connection_init/ack, query, mutation, subscription with several next, a field error, a validation error, a subscription cancelled by the client', ['graphql-ws', 'graphql'], proxy.connections[0]);
  await proxy.close();
  await disposable.dispose();
  httpServer.close();
}

// ───────────────────────────── JSON-RPC 2.0 ─────────────────────────────

async function jsonRpc() {
  const { JSONRPCServer, JSONRPCClient, JSONRPCServerAndClient } = require('json-rpc-2.0');
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  /** @param {WebSocket} ws */
  const makePeer = (ws) => {
    const peer = new JSONRPCServerAndClient(new JSONRPCServer(), new JSONRPCClient((req) => { ws.send(JSON.stringify(req)); }));
    ws.on('message', (d) => peer.receiveAndSend(JSON.parse(d.toString())));
    return peer;
  };
  wss.on('connection', (ws) => {
    const peer = makePeer(ws);
    peer.addMethod('add', ({ a, b }) => a + b);
    peer.addMethod('slow', async ({ ms }) => { await sleep(ms); return 'done'; });
    peer.addMethod('fail', () => { throw new Error('boom'); });
    peer.addMethod('log', () => undefined);
    peer.addMethod('askClient', async () => peer.request('client.version', {}));
  });
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/rpc`);
  await new Promise((r) => ws.once('open', r));
  const peer = makePeer(ws);
  peer.addMethod('client.version', () => '1.2.3');
  await peer.request('add', { a: 2, b: 3 });
  await peer.request('slow', { ms: 30 });
  // request() is typed PromiseLike; it returns a Promise.
  await /** @type {Promise<unknown>} */ (peer.request('fail', {})).catch(() => {});
  await /** @type {Promise<unknown>} */ (peer.request('missing', [1])).catch(() => {});
  peer.notify('log', { level: 'info', msg: 'notification, no reply' });
  await peer.client.requestAdvanced([
    { jsonrpc: '2.0', id: 100, method: 'add', params: { a: 10, b: 20 } },
    { jsonrpc: '2.0', id: 101, method: 'add', params: { a: 1, b: 1 } },
    { jsonrpc: '2.0', method: 'log', params: { msg: 'in a batch' } },
  ]);
  await peer.request('askClient', {});
  await sleep(50);
  ws.close();
  await sleep(100);
  save('jsonrpc', 'json-rpc-2.0 JSONRPCServerAndClient on both ends of a ws connection: requests, a slow request, an error, method not found, a notification, a batch, a server-to-client request', ['json-rpc-2.0', 'ws'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
}

// ───────────────────────────── Socket.IO with socket.io-msgpack-parser ─────────────────────────────

async function socketioMsgpack() {
  const { Server } = require('socket.io');
  const { io } = require('socket.io-client');
  const parser = require('socket.io-msgpack-parser');
  const httpServer = http.createServer();
  const ioServer = new Server(httpServer, { parser, pingInterval: 150, pingTimeout: 2000 });
  ioServer.on('connection', (socket) => {
    socket.emit('welcome', { motd: 'hello' });
    socket.on('sum', (a, b, ack) => ack({ sum: a + b }));
    socket.on('upload', (_name, bytes, ack) => ack('stored', bytes.length));
  });
  ioServer.of('/admin').use((_socket, next) => next(new Error('not authorized')));
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const url = `http://127.0.0.1:${proxy.port}`;
  const socket = io(url, { transports: ['websocket'], parser });
  await new Promise((r) => socket.once('welcome', r));
  await socket.emitWithAck('sum', 2, 3);
  await socket.emitWithAck('upload', 'photo.png', new Uint8Array([137, 80, 78, 71]));
  const admin = io(`${url}/admin`, { transports: ['websocket'], parser });
  await new Promise((r) => admin.once('connect_error', r));
  await sleep(200); // a ping/pong round
  socket.disconnect();
  await sleep(100);
  save('socketio-msgpack', 'socket.io 4 server and socket.io-client, both with socket.io-msgpack-parser, websocket transport: an event, acks, a binary argument, a namespace refused by its middleware (CONNECT_ERROR), ping/pong', ['socket.io', 'socket.io-client', 'socket.io-msgpack-parser'], proxy.connections[0]);
  await proxy.close();
  ioServer.close();
}

// ───────────────────────────── Yjs (y-websocket) ─────────────────────────────

async function yjs() {
  const Y = await import('yjs');
  const { WebsocketProvider } = await import('y-websocket');
  const { yjsConnection } = await import('../e2e/yjs-server.mjs');
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws, req) => yjsConnection(ws, req.url ?? '/'));
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const docA = new Y.Doc();
  docA.clientID = 42;
  const a = new WebsocketProvider(`ws://127.0.0.1:${proxy.port}/yjs`, 'notes', docA, { WebSocketPolyfill: /** @type {typeof globalThis.WebSocket} */ (/** @type {unknown} */ (WebSocket)), disableBc: true });
  await new Promise((r) => a.once('sync', r));
  a.awareness.setLocalStateField('user', { name: 'Ada', color: '#30bced' });
  docA.getText('shared').insert(5, ', world');
  // A second client's edit reaches the first through the server.
  const docB = new Y.Doc();
  docB.clientID = 77;
  const b = new WebsocketProvider(`ws://127.0.0.1:${proxy.port}/yjs`, 'notes', docB, { WebSocketPolyfill: /** @type {typeof globalThis.WebSocket} */ (/** @type {unknown} */ (WebSocket)), disableBc: true });
  await new Promise((r) => b.once('sync', r));
  const seen = new Promise((r) => docA.getText('shared').observe(r));
  docB.getText('shared').insert(0, '> ');
  await seen;
  await sleep(100);
  b.destroy();
  await sleep(100);
  a.destroy();
  await sleep(100);
  save('yjs', 'y-websocket WebsocketProvider (client 42) against a y-protocols server (e2e/yjs-server.mjs): sync step 1 both ways, step 2 both ways, awareness, the client\'s update, another client\'s (77) update relayed, awareness of the other client and its removal', ['yjs', 'y-websocket', 'y-protocols'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
}

// ───────────────────────────── SignalR, MessagePack hub protocol ─────────────────────────────

async function signalrMsgpack() {
  const signalR = require('@microsoft/signalr');
  const { MessagePackHubProtocol } = require('@microsoft/signalr-protocol-msgpack');
  const { signalrMsgpackHub } = await import('../e2e/signalr-msgpack-hub.mjs');
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws) => signalrMsgpackHub(ws));
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const conn = new signalR.HubConnectionBuilder()
    .withUrl(`http://127.0.0.1:${proxy.port}/hub-msgpack`, { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withHubProtocol(new MessagePackHubProtocol())
    .configureLogging(process.env.DEBUG ? signalR.LogLevel.Trace : signalR.LogLevel.None)
    .build();
  const welcomed = new Promise((r) => conn.on('notify', r));
  await conn.start();
  await welcomed;
  await conn.invoke('Add', 2, 3);
  await conn.invoke('Fail').catch(() => {});
  await new Promise((resolve, reject) => conn.stream('Count', 3).subscribe({ next() {}, complete: () => resolve(undefined), error: reject }));
  await conn.send('Log', 'fire and forget');
  await sleep(50);
  await conn.stop();
  await sleep(100);
  save('signalr-msgpack', '@microsoft/signalr with @microsoft/signalr-protocol-msgpack against a hub written with that package (e2e/signalr-msgpack-hub.mjs): handshake, a server invocation, invoke with a result and with an error, a stream, a send without an id, close', ['@microsoft/signalr', '@microsoft/signalr-protocol-msgpack'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
}

// ───────────────────────────── Phoenix Channels, JSON and binary ─────────────────────────────

async function phoenixBinary() {
  const { Socket } = require('phoenix');
  const { phoenixServer } = await import('../e2e/phoenix-server.mjs');
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws) => phoenixServer(ws));
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const socket = new Socket(`ws://127.0.0.1:${proxy.port}/socket`, { transport: WebSocket, heartbeatIntervalMs: 60_000 });
  socket.connect();
  const channel = socket.channel('room:lobby', {});
  await new Promise((r) => channel.join().receive('ok', r));
  await new Promise((r) => channel.push('shout', { body: 'hi' }).receive('ok', r));
  const file = new Promise((r) => channel.on('file', r));
  const thumb = new Promise((r) => channel.on('thumb', r));
  await new Promise((r) => channel.push('upload', new Uint8Array([1, 2, 3, 250]).buffer).receive('ok', r));
  await file;
  await thumb;
  await new Promise((r) => channel.leave().receive('ok', r));
  socket.disconnect();
  await sleep(100);
  save('phoenix-binary', 'phoenix.js (serializer v2) against a Phoenix-protocol server (e2e/phoenix-server.mjs): join, a JSON push, a binary push (ArrayBuffer payload) with its binary reply, a binary broadcast and a binary server push, leave', ['phoenix', 'ws'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
}

// ───────────────────────────── Bayeux (Faye, CometD) ─────────────────────────────

/** A Faye server that refuses subscriptions to /secret (403), as an extension does. */
async function fayeServer() {
  const faye = require('faye');
  const bayeux = new faye.NodeAdapter({ mount: '/faye', timeout: 20 });
  bayeux.addExtension({
    incoming(message, callback) {
      if (message.channel === '/meta/subscribe' && message.subscription === '/secret') message.error = '403:/secret:Forbidden';
      callback(message);
    },
  });
  const httpServer = http.createServer();
  bayeux.attach(httpServer);
  const port = await listen(httpServer);
  return { port, close: () => { bayeux.close(); httpServer.close(); } };
}

async function bayeuxFaye() {
  const faye = require('faye');
  const server = await fayeServer();
  const proxy = await recordingProxy(server.port);
  const client = new faye.Client(`http://127.0.0.1:${proxy.port}/faye`);
  const got = new Promise((r) => client.subscribe('/chat', r).then(() => client.publish('/chat', { text: 'hello', n: 1 })));
  await got;
  await client.subscribe('/secret', () => {}).then(() => { throw new Error('/secret subscribed'); }, () => {});
  await client.unsubscribe('/chat');
  await sleep(50);
  client.disconnect();
  await sleep(150);
  save('bayeux-faye', 'faye Client against a faye NodeAdapter (handshake over HTTP, then WebSocket): connect, subscribe, publish and its delivery, a subscription refused by a server extension (403), unsubscribe, disconnect', ['faye'], proxy.connections.find((c) => c.frames.length > 2));
  await proxy.close();
  server.close();
}

async function bayeuxCometd() {
  const { adapt } = require('cometd-nodejs-client');
  adapt();
  const { CometD } = require('cometd');
  const server = await fayeServer();
  const proxy = await recordingProxy(server.port);
  const cometd = new CometD();
  cometd.configure({ url: `http://127.0.0.1:${proxy.port}/faye` });
  await new Promise((resolve, reject) => cometd.handshake((h) => (h.successful ? resolve(undefined) : reject(new Error(h.error)))));
  const delivered = new Promise((r) => cometd.subscribe('/news', r, () => cometd.publish('/news', { title: 'cometd' })));
  await delivered;
  await new Promise((r) => cometd.subscribe('/secret', () => {}, r));
  await sleep(50);
  await new Promise((r) => cometd.disconnect(r));
  await sleep(150);
  save('bayeux-cometd', 'the CometD JavaScript client (cometd-nodejs-client) against a faye NodeAdapter: handshake, connect, subscribe, publish and its delivery, a refused subscription, disconnect', ['cometd', 'cometd-nodejs-client', 'faye'], proxy.connections.find((c) => c.frames.length > 2));
  await proxy.close();
  server.close();
}

// ───────────────────────────── Pusher Channels ─────────────────────────────

async function pusher() {
  // pusher-js's module is the constructor itself; its types call it the default export.
  const Pusher = /** @type {typeof import('pusher-js').default} */ (/** @type {unknown} */ (require('pusher-js')));
  const { pusherConnection } = await import('../e2e/pusher-server.mjs');
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws) => pusherConnection(ws));
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const client = new Pusher('app-key', {
    cluster: 'local', wsHost: '127.0.0.1', wsPort: proxy.port, forceTLS: false, enabledTransports: ['ws'], disableStats: true,
    channelAuthorization: {
      // One private channel is signed with a key the server refuses; the others are signed right.
      customHandler: ({ channelName }, cb) => cb(null, { auth: channelName === 'private-refused' ? 'key:bad' : 'key:ok', ...(channelName.startsWith('presence-') ? { channel_data: JSON.stringify({ user_id: 'u1', user_info: { name: 'Ada' } }) } : {}) }),
    },
  });
  const greeted = new Promise((r) => client.subscribe('news').bind('greeting', r));
  await greeted;
  const priv = client.subscribe('private-chat');
  await new Promise((r) => priv.bind('pusher:subscription_succeeded', r));
  const echoed = new Promise((r) => priv.bind('echo', r));
  priv.trigger('client-typing', { user: 'Ada' });
  await echoed;
  await new Promise((r) => client.subscribe('private-refused').bind('pusher:subscription_error', r));
  await new Promise((r) => client.subscribe('presence-room').bind('pusher:subscription_succeeded', r));
  client.unsubscribe('news');
  const ponged = new Promise((r) => client.connection.bind('pong', r)); // not an event pusher-js emits to apps: wait on the socket
  client.connection.send_event('pusher:ping', {});
  await Promise.race([ponged, sleep(200)]);
  await sleep(50);
  client.disconnect();
  await sleep(100);
  save('pusher', 'pusher-js against a minimal Pusher-protocol server (e2e/pusher-server.mjs): connection established, a public channel and its event, a private channel and a client event, a subscription refused (soketi\'s pusher:subscription_error), a presence channel, unsubscribe, ping/pong', ['pusher-js', 'ws'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
}

// ───────────────────────────── Centrifugo (JSON) ─────────────────────────────

async function centrifugo() {
  const { Centrifuge } = require('centrifuge');
  const { centrifugoConnection } = await import('../e2e/centrifugo-server.mjs');
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws) => centrifugoConnection(ws));
  const port = await listen(httpServer);
  const proxy = await recordingProxy(port);
  const client = new Centrifuge(`ws://127.0.0.1:${proxy.port}/connection/websocket`, { websocket: WebSocket, name: 'js', debug: !!process.env.DEBUG });
  const news = client.newSubscription('news');
  const published = new Promise((r) => news.on('publication', r));
  news.subscribe();
  const secret = client.newSubscription('secret');
  const refused = new Promise((r) => secret.on('unsubscribed', r));
  secret.subscribe();
  client.connect();
  await new Promise((r) => news.on('subscribed', r));
  await refused;
  await client.publish('news', { text: 'hello centrifugo' });
  await published;
  await client.rpc('sum', { a: 2, b: 3 });
  news.unsubscribe();
  await sleep(100);
  client.disconnect();
  await sleep(100);
  save('centrifugo', 'centrifuge-js (JSON protocol) against a minimal Centrifugo server (e2e/centrifugo-server.mjs): connect and two subscriptions batched in one frame, one refused (103), a server ping and its pong, publish and its push, rpc, unsubscribe', ['centrifuge', 'ws'], proxy.connections[0]);
  await proxy.close();
  wss.close();
  httpServer.close();
}

// ───────────────────────────── MessagePack and CBOR ─────────────────────────────

async function binaryFormats() {
  const { encode: mpEncode, decode: mpDecode } = require('@msgpack/msgpack');
  const cbor = await import('cborg');
  /** @typedef {{ type: string, id: number }} Message what the server reads of a decoded message */
  for (const [name, enc, dec] of /** @satisfies {[name: string, enc: (v: unknown) => Uint8Array, dec: (b: Uint8Array) => Message][]} */ ([
    ['msgpack', (v) => mpEncode(v), (b) => /** @type {Message} */ (mpDecode(b))],
    ['cbor', (v) => cbor.encode(v), (b) => cbor.decode(b)],
  ])) {
    const httpServer = http.createServer();
    const wss = new WebSocketServer({ server: httpServer });
    wss.on('connection', (ws) => ws.on('message', (d) => {
      const msg = dec(new Uint8Array(/** @type {Buffer} the default binaryType, 'nodebuffer' */ (d)));
      ws.send(enc({ type: 'reply', to: msg.type, id: msg.id, ok: true, at: 1700000000000, data: new Uint8Array([1, 2, 3]) }));
    }));
    const port = await listen(httpServer);
    const proxy = await recordingProxy(port);
    const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/${name}`);
    await new Promise((r) => ws.once('open', r));
    for (const msg of [{ type: 'hello', id: 1, user: { name: 'Ada', tags: ['x', 'y'] } }, { type: 'move', id: 2, x: 1.5, y: -2 }]) {
      const reply = new Promise((r) => ws.once('message', r));
      ws.send(enc(msg));
      await reply;
    }
    ws.close();
    await sleep(100);
    save(name, `a ws server and client exchanging ${name === 'cbor' ? 'cborg' : '@msgpack/msgpack'}-encoded binary messages`, [name === 'cbor' ? 'cborg' : '@msgpack/msgpack', 'ws'], proxy.connections[0]);
    await proxy.close();
    wss.close();
    httpServer.close();
  }
}

const scenarios = { socketioV4, socketioV2, mqtt311, mqtt5, stomp, sockjsStomp, graphqlWs, jsonRpc, binaryFormats, bayeuxFaye, bayeuxCometd, pusher, centrifugo, socketioMsgpack, yjs, signalrMsgpack, phoenixBinary };
mkdirSync(outDir, { recursive: true });
const only = process.argv.slice(2).map((s) => s.toLowerCase());
let failed = 0;
for (const [name, run] of Object.entries(scenarios)) {
  if (only.length && !only.some((w) => name.toLowerCase().includes(w))) continue;
  try {
    await run();
  } catch (err) {
    failed++;
    console.error(`${name}: FAILED`, err);
  }
}
process.exit(failed ? 1 : 0);
