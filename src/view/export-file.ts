/**
 * What the panel's Export menu writes: the export input for a scope (all connections, the selected
 * one, the frames the filter shows) and the file itself, built in slices so that 100,000 frames
 * never block the panel for long.
 */
import type { SessionStore } from '../core/session-store';
import type { Connection, FrameRow } from '../core/rows';
import { exportFileName, type ExportInput, type ExportKind, type ExportScope } from '../core/formats/export';
import { serializeLogJsonChunks, toNdjson } from '../core/formats/lens-json/write';
import { serializeHarChunks } from '../core/formats/har/write';

export interface ExportMeta {
  userAgent: string;
  extensionVersion: string;
  exportedAt: Date;
  /** What the log is of, when not the store's top document (the test client: its server's URL). */
  pageUrl?: string;
}

/** What an export says about where and by what it was made, now. */
export function currentExportMeta(pageUrl?: string): ExportMeta {
  let extensionVersion = '';
  try {
    extensionVersion = globalThis.chrome?.runtime?.getManifest?.().version ?? '';
  } catch {
    // not an extension page (unit tests)
  }
  return { userAgent: navigator.userAgent, extensionVersion, exportedAt: new Date(), ...(pageUrl !== undefined ? { pageUrl } : {}) };
}

export const EXPORT_KINDS: readonly ExportKind[] = ['har', 'json', 'ndjson'];
export const EXPORT_LABEL: Record<ExportKind, string> = { har: 'HAR', json: 'JSON', ndjson: 'NDJSON' };
const MIME: Record<ExportKind, string> = { har: 'application/json', json: 'application/json', ndjson: 'application/x-ndjson' };

/** The page the capture is of: the top document's URL ('' when there is none). */
function pageUrlOf(store: SessionStore): string {
  return store.topDocument()?.info.url ?? '';
}

/**
 * The connections and frames a scope covers; null when it covers nothing to export (no
 * connection selected). "filtered": the frames the filter shows, with the selected connection, or
 * every connection when the filter is not on one (their close codes and errors are part of what
 * the frames mean).
 */
export function exportInput(store: SessionStore, scope: ExportScope, meta: ExportMeta): ExportInput | null {
  const all = store.connectionList();
  let connections: Connection[];
  let frames: FrameRow[];
  if (scope === 'all') {
    connections = all;
    frames = frameRows(store.rows);
  } else if (scope === 'connection') {
    const key = store.view.filter.connection;
    const c = key === null ? undefined : store.connections.get(key);
    if (c === undefined) return null;
    connections = [c];
    frames = frameRows(store.rows).filter((r) => r.connKey === c.key);
  } else {
    const key = store.view.filter.connection;
    connections = key === null ? all : all.filter((c) => c.key === key);
    frames = [];
    for (const i of store.view.visible) {
      const r = store.rows[i];
      if (r !== undefined && r.kind === 'frame') frames.push(r);
    }
  }
  return {
    connections,
    frames,
    pageUrl: meta.pageUrl ?? pageUrlOf(store),
    userAgent: meta.userAgent,
    extensionVersion: meta.extensionVersion,
    exportedAt: meta.exportedAt,
    scope,
  };
}

function frameRows(rows: SessionStore['rows']): FrameRow[] {
  const out: FrameRow[] = [];
  for (const r of rows) if (r.kind === 'frame') out.push(r);
  return out;
}

/** The file's text, piece by piece (about one piece per frame). */
function exportChunks(kind: ExportKind, input: ExportInput): Iterable<string> {
  return kind === 'har' ? serializeHarChunks(input) : kind === 'json' ? serializeLogJsonChunks(input) : toNdjson(input);
}

export function exportName(kind: ExportKind, input: ExportInput): string {
  return exportFileName(kind, input.pageUrl, input.exportedAt);
}

export interface BuildOptions {
  /** At most this many pieces between two turns of the event loop. */
  slice?: number;
  /** Also give the event loop a turn once this long (ms) has gone by since the last one. */
  budgetMs?: number;
  /** Called at each turn with the fraction done (0…1), and with 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Lets the event loop run (a macrotask, so that input and painting get their turn). */
  yieldToLoop?: () => Promise<void>;
  /** Checked at each turn: stop and reject with an AbortError. */
  signal?: AbortSignal;
}

/**
 * Builds the export as a Blob, a slice of pieces at a time: every 5,000 pieces (about one per
 * frame) or every 40 ms, whichever comes first, the event loop gets a turn, so that the panel
 * keeps painting and answering while a large capture is written.
 */
export async function buildExportBlob(kind: ExportKind, input: ExportInput, opts: BuildOptions = {}): Promise<Blob> {
  const slice = opts.slice ?? 5000;
  const budgetMs = opts.budgetMs ?? 40;
  const yieldToLoop = opts.yieldToLoop ?? macrotask;
  // About one piece per frame and per connection, plus a few for the frame.
  const expected = input.frames.length + input.connections.length * 3 + 4;
  // Each slice becomes a Blob of its own at once, so its text is encoded then and not all at the end.
  const parts: Blob[] = [];
  let pending: string[] = [];
  let done = 0;
  let sinceTurn = 0;
  let turnAt = performance.now();
  for (const chunk of exportChunks(kind, input)) {
    pending.push(chunk);
    done++;
    if (++sinceTurn >= slice || ((done & 255) === 0 && performance.now() - turnAt >= budgetMs)) {
      parts.push(new Blob([pending.join('')]));
      pending = [];
      sinceTurn = 0;
      opts.onProgress?.(Math.min(0.99, done / expected));
      await yieldToLoop();
      if (opts.signal?.aborted) throw new DOMException('Export cancelled', 'AbortError');
      turnAt = performance.now();
    }
  }
  parts.push(new Blob([pending.join('')]));
  opts.onProgress?.(1);
  return new Blob(parts, { type: MIME[kind] });
}

/** A macrotask boundary (MessageChannel: unlike setTimeout, not clamped to 4 ms, nor throttled to 1 s in a hidden panel). */
function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
