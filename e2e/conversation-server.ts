/**
 * The scripted server of e2e/pages/conversation.html (e2e/capture-to-test.spec.ts,
 * e2e-firefox/capture-to-test.test.ts). `/conversation` (subprotocol lens.v1): greets with a
 * session id; answers a join with the seat (the name's length) as text and as bytes; answers
 * bytes with their hex and the bytes reversed; closes 4001 "bye <name>" on "bye <seat>".
 * `/notes` (notes.v1) echoes. Everything it received is in `received`.
 */
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';

export interface ConversationServer {
  /** host:port, what the page takes in `?ws=`. */
  host: string;
  /** What each path received, in order: text as `text …`, binary as `binary 1,2,3`. */
  received: { path: string; frame: string }[];
  close(): Promise<void>;
}

export async function startConversationServer(): Promise<ConversationServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => (offered.has('lens.v1') ? 'lens.v1' : offered.has('notes.v1') ? 'notes.v1' : false) });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const received: ConversationServer['received'] = [];
  let sessions = 0;
  wss.on('connection', (ws, req) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let name = '';
    if (path === '/conversation') ws.send(JSON.stringify({ type: 'welcome', session: `s-${++sessions}` }));
    ws.on('message', (data: Buffer, isBinary) => {
      received.push({ path, frame: isBinary ? `binary ${[...data].join(',')}` : `text ${data.toString('utf8')}` });
      if (path !== '/conversation') return void ws.send(data, { binary: isBinary });
      if (isBinary) {
        ws.send(`ack ${data.toString('hex')}`);
        ws.send(Buffer.from([...data].reverse()));
        return;
      }
      const text = data.toString('utf8');
      if (text.startsWith('{')) {
        const m = JSON.parse(text) as { type: string; name: string };
        name = m.name;
        const seat = [...name].length;
        ws.send(JSON.stringify({ type: 'joined', seat }));
        ws.send(Buffer.from([seat, 0x00, 0xff, 0x10]));
      } else if (text === `bye ${[...name].length}`) ws.close(4001, `bye ${name.split(' ')[0]}`);
    });
  });
  return {
    host: `127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
