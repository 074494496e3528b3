/**
 * The WebSocket panel: toolbar, connections, frames and the detail of the selected frame.
 * Rendering is throttled to one frame of the display, however fast records arrive.
 */
import { useEffect, useState } from 'preact/hooks';
import { RulesButton } from './RulesDialog';
import { HeldFrames } from './HeldFrames';
import { siteOf } from '../core/rules';
import { FilterControls } from './FilterControls';
import type { ComponentChildren } from 'preact';
import type { SessionStore } from '../core/session-store';
import type { Connection, FrameRow } from '../core/rows';
import { formatBytes, formatCount, formatDuration, formatRate } from '../core/format';
import { describeCloseCode } from '../core/close-codes';
import { ConnectionsTable } from './ConnectionsTable';
import { FramesTable, highlighter, shortUrl } from './FramesTable';
import { FrameDetail } from './FrameDetail';
import { ActPanel } from './ActPanel';
import { testClientPath } from './open-in-client';
import { openExtensionTab } from '../platform/open-tab';
import { ReplayBar } from './ReplayBar';
import { SettingsDialog } from './SettingsDialog';
import { ExportMenu } from './ExportMenu';
import { currentExportMeta } from './export-file';
import { copyText } from './copy';
import { connectionAsHarEntry } from '../core/formats/har/write';
import { FilterExtras } from './FilterExtras';
import { SavedFilters } from './SavedFilters';
import { Timeline } from './Timeline';
import { RateChart } from './RateChart';
import { decoderName, decodingOf, DECODER_OPTIONS, type DecoderChoice, type PanelDecoding } from './decoding';

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
  /** Extra toolbar controls (the Import control). */
  toolbarExtra?: ComponentChildren;
  /** Shown under the toolbar (the imported-log banner, import errors). */
  notices?: ComponentChildren;
}

export function SessionView({ store, onPopOut, title, readOnly, toolbarExtra, notices }: SessionViewProps) {
  const version = useStoreVersion(store);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [timelineOn, setTimelineOn] = useState(false);
  /** Frames picked (Ctrl/Shift-click) for a multi-frame replay. */
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const pickedRows = picked.size === 0 ? [] : (store.rows.filter((r) => r.kind === 'frame' && picked.has(r.id)) as FrameRow[]);
  const clock = useClock(store, readOnly === undefined);
  const now = readOnly?.endTime ?? clock;
  const connections = store.connectionList();
  const selectedConn = store.view.filter.connection === null ? undefined : store.connections.get(store.view.filter.connection);
  const decoding = decodingOf(store);
  decoding.sync();
  const selectedIndex = selectedId === null ? -1 : store.rows.findIndex((r) => r.id === selectedId);
  const selectedRow = selectedIndex < 0 ? undefined : store.rows[selectedIndex];
  const frameRow = selectedRow?.kind === 'frame' ? selectedRow : undefined;
  const goTo = (id: number) => {
    // The partner may be filtered out: show it anyway (its connection, no other filter).
    if (!store.view.visible.some((i) => store.rows[i]?.id === id)) {
      const row = store.rows.find((r) => r.id === id);
      store.view.setFilter({ text: '', direction: 'all', type: 'all', name: '', minSize: null, maxSize: null, show: store.view.filter.show === 'all' ? 'all' : 'messages', connection: row?.kind === 'frame' ? row.connKey : store.view.filter.connection });
      // Saved filters in use may still hide it: show it all the same, until the filters change.
      if (!store.view.visible.some((i) => store.rows[i]?.id === id)) store.view.reveal(id);
    }
    setSelectedId(id);
  };
  const truncated = store.truncatedTotal();
  const bounds = store.bounds;
  const counts = store.view.counts();

  return (
    <div class={`app ${frameRow ? 'with-detail' : ''} ${readOnly ? 'read-only' : ''}`}>
      <div class="toolbar" role="toolbar" aria-label="WebSocket panel controls">
        {!readOnly && (
          <>
            <button
              type="button"
              class={`rec ${store.paused ? 'paused' : 'recording'}`}
              aria-pressed={!store.paused}
              aria-label={store.paused ? 'Resume capture' : 'Pause capture'}
              title={store.paused ? 'Resume capture' : 'Pause capture'}
              onClick={() => store.setPaused(!store.paused)}
            >
              <span class="rec-dot" aria-hidden="true" />
              {store.paused ? 'Resume' : 'Pause'}
            </button>
            <button
              type="button"
              aria-label="Clear"
              title="Clear frames and closed connections"
              onClick={() => {
                store.clear();
                setSelectedId(null);
              }}
            >
              Clear
            </button>
            <label class="check">
              <input type="checkbox" checked={store.preserveLog} onChange={(e) => store.setPreserveLog(e.currentTarget.checked)} /> Preserve
              log
            </label>
            <span class="sep" />
          </>
        )}
        <FilterControls store={store} />
        <label>
          <span class="visually-hidden">Connection</span>
          <select
            aria-label="Connection"
            value={store.view.filter.connection ?? ''}
            onChange={(e) => store.view.setFilter({ connection: e.currentTarget.value || null })}
          >
            <option value="">All connections</option>
            {connections.map((c) => (
              <option value={c.key}>
                #{c.index} {shortUrl(c.url)}
              </option>
            ))}
          </select>
        </label>
        <span class="spacer" />
        <ExportMenu store={store} meta={() => currentExportMeta()} />
        {toolbarExtra}
        {!readOnly && <RulesButton site={siteOf(store.topDocument()?.info.url ?? '')} />}
        {!readOnly && (
          <button type="button" onClick={() => setSettingsOpen(true)}>
            Settings
          </button>
        )}
        {onPopOut && !readOnly && (
          <button type="button" onClick={onPopOut} title="Open this panel in a tab of its own">
            Pop out
          </button>
        )}
      </div>
      <div class="filterbar" role="toolbar" aria-label="More filters">
        <FilterExtras
          store={store}
          // Decode every frame's name in the background while the user types a name to look for.
          onNameFocus={() => decoding.prefetchNames(() => (store.view.filter.name ? store.view.refresh() : undefined))}
        />
        <label class="check">
          <input type="checkbox" checked={timelineOn} onChange={(e) => setTimelineOn(e.currentTarget.checked)} /> Timeline
        </label>
        <SavedFilters store={store} />
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
      <ConnectionsTable
        connections={connections}
        selected={store.view.filter.connection}
        now={now}
        onSelect={(key) => store.view.setFilter({ connection: key })}
      />
      {selectedConn && <ConnectionInfo c={selectedConn} now={now} store={store} decoding={decoding} />}
      {selectedConn && !readOnly && <ActPanel conn={selectedConn} />}
      {!readOnly && <HeldFrames store={store} />}
      {!readOnly && <ReplayBar rows={pickedRows} onClear={() => setPicked(new Set())} />}
      <div class="main">
        <FramesTable
          store={store}
          version={version}
          selectedId={selectedId}
          onSelect={(id) => {
            setSelectedId(id);
            if (picked.size > 0) setPicked(new Set());
          }}
          picked={picked}
          onPick={readOnly ? undefined : setPicked}
          decoding={decoding}
        />
        {frameRow && (
          <FrameDetail
            rec={frameRow.rec}
            conn={store.connections.get(frameRow.connKey)}
            onClose={() => setSelectedId(null)}
            onEdit={(connKey) => store.view.setFilter({ connection: connKey })}
            decoding={{
              rowId: frameRow.id,
              frame: decoding.get(frameRow),
              protocolName: decoderName(decoding.activeOf(frameRow.connKey)),
              exchanges: decoding.exchangesOf(frameRow),
              gap: gapBefore(store, selectedIndex),
              onGoTo: goTo,
            }}
            highlight={highlighter(store.view.filter.text, store.view.filter.matchCase === true)}
          />
        )}
      </div>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
      <div class="status" role="status" aria-label="Summary">
        <span>{title}</span>
        <span>
          {formatCount(counts.shown)} / {formatCount(counts.total)} frames shown
          {(store.view.filter.show ?? 'messages') !== 'messages' && ` · ${formatCount(counts.eventsShown)} / ${formatCount(counts.events)} events`}
        </span>
        <span>{summary(connections)}</span>
        <span aria-label="Duration">{duration(store)}</span>
        {readOnly ? (
          <span>imported · read-only</span>
        ) : (
          <span class={store.live ? 'ok' : 'warn'}>{store.live ? 'live' : 'reconnecting…'}</span>
        )}
      </div>
    </div>
  );
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


function ConnectionInfo({ c, now, store, decoding }: { c: Connection; now: number; store: SessionStore; decoding: PanelDecoding }) {
  const start = c.openedAt ?? c.createdAt;
  const lifetime = Math.max(0, (c.closedAt ?? now) - start);
  const close = c.close ? describeCloseCode(c.close.code) : null;
  const [copied, setCopied] = useState('');
  const [withSent, setWithSent] = useState(true);
  const openInClient = () => {
    const frames = store.rows.filter((r): r is FrameRow => r.kind === 'frame' && r.connKey === c.key);
    void openExtensionTab(testClientPath(c, frames, withSent));
  };
  const copyHar = async () => {
    const frames = store.rows.filter((r): r is FrameRow => r.kind === 'frame' && r.connKey === c.key);
    const ok = await copyText(JSON.stringify(connectionAsHarEntry(c, frames), null, 2));
    setCopied(ok ? 'Copied HAR entry' : 'Could not copy the HAR entry');
    setTimeout(() => setCopied(''), 1500);
  };
  return (
    <section class="conn-info" aria-label="Connection details">
      <div class="conn-actions">
        <button type="button" onClick={openInClient} title="Open the test client on this URL and subprotocols">
          Open in test client
        </button>
        <label>
          <input type="checkbox" checked={withSent} onChange={(e) => setWithSent(e.currentTarget.checked)} /> with its sent messages
        </label>
        <button type="button" onClick={() => void copyHar()}>
          Copy as HAR entry
        </button>
        <span class="copied" role="status" aria-label="Copy status">
          {copied}
        </span>
      </div>
      <RateChart conn={c} store={store} now={now} />
      <dl>
        <dt>URL</dt>
        <dd>{c.url}</dd>
        <dt>Page</dt>
        <dd>{c.frameUrl}</dd>
        <dt>Subprotocol</dt>
        <dd>
          {c.protocol || 'none'}
          {c.protocols.length > 0 ? ` (requested: ${c.protocols.join(', ')})` : ''}
        </dd>
        <dt>Decoder</dt>
        <dd>
          <DecoderPicker connKey={c.key} decoding={decoding} onChange={() => store.view.refresh()} />
        </dd>
        <dt>Extensions</dt>
        <dd>{c.extensions || 'none'}</dd>
        <dt>Handshake</dt>
        <dd>
          {c.openedAt !== null ? formatDuration(c.openedAt - c.createdAt) : c.state === 'connecting' ? 'in progress' : 'did not complete'}
        </dd>
        <dt>Rates</dt>
        <dd>
          ↑ {formatRate(c.sent.frames, lifetime)} ({formatBytes(lifetime > 0 ? (c.sent.bytes * 1000) / lifetime : 0)}/s) · ↓{' '}
          {formatRate(c.received.frames, lifetime)} ({formatBytes(lifetime > 0 ? (c.received.bytes * 1000) / lifetime : 0)}/s)
        </dd>
        {c.errors.length > 0 && (
          <>
            <dt>Errors</dt>
            <dd>
              {c.errors.length} error event{c.errors.length === 1 ? '' : 's'}
            </dd>
          </>
        )}
        {close && c.close && (
          <>
            <dt>Close</dt>
            <dd>
              {c.close.code} {close.name}
              {c.close.reason ? ` "${c.close.reason}"` : ''} — {close.meaning}
            </dd>
          </>
        )}
        {c.initiator && (
          <>
            <dt>Initiator</dt>
            <dd>
              <pre class="initiator">{c.initiator.trim()}</pre>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
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

/** The per-connection decoder: Auto (what detection found), each decoder, or Raw. */
function DecoderPicker({ connKey, decoding, onChange }: { connKey: string; decoding: PanelDecoding; onChange(): void }) {
  const choice = decoding.choiceOf(connKey);
  const detected = decoding.detectedOf(connKey);
  const autoLabel = detected === null ? 'Auto (no frames yet)' : choice === 'auto' ? `Auto (detected: ${decoderName(detected.id)})` : 'Auto (detect again)';
  return (
    <select
      aria-label="Decoder"
      value={choice}
      onChange={(e) => {
        decoding.setDecoder(connKey, e.currentTarget.value as DecoderChoice);
        onChange();
      }}
    >
      <option value="auto">{autoLabel}</option>
      {DECODER_OPTIONS.map((o) => (
        <option value={o.id}>{o.name}</option>
      ))}
      <option value="raw">Raw (no decoding)</option>
    </select>
  );
}
