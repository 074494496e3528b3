/**
 * "Copy as Playwright test" and "Copy as command line" (websocat, wscat): the code written from a
 * connection's frames (src/core/playwright-test.ts, src/core/command-line.ts), shown read-only in
 * a dialog with a Copy button, the generator's notes (what was left out, the cap) above it, or the
 * reason no code is written. The frames are taken when the dialog opens: a live connection's later
 * frames do not change what is shown.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Connection, ViewFrame } from '../core/rows';
import { playwrightTest, MAX_TEST_FRAMES } from '../core/playwright-test';
import { websocatCommand, wscatCommand } from '../core/command-line';
import { copyText } from './copy';

export type CopyAsKind = 'playwright' | 'command';
type Tool = 'websocat' | 'wscat';

export function CopyAsDialog({ kind, c, frames, onClose }: { kind: CopyAsKind; c: Connection; frames: readonly ViewFrame[]; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [tool, setTool] = useState<Tool>('websocat');
  const [status, setStatus] = useState('');
  const code = useRef<HTMLTextAreaElement>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const generated = useMemo(
    () => (kind === 'playwright' ? playwrightTest(c, frames) : tool === 'websocat' ? websocatCommand(c, frames) : wscatCommand(c, frames)),
    [kind, tool, c, frames],
  );
  useEffect(() => {
    ref.current?.showModal();
    // Focus on Copy (Close when there is nothing to copy), not on the code: a focused textarea
    // would show its end rather than the file's first lines.
    (generated.ok ? copyButton : closeButton).current?.focus();
    // Once, when the dialog opens.
  }, []);
  useEffect(() => {
    if (code.current) code.current.scrollTop = 0;
  }, [generated]);
  const codeName = kind === 'playwright' ? 'Playwright test' : `${tool} command`;
  const copy = async () => {
    if (!generated.ok) return;
    const ok = await copyText(generated.text);
    setStatus(ok ? `Copied the ${codeName}.` : `Could not copy the ${codeName}: select the text and copy it yourself.`);
  };
  return (
    <dialog ref={ref} class="settings copy-as" aria-labelledby="copy-as-title" onClose={onClose}>
      <h2 id="copy-as-title">{kind === 'playwright' ? `Playwright test of #${c.index}` : `Command line for #${c.index}`}</h2>
      <p>
        {kind === 'playwright'
          ? `A test that answers the page's socket with the recorded server side (page.routeWebSocket, no network) and checks that the page sends the recorded frames in order. At most ${MAX_TEST_FRAMES.toLocaleString('en-US')} frames are written.`
          : 'A command that connects to the real server with the same URL and subprotocols and sends the recorded sent text frames.'}
      </p>
      {kind === 'command' && (
        <div class="copy-as-tools" role="radiogroup" aria-label="Tool">
          {(['websocat', 'wscat'] as const).map((t) => (
            <label>
              <input
                type="radio"
                name="copy-as-tool"
                aria-label={t}
                checked={tool === t}
                onChange={() => {
                  setTool(t);
                  setStatus('');
                }}
              />{' '}
              {t}
            </label>
          ))}
        </div>
      )}
      {generated.ok ? (
        <>
          {generated.notes.length > 0 && (
            <ul class="copy-as-notes" aria-label="Notes">
              {generated.notes.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          )}
          <textarea
            ref={code}
            class="copy-as-code"
            aria-label={codeName}
            readOnly
            spellcheck={false}
            wrap="off"
            rows={kind === 'playwright' ? 18 : 4}
            value={generated.text}
          />
        </>
      ) : (
        <p class="copy-as-refused" role="alert">
          {generated.message}
        </p>
      )}
      <p role="status" class="status-line" aria-label="Copy status">
        {status}
      </p>
      <div class="buttons">
        <span class="spacer" />
        <button type="button" ref={closeButton} onClick={() => ref.current?.close()}>
          Close
        </button>
        <button type="button" ref={copyButton} class="primary" disabled={!generated.ok} onClick={() => void copy()}>
          Copy
        </button>
      </div>
    </dialog>
  );
}
