/**
 * The composer's Protobuf encoding: on a connection whose frames have a message type (Settings,
 * Protobuf), JSON typed in the composer is encoded into that type before it is sent (the type of
 * sent frames) or simulated as received (the type of received frames). A draft opened from a
 * frame decoded with the schema ("Edit and resend") carries the frame's type, and is encoded into
 * that type either way. A checkbox turns it off.
 */
import { useEffect, useState } from 'preact/hooks';
import { bindingFor, type ProtobufBinding } from '../core/protobuf/config';
import { encodeWithSchema, type CompiledSchema } from '../core/protobuf/schema';
import type { ProtobufTarget } from '../core/message-draft';
import { unwatchProtobufSchema, watchProtobufSchema } from './protobuf-schema';

export interface ProtobufEncoding {
  /** The types of sent and received frames on this connection (undefined: none). */
  sent: ProtobufBinding | undefined;
  received: ProtobufBinding | undefined;
  on: boolean;
  setOn(on: boolean): void;
  /**
   * The payload to send: JSON text encoded, when on, into `target` (the draft's own type) or else
   * the direction's type; anything else as it is.
   */
  encode(
    data: string | Uint8Array,
    dir: 'sent' | 'received',
    target?: ProtobufTarget,
  ): { ok: true; data: string | Uint8Array } | { ok: false; error: string };
}

export function useProtobufEncoding(url: string): ProtobufEncoding {
  const [pb, setPb] = useState<{ schema: CompiledSchema | null; bindings: readonly ProtobufBinding[] }>({ schema: null, bindings: [] });
  const [on, setOn] = useState(true);
  useEffect(() => {
    const sink = { setProtobuf: (schema: CompiledSchema | null, bindings: readonly ProtobufBinding[]) => setPb({ schema, bindings }) };
    watchProtobufSchema(sink);
    return () => unwatchProtobufSchema(sink);
  }, []);
  const sent = pb.schema ? bindingFor(pb.bindings, url, 'sent') : undefined;
  const received = pb.schema ? bindingFor(pb.bindings, url, 'received') : undefined;
  return {
    sent,
    received,
    on,
    setOn,
    encode(data, dir, target) {
      const b = target ?? (dir === 'sent' ? sent : received);
      if (!on || !b || typeof data !== 'string') return { ok: true, data };
      // A draft of a frame's type whose schema is gone (or not read yet) is not sent as JSON text.
      if (!pb.schema) return { ok: false, error: `No Protobuf schema is set, so not encoded as ${b.type}.` };
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch (e) {
        return { ok: false, error: `Not JSON, so not encoded as ${b.type}: ${e instanceof Error ? e.message : String(e)}` };
      }
      try {
        return { ok: true, data: encodeWithSchema(pb.schema.registry, b, json as Parameters<typeof encodeWithSchema>[2]) };
      } catch (e) {
        return { ok: false, error: `Cannot encode as ${b.type}: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
  };
}

/** The checkbox, shown when the draft or the connection has a message type. */
export function ProtobufEncodeToggle({ pb, target }: { pb: ProtobufEncoding; target?: ProtobufTarget }) {
  const types = target ? [target.type] : [...new Set([pb.sent?.type, pb.received?.type].filter((t): t is string => t !== undefined))];
  if (types.length === 0) return null;
  return (
    <label class="pb-encode" title="JSON in the editor is encoded into this Protobuf type (sent frames' type to send, received frames' to simulate)">
      <input type="checkbox" checked={pb.on} onChange={(e) => pb.setOn(e.currentTarget.checked)} /> Encode JSON as Protobuf ({types.join(' / ')})
    </label>
  );
}
