/**
 * SockJS framing over its WebSocket transport: the server sends `o` (open), `h` (heartbeat),
 * `a["m1","m2"]` (messages), `m"msg"` and `c[code,"reason"]` (close); the client sends a JSON
 * array of strings. Messages that are STOMP frames (STOMP over SockJS, as Spring does) are
 * decoded as STOMP; JSON messages are shown as JSON.
 */
import type { DecodedMessage, Decoder } from './types';
import { guessName, preview, stateless, textOf, tryJson } from './util';
import { looksLikeStomp, parseStomp, stompMessage } from './stomp';

const enc = new TextEncoder();

function inner(msg: unknown): DecodedMessage[] {
  if (typeof msg === 'string' && looksLikeStomp(msg)) {
    return parseStomp(enc.encode(msg)).map((m) => {
      const s = stompMessage(m);
      return { ...s, value: { sockjs: 'message', stomp: s.value } };
    });
  }
  const parsed = typeof msg === 'string' ? tryJson(msg) : undefined;
  const value = parsed !== undefined ? parsed : msg;
  return [{ type: 'message', name: guessName(value) || 'message', summary: preview(value, 120), value: { sockjs: 'message', data: value }, role: 'event' }];
}

export const sockjsDecoder: Decoder = {
  id: 'sockjs',
  name: 'SockJS (STOMP inside)',
  subprotocols: [],
  urlScore: (url) => (/\/[^/?#]+\/[^/?#]+\/websocket(\?|$)/.test(url) ? 0.8 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    if (frame.dir === 'received' && (t === 'o' || t === 'h')) return 0.9;
    if (frame.dir === 'received' && /^a\["/.test(t)) return 0.9;
    if (frame.dir === 'received' && /^c\[\d+,/.test(t)) return 0.9;
    if (frame.dir === 'sent' && /^\["/.test(t)) return 0.3;
    return 0;
  },
  stateless: true,
  create: () =>
    stateless('sockjs', (frame) => {
      const t = textOf(frame);
      if (frame.dir === 'sent') {
        const arr = tryJson(t);
        if (Array.isArray(arr)) return arr.flatMap(inner);
        if (typeof arr === 'string') return inner(arr);
        throw new Error('SockJS client frame is not a JSON array of strings');
      }
      const c = t.charAt(0);
      if (t === 'o') return [{ type: 'open', name: 'open', summary: 'SockJS open', value: { sockjs: 'open' }, role: 'event' }];
      if (t === 'h') return [{ type: 'heartbeat', name: 'heartbeat', summary: 'SockJS heartbeat', value: { sockjs: 'heartbeat' }, role: 'event' }];
      if (c === 'a') {
        const arr = tryJson(t.slice(1));
        if (!Array.isArray(arr)) throw new Error('SockJS "a" frame without a JSON array');
        return arr.flatMap(inner);
      }
      if (c === 'm') {
        const m = tryJson(t.slice(1));
        if (m === undefined) throw new Error('SockJS "m" frame without JSON');
        return inner(m);
      }
      if (c === 'c') {
        const arr = tryJson(t.slice(1));
        if (!Array.isArray(arr)) throw new Error('SockJS "c" frame without [code, reason]');
        return [{ type: 'close', name: 'close', summary: `SockJS close ${arr[0]} ${preview(arr[1])}`, value: { sockjs: 'close', code: arr[0], reason: arr[1] }, role: 'event' }];
      }
      throw new Error(`unknown SockJS frame type ${JSON.stringify(c)}`);
    }),
};
