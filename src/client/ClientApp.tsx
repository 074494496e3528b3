/**
 * The test client's page: connection form, status, options (reconnect, heartbeat, close), the
 * composer with saved messages, and the log (the panel's frames grid and detail view).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { FilterControls } from '../view/FilterControls';
import { ExportMenu } from '../view/ExportMenu';
import { currentExportMeta } from '../view/export-file';
import type { Draft, SavedMessage } from '../core/message-draft';
import { encodeDraft, savable, savedToDraft } from '../core/message-draft';
import { checkBackoff, checkInterval } from '../core/backoff';
import { checkClose, checkWsUrl, parseProtocols, pushHistory } from '../core/ws-url';
import { describeCloseCode } from '../core/close-codes';
import { formatDuration } from '../core/format';
import { Composer } from '../view/Composer';
import { FrameDetail } from '../view/FrameDetail';
import { FramesTable } from '../view/FramesTable';
import type { ClientLog } from './client-log';
import type { ClientConnection, ClientStatus, ConnectOptions } from './connection';
import type { FormState } from './form-state';

export interface ClientAppProps {
  log: ClientLog;
  connection: ClientConnection;
  initialForm: FormState;
  initialSaved: SavedMessage[];
  /** Persists the form (debounced by the caller). */
  onFormChange(form: FormState): void;
  onSavedChange(saved: SavedMessage[]): void;
  /** Opens the client in a tab of its own; absent when already in one. */
  onOpenInTab?: (connected: boolean) => void;
  /** Opens the log viewer (a page of the extension where exported logs are dropped and read). */
  onOpenViewer?: () => void;
  /** Connect at once with the initial form (`?connect=1`). */
  autoConnect?: boolean;
  /** Set when another client page is open in a tab: what it is doing (the "Open in tab" button switches to it). */
  otherTab?: string | null;
  /** Receives the setter of the saved messages, for changes made by another client page. */
  registerSavedSetter?: (set: (saved: SavedMessage[]) => void) => void;
}

/** Longest saved message (its text, or Base64 for a file): storage.local holds 10 MB in all. */
const MAX_SAVED_CHARS = 1_000_000;

let idCounter = 0;
export const newId = (): string => `${Date.now().toString(36)}-${(idCounter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export function ClientApp({
  log,
  connection,
  initialForm,
  initialSaved,
  onFormChange,
  onSavedChange,
  onOpenInTab,
  onOpenViewer,
  autoConnect,
  registerSavedSetter,
  otherTab = null,
}: ClientAppProps) {
  const [form, setFormState] = useState(initialForm);
  const [draft, setDraft] = useState<Draft>({ mode: initialForm.draft.mode, text: initialForm.draft.text });
  const [saved, setSavedState] = useState(initialSaved);
  const [urlProblem, setUrlProblem] = useState<{ error: string; fix?: string } | null>(null);
  const [protocolsError, setProtocolsError] = useState<string | null>(null);
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const [saveName, setSaveName] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const status = useConnectionStatus(connection);
  const version = useLogVersion(log);
  const now = useNow(status.phase === 'open' || status.phase === 'waiting');
  const store = log.store;

  const setForm = (f: FormState) => {
    setFormState(f);
    onFormChange(f);
  };
  const formRef = useRef(form);
  formRef.current = form;
  const setSaved = (s: SavedMessage[]) => {
    setSavedState(s);
    onSavedChange(s);
  };

  const connectOptions = (f: FormState): ConnectOptions | null => {
    const u = checkWsUrl(f.url);
    if (!u.ok) {
      setUrlProblem({ error: u.error, fix: u.fix });
      return null;
    }
    setUrlProblem(null);
    const p = parseProtocols(f.protocols);
    if (!p.ok) {
      setProtocolsError(p.error);
      return null;
    }
    setProtocolsError(null);
    const b = checkBackoff(f.reconnect);
    const hb = checkInterval(f.heartbeat.intervalSec);
    if (!b.ok || (f.heartbeat.enabled && !hb.ok)) {
      setOptionsError(!b.ok ? b.error : !hb.ok ? hb.error : null);
      setOptionsOpen(true);
      return null;
    }
    setOptionsError(null);
    return {
      url: u.url,
      protocols: p.protocols,
      reconnect: { ...b.value, enabled: f.reconnect.enabled },
      heartbeat: { enabled: f.heartbeat.enabled, intervalMs: hb.ok ? hb.ms : 30_000, message: f.heartbeat.message },
    };
  };

  const connect = (f: FormState = form) => {
    connection.clearError();
    const opts = connectOptions(f);
    if (opts === null) return;
    setForm({ ...f, history: pushHistory(f.history, opts.url) });
    connection.connect(opts);
  };

  useEffect(() => {
    registerSavedSetter?.(setSavedState);
    if (autoConnect && form.url !== '') connect();
  }, []);

  const disconnect = () => {
    if (status.phase === 'waiting' || status.phase === 'connecting') {
      connection.disconnect();
      return;
    }
    const c = checkClose(form.close.code, form.close.reason);
    if (!c.ok) {
      setOptionsError(c.error);
      setOptionsOpen(true);
      return;
    }
    setOptionsError(null);
    connection.disconnect(c.code, c.reason);
  };

  // Live changes of reconnect and heartbeat settings apply to the current connection.
  const changeOptions = (f: FormState) => {
    setForm(f);
    const b = checkBackoff(f.reconnect);
    const hb = checkInterval(f.heartbeat.intervalSec);
    const c = checkClose(f.close.code, f.close.reason);
    const err = !b.ok ? b.error : f.heartbeat.enabled && !hb.ok ? hb.error : !c.ok ? c.error : null;
    setOptionsError(err);
    if (b.ok && (hb.ok || !f.heartbeat.enabled))
      connection.setOptions({
        reconnect: { ...b.value, enabled: f.reconnect.enabled },
        heartbeat: { enabled: f.heartbeat.enabled, intervalMs: hb.ok ? hb.ms : 30_000, message: f.heartbeat.message },
      });
  };

  const changeDraft = (d: Draft) => {
    setDraft(d);
    setForm({ ...formRef.current, draft: { mode: d.mode, text: d.text } });
  };

  const notOpen = status.phase === 'open' ? null : 'Not connected: connect first, then send.';
  const sendData = (data: string | Uint8Array) => connection.send(data);

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

  const selectedRow = selectedId === null ? undefined : store.rows.find((r) => r.id === selectedId);
  const frameRow = selectedRow?.kind === 'frame' ? selectedRow : undefined;
  const busy = status.phase !== 'idle';
  const historyOptions = useMemo(() => form.history, [form.history]);

  return (
    <div class={`client ${frameRow ? 'with-detail' : ''}`}>
      <form
        class="conn-bar"
        aria-label="Connection"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) disconnect();
          else connect();
        }}
      >
        <label class="url">
          <span>URL</span>
          <input
            type="text"
            name="url"
            list="url-history"
            placeholder="wss://example.com/socket"
            autocomplete="off"
            spellcheck={false}
            aria-invalid={urlProblem !== null}
            aria-describedby={urlProblem ? 'url-problem' : undefined}
            value={form.url}
            onInput={(e) => {
              setUrlProblem(null);
              if (status.phase === 'idle') connection.clearError();
              setForm({ ...form, url: e.currentTarget.value });
            }}
          />
          <datalist id="url-history">
            {historyOptions.map((u) => (
              <option value={u} />
            ))}
          </datalist>
        </label>
        <label class="protocols">
          <span>Subprotocols</span>
          <input
            type="text"
            name="protocols"
            placeholder="e.g. chat.v2, chat.v1"
            spellcheck={false}
            aria-invalid={protocolsError !== null}
            value={form.protocols}
            onInput={(e) => {
              setProtocolsError(null);
              if (status.phase === 'idle') connection.clearError();
              setForm({ ...form, protocols: e.currentTarget.value });
            }}
          />
        </label>
        {busy ? (
          <button type="submit" class="primary">
            {status.phase === 'waiting' ? 'Stop reconnecting' : status.phase === 'connecting' ? 'Cancel' : 'Disconnect'}
          </button>
        ) : (
          <button type="submit" class="primary">
            Connect
          </button>
        )}
        {onOpenInTab && (
          <button
            type="button"
            onClick={() => onOpenInTab(status.phase === 'open' || status.phase === 'connecting')}
            title="Open the test client in a tab: a connection there outlives the popup"
          >
            {otherTab ? 'Switch to tab' : 'Open in tab'}
          </button>
        )}
        {onOpenViewer && (
          <button type="button" onClick={onOpenViewer} title="Open a saved log (HAR, JSON or NDJSON) without DevTools">
            Log viewer
          </button>
        )}
      </form>
      {otherTab && (
        <p class="note" role="note">
          {otherTab} Its log is saved as it changes; switch to it to work with that connection.
        </p>
      )}
      {urlProblem && (
        <p class="note warn" role="alert" id="url-problem">
          {urlProblem.error}{' '}
          {urlProblem.fix && (
            <button
              type="button"
              onClick={() => {
                setUrlProblem(null);
                setForm({ ...form, url: urlProblem.fix! });
              }}
            >
              Use {urlProblem.fix}
            </button>
          )}
        </p>
      )}
      {protocolsError && (
        <p class="note warn" role="alert">
          {protocolsError}
        </p>
      )}
      <StatusLine status={status} now={now} />
      {status.error && (
        <p class="note error" role="alert" aria-label="Connection error">
          <button type="button" class="icon dismiss" aria-label="Dismiss the error" onClick={() => connection.clearError()}>
            ✕
          </button>
          {status.error}
        </p>
      )}
      <details class="options" aria-label="Options" open={optionsOpen} onToggle={(e) => setOptionsOpen(e.currentTarget.open)}>
        <summary>Reconnect, heartbeat and close options</summary>
        <Options form={form} onChange={changeOptions} />
        {optionsError && (
          <p class="note warn" role="alert">
            {optionsError}
          </p>
        )}
      </details>
      {optionsError && !optionsOpen && (
        <p class="note warn" role="alert">
          {optionsError}
        </p>
      )}
      <div class="client-main">
        <div class="side">
          <Composer draft={draft} onDraftChange={changeDraft} onSend={sendData} blocked={notOpen} label="Message" />
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
                        if (!connection.send(enc.data)) setSaveError('Not connected: connect first, then send.');
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
        </div>
        <div class="log">
          <div class="toolbar" role="toolbar" aria-label="Log controls">
            <FilterControls store={store} />
            <span class="spacer" />
            <ExportMenu store={store} meta={() => currentExportMeta(form.url)} />
            <span class="count" aria-label="Frame count">
              {store.view.visible.length} / {store.rows.length} frames
            </span>
            <button
              type="button"
              onClick={() => {
                log.clear();
                setSelectedId(null);
              }}
            >
              Clear log
            </button>
          </div>
          {store.view.filterNote && (
            <p class="note" role="status" aria-label="Filter hint">
              Filter: {store.view.filterNote}.
            </p>
          )}
          <div class="log-body">
            <FramesTable store={store} version={version} selectedId={selectedId} onSelect={setSelectedId} clientLog={log.markers} />
            {frameRow && (
              <FrameDetail rec={frameRow.rec} conn={store.connections.get(frameRow.connKey)} onClose={() => setSelectedId(null)} />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function defaultName(text: string, n: number): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t === '' ? `Message ${n}` : t.length > 24 ? `${t.slice(0, 23)}…` : t;
}

function StatusLine({ status: s, now }: { status: ClientStatus; now: number }) {
  let state: string;
  let detail = '';
  switch (s.phase) {
    case 'idle':
      state = s.lastClose || s.error ? 'Closed' : 'Not connected';
      break;
    case 'connecting':
      state = s.attempt > 0 ? `Reconnecting (attempt ${s.attempt})…` : 'Connecting…';
      break;
    case 'open':
      state = 'Open';
      break;
    case 'closing':
      state = 'Closing…';
      break;
    case 'waiting':
      state = `Reconnecting in ${formatDuration(Math.max(0, (s.nextAttemptAt ?? now) - now))} (attempt ${s.attempt})`;
      break;
  }
  if (s.phase === 'open' && s.openedAt !== null && s.createdAt !== null) {
    detail = `opened in ${formatDuration(s.openedAt - s.createdAt)} · open for ${formatDuration(now - s.openedAt)}`;
  }
  const close = s.lastClose && s.phase !== 'open' && s.phase !== 'connecting' ? describeCloseCode(s.lastClose.code) : null;
  return (
    <section class={`status-line phase-${s.phase}`} aria-label="Connection status">
      <span class="state" role="status">
        <span class="dot" aria-hidden="true" /> {state}
      </span>
      {s.url && s.phase !== 'idle' && (
        <span class="where" title={s.url}>
          {s.url}
        </span>
      )}
      {s.phase === 'open' && (
        <>
          <span>
            Protocol: <strong aria-label="Negotiated subprotocol">{s.protocol || 'none'}</strong>
            {s.protocols.length > 0 && ` (offered: ${s.protocols.join(', ')})`}
          </span>
          <span>Extensions: {s.extensions || 'none'}</span>
          <span>{detail}</span>
        </>
      )}
      {close && s.lastClose && (
        <span class="close-info" aria-label="Last close">
          Last close: {s.lastClose.code} {close.name}
          {s.lastClose.reason ? ` "${s.lastClose.reason}"` : ''}
          {s.lastClose.byUser ? ' (by you)' : s.lastClose.wasClean ? ' (by the server)' : ' (connection lost)'} — {close.meaning}
        </span>
      )}
    </section>
  );
}

function Options({ form, onChange }: { form: FormState; onChange(f: FormState): void }) {
  const rc = form.reconnect;
  const hb = form.heartbeat;
  const cl = form.close;
  return (
    <div class="options-grid">
      <fieldset>
        <legend>Auto-reconnect</legend>
        <label class="check">
          <input
            type="checkbox"
            aria-label="Auto-reconnect"
            checked={rc.enabled}
            onChange={(e) => onChange({ ...form, reconnect: { ...rc, enabled: e.currentTarget.checked } })}
          />{' '}
          On
        </label>
        <label>
          Max attempts{' '}
          <input
            type="text"
            inputMode="numeric"
            size={4}
            value={rc.maxAttempts}
            onInput={(e) => onChange({ ...form, reconnect: { ...rc, maxAttempts: e.currentTarget.value } })}
          />
        </label>
        <label>
          Initial delay (s){' '}
          <input
            type="text"
            inputMode="decimal"
            size={4}
            value={rc.initialSec}
            onInput={(e) => onChange({ ...form, reconnect: { ...rc, initialSec: e.currentTarget.value } })}
          />
        </label>
        <label>
          Max delay (s){' '}
          <input
            type="text"
            inputMode="decimal"
            size={4}
            value={rc.maxSec}
            onInput={(e) => onChange({ ...form, reconnect: { ...rc, maxSec: e.currentTarget.value } })}
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Heartbeat</legend>
        <label class="check">
          <input
            type="checkbox"
            aria-label="Send a heartbeat"
            checked={hb.enabled}
            onChange={(e) => onChange({ ...form, heartbeat: { ...hb, enabled: e.currentTarget.checked } })}
          />{' '}
          On
        </label>
        <label>
          Every (s){' '}
          <input
            type="text"
            inputMode="decimal"
            size={4}
            value={hb.intervalSec}
            onInput={(e) => onChange({ ...form, heartbeat: { ...hb, intervalSec: e.currentTarget.value } })}
          />
        </label>
        <label>
          Heartbeat message{' '}
          <input
            type="text"
            class="wide"
            size={12}
            value={hb.message}
            onInput={(e) => onChange({ ...form, heartbeat: { ...hb, message: e.currentTarget.value } })}
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Close</legend>
        <label>
          Close code{' '}
          <input
            type="text"
            inputMode="numeric"
            size={5}
            value={cl.code}
            onInput={(e) => onChange({ ...form, close: { ...cl, code: e.currentTarget.value } })}
          />
        </label>
        <label>
          Close reason{' '}
          <input
            type="text"
            class="wide"
            size={16}
            value={cl.reason}
            onInput={(e) => onChange({ ...form, close: { ...cl, reason: e.currentTarget.value } })}
          />
        </label>
      </fieldset>
    </div>
  );
}

function useConnectionStatus(c: ClientConnection): ClientStatus {
  const [s, setS] = useState(c.status);
  useEffect(() => {
    setS(c.status);
    return c.subscribe(() => setS(c.status));
  }, [c]);
  return s;
}

/** Re-renders on log changes, at most once per animation frame. */
function useLogVersion(log: ClientLog): number {
  const [v, setV] = useState(log.version + log.store.version);
  useEffect(() => {
    let raf = 0;
    const off = log.subscribe(() => {
      if (raf === 0)
        raf = requestAnimationFrame(() => {
          raf = 0;
          setV(log.version + log.store.version);
        });
    });
    return () => {
      off();
      cancelAnimationFrame(raf);
    };
  }, [log]);
  return v;
}

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [ticking]);
  return now;
}
