/**
 * Engine.IO (v3 and v4) and Socket.IO (protocol 4 and 5, i.e. socket.io 2.x–4.x) over WebSocket.
 *
 * Engine.IO packets are read with engine.io-parser, Socket.IO packets with socket.io-parser's own
 * Decoder, which also puts binary attachments back into their event: a `451-["ev",{"_placeholder":
 * true,"num":0}]` text frame is followed by one binary frame per attachment. Engine.IO v3 prefixes
 * each binary WebSocket frame with a 0x04 ("message") byte; v4 does not. The version comes from
 * the `EIO=` query parameter of the URL (v4 when absent).
 *
 * The header frame of a binary event first shows the event with placeholders; when its last
 * attachment arrives the header frame is replaced (an `update`) by the complete event and each
 * attachment frame says which frame it belongs to. A header whose attachments never come (a text
 * frame arrives first, or an attachment number is out of range) is turned into an error and the
 * decoder starts afresh with the next frame.
 *
 * With `socket.io-msgpack-parser` every Socket.IO packet is instead one binary frame holding a
 * MessagePack map (`socketio-msgpack.ts`); a binary frame no attachment is awaited for is read so.
 */
import { decodePacket } from 'engine.io-parser';
import { Decoder as SioDecoder } from 'socket.io-parser';
import type { Direction } from '../protocol';
import type { ConnectionInfo, DecodedFrame, DecodedMessage, DecodeInput, Decoder, DecoderState } from './types';
import { readMsgpackPacket } from './socketio-msgpack';
import { errorFrame, errorMessage, frameOf, preview, textOf } from './util';

const SIO_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;

interface SioPacket {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
  attachments?: number;
}

interface Pending {
  headerId: number;
  headerType: number;
  expected: number;
  parts: number[];
}

interface DirState {
  decoder: SioDecoder;
  decoded: SioPacket[];
  pending: Pending | null;
}

function newDir(): DirState {
  const decoded: SioPacket[] = [];
  const decoder = new SioDecoder();
  decoder.on('decoded', (p: SioPacket) => decoded.push(p));
  return { decoder, decoded, pending: null };
}

function engineVersion(url: string | undefined): 3 | 4 {
  const m = /[?&]EIO=(\d)/.exec(url ?? '');
  return m && m[1] === '3' ? 3 : 4;
}

class SocketIoState implements DecoderState {
  private readonly eio: 3 | 4;
  private readonly dirs: Record<Direction, DirState> = { sent: newDir(), received: newDir() };
  /** Event names of acks awaited, by direction of the request + namespace + id. */
  private readonly ackNames = new Map<string, string>();

  constructor(info: ConnectionInfo) {
    this.eio = engineVersion(info.url);
  }

  decode(frame: DecodeInput): { frame: DecodedFrame; updates?: Map<number, DecodedFrame> } {
    try {
      return frame.opcode === 'binary' || typeof frame.data !== 'string' ? this.binary(frame) : this.text(frame, frame.data);
    } catch (err) {
      this.dirs[frame.dir] = newDir();
      return { frame: errorFrame('socketio', err) };
    }
  }

  private text(frame: DecodeInput, text: string): { frame: DecodedFrame; updates?: Map<number, DecodedFrame> } {
    const eio = decodePacket(text) as { type: string; data?: unknown };
    if (eio.type === 'error') return { frame: errorFrame('socketio', `not an Engine.IO packet (type "${text.charAt(0)}")`) };
    if (eio.type !== 'message') return { frame: frameOf('socketio', [engineMessage(eio.type, eio.data, this.eio, frame.dir)]) };
    const payload = typeof eio.data === 'string' ? eio.data : '';
    const d = this.dirs[frame.dir];
    let updates: Map<number, DecodedFrame> | undefined;
    if (d.pending) {
      // The attachments announced by the previous header never all came: that header was wrong.
      const p = d.pending;
      updates = new Map([[p.headerId, errorFrame('socketio', `expected ${p.expected} binary attachment(s), got ${p.parts.length}`)]]);
      this.dirs[frame.dir] = newDir();
    }
    const dir = this.dirs[frame.dir];
    try {
      dir.decoder.add(payload);
    } catch (err) {
      this.dirs[frame.dir] = newDir();
      return { frame: errorFrame('socketio', `Socket.IO: ${errorMessage(err)}`), updates };
    }
    const packet = dir.decoded.shift();
    if (packet) return { frame: frameOf('socketio', [this.sioMessage(packet, frame.dir)]), updates };
    // A binary event/ack: waiting for its attachments.
    const m = /^([56])(\d+)-/.exec(payload);
    const expected = m ? Number(m[2]) : 0;
    dir.pending = { headerId: frame.id, headerType: m ? Number(m[1]) : 5, expected, parts: [] };
    const partial = this.partialMessage(payload, frame.dir, expected);
    return { frame: frameOf('socketio', partial ? [partial] : [], { note: `waiting for ${expected} binary attachment(s)` }), updates };
  }

  private binary(frame: DecodeInput): { frame: DecodedFrame; updates?: Map<number, DecodedFrame> } {
    let bytes = typeof frame.data === 'string' ? new TextEncoder().encode(frame.data) : frame.data;
    if (this.eio === 3) {
      if (bytes[0] !== 4) throw new Error(`Engine.IO v3 binary frame without the 0x04 message type byte (got 0x${(bytes[0] ?? 0).toString(16)})`);
      bytes = bytes.subarray(1);
    }
    const dir = this.dirs[frame.dir];
    const p = dir.pending;
    if (!p) {
      // A whole Socket.IO packet in MessagePack (socket.io-msgpack-parser).
      const packet = readMsgpackPacket(bytes);
      if (packet) {
        const msg = this.sioMessage(packet, frame.dir);
        return { frame: frameOf('socketio', [{ ...msg, summary: `${msg.summary} (msgpack)`, value: { ...(msg.value as object), parser: 'msgpack' } }]) };
      }
      // A binary Engine.IO message outside Socket.IO (plain engine.io usage).
      return {
        frame: frameOf('socketio', [{ type: 'message', name: 'binary', summary: `binary message, ${bytes.length} bytes`, value: { engineio: 'message', data: bytes }, role: 'event' }]),
      };
    }
    p.parts.push(frame.id);
    try {
      dir.decoder.add(bytes);
    } catch (err) {
      this.dirs[frame.dir] = newDir();
      const msg = `Socket.IO attachment: ${errorMessage(err)}`;
      return { frame: errorFrame('socketio', msg), updates: new Map([[p.headerId, errorFrame('socketio', msg)]]) };
    }
    const packet = dir.decoded.shift();
    const note = `binary attachment ${p.parts.length}/${p.expected} of frame #${p.headerId}`;
    if (!packet) {
      return { frame: { ...frameOf('socketio', [], { note, partOf: p.headerId }), summary: note } };
    }
    dir.pending = null;
    packet.type = p.headerType; // report BINARY_EVENT / BINARY_ACK, as on the wire
    packet.attachments = p.expected;
    const msg = this.sioMessage(packet, frame.dir);
    const updates = new Map<number, DecodedFrame>([[p.headerId, frameOf('socketio', [msg])]]);
    // Each attachment frame is named after its event, so a filter on the name finds them all.
    const part = (k: number): DecodedFrame => {
      const n = `binary attachment ${k + 1}/${p.expected} of ${msg.name} (frame #${p.headerId})`;
      return { protocol: 'socketio', messages: [], name: msg.name, summary: n, note: n, partOf: p.headerId };
    };
    p.parts.forEach((id, k) => updates.set(id, part(k)));
    return { frame: part(p.parts.length - 1), updates };
  }

  /** The header of a binary packet, placeholders still in place. */
  private partialMessage(payload: string, dir: Direction, expected: number): DecodedMessage | null {
    const m = /^([56])\d+-(\/[^,]*,)?(\d+)?([[{].*)$/s.exec(payload);
    if (!m) return null;
    let data: unknown;
    try {
      data = JSON.parse(m[4]!);
    } catch {
      return null;
    }
    const packet: SioPacket = { type: Number(m[1]), nsp: m[2] ? m[2].slice(0, -1) : '/', data, attachments: expected };
    if (m[3]) packet.id = Number(m[3]);
    const msg = this.sioMessage(packet, dir);
    return { ...msg, summary: `${msg.summary} (waiting for ${expected} attachment(s))` };
  }

  private sioMessage(p: SioPacket, dir: Direction): DecodedMessage {
    const typeName = SIO_TYPES[p.type] ?? String(p.type);
    const nsp = p.nsp || '/';
    const at = nsp === '/' ? '' : `${nsp} `;
    const value: Record<string, unknown> = { type: typeName, nsp };
    if (p.id !== undefined) value.id = p.id;
    if (p.attachments) value.attachments = p.attachments;
    const other: Direction = dir === 'sent' ? 'received' : 'sent';
    switch (p.type) {
      case 0: {
        if (p.data !== undefined) value.data = p.data;
        // Client → server CONNECT asks; the server's CONNECT (with sid) or CONNECT_ERROR answers.
        const role = dir === 'sent' ? 'request' : 'response';
        return { type: typeName, name: nsp, summary: `${at}CONNECT${p.data !== undefined ? ` ${preview(p.data)}` : ''}`.trim(), value, role, key: `sio:connect:${nsp}` };
      }
      case 4:
        value.data = p.data;
        return { type: typeName, name: nsp, summary: `${at}CONNECT_ERROR ${preview(p.data)}`.trim(), value, role: 'response', key: `sio:connect:${nsp}` };
      case 1:
        return { type: typeName, name: nsp, summary: `${at}DISCONNECT`.trim(), value, role: 'event' };
      case 2:
      case 5: {
        const data = Array.isArray(p.data) ? p.data : [p.data];
        const event = typeof data[0] === 'string' ? data[0] : preview(data[0], 40);
        const args = data.slice(1);
        value.event = event;
        value.args = args;
        const summary = `${at}${event}(${args.map((a) => preview(a, 60)).join(', ')})${p.id !== undefined ? ` ack #${p.id}` : ''}`;
        if (p.id === undefined) return { type: typeName, name: event, summary, value, role: 'event' };
        this.ackNames.set(`${dir}|${nsp}|${p.id}`, event);
        return { type: typeName, name: event, summary, value, role: 'request', key: `sio:ack:${nsp}:${p.id}` };
      }
      case 3:
      case 6: {
        const args = Array.isArray(p.data) ? p.data : [p.data];
        value.args = args;
        const event = this.ackNames.get(`${other}|${nsp}|${p.id}`);
        if (event !== undefined) value.event = event;
        const summary = `${at}ack #${p.id}${event ? ` of ${event}` : ''} (${args.map((a) => preview(a, 60)).join(', ')})`;
        return { type: typeName, name: event ?? 'ack', summary, value, role: 'response', key: `sio:ack:${nsp}:${p.id}` };
      }
      default:
        value.data = p.data;
        return { type: typeName, name: typeName, summary: `${typeName} ${preview(p.data)}`, value, role: 'event' };
    }
  }
}

function engineMessage(type: string, data: unknown, version: 3 | 4, dir: Direction): DecodedMessage {
  const value: Record<string, unknown> = { engineio: type };
  if (data !== undefined) value.data = data;
  let parsed: unknown;
  if (type === 'open' && typeof data === 'string') {
    try {
      parsed = JSON.parse(data);
      value.data = parsed;
    } catch {
      /* keep the string */
    }
  }
  const probe = data === 'probe';
  const name = `engine.io ${type}`;
  const summary = `Engine.IO v${version} ${type}${data !== undefined ? ` ${preview(parsed ?? data, 100)}` : ''}`;
  if (type === 'ping') return { type, name, summary, value, role: 'request', key: probe ? 'eio:probe' : 'eio:ping' };
  if (type === 'pong') return { type, name, summary, value, role: 'response', key: probe ? 'eio:probe' : 'eio:ping' };
  void dir;
  return { type, name, summary, value, role: 'event' };
}

export const socketIoDecoder: Decoder = {
  id: 'socketio',
  name: 'Socket.IO / Engine.IO',
  subprotocols: [],
  urlScore: (url) => (/[?&]EIO=\d/.test(url) ? 1 : /\/socket\.io\/?(\?|$)/.test(url) ? 0.8 : 0),
  sniff(frame) {
    // A socket.io-msgpack-parser packet scores above plain MessagePack.
    if (frame.opcode !== 'text') return typeof frame.data !== 'string' && readMsgpackPacket(frame.data) ? 0.9 : 0;
    const t = textOf(frame);
    if (/^0\{"sid":/.test(t)) return 1;
    if (/^4[0-6](\/[^,]*,)?\d*[[{]/.test(t) || /^4[0-6]\d*-/.test(t)) return 0.9;
    if (t === '2' || t === '3' || t === '40' || t === '41' || t === '2probe' || t === '3probe') return 0.6;
    return 0;
  },
  create: (info) => new SocketIoState(info),
};
