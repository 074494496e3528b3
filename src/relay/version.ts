/**
 * The protocol version this relay speaks: PROTOCOL_VERSION, unless the build says otherwise.
 * `VITE_WSL_RELAY_PROTOCOL` exists for one end-to-end test (e2e/protocol-version.spec.ts), which
 * builds a relay of another version to see the panel say so; no other context reads it.
 */
import { PROTOCOL_VERSION } from '../core/protocol';

const built: string | undefined = import.meta.env.VITE_WSL_RELAY_PROTOCOL;

export const RELAY_PROTOCOL_VERSION: number = built !== undefined && built !== '' ? Number(built) : PROTOCOL_VERSION;
