/**
 * The test client's page: connection form, status, options (reconnect, heartbeat, close), the
 * composer with saved messages, and the log (the panel's frames grid and detail view).
 * Just over 500 lines: the page's state and how its parts meet; each part is a component or module
 * of its own (options, saved messages, status, variables, checks and playback, Socket.IO), this file wires them.
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
import type { ConnectOptions } from './connection';
import { FIRST_TAB, nonNegative, type FormState, type SioForm } from './form-state';
import type { ConnectionTab } from './connection-tab';
import { activeVars, check, resolve, type Environments } from './variables';
import { engineUrl, parseArgs, parseAuth, type SioSettings } from './socketio-session';
import { EmitForm, SocketIoSettings, listenList } from './SocketIoPanel';
import { ChecksPanel, PlaybackPanel } from './RunPanel';
import type { Recording } from './session-playback';
import { ClientOptions } from './ClientOptions';
import { SavedMessages } from './SavedMessages';
import { StatusLine } from './StatusLine';
import { useConnectionStatus, useLogVersion, useNow, useSioPhase } from './client-hooks';

export interface ClientAppProps {
  tab: ConnectionTab;
  /** The environments (shared by every connection); the active one fills `{{name}}`. */
  envs: Environments;
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
  /** Recorded sessions handed over by "Open in test client", to play. */
  handed?: Recording[];
}

export function ClientApp({
  tab,
  envs,
  initialForm,
  initialSaved,
  onFormChange,
  onSavedChange,
  onOpenInTab,
  onOpenViewer,
  autoConnect,
  registerSavedSetter,
  otherTab = null,
  handed = [],
}: ClientAppProps) {
  const [runOpen, setRunOpenState] = useState<'play' | 'checks' | null>(tab.runOpen ?? (handed.length > 0 ? 'play' : null));
  const setRunOpen = (v: 'play' | 'checks' | null) => {
    tab.runOpen = v;
    setRunOpenState(v);
  };
  const [form, setFormState] = useState(initialForm);
  const [draft, setDraft] = useState<Draft>({ mode: initialForm.draft.mode, text: initialForm.draft.text });
  const [saved, setSavedState] = useState(initialSaved);
  const [urlProblem, setUrlProblem] = useState<{ error: string; fix?: string } | null>(null);
  const [protocolsError, setProtocolsError] = useState<string | null>(null);
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const { log, connection, events } = tab;
  /** Element ids stay as they were for the first connection; the others' get its id. */
  const sfx = tab.id === FIRST_TAB ? '' : `-${tab.id}`;
  const status = useConnectionStatus(connection);
  const version = useLogVersion(log);
  const eventsVersion = useLogVersion(events);
  const sioPhase = useSioPhase(tab);
  const [showRaw, setShowRaw] = useState(false);
  const [emitProblem, setEmitProblem] = useState<string | null>(null);
  const [sendProblem, setSendProblem] = useState<string | null>(null);
  const now = useNow(status.phase === 'open' || status.phase === 'waiting');
  const sioMode = form.mode === 'socketio';
  const shownLog = sioMode && !showRaw ? events : log;
  const store = shownLog.store;
  const vars = activeVars(envs);
  const envName = envs.list.find((e) => e.id === envs.active)?.name ?? null;
  const fill = (text: string) => resolve(text, vars, tab.builtins, envName);

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

  const sioSettings = (s: SioForm, fillText: (t: string) => string): SioSettings => ({
    version: s.version,
    namespace: fillText(s.namespace),
    path: s.path,
    auth: fillText(s.auth),
    listen: listenList(s.listen),
  });

  const connectOptions = (f: FormState): { opts: ConnectOptions; sio: SioSettings | null } | null => {
    const rUrl = fill(f.url);
    if (!rUrl.ok) {
      setUrlProblem({ error: `URL: ${rUrl.error}` });
      return null;
    }
    let sio: SioSettings | null = null;
    let wsUrl = rUrl.text;
    if (f.mode === 'socketio') {
      const parts = [f.sio.auth, f.sio.namespace].map(fill);
      const bad = parts.find((r) => !r.ok);
      if (bad && !bad.ok) {
        setUrlProblem({ error: `Socket.IO settings: ${bad.error}` });
        return null;
      }
      sio = sioSettings(f.sio, (t) => {
        const r = fill(t);
        return r.ok ? r.text : t;
      });
      const auth = parseAuth(sio.auth);
      if (!auth.ok) {
        setUrlProblem({ error: auth.error });
        return null;
      }
      const e = engineUrl(wsUrl, sio, auth.value);
      if (!e.ok) {
        setUrlProblem({ error: e.error });
        return null;
      }
      wsUrl = e.value;
    }
    const u = checkWsUrl(wsUrl);
    if (!u.ok) {
      setUrlProblem({ error: u.error, fix: u.fix });
      return null;
    }
    setUrlProblem(null);
    const rProtocols = fill(f.protocols);
    if (!rProtocols.ok) {
      setProtocolsError(`Subprotocols: ${rProtocols.error}`);
      return null;
    }
    const p = parseProtocols(rProtocols.text);
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
    const timeout = nonNegative(f.connectTimeoutSec);
    const maxKb = nonNegative(f.maxShownKb);
    if (timeout === null || maxKb === null) {
      setOptionsError(timeout === null ? 'The connect timeout is a number of seconds (0: none).' : 'The largest message shown is a number of KB (0: no limit).');
      setOptionsOpen(true);
      return null;
    }
    setOptionsError(null);
    return {
      sio,
      opts: {
        url: u.url,
        protocols: p.protocols,
        reconnect: { ...b.value, enabled: f.reconnect.enabled },
        // Engine.IO has its own heartbeat.
        heartbeat: { enabled: f.heartbeat.enabled && f.mode === 'ws', intervalMs: hb.ok ? hb.ms : 30_000, message: f.heartbeat.message },
        connectTimeoutMs: timeout * 1000,
        maxShownBytes: Math.round(maxKb * 1024),
      },
    };
  };

  const connect = (f: FormState = form) => {
    connection.clearError();
    const c = connectOptions(f);
    if (c === null) return;
    setForm({ ...f, history: pushHistory(f.history, f.url) });
    tab.useSocketIo(c.sio);
    connection.connect(c.opts);
  };

  /** Playback: this tab connects (plain WebSocket) to the chosen server, with its settings. */
  const connectTo = (url: string, protocols: string[]): boolean => {
    const f: FormState = { ...formRef.current, mode: 'ws', url, protocols: protocols.join(', ') };
    connection.clearError();
    const c = connectOptions(f);
    if (c === null) return false;
    setForm({ ...f, history: pushHistory(f.history, url) });
    tab.useSocketIo(null);
    connection.connect(c.opts);
    return true;
  };

  const emit = () => {
    const s = form.sio;
    const name = fill(s.event);
    const args = fill(s.args);
    const bad = [name, args].find((r) => !r.ok);
    if (bad && !bad.ok) return setEmitProblem(bad.error);
    if (!name.ok || !args.ok) return;
    const parsed = parseArgs(args.text);
    if (!parsed.ok) return setEmitProblem(parsed.error);
    const err = tab.sio?.emit(name.text, parsed.value, s.ack) ?? 'Not connected: connect first, then emit.';
    setEmitProblem(err);
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
    const maxKb = nonNegative(f.maxShownKb);
    if (maxKb !== null) connection.setOptions({ maxShownBytes: Math.round(maxKb * 1024) });
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
  const usesText = draft.mode === 'text' || draft.mode === 'json';
  const draftProblem = usesText ? check(draft.text, vars, envName) : null;
  /** Sends with the variables filled in (text only: a binary message is sent as it is). */
  const sendData = (data: string | Uint8Array): boolean => {
    if (typeof data !== 'string') return connection.send(data);
    const r = fill(data);
    if (!r.ok) {
      setSendProblem(r.error);
      return true; // the problem is shown beside the composer, not as "not connected"
    }
    setSendProblem(null);
    return connection.send(r.text);
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
        <fieldset class="mode" role="radiogroup" aria-label="Mode">
          <label class="check">
            <input type="radio" name={`mode-${tab.id}`} checked={!sioMode} disabled={busy} onChange={() => setForm({ ...form, mode: 'ws' })} /> WebSocket
          </label>
          <label class="check">
            <input type="radio" name={`mode-${tab.id}`} checked={sioMode} disabled={busy} onChange={() => setForm({ ...form, mode: 'socketio' })} /> Socket.IO
          </label>
        </fieldset>
        <label class="url">
          <span>URL</span>
          <input
            type="text"
            name="url"
            list={`url-history${sfx}`}
            placeholder={sioMode ? 'http://localhost:3000' : 'wss://example.com/socket'}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={urlProblem !== null}
            aria-describedby={urlProblem ? `url-problem${sfx}` : undefined}
            value={form.url}
            onInput={(e) => {
              setUrlProblem(null);
              if (status.phase === 'idle') connection.clearError();
              setForm({ ...form, url: e.currentTarget.value });
            }}
          />
          <datalist id={`url-history${sfx}`}>
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
        <p class="note warn" role="alert" id={`url-problem${sfx}`}>
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
      {sioMode && <SocketIoSettings sio={form.sio} onChange={(sio) => setForm({ ...form, sio })} />}
      <StatusLine status={status} now={now} />
      {sioMode && status.phase === 'open' && (
        <p class="note" role="status" aria-label="Socket.IO status">
          Socket.IO {tab.sio?.version === 'v2' ? 'v2' : tab.sio?.version === 'v4' ? 'v3/v4' : ''}:{' '}
          {sioPhase === 'connected' ? `connected to ${form.sio.namespace || '/'}` : sioPhase === 'refused' ? 'refused (see the log)' : 'handshake…'}
        </p>
      )}
      {status.error && (
        <p class="note error" role="alert" aria-label="Connection error">
          <button type="button" class="icon dismiss" aria-label="Dismiss the error" onClick={() => connection.clearError()}>
            ✕
          </button>
          {status.error}
        </p>
      )}
      <div class="sections">
      <details class="options" aria-label="Options" open={optionsOpen} onToggle={(e) => setOptionsOpen(e.currentTarget.open)}>
        <summary title="Connect timeout, reconnect, heartbeat, largest message shown, close">Connection settings</summary>
        <ClientOptions form={form} onChange={changeOptions} />
        {optionsError && (
          <p class="note warn" role="alert">
            {optionsError}
          </p>
        )}
      </details>
      <details class="options" open={runOpen === 'play'} onToggle={(e) => e.currentTarget.open ? setRunOpen('play') : runOpen === 'play' && setRunOpen(null)}>
        <summary>Play a recorded session</summary>
        {runOpen === 'play' && <PlaybackPanel tab={tab} fill={fill} connectTo={connectTo} handed={handed} />}
      </details>
      <details class="options" open={runOpen === 'checks'} onToggle={(e) => e.currentTarget.open ? setRunOpen('checks') : runOpen === 'checks' && setRunOpen(null)}>
        <summary>Checks{form.checks.length > 0 ? ` (${form.checks.length} steps)` : ''}</summary>
        {runOpen === 'checks' && <ChecksPanel tab={tab} fill={fill} checks={form.checks} onChecksChange={(checks) => setForm({ ...formRef.current, checks })} />}
      </details>
      </div>
      {optionsError && !optionsOpen && (
        <p class="note warn" role="alert">
          {optionsError}
        </p>
      )}
      <div class="client-main">
        <div class="side">
          {sioMode ? (
            <EmitForm sio={form.sio} onChange={(sio) => setForm({ ...form, sio })} onEmit={emit} problem={emitProblem} />
          ) : (
            <>
              <Composer draft={draft} onDraftChange={changeDraft} onSend={sendData} blocked={notOpen ?? draftProblem} label="Message" />
              {(draftProblem ?? sendProblem) && (
                <p class="note warn" role="alert" aria-label="Variables">
                  {draftProblem ?? sendProblem}
                </p>
              )}
              <SavedMessages saved={saved} onChange={setSaved} draft={draft} onLoad={changeDraft} send={sendData} />
            </>
          )}
        </div>
        <div class="log">
          <div class="toolbar" role="toolbar" aria-label="Log controls">
            {sioMode && (
              <fieldset class="log-kind" role="radiogroup" aria-label="Log shows">
                <label class="check">
                  <input type="radio" name={`log-kind-${tab.id}`} checked={!showRaw} onChange={() => (setShowRaw(false), setSelectedId(null))} /> Events
                </label>
                <label class="check">
                  <input type="radio" name={`log-kind-${tab.id}`} checked={showRaw} onChange={() => (setShowRaw(true), setSelectedId(null))} /> Raw frames
                </label>
              </fieldset>
            )}
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
                events.clear();
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
            <FramesTable
              store={store}
              version={shownLog === events ? eventsVersion : version}
              selectedId={selectedId}
              onSelect={setSelectedId}
              clientLog={shownLog.markers}
            />
            {frameRow && (
              <FrameDetail rec={frameRow.rec} conn={store.connections.get(frameRow.connKey)} onClose={() => setSelectedId(null)} />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
