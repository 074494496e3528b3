/**
 * What every log writer shares: its input (the panel's own objects), what an export covers, frame
 * marks, a `close()` call as both formats write it, and the file's name.
 */
import type { Connection, FrameRow } from '../rows';

/** What an export covers: every connection, the selected one, or the frames the filter shows. */
export type ExportScope = 'all' | 'connection' | 'filtered';

/**
 * What every exporter takes: the panel's own objects. Frames whose connection is not in
 * `connections` are left out, so that every exported frame has its connection.
 */
export interface ExportInput {
  connections: Connection[];
  frames: FrameRow[];
  pageUrl: string;
  userAgent: string;
  extensionVersion: string;
  exportedAt: Date;
  scope?: ExportScope;
}

/**
 * Frame marks ("simulated", "replayed", "blocked", "rewritten", …). The capture records do not
 * carry them yet; a record that has a `marks` array gets it exported, and an import puts it back
 * on the records it makes.
 */
export interface WithMarks {
  marks?: readonly string[];
}

/** A close() call on the socket; `byPanel` (only when true): WebSocket Lens closed it from the panel. */
export interface LogClosing {
  code: number | null;
  reason: string;
  time: number;
  byPanel?: true;
}

/** A connection's `closing` as the log writes it. */
export function logClosing(closing: Connection['closing']): LogClosing | null {
  if (closing === null) return null;
  const out: LogClosing = { code: closing.code, reason: closing.reason, time: closing.time };
  if (closing.byPanel) out.byPanel = true;
  return out;
}

export type ExportKind = 'har' | 'json' | 'ndjson';

/**
 * `websocket-lens_example.com_2026-11-22T00-15-03.har`: the page's host (with `-port` when it has
 * one; `page` when it has none) and the UTC time to the second, in characters every file system
 * accepts.
 */
export function exportFileName(kind: ExportKind, pageUrl: string, date: Date): string {
  const stamp = Number.isNaN(date.getTime()) ? 'unknown-time' : date.toISOString().slice(0, 19).replace(/:/g, '-');
  return `websocket-lens_${hostPart(pageUrl)}_${stamp}.${kind}`;
}

function hostPart(pageUrl: string): string {
  let host = '';
  try {
    const u = new URL(pageUrl);
    // An IPv6 literal "[2001:db8::1]" becomes "2001-db8-1".
    const name = u.hostname.startsWith('[')
      ? u.hostname
          .slice(1, -1)
          .split(':')
          .filter((p) => p !== '')
          .join('-')
      : u.hostname;
    host = name + (u.port !== '' ? `-${u.port}` : '');
  } catch {
    // not a URL: fall back to "page"
  }
  const safe = host
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 100);
  return safe === '' ? 'page' : safe;
}
