/**
 * The test client's saved messages: name the editor's message and save it; one click sends a
 * saved one, ✎ loads it into the editor, ✕ deletes it.
 */
import { useState } from 'preact/hooks';
import type { Draft, SavedMessage } from '../core/message-draft';
import { encodeDraft, savable, savedToDraft } from '../core/message-draft';
import { newId } from './ids';

/** Longest saved message (its text, or Base64 for a file): storage.local holds 10 MB in all. */
const MAX_SAVED_CHARS = 1_000_000;

export function SavedMessages({
  saved,
  onChange,
  draft,
  onLoad,
  send,
}: {
  saved: SavedMessage[];
  onChange(saved: SavedMessage[]): void;
  draft: Draft;
  onLoad(d: Draft): void;
  /** Sends on the open connection; false when not connected. */
  send(data: string | Uint8Array): boolean;
}) {
  const [saveName, setSaveName] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  const setSaved = onChange;
  const changeDraft = onLoad;
  const saveDraft = () => {
    const s = savable(draft);
    if (s === null) {
      setSaveError('Choose a file first.');
      return;
    }
    if (s.text.length > MAX_SAVED_CHARS) {
      setSaveError(
        `Too large to save (${s.text.length.toLocaleString('en-US')} characters; at most ${MAX_SAVED_CHARS.toLocaleString('en-US')}): saved messages are kept in extension storage.`,
      );
      return;
    }
    const name = saveName.trim() || defaultName(s.text, saved.length + 1);
    const existing = saved.findIndex((m) => m.name === name);
    const item: SavedMessage = { id: existing >= 0 ? saved[existing].id : newId(), name, ...s };
    setSaved(existing >= 0 ? saved.map((m, i) => (i === existing ? item : m)) : [...saved, item]);
    setSaveName('');
    setSaveError(null);
  };

  return (
    <section class="saved" aria-label="Saved messages">
      <div class="save-row">
        <label>
          <span class="visually-hidden">Name for the saved message</span>
          <input
            type="text"
            placeholder="Name"
            aria-label="Name for the saved message"
            value={saveName}
            onInput={(e) => setSaveName(e.currentTarget.value)}
          />
        </label>
        <button type="button" onClick={saveDraft}>
          Save message
        </button>
      </div>
      {saveError && (
        <p class="note warn" role="alert">
          {saveError}
        </p>
      )}
      {saved.length === 0 ? (
        <p class="hint">No saved messages. Name the message in the editor and save it; then one click sends it.</p>
      ) : (
        <ul>
          {saved.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                class="send-saved"
                aria-label={`Send saved message ${m.name}`}
                title={`Send (${m.mode}): ${m.text.slice(0, 200)}`}
                onClick={() => {
                  const d = savedToDraft(m);
                  const enc = encodeDraft(d);
                  if (!enc.ok) {
                    setSaveError(`"${m.name}": ${enc.error}`);
                    return;
                  }
                  if (!send(enc.data)) setSaveError('Not connected: connect first, then send.');
                  else setSaveError(null);
                }}
              >
                ▶ {m.name}
              </button>
              <span class="saved-mode">{m.mode}</span>
              <button
                type="button"
                class="icon"
                aria-label={`Edit saved message ${m.name}`}
                title="Load into the editor"
                onClick={() => {
                  changeDraft(savedToDraft(m));
                  setSaveName(m.name);
                }}
              >
                ✎
              </button>
              <button
                type="button"
                class="icon"
                aria-label={`Delete saved message ${m.name}`}
                title="Delete"
                onClick={() => setSaved(saved.filter((x) => x.id !== m.id))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function defaultName(text: string, n: number): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t === '' ? `Message ${n}` : t.length > 24 ? `${t.slice(0, 23)}…` : t;
}
