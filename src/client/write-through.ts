/**
 * A value kept in storage as soon as it changes: the first change is written at once; changes made
 * while a write is in flight are written, the latest only, when it ends. A page closed right after a
 * change (a popup losing focus, a test closing it) has already issued its write: nothing waits on a
 * timer or on `pagehide`, which a page closed from outside may never see.
 */
export interface WriteThrough {
  /** Says the value changed; returns when the newest value at this call is stored. */
  changed(): Promise<void>;
  /**
   * Writes what is not yet written now, without the spacing (the page is going away: a write
   * left waiting for a timer would never run); resolves when nothing is pending or in flight.
   */
  flush(): Promise<void>;
}

/**
 * `spacing`, when given, is the least time between the end of a write and the start of the next
 * (a log that grows by a thousand rows a second is not rewritten a thousand times); the first change
 * after a quiet moment is still written at once.
 */
export function writeThrough(write: () => Promise<void>, onError: (e: unknown) => void, spacing?: { ms: number; wait(ms: number): Promise<void> }): WriteThrough {
  let inFlight: Promise<void> | null = null;
  let again = false;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      void spacing?.wait(ms).then(resolve);
    });
  const attempt = async (): Promise<void> => {
    try {
      await write();
    } catch (e) {
      onError(e);
    }
  };
  const run = (): Promise<void> => {
    const p = (async () => {
      for (let first = true; first || again; first = false) {
        if (!first && spacing !== undefined) await pause(spacing.ms);
        wake = null;
        if (!first && !again) break; // flush() wrote it meanwhile
        again = false;
        await attempt();
      }
      inFlight = null;
    })();
    inFlight = p;
    return p;
  };
  return {
    changed() {
      if (inFlight !== null) {
        again = true;
        return inFlight;
      }
      return run();
    },
    flush() {
      if (inFlight === null) return Promise.resolve();
      if (!again) return inFlight;
      // Issued in this very task (a page in pagehide gets no later one); the store applies writes
      // in the order they were issued, so this newest one wins over the one in flight.
      again = false;
      const now = attempt();
      wake?.();
      return Promise.all([inFlight, now]).then(() => undefined);
    },
  };
}
