/**
 * The test client's log: the panel's frames grid (same columns, classes and keyboard), with the
 * client's event markers (connected, disconnected, reconnected after N s, …) as rows between the
 * frames, in time order. Markers are always shown; the filter applies to frames.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Connection } from '../core/session-store';
import { framePreview } from '../core/session-store';
import { formatBytes, formatClock, formatRelative } from '../core/format';
import { useVirtualizer } from '../panel/components/use-virtualizer';
import type { ClientLog, Marker } from './client-log';

const ROW_HEIGHT = 22;

type Item = { kind: 'frame'; index: number } | { kind: 'marker'; m: Marker };

interface Props {
  log: ClientLog;
  version: number;
  selectedId: number | null;
  onSelect(rowId: number | null): void;
}

export function LogTable({ log, version, selectedId, onSelect }: Props) {
  const store = log.store;
  const scrollRef = useRef<HTMLDivElement>(null);
  const followRef = useRef(true);
  const items = useMemo(() => merge(log), [version, log.markers.length, store.visible]);
  const v = useVirtualizer({ count: items.length, estimateSize: () => ROW_HEIGHT, getScrollElement: () => scrollRef.current });

  useEffect(() => {
    if (followRef.current && items.length > 0) v.scrollToIndex(items.length - 1, { align: 'end' });
  }, [version, items.length]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (el) followRef.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 1.5;
  };

  const frameItems = items.map((it, pos) => (it.kind === 'frame' ? pos : -1)).filter((p) => p >= 0);
  const selectedPos = selectedId === null ? -1 : items.findIndex((it) => it.kind === 'frame' && store.rows[it.index].id === selectedId);
  const moveTo = (pos: number, dir: 1 | -1) => {
    if (frameItems.length === 0) return;
    let p = Math.max(0, Math.min(items.length - 1, pos));
    while (p >= 0 && p < items.length && items[p].kind !== 'frame') p += dir;
    if (p < 0 || p >= items.length) return;
    const it = items[p];
    if (it.kind === 'frame') onSelect(store.rows[it.index].id);
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
    } else if (e.key === 'Escape') onSelect(null);
  };

  return (
    <div class="frames" role="grid" aria-label="Frames" aria-rowcount={items.length + 1}>
      <div class="frames-head" role="rowgroup">
        <div class="frow head" role="row" aria-rowindex={1}>
          <span role="columnheader" class="c-dir">
            Dir
          </span>
          <span role="columnheader" class="c-time">
            Time
          </span>
          <span role="columnheader" class="c-rel">
            Since open
          </span>
          <span role="columnheader" class="c-size">
            Size
          </span>
          <span role="columnheader" class="c-type">
            Type
          </span>
          <span role="columnheader" class="c-data">
            Data
          </span>
        </div>
      </div>
      <div
        class="frames-body"
        ref={scrollRef}
        onScroll={onScroll}
        tabIndex={0}
        onKeyDown={onKeyDown}
        role="rowgroup"
        aria-label="Frame rows"
      >
        {items.length === 0 && (
          <div class="empty" role="row">
            <span role="gridcell">
              {store.rows.length > 0
                ? 'No frame matches the filter.'
                : 'Nothing yet. Connect, then send a message: frames and connection events appear here.'}
            </span>
          </div>
        )}
        <div style={{ height: `${v.getTotalSize()}px`, position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const it = items[vi.index];
            const style = { transform: `translateY(${vi.start}px)`, height: `${ROW_HEIGHT}px` };
            if (it.kind === 'marker') {
              return (
                <div key={`m${it.m.id}`} class={`frow nav marker ${it.m.level}`} role="row" aria-rowindex={vi.index + 2} style={style}>
                  <span role="gridcell" class="c-nav" title={it.m.text}>
                    {formatClock(it.m.time)} — {it.m.text}
                  </span>
                </div>
              );
            }
            const row = store.rows[it.index];
            if (row.kind !== 'frame') return null;
            return (
              <FrameRowView
                key={row.id}
                id={row.id}
                rec={row.rec}
                conn={store.connections.get(row.connKey)}
                pos={vi.index}
                style={style}
                selected={row.id === selectedId}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Visible frames and markers, in time order (a marker after frames of the same time). */
function merge(log: ClientLog): Item[] {
  const store = log.store;
  const vis = store.visible;
  const ms = log.markers;
  const out: Item[] = [];
  let j = 0;
  for (const index of vis) {
    const row = store.rows[index];
    const t = row.kind === 'frame' ? row.rec.time : row.time;
    while (j < ms.length && ms[j].time < t) out.push({ kind: 'marker', m: ms[j++] });
    out.push({ kind: 'frame', index });
  }
  while (j < ms.length) out.push({ kind: 'marker', m: ms[j++] });
  return out;
}

interface RowProps {
  id: number;
  rec: import('../core/session-store').ViewFrame;
  conn: Connection | undefined;
  pos: number;
  style: Record<string, string>;
  selected: boolean;
  onSelect(id: number): void;
}

function FrameRowView({ id, rec: r, conn, pos, style, selected, onSelect }: RowProps) {
  const since = conn ? r.time - (conn.openedAt ?? conn.createdAt) : 0;
  const typeLabel = r.opcode === 'text' ? 'text' : 'binary';
  return (
    <div
      class={`frow ${r.dir} ${selected ? 'selected' : ''}`}
      role="row"
      aria-rowindex={pos + 2}
      aria-selected={selected}
      style={style}
      onClick={() => onSelect(id)}
    >
      <span role="gridcell" class="c-dir" title={r.dir === 'sent' ? 'Sent by you' : 'Received from the server'}>
        <span aria-hidden="true" class="arrow">
          {r.dir === 'sent' ? '↑' : '↓'}
        </span>{' '}
        {r.dir}
      </span>
      <span role="gridcell" class="c-time">
        {formatClock(r.time)}
      </span>
      <span role="gridcell" class="c-rel">
        {formatRelative(since)}
      </span>
      <span role="gridcell" class="c-size">
        {formatBytes(r.size)}
        {r.truncated ? ' (truncated)' : ''}
      </span>
      <span role="gridcell" class="c-type">
        {typeLabel}
      </span>
      <span role="gridcell" class="c-data">
        {framePreview(r)}
      </span>
    </div>
  );
}
