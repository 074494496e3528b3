/**
 * WAMP v2 (subprotocols wamp.2.json, wamp.2.msgpack, wamp.2.cbor): arrays whose first element is
 * the message code. Requests carry a request id at index 1 answered by the matching code (ERROR
 * `[8, requestType, requestId, …]` answers any of them). The batched subprotocols put several
 * messages in a frame: JSON ones each followed by 0x1E, binary ones each after a 4-byte big-endian
 * length.
 */
import { cborDecode, msgpackDecode } from './binary';
import type { DecodedMessage, Decoder, DecoderState, DecodeInput } from './types';
import { errorFrame, frameOf, preview, textOf, tryJson } from './util';

const CODES: Record<number, string> = {
  1: 'HELLO', 2: 'WELCOME', 3: 'ABORT', 4: 'CHALLENGE', 5: 'AUTHENTICATE', 6: 'GOODBYE', 8: 'ERROR',
  16: 'PUBLISH', 17: 'PUBLISHED', 32: 'SUBSCRIBE', 33: 'SUBSCRIBED', 34: 'UNSUBSCRIBE', 35: 'UNSUBSCRIBED', 36: 'EVENT',
  48: 'CALL', 49: 'CANCEL', 50: 'RESULT', 64: 'REGISTER', 65: 'REGISTERED', 66: 'UNREGISTER', 67: 'UNREGISTERED',
  68: 'INVOCATION', 69: 'INTERRUPT', 70: 'YIELD',
};
/** Request code → the code of its success reply. */
const REPLY: Record<number, number> = { 16: 17, 32: 33, 34: 35, 48: 50, 64: 65, 66: 67, 68: 70 };
const REPLY_OF: Record<number, number> = Object.fromEntries(Object.entries(REPLY).map(([a, b]) => [b, Number(a)]));

class WampState implements DecoderState {
  private readonly uris = new Map<string, string>();
  constructor(
    private readonly format: 'json' | 'msgpack' | 'cbor',
    private readonly batched: boolean,
  ) {}

  decode(frame: DecodeInput) {
    try {
      const values: unknown[] = [];
      if (typeof frame.data === 'string' || this.format === 'json') {
        const text = textOf(frame);
        // Batched JSON: every message followed by 0x1E.
        if (this.batched) {
          if (!text.endsWith('\u001e')) throw new Error('batched WAMP message not terminated by 0x1E');
          for (const part of text.slice(0, -1).split('\u001e')) values.push(tryJson(part));
        } else values.push(tryJson(text));
      } else if (this.batched) {
        // Batched binary: every message prefixed by its length, a 32-bit big-endian integer.
        const b = frame.data;
        const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
        for (let o = 0; o < b.length; ) {
          if (o + 4 > b.length) throw new Error('truncated batched WAMP length prefix');
          const n = view.getUint32(o);
          if (o + 4 + n > b.length) throw new Error(`truncated batched WAMP message: ${n} bytes announced, ${b.length - o - 4} left`);
          const part = b.subarray(o + 4, o + 4 + n);
          values.push(this.format === 'msgpack' ? msgpackDecode(part) : cborDecode(part));
          o += 4 + n;
        }
      } else values.push(this.format === 'msgpack' ? msgpackDecode(frame.data) : cborDecode(frame.data));
      if (values.length === 0) throw new Error('empty WAMP batch');
      for (const v of values) if (!Array.isArray(v) || typeof v[0] !== 'number') throw new Error('not a WAMP message (array starting with a code)');
      return { frame: frameOf('wamp', values.map((v) => this.message(v as unknown[]))) };
    } catch (err) {
      return { frame: errorFrame('wamp', err) };
    }
  }

  private message(v: unknown[]): DecodedMessage {
    const code = v[0] as number;
    const type = CODES[code] ?? `code ${code}`;
    const value = { code, type, message: v };
    if (code === 1) return { type, name: String(v[1]), summary: `HELLO realm ${v[1]}`, value, role: 'request', key: 'wamp:hello' };
    if (code === 2 || code === 3) return { type, name: type, summary: `${type}${code === 2 ? ` session ${v[1]}` : ` ${v[2]}`}`, value, role: 'response', key: 'wamp:hello' };
    if (code in REPLY) {
      const id = v[1];
      // PUBLISH/SUBSCRIBE/CALL/REGISTER: [code, id, options, uri, args?, kwargs?]; INVOCATION: [68, id, registration, details, args?]
      const uri = code === 68 ? `registration ${v[2]}` : code === 34 || code === 66 ? `${code === 34 ? 'subscription' : 'registration'} ${v[2]}` : String(v[3]);
      const args = code === 68 ? v.slice(4) : v.slice(4);
      this.uris.set(`${code}:${String(id)}`, uri);
      return { type, name: uri, summary: `${type} ${uri}${args.length ? ` ${preview(args, 100)}` : ''} #${id}`, value, role: 'request', key: `wamp:${code}:${String(id)}` };
    }
    if (code in REPLY_OF) {
      const req = REPLY_OF[code]!;
      const uri = this.uris.get(`${req}:${String(v[1])}`) ?? type;
      const rest = code === 50 || code === 70 ? v.slice(3) : v.slice(2);
      return { type, name: uri, summary: `${type} #${v[1]}${rest.length ? ` ${preview(rest, 100)}` : ''}`, value, role: 'response', key: `wamp:${req}:${String(v[1])}` };
    }
    if (code === 8) {
      const req = v[1] as number;
      const uri = this.uris.get(`${req}:${String(v[2])}`) ?? 'ERROR';
      return { type, name: uri, summary: `ERROR ${CODES[req] ?? req} #${v[2]} ${v[4]}${v.length > 5 ? ` ${preview(v.slice(5), 80)}` : ''}`, value, role: 'response', key: `wamp:${req}:${String(v[2])}` };
    }
    if (code === 36) return { type, name: `subscription ${v[1]}`, summary: `EVENT subscription ${v[1]} ${preview(v.slice(4), 100)}`, value, role: 'event' };
    return { type, name: type, summary: `${type} ${preview(v.slice(1), 100)}`, value, role: 'event' };
  }
}

export const wampDecoder: Decoder = {
  id: 'wamp',
  name: 'WAMP',
  subprotocols: ['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor', 'wamp.2.json.batched', 'wamp.2.msgpack.batched', 'wamp.2.cbor.batched'],
  urlScore: () => 0,
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const m = /^\[(\d+),/.exec(textOf(frame));
    if (!m) return 0;
    const code = Number(m[1]);
    return code === 1 || code === 2 ? 0.9 : CODES[code] ? 0.4 : 0;
  },
  create: (info) => new WampState(/msgpack/.test(info.protocol ?? '') ? 'msgpack' : /cbor/.test(info.protocol ?? '') ? 'cbor' : 'json', /\.batched$/.test(info.protocol ?? '')),
};
