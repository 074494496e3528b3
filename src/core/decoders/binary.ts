/** MessagePack (@msgpack/msgpack; timestamps as ISO dates) and CBOR (cborg) binary messages, and plain JSON text. */
import { decode } from '@msgpack/msgpack';
import { msgpackCodec } from './msgpack-timestamp';
import { decode as cborgDecode, type TagDecoder } from 'cborg';

/**
 * cborg decodes the core of CBOR and leaves tags to the caller. So that no value is hidden: RFC 8746
 * typed arrays (tags 64–87, e.g. cbor-x's Uint8Array) give their bytes, standard dates (0, 1) an
 * ISO string, and any other tag below 1024 `{ tag, value }`.
 */
const CBOR_TAGS: TagDecoder[] = [];
for (let t = 0; t < 1024; t++) CBOR_TAGS[t] = (decode) => ({ tag: t, value: decode() });
for (let t = 64; t <= 87; t++) CBOR_TAGS[t] = (decode) => decode();
CBOR_TAGS[0] = (decode) => {
  const inner = decode();
  return typeof inner === 'string' ? inner : { tag: 0, value: inner };
};
CBOR_TAGS[1] = (decode) => {
  const inner = decode();
  return typeof inner === 'number' ? new Date(inner * 1000).toISOString() : { tag: 1, value: inner };
};

/** MessagePack with its timestamps (extension -1) as ISO 8601 text, nanoseconds kept. */
export function msgpackDecode(bytes: Uint8Array): unknown {
  return decode(bytes, { extensionCodec: msgpackCodec });
}

export function cborDecode(bytes: Uint8Array): unknown {
  return cborgDecode(bytes, { tags: CBOR_TAGS });
}
import type { DecodedMessage, Decoder, DecodeInput } from './types';
import { errorFrame, frameOf, guessName, preview, stateless, strictTextOf, textOf, tryJson } from './util';

function valueMessage(type: string, v: unknown): DecodedMessage {
  return { type, name: guessName(v), summary: preview(v, 160), value: v, role: 'event' };
}

function binaryOnly(frame: DecodeInput): Uint8Array {
  if (typeof frame.data === 'string') throw new Error('text frame: not binary');
  return frame.data;
}

export const msgpackDecoder: Decoder = {
  id: 'msgpack',
  name: 'MessagePack',
  subprotocols: ['msgpack', 'messagepack'],
  urlScore: () => 0,
  sniff(frame) {
    if (frame.opcode !== 'binary' || typeof frame.data === 'string' || frame.data.length === 0) return 0;
    const b = frame.data[0]!;
    // fixmap, fixarray, map16/32, array16/32
    if (!((b >= 0x80 && b <= 0x9f) || b === 0xde || b === 0xdf || b === 0xdc || b === 0xdd)) return 0;
    try {
      msgpackDecode(frame.data);
      return 0.6;
    } catch {
      return 0;
    }
  },
  stateless: true,
  create: () => stateless('msgpack', (frame) => [valueMessage('msgpack', msgpackDecode(binaryOnly(frame)))]),
};

export const cborDecoder: Decoder = {
  id: 'cbor',
  name: 'CBOR',
  subprotocols: ['cbor'],
  urlScore: () => 0,
  sniff(frame) {
    if (frame.opcode !== 'binary' || typeof frame.data === 'string' || frame.data.length === 0) return 0;
    const major = frame.data[0]! >> 5;
    if (major !== 4 && major !== 5 && frame.data[0] !== 0xd9) return 0; // array, map, self-describe tag
    try {
      cborDecode(frame.data);
      return 0.55;
    } catch {
      return 0;
    }
  },
  stateless: true,
  create: () => stateless('cbor', (frame) => [valueMessage('cbor', cborDecode(binaryOnly(frame)))]),
};

export const jsonDecoder: Decoder = {
  id: 'json',
  name: 'JSON',
  subprotocols: ['json'],
  urlScore: () => 0,
  sniff(frame) {
    if (frame.opcode !== 'text') return 0;
    const v = tryJson(textOf(frame));
    return v !== undefined && typeof v === 'object' ? 0.2 : 0;
  },
  stateless: true,
  create: () => ({
    decode(frame) {
      const bytes = typeof frame.data === 'string' ? null : frame.data;
      const text = bytes === null ? (frame.data as string) : strictTextOf(frame);
      // Engine.IO's control packets first: `5` or `2` are JSON numbers too, but beside JSON
      // messages they are the transport's upgrade and ping.
      const eio = bytes === null ? engineIoControl(text as string) : null;
      if (eio !== null) return { frame: frameOf('json', [eio]) };
      const v = text === null ? undefined : tryJson(text);
      if (v !== undefined) return { frame: frameOf('json', [valueMessage('json', v)]) };
      // A binary frame on a JSON connection is not a JSON error: it is binary (Hex shows it).
      if (bytes !== null)
        return {
          frame: frameOf('json', [], { note: `binary frame (${bytes.length} byte${bytes.length === 1 ? '' : 's'}), not JSON text` }),
        };
      return { frame: errorFrame('json', 'not JSON') };
    },
  }),
};

const ENGINE_IO_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];

/**
 * An Engine.IO control packet carried beside JSON messages (`2probe`, `3probe`, `5`, `2`, `3`,
 * `6`, `1`): valid packets of the transport, named as such, not errors.
 */
function engineIoControl(text: string): DecodedMessage | null {
  const m = /^([1-35-6])(probe)?$/.exec(text);
  if (m === null) return null;
  const type = ENGINE_IO_TYPES[Number(m[1])]!;
  const probe = m[2] !== undefined;
  return {
    type,
    name: `engine.io ${type}`,
    summary: `Engine.IO ${type}${probe ? ' probe' : ''}`,
    value: { engineio: type, ...(probe ? { data: 'probe' } : {}) },
    role: 'event',
  };
}
