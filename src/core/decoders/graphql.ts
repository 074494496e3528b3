/**
 * GraphQL over WebSocket: the `graphql-transport-ws` protocol (graphql-ws library) and the older
 * Apollo `subscriptions-transport-ws` protocol (subprotocol `graphql-ws`). Operation ids pair a
 * `subscribe`/`start` with its `next`/`data` results and its `complete`/`error`.
 */
import type { Direction } from '../protocol';
import type { DecodedMessage, Decoder, DecoderState, DecodeInput } from './types';
import { errorFrame, frameOf, isObject, preview, textOf, tryJson } from './util';

/** "query Hello($x…)" → "Hello"; "{ hello }" → "hello"; "subscription { countdown }" → "countdown". */
export function operationName(payload: unknown): { name: string; kind: string } {
  if (!isObject(payload)) return { name: '', kind: '' };
  const q = typeof payload.query === 'string' ? payload.query : '';
  const m = /^\s*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(q);
  const kind = m ? m[1]! : q.trim().startsWith('{') ? 'query' : '';
  if (typeof payload.operationName === 'string' && payload.operationName) return { name: payload.operationName, kind };
  if (m && m[2]) return { name: m[2], kind };
  const f = /\{\s*([_A-Za-z][_0-9A-Za-z]*)/.exec(q);
  return { name: f ? f[1]! : kind, kind };
}

class GraphqlState implements DecoderState {
  /** Operation names by id (ids are chosen by the client). */
  private readonly ops = new Map<string, string>();

  decode(frame: DecodeInput) {
    try {
      return { frame: frameOf('graphql-ws', [this.message(frame)]) };
    } catch (err) {
      return { frame: errorFrame('graphql-ws', err) };
    }
  }

  private message(frame: DecodeInput): DecodedMessage {
    const v = tryJson(textOf(frame));
    if (!isObject(v) || typeof v.type !== 'string') throw new Error('not a GraphQL over WebSocket message (no "type")');
    const type = v.type;
    const id = v.id === undefined ? undefined : String(v.id);
    const dir: Direction = frame.dir;
    const opName = id !== undefined ? this.ops.get(id) ?? '' : '';
    const base = { type, value: v };
    switch (type) {
      case 'connection_init':
        return { ...base, name: type, summary: `connection_init${v.payload !== undefined ? ` ${preview(v.payload, 80)}` : ''}`, role: 'request', key: 'gql:init' };
      case 'connection_ack':
      case 'connection_error':
        return { ...base, name: type, summary: `${type}${v.payload !== undefined ? ` ${preview(v.payload, 80)}` : ''}`, role: 'response', key: 'gql:init' };
      case 'ping':
        return { ...base, name: 'ping', summary: 'ping', role: 'request', key: 'gql:ping' };
      case 'pong':
        return { ...base, name: 'pong', summary: 'pong', role: 'response', key: 'gql:ping' };
      case 'ka':
        return { ...base, name: 'ka', summary: 'keep-alive', role: 'event' };
      case 'subscribe':
      case 'start': {
        const { name, kind } = operationName(v.payload);
        if (id !== undefined) this.ops.set(id, name);
        const vars = isObject(v.payload) && v.payload.variables !== undefined ? ` ${preview(v.payload.variables, 60)}` : '';
        return { ...base, name, summary: `${type} #${id} ${kind} ${name}${vars}`.replace(/\s+/g, ' '), role: 'request', key: `gql:${id}` };
      }
      case 'next':
      case 'data':
        return { ...base, name: opName || type, summary: `${type} #${id} ${opName} ${preview(v.payload, 100)}`.replace(/ +/g, ' '), role: 'response', key: `gql:${id}`, final: false };
      case 'error':
        return { ...base, name: opName || type, summary: `error #${id} ${opName} ${preview(v.payload, 100)}`.replace(/ +/g, ' '), role: 'response', key: `gql:${id}` };
      case 'complete':
        // From the server it ends the operation; from the client it cancels it.
        if (dir === 'received') return { ...base, name: opName || type, summary: `complete #${id} ${opName}`.trim(), role: 'response', key: `gql:${id}` };
        return { ...base, name: opName || type, summary: `complete #${id} ${opName} (cancelled by the client)`.trim(), role: 'event' };
      case 'stop':
        return { ...base, name: opName || type, summary: `stop #${id} ${opName}`.trim(), role: 'event' };
      case 'connection_terminate':
        return { ...base, name: type, summary: type, role: 'event' };
      default:
        return { ...base, name: type, summary: `${type} ${preview(v.payload, 80)}`.trim(), role: 'event' };
    }
  }
}

const TYPES = /^\{"(type|id)":"?(connection_init|connection_ack|subscribe|start|next|data|complete|ka|ping|pong|[^"]*)"?/;

export const graphqlDecoder: Decoder = {
  id: 'graphql-ws',
  name: 'GraphQL over WebSocket',
  subprotocols: ['graphql-transport-ws', 'graphql-ws'],
  urlScore: (url) => (/graphql/i.test(url) ? 0.5 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    if (!TYPES.test(t)) return 0;
    const v = tryJson(t);
    if (!isObject(v) || typeof v.type !== 'string') return 0;
    if (v.type === 'connection_init' || v.type === 'connection_ack') return 1;
    if ((v.type === 'subscribe' || v.type === 'start') && isObject(v.payload) && typeof v.payload.query === 'string') return 1;
    if ((v.type === 'next' || v.type === 'data') && v.id !== undefined) return 0.7;
    return 0;
  },
  create: () => new GraphqlState(),
};
