/**
 * ASP.NET Core SignalR, JSON hub protocol: JSON messages each ended by 0x1E (one WebSocket
 * message may hold several). The first message each way is the handshake
 * (`{"protocol":"json","version":1}` → `{}` or `{"error":…}`). With the MessagePack hub protocol
 * the handshake is the same JSON and the messages are binary (`signalr-msgpack.ts`).
 */
import type { Direction } from '../protocol';
import type { DecodedMessage, Decoder, DecoderState, DecodeInput } from './types';
import { readMsgpackHubMessage, splitVarIntFrames } from './signalr-msgpack';
import { errorFrame, frameOf, isObject, preview, textOf } from './util';

const RS = '\u001e';
const TYPES: Record<number, string> = { 1: 'Invocation', 2: 'StreamItem', 3: 'Completion', 4: 'StreamInvocation', 5: 'CancelInvocation', 6: 'Ping', 7: 'Close', 8: 'Ack', 9: 'Sequence' };

class SignalrState implements DecoderState {
  private readonly handshakeDone: Record<Direction, boolean> = { sent: false, received: false };
  private readonly targets = new Map<string, string>();

  decode(frame: DecodeInput) {
    try {
      if (typeof frame.data !== 'string') return { frame: frameOf('signalr', this.binary(frame.data, frame.dir)) };
      const text = textOf(frame);
      if (!text.endsWith(RS)) throw new Error('SignalR message not terminated by 0x1E');
      const parts = text.slice(0, -1).split(RS);
      return { frame: frameOf('signalr', parts.map((p) => this.one(JSON.parse(p), frame.dir))) };
    } catch (err) {
      return { frame: errorFrame('signalr', err) };
    }
  }

  /** The MessagePack hub protocol: maybe a JSON handshake first (a server may send it binary), then length-prefixed messages. */
  private binary(bytes: Uint8Array, dir: Direction): DecodedMessage[] {
    const out: DecodedMessage[] = [];
    if (!this.handshakeDone[dir] && bytes[0] === 0x7b) {
      const end = bytes.indexOf(0x1e);
      if (end < 0) throw new Error('SignalR handshake not terminated by 0x1E');
      out.push(this.one(JSON.parse(new TextDecoder().decode(bytes.subarray(0, end))), dir));
      bytes = bytes.subarray(end + 1);
    }
    for (const m of splitVarIntFrames(bytes)) out.push(this.one(readMsgpackHubMessage(m), dir));
    if (out.length === 0) throw new Error('empty SignalR frame');
    return out;
  }

  private one(v: unknown, dir: Direction): DecodedMessage {
    if (!isObject(v)) throw new Error('SignalR message is not a JSON object');
    if (v.type === undefined && !this.handshakeDone[dir]) {
      this.handshakeDone[dir] = true;
      if (dir === 'sent') return { type: 'handshake', name: 'handshake', summary: `handshake ${v.protocol} v${v.version}`, value: v, role: 'request', key: 'signalr:handshake' };
      return { type: 'handshake', name: 'handshake', summary: v.error ? `handshake error: ${v.error}` : 'handshake ok', value: v, role: 'response', key: 'signalr:handshake' };
    }
    this.handshakeDone[dir] = true;
    const type = typeof v.type === 'number' ? TYPES[v.type] ?? `type ${v.type}` : 'unknown';
    const inv = typeof v.invocationId === 'string' ? v.invocationId : undefined;
    const key = inv !== undefined ? `signalr:${inv}` : undefined;
    const target = typeof v.target === 'string' ? v.target : '';
    switch (v.type) {
      case 1:
      case 4: {
        const summary = `${target}(${Array.isArray(v.arguments) ? v.arguments.map((a) => preview(a, 60)).join(', ') : ''})${inv !== undefined ? ` #${inv}` : ''}${v.type === 4 ? ' stream' : ''}`;
        if (key) {
          this.targets.set(inv!, target);
          return { type, name: target, summary, value: v, role: 'request', key };
        }
        return { type, name: target, summary, value: v, role: 'event' };
      }
      case 2:
        return { type, name: this.targets.get(inv ?? '') ?? type, summary: `StreamItem #${inv} ${preview(v.item, 100)}`, value: v, role: 'response', key, final: false };
      case 3: {
        const summary = v.error !== undefined ? `Completion #${inv} error ${preview(v.error)}` : `Completion #${inv}${'result' in v ? ` → ${preview(v.result, 100)}` : ''}`;
        return { type, name: this.targets.get(inv ?? '') ?? type, summary, value: v, role: key ? 'response' : 'event', ...(key ? { key } : {}) };
      }
      default:
        return { type, name: type, summary: `${type}${v.error ? ` ${preview(v.error)}` : ''}`, value: v, role: 'event' };
    }
  }
}

export const signalrDecoder: Decoder = {
  id: 'signalr',
  name: 'SignalR (JSON or MessagePack hub protocol)',
  subprotocols: [],
  urlScore: (url) => (/[?&]id=[^&]+/.test(url) && /hub/i.test(url) ? 0.6 : 0),
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const t = textOf(frame);
    if (!t.endsWith(RS)) return 0;
    // eslint-disable-next-line no-control-regex -- \u001e is SignalR's record separator.
    if (/^\{"protocol":"(json|messagepack)","version":\d+\}\u001e$/.test(t)) return 1;
    return /^\{.*"type":\d/.test(t) || t === '{}\u001e' ? 0.9 : 0.3;
  },
  create: () => new SignalrState(),
};
