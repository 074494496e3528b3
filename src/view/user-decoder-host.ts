/**
 * The panel's side of the user's own decoders: a hidden iframe of the sandboxed page
 * (`src/sandbox/user-decoder.html`) that runs them, the results per frame, and the decodings it
 * keeps up to date. Results come asynchronously: every connection decoded with "Your decoder" is
 * decoded again when a batch arrives or a site's decoder changes. Chrome only (Firefox has no
 * sandboxed extension pages: `userDecodersSupported`).
 */
import type { Browser } from 'webextension-polyfill';
import type { SessionStore } from '../core/session-store';
import type { ConnectionInfo, DecodeInput } from '../core/decoders';
import { setUserDecodeSource, type UserDecodeResult, type UserDecodeSource } from '../core/decoders/user';
import { parseUserDecoders, decoderSiteOf, USER_DECODERS_KEY, type UserDecoders } from '../core/user-decoders';
import type { UserDecodeAnswer, UserDecodeFrame, UserDecodeRequest } from '../core/protocol';
/** What the host keeps up to date (a PanelDecoding; its type is not imported, to keep the modules acyclic). */
interface UserDecoded {
  invalidateUser(): boolean;
}

/** False in Firefox (no `sandbox` manifest key, so no page where eval is allowed) and outside the extension. */
export function userDecodersSupported(): boolean {
  return typeof location !== 'undefined' && location.protocol === 'chrome-extension:';
}

class UserDecoderHost implements UserDecodeSource {
  private codes: UserDecoders = {};
  private readonly results = new Map<string, UserDecodeResult>();
  private readonly asked = new Set<string>();
  private pending = new Map<string, UserDecodeFrame[]>();
  private readonly inFlight = new Map<number, { site: string; code: string }>();
  private frame: HTMLIFrameElement | null = null;
  private ready: Promise<void> | null = null;
  private nextReq = 1;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly browser: Browser,
    private readonly changed: () => void,
  ) {
    addEventListener('message', (e) => this.answer(e));
  }

  setCodes(codes: UserDecoders): void {
    for (const site of new Set([...Object.keys(codes), ...Object.keys(this.codes)])) {
      if (codes[site] === this.codes[site]) continue;
      for (const k of [...this.results.keys(), ...this.asked]) {
        if (k.startsWith(`${site}\u0000`)) {
          this.results.delete(k);
          this.asked.delete(k);
        }
      }
    }
    this.codes = codes;
    this.changed();
  }

  get(info: ConnectionInfo, frame: DecodeInput): UserDecodeResult | undefined {
    const site = decoderSiteOf(info.url);
    if (this.codes[site] === undefined) return { ok: false, error: `no decoder of yours for ${site || 'this connection'}: write one in Settings` };
    return this.results.get(`${site}\u0000${frame.id}`);
  }

  request(info: ConnectionInfo, frame: DecodeInput): void {
    const site = decoderSiteOf(info.url);
    const key = `${site}\u0000${frame.id}`;
    if (this.asked.has(key)) return;
    this.asked.add(key);
    const list = this.pending.get(site) ?? [];
    list.push({ id: frame.id, payload: frame.data, conn: { url: info.url ?? '', protocol: info.protocol ?? '' } });
    this.pending.set(site, list);
    this.flushTimer ??= setTimeout(() => void this.flush(), 0);
  }

  private sandbox(): Promise<void> {
    if (this.ready) return this.ready;
    const f = document.createElement('iframe');
    f.hidden = true;
    f.title = 'Your decoders (sandbox)';
    f.src = this.browser.runtime.getURL('src/sandbox/user-decoder.html');
    this.frame = f;
    this.ready = new Promise((resolve) => {
      const onReady = (e: MessageEvent) => {
        if (e.source === f.contentWindow && (e.data as UserDecodeAnswer | null)?.type === 'wslens-user-decode-ready') {
          removeEventListener('message', onReady);
          resolve();
        }
      };
      addEventListener('message', onReady);
    });
    document.body.append(f);
    return this.ready;
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const batches = this.pending;
    this.pending = new Map();
    await this.sandbox();
    for (const [site, frames] of batches) {
      const code = this.codes[site];
      if (code === undefined) continue;
      const req = this.nextReq++;
      this.inFlight.set(req, { site, code });
      const msg: UserDecodeRequest = { type: 'wslens-user-decode', req, code, frames };
      // The sandbox has an opaque origin: '*' is the only target it matches.
      this.frame!.contentWindow!.postMessage(msg, '*');
    }
  }

  private answer(e: MessageEvent): void {
    if (!this.frame || e.source !== this.frame.contentWindow) return;
    const a = e.data as UserDecodeAnswer | null;
    if (a?.type !== 'wslens-user-decode-result') return;
    const sent = this.inFlight.get(a.req);
    if (!sent) return;
    this.inFlight.delete(a.req);
    if (this.codes[sent.site] !== sent.code) return; // the decoder changed meanwhile: these results are stale
    for (const r of a.results) this.results.set(`${sent.site}\u0000${r.id}`, r.ok ? { ok: true, name: r.name, value: r.value } : { ok: false, error: r.error });
    this.changed();
  }
}

let started = false;
const watched = new Set<{ store: SessionStore; decoding: UserDecoded }>();

/** Keeps a store's decoding up to date with the user's decoders (once per store; Chrome only). */
export function watchUserDecoders(store: SessionStore, decoding: UserDecoded): void {
  if (!userDecodersSupported()) return;
  watched.add({ store, decoding });
  if (started) return;
  started = true;
  // The extension API is loaded only here (decoding.ts, which calls this, is also used in unit tests).
  void import('webextension-polyfill').then(({ default: browser }) => {
    const h = new UserDecoderHost(browser, () => {
      for (const w of watched) if (w.decoding.invalidateUser()) w.store.view.refresh();
    });
    setUserDecodeSource(h);
    const read = (raw: unknown) => h.setCodes(parseUserDecoders(raw));
    browser.storage.local.get(USER_DECODERS_KEY).then((r) => read(r[USER_DECODERS_KEY]), () => read(undefined));
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && USER_DECODERS_KEY in changes) read(changes[USER_DECODERS_KEY]!.newValue);
    });
  });
}
