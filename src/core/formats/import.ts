/**
 * Import of a saved log as a read-only session: WebSocket Lens JSON and NDJSON
 * (`./lens-json/`), and HAR files with Chrome's `_webSocketMessages` (`./har/`). This module sniffs
 * the file, picks the reader, and holds what every format shares: the size limit, an empty or
 * non-JSON file, malformed JSON (line and column), and the session built from what was read
 * (`./session.ts`).
 *
 * The panel loads the result into a fresh `SessionStore`:
 *
 *     const r = importLog(text, file.name);
 *     if (r.ok) { store.applyAnnounce(r.session.doc, 0); store.applyRecords(r.session.records); }
 *
 * (`applyAnnounce` asks for a pull; an imported session has nothing to pull from, so ignore it.)
 *
 * Bad input is refused as a whole with a message that says what and where; nothing is half
 * imported. Things that can be read around (a HAR's ping/pong messages, unknown NDJSON lines) are
 * skipped and listed in `warnings`.
 */
import { formatBytes } from '../format';
import { LOG_FORMAT } from './lens-json/write';
import { readLensJson, readNdjson } from './lens-json/read';
import { readHar } from './har/read';
import { describeChar, describeJsonFailure, skipWhitespace } from './json-errors';
import { buildSession, type Draft, type ImportedSession } from './session';
import { clip, fail, ImportError, isObject } from './read-fields';

export type { ImportedSession } from './session';

// ───────────────────────────── size limit ─────────────────────────────

/**
 * The largest file the panel imports. The whole log is read into the panel's memory (the text,
 * then every frame's payload), so a larger file could exhaust the DevTools window; NDJSON exports
 * of bigger captures can be split with any line-based tool.
 */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** For the UI to call with `file.size` before reading the file: an error message, or null when it may be read. */
export function checkImportSize(bytes: number): string | null {
  if (bytes <= MAX_IMPORT_BYTES) return null;
  return `This file is ${formatBytes(bytes)}; WebSocket Lens imports files up to ${formatBytes(MAX_IMPORT_BYTES)}, because the whole log must fit in the panel's memory.`;
}


export type ImportResult = { ok: true; session: ImportedSession; warnings: string[] } | { ok: false; error: string };

/** Reads a saved log (any supported format, told apart by content). Never throws. */
export function importLog(text: string, fileName?: string): ImportResult {
  const warnings: string[] = [];
  try {
    const draft = readAny(text, fileName ?? null, warnings);
    return { ok: true, session: buildSession(draft, fileName ?? null), warnings };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: e.message };
    return { ok: false, error: `Could not read this file: ${e instanceof Error ? e.message : String(e)}` };
  }
}


// ───────────────────────────── format detection ─────────────────────────────

function readAny(text: string, fileName: string | null, warnings: string[]): Draft {
  const tooBig = checkImportSize(text.length); // UTF-8 is never shorter than its UTF-16 length
  if (tooBig !== null) fail(tooBig);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = skipWhitespace(body, 0, body.length);
  if (start === body.length) fail('The file is empty.');
  if (body[start] !== '{') {
    fail(`This is not a WebSocket Lens log or a HAR file: it should start with "{", not ${describeChar(body, start)}.`);
  }
  const firstLine = firstLineObject(body);
  if (firstLine?.kind === 'header') return readNdjson(body, warnings);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    // Not one JSON document: if it looks like one record a line, report it as NDJSON.
    if (firstLine !== null || /\.(ndjson|jsonl)$/i.test(fileName ?? '')) return readNdjson(body, warnings);
    fail(describeJsonFailure(body, e));
  }
  if (!isObject(parsed)) fail('This JSON file is neither a WebSocket Lens log nor a HAR file.');
  if (parsed.format === LOG_FORMAT) return readLensJson(parsed, warnings);
  if (parsed.kind === 'header') return readNdjson(body, warnings);
  if ('log' in parsed) return readHar(parsed, warnings);
  if (typeof parsed.format === 'string') fail(`This file's format ("${clip(parsed.format)}") is not one WebSocket Lens reads.`);
  return fail('This JSON file is neither a WebSocket Lens log nor a HAR file.');
}

/** The first line as a JSON object, when the text has more than one line and the first is one. */
function firstLineObject(body: string): Record<string, unknown> | null {
  const nl = body.indexOf('\n');
  if (nl === -1 || nl > 1_000_000) return null; // a one-line file is parsed as a whole anyway
  try {
    const first: unknown = JSON.parse(body.slice(0, nl));
    return isObject(first) ? first : null;
  } catch {
    return null;
  }
}

