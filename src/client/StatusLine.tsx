/** The test client's status line: state, URL, negotiated protocol and extensions, the last close with its meaning. */
import { describeCloseCode } from '../core/close-codes';
import { formatDuration } from '../core/format';
import type { ClientStatus } from './connection';

export function StatusLine({ status: s, now }: { status: ClientStatus; now: number }) {
  let state: string;
  let detail = '';
  switch (s.phase) {
    case 'idle':
      state = s.lastClose || s.error ? 'Closed' : 'Not connected';
      break;
    case 'connecting':
      state = s.attempt > 0 ? `Reconnecting (attempt ${s.attempt})…` : 'Connecting…';
      break;
    case 'open':
      state = 'Open';
      break;
    case 'closing':
      state = 'Closing…';
      break;
    case 'waiting':
      state = `Reconnecting in ${formatDuration(Math.max(0, (s.nextAttemptAt ?? now) - now))} (attempt ${s.attempt})`;
      break;
  }
  if (s.phase === 'open' && s.openedAt !== null && s.createdAt !== null) {
    detail = `opened in ${formatDuration(s.openedAt - s.createdAt)} · open for ${formatDuration(now - s.openedAt)}`;
  }
  const close = s.lastClose && s.phase !== 'open' && s.phase !== 'connecting' ? describeCloseCode(s.lastClose.code) : null;
  return (
    <section class={`status-line phase-${s.phase}`} aria-label="Connection status">
      <span class="state" role="status">
        <span class="dot" aria-hidden="true" /> {state}
      </span>
      {s.url && s.phase !== 'idle' && (
        <span class="where" title={s.url}>
          {s.url}
        </span>
      )}
      {s.phase === 'open' && (
        <>
          <span>
            Protocol: <strong aria-label="Negotiated subprotocol">{s.protocol || 'none'}</strong>
            {s.protocols.length > 0 && ` (offered: ${s.protocols.join(', ')})`}
          </span>
          <span>Extensions: {s.extensions || 'none'}</span>
          <span>{detail}</span>
        </>
      )}
      {close && s.lastClose && (
        <span class="close-info" aria-label="Last close">
          Last close: {s.lastClose.code} {close.name}
          {s.lastClose.reason ? ` "${s.lastClose.reason}"` : ''}
          {s.lastClose.byUser ? ' (by you)' : s.lastClose.wasClean ? ' (by the server)' : ' (connection lost)'} — {close.meaning}
        </span>
      )}
    </section>
  );
}
