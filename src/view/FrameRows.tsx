/**
 * The frames grid's rows: a frame (direction and marks, payload, the chosen columns), a lifecycle
 * event, a navigation separator; the decoded name with its pairing mark; the filter's matches
 * marked. Drawn by the grid (./FramesTable.tsx), which places them.
 */
import type { ComponentChildren } from 'preact';
import type { FrameMark } from '../core/protocol';
import { FAULT_DROP_NOTE } from '../core/faults';
import type { Connection, EventRow, FrameRow, LifecycleEvent, Row } from '../core/rows';
import { framePreview } from '../core/rows';
import { formatBytes, formatClock, frameTypeText } from '../core/format';
import { compileMatcher } from '../core/filter';
import type { PanelDecoding } from './decoding';
import type { ColumnId } from './frame-columns';
import { urlLabel } from './url-label';

/** A row's height in px (the virtualiser's estimate too). */
export const ROW_HEIGHT = 21;

export const rowStyle = (top: number) => ({ transform: `translateY(${top}px)`, height: `${ROW_HEIGHT}px` });

export interface RowProps {
  row: Row;
  conn: Connection | undefined;
  pos: number;
  top: number;
  /** The optional columns, in order. */
  cols: readonly ColumnId[];
  timeText: string;
  selected: boolean;
  picked: boolean;
  decoding?: PanelDecoding;
  /** Called when background decoding finished (the row should paint again). */
  onReady: () => void;
  highlight: ((text: string) => ComponentChildren) | null;
  /** A frame of the test client's log (see Props.clientLog). */
  client: boolean;
  onSelect(id: number, e: MouseEvent): void;
  onMenu(e: MouseEvent): void;
}

export function FrameRowView({ row, conn, pos, top, cols, timeText, selected, picked, decoding, onReady, highlight, client, onSelect, onMenu }: RowProps) {
  const style = rowStyle(top);
  if (row.kind === 'navigation') {
    return (
      <div class="frow nav" role="row" aria-rowindex={pos + 2} style={style}>
        <span role="gridcell" class="c-nav">
          Navigated to {row.url} at {formatClock(row.time)}
        </span>
      </div>
    );
  }
  if (row.kind === 'event')
    return (
      <EventRowView
        row={row}
        conn={conn}
        pos={pos}
        style={style}
        cols={cols}
        timeText={timeText}
        selected={selected}
        highlight={highlight}
        onSelect={onSelect}
      />
    );
  const r = row.rec;
  const typeLabel = client ? r.opcode : (r.opcode === 'text' ? 'text' : `binary (${r.binKind})`) + (r.mark ? ` · ${r.mark}` : '');
  const preview = framePreview(r);
  const size = `${formatBytes(r.size)}${r.truncated ? ' (truncated)' : ''}`;
  const connText = conn ? `#${conn.index} ${urlLabel(conn.url, 40)}` : '';
  return (
    <div
      class={`frow ${r.dir} ${selected ? 'selected' : ''} ${picked ? 'picked' : ''}`}
      role="row"
      aria-rowindex={pos + 2}
      aria-selected={selected || picked}
      style={style}
      onClick={(e) => onSelect(row.id, e)}
      onContextMenu={client ? undefined : onMenu}
    >
      <span role="gridcell" class="c-dir" title={r.dir === 'sent' ? `Sent by ${client ? 'you' : 'the page'}` : 'Received from the server'}>
        <span aria-hidden="true" class="arrow">{r.dir === 'sent' ? '↑' : '↓'}</span>
        <span class="visually-hidden">{r.dir}</span>
        {r.mark && !client && (
          <span class={`fmark m-${r.mark}`} title={r.mark === 'dropped' && r.opcode === 'text' && r.note === FAULT_DROP_NOTE ? 'Dropped by a fault' : MARKS[r.mark].title}>
            <span aria-hidden="true">{MARKS[r.mark].glyph}</span>
            <span class="visually-hidden"> {r.mark}</span>
          </span>
        )}
        {r.truncated && (
          <span class="trunc" title="Truncated: only the first part of this frame was kept">
            <span aria-hidden="true">✂</span>
            <span class="visually-hidden"> truncated</span>
          </span>
        )}
      </span>
      <span role="gridcell" class="c-data" title={preview}>
        {highlight && r.opcode === 'text' ? highlight(preview) : preview}
      </span>
      {cols.map((id) =>
        id === 'conn' ? (
          <span role="gridcell" class="c-conn" title={conn?.url}>{connText}</span>
        ) : id === 'name' && decoding ? (
          <NameCell row={row} decoding={decoding} onReady={onReady} />
        ) : id === 'type' ? (
          <span role="gridcell" class="c-type" title={client ? undefined : frameTypeText(r) + (r.mark ? ` · ${r.mark}` : '')}>
              {typeLabel}
            </span>
        ) : id === 'size' ? (
          <span role="gridcell" class="c-size" title={`${r.size.toLocaleString('en-US')} bytes`}>{size}</span>
        ) : id === 'time' ? (
          <span role="gridcell" class="c-time">{timeText}</span>
        ) : (
          <span role="gridcell" class={`c-${id}`} />
        ),
      )}
    </div>
  );
}

/**
 * A frame's mark in the always-shown direction cell (the Type column may have given way): a glyph,
 * its meaning on hover, the mark's word for screen readers.
 */
const MARKS: Record<FrameMark, { glyph: string; title: string }> = {
  composed: { glyph: '✎', title: 'Composed: sent from the panel' },
  replayed: { glyph: '↻', title: 'Replayed from the panel' },
  simulated: { glyph: '◇', title: 'Simulated: dispatched to the page by the panel, not sent by the server' },
  rewritten: { glyph: '≠', title: 'Rewritten by a rule' },
  blocked: { glyph: '⊘', title: 'Blocked by a rule' },
  dropped: { glyph: '⊗', title: 'Dropped: held at a breakpoint, then not passed on' },
  mocked: { glyph: '◆', title: 'Mocked: sent by an auto-response rule, not by the server' },
  answered: { glyph: '↩', title: 'Answered by an auto-response rule, not sent to the server' },
  delayed: { glyph: '◔', title: 'Delayed by a fault' },
};

const EVENT_LABELS: Record<LifecycleEvent, { mark: string; label: string; type: string }> = {
  open: { mark: '●', label: 'open', type: 'open' },
  closing: { mark: '◌', label: 'closing', type: 'close() called' },
  close: { mark: '■', label: 'close', type: 'close' },
  error: { mark: '⚠', label: 'error', type: 'error' },
};

/** A connection's lifecycle event, in the frame columns: what happened in Type, what it says in Data. */
function EventRowView({
  row,
  conn,
  pos,
  style,
  cols,
  timeText,
  selected,
  highlight,
  onSelect,
}: {
  row: EventRow;
  conn: Connection | undefined;
  pos: number;
  style: Record<string, string>;
  cols: readonly ColumnId[];
  timeText: string;
  selected: boolean;
  highlight: ((text: string) => ComponentChildren) | null;
  onSelect(id: number, e: MouseEvent): void;
}) {
  const l = EVENT_LABELS[row.event];
  return (
    <div
      class={`frow event ev-${row.event} ${selected ? 'selected' : ''}`}
      role="row"
      aria-rowindex={pos + 2}
      aria-selected={selected}
      style={style}
      onClick={(e) => onSelect(row.id, e)}
    >
      <span role="gridcell" class="c-dir" title={`A connection event: ${l.label}`}>
        <span aria-hidden="true" class="arrow">{l.mark}</span>
        <span class="visually-hidden">{l.label}</span>
      </span>
      <span role="gridcell" class="c-data" title={row.text}>
        {highlight ? highlight(row.text) : row.text}
      </span>
      {cols.map((id) =>
        id === 'conn' ? (
          <span role="gridcell" class="c-conn" title={conn?.url}>{conn ? `#${conn.index} ${urlLabel(conn.url, 40)}` : ''}</span>
        ) : id === 'type' ? (
          <span role="gridcell" class="c-type">{l.type}</span>
        ) : id === 'time' ? (
          <span role="gridcell" class="c-time">{timeText}</span>
        ) : (
          <span role="gridcell" class={`c-${id}`} />
        ),
      )}
    </div>
  );
}

/** The decoded name, with the pairing mark: latency of an answered exchange, or "no reply". */
function NameCell({ row, decoding, onReady }: { row: FrameRow; decoding: PanelDecoding; onReady: () => void }) {
  const d = decoding.peek(row, onReady);
  if (d === undefined)
    return (
      <span role="gridcell" class="c-name" title="Decoding the frames before this one…">
        …
      </span>
    );
  if (!d) return <span role="gridcell" class="c-name" />;
  if (d.error !== undefined)
    return (
      <span role="gridcell" class="c-name" title={`Could not decode: ${d.error}`}>
        <span class="dec-error">⚠ raw</span>
      </span>
    );
  const mark = decoding.markIsCheap(row) ? decoding.markOf(row, onReady) : null;
  return (
    <span role="gridcell" class="c-name" title={d.summary}>
      {d.name}
      {mark &&
        (mark.unanswered ? (
          <span class="pair unanswered" title={mark.searchedToEnd ? 'A request no response answered (yet)' : 'No response in the next frames of the connection (searching the rest…)'}>
            no reply
          </span>
        ) : (
          mark.latency !== null && (
            <span class="pair" title={mark.role === 'request' ? 'Answered after' : 'Answers a request of'}>
              {mark.role === 'request' ? '↔' : '↩'} {formatLatency(mark.latency)}
            </span>
          )
        ))}
    </span>
  );
}

export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Marks the filter's matches in a text (substring or /regex/, as the filter box), or null when no filter. */
export function highlighter(text: string, matchCase: boolean): ((s: string) => ComponentChildren) | null {
  const matcher = compileMatcher(text, matchCase);
  if (matcher.pattern.kind === 'empty') return null;
  return (s) => {
    const rs = matcher.ranges(s);
    if (rs.length === 0) return s;
    const parts: ComponentChildren[] = [];
    let at = 0;
    for (const [a, b] of rs) {
      if (a > at) parts.push(s.slice(at, a));
      parts.push(<mark class="hit">{s.slice(a, b)}</mark>);
      at = b;
    }
    if (at < s.length) parts.push(s.slice(at));
    return parts;
  };
}
