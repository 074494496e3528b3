/**
 * Frames held by breakpoints: each can be edited, then continued or dropped; "Continue all" lets
 * every held frame go on. Later frames of the same socket wait in the page behind a held one.
 */
import { useContext, useState } from 'preact/hooks';
import type { HeldFrame, SessionStore } from '../core/session-store';
import { ActionsContext } from './actions';

export function HeldFrames({ store }: { store: SessionStore }) {
  const actions = useContext(ActionsContext);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  if (actions === null || store.heldFrames.size === 0) return null;
  const held = [...store.heldFrames.values()].sort((a, b) => a.time - b.time);

  const go = async (h: HeldFrame, action: 'continue' | 'drop') => {
    const text = edits[h.key];
    const r = await actions.resume(h.connKey, h.pid, action, action === 'continue' && text !== undefined && text !== h.data ? text : undefined);
    setError(r.ok ? null : (r.error ?? 'The page refused.'));
  };

  return (
    <section class="held" aria-label="Paused frames">
      <header>
        <strong>
          {held.length} frame{held.length === 1 ? '' : 's'} paused by a breakpoint
        </strong>
        <button type="button" onClick={() => void Promise.all(held.map((h) => go(h, 'continue')))}>
          Continue all
        </button>
      </header>
      {held.map((h) => {
        const c = store.connections.get(h.connKey);
        const label = `Paused ${h.dir} frame on #${c?.index ?? '?'}`;
        return (
          <div class="held-frame" role="group" aria-label={label} key={h.key}>
            <span>{label}</span>
            <textarea
              aria-label={`${label}: text`}
              value={edits[h.key] ?? h.data}
              onInput={(e) => setEdits({ ...edits, [h.key]: e.currentTarget.value })}
              rows={2}
            />
            <button type="button" class="primary" onClick={() => void go(h, 'continue')}>
              Continue
            </button>
            <button type="button" onClick={() => void go(h, 'drop')}>
              Drop
            </button>
          </div>
        );
      })}
      {error && (
        <p class="note warn" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
