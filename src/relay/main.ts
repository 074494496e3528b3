/**
 * The relay: the extension's foot in each document (ISOLATED world, document_start, all frames),
 * built as one standalone IIFE and listed before the hook in the manifest. This entry only wires
 * the relay's modules to the browser:
 *
 * - `hook-port.ts`: the private port from the hook, and the answers to its adoption questions;
 * - `ingest.ts`: the hook's batches → records → the bounded `History` (`history.ts`), in order;
 * - `settings.ts`: the user's bounds, applied live; `site-rules.ts`: the site's rules, to the hook;
 * - `responder.ts`: the auto-response rules, which answer sent frames through the hook;
 * - `faults.ts`: the site's network faults (latency, drops), which end the hook's holds of them;
 * - `background-link.ts`: hello, connect on attach, pull and push, grace after a service-worker
 *   restart, the back/forward cache; `version.ts`: the protocol version it speaks.
 */
import browser from 'webextension-polyfill';
import { DEFAULT_BOUNDS, RELAY_PORT, type AttachBroadcast, type DocInfo, type HandshakeNotice, type RelayHello, type WireSocketNotice, type WireCommand } from '../core/protocol';
import { HandshakeMatcher } from '../core/handshake-match';
import { WireSockets } from './wire-sockets';
import { toCommandResult, toHookCommand } from '../core/wire';
import { fromPage, inFirefoxContentScript } from '../platform/page-data';
import { BackgroundLink, type LinkPort } from './background-link';
import { History } from './history';
import { isolatedWorldMarks, windowEventMarks } from './adoption';
import { answerAdoption, meetHook } from './hook-port';
import { Ingest } from './ingest';
import type { DocContext } from './records';
import { followSettings } from './settings';
import { followSiteRules, RELAY_REQ } from './site-rules';
import { RESPOND_REQ, Responder } from './responder';
import { FAULT_REQ, FaultInjector } from './faults';
import { RELAY_PROTOCOL_VERSION } from './version';

const history = new History(DEFAULT_BOUNDS);
const docId = randomId();
const ctx: DocContext = { timeOrigin: performance.timeOrigin, frameUrl: location.href, bounds: DEFAULT_BOUNDS };

followSettings(browser.storage, (bounds) => {
  ctx.bounds = bounds;
  history.setBounds(bounds);
});

const link = new BackgroundLink(
  {
    connect: () => browser.runtime.connect({ name: RELAY_PORT }) as unknown as LinkPort,
    sendMessage: (msg: RelayHello) => browser.runtime.sendMessage(msg),
    alive() {
      try {
        return browser.runtime.id !== undefined; // undefined once the extension was reloaded or removed
      } catch {
        return false;
      }
    },
    setTimeout: (cb, ms) => setTimeout(cb, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    addEventListener: (type, cb) => window.addEventListener(type, cb),
  },
  {
    history,
    info: (): DocInfo => ({ docId, url: location.href, top: window.top === window, timeOrigin: ctx.timeOrigin, bounds: ctx.bounds, ...(siteRules?.inForce !== undefined ? { rulesInForce: siteRules.inForce } : {}) }),
    command: toHook,
  },
  RELAY_PROTOCOL_VERSION,
);

// What the browser saw of a socket's handshake (src/background/handshake-watch.ts), kept with its connection.
const handshakes = new HandshakeMatcher((conn, hs) => {
  history.add({ type: 'handshake', conn, seq: 0, time: hs.requestTime, hs });
  link.recordsAdded();
});

// Worker-capture mode: the workers' sockets (src/relay/wire-sockets.ts).
const wire = new WireSockets(history);

browser.runtime.onMessage.addListener((msg: unknown) => {
  const m = msg as AttachBroadcast | HandshakeNotice | WireSocketNotice | undefined;
  if (m?.type === 'wslens-attach') link.attached(m.v);
  else if (m?.type === 'wslens-handshake') handshakes.handshake(m.hs);
  else if (m?.type === 'wslens-wire-socket' && wire.apply(m.ev)) {
    if (m.ev.type === 'connection') link.socketOpened();
    link.recordsAdded();
  }
  return undefined;
});

const recording = {
  add: (r: Parameters<History['add']>[0]) => {
    const rec = history.add(r);
    if (rec.type === 'connection') handshakes.connection({ conn: rec.conn, url: rec.url, time: rec.time, protocols: rec.protocols });
    return rec;
  },
};

// Auto-responses: shown every event before it is recorded, they answer through the hook.
const responder = new Responder({
  now: () => performance.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  post: (cmd) => hook.post(cmd),
});

// Network faults: they see every event first (their holds are theirs), then the responder.
const faults = new FaultInjector({
  now: () => performance.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
  post: (cmd) => hook.post(cmd),
  answered: (text) => responder.answers(text),
});

const ingest = new Ingest(recording, ctx, {
  // Every event of the page passes here: nothing is allocated for it while no rule acts on it.
  see(ev, batch, at) {
    const f = faults.see(ev, batch, at);
    if (f === null || responder.idle) return f;
    const r = responder.see(f?.ev ?? ev, batch, at);
    if (r === null || f?.note === undefined) return r;
    return { ev: r.ev, note: r.note === undefined ? f.note : `${f.note} ${r.note}` };
  },
  result(res) {
    if (res.req === FAULT_REQ) return; // a fault's resume: nothing to show (a frame whose socket closed was dropped by the hook)
    if (res.req === RESPOND_REQ) {
      responder.result(res);
      return;
    }
    if (res.req !== RELAY_REQ) {
      link.post(toCommandResult(docId, res));
      return;
    }
    // The relay's own command (the site's rules): the panel learns what is in force from the announce.
    siteRules?.answered(res.ok);
    link.infoChanged();
  },
  connection: () => link.socketOpened(),
  batchDone: () => link.recordsAdded(),
});

// The handshake meets on the document's FontFaceSet (./hook-port.ts); adoption answers first.
const meeting: EventTarget = 'fonts' in document ? document.fonts : window;
answerAdoption(meeting, window, inFirefoxContentScript ? windowEventMarks(`wslens-adoption ${browser.runtime.getURL('')}`) : isolatedWorldMarks);
const hook = meetHook(meeting, (batch) => ingest.push(batch), fromPage);

// The site's rules, for the hook. (Read by `info()` and the hook's answers above, which run only
// after this module's top level: on events and storage reads.)
const siteRules = followSiteRules(
  browser.storage,
  location.href,
  (cmd) => hook.post(cmd),
  (rules) => {
    responder.update(rules);
    faults.rules(rules);
  },
  (f) => faults.update(f),
);

/** Passes a panel's command to the hook over the private port (src/core/wire.ts: Base64 back to bytes). */
function toHook(req: number, cmd: WireCommand): void {
  const { cmd: out, transfer } = toHookCommand(req, cmd);
  if (!hook.post(out, transfer)) link.post({ type: 'command-result', docId, req, ok: false, error: 'The page hook is not running in this frame.' });
}

function randomId(): string {
  const a = new Uint8Array(9);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(36).padStart(2, '0')).join('');
}
