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
 *   session    a recorded session to play (Play a recorded session): a JSON array of
 *              {d: 's'|'r', t: ms since the first frame, x: text | b: Base64}, bounded by
 *              `boundedSession` (src/core/client-query.ts)
 *   connect=1  connect at once
 *   tab=1      running in a tab (hides "Open in tab")
 *
 * `clientQuery()` in src/core/client-query.ts builds this query string (and keeps it to a sane length).
 *
 * Everything the user sets is kept in storage.local (keys in form-state.ts, variables.ts,
 * collections.ts): each connection tab's form (URL, history, subprotocols, draft, settings,
 * checks) and log (last 1,000 frames), the saved messages, the environments and the collections,
 * so that closing the popup loses nothing but the live sockets themselves.
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { preferredTheme } from '../platform/inspected-tab';
import { parseSavedParam, parseStoredSaved, type SavedMessage } from '../core/message-draft';
import { browserDeps } from './connection';
import { ConnectionTab } from './connection-tab';
import { ClientShell } from './ClientShell';
import { newId } from './ids';
import { FIRST_TAB, FORM_KEY, LOG_KEY, SAVED_KEY, TABS_KEY, parseForm, parseTabIds, tabKeys, type FormState } from './form-state';
import { ENV_KEY, parseEnvironments } from './variables';
import { COLLECTIONS_KEY, parseStoredCollections } from './collections';
import { recordingFromQuery } from './session-playback';
import { parsePrefill } from '../core/client-query';
import { writeThrough } from './write-through';
import '../view/view.css';
import './client.css';

const root = document.getElementById('app') as HTMLElement;
document.documentElement.dataset.theme = preferredTheme();

async function start(): Promise<void> {
  const prefill = parsePrefill(location.search);
  document.body.classList.toggle('in-tab', prefill.tab);
  const stored = await browser.storage.local.get([FORM_KEY, SAVED_KEY, LOG_KEY, TABS_KEY, ENV_KEY, COLLECTIONS_KEY]);
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

  const CLOSED_WHILE_CONNECTED = `The test client was closed while connected; the connection ended with it. Use "Open in tab" to keep a connection open while you work elsewhere.`;
  const otherTab = prefill.tab ? null : findClientTab();
  const sioDeps = {
    now: () => performance.timeOrigin + performance.now(),
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>),
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (t: unknown) => clearInterval(t as ReturnType<typeof setInterval>),
  };
  const savers: Array<() => Promise<unknown>> = [];

  /** A connection tab, its form and log kept in storage.local under its own keys. */
  const makeTab = (id: string, tabForm: FormState, storedLog: unknown, formDirtyAtStart: boolean): ConnectionTab => {
    const tab = new ConnectionTab(id, tabForm, browserDeps(), sioDeps);
    const { formKey, logKey } = tabKeys(id);
    // Its open connections ended with the page that ran them, unless another client page runs
    // this very tab now (a client page that is merely open, or is closing, does not).
    const { interrupted } = tab.log.restore(storedLog, Date.now(), otherTab?.runs(id) !== true);
    if (interrupted > 0) tab.log.mark(CLOSED_WHILE_CONNECTED, 'warn');
    // The form (the draft included) is written through at every change: a popup can close at any
    // moment, before any timer or pagehide runs.
    const formStore = writeThrough(
      () => browser.storage.local.set({ [formKey]: tab.form }),
      (e) => console.warn('WebSocket Lens: could not save the form', e),
    );
    if (formDirtyAtStart) void formStore.changed();
    // Only what changed here is written: the popup and a client tab may both be open, and a page
    // that merely showed the log must not write its older copy over the other's.
    const logStore = writeThrough(
      () => browser.storage.local.set({ [logKey]: tab.log.snapshot() }),
      (e) => console.warn('WebSocket Lens: could not save the log', e),
      { ms: 250, wait: (ms) => new Promise<void>((r) => setTimeout(r, ms)) },
    );
    if (interrupted > 0) void logStore.changed();
    tab.log.subscribe(() => void logStore.changed());
    formChanged.set(tab, (f) => {
      tab.form = f;
      void formStore.changed();
    });
    savers.push(() => Promise.all([formStore.flush(), logStore.flush()]));
    return tab;
  };
  const formChanged = new WeakMap<ConnectionTab, (f: FormState) => void>();

  const tabIds = parseTabIds(stored[TABS_KEY]);
  const extraIds = tabIds.filter((id) => id !== FIRST_TAB);
  const extra = extraIds.length > 0 ? await browser.storage.local.get(extraIds.flatMap((id) => Object.values(tabKeys(id)))) : {};
  const tabs: ConnectionTab[] = [makeTab(FIRST_TAB, form, stored[LOG_KEY], prefill.url !== null || prefill.protocols !== null)];
  for (const id of extraIds) tabs.push(makeTab(id, parseForm(extra[tabKeys(id).formKey]), extra[tabKeys(id).logKey], false));
  const first = tabs[0];
  const envs = parseEnvironments(stored[ENV_KEY]);
  const handed = recordingFromQuery(prefill.session, prefill.url ?? '', (prefill.protocols ?? '').split(',').filter((p) => p !== ''));

  const saveAll = () => Promise.all(savers.map((f) => f()));
  addEventListener('pagehide', () => {
    for (const t of tabs) {
      if (t.connection.status.phase !== 'idle') t.log.mark(CLOSED_WHILE_CONNECTED, 'warn');
      t.dispose();
    }
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
          for (const t of tabs) {
            if (t.connection.status.phase === 'idle') continue;
            t.dispose();
            t.log.mark('Continued in a tab of its own, which opens a new connection to the same URL.', 'info');
          }
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
  Object.defineProperty(globalThis, 'wslens', { value: Object.freeze({ tabs, log: first.log, connection: first.connection, focus }) });

  render(
    <ClientShell
      initialTabs={[...tabs]}
      initialEnvs={envs}
      initialSaved={saved}
      handed={handed === null ? [] : [handed]}
      initialCollections={parseStoredCollections(stored[COLLECTIONS_KEY], newId)}
      onCollectionsChange={(c) =>
        void browser.storage.local.set({ [COLLECTIONS_KEY]: c }).catch((err: unknown) => console.warn('WebSocket Lens: could not save the collections', err))
      }
      autoConnect={prefill.connect}
      newTab={(f) => {
        const t = makeTab(newId(), f, undefined, true);
        tabs.push(t);
        formChanged.get(t)?.(f);
        void browser.storage.local.set({ [TABS_KEY]: tabs.map((x) => x.id) });
        return t;
      }}
      closeTab={(t) => {
        t.dispose();
        tabs.splice(tabs.indexOf(t), 1);
        void browser.storage.local.set({ [TABS_KEY]: tabs.map((x) => x.id) });
        void browser.storage.local.remove(Object.values(tabKeys(t.id)));
      }}
      onFormChange={(t, f) => formChanged.get(t)?.(f)}
      onEnvsChange={(e) =>
        void browser.storage.local.set({ [ENV_KEY]: e }).catch((err: unknown) => console.warn('WebSocket Lens: could not save the environments', err))
      }
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
  wslens?: { tabs: ConnectionTab[]; focus(): Promise<void> };
}

/** Another page of the test client open in a tab (same extension process), if any. */
function findClientTab(): { describe(): string; focus(): Promise<void>; runs(tabId: string): boolean } | null {
  for (const v of browser.extension.getViews({ type: 'tab' })) {
    if (v === window || !v.location.pathname.endsWith('/src/client/client.html')) continue;
    const api = (v as unknown as ClientGlobal).wslens;
    if (!api) continue;
    return {
      describe: () => {
        const live = api.tabs.filter((t) => t.connection.status.phase !== 'idle');
        if (live.length === 0) return 'The test client is also open in a tab.';
        const what = live.map((t) => {
          const s = t.connection.status;
          return `${s.phase === 'open' ? 'connected' : s.phase === 'waiting' ? 'reconnecting' : s.phase} to ${s.url}`;
        });
        return `The test client is open in a tab, ${live.length === 1 ? '' : `${live.length} connections live: `}${what.join('; ')}.`;
      },
      focus: () => api.focus(),
      runs: (tabId) => api.tabs.some((t) => t.id === tabId && t.connection.status.phase !== 'idle'),
    };
  }
  return null;
}

start().catch((e: unknown) => {
  root.textContent = `The test client could not start: ${e instanceof Error ? e.message : String(e)}`;
});
