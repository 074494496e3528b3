/**
 * The relay: the extension's foot in each document (ISOLATED world, document_start, all frames).
 *
 * - Takes the private port from the hook (a synchronous DOM event at document_start).
 * - Turns the hook's batches into records, in order (Blob payloads are read asynchronously, so
 *   ingestion is a serial queue), and keeps them in a bounded History.
 * - Talks to the background only while a panel inspects this tab: it says hello when its document
 *   opens its first socket, connects its port when the background broadcasts that a panel attached,
 *   and answers `pull(since)` with every retained record after `since`, then streams new ones.
 *   The service worker may be stopped at any time; the panel re-pulls from its cursor, so nothing
 *   in flight is lost.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import {
  ADOPT_FAILED_EVENT,
  ADOPT_QUERY_EVENT,
  ADOPTED_QUERY_EVENT,
  DEFAULT_BOUNDS,
  HANDSHAKE_HOOK_EVENT,
  HANDSHAKE_RELAY_EVENT,
  MAX_MESSAGE_PAYLOAD,
  RELAY_PORT,
  type AttachBroadcast,
  type BackgroundToRelay,
  type DocInfo,
  type HookCommand,
  type HookEvent,
  type RelayHello,
  type WireCommand,
  type RelayHelloReply,
  type RelayToBackground,
} from '../core/protocol';
import { History } from './history';
import { parseStoredSettings, SETTINGS_KEY } from '../core/settings';
import { hookRulesOf, RULES_KEY, rulesFor, siteOf } from '../core/rules';
import { toRecord, type DocContext } from './records';
import { toWireRecord } from '../core/wire';
import { base64ToBytes } from '../core/codec';
import { fromPage, inFirefoxContentScript } from '../platform/page-data';
import { claimForAdoption, releaseAdoption, startRelayHere } from './adoption';

const MAX_ITEMS_PER_MESSAGE = 5_000;
const PUSH_DELAY_MS = 30;
/** After an unexpected disconnect we reconnect; if no panel pulls within this time, we go quiet. */
const RECONNECT_GRACE_MS = 10_000;

const history = new History(DEFAULT_BOUNDS);
const docId = randomId();
const ctx: DocContext = { timeOrigin: performance.timeOrigin, frameUrl: location.href, bounds: DEFAULT_BOUNDS };

// The user's bounds (panel → Settings) apply as soon as they are read, and live when changed.
const applySettings = (raw: unknown): void => {
  const { bounds } = parseStoredSettings(raw);
  ctx.bounds = bounds;
  history.setBounds(bounds);
};
browser.storage.local
  .get(SETTINGS_KEY)
  .then((r) => applySettings(r[SETTINGS_KEY]))
  .catch(() => {
    /* storage unavailable: defaults stay */
  });
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SETTINGS_KEY in changes) applySettings(changes[SETTINGS_KEY].newValue);
});

// ── the hook's private port ──
// The handshake meets on the document's FontFaceSet, not on `window`, which a same-origin document
// may inherit with the page's listeners on it (see the hook).
const meeting: EventTarget = 'fonts' in document ? document.fonts : window;

// ── frames that start without the extension's scripts (./adoption.ts) ──
// Registered before the port handshake: the hook's first question is whether it should stand aside.
// Each listener stops its event here, so no page listener on the same target ever sees it.
const adoptedByFrameAbove = startRelayHere(window);
meeting.addEventListener(
  ADOPTED_QUERY_EVENT,
  (ev) => {
    ev.stopImmediatePropagation();
    if (adoptedByFrameAbove) ev.preventDefault();
  },
  true,
);
meeting.addEventListener(
  ADOPT_QUERY_EVENT,
  (ev) => {
    ev.stopImmediatePropagation();
    // Off in Firefox: its content scripts see other windows through Xray wrappers, and a mark set
    // through one frame's wrapper is not seen by the next document's relay (tried: with adoption
    // on, a srcdoc document's own socket was recorded twice). e2e-firefox/early-frames.test.ts.
    if (!inFirefoxContentScript && claimForAdoption((ev as UIEvent).view)) ev.preventDefault();
  },
  true,
);
meeting.addEventListener(
  ADOPT_FAILED_EVENT,
  (ev) => {
    ev.stopImmediatePropagation();
    releaseAdoption((ev as UIEvent).view);
  },
  true,
);
let hookPort: MessagePort | null = null;
const onHookPort = (ev: Event): void => {
  const p = (ev as MessageEvent).ports?.[0];
  if (hookPort !== null || p === undefined) return;
  ev.preventDefault();
  ev.stopImmediatePropagation();
  meeting.removeEventListener(HANDSHAKE_HOOK_EVENT, onHookPort, true);
  hookPort = p;
  p.onmessage = (m: MessageEvent<HookEvent[]>) => ingest(fromPage(m.data));
};
meeting.addEventListener(HANDSHAKE_HOOK_EVENT, onHookPort, true);
meeting.dispatchEvent(new Event(HANDSHAKE_RELAY_EVENT, { cancelable: true }));

// ── the site's rules (block/rewrite), applied by the hook ──
const site = siteOf(location.href);
let rulesSent = false;
const sendRules = (stored: unknown): void => {
  const rules = rulesFor(stored, site);
  if (hookPort === null || (rules.length === 0 && !rulesSent)) return;
  rulesSent = rules.length > 0;
  const cmd: HookCommand = { type: 'rules', req: 0, rules: hookRulesOf(rules) };
  hookPort.postMessage(cmd);
};
if (site !== '') {
  browser.storage.local
    .get(RULES_KEY)
    .then((r) => sendRules(r[RULES_KEY]))
    .catch(() => {
      /* storage unavailable: no rules */
    });
}
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && RULES_KEY in changes && site !== '') sendRules(changes[RULES_KEY].newValue);
});

// ── ingestion: strictly in order ──
const inbox: HookEvent[][] = [];
let draining = false;
let saidHello = false;

function ingest(batch: HookEvent[]): void {
  inbox.push(batch);
  if (!draining) void drain();
}

async function drain(): Promise<void> {
  draining = true;
  try {
    for (let batch = inbox.shift(); batch !== undefined; batch = inbox.shift()) {
      for (const ev of batch) {
        let binary: { bytes: ArrayBuffer; fullSize: number } | undefined;
        if (ev.type === 'frame' && typeof ev.data !== 'string' && !(ev.data instanceof ArrayBuffer)) {
          const blob = ev.data;
          let bytes: ArrayBuffer;
          try {
            bytes = await blob.slice(0, ctx.bounds.maxFrameBytes).arrayBuffer();
          } catch {
            bytes = new ArrayBuffer(0); // unreadable Blob: kept as a truncated frame of its full size
          }
          binary = { bytes, fullSize: blob.size };
        }
        if (ev.type === 'result') {
          if (ev.req === 0) continue; // the relay's own command (rules), not a panel's
          post({ type: 'command-result', docId, req: ev.req, ok: ev.ok, ...(ev.error !== undefined ? { error: ev.error } : {}), ...(ev.detail !== undefined ? { detail: ev.detail } : {}) });
          continue;
        }
        history.add(toRecord(ev, ctx, binary));
        if (!saidHello && ev.type === 'connection') sayHello();
      }
      schedulePush();
    }
  } finally {
    draining = false;
  }
}

// ── the background ──
let port: Runtime.Port | null = null;
let streaming = false;
let sentUpTo = 0;
let pushTimer: ReturnType<typeof setTimeout> | null = null;
let graceTimer: ReturnType<typeof setTimeout> | null = null;

function alive(): boolean {
  try {
    return browser.runtime.id !== undefined; // undefined once the extension was reloaded or removed
  } catch {
    return false;
  }
}

function sayHello(): void {
  saidHello = true;
  const hello: RelayHello = { type: 'wslens-hello' };
  browser.runtime
    .sendMessage(hello)
    .then((reply: unknown) => {
      if ((reply as RelayHelloReply | undefined)?.attached) connect();
    })
    .catch(() => {
      /* no background listening (extension updating): a panel that attaches later broadcasts */
    });
}

browser.runtime.onMessage.addListener((msg: unknown) => {
  if ((msg as AttachBroadcast | undefined)?.type === 'wslens-attach') connect();
  return undefined;
});

function docInfo(): DocInfo {
  return { docId, url: location.href, top: window.top === window, timeOrigin: ctx.timeOrigin, bounds: ctx.bounds };
}

function post(msg: RelayToBackground): boolean {
  if (port === null) return false;
  try {
    port.postMessage(msg);
    return true;
  } catch {
    // A port that can no longer carry messages: forget it, so the next attach connects anew.
    port = null;
    streaming = false;
    return false;
  }
}

function connect(): void {
  if (port !== null) {
    post({ type: 'announce', doc: docInfo(), last: history.last });
    return;
  }
  if (!alive()) return;
  const p = browser.runtime.connect({ name: RELAY_PORT });
  port = p;
  p.onMessage.addListener((msg: unknown) => onBackground(msg as BackgroundToRelay));
  p.onDisconnect.addListener(() => {
    if (port !== p) return;
    port = null;
    const wasStreaming = streaming;
    streaming = false;
    // The service worker stopped (or restarted): come back, the panel will pull from its cursor.
    if (wasStreaming && alive()) {
      setTimeout(() => {
        connect();
        if (graceTimer !== null) clearTimeout(graceTimer);
        graceTimer = setTimeout(() => {
          if (!streaming) disconnect();
        }, RECONNECT_GRACE_MS);
      }, 50);
    }
  });
  post({ type: 'announce', doc: docInfo(), last: history.last });
}

function disconnect(): void {
  streaming = false;
  const p = port;
  port = null;
  try {
    p?.disconnect();
  } catch {
    /* already gone */
  }
}

function onBackground(msg: BackgroundToRelay): void {
  switch (msg.type) {
    case 'pull':
      streaming = true;
      sendFrom(msg.since);
      break;
    case 'announce-request':
      post({ type: 'announce', doc: docInfo(), last: history.last });
      break;
    case 'detach':
      disconnect();
      break;
    case 'command':
      toHook(msg.req, msg.cmd);
      break;
  }
}

/** Passes a panel's command to the hook over the private port (binary back to an ArrayBuffer). */
function toHook(req: number, cmd: WireCommand): void {
  if (hookPort === null) {
    post({ type: 'command-result', docId, req, ok: false, error: 'The page hook is not running in this frame.' });
    return;
  }
  let data: string | ArrayBuffer = '';
  if (cmd.type === 'send' || cmd.type === 'simulate') {
    if (cmd.base64 !== undefined) {
      const bytes = base64ToBytes(cmd.base64);
      data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    } else data = cmd.text ?? '';
  }
  const out: HookCommand =
    cmd.type === 'resume'
      ? { type: 'resume', req, conn: cmd.conn, pid: cmd.pid, action: cmd.action, ...(cmd.text !== undefined ? { data: cmd.text } : {}) }
      : cmd.type === 'close'
      ? { type: 'close', req, conn: cmd.conn, ...(cmd.code !== undefined ? { code: cmd.code } : {}), ...(cmd.reason !== undefined ? { reason: cmd.reason } : {}) }
      : cmd.type === 'send'
        ? { type: 'send', req, conn: cmd.conn, data, mark: cmd.mark }
        : { type: 'simulate', req, conn: cmd.conn, data };
  hookPort.postMessage(out, typeof data === 'string' ? [] : [data]);
}

/** Sends every retained record after `since`, in slices of bounded size. */
function sendFrom(since: number): void {
  let after = since;
  while (after < history.last) {
    const { items, upTo } = history.slice(after, MAX_MESSAGE_PAYLOAD, MAX_ITEMS_PER_MESSAGE);
    const ok = post({ type: 'records', docId, after, upTo, items: items.map(toWireRecord), dropped: { ...history.dropped } });
    if (!ok) return;
    after = upTo;
  }
  if (after === since && since >= history.last) {
    // Nothing new: still tell the panel where the history stands (and the drop counters).
    post({ type: 'records', docId, after, upTo: history.last, items: [], dropped: { ...history.dropped } });
  }
  sentUpTo = Math.max(sentUpTo, after);
}

function schedulePush(): void {
  if (!streaming || pushTimer !== null) return;
  pushTimer = setTimeout(() => {
    pushTimer = null;
    if (streaming) sendFrom(sentUpTo);
  }, PUSH_DELAY_MS);
}

// The back/forward cache. Chromium closes a cached page's extension ports (the background sees the
// disconnect), but the content script is not told: after the restore its port's onDisconnect has
// not fired (Chromium 156), so the relay would keep a dead port and the restored page would never
// be pulled again. So the relay lets go of its port itself when the page may be cached, and says
// hello again when it is restored: a panel inspecting the tab then pulls from its cursor, or from
// the start if it dropped this document when the tab moved on.
window.addEventListener('pagehide', (ev) => {
  if (ev.persisted) disconnect();
});
window.addEventListener('pageshow', (ev) => {
  if (ev.persisted && saidHello && port === null) sayHello();
});

function randomId(): string {
  const a = new Uint8Array(9);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(36).padStart(2, '0')).join('');
}
