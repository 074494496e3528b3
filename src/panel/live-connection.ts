/**
 * The panel's port to the background: attach to the inspected tab, pull each document's history
 * from the panel's cursor, then follow the stream. When the service worker is stopped the port
 * drops; we reconnect and pull again from the cursors, so nothing is lost or duplicated.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { PANEL_PORT, type BackgroundToPanel, type PanelToBackground, type WireCommand, type WorkerCaptureState } from '../core/protocol';
import { VersionCheck } from './version-check';
import { commandErrorText } from '../core/hook-errors';
import type { ApplyResult, SessionStore } from '../core/session-store';
import type { CommandResult } from '../view/actions';

const RECONNECT_MS = 100;
const PULL_RETRY_MS = 1_000;
/** A command the page has not answered by then is reported as lost. */
const COMMAND_TIMEOUT_MS = 5_000;

export interface LiveConnection {
  stop(): void;
  /** Acts on a live socket of a document of the inspected tab; resolves with the page's answer. */
  command(docId: string, cmd: WireCommand): Promise<CommandResult>;
  /** Number of times the port was re-established after a drop (shown in the status bar). */
  readonly reconnects: number;
  /** Documents whose relay speaks another protocol version (not shown; the panel says so). */
  readonly versions: VersionCheck;
  /** Asks the background to turn the worker-capture mode on or off for the tab. */
  workerCapture(on: boolean): void;
  /** Follows the mode's state as the background reports it. */
  onWorkerCapture(cb: (s: WorkerCaptureState) => void): () => void;
}

export function connectLive(tabId: number, store: SessionStore, versions = new VersionCheck()): LiveConnection {
  let port: Runtime.Port | null = null;
  let stopped = false;
  let reconnects = 0;
  const lastPull = new Map<string, { since: number; at: number }>();
  const waiting = new Map<number, (r: CommandResult) => void>();
  let nextReq = 1;
  const captureListeners = new Set<(s: WorkerCaptureState) => void>();

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
      if (msg.type === 'announce') {
        if (!versions.accept(msg)) return; // another protocol version: its records would be misread
        // A document the store does not hold (new, or dropped when the tab navigated and now back
        // from the back/forward cache) is pulled from the start, however recent an earlier pull.
        if (!store.hasDocument(msg.doc.docId)) lastPull.delete(msg.doc.docId);
        pull(store.applyAnnounce(msg.doc, msg.frameId));
      } else if (msg.type === 'records') {
        pull(store.applyRecords(msg)); // a document set aside above was never announced to the store: ignored
      } else if (msg.type === 'gone') {
        versions.gone(msg.docId);
        store.applyGone(msg.docId);
      } else if (msg.type === 'worker-capture-state') {
        for (const cb of captureListeners) cb(msg);
      } else if (msg.type === 'command-result') {
        waiting.get(msg.req)?.(msg.ok ? { ok: true } : { ok: false, error: commandErrorText(msg.error, msg.detail) });
        waiting.delete(msg.req);
      }
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
    send({ type: 'attach', tabId, v: versions.version });
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
    versions,
    workerCapture(on) {
      send({ type: 'worker-capture', on });
    },
    onWorkerCapture(cb) {
      captureListeners.add(cb);
      return () => captureListeners.delete(cb);
    },
    command(docId, cmd) {
      const req = nextReq++;
      return new Promise<CommandResult>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(req);
          resolve({ ok: false, error: 'The page did not answer (it may be frozen, navigating or closed).' });
        }, COMMAND_TIMEOUT_MS);
        waiting.set(req, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
        if (port === null) {
          waiting.delete(req);
          clearTimeout(timer);
          resolve({ ok: false, error: 'Not connected to the extension right now; try again in a moment.' });
          return;
        }
        send({ type: 'command', docId, req, cmd });
      });
    },
  };
}
