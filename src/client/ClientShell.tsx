/**
 * The test client's page around its connections: a tab per connection (each with its own log; the
 * strip shows which are live), the environments of the variables, and the collections.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SavedMessage } from '../core/message-draft';
import { ClientApp } from './ClientApp';
import type { ConnectionTab } from './connection-tab';
import { DEFAULT_FORM, type FormState } from './form-state';
import { EnvironmentEditor } from './EnvironmentEditor';
import type { Environments } from './variables';
import { CollectionsPanel } from './CollectionsPanel';
import { formOf, type Collection, type SavedConnection } from './collections';
import { newId } from './ids';
import type { Recording } from './session-playback';

export interface ClientShellProps {
  initialTabs: ConnectionTab[];
  initialEnvs: Environments;
  initialSaved: SavedMessage[];
  initialCollections: Collection[];
  /** A recorded session handed over by "Open in test client" (for the first connection). */
  handed: Recording[];
  onCollectionsChange(c: Collection[]): void;
  autoConnect?: boolean;
  /** Makes (and keeps) a new connection tab with this form. */
  newTab(form: FormState): ConnectionTab;
  closeTab(tab: ConnectionTab): void;
  onFormChange(tab: ConnectionTab, form: FormState): void;
  onEnvsChange(envs: Environments): void;
  onSavedChange(saved: SavedMessage[]): void;
  onOpenInTab?: (connected: boolean) => void;
  onOpenViewer?: () => void;
  registerSavedSetter?: (set: (saved: SavedMessage[]) => void) => void;
  otherTab?: string | null;
}

function useLive(tabs: ConnectionTab[]): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const offs = tabs.map((t) => t.connection.subscribe(() => setTick((n) => n + 1)));
    return () => offs.forEach((off) => off());
  }, [tabs]);
}

export function ClientShell(p: ClientShellProps) {
  const [tabs, setTabs] = useState(p.initialTabs);
  const [activeId, setActiveId] = useState(p.initialTabs[0].id);
  const [envs, setEnvsState] = useState(p.initialEnvs);
  const [envOpen, setEnvOpen] = useState(false);
  const [colOpen, setColOpen] = useState(false);
  const [collections, setCollectionsState] = useState(p.initialCollections);
  const setCollections = (c: Collection[]) => {
    setCollectionsState(c);
    p.onCollectionsChange(c);
  };
  const activeEnv = envs.list.find((e) => e.id === envs.active) ?? null;
  const [saved, setSavedState] = useState(p.initialSaved);
  // Only the connection in front is rendered (its form and log live in its ConnectionTab).
  const savedSetter = useRef<((s: SavedMessage[]) => void) | null>(null);
  const autoConnect = useRef(p.autoConnect === true);
  useEffect(() => {
    autoConnect.current = false;
  }, []);
  useLive(tabs);
  useEffect(
    () =>
      p.registerSavedSetter?.((s) => {
        setSavedState(s);
        savedSetter.current?.(s);
      }),
    [],
  );

  const setEnvs = (e: Environments) => {
    setEnvsState(e);
    p.onEnvsChange(e);
  };
  const addTab = (form: FormState = { ...DEFAULT_FORM, history: tabs[0]?.form.history ?? [] }) => {
    const t = p.newTab(form);
    setTabs([...tabs, t]);
    setActiveId(t.id);
    return t;
  };
  const removeTab = (t: ConnectionTab) => {
    p.closeTab(t);
    const rest = tabs.filter((x) => x !== t);
    setTabs(rest);
    if (activeId === t.id) setActiveId(rest[Math.max(0, tabs.indexOf(t) - 1)].id);
  };
  const active = tabs.find((t) => t.id === activeId) ?? tabs[0];
  const changeSaved = (s: SavedMessage[]) => {
    setSavedState(s);
    savedSetter.current?.(s);
    p.onSavedChange(s);
  };
  /** A saved connection, in a new tab; its messages join the saved messages (once). */
  const openSaved = (c: SavedConnection) => {
    const incoming = c.messages.filter((m) => !saved.some((x) => x.name === m.name && x.text === m.text && x.mode === m.mode));
    if (incoming.length > 0) changeSaved([...saved, ...incoming.map((m) => ({ ...m, id: newId() }))]);
    addTab(formOf(c.settings, active.form.history));
    setColOpen(false);
  };
  const live = tabs.filter((t) => t.connection.status.phase === 'open').length;

  return (
    <div class="client-shell">
      <div class="tabs-bar">
        <div role="tablist" aria-label="Connections">
          {tabs.map((t, i) => {
            const phase = t.connection.status.phase;
            const label = `${i + 1}: ${t.describe()}`;
            return (
              <span class={`conn-tab phase-${phase}`}>
                <button type="button" role="tab" aria-selected={t.id === activeId} aria-label={label} title={label} onClick={() => setActiveId(t.id)}>
                  <span class="dot" aria-hidden="true" /> {i + 1}
                  <span class="tab-url">{(t.connection.status.url || t.form.url || 'new').replace(/^wss?:\/\//, '')}</span>
                </button>
                {tabs.length > 1 && (
                  <button type="button" class="icon" aria-label={`Close connection ${i + 1}`} onClick={() => removeTab(t)}>
                    ✕
                  </button>
                )}
              </span>
            );
          })}
        </div>
        <button type="button" onClick={() => addTab()} aria-label="New connection" title="A new connection in a tab of its own, with its own log">
          + Connection
        </button>
        <span class="live-count" role="status" aria-label="Live connections">
          {live} live
        </span>
        <details class="env-menu col-menu" open={colOpen} onToggle={(e) => setColOpen(e.currentTarget.open)}>
          <summary>Collections</summary>
          {colOpen && (
            <CollectionsPanel
              collections={collections}
              onChange={setCollections}
              current={() => ({ form: active.form, messages: saved })}
              open={openSaved}
              environments={envs.list}
              onImportEnvironments={(list) => setEnvs({ active: envs.active ?? list[0]?.id ?? null, list: [...envs.list, ...list] })}
            />
          )}
        </details>
        <details class="env-menu" open={envOpen} onToggle={(e) => setEnvOpen(e.currentTarget.open)}>
          <summary>Environments{activeEnv ? `: ${activeEnv.name}` : ''}</summary>
          {envOpen && <EnvironmentEditor envs={envs} onChange={setEnvs} />}
        </details>
      </div>
      {active && (
        <ClientApp
          key={active.id}
          tab={active}
          envs={envs}
          initialForm={active.form}
          initialSaved={saved}
          autoConnect={autoConnect.current && active === tabs[0]}
          onFormChange={(f) => p.onFormChange(active, f)}
          onSavedChange={(s) => {
            setSavedState(s);
            p.onSavedChange(s);
          }}
          onOpenInTab={p.onOpenInTab}
          onOpenViewer={p.onOpenViewer}
          registerSavedSetter={(fn) => (savedSetter.current = fn)}
          otherTab={p.otherTab}
          handed={active === tabs[0] ? p.handed : []}
        />
      )}
    </div>
  );
}
