/**
 * Turns the hook's compact events into the records the history keeps and the panel shows:
 * absolute times, byte sizes, the per-frame cap applied. Blob payloads are read by the caller
 * (asynchronously, in order) and handed in as ArrayBuffer.
 */
import type { CaptureEvent, HistoryBounds } from '../core/protocol';
import { truncateUtf8, utf8Length } from '../core/codec';
import type { NewRecord } from './history';

export interface DocContext {
  timeOrigin: number;
  frameUrl: string;
  bounds: HistoryBounds;
}

/**
 * `binary` is the frame's bytes when the event carried a Blob (already read) or an ArrayBuffer;
 * `note`, what an auto-response rule made of a sent text frame (./responder.ts).
 */
export function toRecord(ev: CaptureEvent, ctx: DocContext, binary?: { bytes: ArrayBuffer; fullSize: number }, note?: string): NewRecord {
  const base = { conn: ev.conn, seq: ev.seq, time: ctx.timeOrigin + ev.t };
  switch (ev.type) {
    case 'connection':
      return { type: 'connection', ...base, url: ev.url, protocols: ev.protocols, frameUrl: ev.frame ?? ctx.frameUrl, initiator: ev.initiator };
    case 'open':
      return { type: 'open', ...base, protocol: ev.protocol, extensions: ev.extensions };
    case 'error':
      return { type: 'error', ...base };
    case 'closing':
      return { type: 'closing', ...base, code: ev.code ?? null, reason: ev.reason ?? '', ...(ev.byPanel ? { byPanel: true } : {}) };
    case 'close':
      return { type: 'close', ...base, code: ev.code, reason: ev.reason, wasClean: ev.wasClean };
    case 'paused':
      return { type: 'paused', ...base, pid: ev.pid, dir: ev.dir, data: ev.data };
    case 'resumed':
      return { type: 'resumed', ...base, pid: ev.pid, action: ev.action };
    case 'frame': {
      const cap = ctx.bounds.maxFrameBytes;
      if (typeof ev.data === 'string') {
        const size = utf8Length(ev.data);
        const truncated = size > cap;
        return {
          type: 'frame',
          ...base,
          dir: ev.dir,
          opcode: 'text',
          data: truncated ? truncateUtf8(ev.data, cap) : ev.data,
          size,
          truncated,
          ...(ev.mark ? { mark: ev.mark } : {}),
          ...(ev.original !== undefined ? { original: ev.original } : {}),
          ...(note !== undefined ? { note } : {}),
        };
      }
      const bytes = binary?.bytes ?? (ev.data as ArrayBuffer);
      const size = binary?.fullSize ?? bytes.byteLength;
      const kept = bytes.byteLength > cap ? bytes.slice(0, cap) : bytes;
      return {
        type: 'frame',
        ...base,
        dir: ev.dir,
        opcode: 'binary',
        data: kept,
        binKind: ev.kind ?? (typeof Blob !== 'undefined' && ev.data instanceof Blob ? 'blob' : 'arraybuffer'),
        size,
        truncated: size > kept.byteLength,
        ...(ev.mark ? { mark: ev.mark } : {}),
      };
    }
  }
}
