/**
 * Replaying several selected frames into their live connections, in captured order, with their
 * original spacing or a fixed interval; a running replay can be stopped.
 */
import { useContext, useRef, useState } from 'preact/hooks';
import type { FrameRow } from '../core/rows';
import { replayDelays, runReplay, type ReplayProgress } from '../core/replay';
import { ActionsContext } from './actions';

export function ReplayBar({ rows: picked, onClear }: { rows: FrameRow[]; onClear(): void }) {
  const actions = useContext(ActionsContext);
  const [spacing, setSpacing] = useState<'original' | 'interval'>('original');
  const [interval, setIntervalMs] = useState('100');
  const [progress, setProgress] = useState<ReplayProgress | null>(null);
  const abort = useRef<AbortController | null>(null);
  if (actions === null || picked.length === 0) return null;
  // Only sent frames are replayed: a received frame is the server's own message, and sending it
  // back to the server is never done in bulk (one at a time, through the composer).
  const rows = picked.filter((r) => r.rec.dir === 'sent');
  const received = picked.length - rows.length;
  const running = progress !== null && !progress.done;

  const start = () => {
    const ms = Number(interval);
    if (spacing === 'interval' && !(Number.isFinite(ms) && ms >= 0 && ms <= 600_000)) {
      setProgress({ sent: 0, total: rows.length, error: 'The interval must be a number of milliseconds from 0 to 600,000.', done: true });
      return;
    }
    const ordered = [...rows].sort((a, b) => a.rec.time - b.rec.time || a.id - b.id);
    const delays = replayDelays(
      ordered.map((r) => r.rec),
      spacing === 'original' ? { kind: 'original' } : { kind: 'interval', ms },
    );
    const ac = new AbortController();
    abort.current = ac;
    setProgress({ sent: 0, total: ordered.length, done: false });
    void runReplay(
      ordered,
      delays,
      async (row) => {
        const r = await actions.replay(row.connKey, row.rec);
        return r.ok ? null : (r.error ?? 'The page refused.');
      },
      setProgress,
      ac.signal,
    );
  };

  return (
    <div class="replay-bar" role="region" aria-label="Replay selected frames">
      <strong>
        {picked.length} frame{picked.length === 1 ? '' : 's'} selected
      </strong>
      {received > 0 && (
        <span class="note" role="note">
          {received} received frame{received === 1 ? ' is' : 's are'} left out: replay sends to the server, and{' '}
          {received === 1 ? 'it is' : 'they are'} the server's own.
        </span>
      )}
      <label>
        <input type="radio" name="spacing" checked={spacing === 'original'} onChange={() => setSpacing('original')} /> original spacing
      </label>
      <label>
        <input type="radio" name="spacing" checked={spacing === 'interval'} onChange={() => setSpacing('interval')} /> every
      </label>
      <label>
        <span class="visually-hidden">Interval in milliseconds</span>
        <input
          aria-label="Interval in milliseconds"
          value={interval}
          size={5}
          inputMode="numeric"
          disabled={spacing !== 'interval'}
          onInput={(e) => setIntervalMs(e.currentTarget.value)}
        />{' '}
        ms
      </label>
      {running ? (
        <button type="button" onClick={() => abort.current?.abort()}>
          Stop replay
        </button>
      ) : (
        <button type="button" class="primary" onClick={start} disabled={rows.length === 0}>
          Replay {rows.length} frame{rows.length === 1 ? '' : 's'}
        </button>
      )}
      <button type="button" onClick={onClear} disabled={running}>
        Clear selection
      </button>
      <span role={progress?.error ? 'alert' : 'status'} class={progress?.error ? 'warn' : ''}>
        {progress === null
          ? 'Ctrl/Cmd-click or Shift-click frames to select them.'
          : progress.error
            ? `Stopped after ${progress.sent} of ${progress.total}: ${progress.error}`
            : progress.stopped
              ? `Stopped after ${progress.sent} of ${progress.total}.`
              : progress.done
                ? `Replayed ${progress.sent} of ${progress.total}.`
                : `Replaying… ${progress.sent} of ${progress.total}`}
      </span>
    </div>
  );
}
