/**
 * Adoption of a same-origin frame's realm that started without the extension's scripts (srcdoc,
 * a same-origin src): the hook asks its relay (synchronously, in the isolated world:
 * relay/adoption.ts) whether a window has no relay of its own, and if so wraps its realm at once,
 * before the page can use it (ARCHITECTURE.md, data flow 11).
 */
import { ADOPT_FAILED_EVENT, ADOPT_QUERY_EVENT } from '../core/protocol';
import type { Natives, Realm } from './natives';

type AdoptionNatives = Pick<Natives, 'NativeWeakSet' | 'wsHas' | 'wsAdd' | 'dispatch' | 'NativeUIEvent' | 'docView' | 'NativeMutationObserver' | 'moObserve' | 'addListener' | 'moDisconnect' | 'doc' | 'trusted'>;

export interface Adoption {
  /** Adopts `w` when it is a window not looked at yet (the result of a getter that hands one out). */
  adoptResult(w: unknown): void;
  /** The same for the window of a document. */
  adoptDocument(d: unknown): void;
  /** Looks at each child frame of `rw` (`rw[i]` cannot be shadowed; `length` is read natively). */
  scanFrames(rw: Realm, length: (self: unknown) => unknown): void;
}

/** `install(w)` wraps an adopted window's realm; it throws when it cannot. */
export function createAdoption(n: AdoptionNatives, meeting: EventTarget, install: (w: Realm) => void): Adoption {
  const { dispatch } = n;
  const seen = new n.NativeWeakSet<object>();
  // Without a prototype: the event constructor reads absent members, which the page could have
  // defined on Object.prototype by now.
  const eventInit = (view: object, cancelable: boolean): UIEventInit => ({ __proto__: null, view: view as Window, cancelable }) as UIEventInit;
  /**
   * Each window is looked at once: a frame that has a relay keeps it, and one adopted stays adopted
   * for as long as its realm lives (the document that loads into it reuses it and stands aside).
   */
  const adopt = (w: object): void => {
    if (n.wsHas(seen, w)) return;
    n.wsAdd(seen, w);
    if (dispatch(meeting, new n.NativeUIEvent(ADOPT_QUERY_EVENT, eventInit(w, true)))) return;
    try {
      install(w as Realm);
    } catch {
      dispatch(meeting, new n.NativeUIEvent(ADOPT_FAILED_EVENT, eventInit(w, false)));
    }
  };
  const adoptResult = (w: unknown): void => {
    if (w !== null && typeof w === 'object') adopt(w);
  };
  return {
    adoptResult,
    adoptDocument(d) {
      if (d !== null && typeof d === 'object') adoptResult(n.docView(d));
    },
    scanFrames(rw, length) {
      let count = 0;
      try {
        count = length(rw) as number;
      } catch {
        return;
      }
      for (let i = 0; i < count; i++) {
        let w: unknown;
        try {
          w = (rw as unknown as Record<number, unknown>)[i];
        } catch {
          continue;
        }
        adoptResult(w);
      }
    },
  };
}

/** Calls `look` at the microtask after each change to this document's tree, until it is parsed. */
export function watchWhileParsing(n: AdoptionNatives, look: () => void): void {
  const observer = new n.NativeMutationObserver(look);
  n.moObserve(observer, n.doc, { __proto__: null, childList: true, subtree: true } as MutationObserverInit);
  // Only the browser's own DOMContentLoaded: a page dispatching one must not stop the watch early.
  n.addListener(n.doc, 'DOMContentLoaded', (ev: Event) => n.trusted(ev) && n.moDisconnect(observer), true);
}
