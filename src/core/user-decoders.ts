/**
 * The user's own decoders, kept in `storage.local` per site: `{ [site]: source }`, where the site
 * is the host (and port) of the WebSocket server, the part of a connection's URL that says whose
 * protocol it speaks. Pure: parsing what is stored, and the site of a URL.
 */

export const USER_DECODERS_KEY = 'userDecoders';

/** The longest decoder source kept (characters). */
export const MAX_USER_DECODER_LENGTH = 50_000;

export type UserDecoders = Record<string, string>;

/** The site of a WebSocket URL: its host with the port ('' when the URL cannot be read). */
export function decoderSiteOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').host;
  } catch {
    return '';
  }
}

/** What is stored, tolerating anything malformed (entries that are not strings are left out). */
export function parseUserDecoders(raw: unknown): UserDecoders {
  const out: UserDecoders = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [site, code] of Object.entries(raw as Record<string, unknown>)) {
    if (site && typeof code === 'string' && code.trim()) out[site] = code.slice(0, MAX_USER_DECODER_LENGTH);
  }
  return out;
}

/** An example to start from, shown in the editor. */
export const USER_DECODER_EXAMPLE = `(payload, conn) => {
  // payload: a string (text frame) or a Uint8Array (binary frame); conn: { url, protocol }.
  const msg = typeof payload === 'string' ? JSON.parse(payload) : { bytes: payload.length };
  return { name: msg.type ?? 'message', value: msg };
}`;
