/**
 * The standalone WebSocket test client: the toolbar popup (manifest `action.default_popup`) and,
 * with "Open in tab", a tab of its own (`client.html?tab=1`) for connections that must outlive the
 * popup.
 *
 * Query parameters (all optional) prefill the page; the panel's "Open in test client" uses them:
 *
 *   client.html?url=<ws(s) URL>&protocols=<a,b>&saved=<JSON>&connect=1&tab=1
 *
 *   url        the URL field (the stored URL otherwise)
 *   protocols  the subprotocols field, comma-separated
 *   saved      messages to add to the saved messages: a JSON array of {name, data, binary?};
 *              `data` is the text of a text message, or the Base64 of a binary one when
 *              `binary: true`. Added once (an entry with the same name and data is not added
 *              twice), kept in storage.local like any saved message. URL-encode the JSON
 *              (URLSearchParams does). Keep it small: a URL of more than ~2 MB is refused by Chrome.
 *   connect=1  connect at once
 *   tab=1      running in a tab (hides "Open in tab")
 *
 * `clientQuery()` in src/core/client-query.ts builds this query string (and keeps it to a sane length).
 *
 * Everything the user sets is kept in storage.local (keys in form-state.ts): the form (URL,
 * history, subprotocols, draft, options), the saved messages and the log (last 1,000 frames), so
 * that closing the popup loses nothing but the live socket itself.
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { preferredTheme } from '../platform/inspected-tab';
import { parseSavedParam, parseStoredSaved, type SavedMessage } from '../core/message-draft';
import { ClientLog } from './client-log';
import { ClientConnection, browserDeps } from './connection';
import { ClientApp } from './ClientApp';
import { newId } from './ids';
import { FORM_KEY, LOG_KEY, SAVED_KEY, parseForm, type FormState } from './form-state';
import { parsePrefill } from '../core/client-query';
import '../view/view.css';
import './client.css';

const root = document.getElementById('app') as HTMLElement;
document.documentElement.dataset.theme = preferredTheme();

async function start(): Promise<void> {
  const prefill = parsePrefill(location.search);
  document.body.classList.toggle('in-tab', prefill.tab);
  const stored = await browser.storage.local.get([FORM_KEY, SAVED_KEY, LOG_KEY]);
  const form = parseForm(stored[FORM_KEY]);
  let saved = parseStoredSaved(stored[SAVED_KEY]);
  if (prefill.url !== null) form.url = prefill.url;
  if (prefill.protocols !== null) form.protocols = prefill.protocols;
  if (prefill.saved !== null) {
    const incoming = parseSavedParam(prefill.saved, newId).filter(
      (m) => !saved.some((s) => s.name === m.name && s.text === m.text && s.mode === m.mode),
    );
    if (incoming.length > 0) {
      saved = [...saved, ...incoming];
      await browser.storage.local.set({ [SAVED_KEY]: saved });
    }
  }

  const log = new ClientLog();
  const CLOSED_WHILE_CONNECTED = `The test client was closed while connected; the connection ended with it. Use "Open in tab" to keep a connection open while you work elsewhere.`;
  const otherTab = prefill.tab ? null : findClientTab();
  const { interrupted } = log.restore(stored[LOG_KEY], Date.now(), otherTab === null);
  if (interrupted > 0) log.mark(CLOSED_WHILE_CONNECTED, 'warn');
  const connection = new ClientConnection(log, browserDeps());

  // ── persistence ──
  let formTimer: ReturnType<typeof setTimeout> | null = null;
  let latestForm: FormState = form;
  let formDirty = prefill.url !== null || prefill.protocols !== null;
  const saveForm = async () => {
    if (formTimer !== null) clearTimeout(formTimer);
    formTimer = null;
    if (!formDirty) return;
    formDirty = false;
    await browser.storage.local.set({ [FORM_KEY]: latestForm });
  };
  // Only what changed here is written: the popup and a client tab may both be open, and a page
  // that merely showed the log must not write its older copy over the other's.
  let logTimer: ReturnType<typeof setTimeout> | null = null;
  let logDirty = false;
  const saveLog = async () => {
    if (logTimer !== null) clearTimeout(logTimer);
    logTimer = null;
    if (!logDirty) return;
    logDirty = false;
    await browser.storage.local
      .set({ [LOG_KEY]: log.snapshot() })
      .catch((e: unknown) => console.warn('WebSocket Lens: could not save the log', e));
  };
  log.subscribe(() => {
    logDirty = true;
    if (logTimer === null) logTimer = setTimeout(() => void saveLog(), 400);
  });
  if (interrupted > 0) logDirty = true;
  const saveAll = () => Promise.all([saveForm(), saveLog()]);
  addEventListener('pagehide', () => {
    if (connection.status.phase !== 'idle') log.mark(CLOSED_WHILE_CONNECTED, 'warn');
    connection.dispose();
    void saveAll();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void saveAll();
  });

  // Another client page (the popup and a tab) may change the saved messages.
  let savedSetter: ((s: SavedMessage[]) => void) | null = null;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SAVED_KEY in changes && savedSetter) savedSetter(parseStoredSaved(changes[SAVED_KEY].newValue));
  });

  const openInTab = prefill.tab
    ? undefined
    : async (connected: boolean) => {
        if (otherTab !== null) {
          await otherTab.focus();
          if (browser.extension.getViews({ type: 'popup' }).includes(window)) window.close();
          return;
        }
        if (connected) {
          connection.dispose();
          log.mark('Continued in a tab of its own, which opens a new connection to the same URL.', 'info');
        }
        await saveAll();
        await browser.tabs.create({ url: browser.runtime.getURL(`src/client/client.html?tab=1${connected ? '&connect=1' : ''}`) });
        if (browser.extension.getViews({ type: 'popup' }).includes(window)) window.close();
      };

  // For the console and the end-to-end tests: the model, read-only by convention.
  // `focus` brings this page's tab to the front (a popup uses it to switch to an open client tab).
  const focus = async () => {
    const tab = await browser.tabs.getCurrent();
    if (tab?.id === undefined) return;
    await browser.tabs.update(tab.id, { active: true });
    if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
  };
  Object.defineProperty(globalThis, 'wslens', { value: Object.freeze({ log, connection, focus }) });

  render(
    <ClientApp
      log={log}
      connection={connection}
      initialForm={form}
      initialSaved={saved}
      autoConnect={prefill.connect}
      onFormChange={(f) => {
        latestForm = f;
        formDirty = true;
        if (formTimer === null) formTimer = setTimeout(() => void saveForm(), 250);
      }}
      onSavedChange={(s) =>
        void browser.storage.local
          .set({ [SAVED_KEY]: s })
          .catch((e: unknown) => console.warn('WebSocket Lens: could not save the saved messages', e))
      }
      onOpenInTab={openInTab === undefined ? undefined : (c) => void openInTab(c)}
      onOpenViewer={() => void browser.tabs.create({ url: browser.runtime.getURL('src/viewer/viewer.html') })}
      registerSavedSetter={(fn) => (savedSetter = fn)}
      otherTab={otherTab === null ? null : otherTab.describe()}
    />,
    root,
  );
}

interface ClientGlobal {
  wslens?: { connection: ClientConnection; focus(): Promise<void> };
}

/** Another page of the test client open in a tab (same extension process), if any. */
function findClientTab(): { describe(): string; focus(): Promise<void> } | null {
  for (const v of browser.extension.getViews({ type: 'tab' })) {
    if (v === window || !v.location.pathname.endsWith('/src/client/client.html')) continue;
    const api = (v as unknown as ClientGlobal).wslens;
    if (!api) continue;
    return {
      describe: () => {
        const s = api.connection.status;
        return s.phase === 'idle'
          ? 'The test client is also open in a tab.'
          : `The test client is open in a tab, ${s.phase === 'open' ? 'connected' : s.phase === 'waiting' ? 'reconnecting' : s.phase} to ${s.url}.`;
      },
      focus: () => api.focus(),
    };
  }
  return null;
}

start().catch((e: unknown) => {
  root.textContent = `The test client could not start: ${e instanceof Error ? e.message : String(e)}`;
});
