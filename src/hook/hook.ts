/**
 * The page hook's entry: runs in the page's MAIN world at document_start, in every frame, before any
 * page script. Built as one standalone IIFE (no loader, no imports at run time). Its side effects
 * are here; everything else is a factory over the natives captured at start (natives.ts, the only
 * module that reads globals): channel, capture, rules, breakpoints, commands, adoption, install.
 * ARCHITECTURE.md, "The page hook's modules", has the diagram of which uses which.
 */
import { ADOPTED_QUERY_EVENT, type HookCommand } from '../core/protocol';
import { captureNatives, type Realm } from './natives';
import { openChannel } from './channel';
import { createCapture, createInitiator, createListeners } from './capture';
import { createRules } from './rules';
import { createBreakpoints } from './breakpoints';
import { createCommands } from './commands';
import { createAdoption, watchWhileParsing } from './adoption';
import { createInstaller } from './install';

(function wslensHook(): void {
  const n = captureNatives();
  if (n === null) return;
  // Where hook and relay meet: the document's FontFaceSet, an EventTarget outside the DOM tree (an
  // event dispatched on it reaches no other target). Not `window`: when a frame's initial empty
  // document gives way to a same-origin one (srcdoc, a same-origin src, a popup), the new document
  // keeps the same Window, and the page that made the frame may have put listeners on it, which
  // would be handed the port. The new document's FontFaceSet is new: no page script has seen it.
  const meeting: EventTarget = n.fontFaceSet ?? n.win;

  // A frame inserted with srcdoc or a same-origin src starts on an initial empty document without
  // the extension's scripts, and its next document reuses that realm: the hook of the frame above
  // adopted the realm at once (adoption.ts) and goes on capturing it. Wrapping it again here would
  // record every frame twice. Only our relay, in the isolated world, knows (relay/adoption.ts).
  if (!n.dispatch(meeting, new n.NativeEvent(ADOPTED_QUERY_EVENT, { __proto__: null, cancelable: true } as EventInit))) {
    // The frames this document's parser inserts must be adopted before the next script too, but
    // the hook that captures this realm never saw this document. That hook wrapped this realm's
    // `window.length` getter, which looks at the frames when read; so while this document is
    // parsed, reading it after each change is all it takes.
    const lengthOf = n.getOwnDesc(n.win, 'length')?.get;
    if (lengthOf !== undefined) watchWhileParsing(n, () => n.reflectApply(lengthOf, n.win, []));
    return;
  }

  // Set below; commands arrive on a later task, never while the hook starts.
  let onCommand: (cmd: HookCommand) => void;
  const channel = openChannel(n, meeting, (cmd) => onCommand(cmd));
  const cap = createCapture(n, channel);
  const rules = createRules(n);
  const bps = createBreakpoints(n, rules, cap);
  const listeners = createListeners(n, cap, rules, bps);
  onCommand = createCommands(n, cap, rules, bps);
  const adoption = createAdoption(n, meeting, (w) => install(w, true));
  const install = createInstaller(n, { cap, listeners, rules, bps, initiatorOf: createInitiator(n), adoption });
  install(n.win as Realm, false);
})();
