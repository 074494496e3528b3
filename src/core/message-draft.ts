/**
 * The composer's model, shared by the test client and the panel's "edit and resend": a draft in
 * one of several formats and what it encodes to (a text frame or binary bytes). Pure.
 */
import { CodecError, base64ToBytes, bytesToBase64, parseHex, bytesToHex } from './codec';

export type DraftMode = 'text' | 'json' | 'hex' | 'base64' | 'file';

export interface Draft {
  mode: DraftMode;
  /** The text of the editor (unused in file mode). */
  text: string;
  /** File mode: the chosen file's name and bytes (not persisted). */
  file?: { name: string; bytes: Uint8Array } | null;
  /**
   * The Protobuf type the JSON is encoded into before it is sent or simulated (the panel's
   * composer): set when a frame decoded with a schema is opened in the composer ("Edit and
   * resend"), so it goes back as the type it was read as. Not saved with a message.
   */
  protobuf?: ProtobufTarget;
}

/** A message type, or an envelope type with the fields naming and holding the inner one. */
export interface ProtobufTarget {
  type: string;
  typeField?: string;
  payloadField?: string;
}

export type Encoded =
  | { ok: true; data: string | Uint8Array; /** Set when JSON mode sends invalid JSON as text. */ warning?: string }
  | { ok: false; error: string; /** 1-based character position of the error in the text, when known. */ position: number | null };

/** Result of checking JSON text: null when valid. */
export function jsonError(text: string): { message: string; position: number | null } | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(message);
    return { message, position: m ? Number(m[1]) + 1 : null };
  }
}

/** Pretty-prints (2 spaces) or minifies JSON text; throws SyntaxError when it is not JSON. */
export function formatJson(text: string, pretty: boolean): string {
  const value: unknown = JSON.parse(text);
  return pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

/** What a draft sends. Invalid JSON is sent as text with a warning; invalid hex/Base64 is refused. */
export function encodeDraft(d: Draft): Encoded {
  switch (d.mode) {
    case 'text':
      return { ok: true, data: d.text };
    case 'json': {
      const err = jsonError(d.text);
      return err === null
        ? { ok: true, data: d.text }
        : { ok: true, data: d.text, warning: `Not valid JSON (${err.message}); sent as text.` };
    }
    case 'hex':
    case 'base64':
      try {
        return { ok: true, data: d.mode === 'hex' ? parseHex(d.text) : base64ToBytes(d.text) };
      } catch (e) {
        if (e instanceof CodecError) return { ok: false, error: e.message, position: e.position };
        throw e;
      }
    case 'file':
      if (!d.file) return { ok: false, error: 'Choose a file to send.', position: null };
      return { ok: true, data: d.file.bytes };
  }
}

/**
 * Converts the draft's text when the user switches format, so that the same bytes stay in the
 * editor: hex ⇄ Base64 keep the bytes, text → hex/Base64 encode it as UTF-8, binary → text decodes
 * valid UTF-8. When no faithful conversion exists the text is kept as it is.
 */
export function switchMode(d: Draft, mode: DraftMode): Draft {
  if (mode === d.mode) return d;
  const isBin = (m: DraftMode) => m === 'hex' || m === 'base64';
  let text = d.text;
  try {
    if (isBin(d.mode) && isBin(mode)) {
      const bytes = d.mode === 'hex' ? parseHex(d.text) : base64ToBytes(d.text);
      text = mode === 'hex' ? bytesToHex(bytes) : bytesToBase64(bytes);
    } else if ((d.mode === 'text' || d.mode === 'json') && isBin(mode)) {
      const bytes = new TextEncoder().encode(d.text);
      text = mode === 'hex' ? bytesToHex(bytes) : bytesToBase64(bytes);
    } else if (isBin(d.mode) && (mode === 'text' || mode === 'json')) {
      const bytes = d.mode === 'hex' ? parseHex(d.text) : base64ToBytes(d.text);
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } else if (d.mode === 'file' && d.file && isBin(mode)) {
      text = mode === 'hex' ? bytesToHex(d.file.bytes) : bytesToBase64(d.file.bytes);
    }
  } catch {
    text = d.text;
  }
  return { ...d, mode, text };
}

/** A message kept by name; one click sends it. */
export interface SavedMessage {
  id: string;
  name: string;
  mode: Exclude<DraftMode, 'file'>;
  text: string;
}

/**
 * Turns a saved message back into a draft. File drafts are saved as Base64 (see `savable`).
 */
export function savedToDraft(m: SavedMessage): Draft {
  return { mode: m.mode, text: m.text };
}

/** The saved form of a draft: a file becomes Base64. */
export function savable(d: Draft): { mode: SavedMessage['mode']; text: string } | null {
  if (d.mode === 'file') return d.file ? { mode: 'base64', text: bytesToBase64(d.file.bytes) } : null;
  return { mode: d.mode, text: d.text };
}

/**
 * Parses saved messages handed over in a URL (`saved=<JSON array of {name, data, binary?}>`;
 * `binary: true` means `data` is Base64). Entries that are not of this shape are skipped.
 */
export function parseSavedParam(json: string, makeId: () => string): SavedMessage[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: SavedMessage[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, data, binary } = item as { name?: unknown; data?: unknown; binary?: unknown };
    if (typeof data !== 'string') continue;
    const isBinary = binary === true;
    if (isBinary) {
      try {
        base64ToBytes(data);
      } catch {
        continue;
      }
    }
    const mode: SavedMessage['mode'] = isBinary ? 'base64' : jsonError(data) === null && /^\s*[[{]/.test(data) ? 'json' : 'text';
    out.push({
      id: makeId(),
      name: typeof name === 'string' && name.trim() !== '' ? name.trim() : `Message ${out.length + 1}`,
      mode,
      text: data,
    });
  }
  return out;
}

/** Checks a stored list of saved messages, dropping malformed entries. */
export function parseStoredSaved(raw: unknown): SavedMessage[] {
  if (!Array.isArray(raw)) return [];
  const modes = new Set(['text', 'json', 'hex', 'base64']);
  return raw.filter(
    (m): m is SavedMessage =>
      typeof m === 'object' &&
      m !== null &&
      typeof m.id === 'string' &&
      typeof m.name === 'string' &&
      typeof m.text === 'string' &&
      modes.has(m.mode),
  );
}
