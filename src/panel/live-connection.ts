/**
 * The panel's port to the background: attach to the inspected tab, pull each document's history
 * from the panel's cursor, then follow the stream. When the service worker is stopped the port
 * drops; we reconnect and pull again from the cursors, so nothing is lost or duplicated.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { PANEL_PORT, type BackgroundToPanel, type PanelToBackground } from '../core/protocol';
import type { ApplyResult, SessionStore } from '../core/session-store';

const RECONNECT_MS = 100;
const PULL_RETRY_MS = 1_000;

export interface LiveConnection {
  stop(): void;
  /** Number of times the port was re-established after a drop (shown in the status bar). */
  readonly reconnects: number;
}

export function connectLive(tabId: number, store: SessionStore): LiveConnection {
  let port: Runtime.Port | null = null;
  let stopped = false;
  let reconnects = 0;
  const lastPull = new Map<string, { since: number; at: number }>();

  const send = (msg: PanelToBackground): void => {
    try {
      port?.postMessage(msg);
    } catch {
      /* reconnecting */
    }
  };

  const pull = (r: ApplyResult): void => {
    if (r.pull === undefined) return;
    const { docId, since } = r.pull;
    const prev = lastPull.get(docId);
    const now = performance.now();
    // A burst of messages after a gap would each ask for the same pull: ask once.
    if (prev !== undefined && prev.since === since && now - prev.at < PULL_RETRY_MS) return;
    lastPull.set(docId, { since, at: now });
    send({ type: 'pull', docId, since });
  };

  const open = (): void => {
    const p = browser.runtime.connect({ name: PANEL_PORT });
    port = p;
    lastPull.clear();
    p.onMessage.addListener((raw: unknown) => {
      const msg = raw as BackgroundToPanel;
      if (msg.type === 'announce') pull(store.applyAnnounce(msg.doc, msg.frameId));
      else if (msg.type === 'records') pull(store.applyRecords(msg));
      else if (msg.type === 'gone') store.applyGone(msg.docId);
    });
    p.onDisconnect.addListener(() => {
      if (port !== p) return;
      port = null;
      store.setLive(false);
      if (!stopped) {
        reconnects++;
        setTimeout(open, RECONNECT_MS);
      }
    });
    send({ type: 'attach', tabId });
    store.setLive(true);
  };

  open();
  return {
    stop() {
      stopped = true;
      port?.disconnect();
    },
    get reconnects() {
      return reconnects;
    },
  };
}
