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
 */

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
 * The hook asks whether to adopt `child`: yes (and it is marked adopted) when it is reachable and
 * neither runs a relay of its own nor was adopted before.
 */
export function claimForAdoption(child: MarkedWindow | null): boolean {
  if (child === null) return false;
  try {
    const w = child as Marks;
    if (w.__wslensRelay === true || w.__wslensAdopted === true) return false;
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
