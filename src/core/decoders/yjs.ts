/**
 * Yjs over y-websocket (y-protocols): binary frames, each a varUint message type then its body.
 * 0 sync: a varUint step (0 step 1 carrying the sender's state vector, 1 step 2 carrying the update
 * that answers it, 2 an update) and a varUint8Array; 1 awareness: a varUint8Array of
 * `count, (clientID, clock, JSON state)*`; 2 auth: a varUint (0 permission denied) and a reason;
 * 3 query awareness. A sync step 1 is answered by the other side's step 2. Updates are read with
 * Yjs itself (`parseUpdateMeta`: which clients and clock ranges they carry).
 */
import { decodeStateVector, parseUpdateMeta } from 'yjs';
import type { DecodedMessage, Decoder, DecodeInput } from './types';
import { stateless } from './util';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** lib0's variable-length encodings, reading one buffer from the start. */
class Reader {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.b.length;
  }
  uint(): number {
    let n = 0;
    let mult = 1;
    for (;;) {
      if (this.pos >= this.b.length) throw new Error('truncated varUint');
      const r = this.b[this.pos++]!;
      n += (r & 0x7f) * mult;
      if (r < 0x80) return n;
      mult *= 128;
      if (mult > 2 ** 53) throw new Error('varUint too large');
    }
  }
  bytes(): Uint8Array {
    const len = this.uint();
    if (this.pos + len > this.b.length) throw new Error(`truncated: ${len} bytes announced, ${this.b.length - this.pos} left`);
    const out = this.b.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  string(): string {
    return utf8.decode(this.bytes());
  }
}

const SYNC_STEPS = ['sync step 1', 'sync step 2', 'update'] as const;

function clocks(m: Map<number, number>): Record<string, number> {
  return Object.fromEntries([...m].map(([c, k]) => [String(c), k]));
}

/** The clients an update writes, as `client clock from→to`. */
function updateValue(update: Uint8Array): { size: number; clients: number[]; from: Record<string, number>; to: Record<string, number> } {
  let meta: { from: Map<number, number>; to: Map<number, number> };
  try {
    meta = parseUpdateMeta(update);
  } catch (err) {
    throw new Error(`not a Yjs update: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return { size: update.length, clients: [...meta.to.keys()], from: clocks(meta.from), to: clocks(meta.to) };
}

function updateText(u: ReturnType<typeof updateValue>): string {
  if (u.clients.length === 0) return `${u.size} bytes, no new content`;
  return `${u.size} bytes, client${u.clients.length > 1 ? 's' : ''} ${u.clients.map((c) => `${c} (clock ${u.from[c]}→${u.to[c]})`).join(', ')}`;
}

function message(frame: DecodeInput): DecodedMessage {
  if (typeof frame.data === 'string') throw new Error('text frame: y-websocket messages are binary');
  const r = new Reader(frame.data);
  const type = r.uint();
  let msg: DecodedMessage;
  if (type === 0) {
    const step = r.uint();
    const name = SYNC_STEPS[step];
    if (!name) throw new Error(`unknown sync message type ${step}`);
    const body = r.bytes();
    if (step === 0) {
      const sv = decodeStateVector(body);
      const summary = sv.size === 0 ? 'sync step 1: empty state vector' : `sync step 1: state vector ${[...sv].map(([c, k]) => `${c}:${k}`).join(', ')}`;
      msg = { type: name, name, summary, value: { type: 'sync', step: name, stateVector: clocks(sv) }, role: 'request', key: 'yjs:sync' };
    } else {
      const u = updateValue(body);
      msg = { type: name, name, summary: `${name}: ${updateText(u)}`, value: { type: 'sync', step: name, update: u }, role: step === 1 ? 'response' : 'event', ...(step === 1 ? { key: 'yjs:sync' } : {}) };
    }
  } else if (type === 1) {
    const a = new Reader(r.bytes());
    const n = a.uint();
    const states: { clientID: number; clock: number; state: unknown }[] = [];
    for (let i = 0; i < n; i++) {
      const clientID = a.uint();
      const clock = a.uint();
      states.push({ clientID, clock, state: JSON.parse(a.string()) as unknown });
    }
    if (!a.done) throw new Error('awareness update longer than its entries');
    const what = states.map((s) => `${s.clientID}${s.state === null ? ' left' : ''}`).join(', ');
    msg = { type: 'awareness', name: 'awareness', summary: `awareness: ${what || 'none'}`, value: { type: 'awareness', states }, role: 'event' };
  } else if (type === 2) {
    const kind = r.uint();
    const reason = r.string();
    msg = { type: 'auth', name: 'auth', summary: kind === 0 ? `permission denied: ${reason}` : `auth ${kind}: ${reason}`, value: { type: 'auth', permissionDenied: kind === 0, reason }, role: 'event' };
  } else if (type === 3) {
    msg = { type: 'query awareness', name: 'query awareness', summary: 'query awareness', value: { type: 'query awareness' }, role: 'event' };
  } else throw new Error(`unknown y-websocket message type ${type}`);
  if (!r.done) throw new Error(`${frame.data.length - r.pos} byte(s) after the message`);
  return msg;
}

export const yjsDecoder: Decoder = {
  id: 'yjs',
  name: 'Yjs (y-websocket)',
  subprotocols: [],
  urlScore: () => 0,
  sniff(frame) {
    if (frame.opcode !== 'binary' || typeof frame.data === 'string' || frame.data.length < 2 || frame.data[0]! > 3) return 0;
    try {
      message(frame);
      return frame.data[0] === 0 ? 0.8 : 0.5;
    } catch {
      return 0;
    }
  },
  stateless: true,
  create: () => stateless('yjs', (frame) => [message(frame)]),
};
