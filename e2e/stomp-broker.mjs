// The one STOMP 1.2 test broker (there is no maintained STOMP 1.2 server package for Node), for the
// end-to-end protocol server (e2e/protocol-server.ts) and the protocol fixture recorder
// (scripts/capture-protocol-fixtures.mjs); the clients are the real @stomp/stompjs.
//
// CONNECT/STOMP → CONNECTED; SUBSCRIBE/UNSUBSCRIBE; SEND → MESSAGE to each subscription of that
// destination. A receipt is answered, except for /queue/never-answered (an unanswered request, on
// purpose); a SEND to /queue/forbidden gets an ERROR. The frames one client message asks for go
// back in one WebSocket message, as brokers do when they batch.

/**
 * @param {string} command
 * @param {Record<string, string>} headers
 * @param {string} [body]
 */
function stompFrame(command, headers, body = '') {
  return `${command}\n${Object.entries(headers)
    .map(([k, v]) => `${k}:${v}`)
    .join('\n')}\n\n${body}\0`;
}

/**
 * @typedef {object} StompSocket a `ws` WebSocket, or anything that looks like one
 * @property {(event: 'message', listener: (data: Buffer) => void) => unknown} on
 * @property {(text: string) => void} send
 */

/**
 * Serves STOMP on every connection `wss` emits (a `ws` WebSocketServer, or an emitter of
 * StompSocket connections).
 * @param {{ on(event: 'connection', listener: (ws: StompSocket) => void): unknown }} wss
 */
export function stompBroker(wss) {
  let msgId = 0;
  wss.on('connection', (ws) => {
    /** @type {Map<string, string>} subscription id → destination */
    const subs = new Map();
    ws.on('message', (raw) => {
      for (const chunk of raw.toString('utf8').split('\0')) {
        const text = chunk.replace(/^[\r\n]+/, '');
        if (!text) continue;
        const [head = '', ...rest] = text.split('\n\n');
        const [command, ...lines] = head.split('\n');
        /** @type {Record<string, string>} */
        const h = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
        const body = rest.join('\n\n');
        let reply = '';
        if (command === 'CONNECT' || command === 'STOMP') reply += stompFrame('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'lens-stomp/0.1' });
        else if (command === 'SUBSCRIBE' && h.id !== undefined && h.destination !== undefined) subs.set(h.id, h.destination);
        else if (command === 'UNSUBSCRIBE' && h.id !== undefined) subs.delete(h.id);
        else if (command === 'SEND') {
          if (h.destination === '/queue/forbidden') {
            ws.send(stompFrame('ERROR', { message: 'not allowed', 'content-type': 'text/plain', ...(h.receipt ? { 'receipt-id': h.receipt } : {}) }, 'You may not send to /queue/forbidden'));
            return;
          }
          for (const [id, dest] of subs)
            if (dest === h.destination)
              reply += stompFrame('MESSAGE', { subscription: id, 'message-id': String(++msgId), destination: dest, 'content-type': h['content-type'] ?? 'text/plain' }, body);
        }
        if (h.receipt && h.destination !== '/queue/never-answered') reply += stompFrame('RECEIPT', { 'receipt-id': h.receipt });
        if (reply) ws.send(reply);
      }
    });
  });
}
