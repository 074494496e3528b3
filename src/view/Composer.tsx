/**
 * The message composer, shared by the test client and the panel's "edit and resend": text, JSON
 * (validated as you type, pretty-print, minify), binary as hex or Base64, or a file.
 * Ctrl/Cmd+Enter sends. Invalid JSON is flagged but may still be sent as text; invalid hex or
 * Base64 is refused, naming the position of the error (and the caret is put there).
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { Draft, DraftMode } from '../core/message-draft';
import { encodeDraft, formatJson, jsonError, switchMode } from '../core/message-draft';
import { formatBytes } from '../core/format';

export interface ComposerProps {
  draft: Draft;
  onDraftChange(draft: Draft): void;
  /** Called with what the draft encodes to; return false when it could not be sent. */
  onSend(data: string | Uint8Array, draft: Draft): boolean | void;
  /** Why sending is not possible now (e.g. "Not connected"); null when it is. */
  blocked?: string | null;
  /** Accessible name of the composer region. */
  label?: string;
  /** More controls after the Send button (e.g. "Save…"). */
  children?: ComponentChildren;
}

const MODES: Array<[DraftMode, string]> = [
  ['text', 'Text'],
  ['json', 'JSON'],
  ['hex', 'Hex'],
  ['base64', 'Base64'],
  ['file', 'File'],
];

export function Composer({ draft, onDraftChange, onSend, blocked = null, label = 'Message', children }: ComposerProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const live = useMemo(() => liveCheck(draft), [draft]);

  const change = (d: Draft) => {
    setError(null);
    setNotice(null);
    onDraftChange(d);
  };

  const send = () => {
    const enc = encodeDraft(draft);
    if (!enc.ok) {
      setError(enc.error);
      const el = area.current;
      if (el && enc.position !== null) {
        el.focus();
        el.setSelectionRange(enc.position - 1, enc.position);
      }
      return;
    }
    if (blocked) {
      setError(blocked);
      return;
    }
    const sent = onSend(enc.data, draft);
    if (sent === false) return;
    setError(null);
    setNotice(enc.warning ?? null);
  };

  const reformat = (pretty: boolean) => {
    try {
      change({ ...draft, text: formatJson(draft.text, pretty) });
    } catch (e) {
      setError(`Cannot ${pretty ? 'pretty-print' : 'minify'}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    }
  };

  const onFile = async (input: HTMLInputElement) => {
    const f = input.files?.[0];
    if (!f) return;
    const bytes = new Uint8Array(await f.arrayBuffer());
    change({ ...draft, file: { name: f.name, bytes } });
  };

  const errId = `${label.replace(/\W+/g, '-').toLowerCase()}-error`;
  return (
    <section class="composer" aria-label={label} onKeyDown={onKeyDown}>
      <div class="composer-modes">
        <span class="composer-modes" role="radiogroup" aria-label="Message format">
          {MODES.map(([m, name]) => (
            <label class={`mode ${draft.mode === m ? 'active' : ''}`}>
              <input
                type="radio"
                name={`${errId}-mode`}
                value={m}
                checked={draft.mode === m}
                onChange={() => change(switchMode(draft, m))}
              />
              {name}
            </label>
          ))}
        </span>
        {draft.mode === 'json' && (
          <>
            <button type="button" onClick={() => reformat(true)} disabled={live.kind === 'error'} title="Pretty-print the JSON">
              Pretty
            </button>
            <button type="button" onClick={() => reformat(false)} disabled={live.kind === 'error'} title="Minify the JSON">
              Minify
            </button>
          </>
        )}
      </div>
      {draft.mode === 'file' ? (
        <label class="composer-file">
          <span>File to send</span>
          <input type="file" aria-label="File to send" onChange={(e) => void onFile(e.currentTarget)} />
          <span class="hint">
            {draft.file ? `${draft.file.name}: ${formatBytes(draft.file.bytes.length)}, sent as one binary message` : 'No file chosen.'}
          </span>
        </label>
      ) : (
        <textarea
          ref={area}
          class="composer-text"
          aria-label={`${label} (${MODES.find(([m]) => m === draft.mode)![1]})`}
          aria-invalid={live.kind === 'error'}
          aria-describedby={errId}
          spellcheck={false}
          placeholder={PLACEHOLDER[draft.mode]}
          value={draft.text}
          rows={rowsFor(draft.text)}
          onInput={(e) => change({ ...draft, text: e.currentTarget.value })}
        />
      )}
      <div class="composer-foot">
        <span id={errId} class={`check ${live.kind}`} role="status">
          {error !== null ? '' : (notice ?? live.text)}
        </span>
        <span class="spacer" />
        {children}
        <button
          type="button"
          class="primary"
          onClick={send}
          title={blocked ?? 'Send (Ctrl+Enter)'}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          {draft.mode === 'json' && live.kind === 'error' ? 'Send as text' : 'Send'}
        </button>
      </div>
      {error && (
        <p class="note warn" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

const PLACEHOLDER: Record<DraftMode, string> = {
  text: 'Message text (Ctrl+Enter sends)',
  json: '{"type": "hello"} (Ctrl+Enter sends)',
  hex: 'Hex bytes, e.g. 48 65 6c 6c 6f or 0x48656c6c6f',
  base64: 'Base64, e.g. SGVsbG8=',
  file: '',
};

interface LiveCheck {
  kind: 'ok' | 'error' | 'none';
  text: string;
}

/** The line under the editor: what the draft is and what it will send. */
function liveCheck(d: Draft): LiveCheck {
  if (d.mode === 'file') return { kind: 'none', text: '' };
  if (d.mode === 'json') {
    if (d.text.trim() === '') return { kind: 'none', text: 'Empty.' };
    const err = jsonError(d.text);
    return err === null
      ? { kind: 'ok', text: 'Valid JSON.' }
      : { kind: 'error', text: `Invalid JSON: ${err.message}. It can still be sent as text.` };
  }
  const enc = encodeDraft(d);
  if (!enc.ok) return { kind: 'error', text: enc.error };
  const n = typeof enc.data === 'string' ? new TextEncoder().encode(enc.data).length : enc.data.length;
  return {
    kind: 'none',
    text: `${typeof enc.data === 'string' ? 'Text' : 'Binary'}, ${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'}.`,
  };
}

/** The text box's height in lines: its text's, from 3 to 10 (a pretty-printed message shows more than its first lines). */
export function rowsFor(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && lines < 10; i = text.indexOf('\n', i + 1)) lines++;
  return Math.max(3, lines);
}
