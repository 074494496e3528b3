/**
 * Acting on the selected live connection: compose and send a message (or one filled in from a
 * captured frame by "Edit and resend"), deliver a message to the page as if the server had sent it,
 * and close the connection with a chosen code and reason. Results and refusals are said plainly;
 * nothing here changes the log except what really happens on the socket.
 */
import { useContext, useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Connection } from '../core/rows';
import { encodeDraft } from '../core/message-draft';
import { describeCloseCode } from '../core/close-codes';
import { utf8Length } from '../core/codec';
import { formatBytes } from '../core/format';
import { ActionsContext, type SharedDraft } from './actions';
import type { CommandResult } from './actions';
import { Composer } from './Composer';
import { ProtobufEncodeToggle, useProtobufEncoding } from './ProtobufCompose';

function useSharedDraft(shared: SharedDraft | undefined): ReturnType<SharedDraft['get']> | null {
  const [, setVersion] = useState(0);
  useEffect(() => shared?.subscribe(() => setVersion((v) => v + 1)), [shared]);
  return shared ? shared.get() : null;
}

export interface ActStatus {
  ok: boolean;
  text: string;
}

function describePayload(data: string | Uint8Array): string {
  return typeof data === 'string' ? `${formatBytes(utf8Length(data))} of text` : `${formatBytes(data.length)} of binary`;
}

export function ActPanel({ conn }: { conn: Connection }) {
  const actions = useContext(ActionsContext);
  const shared = useSharedDraft(actions?.draft);
  const [status, setStatus] = useState<ActStatus | null>(null);
  const [code, setCode] = useState('1000');
  const [reason, setReason] = useState('');
  // Folded to one line by default (the frames need the room); "Edit and resend" unfolds it.
  const [open, setOpen] = useState(false);
  const pb = useProtobufEncoding(conn.url);
  const version = shared?.version ?? 0;
  const draftConn = shared?.connKey ?? null;
  // A layout effect, so the unfolding lands in the same commit as the new draft: no paint (and no
  // click) ever sees the old, folded state after "Edit and resend".
  useLayoutEffect(() => {
    if (version > 0 && draftConn === conn.key) setOpen(true);
  }, [version, draftConn, conn.key]);
  if (actions === null || shared === null) return null;

  const report = (done: string, r: CommandResult) =>
    setStatus(r.ok ? { ok: true, text: done } : { ok: false, text: r.error ?? 'The page refused.' });
  const blocked =
    conn.state === 'open'
      ? null
      : `Connection #${conn.index} is ${conn.state === 'connecting' ? 'still connecting' : conn.state}: nothing can be sent on it.`;

  const send = (typed: string | Uint8Array): boolean | void => {
    const pbEnc = pb.encode(typed, 'sent', shared.draft.mode === 'json' ? shared.draft.protobuf : undefined);
    if (!pbEnc.ok) {
      setStatus({ ok: false, text: pbEnc.error });
      return false;
    }
    const data = pbEnc.data;
    void actions.send(conn.key, data, 'composed').then((r) => report(`Sent ${describePayload(data)} on #${conn.index}.`, r));
  };
  const simulate = () => {
    if (blocked) return setStatus({ ok: false, text: blocked });
    const enc = encodeDraft(shared.draft);
    if (!enc.ok) return setStatus({ ok: false, text: enc.error });
    const pbEnc = pb.encode(enc.data, 'received', shared.draft.mode === 'json' ? shared.draft.protobuf : undefined);
    if (!pbEnc.ok) return setStatus({ ok: false, text: pbEnc.error });
    void actions
      .simulate(conn.key, pbEnc.data)
      .then((r) => report(`Delivered ${describePayload(pbEnc.data)} to the page as if received on #${conn.index}.`, r));
  };
  const close = (e: Event) => {
    e.preventDefault();
    const err = closeInputError(code, reason);
    if (err) return setStatus({ ok: false, text: err });
    const n = code.trim() === '' ? undefined : Number(code);
    void actions
      .close(conn.key, n, n === undefined ? undefined : reason)
      .then((r) => report(`Asked the page's socket #${conn.index} to close${n ? ` with ${n}` : ''}.`, r));
  };

  return (
    <section class={`act ${open ? 'open' : ''}`} aria-label="Act on this connection">
      <button type="button" class="act-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} Send, simulate or close on #{conn.index}
      </button>
      {open && (
        <>
          {blocked && (
            <p class="note warn" role="note">
              {blocked}
            </p>
          )}
          {/* On a connection that is not open, every control is disabled: the note above says why, once. */}
          <fieldset class="act-fields" disabled={blocked !== null} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Composer
              draft={shared.draft}
              onDraftChange={(d) => actions.draft.set(d, conn.key)}
              onSend={send}
              blocked={blocked}
              label="Message to send"
            >
              <button type="button" onClick={simulate} title="Deliver this message to the page as if the server had sent it">
                Simulate incoming
              </button>
              <ProtobufEncodeToggle pb={pb} target={shared.draft.mode === 'json' ? shared.draft.protobuf : undefined} />
            </Composer>
            <form class="act-close" onSubmit={close} aria-label="Close this connection">
              <label>
                Close code <input value={code} size={5} inputMode="numeric" onInput={(e) => setCode(e.currentTarget.value)} />
              </label>
              <label>
                Reason <input value={reason} size={18} onInput={(e) => setReason(e.currentTarget.value)} />
              </label>
              <button type="submit">Close connection</button>
            </form>
          </fieldset>
          {status && (
            <p class={`note ${status.ok ? '' : 'warn'}`} role={status.ok ? 'status' : 'alert'}>
              {status.text}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** What a page may pass to close(): nothing, or 1000 / 3000–4999 with a reason of ≤ 123 UTF-8 bytes. */
export function closeInputError(code: string, reason: string): string | null {
  const t = code.trim();
  if (t === '') return reason === '' ? null : 'A close reason needs a close code.';
  if (!/^\d+$/.test(t)) return `"${t}" is not a close code: use 1000, or 3000–4999.`;
  const info = describeCloseCode(Number(t));
  if (!info.sendable) return `${t} (${info.name}) cannot be sent by a page: use 1000, or 3000–4999.`;
  if (utf8Length(reason) > 123) return `The reason is ${utf8Length(reason)} bytes of UTF-8; at most 123 are allowed.`;
  return null;
}
