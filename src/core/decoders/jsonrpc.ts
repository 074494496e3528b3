/** JSON-RPC 2.0 (and 1.0-style objects with method/id): requests, notifications, responses, batches. */
import type { DecodedMessage, Decoder } from './types';
import { isObject, preview, stateless, textOf, tryJson } from './util';

function one(v: unknown, dir: 'sent' | 'received', methods: Map<string, string>): DecodedMessage {
  if (!isObject(v)) throw new Error('JSON-RPC message is not an object');
  const id = v.id;
  const key = id === undefined || id === null ? undefined : `rpc:${JSON.stringify(id)}`;
  if (typeof v.method === 'string') {
    const summary = `${v.method}(${v.params === undefined ? '' : preview(v.params, 100)})${key ? ` #${JSON.stringify(id)}` : ''}`;
    if (key) {
      methods.set(`${dir}|${key}`, v.method);
      return { type: 'request', name: v.method, summary, value: v, role: 'request', key };
    }
    return { type: 'notification', name: v.method, summary: `${summary} (notification)`, value: v, role: 'event' };
  }
  if ('result' in v || 'error' in v) {
    const err = isObject(v.error) ? v.error : undefined;
    const method = key ? methods.get(`${dir === 'sent' ? 'received' : 'sent'}|${key}`) : undefined;
    const summary = `${method ? `${method} ` : ''}${err ? `#${JSON.stringify(id)} error ${err.code}: ${err.message}` : `#${JSON.stringify(id)} → ${preview(v.result, 100)}`}`;
    return { type: err ? 'error' : 'result', name: method ?? (err ? 'error' : 'result'), summary, value: v, role: key ? 'response' : 'event', ...(key ? { key } : {}) };
  }
  throw new Error('JSON-RPC message with neither method nor result/error');
}

function isRpc(v: unknown): boolean {
  return isObject(v) && (v.jsonrpc === '2.0' || (typeof v.method === 'string' && 'id' in v && ('params' in v)));
}

export const jsonRpcDecoder: Decoder = {
  id: 'jsonrpc',
  name: 'JSON-RPC 2.0',
  subprotocols: ['jsonrpc', 'json-rpc', 'jsonrpc-2.0'],
  urlScore: (url) => (/rpc/i.test(url) ? 0.3 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    if (!t.includes('"jsonrpc"') && !t.includes('"method"')) return 0;
    const v = tryJson(t);
    if (Array.isArray(v)) return v.length > 0 && v.every(isRpc) ? 1 : 0;
    return isRpc(v) ? (isObject(v) && v.jsonrpc === '2.0' ? 1 : 0.5) : 0;
  },
  create: () => {
    /** Method names of requests, by direction + key, to name their responses. */
    const methods = new Map<string, string>();
    return stateless('jsonrpc', (frame) => {
      const v = tryJson(textOf(frame));
      if (v === undefined) throw new Error('not JSON');
      if (Array.isArray(v)) {
        if (v.length === 0) throw new Error('empty JSON-RPC batch');
        return v.map((x, i) => {
          const m = one(x, frame.dir, methods);
          return { ...m, summary: `[${i + 1}/${v.length}] ${m.summary}` };
        });
      }
      return [one(v, frame.dir, methods)];
    });
  },
};
