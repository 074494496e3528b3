/**
 * The selected frame: a header (direction, time, size, type, sequence) and views of its payload.
 * Text frames: Text and, when the text parses, a JSON tree. Binary frames: Hex (offset, hex,
 * ASCII; virtualised), Base64 and UTF-8 (with where the bytes stop being valid UTF-8).
 */
import { useContext, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ActionsContext, draftFromFrame } from './actions';
import type { CommandResult, SchemaJson } from './actions';
import type { Connection, ViewFrame } from '../core/rows';
import { bytesToBase64, decodeUtf8, utf8Length } from '../core/codec';
import { hexColumnWidth, hexDump, hexDumpRows } from '../core/hexdump';
import { useWidth } from './use-width';
import { formatBytes, formatClock, formatRelative, frameTypeText } from '../core/format';
import { JsonTree, tryParseJson } from './JsonTree';
import { copyText } from './copy';
import { useVirtualizer } from './use-virtualizer';
import type { ComponentChildren } from 'preact';
import { DecodedView, PairingStrip } from './DecodedView';
import { formatLatency } from './FrameRows';
import { FAULT_DROP_NOTE } from '../core/faults';
import type { DecodedFrame, Exchange } from './decoding';

/** Text beyond this is shown on request, page by page: a 16 MB <pre> would freeze the panel. */
const TEXT_PAGE = 256 * 1024;
const HEX_ROW = 16;

type View = 'decoded' | 'text' | 'json' | 'hex' | 'base64' | 'utf8';

/** What the protocol decoders say about the frame (absent: no decoding). */
export interface FrameDecoding {
  /** The frame's row id (for pairing). */
  rowId: number;
  /** The decoded frame, null when the connection is shown raw. */
  frame: DecodedFrame | null;
  /** Name of the decoder in use. */
  protocolName: string;
  /** Exchanges the frame takes part in. */
  exchanges: Exchange[];
  /** Time since the previous frame of the connection (ms), null for its first frame. */
  gap: number | null;
  /** Selects another frame (a request's response, a response's request). */
  onGoTo(rowId: number): void;
  /** The frame as its Protobuf type reads it, when decoded with a schema (the composer opens that). */
  schemaJson?(): SchemaJson | null;
}

export function FrameDetail({
  rec,
  conn,
  onClose,
  onEdit,
  decoding,
  highlight,
}: {
  rec: ViewFrame;
  conn: Connection | undefined;
  /** Shows a close button in the header; absent when the container has its own (the panel's pane). */
  onClose?(): void;
  onEdit?(connKey: string): void;
  decoding?: FrameDecoding;
  /** Marks the filter's matches in the Text view. */
  highlight?: ((text: string) => ComponentChildren) | null;
}) {
  const actions = useContext(ActionsContext);
  const [actStatus, setActStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const act = (done: string, p: Promise<CommandResult>) => {
    setActStatus(null);
    void p.then((r) => setActStatus(r.ok ? { ok: true, text: done } : { ok: false, text: r.error ?? 'The page refused.' }));
  };
  /** This frame in its connection's composer (Edit and resend; Send to server as if from page). */
  const openInComposer = () => {
    if (actions === null || conn === undefined) return; // the buttons show only with both
    actions.draft.set(draftFromFrame(rec, decoding?.schemaJson?.()), conn.key);
    onEdit?.(conn.key);
  };
  const json = useMemo(() => (rec.opcode === 'text' ? tryParseJson(rec.data) : null), [rec]);
  const raw: View[] = rec.opcode === 'text' ? (json?.ok ? ['json', 'text'] : ['text']) : ['hex', 'base64', 'utf8'];
  const decoded = decoding?.frame ?? null;
  const decodedOk = decoded !== null && decoded.error === undefined;
  // A protocol's decoding comes first; plain JSON's after the raw views when the JSON tab shows it
  // already (not so for a compressed payload's JSON).
  const views: View[] = !decodedOk ? raw : decoded.protocol === 'json' && json?.ok ? [...raw, 'decoded'] : ['decoded', ...raw];
  const [chosen, setChosen] = useState<View | null>(null);
  const view = chosen !== null && views.includes(chosen) ? chosen : views[0];
  const [copied, setCopied] = useState('');
  const since = conn ? rec.time - (conn.openedAt ?? conn.createdAt) : 0;

  const copy = async (what: string, text: () => string) => {
    const ok = await copyText(text());
    setCopied(ok ? `Copied ${what}` : `Could not copy ${what}`);
    setTimeout(() => setCopied(''), 1500);
  };

  return (
    <section class="detail" aria-label="Frame detail">
      <header class="detail-head">
        <strong>{rec.dir === 'sent' ? '↑ Sent' : '↓ Received'}</strong>
        <span>{formatClock(rec.time)}</span>
        <span>{formatRelative(since)} since open</span>
        <span>
          {formatBytes(rec.size)} ({rec.size.toLocaleString('en-US')} bytes)
        </span>
        <span>{frameTypeText(rec)}</span>
        <span>seq {rec.seq}</span>
        {decoding && decoding.gap !== null && (
          <span title="Time since the previous frame of this connection">+{formatLatency(decoding.gap)} after the previous frame</span>
        )}
        {rec.mark && <span class="mark">{rec.mark}</span>}
        {onClose && (
          <button type="button" class="icon" aria-label="Close detail" onClick={onClose}>
            ✕
          </button>
        )}
      </header>
      {rec.truncated && (
        <p class="note warn" role="note">
          Truncated: this frame is {formatBytes(rec.size)}; only its first{' '}
          {formatBytes(rec.opcode === 'text' ? utf8Length(rec.data) : rec.data.length)} were kept (per-frame cap).
        </p>
      )}
      {rec.mark === 'blocked' && (
        <p class="note warn" role="note">
          Blocked by a rule: this frame never reached {rec.dir === 'sent' ? 'the server' : "the page's handlers"}.
        </p>
      )}
      {rec.mark === 'dropped' && (
        <p class="note warn" role="note">
          {rec.opcode === 'text' && rec.note === FAULT_DROP_NOTE ? 'Dropped by a fault (its drop rate)' : 'Dropped while a breakpoint held it (from the panel, or because its socket closed)'}: it
          never reached {rec.dir === 'sent' ? 'the server' : "the page's handlers"}. Its time is when it arrived.
        </p>
      )}
      {rec.mark === 'mocked' && (
        <p class="note" role="note">
          Sent by an auto-response rule, not by the server.
        </p>
      )}
      {rec.mark === 'answered' && (
        <p class="note" role="note">
          Answered by an auto-response rule: this frame never reached the server.
        </p>
      )}
      {rec.opcode === 'text' && rec.note !== undefined && rec.note !== FAULT_DROP_NOTE && (
        <p class="note" role="note" aria-label={rec.mark === 'delayed' || rec.note.startsWith('Held by a fault') ? 'Fault' : 'Auto-response'}>
          {rec.note}
        </p>
      )}
      {rec.opcode === 'text' && rec.original !== undefined && (
        <div class="note" role="note" aria-label="Original frame">
          Rewritten by a rule. The original:
          <pre class="payload">{rec.original}</pre>
        </div>
      )}
      {actions && conn && (
        <div class="frame-actions" role="group" aria-label="Frame actions">
          {rec.dir === 'received' ? (
            <>
              {/* A received frame is the server's: delivering it to the page again is what people
                  mean; sending it to the server is a deliberate step, through the composer. */}
              <button
                type="button"
                class="primary"
                onClick={() => act(`Delivered to the page again on #${conn.index}.`, actions.simulate(conn.key, rec.data))}
                title="Deliver this message to the page again, as if the server had sent it"
              >
                Simulate again
              </button>
              <button
                type="button"
                onClick={openInComposer}
                title="Open this received message in the composer, to send it to the server as if the page had sent it"
              >
                Send to server as if from page…
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                onClick={() => act(`Replayed into #${conn.index}.`, actions.replay(conn.key, rec))}
                title="Send this frame again, as it was, into its live connection"
              >
                Replay
              </button>
              <button
                type="button"
                onClick={openInComposer}
                title="Open this frame in the composer of its connection"
              >
                Edit and resend
              </button>
            </>
          )}
          {actStatus && (
            <span class={actStatus.ok ? '' : 'warn'} role={actStatus.ok ? 'status' : 'alert'}>
              {actStatus.text}
            </span>
          )}
        </div>
      )}
      {decoded !== null && decoded.error !== undefined && (
        <p class="note warn" role="note" aria-label="Decoder note">
          {decoding?.protocolName}: shown raw: {decoded.error}
        </p>
      )}
      {decoding && decodedOk && <PairingStrip rowId={decoding.rowId} exchanges={decoding.exchanges} onGoTo={decoding.onGoTo} />}
      <div class="tabs" role="tablist" aria-label="Payload view">
        {views.map((v) => (
          <button type="button" role="tab" aria-selected={v === view} class={v === view ? 'active' : ''} onClick={() => setChosen(v)}>
            {VIEW_LABEL[v]}
          </button>
        ))}
        <span class="spacer" />
        {rec.opcode === 'text' ? (
          <>
            <button type="button" onClick={() => copy('text', () => rec.data)}>
              Copy text
            </button>
            {json?.ok && (
              <button type="button" onClick={() => copy('JSON', () => JSON.stringify(json.value, null, 2))}>
                Copy JSON
              </button>
            )}
          </>
        ) : (
          <>
            <button type="button" onClick={() => copy('hex', () => hexDump(rec.data))}>
              Copy hex
            </button>
            <button type="button" onClick={() => copy('Base64', () => bytesToBase64(rec.data))}>
              Copy Base64
            </button>
          </>
        )}
        <span class="copied" role="status">
          {copied}
        </span>
      </div>
      <div class="detail-body" role="tabpanel" aria-label={VIEW_LABEL[view]}>
        {view === 'decoded' && decodedOk && decoding && (
          <DecodedView decoded={decoded} protocolName={decoding.protocolName} onGoTo={decoding.onGoTo} />
        )}
        {view === 'json' && json?.ok && <JsonTree value={json.value} />}
        {view === 'text' && rec.opcode === 'text' && (
          <PagedText text={rec.data} note={json && !json.ok ? `Not valid JSON: ${json.error}` : null} highlight={highlight} />
        )}
        {view === 'hex' && rec.opcode === 'binary' && <HexView bytes={rec.data} />}
        {view === 'base64' && rec.opcode === 'binary' && <PagedText text={bytesToBase64(rec.data)} note={null} />}
        {view === 'utf8' && rec.opcode === 'binary' && <Utf8View bytes={rec.data} />}
      </div>
    </section>
  );
}

const VIEW_LABEL: Record<View, string> = { decoded: 'Decoded', text: 'Text', json: 'JSON', hex: 'Hex', base64: 'Base64', utf8: 'UTF-8' };

function PagedText({
  text,
  note,
  highlight,
}: {
  text: string;
  note: string | null;
  highlight?: ((text: string) => ComponentChildren) | null;
}) {
  const [limit, setLimit] = useState(TEXT_PAGE);
  return (
    <div>
      {note && (
        <p class="note" role="note">
          {note}
        </p>
      )}
      <pre class="payload">
        {highlight ? highlight(text.length > limit ? text.slice(0, limit) : text) : text.length > limit ? text.slice(0, limit) : text}
      </pre>
      {text.length > limit && (
        <button type="button" onClick={() => setLimit(limit + TEXT_PAGE * 4)}>
          Show more ({(text.length - limit).toLocaleString('en-US')} characters not shown)
        </button>
      )}
    </div>
  );
}

function Utf8View({ bytes }: { bytes: Uint8Array }) {
  const d = useMemo(() => decodeUtf8(bytes), [bytes]);
  return (
    <PagedText
      text={d.text}
      note={
        d.valid
          ? 'Valid UTF-8.'
          : `Not valid UTF-8: the first invalid byte is at offset ${d.firstInvalidOffset} (0x${d.firstInvalidOffset.toString(16)}); invalid sequences are shown as U+FFFD.`
      }
    />
  );
}

/**
 * Bytes per hex dump line for a pane `width` px wide whose monospace digits are `charWidth` px:
 * 16, else 8, else 4, the most whose whole line (offset, hex, text) fits without scrolling sideways.
 */
export function hexBytesPerLine(width: number | null, charWidth: number): number {
  if (width === null || !(charWidth > 0)) return HEX_ROW;
  for (const n of [16, 8]) if ((8 + hexColumnWidth(n) + n) * charWidth + HEX_CHROME <= width) return n;
  return 4;
}
/** The dump's padding (left, right), the row's indent and the two gaps between its three parts (view.css `.hex`, `.hex-row`). */
const HEX_CHROME = 8 + 8 + 16 + 16 + 8;

function HexView({ bytes }: { bytes: Uint8Array }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const [charWidth, setCharWidth] = useState(0);
  useLayoutEffect(() => {
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(32);
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
    ref.current?.appendChild(probe);
    setCharWidth(probe.getBoundingClientRect().width / 32);
    probe.remove();
  }, []);
  const perLine = hexBytesPerLine(width, charWidth);
  const rows = Math.ceil(bytes.length / perLine);
  const v = useVirtualizer({ count: rows, estimateSize: () => 18, getScrollElement: () => ref.current, overscan: 20 });
  const items = v.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  const dump = hexDumpRows(bytes, first, items.length, perLine);
  return (
    <div class="hex" ref={ref} role="table" aria-label="Hex dump" aria-rowcount={rows}>
      {bytes.length === 0 && <p class="note">Empty payload (0 bytes).</p>}
      <div style={{ height: `${v.getTotalSize()}px`, position: 'relative' }}>
        {items.map((item, i) => {
          const r = dump[i];
          return r === undefined ? null : (
            <div
              key={item.index}
              class="hex-row"
              role="row"
              aria-rowindex={item.index + 1}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <span role="cell" class="hex-off">
                {r.offset}
              </span>
              <span role="cell" class="hex-bytes">
                {r.hex}
              </span>
              <span role="cell" class="hex-ascii">
                {r.ascii}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
