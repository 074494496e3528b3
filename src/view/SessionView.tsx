/**
 * The session view the panel and the log viewer show, laid out as DevTools panels are: one
 * compact toolbar (and the Filters row it opens), the connections (a resizable side list when
 * the panel is wide, a collapsible strip when narrow), the frames grid, and one inspector pane of
 * tabs for what is selected: the frame (its detail), and its connection (details, chart,
 * initiator, act). The pane sits beside the grid when there is room and below it when not; both
 * splits can be dragged or moved from the keyboard, and are remembered. A selected frame that
 * the filters hide, or that leaves with a change of connection, closes its detail.
 * Rendering is throttled to one frame of the display, however fast records arrive.
 *
 * Over 500 lines on purpose, for now: the layout's state (splits, pane placement, which tab, the
 * stale-detail rule, the shortcuts) is read by every part of this one tree; the toolbar, splitter,
 * column menu and pane tabs are already modules of their own. Next to move out: the keyboard
 * shortcuts (into a hook beside `ShortcutsHelp.tsx`).
 */
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ActionsContext } from './actions';
import { RulesButton } from './RulesDialog';
import { useSiteFaults } from './FaultsSection';
import { faultsSummary } from '../core/faults';
import { HeldFrames } from './HeldFrames';
import { siteOf } from '../core/rules';
import type { ComponentChildren } from 'preact';
import type { SessionStore } from '../core/session-store';
import type { Connection, FrameRow } from '../core/rows';
import { formatBytes, formatCount, formatDuration } from '../core/format';
import { ConnectionsTable } from './ConnectionsTable';
import { FramesTable, findPos } from './FramesTable';
import { highlighter } from './FrameRows';
import { FrameDetail } from './FrameDetail';
import { ActPanel } from './ActPanel';
import { ReplayBar } from './ReplayBar';
import { SettingsDialog } from './SettingsDialog';
import { decoderSiteOf } from '../core/user-decoders';
import { ExportMenu } from './ExportMenu';
import { currentExportMeta } from './export-file';
import { Timeline } from './Timeline';
import { decoderName, decodingOf } from './decoding';
import { ConnectionChart, ConnectionDetails, ConnectionInitiator } from './ConnectionPane';
import { FilterRow, Toolbar } from './Toolbar';
import type { ToolbarTool } from './MoreTools';
import { Splitter } from './Split';
import { ShortcutsHelp } from './ShortcutsHelp';
import { bool, numberIn, usePref } from './use-pref';
import { readColumnPrefs } from './frame-columns';
import { useWidth } from './use-width';
import { connectionLabel } from './url-label';

export interface SessionViewProps {
  store: SessionStore;
  /** Opens this panel in a tab of its own; absent when already in one. */
  onPopOut?: () => void;
  title: string;
  /**
   * A saved log rather than a live capture: no pause, clear, preserve log, settings or pop-out,
   * and time stands still at the log's last event (`endTime`, epoch ms).
   */
  readOnly?: { endTime: number };
  /** Tools of this session's own, after Export (the live panel's worker-capture switch). */
  tools?: readonly ToolbarTool[];
  /** Extra toolbar controls (the Import control). */
  toolbarExtra?: ComponentChildren;
  /** Shown under the toolbar (the imported-log banner, import errors). */
  notices?: ComponentChildren;
}

/** Panel widths from which the connections are a side list rather than a strip. */
const WIDE_PANEL = 760;
/** Widths of the frames area from which the inspector pane sits beside the grid rather than below. */
const WIDE_FRAMES = 820;

type PaneTab = 'frame' | 'connection' | 'chart' | 'initiator' | 'act';
const PANE_TABS: readonly { id: PaneTab; label: string }[] = [
  { id: 'frame', label: 'Frame' },
  { id: 'connection', label: 'Connection' },
  { id: 'chart', label: 'Chart' },
  { id: 'initiator', label: 'Initiator' },
  { id: 'act', label: 'Act' },
];

export function SessionView({ store, onPopOut, title, readOnly, tools, toolbarExtra, notices }: SessionViewProps) {
  const version = useStoreVersion(store);
  const appRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  const appWidth = useWidth(appRef);
  const mainWidth = useWidth(mainRef);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [timelineOn, setTimelineOn] = useState(false);
  const [filtersOpen, setFiltersOpen] = usePref('filtersOpen', bool(false));
  const [stripOpen, setStripOpen] = usePref('connectionsOpen', bool(true));
  const [connWidth, setConnWidth] = usePref('connectionsWidth', numberIn(140, 900, 240));
  const [paneWidth, setPaneWidth] = usePref('paneWidth', numberIn(220, 2000, 420));
  const [paneHeight, setPaneHeight] = usePref('paneHeight', numberIn(100, 2000, 240));
  const [columns, setColumns] = usePref('frameColumns', readColumnPrefs);
  const [tab, setTab] = useState<PaneTab>('frame');
  /** The pane was closed with its ✕: it opens again when a frame or connection is chosen. */
  const [paneClosed, setPaneClosed] = useState(false);
  /** Frames picked (Ctrl/Shift-click) for a multi-frame replay. */
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const pickedRows = picked.size === 0 ? [] : (store.rows.filter((r) => r.kind === 'frame' && picked.has(r.id)) as FrameRow[]);
  const clock = useClock(store, readOnly === undefined);
  const now = readOnly?.endTime ?? clock;
  const connections = store.connectionList();
  const selectedConn = store.view.filter.connection === null ? undefined : store.connections.get(store.view.filter.connection);
  const decoding = decodingOf(store);
  decoding.sync();
  // The detail shows only a frame the grid shows: one the filters hide, or of another connection, closes it.
  const shownPos = selectedId === null ? -1 : findPos(store, selectedId);
  const selectedIndex = shownPos < 0 ? -1 : store.view.visible[shownPos];
  const selectedRow = selectedIndex < 0 ? undefined : store.rows[selectedIndex];
  const frameRow = selectedRow?.kind === 'frame' ? selectedRow : undefined;
  const selectedDecoded = frameRow ? decoding.get(frameRow) : null;
  useEffect(() => {
    if (selectedId !== null && shownPos < 0) setSelectedId(null);
  });
  const paneConn = selectedConn ?? (frameRow ? store.connections.get(frameRow.connKey) : undefined);
  const tabs = PANE_TABS.filter((t) => (t.id === 'frame' ? frameRow !== undefined : paneConn !== undefined && (t.id !== 'act' || !readOnly)));
  const activeTab = tabs.find((t) => t.id === tab)?.id ?? tabs[0]?.id;
  const paneOpen = !paneClosed && activeTab !== undefined;
  const select = (id: number | null) => {
    setSelectedId(id);
    if (id !== null) {
      setTab('frame');
      setPaneClosed(false);
    }
  };
  const chooseConnection = (key: string | null) => {
    store.view.setFilter({ connection: key });
    if (key !== null) {
      setPaneClosed(false);
      setTab((t) => (t === 'frame' ? 'connection' : t));
    }
  };
  const goTo = (id: number) => {
    // The partner may be filtered out: show it anyway (its connection, no other filter).
    if (!store.view.visible.some((i) => store.rows[i]?.id === id)) {
      const row = store.rows.find((r) => r.id === id);
      store.view.setFilter({ text: '', direction: 'all', type: 'all', name: '', minSize: null, maxSize: null, show: store.view.filter.show === 'all' ? 'all' : 'messages', connection: row?.kind === 'frame' ? row.connKey : store.view.filter.connection });
      // Saved filters in use may still hide it: show it all the same, until the filters change.
      if (!store.view.visible.some((i) => store.rows[i]?.id === id)) store.view.reveal(id);
    }
    select(id);
  };
  // "Edit and resend" (the frame's actions or its context menu) fills the composer: show it.
  const actions = useContext(ActionsContext);
  useEffect(
    () =>
      actions?.draft.subscribe(() => {
        if (actions.draft.get().connKey === null) return;
        setTab('act');
        setPaneClosed(false);
      }),
    [actions],
  );
  useShortcuts({
    root: appRef,
    readOnly: readOnly !== undefined,
    store,
    onClear: () => select(null),
    onFilters: () => setFiltersOpen(!filtersOpen),
    onHelp: () => setHelpOpen(!helpOpen),
    onEscape: () => {
      if (helpOpen) setHelpOpen(false);
      else if (selectedId !== null) select(null);
      else if (paneOpen) setPaneClosed(true);
    },
  });
  const truncated = store.truncatedTotal();
  const bounds = store.bounds;
  const counts = store.view.counts();
  const wide = (appWidth ?? 1280) >= WIDE_PANEL;
  const besides = (mainWidth ?? 1280) >= WIDE_FRAMES;
  // What the URL cell holds at 12px: the list's width less the number, state (and, when wider, traffic) columns.
  const urlChars = Math.max(12, Math.floor(((wide ? connWidth : (appWidth ?? 600)) - (wide ? 125 : 260)) / 6.8));
  const topUrl = store.topDocument()?.info.url ?? null;
  const site = siteOf(topUrl ?? '');
  const top = store.topDocument();
  const rulesInForce = top === undefined || top.gone ? null : (top.info.rulesInForce ?? 0);
  // The site's network faults, said in the status bar while they are on (the Rules tool may be in More tools).
  const faultsText = faultsSummary(useSiteFaults(readOnly ? '' : site)[0]);

  const picker = (
    <label class="conn-picker">
      <span class="visually-hidden">Connection</span>
      <select aria-label="Connection" value={store.view.filter.connection ?? ''} onChange={(e) => chooseConnection(e.currentTarget.value || null)}>
        <option value="">All connections ({connections.length})</option>
        {connections.map((c) => (
          <option value={c.key} title={`${c.url}\nfrom ${c.frameUrl}`}>
            {connectionLabel(c, topUrl, 64)}
          </option>
        ))}
      </select>
    </label>
  );
  const connectionList = (
    <ConnectionsTable connections={connections} selected={store.view.filter.connection} now={now} onSelect={chooseConnection} urlChars={urlChars} />
  );

  return (
    <div
      ref={appRef}
      class={`app ${wide ? 'wide' : 'narrow'} ${besides ? 'pane-beside' : 'pane-below'} ${readOnly ? 'read-only' : ''}`}
      style={{ '--conn-w': `${connWidth}px`, '--pane-w': `${paneWidth}px`, '--pane-h': `${paneHeight}px` }}
    >
      <Toolbar
        store={store}
        readOnly={readOnly !== undefined}
        onCleared={() => select(null)}
        filtersOpen={filtersOpen}
        onFiltersOpen={setFiltersOpen}
        tools={[
          { id: 'export', label: 'Export', node: <ExportMenu store={store} meta={() => currentExportMeta()} /> },
          ...(tools ?? []),
          ...(toolbarExtra ? [{ id: 'import', label: 'Import log', node: toolbarExtra }] : []),
          ...(!readOnly && site !== '' ? [{ id: 'rules', label: faultsText === null ? 'Rules' : 'Rules · Faults on', node: <RulesButton site={site} inForce={rulesInForce} /> }] : []),
          ...(!readOnly
            ? [
                {
                  id: 'settings',
                  label: 'Settings',
                  node: (
                    <button type="button" onClick={() => setSettingsOpen(true)}>
                      Settings
                    </button>
                  ),
                },
              ]
            : []),
          ...(onPopOut && !readOnly
            ? [
                {
                  id: 'popout',
                  label: 'Pop out',
                  node: (
                    <button type="button" onClick={onPopOut} title="Open this panel in a tab of its own">
                      Pop out
                    </button>
                  ),
                },
              ]
            : []),
          {
            id: 'help',
            label: 'Keyboard shortcuts',
            node: (
              <span class="help-anchor">
                <button type="button" class="icon" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" aria-expanded={helpOpen} title="Keyboard shortcuts (?)" onClick={() => setHelpOpen(!helpOpen)}>
                  ?
                </button>
                {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
              </span>
            ),
          },
        ]}
      />
      <div hidden={!filtersOpen}>
        <FilterRow
          store={store}
          // Decode every frame's name in the background while the user types a name to look for.
          onNameFocus={() => decoding.prefetchNames(() => (store.view.filter.name ? store.view.refresh() : undefined))}
          timelineOn={timelineOn}
          onTimeline={setTimelineOn}
        />
      </div>
      {timelineOn && <Timeline store={store} onSelect={goTo} />}
      {notices}
      {store.view.filterNote && (
        <p class="note" role="status" aria-label="Filter hint">
          Filter: {store.view.filterNote}.
        </p>
      )}
      {store.view.namePending > 0 && (
        <p class="note" role="status" aria-label="Name filter progress">
          Reading decoded names: {formatCount(store.view.namePending)} frame{store.view.namePending === 1 ? '' : 's'} not decoded yet; the list fills in as they
          are.
        </p>
      )}
      {store.view.nameFilterNote && (
        <p class="note" role="status" aria-label="Name filter hint">
          Name filter: {store.view.nameFilterNote}.
        </p>
      )}
      {(store.dropped.frames > 0 || truncated > 0 || store.skippedWhilePaused > 0) && (
        <p class="note warn" role="status" aria-label="Capture limits">
          {store.dropped.frames > 0 &&
            `History bound reached: ${formatCount(store.dropped.frames)} oldest frame${store.dropped.frames === 1 ? ' was' : 's were'} dropped (limit ${formatCount(bounds.maxFrames)} frames / ${formatBytes(bounds.maxBytes)} per page; change it in Settings). `}
          {truncated > 0 &&
            `${formatCount(truncated)} frame${truncated === 1 ? ' was' : 's were'} larger than ${formatBytes(bounds.maxFrameBytes)} and kept in part. `}
          {store.skippedWhilePaused > 0 &&
            `${formatCount(store.skippedWhilePaused)} frames arrived while capture was paused and were not recorded.`}
        </p>
      )}
      <div class="workspace">
        {wide ? (
          <>
            <aside class="conn-side" aria-label="Connections list">
              <div class="conn-head">{picker}</div>
              {connectionList}
            </aside>
            <Splitter
              label="Resize the connections list"
              orientation="vertical"
              side="start"
              value={connWidth}
              min={140}
              max={Math.max(140, Math.floor((appWidth ?? 1280) / 2))}
              onChange={setConnWidth}
            />
          </>
        ) : (
          <div class={`conn-strip ${stripOpen ? 'open' : ''}`}>
            <div class="conn-head">
              <button type="button" class="disclosure" aria-expanded={stripOpen} aria-label="Connections list" title="Show or hide the connections list" onClick={() => setStripOpen(!stripOpen)}>
                <span aria-hidden="true">{stripOpen ? '▾' : '▸'}</span>
              </button>
              {picker}
            </div>
            {stripOpen && connectionList}
          </div>
        )}
        <div class="center">
          {!readOnly && <HeldFrames store={store} />}
          {!readOnly && <ReplayBar rows={pickedRows} onClear={() => setPicked(new Set())} />}
          <div class={`main ${paneOpen ? 'with-pane' : ''}`} ref={mainRef}>
            <FramesTable
              store={store}
              version={version}
              selectedId={frameRow ? selectedId : null}
              onSelect={(id) => {
                select(id);
                if (picked.size > 0) setPicked(new Set());
              }}
              picked={picked}
              onPick={readOnly ? undefined : setPicked}
              decoding={decoding}
              columns={columns}
              onColumns={setColumns}
            />
            {paneOpen && (
              <Splitter
                label={besides ? 'Resize the detail pane' : 'Resize the detail pane height'}
                orientation={besides ? 'vertical' : 'horizontal'}
                side="end"
                value={besides ? paneWidth : paneHeight}
                min={besides ? 220 : 100}
                max={besides ? Math.max(220, (mainWidth ?? 1280) - 260) : Math.max(100, (mainRef.current?.clientHeight ?? 600) - 130)}
                onChange={besides ? setPaneWidth : setPaneHeight}
              />
            )}
            {paneOpen && activeTab && (
              <section class="pane" aria-label="Inspector">
                <div class="pane-tabs" role="tablist" aria-label="Inspector">
                  {tabs.map((t) => (
                    <button
                      type="button"
                      role="tab"
                      id={`wsl-tab-${t.id}`}
                      aria-selected={t.id === activeTab}
                      aria-controls="wsl-pane-body"
                      tabIndex={t.id === activeTab ? 0 : -1}
                      class={t.id === activeTab ? 'active' : ''}
                      onClick={() => setTab(t.id)}
                      onKeyDown={(e) => {
                        const i = tabs.findIndex((x) => x.id === activeTab);
                        const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                        if (d === 0) return;
                        e.preventDefault();
                        const next = tabs[(i + d + tabs.length) % tabs.length];
                        setTab(next.id);
                        (e.currentTarget.parentElement?.querySelector(`#wsl-tab-${next.id}`) as HTMLElement | null)?.focus();
                      }}
                    >
                      {t.label}
                      {t.id !== 'frame' && paneConn && t.id === 'connection' ? ` #${paneConn.index}` : ''}
                    </button>
                  ))}
                  <span class="spacer" />
                  <button
                    type="button"
                    class="icon"
                    aria-label={activeTab === 'frame' ? 'Close detail' : 'Close the pane'}
                    title={`${activeTab === 'frame' ? 'Close the frame detail' : 'Close the pane'} (Esc)`}
                    onClick={() => {
                      setSelectedId(null);
                      setPaneClosed(true);
                    }}
                  >
                    ✕
                  </button>
                </div>
                <div class="pane-body" id="wsl-pane-body" role="tabpanel" aria-labelledby={`wsl-tab-${activeTab}`}>
                  {activeTab === 'frame' && frameRow && (
                    <FrameDetail
                      key={frameRow.id}
                      rec={frameRow.rec}
                      conn={store.connections.get(frameRow.connKey)}
                      onEdit={(connKey) => chooseConnection(connKey)}
                      decoding={{
                        rowId: frameRow.id,
                        frame: selectedDecoded,
                        // The frame's own protocol: a compressed frame may hold another than its connection's.
                        protocolName: decoderName(selectedDecoded?.protocol ?? decoding.activeOf(frameRow.connKey)),
                        exchanges: decoding.exchangesOf(frameRow),
                        gap: gapBefore(store, selectedIndex),
                        onGoTo: goTo,
                        schemaJson: () => decoding.schemaJsonOf(frameRow),
                      }}
                      highlight={highlighter(store.view.filter.text, store.view.filter.matchCase === true)}
                    />
                  )}
                  {activeTab === 'connection' && paneConn && <ConnectionDetails c={paneConn} now={now} store={store} decoding={decoding} />}
                  {activeTab === 'chart' && paneConn && <ConnectionChart c={paneConn} now={now} store={store} />}
                  {activeTab === 'initiator' && paneConn && <ConnectionInitiator c={paneConn} />}
                  {activeTab === 'act' && paneConn && !readOnly && <ActPanel conn={paneConn} />}
                </div>
              </section>
            )}
          </div>
        </div>
      </div>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} sites={[...new Set([...store.connections.values()].map((c) => decoderSiteOf(c.url)).filter(Boolean))]} />}
      <div class="status" role="status" aria-label="Summary">
        <span class="status-title" title={title}>
          {title}
        </span>
        <span>
          {formatCount(counts.shown)} / {formatCount(counts.total)} frames shown
          {(store.view.filter.show ?? 'messages') !== 'messages' && ` · ${formatCount(counts.eventsShown)} / ${formatCount(counts.events)} events`}
        </span>
        <span class="status-summary">{summary(connections)}</span>
        <span class="status-duration" aria-label="Duration">
          {duration(store)}
        </span>
        {faultsText !== null && (
          <span class="warn" aria-label="Faults" title={`Faults on: ${faultsText}`}>
            faults on
          </span>
        )}
        {readOnly ? (
          <span>imported · read-only</span>
        ) : (
          <span class={store.live ? 'ok' : 'warn'}>{store.live ? 'live' : 'reconnecting…'}</span>
        )}
      </div>
    </div>
  );
}

/**
 * The panel's keyboard shortcuts (listed in ShortcutsHelp): `/` and Ctrl+F focus the filter box,
 * Ctrl+E pauses, Ctrl+L clears, Alt+F opens the Filters row, `?` the list, Esc closes the detail.
 * Single keys only when no text field has the focus.
 */
function useShortcuts(o: {
  root: { current: HTMLElement | null };
  readOnly: boolean;
  store: SessionStore;
  onClear(): void;
  onFilters(): void;
  onHelp(): void;
  onEscape(): void;
}) {
  const latest = useRef(o);
  latest.current = o;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { root, readOnly, store, onClear, onFilters, onHelp, onEscape } = latest.current;
      const t = e.target as HTMLElement | null;
      const typing = t !== null && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      const inDialog = t?.closest('dialog, [role="menu"]') != null;
      const mod = e.ctrlKey || e.metaKey;
      const filterBox = () => root.current?.querySelector<HTMLInputElement>('input[aria-label="Filter frames"]');
      if (inDialog) return;
      if ((mod && e.key.toLowerCase() === 'f' && !e.shiftKey) || (!typing && !mod && e.key === '/')) {
        e.preventDefault();
        filterBox()?.focus();
        filterBox()?.select();
      } else if (mod && e.key.toLowerCase() === 'e' && !readOnly) {
        e.preventDefault();
        store.setPaused(!store.paused);
      } else if (mod && e.key.toLowerCase() === 'l' && !readOnly) {
        e.preventDefault();
        store.clear();
        onClear();
      } else if (e.altKey && !mod && e.code === 'KeyF') {
        e.preventDefault();
        onFilters();
      } else if (!typing && !mod && e.key === '?') {
        e.preventDefault();
        onHelp();
      } else if (e.key === 'Escape' && !typing && !e.defaultPrevented) onEscape();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

function summary(cs: Connection[]): string {
  let sf = 0,
    sb = 0,
    rf = 0,
    rb = 0;
  for (const c of cs) {
    sf += c.sent.frames;
    sb += c.sent.bytes;
    rf += c.received.frames;
    rb += c.received.bytes;
  }
  return `${cs.length} connection${cs.length === 1 ? '' : 's'} · ↑ ${formatCount(sf)} (${formatBytes(sb)}) · ↓ ${formatCount(rf)} (${formatBytes(rb)})`;
}

/** Time since the previous frame of the same connection (ms), null for a connection's first. */
function gapBefore(store: SessionStore, index: number): number | null {
  const row = store.rows[index];
  if (row?.kind !== 'frame') return null;
  for (let i = index - 1, n = 0; i >= 0 && n < 100_000; i--, n++) {
    const r = store.rows[i]!;
    if (r.kind === 'frame' && r.connKey === row.connKey) return row.rec.time - r.rec.time;
  }
  return null;
}

/** From the first to the last frame held. */
function duration(store: SessionStore): string {
  let first: number | null = null;
  let last: number | null = null;
  for (const r of store.rows)
    if (r.kind === 'frame') {
      first = r.rec.time;
      break;
    }
  for (let i = store.rows.length - 1; i >= 0; i--) {
    const r = store.rows[i]!;
    if (r.kind === 'frame') {
      last = r.rec.time;
      break;
    }
  }
  return first === null || last === null ? '' : `over ${formatDuration(last - first)}`;
}


/** Re-renders on store changes, at most once per animation frame. */
function useStoreVersion(store: SessionStore): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    let raf = 0;
    const unsubscribe = store.subscribe(() => {
      if (raf === 0)
        raf = requestAnimationFrame(() => {
          raf = 0;
          setVersion(store.version);
        });
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(raf);
    };
  }, [store]);
  return version;
}

/** The current time, ticking once a second while some connection is live (for durations). */
function useClock(store: SessionStore, ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => {
      for (const c of store.connections.values())
        if (c.state !== 'closed') {
          setNow(Date.now());
          return;
        }
    }, 1000);
    return () => clearInterval(t);
  }, [store, ticking]);
  return now;
}

