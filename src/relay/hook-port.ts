/**
 * The relay's private port to its hook (ARCHITECTURE.md, data flow 1), and its answers to the
 * hook's adoption questions (./adoption.ts, data flow 11), all on one meeting target.
 *
 * The meeting target is the document's FontFaceSet (`document.fonts`), an EventTarget outside the
 * DOM tree, not `window`, which a same-origin document may inherit with the page's listeners on it.
 * The relay listens for the hook's `hook-port` event and announces itself with `relay-ready` (for a
 * hook that ran first); the hook dispatches a synchronous, cancelable MessageEvent carrying one
 * MessagePort, which the relay takes (`preventDefault` tells the hook so). Every listener stops
 * its event, so no page listener on the same target ever sees one.
 */
import {
  ADOPT_FAILED_EVENT,
  ADOPT_QUERY_EVENT,
  ADOPTED_QUERY_EVENT,
  HANDSHAKE_HOOK_EVENT,
  HANDSHAKE_RELAY_EVENT,
  type HookCommand,
  type HookEvent,
} from '../core/protocol';
import { claimForAdoption, releaseAdoption, startRelayHere, type MarkedWindow } from './adoption';

/** The relay's end of the private channel. */
interface HookLink {
  /** Whether the hook handed its port over. */
  readonly connected: boolean;
  /** Posts a command to the hook (transferring `transfer`); false when there is no hook. */
  post(cmd: HookCommand, transfer?: ArrayBuffer[]): boolean;
}

/**
 * Registers the handshake on `meeting` and announces the relay. `receive` gets every batch the
 * hook posts, as `fromPage` makes it readable here (src/platform/page-data.ts).
 */
export function meetHook(meeting: EventTarget, receive: (batch: HookEvent[]) => void, fromPage: <T>(data: T) => T): HookLink {
  let port: MessagePort | null = null;
  const onHookPort = (ev: Event): void => {
    const p = (ev as MessageEvent).ports?.[0];
    if (port !== null || p === undefined) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    meeting.removeEventListener(HANDSHAKE_HOOK_EVENT, onHookPort, true);
    port = p;
    p.onmessage = (m: MessageEvent<HookEvent[]>) => receive(fromPage(m.data));
  };
  meeting.addEventListener(HANDSHAKE_HOOK_EVENT, onHookPort, true);
  meeting.dispatchEvent(new Event(HANDSHAKE_RELAY_EVENT, { cancelable: true }));
  return {
    get connected() {
      return port !== null;
    },
    post(cmd, transfer = []) {
      if (port === null) return false;
      port.postMessage(cmd, transfer);
      return true;
    },
  };
}

/**
 * Answers the hook's adoption questions for the window `self`. Registered before the handshake:
 * the hook's first question is whether it should stand aside. `adopting` false (Firefox) answers
 * every "adopt this frame?" with no: its content scripts see other windows through Xray
 * wrappers, and a mark set through one frame's wrapper is not seen by the next document's relay
 * (tried: with adoption on, a srcdoc document's own socket was recorded twice;
 * e2e-firefox/early-frames.test.ts).
 */
export function answerAdoption(meeting: EventTarget, self: MarkedWindow, adopting: boolean): void {
  const adoptedByFrameAbove = startRelayHere(self);
  const viewOf = (ev: Event): MarkedWindow | null => (ev as UIEvent).view ?? null;
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
      if (adopting && claimForAdoption(viewOf(ev))) ev.preventDefault();
    },
    true,
  );
  meeting.addEventListener(
    ADOPT_FAILED_EVENT,
    (ev) => {
      ev.stopImmediatePropagation();
      releaseAdoption(viewOf(ev));
    },
    true,
  );
}
