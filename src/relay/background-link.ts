/**
 * The relay's link to the background, which it keeps only while a panel inspects its tab.
 *
 * - Says `hello` when its document opens its first socket (pages without sockets cost nothing) and
 *   connects its port when the reply says a panel is attached, or when the background broadcasts
 *   that one attached (`attach`).
 * - Announces its document on every connect and `announce-request`; answers `pull(since)` with every
 *   retained record after `since`, in slices (`RecordsMessage {after, upTo}`: contiguous, so a
 *   panel whose cursor is below `after` knows it missed one and pulls again), then pushes new
 *   records every 30 ms while streaming.
 * - The service worker may stop at any time: when the port drops while streaming, the link
 *   reconnects and announces, and goes quiet again if no panel pulls within 10 s (so it does not
 *   keep waking a worker nobody listens through).
 * - The back/forward cache: Chromium closes a cached page's extension ports without telling the
 *   content script, so the link lets go of its port on `pagehide` (persisted) and says hello again
 *   on `pageshow` (persisted).
 * - The protocol version: carried in the hello and the announce; a panel (or background) of
 *   another version still gets the announce, so that it can say so, but never any records, which
 *   it would misread.
 *
 * Its browser APIs are injected (like `Router`, src/background/router.ts), so that it is tested
 * with fakes (background-link.test.ts).
 */
import {
  MAX_MESSAGE_PAYLOAD,
  type BackgroundToRelay,
  type DocInfo,
  type RelayHello,
  type RelayHelloReply,
  type RelayToBackground,
  type WireCommand,
} from '../core/protocol';
import { toWireRecord } from '../core/wire';
import type { History } from './history';

export const MAX_ITEMS_PER_MESSAGE = 5_000;
export const PUSH_DELAY_MS = 30;
/** After an unexpected disconnect the link comes back after this delay… */
export const RECONNECT_DELAY_MS = 50;
/** …and goes quiet again if no panel pulls within this time. */
export const RECONNECT_GRACE_MS = 10_000;

/** The part of a runtime Port the link uses. */
export interface LinkPort {
  postMessage(msg: RelayToBackground): void;
  disconnect(): void;
  onMessage: { addListener(cb: (msg: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

/** A timer handle, whatever the timer functions return. */
export type TimerId = unknown;

export interface BackgroundLinkDeps {
  /** `runtime.connect({ name: RELAY_PORT })`. */
  connect(): LinkPort;
  /** `runtime.sendMessage`: resolves with the background's reply. */
  sendMessage(msg: RelayHello): Promise<unknown>;
  /** False once the extension was reloaded or removed (its scripts in pages are orphaned). */
  alive(): boolean;
  setTimeout(cb: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
  /** `window.addEventListener`, for the back/forward cache. */
  addEventListener(type: 'pagehide' | 'pageshow', cb: (ev: { persisted: boolean }) => void): void;
}

/** What the link speaks for: one document, its history, and its hook (for the panel's commands). */
interface LinkedDocument {
  readonly history: Pick<History, 'last' | 'dropped' | 'slice'>;
  info(): DocInfo;
  /** A panel's command for the hook. */
  command(req: number, cmd: WireCommand): void;
}

export class BackgroundLink {
  private port: LinkPort | null = null;
  /** A panel pulled: new records are pushed. */
  private streaming = false;
  private saidHello = false;
  private sentUpTo = 0;
  private pushTimer: TimerId | null = null;
  private graceTimer: TimerId | null = null;
  /** The protocol version of the other side when it is not ours (then no records are sent). */
  private foreignVersion: number | null = null;

  constructor(
    private readonly deps: BackgroundLinkDeps,
    private readonly doc: LinkedDocument,
    /** The protocol version this relay speaks. */
    readonly version: number,
  ) {
    deps.addEventListener('pagehide', (ev) => {
      if (ev.persisted) this.disconnect();
    });
    deps.addEventListener('pageshow', (ev) => {
      if (ev.persisted && this.saidHello && this.port === null) this.sayHello();
    });
  }

  /** Whether the port to the background is up. */
  get connected(): boolean {
    return this.port !== null;
  }

  /** The document opened a socket: the first time, ask whether a panel listens. */
  socketOpened(): void {
    if (!this.saidHello) this.sayHello();
  }

  /** The background broadcast that a panel of protocol `v` attached to this tab. */
  attached(v: number): void {
    this.meet(v);
    this.connect();
  }

  /** What `info()` says changed: announced again while a port is up. */
  infoChanged(): void {
    if (this.port !== null) this.announce();
  }

  /** New records are in the history: pushed within PUSH_DELAY_MS while a panel streams. */
  recordsAdded(): void {
    if (!this.streaming || this.pushTimer !== null) return;
    this.pushTimer = this.deps.setTimeout(() => {
      this.pushTimer = null;
      if (this.streaming) this.sendFrom(this.sentUpTo);
    }, PUSH_DELAY_MS);
  }

  /** Sends a message if the port is up; false when it is not (or no longer carries messages). */
  post(msg: RelayToBackground): boolean {
    if (this.port === null) return false;
    try {
      this.port.postMessage(msg);
      return true;
    } catch {
      // A port that can no longer carry messages: forget it, so the next attach connects anew.
      this.port = null;
      this.streaming = false;
      return false;
    }
  }

  private sayHello(): void {
    this.saidHello = true;
    this.deps
      .sendMessage({ type: 'wslens-hello', v: this.version })
      .then((reply: unknown) => {
        const r = reply as RelayHelloReply | undefined;
        if (r?.attached !== true) return;
        this.meet(r.v);
        this.connect();
      })
      .catch(() => {
        /* no background listening (extension updating): a panel that attaches later broadcasts */
      });
  }

  private meet(v: number): void {
    this.foreignVersion = v === this.version ? null : v;
  }

  private announce(): void {
    this.post({ type: 'announce', v: this.version, doc: this.doc.info(), last: this.doc.history.last });
  }

  private connect(): void {
    if (this.port !== null) {
      this.announce();
      return;
    }
    if (!this.deps.alive()) return;
    const p = this.deps.connect();
    this.port = p;
    p.onMessage.addListener((msg: unknown) => this.onBackground(msg as BackgroundToRelay));
    p.onDisconnect.addListener(() => {
      if (this.port !== p) return;
      this.port = null;
      const wasStreaming = this.streaming;
      this.streaming = false;
      // The service worker stopped (or restarted): come back, the panel will pull from its cursor.
      if (wasStreaming && this.deps.alive()) {
        this.deps.setTimeout(() => {
          this.connect();
          if (this.graceTimer !== null) this.deps.clearTimeout(this.graceTimer);
          this.graceTimer = this.deps.setTimeout(() => {
            this.graceTimer = null;
            if (!this.streaming) this.disconnect();
          }, RECONNECT_GRACE_MS);
        }, RECONNECT_DELAY_MS);
      }
    });
    this.announce();
  }

  private disconnect(): void {
    this.streaming = false;
    const p = this.port;
    this.port = null;
    try {
      p?.disconnect();
    } catch {
      /* already gone */
    }
  }

  private onBackground(msg: BackgroundToRelay): void {
    switch (msg.type) {
      case 'pull':
        if (this.foreignVersion !== null) return; // it would misread our records
        this.streaming = true;
        this.sendFrom(msg.since);
        break;
      case 'announce-request':
        this.meet(msg.v);
        this.announce();
        break;
      case 'detach':
        this.disconnect();
        break;
      case 'command':
        this.doc.command(msg.req, msg.cmd);
        break;
    }
  }

  /** Sends every retained record after `since`, in slices of bounded size. */
  private sendFrom(since: number): void {
    const { history } = this.doc;
    const docId = this.doc.info().docId;
    let after = since;
    while (after < history.last) {
      const { items, upTo } = history.slice(after, MAX_MESSAGE_PAYLOAD, MAX_ITEMS_PER_MESSAGE);
      const ok = this.post({ type: 'records', docId, after, upTo, items: items.map(toWireRecord), dropped: { ...history.dropped } });
      if (!ok) return;
      after = upTo;
    }
    if (after === since && since >= history.last) {
      // Nothing new: still tell the panel where the history stands (and the drop counters).
      this.post({ type: 'records', docId, after, upTo: history.last, items: [], dropped: { ...history.dropped } });
    }
    this.sentUpTo = Math.max(this.sentUpTo, after);
  }
}
