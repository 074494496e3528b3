/**
 * The relay's half of frame adoption (see ADOPT_QUERY_EVENT in core/protocol.ts and
 * ARCHITECTURE.md, "Frames that start without the hook").
 *
 * A frame inserted with `srcdoc` or a same-origin `src` starts on an initial empty document into
 * which Chromium runs no content script (a navigation is pending), and the document that then
 * loads reuses that window and its JavaScript realm. So the hook of the frame above wraps that
 * realm itself, at once, and the frame's own hook must then stand aside.
 *
 * Which windows run a relay and which were adopted is kept as marks on the windows as this
 * isolated world sees them: the page cannot read or forge them, and a window's marks live exactly
 * as long as its realm (a reused realm keeps them, a new document in a new realm has none).
 * Firefox gives each document's content scripts their own view of other windows (Xray wrappers
 * whose expandos no other document's relay sees), so there the mark is a listener instead
 * (`windowEventMarks`).
 */

/** How the relay marks windows: this window runs a relay; a child window was adopted. */
export interface AdoptionMarks {
  /** Called once at relay start: marks `self` as having a relay; true when it was adopted. */
  startRelayHere(self: MarkedWindow): boolean;
  /** Claims `child` for adoption: true (and marked) when it neither runs a relay nor was adopted. */
  claimForAdoption(child: MarkedWindow | null): boolean;
  /** The hook could not adopt `child` after all: its own hook, if it ever runs, must not stand aside. */
  releaseAdoption(child: MarkedWindow | null): void;
}

interface Marks {
  __wslensRelay?: true;
  __wslensAdopted?: true;
}

/** What a window looks like here: its marks (cross-origin windows throw on access). */
export type MarkedWindow = object;

/** Called once at relay start: marks this window as having a relay; true when it was adopted. */
export function startRelayHere(self: MarkedWindow): boolean {
  const w = self as Marks;
  w.__wslensRelay = true;
  return w.__wslensAdopted === true;
}

/**
 * The hook asks whether to adopt `child`: yes (and it is marked adopted) when it is reachable, is a
 * frame, and neither runs a relay of its own nor was adopted before. A popup (a window that is its
 * own top, handed out by `open`) is not adopted here: Chromium runs the relay of a
 * `window.open('about:blank')` popup at once, and the sockets of a popup on its way to a page
 * belong in the popup's tab, not the opener's.
 */
export function claimForAdoption(child: MarkedWindow | null): boolean {
  if (child === null) return false;
  try {
    const w = child as Marks & { top?: unknown };
    if (w.top === w || w.__wslensRelay === true || w.__wslensAdopted === true) return false;
    w.__wslensAdopted = true;
    return true;
  } catch {
    return false; // another origin
  }
}

/** The hook could not adopt `child` after all: its own hook, if it ever runs, must not stand aside. */
export function releaseAdoption(child: MarkedWindow | null): void {
  if (child === null) return;
  try {
    delete (child as Marks).__wslensAdopted;
  } catch {
    /* another origin */
  }
}

/** The marks as properties of the windows as this isolated world sees them (Chromium). */
export const isolatedWorldMarks: AdoptionMarks = { startRelayHere, claimForAdoption, releaseAdoption };

/**
 * The marks for Firefox (Firefox ESR 140 starts every new frame on an initial about:blank document
 * without content scripts, whose realm the loaded document reuses, as Chromium does for srcdoc):
 * a capture listener for the event `type` on the window itself, which lives as long as the
 * window. Popups are claimed like frames: Firefox runs a `window.open('about:blank')` popup's
 * content scripts only after the opener's script returns, so a socket made at once with the
 * popup's constructor is seen only by the opener's hook, which then captures the popup's realm
 * (its sockets are reported in the opener's tab, with the popup's URL as their page). A relay puts one on its own window, and one on a child window it claims; asking is
 * dispatching `type` there, which a listener cancels. `type` holds the extension's per-install
 * base URL, which the page cannot know, so it can neither listen for nor dispatch it.
 */
export function windowEventMarks(type: string): AdoptionMarks {
  const taken = (ev: Event): void => {
    ev.stopImmediatePropagation();
    ev.preventDefault();
  };
  const isTaken = (w: EventTarget): boolean => !w.dispatchEvent(new Event(type, { cancelable: true }));
  const CAPTURE = { capture: true }; // an object, not `true`: Node's EventTarget (the unit tests) ignores a boolean on remove
  return {
    startRelayHere(self) {
      const w = self as EventTarget;
      const adopted = isTaken(w);
      w.addEventListener(type, taken, CAPTURE);
      return adopted;
    },
    claimForAdoption(child) {
      if (child === null) return false;
      try {
        const w = child as EventTarget;
        if (isTaken(w)) return false;
        w.addEventListener(type, taken, CAPTURE);
        return true;
      } catch {
        return false; // another origin
      }
    },
    releaseAdoption(child) {
      if (child === null) return;
      try {
        (child as EventTarget).removeEventListener(type, taken, CAPTURE);
      } catch {
        /* another origin */
      }
    },
  };
}
