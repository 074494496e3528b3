/**
 * Pusher Channels (pusher-js, and servers of its protocol such as soketi): JSON messages
 * `{event, channel?, data}`, where the server's `data` is usually itself a JSON string. The
 * protocol's own events are `pusher:*` (and the server's `pusher_internal:*`); everything else is
 * an application event on a channel (`client-*` ones sent by clients). A `pusher:subscribe` is
 * answered by `pusher_internal:subscription_succeeded` or `pusher:subscription_error` on its
 * channel; `pusher:ping` by `pusher:pong`; `pusher:signin` by `pusher:signin_success`.
 */
import type { DecodedMessage, Decoder } from './types';
import { isObject, preview, stateless, textOf, tryJson } from './util';

/** Request event → the events that answer it. */
const ANSWERS: Record<string, string[]> = {
  'pusher:subscribe': ['pusher_internal:subscription_succeeded', 'pusher:subscription_error'],
  'pusher:ping': ['pusher:pong'],
  'pusher:signin': ['pusher:signin_success'],
};
const ANSWERED: Record<string, string> = Object.fromEntries(Object.entries(ANSWERS).flatMap(([req, rs]) => rs.map((r) => [r, req])));

function keyOf(request: string, channel: string): string {
  return request === 'pusher:subscribe' ? `pusher:sub:${channel}` : `pusher:${request}`;
}

function message(v: unknown, dir: 'sent' | 'received'): DecodedMessage {
  if (!isObject(v) || typeof v.event !== 'string') throw new Error('not a Pusher message ({event, channel?, data})');
  const event = v.event;
  // The server's data is a JSON string (decoded here when it is one); a client's, an object.
  const data = typeof v.data === 'string' ? (tryJson(v.data) ?? v.data) : v.data;
  const value = { ...v, data };
  const d = isObject(data) ? data : {};
  const channel = typeof v.channel === 'string' ? v.channel : typeof d.channel === 'string' ? d.channel : '';
  const on = channel ? ` ${channel}` : '';
  if (dir === 'sent' && ANSWERS[event]) {
    const summary = event === 'pusher:subscribe' ? `subscribe${on}${d.auth ? ' (with auth)' : ''}` : event.slice(7);
    return { type: event, name: event === 'pusher:subscribe' ? channel || event : event, summary, value, role: 'request', key: keyOf(event, channel) };
  }
  if (dir === 'received' && ANSWERED[event]) {
    const req = ANSWERED[event]!;
    let summary: string;
    if (event === 'pusher:subscription_error') summary = `subscription error${on}: ${String(d.error ?? d.type ?? preview(data, 80))}${d.status !== undefined ? ` (${String(d.status)})` : ''}`;
    else if (event === 'pusher_internal:subscription_succeeded') summary = `subscribed${on}${isObject(d.presence) ? ` ${String(d.presence.count)} member(s)` : ''}`;
    else summary = event.slice(event.indexOf(':') + 1);
    return { type: event, name: req === 'pusher:subscribe' ? channel || event : event, summary, value, role: 'response', key: keyOf(req, channel) };
  }
  if (event === 'pusher:connection_established') return { type: event, name: event, summary: `connected, socket_id ${String(d.socket_id)}`, value, role: 'event' };
  if (event === 'pusher:error') return { type: 'error', name: event, summary: `error ${String(d.code ?? '')}: ${String(d.message ?? preview(data, 80))}`, value, role: 'event' };
  if (event.startsWith('pusher')) return { type: event, name: event, summary: `${event}${on} ${preview(data, 80)}`.trimEnd(), value, role: 'event' };
  return { type: event.startsWith('client-') ? 'client event' : 'event', name: event, summary: `${event}${on} ${preview(data, 100)}`, value, role: 'event' };
}

export const pusherDecoder: Decoder = {
  id: 'pusher',
  name: 'Pusher Channels',
  subprotocols: [],
  urlScore: (url) => (/\/app\/[^/?]+\?.*protocol=\d/.test(url) ? 0.9 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    if (!t.includes('"event"')) return 0;
    const v = tryJson(t);
    if (!isObject(v) || typeof v.event !== 'string') return 0;
    return v.event.startsWith('pusher:') || v.event.startsWith('pusher_internal:') ? 1 : 0.2;
  },
  stateless: true,
  create: () =>
    stateless('pusher', (frame) => {
      const v = tryJson(textOf(frame));
      if (v === undefined) throw new Error('not JSON');
      return [message(v, frame.dir)];
    }),
};
