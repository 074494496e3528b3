/**
 * Settings: the bounds of each page's capture history. Saved in extension storage; every page's
 * relay applies them at once (a lower bound drops the oldest frames, counted as drops).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { boundsToInput, parseStoredSettings, SETTINGS_KEY, validateBounds, type BoundsInput } from '../core/settings';
import { DEFAULT_BOUNDS, type HistoryBounds } from '../core/protocol';
import { UserDecodersSection } from './UserDecodersSection';
import { ProtobufSettings } from './ProtobufSettings';

export function SettingsDialog({ onClose, sites = [] }: { onClose(): void; sites?: readonly string[] }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [input, setInput] = useState<BoundsInput>(boundsToInput(DEFAULT_BOUNDS));
  const [errors, setErrors] = useState<Partial<Record<keyof HistoryBounds, string>>>({});
  const [status, setStatus] = useState('');

  useEffect(() => {
    ref.current?.showModal();
    browser.storage.local
      .get(SETTINGS_KEY)
      .then((r) => setInput(boundsToInput(parseStoredSettings(r[SETTINGS_KEY]).bounds)))
      .catch((e: unknown) => setStatus(`Could not read settings: ${String(e)}`));
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    const v = validateBounds(input);
    if (!v.ok) {
      setErrors(v.errors);
      setStatus('Not saved: fix the fields marked below.');
      return;
    }
    setErrors({});
    try {
      await browser.storage.local.set({ [SETTINGS_KEY]: { bounds: v.bounds } });
      setStatus('Saved. Pages apply the new bounds at once.');
    } catch (err) {
      setStatus(`Could not save: ${String(err)}`);
    }
  };

  const field = (key: keyof HistoryBounds, label: string, hint: string) => (
    <div class="field">
      <label for={`set-${key}`}>{label}</label>
      <input
        id={`set-${key}`}
        inputMode="decimal"
        value={input[key]}
        aria-invalid={errors[key] !== undefined}
        aria-describedby={`set-${key}-hint`}
        onInput={(e) => setInput({ ...input, [key]: e.currentTarget.value })}
      />
      <small id={`set-${key}-hint`} class={errors[key] ? 'error' : ''}>
        {errors[key] ?? hint}
      </small>
    </div>
  );

  return (
    <dialog ref={ref} class="settings" aria-labelledby="settings-title" onClose={onClose}>
      <form onSubmit={save}>
        <h2 id="settings-title">Capture settings</h2>
        <p>Each page keeps its WebSocket history from page load, within these bounds. What a bound drops is counted and shown.</p>
        {field('maxFrames', 'Frames per page', `Default ${DEFAULT_BOUNDS.maxFrames.toLocaleString('en-US')}.`)}
        {field('maxBytes', 'Payload per page (MB)', `Default ${DEFAULT_BOUNDS.maxBytes / 1024 / 1024} MB.`)}
        {field('maxFrameBytes', 'Bytes per frame (MB)', `Larger frames keep their first part. Default ${DEFAULT_BOUNDS.maxFrameBytes / 1024 / 1024} MB.`)}
        <p role="status" class="status-line">{status}</p>
        <ProtobufSettings />
        <div class="buttons">
          <button type="button" onClick={() => setInput(boundsToInput(DEFAULT_BOUNDS))}>Restore defaults</button>
          <span class="spacer" />
          <button type="button" onClick={() => ref.current?.close()}>Close</button>
          <button type="submit" class="primary">Save</button>
        </div>
      </form>
      <UserDecodersSection sites={sites} />
    </dialog>
  );
}
