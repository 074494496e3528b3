/**
 * Centrifugo / Centrifuge, client protocol v2 in JSON (centrifuge-js 3+, subprotocol none or
 * `centrifuge-json`): one frame holds one or more JSON objects separated by newlines. A command
 * `{id, connect|subscribe|unsubscribe|publish|presence|presence_stats|history|rpc|refresh|sub_refresh: {…}}`
 * is answered by a reply with the same `id` and the same key (or `error: {code, message}`); pushes
 * `{push: {channel, pub|join|leave|unsubscribe|subscribe|message|connect|disconnect|refresh}}` and
 * `send` commands carry no id; `{}` is the server's ping, answered by the client's `{}` (pong).
 */
import type { Direction } from '../protocol';
import type { DecodedMessage, Decoder, DecodeInput, DecoderState } from './types';
import { errorFrame, frameOf, isObject, preview, textOf, tryJson } from './util';

const COMMANDS = ['connect', 'subscribe', 'unsubscribe', 'publish', 'presence', 'presence_stats', 'history', 'ping', 'send', 'rpc', 'refresh', 'sub_refresh'] as const;
const PUSHES = ['pub', 'join', 'leave', 'unsubscribe', 'message', 'subscribe', 'connect', 'disconnect', 'refresh'] as const;

function kindOf(v: Record<string, unknown>, kinds: readonly string[]): string | undefined {
  return kinds.find((k) => k in v);
}

class CentrifugoState implements DecoderState {
  /** What each command id asked for (the client's ids), to name its reply. */
  private readonly asked = new Map<string, { kind: string; name: string }>();

  decode(frame: DecodeInput) {
    try {
      const lines = textOf(frame).split('\n').filter((l) => l.trim() !== '');
      if (lines.length === 0) throw new Error('empty Centrifugo frame');
      return { frame: frameOf('centrifugo', lines.map((l) => this.one(l, frame.dir))) };
    } catch (err) {
      return { frame: errorFrame('centrifugo', err) };
    }
  }

  private one(line: string, dir: Direction): DecodedMessage {
    const v = tryJson(line);
    if (!isObject(v)) throw new Error('Centrifugo message is not a JSON object');
    const id = typeof v.id === 'number' || typeof v.id === 'string' ? String(v.id) : undefined;
    const key = id !== undefined ? `centrifugo:${id}` : undefined;
    // The server's ping, answered by the client's pong (both `{}`).
    if (Object.keys(v).length === 0) {
      return dir === 'received'
        ? { type: 'ping', name: 'ping', summary: 'ping', value: v, role: 'request', key: 'centrifugo:ping' }
        : { type: 'pong', name: 'ping', summary: 'pong', value: v, role: 'response', key: 'centrifugo:ping' };
    }
    if (dir === 'sent') {
      const kind = kindOf(v, COMMANDS);
      if (!kind) throw new Error('Centrifugo command of no known kind');
      const body = isObject(v[kind]) ? (v[kind] as Record<string, unknown>) : {};
      const name = kind === 'rpc' ? String(body.method ?? 'rpc') : typeof body.channel === 'string' ? body.channel : kind;
      const args = kind === 'publish' || kind === 'send' || kind === 'rpc' ? ` ${preview(body.data, 80)}` : kind === 'connect' && body.name ? ` ${String(body.name)}` : '';
      const summary = `${kind}${name !== kind ? ` ${name}` : ''}${args}${id !== undefined ? ` #${id}` : ''}`;
      if (!key) return { type: kind, name, summary, value: v, role: 'event' };
      this.asked.set(id!, { kind, name });
      return { type: kind, name, summary, value: v, role: 'request', key };
    }
    if (isObject(v.push)) {
      const push = v.push;
      const kind = kindOf(push, PUSHES) ?? 'push';
      const channel = typeof push.channel === 'string' ? push.channel : '';
      const body = push[kind];
      const what = kind === 'pub' && isObject(body) ? preview(body.data, 100) : kind === 'join' || kind === 'leave' ? preview(isObject(body) ? body.info : body, 80) : preview(body, 80);
      return { type: `push ${kind}`, name: channel || kind, summary: `${kind}${channel ? ` ${channel}` : ''} ${what}`.trimEnd(), value: v, role: 'event' };
    }
    const asked = id !== undefined ? this.asked.get(id) : undefined;
    if (isObject(v.error)) {
      const e = v.error;
      return { type: 'error', name: asked?.name ?? 'error', summary: `${asked ? `${asked.kind} ` : ''}#${id ?? '?'} error ${String(e.code)}: ${String(e.message ?? '')}`, value: v, role: key ? 'response' : 'event', ...(key ? { key } : {}) };
    }
    const kind = kindOf(v, COMMANDS) ?? asked?.kind ?? 'reply';
    const body = v[kind];
    const detail = kind === 'connect' && isObject(body) ? ` client ${String(body.client)}` : kind === 'rpc' && isObject(body) ? ` → ${preview(body.data, 80)}` : '';
    const summary = `${kind} reply${asked && asked.name !== kind ? ` ${asked.name}` : ''}${detail} #${id ?? '?'}`;
    return { type: `${kind} reply`, name: asked?.name ?? kind, summary, value: v, role: key ? 'response' : 'event', ...(key ? { key } : {}) };
  }
}

export const centrifugoDecoder: Decoder = {
  id: 'centrifugo',
  name: 'Centrifugo (JSON)',
  subprotocols: ['centrifuge-json'],
  urlScore: (url) => (/\/connection\/websocket(\?|$)/.test(url) ? 0.7 : /centrifug/i.test(url) ? 0.5 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    const first = tryJson(t.split('\n', 1)[0]!);
    if (!isObject(first)) return 0;
    if (typeof first.id === 'number' && (isObject(first.connect) || isObject(first.subscribe))) return 1;
    if (isObject(first.push) && typeof first.push.channel === 'string') return 0.6;
    return 0;
  },
  create: () => new CentrifugoState(),
};
