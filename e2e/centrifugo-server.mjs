// A minimal Centrifugo server (client protocol v2, JSON: newline-separated commands and replies),
// for the end-to-end protocol server (e2e/protocol-server.ts) and the protocol fixture recorder
// (scripts/capture-protocol-fixtures.mjs); the client is the real centrifuge-js.
//
// connect → its reply (with a ping interval, pong asked for) and one ping `{}` right after;
// subscribe → its reply, except for the channel `secret` (error 103 permission denied); publish →
// its reply and the publication pushed to the channel's subscriber; rpc `sum` → the sum;
// unsubscribe → its reply. The replies one frame asks for go back in one frame, as Centrifugo does.

/**
 * @typedef {object} CentrifugoSocket a `ws` WebSocket
 * @property {(event: 'message', listener: (data: Buffer) => void) => unknown} on
 * @property {(text: string) => void} send
 */

/** @param {CentrifugoSocket} ws */
export function centrifugoConnection(ws) {
  /** @type {Set<string>} */
  const subs = new Set();
  ws.on('message', (raw) => {
    /** @type {unknown[]} */
    const out = [];
    let ping = false;
    for (const line of raw.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      /** @type {{ id?: number, connect?: object, subscribe?: { channel: string }, unsubscribe?: { channel: string }, publish?: { channel: string, data: unknown }, rpc?: { method: string, data: { a: number, b: number } } }} */
      const c = JSON.parse(line);
      const id = c.id;
      if (c.connect) {
        out.push({ id, connect: { client: 'c0ffee00-0000-4000-8000-000000000001', version: '6.0.0', ping: 25, pong: true } });
        ping = true;
      } else if (c.subscribe) {
        if (c.subscribe.channel === 'secret') out.push({ id, error: { code: 103, message: 'permission denied' } });
        else {
          subs.add(c.subscribe.channel);
          out.push({ id, subscribe: {} });
        }
      } else if (c.publish) {
        out.push({ id, publish: {} });
        if (subs.has(c.publish.channel)) out.push({ push: { channel: c.publish.channel, pub: { data: c.publish.data, offset: 1 } } });
      } else if (c.rpc) out.push({ id, rpc: { data: { sum: c.rpc.data.a + c.rpc.data.b } } });
      else if (c.unsubscribe) {
        subs.delete(c.unsubscribe.channel);
        out.push({ id, unsubscribe: {} });
      }
    }
    if (out.length) ws.send(out.map((r) => JSON.stringify(r)).join('\n'));
    if (ping) ws.send('{}');
  });
}
