/**
 * Phoenix Channels: serializer v1 objects `{topic, event, payload, ref, join_ref?}` and v2 arrays
 * `[join_ref, ref, topic, event, payload]`. A client message with a ref is answered by a
 * `phx_reply` with the same ref (and topic). Binary payloads travel in Phoenix's binary frames
 * (`phoenix-binary.ts`), named and paired the same way.
 */
import { readPhoenixBinary } from './phoenix-binary';
import type { DecodedMessage, Decoder } from './types';
import { isObject, preview, stateless, textOf, tryJson } from './util';

interface PhxMsg {
  joinRef: unknown;
  ref: unknown;
  topic: string;
  event: string;
  payload: unknown;
  version: 1 | 2 | 'binary';
}

function read(v: unknown): PhxMsg | null {
  if (Array.isArray(v) && v.length === 5 && typeof v[2] === 'string' && typeof v[3] === 'string') {
    return { joinRef: v[0], ref: v[1], topic: v[2], event: v[3], payload: v[4], version: 2 };
  }
  if (isObject(v) && typeof v.topic === 'string' && typeof v.event === 'string' && 'payload' in v) {
    return { joinRef: v.join_ref ?? null, ref: v.ref ?? null, topic: v.topic, event: v.event, payload: v.payload, version: 1 };
  }
  return null;
}

function message(m: PhxMsg, dir: 'sent' | 'received'): DecodedMessage {
  const value = { topic: m.topic, event: m.event, payload: m.payload, ref: m.ref, join_ref: m.joinRef, serializer: m.version === 'binary' ? 'binary' : `v${m.version}` };
  const hasRef = m.ref !== null && m.ref !== undefined;
  const key = hasRef ? `phx:${m.topic}:${String(m.ref)}` : undefined;
  if (m.event === 'phx_reply') {
    const p = isObject(m.payload) ? m.payload : {};
    return { type: m.event, name: m.event, summary: `${m.topic} phx_reply ${p.status ?? ''} ${preview(p.response, 80)}`.replace(/ +/g, ' '), value, role: key ? 'response' : 'event', ...(key ? { key } : {}) };
  }
  const summary = `${m.topic} ${m.event} ${preview(m.payload, 100)}${hasRef ? ` #${String(m.ref)}` : ''}`;
  if (dir === 'sent' && key) return { type: m.event, name: m.event, summary, value, role: 'request', key };
  return { type: m.event, name: m.event, summary, value, role: 'event' };
}

export const phoenixDecoder: Decoder = {
  id: 'phoenix',
  name: 'Phoenix Channels',
  subprotocols: [],
  urlScore: (url) => (/[?&]vsn=\d/.test(url) ? 0.9 : /\/socket\/websocket(\?|$)/.test(url) ? 0.7 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    if (!t.includes('phx_') && !t.includes('"topic"') && !t.startsWith('[')) return 0;
    const m = read(tryJson(t));
    if (!m) return 0;
    return m.event.startsWith('phx_') || m.topic === 'phoenix' ? 1 : 0.4;
  },
  stateless: true,
  create: () =>
    stateless('phoenix', (frame) => {
      if (typeof frame.data !== 'string') {
        const b = readPhoenixBinary(frame.data, frame.dir);
        return [message({ joinRef: b.joinRef, ref: b.ref, topic: b.topic, event: b.event, payload: b.payload, version: 'binary' }, frame.dir)];
      }
      const m = read(tryJson(textOf(frame)));
      if (!m) throw new Error('not a Phoenix message ({topic,event,payload,ref} or [join_ref,ref,topic,event,payload])');
      return [message(m, frame.dir)];
    }),
};
