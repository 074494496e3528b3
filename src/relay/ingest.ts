/**
 * Ingestion: the hook's batches become records in the History, strictly in the order the hook
 * saw them. A Blob payload is read asynchronously (only its first `maxFrameBytes`), so batches go
 * through a serial queue: a later event never overtakes a Blob being read.
 */
import type { HookEvent, HookResult } from '../core/protocol';
import type { History } from './history';
import { toRecord, type DocContext } from './records';

interface IngestSink {
  /** The hook's answer to a command (not a record). */
  result(res: HookResult): void;
  /** The document's connection record was kept (a socket was made). */
  connection(): void;
  /** A batch is in the history. */
  batchDone(): void;
}

export class Ingest {
  private readonly inbox: HookEvent[][] = [];
  private draining = false;
  private drained: Promise<void> = Promise.resolve();

  constructor(
    private readonly history: Pick<History, 'add'>,
    /** Read at each event: the bounds may change live. */
    private readonly ctx: DocContext,
    private readonly sink: IngestSink,
  ) {}

  push(batch: HookEvent[]): void {
    this.inbox.push(batch);
    if (!this.draining) this.drained = this.drain();
  }

  /** Resolves once every batch pushed so far is in the history. */
  idle(): Promise<void> {
    return this.drained;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let batch = this.inbox.shift(); batch !== undefined; batch = this.inbox.shift()) {
        for (const ev of batch) {
          if (ev.type === 'result') {
            this.sink.result(ev);
            continue;
          }
          let binary: { bytes: ArrayBuffer; fullSize: number } | undefined;
          if (ev.type === 'frame' && typeof ev.data !== 'string' && !(ev.data instanceof ArrayBuffer)) {
            const blob = ev.data;
            let bytes: ArrayBuffer;
            try {
              bytes = await blob.slice(0, this.ctx.bounds.maxFrameBytes).arrayBuffer();
            } catch {
              bytes = new ArrayBuffer(0); // unreadable Blob: kept as a truncated frame of its full size
            }
            binary = { bytes, fullSize: blob.size };
          }
          this.history.add(toRecord(ev, this.ctx, binary));
          if (ev.type === 'connection') this.sink.connection();
        }
        this.sink.batchDone();
      }
    } finally {
      this.draining = false;
    }
  }
}
