/**
 * The selected connection, as tabs of the inspector pane (SessionView): Connection (URL, page,
 * subprotocol, decoder, handshake, rates, close, and the actions: open in the test client, copy as
 * HAR, copy as Playwright test or command line), Chart (its rates over time) and Initiator (the stack that opened it).
 */
import { useContext, useState } from 'preact/hooks';
import type { SessionStore } from '../core/session-store';
import type { Connection, FrameRow, ViewFrame } from '../core/rows';
import { formatBytes, formatDuration, formatRate } from '../core/format';
import { describeCloseCode } from '../core/close-codes';
import { testClientPath } from './open-in-client';
import { openExtensionTab } from '../platform/open-tab';
import { copyText } from './copy';
import { connectionAsHarEntry } from '../core/formats/har/write';
import { RateChart } from './RateChart';
import { CopyAsDialog, type CopyAsKind } from './CopyAsDialog';
import { HandshakeView } from './HandshakeView';
import { ActionsContext } from './actions';
import { failureReason } from '../core/handshake';
import { decoderName, DECODER_OPTIONS, type DecoderChoice, type PanelDecoding } from './decoding';

export function ConnectionChart({ c, store, now }: { c: Connection; store: SessionStore; now: number }) {
  return (
    <section class="conn-chart" aria-label="Connection chart">
      <RateChart conn={c} store={store} now={now} />
    </section>
  );
}

export function ConnectionInitiator({ c }: { c: Connection }) {
  return (
    <section class="conn-initiator" aria-label="Initiator">
      {c.initiator ? (
        <pre class="initiator">{c.initiator.trim()}</pre>
      ) : (
        <p class="empty">No stack was recorded for the script that opened #{c.index}.</p>
      )}
    </section>
  );
}

const WORKER_KIND = { dedicated: 'dedicated worker', shared: 'shared worker', service: 'service worker' } as const;

export function ConnectionDetails({ c, now, store, decoding }: { c: Connection; now: number; store: SessionStore; decoding: PanelDecoding }) {
  const start = c.openedAt ?? c.createdAt;
  const lifetime = Math.max(0, (c.closedAt ?? now) - start);
  const close = c.close ? describeCloseCode(c.close.code) : null;
  const [copied, setCopied] = useState('');
  const [withSent, setWithSent] = useState(true);
  const [copyAs, setCopyAs] = useState<{ kind: CopyAsKind; frames: ViewFrame[] } | null>(null);
  const live = useContext(ActionsContext) !== null;
  const failure = c.handshake !== undefined ? failureReason(c.handshake) : null;
  const connFrames = () => store.rows.filter((r): r is FrameRow => r.kind === 'frame' && r.connKey === c.key);
  const openInClient = () => {
    const frames = connFrames();
    void openExtensionTab(testClientPath(c, frames, withSent));
  };
  const copyHar = async () => {
    const frames = connFrames();
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
        <button type="button" aria-haspopup="dialog" onClick={() => setCopyAs({ kind: 'playwright', frames: connFrames().map((r) => r.rec) })}>
          Copy as Playwright test
        </button>
        <button type="button" aria-haspopup="dialog" onClick={() => setCopyAs({ kind: 'command', frames: connFrames().map((r) => r.rec) })}>
          Copy as command line
        </button>
        <span class="copied" role="status" aria-label="Copy status">
          {copied}
        </span>
      </div>
      {copyAs !== null && <CopyAsDialog kind={copyAs.kind} c={{ ...c }} frames={copyAs.frames} onClose={() => setCopyAs(null)} />}
      <dl>
        <dt>URL</dt>
        <dd>{c.url}</dd>
        {c.worker !== undefined ? (
          <>
            <dt>Worker</dt>
            <dd aria-label="Worker">
              {WORKER_KIND[c.worker.kind]} {c.worker.url}
            </dd>
          </>
        ) : (
          <>
            <dt>Page</dt>
            <dd>{c.frameUrl}</dd>
          </>
        )}
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
        {failure !== null && (
          <>
            <dt>Failed</dt>
            <dd>{failure}</dd>
          </>
        )}
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
      </dl>
      <HandshakeView c={c} live={live} />
    </section>
  );
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
