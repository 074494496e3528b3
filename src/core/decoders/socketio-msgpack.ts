/**
 * Socket.IO packets of `socket.io-msgpack-parser`: each packet is one MessagePack map
 * `{type, nsp, data?, id?}` in its own binary Engine.IO message (no text header, no separate
 * attachments: binary arguments are MessagePack `bin` values inside the packet). The checks are the
 * parser's own: a type from CONNECT (0) to CONNECT_ERROR (4), a string namespace, and the data each
 * type allows.
 */
import { decode, ExtensionCodec } from '@msgpack/msgpack';
import { isObject } from './util';
import { withTimestamps } from './msgpack-timestamp';

/**
 * The parser's MessagePack library (notepack.io) writes JavaScript values MessagePack has no type
 * for as extension type 0: `undefined` as a 1-byte 0x00, an ArrayBuffer as its bytes (and a Date as
 * 8 bytes, which cannot be told from an 8-byte ArrayBuffer here: shown as its bytes). A MessagePack
 * timestamp (extension -1, which notepack.io does not write) reads as an ISO date.
 */
const notepack = withTimestamps(new ExtensionCodec());
notepack.register({
  type: 0,
  encode: () => null,
  decode: (data: Uint8Array) => (data.length === 1 && data[0] === 0 ? undefined : data.slice()),
});

export interface MsgpackSioPacket {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

function dataValid(type: number, data: unknown): boolean {
  if (type === 0) return data === undefined || isObject(data);
  if (type === 1) return data === undefined;
  if (type === 4) return typeof data === 'string' || isObject(data);
  return Array.isArray(data);
}

/** The packet, or null when the bytes are not a socket.io-msgpack-parser packet. */
export function readMsgpackPacket(bytes: Uint8Array): MsgpackSioPacket | null {
  // A fixmap (0x80–0x8f) or map16: what the parser's encoder writes for a packet object.
  if (bytes.length === 0 || !((bytes[0]! & 0xf0) === 0x80 || bytes[0] === 0xde)) return null;
  let v: unknown;
  try {
    v = decode(bytes, { extensionCodec: notepack });
  } catch {
    return null;
  }
  if (!isObject(v) || !Number.isInteger(v.type) || typeof v.nsp !== 'string') return null;
  const type = v.type as number;
  if (type < 0 || type > 4 || !dataValid(type, v.data)) return null;
  if (v.id !== undefined && !Number.isInteger(v.id)) return null;
  const p: MsgpackSioPacket = { type, nsp: v.nsp };
  if (v.data !== undefined) p.data = v.data;
  if (v.id !== undefined) p.id = v.id as number;
  return p;
}
