/**
 * Ingestion: the hook's batches become records in the History, strictly in the order the hook
 * saw them. Each event is shown to `see` first (the auto-responses, ./responder.ts), which may
 * leave it out, change its mark or give its record a note. A Blob payload is read asynchronously (only its first `maxFrameBytes`), so batches go
 * through a serial queue: a later event never overtakes a Blob being read.
 */
import type { CaptureEvent, HookEvent, HookResult } from '../core/protocol';
import type { History } from './history';
import { toRecord, type DocContext } from './records';

interface IngestSink {
  /** The hook's answer to a command (not a record). */
  result(res: HookResult): void;
  /** The document's connection record was kept (a socket was made). */
  connection(): void;
  /** A batch is in the history. */
  batchDone(): void;
  /**
   * Looks at an event before it becomes a record: null leaves it out, undefined (or no `see`) keeps
   * it as it is. `batch[at]` is the event: what follows it in its batch, the hook did right after.
   */
  see?(ev: CaptureEvent, batch: readonly HookEvent[], at: number): { ev: CaptureEvent; note?: string } | null | undefined;
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
        for (let at = 0; at < batch.length; at++) {
          const hookEv = batch[at]!;
          if (hookEv.type === 'result') {
            this.sink.result(hookEv);
            continue;
          }
          const seen = this.sink.see?.(hookEv, batch, at);
          if (seen === null) continue;
          const ev = seen === undefined ? hookEv : seen.ev;
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
          this.history.add(toRecord(ev, this.ctx, binary, seen?.note));
          if (ev.type === 'connection') this.sink.connection();
        }
        this.sink.batchDone();
      }
    } finally {
      this.draining = false;
    }
  }
}
