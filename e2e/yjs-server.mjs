// A y-websocket server written with y-protocols (y-websocket 3 ships the client only), for the
// end-to-end protocol server (e2e/protocol-server.ts) and the protocol fixture recorder
// (scripts/capture-protocol-fixtures.mjs); the client is the real y-websocket WebsocketProvider.
//
// One Y.Doc per room (the URL's path), its text "shared" starting as "hello" written by the
// server's own client. On connection: sync step 1 and the room's awareness states; a client's
// sync step 1 is answered with step 2, its updates are applied and sent to the room's other
// connections, its awareness updates likewise. A room whose name starts with "private" refuses
// the client with an auth message (permission denied).
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;

/**
 * @typedef {object} YjsSocket a `ws` WebSocket
 * @property {(event: 'message' | 'close', listener: (data: Buffer) => void) => unknown} on
 * @property {(data: Uint8Array) => void} send
 */

/** @type {Map<string, { doc: Y.Doc, awareness: awarenessProtocol.Awareness, conns: Set<YjsSocket> }>} */
const rooms = new Map();

/** @param {string} name */
function room(name) {
  let r = rooms.get(name);
  if (!r) {
    const doc = new Y.Doc();
    doc.clientID = 1000 + rooms.size;
    doc.getText('shared').insert(0, 'hello');
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    r = { doc, awareness, conns: new Set() };
    const self = r;
    doc.on('update', (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, SYNC);
      syncProtocol.writeUpdate(e, update);
      const msg = encoding.toUint8Array(e);
      for (const c of self.conns) if (c !== origin) c.send(msg);
    });
    rooms.set(name, r);
  }
  return r;
}

/** @param {YjsSocket} ws @param {string} path */
export function yjsConnection(ws, path) {
  const name = decodeURIComponent(path.replace(/^\/yjs\//, '').split('?')[0] ?? '');
  if (name.startsWith('private')) {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, AUTH);
    encoding.writeVarUint(e, 0); // permission denied
    encoding.writeVarString(e, 'not allowed in this room');
    ws.send(encoding.toUint8Array(e));
    return;
  }
  const r = room(name);
  r.conns.add(ws);
  /** @type {Set<number>} */
  const clients = new Set();
  ws.on('close', () => {
    r.conns.delete(ws);
    awarenessProtocol.removeAwarenessStates(r.awareness, [...clients], null);
  });
  ws.on('message', (data) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    const e = encoding.createEncoder();
    const type = decoding.readVarUint(d);
    if (type === SYNC) {
      encoding.writeVarUint(e, SYNC);
      syncProtocol.readSyncMessage(d, e, r.doc, ws);
      if (encoding.length(e) > 1) ws.send(encoding.toUint8Array(e));
    } else if (type === AWARENESS) {
      const update = decoding.readVarUint8Array(d);
      const dec = decoding.createDecoder(update);
      const n = decoding.readVarUint(dec);
      for (let i = 0; i < n; i++) {
        clients.add(decoding.readVarUint(dec));
        decoding.readVarUint(dec);
        decoding.readVarString(dec);
      }
      awarenessProtocol.applyAwarenessUpdate(r.awareness, update, ws);
      for (const c of r.conns) if (c !== ws) c.send(data);
    }
  });
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, SYNC);
  syncProtocol.writeSyncStep1(e, r.doc);
  ws.send(encoding.toUint8Array(e));
  const states = [...r.awareness.getStates().keys()];
  if (states.length) {
    const a = encoding.createEncoder();
    encoding.writeVarUint(a, AWARENESS);
    encoding.writeVarUint8Array(a, awarenessProtocol.encodeAwarenessUpdate(r.awareness, states));
    ws.send(encoding.toUint8Array(a));
  }
}
