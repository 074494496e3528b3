import type { LogImport } from './use-log-import';

/** "Importing…" while a file is read, and the error of a failed import. */
export function ImportNotices({ state }: { state: LogImport }) {
  return (
    <>
      {state.busy && (
        <p class="note" role="status" aria-label="Import progress">
          {state.busy}
        </p>
      )}
      {state.error && (
        <div class="note error" role="alert">
          <span>{state.error}</span>
          <button type="button" class="icon" aria-label="Dismiss" onClick={state.dismissError}>
            ✕
          </button>
        </div>
      )}
    </>
  );
}
