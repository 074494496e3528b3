/**
 * SignalR's MessagePack hub protocol (`@microsoft/signalr-protocol-msgpack`): a binary frame holds
 * one or more messages, each prefixed by its length as a VarInt (7 bits a byte, low first, at most
 * 5 bytes), each a MessagePack array `[type, headers, …]`:
 * Invocation `[1, h, invocationId|nil, target, args, streamIds?]`, StreamItem `[2, h, id, item]`,
 * Completion `[3, h, id, resultKind (1 error, 2 void, 3 result), error|result?]`,
 * StreamInvocation `[4, …as 1]`, CancelInvocation `[5, h, id]`, Ping `[6]`,
 * Close `[7, error, allowReconnect?]`, Ack `[8, sequenceId]`, Sequence `[9, sequenceId]`.
 * Each is returned in the JSON hub protocol's shape, so that one reader names and pairs both.
 */
import { decode } from '@msgpack/msgpack';
import { msgpackCodec } from './msgpack-timestamp';

/** Splits a frame into its length-prefixed messages. */
export function splitVarIntFrames(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    let len = 0;
    let shift = 0;
    let b: number;
    let n = 0;
    do {
      if (pos >= bytes.length) throw new Error('truncated SignalR length prefix');
      b = bytes[pos++]!;
      len |= (b & 0x7f) << shift;
      shift += 7;
      if (++n > 5) throw new Error('SignalR length prefix longer than 5 bytes');
    } while (b & 0x80);
    if (pos + len > bytes.length) throw new Error(`truncated SignalR message: ${len} bytes announced, ${bytes.length - pos} left`);
    out.push(bytes.subarray(pos, pos + len));
    pos += len;
  }
  return out;
}

/** One MessagePack hub message as the JSON hub protocol would have it. */
export function readMsgpackHubMessage(bytes: Uint8Array): Record<string, unknown> {
  const v = decode(bytes, { extensionCodec: msgpackCodec });
  if (!Array.isArray(v) || typeof v[0] !== 'number') throw new Error('SignalR MessagePack message is not an array starting with its type');
  const type = v[0];
  const id = (x: unknown) => (x === null || x === undefined ? {} : { invocationId: String(x) });
  switch (type) {
    case 1:
    case 4:
      return { type, headers: v[1], ...id(v[2]), target: v[3], arguments: v[4], ...(Array.isArray(v[5]) && v[5].length ? { streamIds: v[5] } : {}) };
    case 2:
      return { type, headers: v[1], ...id(v[2]), item: v[3] };
    case 3: {
      const kind = v[3];
      if (kind === 1) return { type, headers: v[1], ...id(v[2]), error: v[4] };
      if (kind === 3) return { type, headers: v[1], ...id(v[2]), result: v[4] };
      return { type, headers: v[1], ...id(v[2]) };
    }
    case 5:
      return { type, headers: v[1], ...id(v[2]) };
    case 6:
      return { type };
    case 7:
      return { type, ...(v[1] ? { error: v[1] } : {}), ...(v.length > 2 ? { allowReconnect: v[2] } : {}) };
    case 8:
      return { type, sequenceId: v[1] };
    case 9:
      return { type, sequenceId: v[1] };
    default:
      return { type, message: v };
  }
}
