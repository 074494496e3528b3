/**
 * Bayeux (Faye, CometD) over WebSocket: each frame is a JSON array of messages (or one message)
 * `{channel, id?, clientId?, data?, successful?, subscription?, error?, advice?, ext?}`. The
 * `/meta/*` channels run the session (handshake, connect, subscribe, unsubscribe, disconnect); any
 * other channel carries application data. A message the client sends with an `id` is answered by
 * the server's message with the same `id` and a `successful` field (`false` with an `error` of the
 * form `"402:clientId:Unknown client"`).
 */
import type { DecodedMessage, Decoder } from './types';
import { isObject, preview, stateless, textOf, tryJson } from './util';

/** `"401:arg1,arg2:message"` → `401 message (arg1,arg2)`. */
function errorText(e: unknown): string {
  if (typeof e !== 'string') return preview(e, 80);
  const m = /^(\d{3}):([^:]*):(.*)$/.exec(e);
  if (!m) return e;
  return `${m[1]} ${m[3]}${m[2] ? ` (${m[2]})` : ''}`;
}

function one(v: unknown, dir: 'sent' | 'received'): DecodedMessage {
  if (!isObject(v) || typeof v.channel !== 'string') throw new Error('Bayeux message without a channel');
  const channel = v.channel;
  const id = typeof v.id === 'string' || typeof v.id === 'number' ? String(v.id) : undefined;
  const key = id !== undefined ? `bayeux:${id}` : undefined;
  const meta = channel.startsWith('/meta/');
  const sub = typeof v.subscription === 'string' ? v.subscription : Array.isArray(v.subscription) ? v.subscription.join(',') : '';
  const idText = id !== undefined ? ` #${id}` : '';
  // A (un)subscription is named with its channel, so that the Name filter finds it by the channel.
  const name = sub ? `${channel} ${sub}` : channel;
  if (typeof v.successful === 'boolean') {
    const what = `${channel}${sub ? ` ${sub}` : ''}`;
    if (!v.successful) {
      return { type: 'error', name, summary: `${what} failed: ${errorText(v.error)}${idText}`, value: v, role: key ? 'response' : 'event', ...(key ? { key } : {}) };
    }
    const extra = channel === '/meta/handshake' && typeof v.clientId === 'string' ? ` clientId ${v.clientId}` : '';
    return { type: meta ? 'reply' : 'published', name, summary: `${what} ok${extra}${idText}`, value: v, role: key ? 'response' : 'event', ...(key ? { key } : {}) };
  }
  let summary: string;
  if (channel === '/meta/handshake') summary = `/meta/handshake v${String(v.version ?? '?')} ${preview(v.supportedConnectionTypes, 80)}`;
  else if (channel === '/meta/connect') summary = `/meta/connect ${String(v.connectionType ?? '')}`.trimEnd();
  else if (meta) summary = `${channel}${sub ? ` ${sub}` : ''}`;
  else summary = `${channel} ${preview(v.data, 100)}`;
  summary += idText;
  // The client's messages with an id are requests; data the server delivers is an event (it may
  // carry the publisher's id, which is no answer to anything this client sent).
  if (key && dir === 'sent') {
    return { type: meta ? channel.slice(6) : 'publish', name, summary, value: v, role: 'request', key };
  }
  return { type: meta ? channel.slice(6) : 'message', name, summary, value: v, role: 'event' };
}

export const bayeuxDecoder: Decoder = {
  id: 'bayeux',
  name: 'Bayeux (Faye, CometD)',
  subprotocols: [],
  urlScore: (url) => (/\/(faye|cometd|bayeux)(\/|\?|$)/i.test(url) ? 0.6 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    if (!t.includes('"channel"')) return 0;
    const v = tryJson(t);
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0 || !list.every((m) => isObject(m) && typeof m.channel === 'string' && m.channel.startsWith('/'))) return 0;
    return list.some((m) => isObject(m) && typeof m.channel === 'string' && m.channel.startsWith('/meta/')) ? 1 : 0.4;
  },
  stateless: true,
  create: () =>
    stateless('bayeux', (frame) => {
      const v = tryJson(textOf(frame));
      if (v === undefined) throw new Error('not JSON');
      if (Array.isArray(v)) {
        if (v.length === 0) throw new Error('empty Bayeux message list');
        return v.map((m) => one(m, frame.dir));
      }
      return [one(v, frame.dir)];
    }),
};
