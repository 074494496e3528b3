/**
 * Replaying several captured frames: in their captured order, either with their original spacing
 * or at a fixed interval. Pure planning plus a small runner that can be stopped.
 */
import type { FrameRecord } from './protocol';

export type ReplaySpacing = { kind: 'original' } | { kind: 'interval'; ms: number };

/** Longest wait the original spacing may ask for between two frames (a paused capture, say). */
export const MAX_ORIGINAL_GAP_MS = 60_000;

/** Delay before each frame (the first is 0), frames sorted by capture time. */
export function replayDelays(frames: ReadonlyArray<Pick<FrameRecord<unknown>, 'time'>>, spacing: ReplaySpacing): number[] {
  return frames.map((f, i) => {
    if (i === 0) return 0;
    if (spacing.kind === 'interval') return Math.max(0, spacing.ms);
    return Math.min(MAX_ORIGINAL_GAP_MS, Math.max(0, f.time - frames[i - 1].time));
  });
}

export interface ReplayProgress {
  sent: number;
  total: number;
  /** The first failure stops the replay; its message. */
  error?: string;
  stopped?: boolean;
  done: boolean;
}

/**
 * Sends `items` one after another with the given delays; `send` resolves with an error message or
 * null. Stops at the first failure or when `signal` aborts. `wait` is injectable for tests.
 */
export async function runReplay<T>(
  items: readonly T[],
  delays: readonly number[],
  send: (item: T) => Promise<string | null>,
  onProgress: (p: ReplayProgress) => void,
  signal: AbortSignal,
  wait: (ms: number, signal: AbortSignal) => Promise<void> = sleep,
): Promise<ReplayProgress> {
  let sent = 0;
  const total = items.length;
  for (let i = 0; i < total; i++) {
    if (delays[i] > 0) await wait(delays[i], signal);
    if (signal.aborted) return report({ sent, total, stopped: true, done: true });
    const error = await send(items[i]);
    if (error !== null) return report({ sent, total, error, done: true });
    sent++;
    if (i < total - 1) onProgress({ sent, total, done: false });
  }
  return report({ sent, total, done: true });

  function report(p: ReplayProgress): ReplayProgress {
    onProgress(p);
    return p;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
