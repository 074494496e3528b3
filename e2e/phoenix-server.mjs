// A Phoenix Channels server (serializer v2: JSON arrays `[join_ref, ref, topic, event, payload]`,
// and Phoenix's binary frames for binary payloads), for the end-to-end protocol server
// (e2e/protocol-server.ts) and the protocol fixture recorder (scripts/capture-protocol-fixtures.mjs);
// the client is the real phoenix.js.
//
// phx_join, heartbeat and phx_leave are answered ok; "shout" is answered and broadcast back. A
// binary push (kind 0) is answered with a binary reply (kind 1) holding its bytes reversed, then
// broadcast back as a binary broadcast (kind 2) "file", and the server pushes (kind 0, no ref)
// "thumb" with its first byte.

/**
 * @typedef {object} PhoenixSocket a `ws` WebSocket
 * @property {(event: 'message', listener: (data: Buffer, isBinary: boolean) => void) => unknown} on
 * @property {(data: string | Uint8Array, opts: { binary: boolean }) => void} send
 */

const enc = new TextEncoder();
const dec = new TextDecoder();

/** @param {number} kind @param {string[]} fields @param {Uint8Array} payload */
function binaryFrame(kind, fields, payload) {
  const parts = fields.map((f) => enc.encode(f));
  const head = [kind, ...parts.map((p) => p.length)];
  const out = new Uint8Array(head.length + parts.reduce((n, p) => n + p.length, 0) + payload.length);
  out.set(head, 0);
  let o = head.length;
  for (const p of [...parts, payload]) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** @param {PhoenixSocket} ws */
export function phoenixServer(ws) {
  ws.on('message', (raw, isBinary) => {
    if (isBinary) {
      // A client push: [0, joinRefLen, refLen, topicLen, eventLen, …fields, payload].
      const b = new Uint8Array(raw);
      const sizes = [b[1] ?? 0, b[2] ?? 0, b[3] ?? 0, b[4] ?? 0];
      let o = 5;
      const [joinRef, ref, topic, event] = sizes.map((n) => dec.decode(b.subarray(o, (o += n))));
      const payload = b.slice(o);
      ws.send(binaryFrame(1, [joinRef ?? '', ref ?? '', topic ?? '', 'ok'], payload.slice().reverse()), { binary: true });
      ws.send(binaryFrame(2, [topic ?? '', event === 'upload' ? 'file' : event ?? ''], payload), { binary: true });
      ws.send(binaryFrame(0, [joinRef ?? '', topic ?? '', 'thumb'], payload.subarray(0, 1)), { binary: true });
      return;
    }
    const [joinRef, ref, topic, event, payload] = /** @type {[string | null, string | null, string, string, unknown]} */ (JSON.parse(raw.toString('utf8')));
    /** @param {unknown} response */
    const reply = (response) => ws.send(JSON.stringify([joinRef, ref, topic, 'phx_reply', { status: 'ok', response }]), { binary: false });
    if (event === 'phx_join' || event === 'heartbeat') reply({});
    else if (event === 'shout') {
      reply({ received: true });
      ws.send(JSON.stringify([joinRef, null, topic, 'shout', payload]), { binary: false });
    } else if (event === 'phx_leave') reply({});
  });
}
