/**
 * The test client's page: connection form, status, options (reconnect, heartbeat, close), the
 * composer with saved messages, and the log (the panel's frames grid and detail view).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { FilterControls } from '../view/FilterControls';
import { ExportMenu } from '../view/ExportMenu';
import { currentExportMeta } from '../view/export-file';
import type { Draft, SavedMessage } from '../core/message-draft';
import { checkBackoff, checkInterval } from '../core/backoff';
import { checkClose, checkWsUrl, parseProtocols, pushHistory } from '../core/ws-url';
import { Composer } from '../view/Composer';
import { FrameDetail } from '../view/FrameDetail';
import { FramesTable } from '../view/FramesTable';
import type { ClientLog } from './client-log';
import type { ClientConnection, ConnectOptions } from './connection';
import type { FormState } from './form-state';
import { ClientOptions } from './ClientOptions';
import { SavedMessages } from './SavedMessages';
import { StatusLine } from './StatusLine';
import { useConnectionStatus, useLogVersion, useNow } from './client-hooks';

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
        <ClientOptions form={form} onChange={changeOptions} />
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
          <SavedMessages saved={saved} onChange={setSaved} draft={draft} onLoad={changeDraft} send={(data) => connection.send(data)} />
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
