/**
 * Connections of the inspected tab: one row each, with state, subprotocol, traffic, timing and
 * the close code with its meaning. Selecting a row filters the frames to that connection. The
 * columns that show depend on the list's width (container queries in view.css): the number, the
 * URL (cut in the middle, `url-label.ts`) and the state always; the rest as room allows, all of it
 * in the row's title and the Connection tab.
 */
import type { Connection } from '../core/rows';
import { closeFullText, describeCloseCode } from '../core/close-codes';
import { failureReason } from '../core/handshake';
import { formatBytes, formatClock, formatCount, formatDuration } from '../core/format';
import { sharedOrigin, urlLabel } from './url-label';

interface Props {
  connections: Connection[];
  selected: string | null;
  now: number;
  onSelect(key: string | null): void;
  /** How many characters the URL label may take (from the list's width). */
  urlChars?: number;
}

export function ConnectionsTable({ connections, selected, now, onSelect, urlChars = 64 }: Props) {
  // All on one host (the usual case): the list shows the paths and queries, which tell them apart.
  const origin = sharedOrigin(connections.map((c) => c.url));
  return (
    <div class="connections" role="grid" aria-label="Connections" aria-rowcount={connections.length + 1}>
      <div role="rowgroup">
        <div class="crow head" role="row" aria-rowindex={1}>
          <span role="columnheader" class="k-idx">#</span>
          <span role="columnheader" class="k-url" title={origin ?? undefined}>
            {origin ? `URL (${urlLabel(origin, 24)})` : 'URL'}
          </span>
          <span role="columnheader" class="k-state">State</span>
          <span role="columnheader" class="k-proto">Protocol</span>
          <span role="columnheader" class="k-sent">Sent</span>
          <span role="columnheader" class="k-recv">Received</span>
          <span role="columnheader" class="k-opened">Opened at</span>
          <span role="columnheader" class="k-dur">Duration</span>
          <span role="columnheader" class="k-close">Close</span>
        </div>
      </div>
      <div role="rowgroup" class="connections-body">
        {connections.length === 0 && (
          <div role="row" class="empty">
            <span role="gridcell">No connections yet. Sockets the page opens (from page load on) appear here.</span>
          </div>
        )}
        {connections.map((c, i) => (
          <ConnectionRow key={c.key} c={c} pos={i} now={now} selected={c.key === selected} onSelect={onSelect} urlChars={urlChars} origin={origin} />
        ))}
      </div>
    </div>
  );
}

function ConnectionRow({
  c,
  pos,
  now,
  selected,
  onSelect,
  urlChars,
  origin,
}: {
  c: Connection;
  pos: number;
  now: number;
  selected: boolean;
  onSelect(key: string | null): void;
  urlChars: number;
  origin: string | null;
}) {
  const start = c.openedAt ?? c.createdAt;
  const end = c.closedAt ?? now;
  const close = closeSummary(c);
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
      <span role="gridcell" class="k-idx">{c.index}</span>
      <span role="gridcell" class="k-url url" title={`${c.url}\nfrom ${c.frameUrl}${close ? `\n${closeTitle(c) ?? close}` : ''}`}>
        {urlLabel(origin ? c.url.slice(origin.length) || '/' : c.url, urlChars)}
      </span>
      <span role="gridcell" class="k-state state" title={c.errors.length > 0 ? `${c.state}, ${c.errors.length} error event${c.errors.length === 1 ? '' : 's'}` : c.state}>
        {c.state}
        {c.errors.length > 0 ? ` · ${c.errors.length === 1 ? 'error' : `${c.errors.length} errors`}` : ''}
      </span>
      <span role="gridcell" class="k-proto">{c.protocol || (c.protocols.length ? `(asked: ${c.protocols.join(', ')})` : '—')}</span>
      <span role="gridcell" class="k-sent">{formatCount(c.sent.frames)} · {formatBytes(c.sent.bytes)}</span>
      <span role="gridcell" class="k-recv">{formatCount(c.received.frames)} · {formatBytes(c.received.bytes)}</span>
      <span role="gridcell" class="k-opened">{c.openedAt !== null ? formatClock(c.openedAt) : c.state === 'connecting' ? 'connecting…' : 'never opened'}</span>
      <span role="gridcell" class="k-dur">{formatDuration(Math.max(0, end - start))}</span>
      <span role="gridcell" class="k-close close" title={closeTitle(c)}>
        {close}
      </span>
    </div>
  );
}

/** The close cell's whole text on hover: the summary, then the code's meaning (the cell is often cut). */
function closeTitle(c: Connection): string | undefined {
  if (c.close !== null) return `${closeSummary(c)}\n${closeFullText(c.close.code, c.close.reason)}`;
  return c.closing !== null ? closeSummary(c) : undefined;
}

export function closeSummary(c: Connection): string {
  // Why the handshake failed, when the browser said (src/core/handshake.ts), before the bare 1006.
  const failure = c.handshake !== undefined ? failureReason(c.handshake) : null;
  const summary = closeSummaryOnly(c);
  return failure === null ? summary : summary ? `${failure} · ${summary}` : failure;
}

function closeSummaryOnly(c: Connection): string {
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
