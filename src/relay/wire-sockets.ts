/**
 * What the debugger saw on the wire and the hook cannot (worker-capture mode, src/background/
 * worker-capture.ts), into the document's history: the sockets of the page's workers, whole
 * (connection naming the worker, handshake, open, frames, close), under connection numbers of
 * their own (from WORKER_CONN_BASE, apart from the hook's 1, 2, …).
 */
import type { WireSocketEvent } from '../core/protocol';
import { base64ToBytes, utf8Length } from '../core/codec';
import type { History } from './history';

/** Worker sockets are numbered from here within the document. */
export const WORKER_CONN_BASE = 100_000;

export class WireSockets {
  private readonly conns = new Map<string, { conn: number; seq: number }>();
  private next = WORKER_CONN_BASE;

  constructor(private readonly history: Pick<History, 'add'>) {}

  /** True when a record was added. */
  apply(ev: WireSocketEvent): boolean {
    if (ev.type === 'connection') {
      if (this.conns.has(ev.id)) return false;
      const conn = ++this.next;
      this.conns.set(ev.id, { conn, seq: 0 });
      this.history.add({ type: 'connection', conn, seq: 0, time: ev.time, url: ev.url, protocols: ev.protocols, frameUrl: ev.worker.url, initiator: '', worker: ev.worker });
      return true;
    }
    const c = this.conns.get(ev.id);
    if (c === undefined) return false;
    if (ev.type === 'handshake') {
      this.history.add({ type: 'handshake', conn: c.conn, seq: 0, time: ev.hs.requestTime, hs: ev.hs });
      return true;
    }
    const base = { conn: c.conn, seq: ++c.seq };
    switch (ev.type) {
      case 'open':
        this.history.add({ type: 'open', ...base, time: ev.time, protocol: ev.protocol, extensions: ev.extensions });
        break;
      case 'frame':
        this.history.add({ ...frameOf(ev), ...base, time: ev.time, dir: ev.dir });
        break;
      case 'close':
        this.history.add({ type: 'close', ...base, time: ev.time, code: ev.code, reason: ev.reason, wasClean: ev.wasClean });
        this.conns.delete(ev.id);
        break;
    }
    return true;
  }
}

function frameOf(ev: { text?: string; base64?: string }) {
  if (ev.text !== undefined) return { type: 'frame' as const, opcode: 'text' as const, data: ev.text, size: utf8Length(ev.text), truncated: false };
  const bytes = base64ToBytes(ev.base64 ?? '');
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { type: 'frame' as const, opcode: 'binary' as const, data, binKind: 'arraybuffer' as const, size: bytes.byteLength, truncated: false };
}
