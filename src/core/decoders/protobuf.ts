/**
 * Protobuf without a schema: the wire format of a binary frame (src/core/protobuf/wire.ts), field
 * by field. Picked by detection only where frames parse strictly and nothing else scores higher
 * (MessagePack and CBOR score 0.6 and 0.55 a frame, this at most 0.5), or by the user ("Protobuf" in the
 * connection's decoder picker). With a schema, the panel decodes by message type instead
 * (src/core/protobuf/schema.ts).
 */
import { describeFields, readFields, summarizeFields } from '../protobuf/wire';
import type { Decoder } from './types';
import { frameOf, stateless } from './util';

/** Frames shorter than this say too little to be claimed by detection (a 1-byte frame is one varint). */
const SNIFF_MIN_BYTES = 3;

export const protobufDecoder: Decoder = {
  id: 'protobuf',
  name: 'Protobuf',
  subprotocols: ['protobuf', 'proto', 'grpc-websockets'],
  urlScore: (url) => (/proto(buf)?\b/i.test(url) ? 0.2 : 0),
  sniff(frame) {
    if (frame.opcode !== 'binary' || typeof frame.data === 'string' || frame.data.length < SNIFF_MIN_BYTES) return 0;
    try {
      const fields = readFields(frame.data);
      // Real messages start with low field numbers; random bytes rarely do. A frame of several
      // fields is enough on its own (0.5, the detection threshold); MessagePack and CBOR still win.
      if (fields.length === 0 || fields[0]!.field > 32) return 0;
      return fields.length >= 2 && frame.data.length >= 8 ? 0.5 : 0.3;
    } catch {
      return 0;
    }
  },
  stateless: true,
  create: () => ({
    decode(frame) {
      if (typeof frame.data === 'string') return { frame: frameOf('protobuf', [], { note: 'text frame, not Protobuf' }) };
      return stateless('protobuf', (f) => {
        const readings = describeFields(readFields(f.data as Uint8Array));
        return [{ type: 'wire format', name: '', summary: summarizeFields(readings), value: readings, role: 'event' }];
      }).decode(frame);
    },
  }),
};
