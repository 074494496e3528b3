/**
 * The frames grid: one row per frame (and a separator row per navigation when "preserve log" is
 * on, and a row per connection lifecycle event when the Show filter asks for them). Virtualised.
 * Follows new frames while scrolled to the bottom, as DevTools does: selecting a row or scrolling
 * up stops it (the selected row stays where it is while frames keep coming), and a "N new frames"
 * bar under the rows (never over them) resumes it. Keyboard: arrows, Page Up/Down,
 * Home/End move the selection. The test client's log is this grid too, with its connection
 * markers as rows between the frames.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { FrameMenu, type MenuAt } from './FrameMenu';
import type { SessionStore } from '../core/session-store';
import type { Row } from '../core/rows';
import { formatClock, formatCount, formatRelative } from '../core/format';
import type { PanelDecoding } from './decoding';
import { useVirtualizer } from './use-virtualizer';
import { DEFAULT_COLUMN_PREFS, fitColumns, gridTemplate, TIME_LABELS, type ColumnId, type ColumnPrefs } from './frame-columns';
import { ColumnMenu } from './ColumnMenu';
import { useWidth } from './use-width';
import { FrameRowView, formatLatency, highlighter, ROW_HEIGHT, rowStyle } from './FrameRows';
import './decoding.css';


interface Props {
  store: SessionStore;
  version: number;
  selectedId: number | null;
  onSelect(rowId: number | null): void;
  /** Frames picked for a multi-frame action (Ctrl/Cmd-click toggles, Shift-click picks a range). */
  picked?: ReadonlySet<number>;
  onPick?(ids: Set<number>): void;
  /** The protocol decoders: a Name column (with request/response marks) when a connection is decoded. */
  decoding?: PanelDecoding;
  /**
   * The test client's log: its markers (connected, reconnected after N s…) as rows between the
   * frames, in time order, never selected; and the frames as the client shows them (no connection
   * column, context menu or filter highlight; "binary" without its kind; sent "by you").
   */
  clientLog?: readonly LogNote[];
  /** The optional columns and the time column's mode, and how to change them (the column menu); absent: the defaults, no menu. */
  columns?: ColumnPrefs;
  onColumns?(prefs: ColumnPrefs): void;
}

/** A test client marker (`Marker` of src/client/client-log.ts). */
export interface LogNote {
  id: number;
  time: number;
  text: string;
  level: string;
}

/** A grid row: an index into `store.rows`, or a client marker. */
type Item = number | LogNote;

export function FramesTable({ store, version, selectedId, onSelect, picked, onPick, decoding, clientLog, columns: prefs = DEFAULT_COLUMN_PREFS, onColumns }: Props) {
  const client = clientLog !== undefined;
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  const followRef = useRef(true);
  const [following, setFollowingState] = useState(true);
  /** A row was selected: scrolling back to the bottom does not resume following, the Follow control does. */
  const heldRef = useRef(false);
  /** The last row's id when following stopped: the rows after it are the "new frames". */
  const seenRef = useRef(-1);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const [menuResult, setMenuResult] = useState<string | null>(null);
  const openMenu = (row: Row, x: number, y: number) => {
    if (row.kind !== 'frame') return;
    onSelect(row.id);
    setMenuResult(null);
    setMenu({ row, x, y });
  };
  const visible = store.view.visible;
  // One function for every row: background decoding calls each distinct callback once when done,
  // so the list is filtered and painted again once, not once per row that asked.
  const onDecoded = useMemo(() => () => store.view.refresh(), [store]);
  const items: readonly Item[] = useMemo(() => (clientLog ? merge(store, clientLog) : visible), [version, visible, clientLog, clientLog?.length]);
  const available = new Set<ColumnId>(['type', 'size', 'time']);
  if (!client && store.view.filter.connection === null && store.connections.size > 1) available.add('conn');
  if (decoding !== undefined && decoding.anyDecoded(store.view.filter.connection)) available.add('name');
  const cols = fitColumns(prefs, available, width);
  const showName = cols.includes('name');
  const template = gridTemplate(cols);
  const highlight = useMemo(() => (client ? null : highlighter(store.view.filter.text, store.view.filter.matchCase === true)), [store.view.filter.text, store.view.filter.matchCase]);
  const v = useVirtualizer({
    count: items.length,
    estimateSize: () => ROW_HEIGHT,
    getScrollElement: () => scrollRef.current,
  });

  const selectedPos =
    selectedId === null ? -1 : items === visible ? findPos(store, selectedId) : items.findIndex((it) => typeof it === 'number' && store.rows[it].id === selectedId);
  const setFollowing = (on: boolean) => {
    if (followRef.current === on) return;
    followRef.current = on;
    if (!on) {
      v.cancelScroll();
      const last = items.length > 0 ? lastRowId(store, items) : -1;
      seenRef.current = last;
    }
    setFollowingState(on);
  };
  // Choosing a row stops following, so that live traffic does not scroll it away.
  useEffect(() => {
    heldRef.current = selectedId !== null;
    if (selectedId !== null) setFollowing(false);
  }, [selectedId]);
  // The selected row keeps its place on screen when rows before it are dropped (a history bound).
  const selectedAt = useRef({ id: -1, pos: -1 });
  // …and stays in view when the grid gets shorter (the inspector pane opening below it).
  const selectedPosRef = useRef(selectedPos);
  selectedPosRef.current = selectedPos;
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let height = el.clientHeight;
    const ro = new ResizeObserver(() => {
      if (el.clientHeight === height) return;
      height = el.clientHeight;
      const pos = selectedPosRef.current;
      if (!followRef.current && pos >= 0) v.scrollToIndex(pos, { align: 'auto' });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Where following the tail last left the list: a user's scroll up that its scroll event has not
  // reported yet (an update can land first on a busy machine) must not be undone.
  const followedTo = useRef({ top: -1, height: 0 });
  // Where the last scroll event found the list: a scroll up is a move above it (or above where
  // following left the list, whichever is lower down; either alone can be stale on a busy machine).
  const lastTop = useRef(0);
  const movedUp = (el: HTMLElement) => el.scrollTop < Math.max(lastTop.current, followedTo.current.top) - 1;
  // Follow the tail while the user is at the bottom.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && followRef.current && movedUp(el) && el.scrollHeight >= followedTo.current.height) setFollowing(false);
    const was = selectedAt.current;
    if (el && !followRef.current && selectedId !== null && was.id === selectedId && was.pos >= 0 && selectedPos >= 0 && selectedPos !== was.pos)
      el.scrollTop += (selectedPos - was.pos) * ROW_HEIGHT;
    selectedAt.current = { id: selectedId ?? -1, pos: selectedPos };
    if (followRef.current && items.length > 0 && el) {
      // Straight to the end: the rows have one fixed height, so the list's height is exact once
      // rendered. (The virtualiser's scrollToIndex settles over later animation frames, and a
      // scroll the user makes meanwhile, which a busy machine makes likely, was pulled back.)
      el.scrollTop = el.scrollHeight;
      followedTo.current = { top: el.scrollTop, height: el.scrollHeight };
    }
  }, [version, items.length]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    // At the bottom, or not moved up from where following the tail left the list: on a busy
    // machine the list can grow between a scroll to the tail and its scroll event, which then
    // reads as "not at the bottom" although the user did nothing. Leaving stops following (and
    // cancels a scroll to the tail still being settled, so the user is not pulled back); back at
    // the bottom follows again, unless a row is selected (then the New frames bar resumes it).
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 1.5;
    if (!atBottom && !(followRef.current && !movedUp(el))) setFollowing(false);
    else if (atBottom && !heldRef.current) setFollowing(true);
    lastTop.current = el.scrollTop;
    followedTo.current = followRef.current ? { top: el.scrollTop, height: el.scrollHeight } : { top: -1, height: 0 };
  };

  /** Selects the row at `pos`, or the next one in `dir` past client markers. */
  const moveTo = (pos: number, dir: 1 | -1) => {
    let p = Math.max(0, Math.min(items.length - 1, pos));
    while (p >= 0 && p < items.length && typeof items[p] !== 'number') p += dir;
    const it = items[p];
    if (typeof it !== 'number') return;
    onSelect(store.rows[it].id);
    v.scrollToIndex(p, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 200) / ROW_HEIGHT) - 1);
    const keys: Record<string, [number, 1 | -1]> = {
      ArrowDown: [selectedPos + 1, 1],
      ArrowUp: [selectedPos < 0 ? items.length - 1 : selectedPos - 1, -1],
      PageDown: [selectedPos + page, 1],
      PageUp: [selectedPos - page, -1],
      Home: [0, 1],
      End: [items.length - 1, -1],
    };
    if (e.key in keys) {
      e.preventDefault();
      moveTo(...keys[e.key]);
    } else if (!client && (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && selectedPos >= 0) {
      e.preventDefault();
      const box = scrollRef.current?.getBoundingClientRect();
      openMenu(store.rows[items[selectedPos] as number], (box?.left ?? 0) + 40, (box?.top ?? 0) + 24);
    } else if (e.key === 'Escape') onSelect(null);
  };

  const newRows = following ? { frames: 0, events: 0 } : rowsAfter(store, seenRef.current);
  return (
    <div
      class="frames"
      role="grid"
      aria-label="Frames"
      aria-rowcount={items.length + 1}
      aria-multiselectable={client ? undefined : 'false'}
      style={{ '--frow-cols': template }}
    >
      <div class="frames-head" role="rowgroup">
        <div class="frow head" role="row" aria-rowindex={1}>
          <span role="columnheader" class="c-dir" title="Direction">
            <span class="visually-hidden">Direction</span>
          </span>
          <span role="columnheader" class="c-data">
            Data
            {onColumns && <ColumnMenu prefs={prefs} onChange={onColumns} available={available} shown={cols} />}
          </span>
          {cols.map((id) => (
            <span role="columnheader" class={`c-${id}`}>
              {id === 'time' ? TIME_LABELS[prefs.time] : COLUMN_HEAD[id]}
            </span>
          ))}
        </div>
      </div>
      <div class="frames-body" ref={scrollRef} onScroll={onScroll} tabIndex={0} onKeyDown={onKeyDown} role="rowgroup" aria-label="Frame rows">
        {items.length === 0 && <div class="empty" role="row"><span role="gridcell">{emptyText(store, client)}</span></div>}
        <div style={{ height: `${v.getTotalSize()}px`, position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const it = items[item.index];
            if (typeof it !== 'number')
              return (
                <div key={`m${it.id}`} class={`frow nav marker ${it.level}`} role="row" aria-rowindex={item.index + 2} style={rowStyle(item.start)}>
                  <span role="gridcell" class="c-nav" title={it.text}>
                    {formatClock(it.time)} — {it.text}
                  </span>
                </div>
              );
            const row = store.rows[it];
            return (
              <FrameRowView
                key={row.id}
                row={row}
                conn={row.kind !== 'navigation' ? store.connections.get(row.connKey) : undefined}
                pos={item.index}
                top={item.start}
                cols={cols}
                timeText={timeText(prefs, store, row, items[item.index - 1])}
                selected={row.id === selectedId}
                picked={picked?.has(row.id) ?? false}
                decoding={showName ? decoding : undefined}
                onReady={onDecoded}
                highlight={highlight}
                client={client}
                onMenu={(e) => {
                  e.preventDefault();
                  openMenu(row, e.clientX, e.clientY);
                }}
                onSelect={(id, e) => {
                  if (onPick && (e.ctrlKey || e.metaKey)) {
                    const next = new Set(picked);
                    if (!next.delete(id)) next.add(id);
                    if (selectedId !== null && next.size === 1 && !next.has(selectedId) && id !== selectedId) next.add(selectedId);
                    onPick(next);
                  } else if (onPick && e.shiftKey && selectedPos >= 0) {
                    const a = Math.min(selectedPos, item.index);
                    const b = Math.max(selectedPos, item.index);
                    const next = new Set<number>();
                    for (let p = a; p <= b; p++) {
                      const r = items[p];
                      if (typeof r === 'number' && store.rows[r].kind === 'frame') next.add(store.rows[r].id);
                    }
                    onPick(next);
                  } else onSelect(id);
                }}
              />
            );
          })}
        </div>
      </div>
      {/* Only once something came since following stopped: a bar saying "Follow" over a list with nothing new is noise. */}
      {!following && newRows.frames + newRows.events > 0 && <FollowButton count={newRows} onClick={() => {
        heldRef.current = false;
        setFollowing(true);
        v.scrollToIndex(items.length - 1, { align: 'end' });
      }} />}
      {menu && (
        <FrameMenu
          at={menu}
          store={store}
          onDone={(result) => {
            setMenu(null);
            setMenuResult(result);
            scrollRef.current?.focus();
          }}
        />
      )}
      {menuResult && (
        <p class="menu-result" role="status" aria-label="Frame action result">
          {menuResult}
        </p>
      )}
    </div>
  );
}

/** Resumes following; says how many rows came since it stopped (at least one). */
function FollowButton({ count, onClick }: { count: { frames: number; events: number }; onClick(): void }) {
  return (
    <button type="button" class="follow" title="Scroll to the newest frames and keep following them" onClick={onClick}>
      <span aria-hidden="true">↓ </span>
      {newRowsText(count)}
    </button>
  );
}

/** The id of the last store row among the grid's items (-1 if none). */
function lastRowId(store: SessionStore, items: readonly Item[]): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (typeof it === 'number') return store.rows[it].id;
  }
  return -1;
}

/**
 * The visible rows after the row `id` (ids grow with position: a binary search finds the first),
 * as frames and lifecycle events: the bar names what came.
 */
export function rowsAfter(store: Pick<SessionStore, 'rows' | 'view'>, id: number): { frames: number; events: number } {
  const vis = store.view.visible;
  let lo = 0;
  let hi = vis.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (store.rows[vis[mid]].id <= id) lo = mid + 1;
    else hi = mid;
  }
  let frames = 0;
  for (let i = lo; i < vis.length; i++) if (store.rows[vis[i]].kind === 'frame') frames++;
  return { frames, events: vis.length - lo - frames };
}

/** The Follow bar's words: "3 new frames", "1 new event", "3 new frames, 1 event". */
export function newRowsText({ frames, events }: { frames: number; events: number }): string {
  const f = `${formatCount(frames)} new frame${frames === 1 ? '' : 's'}`;
  const e = `${formatCount(events)} ${frames === 0 ? 'new ' : ''}event${events === 1 ? '' : 's'}`;
  return frames === 0 ? e : events === 0 ? f : `${f}, ${e}`;
}

/** Visible rows and client markers, in time order (a marker after the rows of the same time). */
function merge(store: SessionStore, notes: readonly LogNote[]): Item[] {
  const out: Item[] = [];
  let j = 0;
  for (const index of store.view.visible) {
    const row = store.rows[index];
    const t = row.kind === 'frame' ? row.rec.time : row.time;
    while (j < notes.length && notes[j].time < t) out.push(notes[j++]);
    out.push(index);
  }
  return out.concat(notes.slice(j));
}

const COLUMN_HEAD: Record<ColumnId, string> = { conn: 'Connection', name: 'Name', type: 'Type', size: 'Size', time: 'Time' };

function rowTime(row: Row): number {
  return row.kind === 'frame' ? row.rec.time : row.time;
}

/** The Time cell: the clock, the time since the connection opened, or since the row above. */
function timeText(prefs: ColumnPrefs, store: SessionStore, row: Row, above: Item | undefined): string {
  const t = rowTime(row);
  if (prefs.time === 'clock' || row.kind === 'navigation') return formatClock(t);
  if (prefs.time === 'delta') {
    if (above === undefined) return '';
    const prev = typeof above === 'number' ? rowTime(store.rows[above]) : above.time;
    return `+${formatLatency(Math.max(0, t - prev))}`;
  }
  const conn = store.connections.get(row.connKey);
  return conn ? formatRelative(t - (conn.openedAt ?? conn.createdAt)) : '';
}

function emptyText(store: SessionStore, client: boolean): string {
  if (store.rows.length > 0) {
    const what = store.view.filter.show === undefined || store.view.filter.show === 'messages' ? 'frame' : 'row';
    const hiding = store.view.savedHiding();
    if (hiding.length > 0)
      return `No ${what} shown: hidden by the saved filter${hiding.length === 1 ? '' : 's'} ${hiding.map((n) => `"${n}"`).join(store.view.savedMode === 'or' ? ' or ' : ' and ')}. Switch ${hiding.length === 1 ? 'it' : 'them'} off under Saved filters to see more.`;
    return `No ${what} matches the filter.`;
  }
  if (client) return 'Nothing yet. Connect, then send a message: frames and connection events appear here.';
  if (store.paused) return 'Capture is paused.';
  return store.connections.size === 0 ? 'No WebSocket traffic yet. Frames appear here as the page sends and receives them.' : 'No frames yet.';
}

export function findPos(store: SessionStore, rowId: number): number {
  // Row ids grow with position, so a binary search over the visible list finds the row.
  const vis = store.view.visible;
  let lo = 0;
  let hi = vis.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const id = store.rows[vis[mid]].id;
    if (id === rowId) return mid;
    if (id < rowId) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
