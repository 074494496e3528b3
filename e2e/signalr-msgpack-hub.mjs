// A SignalR hub speaking the MessagePack hub protocol, written with the protocol's own package
// (@microsoft/signalr-protocol-msgpack reads and writes the messages), for the end-to-end protocol
// server (e2e/protocol-server.ts) and the protocol fixture recorder
// (scripts/capture-protocol-fixtures.mjs); the client is the real @microsoft/signalr.
//
// Handshake (JSON text, answered with `{}` 0x1E in a binary frame as ASP.NET Core does), then a
// `notify("welcome")` invocation; `Add(a, b)` → its result; `Fail()` → a completion with an error;
// the stream `Count(n)` → n items then its completion.
import { createRequire } from 'node:module';
import { decode } from '@msgpack/msgpack';

const require = createRequire(import.meta.url);
const { MessagePackHubProtocol } = require('@microsoft/signalr-protocol-msgpack');

/** The messages of a frame: each after its length, a VarInt (7 bits a byte, low first). @param {Uint8Array} b */
function* messagesOf(b) {
  for (let o = 0; o < b.length; ) {
    let len = 0;
    let shift = 0;
    let byte;
    do {
      byte = b[o++] ?? 0;
      len |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    yield b.subarray(o, o + len);
    o += len;
  }
}

/**
 * @typedef {object} HubSocket a `ws` WebSocket
 * @property {(event: 'message', listener: (data: Buffer, isBinary: boolean) => void) => unknown} on
 * @property {(data: Uint8Array | string, opts: { binary: boolean }) => void} send
 */

/** @param {HubSocket} ws */
export function signalrMsgpackHub(ws) {
  const protocol = new MessagePackHubProtocol();
  /** @param {import('@microsoft/signalr').HubMessage} m */
  const send = (m) => ws.send(new Uint8Array(protocol.writeMessage(m)), { binary: true });
  let shaken = false;
  ws.on('message', (data) => {
    if (!shaken) {
      shaken = true;
      ws.send(new TextEncoder().encode('{}\u001e'), { binary: true });
      send({ type: 1, target: 'notify', arguments: ['welcome'], headers: {} });
      return;
    }
    // The package parses what a client receives, not StreamInvocation: the arrays are read here.
    for (const bytes of messagesOf(new Uint8Array(data))) {
      const [type, , invocationId, target, args] = /** @type {[number, unknown, string, string, number[]]} */ (decode(bytes));
      if (type === 1 && target === 'Add') send({ type: 3, invocationId, result: args[0] + args[1], headers: {} });
      else if (type === 1 && target === 'Fail') send({ type: 3, invocationId, error: 'It failed', headers: {} });
      else if (type === 4 && target === 'Count') {
        for (let i = 1; i <= args[0]; i++) send({ type: 2, invocationId, item: i, headers: {} });
        send({ type: 3, invocationId, headers: {} });
      }
    }
  });
}
