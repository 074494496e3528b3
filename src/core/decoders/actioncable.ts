/**
 * Rails Action Cable (subprotocol `actioncable-v1-json`): client commands
 * `{command:"subscribe"|"unsubscribe"|"message", identifier, data}`, server
 * `{type:"welcome"|"ping"|"confirm_subscription"|"reject_subscription"|"disconnect"}` and
 * broadcasts `{identifier, message}`. `identifier` is itself JSON (`{"channel":"ChatChannel",…}`).
 */
import type { DecodedMessage, Decoder } from './types';
import { isObject, preview, stateless, textOf, tryJson } from './util';

function channelOf(identifier: unknown): { channel: string; parsed: unknown } {
  if (typeof identifier !== 'string') return { channel: '', parsed: identifier };
  const parsed = tryJson(identifier);
  return { channel: isObject(parsed) && typeof parsed.channel === 'string' ? parsed.channel : identifier, parsed: parsed ?? identifier };
}

export const actionCableDecoder: Decoder = {
  id: 'actioncable',
  name: 'Action Cable',
  subprotocols: ['actioncable-v1-json', 'actioncable-v1-msgpack', 'actioncable-unsupported'],
  urlScore: (url) => (/\/cable(\?|$)/.test(url) ? 0.8 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    // Action Cable's own shapes, not any JSON with a "type" of that word: a ping carries its
    // timestamp as `message`, a welcome nothing but (Rails 7.1+) its `sid`, a confirmation its identifier.
    if (/^\{"type":"ping","message":\d+\}$/.test(t) || /^\{"type":"welcome"(,"sid":"[^"]*")?\}$/.test(t)) return 1;
    if (/^\{"identifier":.*"type":"(confirm|reject)_subscription"\}$|^\{"type":"(confirm|reject)_subscription","identifier":/.test(t)) return 1;
    if (/"command":"(subscribe|message|unsubscribe)"/.test(t) && t.includes('"identifier"')) return 1;
    return 0;
  },
  stateless: true,
  create: () =>
    stateless('actioncable', (frame): DecodedMessage[] => {
      const v = tryJson(textOf(frame));
      if (!isObject(v)) throw new Error('not an Action Cable message (JSON object expected)');
      const { channel, parsed } = channelOf(v.identifier);
      const value: Record<string, unknown> = { ...v };
      if (v.identifier !== undefined) value.identifier = parsed;
      if (typeof v.command === 'string') {
        const data = typeof v.data === 'string' ? tryJson(v.data) ?? v.data : v.data;
        if (v.data !== undefined) value.data = data;
        const action = isObject(data) && typeof data.action === 'string' ? data.action : '';
        if (v.command === 'subscribe') return [{ type: 'subscribe', name: channel, summary: `subscribe ${channel} ${preview(parsed, 80)}`, value, role: 'request', key: `ac:${v.identifier}` }];
        return [{ type: v.command, name: action ? `${channel}#${action}` : channel, summary: `${v.command} ${channel}${action ? `#${action}` : ''} ${data === undefined ? '' : preview(data, 80)}`.trim(), value, role: 'event' }];
      }
      if (typeof v.type === 'string') {
        if (v.type === 'confirm_subscription' || v.type === 'reject_subscription') {
          return [{ type: v.type, name: channel, summary: `${v.type} ${channel}`, value, role: 'response', key: `ac:${v.identifier}` }];
        }
        const extra = v.type === 'ping' && v.message !== undefined ? ` ${String(v.message)}` : typeof v.reason === 'string' && v.reason !== '' ? ` ${v.reason}` : '';
        return [{ type: v.type, name: v.type, summary: `${v.type}${extra}`, value, role: 'event' }];
      }
      if (v.identifier !== undefined && 'message' in v) {
        return [{ type: 'message', name: channel, summary: `${channel} ← ${preview(v.message, 100)}`, value, role: 'event' }];
      }
      throw new Error('not an Action Cable message (no command, type or identifier)');
    }),
};
