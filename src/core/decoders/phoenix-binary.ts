/**
 * Phoenix's binary serializer (phoenix.js 1.6+, for pushes whose payload is an ArrayBuffer): a kind
 * byte, one length byte per field, the fields (UTF-8), then the payload bytes.
 * Sent by the client: push `[0, joinRef, ref, topic, event]`. Sent by the server: push
 * `[0, joinRef, topic, event]` (no ref), reply `[1, joinRef, ref, topic, status]`
 * (event `phx_reply`, payload `{status, response: bytes}`), broadcast `[2, topic, event]`.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface PhoenixBinaryMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
  kind: 'push' | 'reply' | 'broadcast';
}

function fields(b: Uint8Array, count: number): { values: string[]; rest: Uint8Array } {
  if (b.length < 1 + count) throw new Error('truncated Phoenix binary header');
  let o = 1 + count;
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = b[1 + i]!;
    if (o + n > b.length) throw new Error('truncated Phoenix binary field');
    values.push(utf8.decode(b.subarray(o, o + n)));
    o += n;
  }
  return { values, rest: b.subarray(o) };
}

export function readPhoenixBinary(b: Uint8Array, dir: 'sent' | 'received'): PhoenixBinaryMessage {
  const kind = b[0];
  if (kind === 0 && dir === 'sent') {
    const { values: [joinRef, ref, topic, event], rest } = fields(b, 4);
    return { joinRef: joinRef || null, ref: ref || null, topic: topic!, event: event!, payload: rest.slice(), kind: 'push' };
  }
  if (kind === 0) {
    const { values: [joinRef, topic, event], rest } = fields(b, 3);
    return { joinRef: joinRef || null, ref: null, topic: topic!, event: event!, payload: rest.slice(), kind: 'push' };
  }
  if (kind === 1) {
    const { values: [joinRef, ref, topic, status], rest } = fields(b, 4);
    return { joinRef: joinRef || null, ref: ref || null, topic: topic!, event: 'phx_reply', payload: { status, response: rest.slice() }, kind: 'reply' };
  }
  if (kind === 2) {
    const { values: [topic, event], rest } = fields(b, 2);
    return { joinRef: null, ref: null, topic: topic!, event: event!, payload: rest.slice(), kind: 'broadcast' };
  }
  throw new Error(`not a Phoenix binary message (kind ${kind ?? 'none'})`);
}
