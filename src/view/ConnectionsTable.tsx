/**
 * Connections of the inspected tab: one row each, with state, subprotocol, traffic, timing and
 * the close code with its meaning. Selecting a row filters the frames to that connection.
 */
import type { Connection } from '../core/rows';
import { closeFullText, describeCloseCode } from '../core/close-codes';
import { formatBytes, formatClock, formatCount, formatDuration } from '../core/format';

interface Props {
  connections: Connection[];
  selected: string | null;
  now: number;
  onSelect(key: string | null): void;
}

export function ConnectionsTable({ connections, selected, now, onSelect }: Props) {
  return (
    <div class="connections" role="grid" aria-label="Connections" aria-rowcount={connections.length + 1}>
      <div role="rowgroup">
        <div class="crow head" role="row" aria-rowindex={1}>
          <span role="columnheader">#</span>
          <span role="columnheader">URL</span>
          <span role="columnheader">State</span>
          <span role="columnheader">Protocol</span>
          <span role="columnheader">Sent</span>
          <span role="columnheader">Received</span>
          <span role="columnheader">Opened at</span>
          <span role="columnheader">Duration</span>
          <span role="columnheader">Close</span>
        </div>
      </div>
      <div role="rowgroup" class="connections-body">
        {connections.length === 0 && (
          <div role="row" class="empty">
            <span role="gridcell">No connections yet. Sockets the page opens (from page load on) appear here.</span>
          </div>
        )}
        {connections.map((c, i) => (
          <ConnectionRow key={c.key} c={c} pos={i} now={now} selected={c.key === selected} onSelect={onSelect} />
        ))}
      </div>
    </div>
  );
}

function ConnectionRow({ c, pos, now, selected, onSelect }: { c: Connection; pos: number; now: number; selected: boolean; onSelect(key: string | null): void }) {
  const start = c.openedAt ?? c.createdAt;
  const end = c.closedAt ?? now;
  return (
    <div
      class={`crow state-${c.state} ${selected ? 'selected' : ''} ${c.errors.length ? 'has-error' : ''}`}
      role="row"
      aria-rowindex={pos + 2}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => onSelect(selected ? null : c.key)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(selected ? null : c.key);
        }
      }}
    >
      <span role="gridcell">{c.index}</span>
      <span role="gridcell" class="url" title={`${c.url}\nfrom ${c.frameUrl}`}>{c.url}</span>
      <span role="gridcell" class="state">
        {c.state}
        {c.errors.length > 0 ? ` · ${c.errors.length === 1 ? 'error' : `${c.errors.length} errors`}` : ''}
      </span>
      <span role="gridcell">{c.protocol || (c.protocols.length ? `(asked: ${c.protocols.join(', ')})` : '—')}</span>
      <span role="gridcell">{formatCount(c.sent.frames)} · {formatBytes(c.sent.bytes)}</span>
      <span role="gridcell">{formatCount(c.received.frames)} · {formatBytes(c.received.bytes)}</span>
      <span role="gridcell">{c.openedAt !== null ? formatClock(c.openedAt) : c.state === 'connecting' ? 'connecting…' : 'never opened'}</span>
      <span role="gridcell">{formatDuration(Math.max(0, end - start))}</span>
      <span role="gridcell" class="close" title={closeTitle(c)}>{closeSummary(c)}</span>
    </div>
  );
}

/** The close cell's whole text on hover: the summary, then the code's meaning (the cell is often cut). */
function closeTitle(c: Connection): string | undefined {
  if (c.close !== null) return `${closeSummary(c)}\n${closeFullText(c.close.code, c.close.reason)}`;
  return c.closing !== null ? closeSummary(c) : undefined;
}

export function closeSummary(c: Connection): string {
  if (c.close === null) {
    if (c.closing !== null) return `closing: page called close(${c.closing.code ?? ''}${c.closing.reason ? `, "${c.closing.reason}"` : ''})`;
    return '';
  }
  const d = describeCloseCode(c.close.code);
  const reason = c.close.reason ? ` "${c.close.reason}"` : '';
  const who = c.closedBy === 'page' ? 'closed by the page' : c.closedBy === 'devtools' ? 'closed from DevTools' : c.closedBy === 'server' ? 'closed by the server' : c.closedBy === 'network' ? 'connection lost' : '';
  // The name already says "Private Use" / "Registered" for those ranges; flag invalid codes.
  const cat = d.category === 'invalid' ? ' (invalid code)' : '';
  return `${c.close.code} ${d.name}${reason}${cat}${who ? ` · ${who}` : ''}${c.close.wasClean ? '' : ' · not clean'}`;
}
