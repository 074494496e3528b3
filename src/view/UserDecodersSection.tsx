/**
 * Settings: the user's own decoders, one per site (the WebSocket server's host). A decoder is a
 * JavaScript function `(payload, conn) => ({ name, value })`, run in a sandboxed page with no
 * extension API and a time budget per frame; pick "Your decoder (this site)" as a connection's
 * decoder to use it. Firefox has no sandboxed extension pages: there the section says so.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { parseUserDecoders, USER_DECODER_EXAMPLE, USER_DECODERS_KEY, type UserDecoders } from '../core/user-decoders';
import { USER_DECODER_BUDGET_MS } from '../core/protocol';
import { userDecodersSupported } from './user-decoder-host';

export function UserDecodersSection({ sites }: { sites: readonly string[] }) {
  const supported = userDecodersSupported();
  const [saved, setSaved] = useState<UserDecoders>({});
  const [site, setSite] = useState(sites[0] ?? '');
  const [code, setCode] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    if (!supported) return;
    browser.storage.local
      .get(USER_DECODERS_KEY)
      .then((r) => {
        const all = parseUserDecoders(r[USER_DECODERS_KEY]);
        setSaved(all);
        setCode(all[site] ?? USER_DECODER_EXAMPLE);
      })
      .catch((e: unknown) => setStatus(`Could not read your decoders: ${String(e)}`));
    // Read once when the dialog opens; the site field then picks among what was read.
  }, []);

  if (!supported) {
    return (
      <section class="user-decoders" aria-labelledby="user-decoders-title">
        <h3 id="user-decoders-title">Your decoders</h3>
        <p role="note">Your own decoders need Chrome: Firefox has no sandboxed extension pages where they could run apart from the extension.</p>
      </section>
    );
  }

  const store = async (next: UserDecoders, done: string) => {
    try {
      const r = await browser.storage.local.get(USER_DECODERS_KEY);
      const all = { ...parseUserDecoders(r[USER_DECODERS_KEY]), ...next };
      for (const k of Object.keys(all)) if (!all[k]) delete all[k];
      await browser.storage.local.set({ [USER_DECODERS_KEY]: all });
      setSaved(all);
      setStatus(done);
    } catch (err) {
      setStatus(`Could not save: ${String(err)}`);
    }
  };

  return (
    <section class="user-decoders" aria-labelledby="user-decoders-title">
      <h3 id="user-decoders-title">Your decoders</h3>
      <p>
        A function <code>(payload, conn) =&gt; ({'{'} name, value {'}'})</code> per site, run apart from the extension with {USER_DECODER_BUDGET_MS} ms per frame.
        Pick “Your decoder (this site)” as a connection’s decoder to use it.
      </p>
      <div class="field">
        <label for="user-decoder-site">Site (WebSocket host)</label>
        <input
          id="user-decoder-site"
          list="user-decoder-sites"
          value={site}
          onInput={(e) => {
            const s = e.currentTarget.value.trim();
            setSite(s);
            if (saved[s] !== undefined) setCode(saved[s]);
          }}
        />
        <datalist id="user-decoder-sites">
          {[...new Set([...sites, ...Object.keys(saved)])].map((s) => (
            <option value={s} />
          ))}
        </datalist>
      </div>
      <div class="field">
        <label for="user-decoder-code">Decoder (JavaScript)</label>
        <textarea id="user-decoder-code" rows={8} wrap="off" spellcheck={false} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
      </div>
      <p role="status" class="status-line">{status}</p>
      <div class="buttons">
        <button type="button" disabled={!site || saved[site] === undefined} onClick={() => void store({ [site]: '' }, `Removed the decoder of ${site}.`)}>
          Remove decoder
        </button>
        <span class="spacer" />
        <button type="button" disabled={!site || !code.trim()} onClick={() => void store({ [site]: code }, `Saved the decoder of ${site}.`)}>
          Save decoder
        </button>
      </div>
    </section>
  );
}
