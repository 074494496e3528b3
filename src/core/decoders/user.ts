/**
 * The user's own decoder (written in the panel's settings, kept per site, run in a sandboxed page:
 * `src/sandbox/user-decoder.ts`). Running it is asynchronous, decoding here is not: this decoder
 * reads results from a `UserDecodeSource` the panel provides, asks it for the frames it has no
 * result for yet (shown meanwhile as "running"), and the panel decodes again when results come.
 * Never detected automatically: the user picks it for a connection.
 */
import type { ConnectionInfo, DecodedFrame, DecodeInput, Decoder } from './types';
import { errorFrame, frameOf, preview } from './util';

export type UserDecodeResult = { ok: true; name?: string; value: unknown } | { ok: false; error: string };

export interface UserDecodeSource {
  /** The result for a frame, or undefined when it has not run yet (then `request` it). */
  get(info: ConnectionInfo, frame: DecodeInput): UserDecodeResult | undefined;
  request(info: ConnectionInfo, frame: DecodeInput): void;
}

let source: UserDecodeSource | null = null;

/** Sets (or clears) where user decoder results come from: the panel's sandbox host. */
export function setUserDecodeSource(s: UserDecodeSource | null): void {
  source = s;
}

function decodeWith(info: ConnectionInfo, frame: DecodeInput): DecodedFrame {
  if (!source) return errorFrame('user', 'your decoders cannot run here');
  const r = source.get(info, frame);
  if (!r) {
    source.request(info, frame);
    return { protocol: 'user', messages: [], name: '', summary: 'your decoder is running…', note: 'your decoder is running…' };
  }
  if (!r.ok) return errorFrame('user', r.error);
  return frameOf('user', [{ type: 'user', name: r.name ?? '', summary: preview(r.value, 160), value: r.value, role: 'event' }]);
}

export const userDecoder: Decoder = {
  id: 'user',
  name: 'Your decoder (this site)',
  subprotocols: [],
  urlScore: () => 0,
  sniff: () => 0,
  stateless: true,
  create: (info) => ({ decode: (frame) => ({ frame: decodeWith(info, frame) }) }),
};
