/**
 * MQTT 3.1, 3.1.1 and 5 over WebSocket (binary frames). A WebSocket message may hold several
 * MQTT packets or only part of one (the mqtt client for Node writes the fixed header, the length
 * and each field as separate messages), so bytes are gathered per direction and cut into packets
 * by their fixed header; each complete packet is then read by mqtt-packet.
 *
 * Resynchronisation: when pending bytes of a partial packet plus the new frame do not read as a
 * whole number of valid packets (reserved type, bad length, mqtt-packet rejects them, or bytes
 * left over) while the new frame alone does — or when appending fails outright — the pending
 * bytes are declared a truncated packet (an error on the frame where it began, sent as an update)
 * and decoding starts afresh with the new frame. Known limit: a truncated packet followed by a
 * continuation that happens to complete it with valid-looking bytes cannot be told apart.
 */
import { Buffer } from 'buffer';
import { parser as mqttParser } from 'mqtt-packet';
import type { Direction } from '../protocol';
import type { ConnectionInfo, DecodedFrame, DecodedMessage, DecodeInput, Decoder, DecoderState } from './types';
import { bytesOf, errorFrame, errorMessage, frameOf, isObject, oneLine, preview } from './util';

type Packet = Record<string, unknown> & { cmd: string };

interface Scan {
  packets: Packet[];
  /** Bytes left over at the end (start of an incomplete packet). */
  rest: Uint8Array;
  /** Length the incomplete packet will have, when known. */
  need?: number;
  error?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseOne(bytes: Uint8Array, protocolVersion: number): Packet {
  const parser = mqttParser({ protocolVersion });
  let packet: Packet | undefined;
  let error: Error | undefined;
  parser.on('packet', (p) => {
    packet ??= p as unknown as Packet;
  });
  parser.on('error', (e: Error) => {
    error ??= e;
  });
  parser.parse(Buffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength));
  if (error) throw error;
  if (!packet) throw new Error('incomplete packet');
  return packet;
}

/** Cuts `bytes` into complete packets and reads each one. */
function scan(bytes: Uint8Array, protocolVersion: number): Scan {
  const packets: Packet[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const type = bytes[pos]! >> 4;
    if (type === 0) return { packets, rest: bytes.subarray(pos), error: 'reserved MQTT packet type 0' };
    let len = 0;
    let mult = 1;
    let i = pos + 1;
    let complete = false;
    for (let n = 0; n < 4 && i < bytes.length; n++, i++) {
      const b = bytes[i]!;
      len += (b & 0x7f) * mult;
      mult *= 128;
      if ((b & 0x80) === 0) {
        complete = true;
        i++;
        break;
      }
      if (n === 3) return { packets, rest: bytes.subarray(pos), error: 'malformed MQTT remaining length' };
    }
    if (!complete) return { packets, rest: bytes.subarray(pos) };
    const end = i + len;
    if (end > bytes.length) return { packets, rest: bytes.subarray(pos), need: end - pos };
    try {
      packets.push(parseOne(bytes.subarray(pos, end), protocolVersion));
    } catch (err) {
      return { packets, rest: bytes.subarray(pos), error: errorMessage(err) };
    }
    pos = end;
  }
  return { packets, rest: bytes.subarray(bytes.length) };
}

/** A whole number of valid packets, nothing left over. */
function isClean(r: Scan): boolean {
  return r.error === undefined && r.rest.length === 0 && r.packets.length > 0;
}

interface DirState {
  buf: Uint8Array;
  /** Frames whose bytes are in `buf`. */
  frames: number[];
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function payloadView(payload: unknown): Record<string, unknown> {
  if (!(payload instanceof Uint8Array)) return {};
  const bytes = new Uint8Array(payload); // a plain copy, not a Buffer
  const out: Record<string, unknown> = { payload: bytes };
  try {
    const text = utf8.decode(bytes);
    out.payloadText = text;
    try {
      out.payloadJson = JSON.parse(text);
    } catch {
      /* not JSON */
    }
  } catch {
    /* binary */
  }
  return out;
}

function plain(p: Packet): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(p)) {
    if (k === 'payload') Object.assign(v, payloadView(x));
    else if (x instanceof Uint8Array) v[k] = new Uint8Array(x);
    else if (isObject(x) && !(x instanceof Uint8Array)) v[k] = Object.fromEntries(Object.entries(x).map(([a, b]) => [a, b instanceof Uint8Array ? new Uint8Array(b) : b]));
    else v[k] = x;
  }
  return v;
}

function message(p: Packet): DecodedMessage {
  const cmd = p.cmd.toUpperCase();
  const value = plain(p);
  const id = typeof p.messageId === 'number' ? p.messageId : undefined;
  const reason = typeof p.reasonCode === 'number' && p.reasonCode !== 0 ? ` reason 0x${p.reasonCode.toString(16)}` : '';
  switch (p.cmd) {
    case 'connect':
      return { type: cmd, name: String(p.clientId ?? ''), summary: `CONNECT v${p.protocolVersion} client ${JSON.stringify(p.clientId)} keepalive ${p.keepalive}${p.clean ? ' clean' : ''}`, value, role: 'request', key: 'mqtt:connect' };
    case 'connack':
      return { type: cmd, name: 'CONNACK', summary: `CONNACK ${p.returnCode ?? p.reasonCode ?? 0}${p.sessionPresent ? ' session present' : ''}`, value, role: 'response', key: 'mqtt:connect' };
    case 'publish': {
      const qos = Number(p.qos ?? 0);
      const v = value as { payloadText?: string; payload?: Uint8Array };
      const body = v.payloadText !== undefined ? oneLine(preview(v.payloadText, 80)) : `<${v.payload?.length ?? 0} bytes>`;
      const summary = `PUBLISH ${p.topic} qos${qos}${id !== undefined ? ` #${id}` : ''}${p.retain ? ' retain' : ''}${p.dup ? ' dup' : ''} ${body}`;
      if (qos > 0 && id !== undefined) return { type: cmd, name: String(p.topic), summary, value, role: 'request', key: `mqtt:pub:${id}` };
      return { type: cmd, name: String(p.topic), summary, value, role: 'event' };
    }
    case 'puback':
    case 'pubrec':
      return { type: cmd, name: cmd, summary: `${cmd} #${id}${reason}`, value, role: 'response', key: `mqtt:pub:${id}` };
    case 'pubrel':
      return { type: cmd, name: cmd, summary: `${cmd} #${id}${reason}`, value, role: 'request', key: `mqtt:rel:${id}` };
    case 'pubcomp':
      return { type: cmd, name: cmd, summary: `${cmd} #${id}${reason}`, value, role: 'response', key: `mqtt:rel:${id}` };
    case 'subscribe': {
      const subs = Array.isArray(p.subscriptions) ? (p.subscriptions as { topic: string; qos: number }[]) : [];
      return { type: cmd, name: subs.map((s) => s.topic).join(', '), summary: `SUBSCRIBE #${id} ${subs.map((s) => `${s.topic} (qos${s.qos})`).join(', ')}`, value, role: 'request', key: `mqtt:sub:${id}` };
    }
    case 'suback':
      return { type: cmd, name: cmd, summary: `SUBACK #${id} granted ${preview(p.granted)}`, value, role: 'response', key: `mqtt:sub:${id}` };
    case 'unsubscribe': {
      const topics = Array.isArray(p.unsubscriptions) ? (p.unsubscriptions as string[]) : [];
      return { type: cmd, name: topics.join(', '), summary: `UNSUBSCRIBE #${id} ${topics.join(', ')}`, value, role: 'request', key: `mqtt:unsub:${id}` };
    }
    case 'unsuback':
      return { type: cmd, name: cmd, summary: `UNSUBACK #${id}`, value, role: 'response', key: `mqtt:unsub:${id}` };
    case 'pingreq':
      return { type: cmd, name: cmd, summary: 'PINGREQ', value, role: 'request', key: 'mqtt:ping' };
    case 'pingresp':
      return { type: cmd, name: cmd, summary: 'PINGRESP', value, role: 'response', key: 'mqtt:ping' };
    default:
      return { type: cmd, name: cmd, summary: `${cmd}${reason}`, value, role: 'event' };
  }
}

class MqttState implements DecoderState {
  private version = 4;
  private readonly dirs: Record<Direction, DirState> = { sent: { buf: new Uint8Array(0), frames: [] }, received: { buf: new Uint8Array(0), frames: [] } };

  decode(frame: DecodeInput): { frame: DecodedFrame; updates?: Map<number, DecodedFrame> } {
    try {
      return this.step(frame);
    } catch (err) {
      this.dirs[frame.dir] = { buf: new Uint8Array(0), frames: [] };
      return { frame: errorFrame('mqtt', err) };
    }
  }

  private step(frame: DecodeInput): { frame: DecodedFrame; updates?: Map<number, DecodedFrame> } {
    const bytes = bytesOf(frame);
    const d = this.dirs[frame.dir];
    let updates: Map<number, DecodedFrame> | undefined;
    let r: Scan;
    const continued = d.frames.length > 0 ? d.frames[0] : undefined;
    if (d.buf.length > 0) {
      const combined = scan(concat(d.buf, bytes), this.version);
      let alone: Scan | undefined;
      if (!isClean(combined)) {
        const a = scan(bytes, this.version);
        if (isClean(a) || combined.error !== undefined) alone = a;
      }
      if (alone) {
        // The pending bytes were a truncated packet: report it where it began and start afresh.
        const first = d.frames[0]!;
        updates = new Map([[first, errorFrame('mqtt', `truncated MQTT packet: ${d.buf.length} byte(s) in frame(s) #${d.frames.join(', #')}, the rest never came`)]]);
        r = alone;
        d.frames = [];
      } else {
        r = combined;
      }
    } else {
      r = scan(bytes, this.version);
    }
    for (const p of r.packets) {
      if (p.cmd === 'connect' && typeof p.protocolVersion === 'number') this.version = p.protocolVersion;
    }
    const messages = r.packets.map(message);
    if (r.error !== undefined) {
      d.buf = new Uint8Array(0);
      d.frames = [];
      return { frame: { ...frameOf('mqtt', messages), error: r.error, summary: `could not decode: ${r.error}` }, updates };
    }
    const usedPending = continued !== undefined && !updates;
    d.buf = r.rest.length ? r.rest.slice() : new Uint8Array(0);
    d.frames = r.rest.length ? (r.packets.length ? [frame.id] : [...(usedPending ? d.frames : []), frame.id]) : [];
    let note: string | undefined;
    if (usedPending && messages.length) note = `completes a packet begun in frame #${continued}`;
    if (r.rest.length) {
      const part = `${r.rest.length}${r.need ? ` of ${r.need}` : ''} byte(s) of a packet continued in a later frame`;
      note = note ? `${note}; ${part}` : part;
    }
    const out = frameOf('mqtt', messages, note ? { note } : undefined);
    if (!messages.length) out.summary = note ?? '';
    if (usedPending && continued !== undefined && messages.length) out.partOf = continued;
    return { frame: out, updates };
  }
}

export const mqttDecoder: Decoder = {
  id: 'mqtt',
  name: 'MQTT',
  subprotocols: ['mqtt', 'mqttv3.1'],
  urlScore: (url) => (/\/mqtt\b/i.test(url) ? 0.5 : 0),
  sniff(frame) {
    if (frame.opcode !== 'binary' || typeof frame.data === 'string') return 0;
    const b = frame.data;
    // CONNECT: 0x10, length, 00 04 'MQTT' or 00 06 'MQIsdp'
    if (b[0] === 0x10 && b.length >= 8) {
      const s = String.fromCharCode(...b.subarray(2, 12));
      if (s.includes('MQTT') || s.includes('MQIsdp')) return 1;
    }
    if (b[0] === 0x20 && b.length >= 2 && b.length <= 12) return 0.7; // CONNACK
    if (b[0] === 0x10 && b.length <= 2) return 0.5; // CONNECT header written alone
    return 0;
  },
  create: (_info: ConnectionInfo) => new MqttState(),
};
