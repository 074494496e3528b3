/**
 * The one message protocol of WebSocket Lens, shared by every context.
 *
 *   hook (MAIN world) ──HookEvent[]──▶ relay (ISOLATED world)      over a private MessagePort
 *   relay ──RelayToBackground──▶ background ──BackgroundToPanel──▶ panel   over runtime ports
 *   panel ──PanelToBackground──▶ background ──BackgroundToRelay──▶ relay
 *
 * Every type here is plain data. Binary payloads cross the MessagePort as ArrayBuffer/Blob and
 * the runtime ports (JSON-serialised by Chrome) as Base64 strings.
 */

import type { RegExpSource } from './pattern';

/**
 * The version of this protocol. The relay (in pages) and the extension's pages (background, panel)
 * may come from different builds, e.g. a page whose content scripts were injected by another
 * build: each side carries its version (the relay's hello and announce, the panel's attach, passed
 * on by the background) and a side that meets another version says so instead of misreading.
 * Bump it on any change a peer of the previous version would misread.
 */
export const PROTOCOL_VERSION = 1;

export type Direction = 'sent' | 'received';
/** The JavaScript type the page used for a binary frame. */
export type BinaryKind = 'arraybuffer' | 'blob' | 'typedarray' | 'dataview';

// ───────────────────────────── hook → relay ─────────────────────────────
// Kept flat and small: the hook runs inside every page. `conn` is the per-document connection
// number (1, 2, …), `seq` the per-connection sequence number, `t` is performance.now() of the
// document. Every union in this file is discriminated by `type`.

export type HookEvent =
  /** `frame`: the URL of the frame whose realm made the socket, when not the hook's own (an adopted frame). */
  | { type: 'connection'; conn: number; seq: number; t: number; url: string; protocols: string[]; initiator: string; frame?: string }
  | { type: 'open'; conn: number; seq: number; t: number; protocol: string; extensions: string }
  | { type: 'frame'; conn: number; seq: number; t: number; dir: Direction; data: string | ArrayBuffer | Blob; kind?: BinaryKind; mark?: FrameMark; original?: string }
  | { type: 'error'; conn: number; seq: number; t: number }
  | { type: 'closing'; conn: number; seq: number; t: number; code?: number; reason?: string; byPanel?: true }
  | { type: 'close'; conn: number; seq: number; t: number; code: number; reason: string; wasClean: boolean }
  /**
   * A text frame held by a breakpoint (pid: the pause's id within the document); `arrived`: when
   * it arrived (it may have waited behind another held frame), for the relay's fault latency.
   */
  | { type: 'paused'; conn: number; seq: number; t: number; pid: number; dir: Direction; data: string; arrived?: number }
  /** A held frame went on (maybe edited) or was dropped. */
  | { type: 'resumed'; conn: number; seq: number; t: number; pid: number; action: 'continue' | 'drop' }
  /** The answer to a HookCommand (not part of the history). */
  | HookResult;

export interface HookResult {
  type: 'result';
  req: number;
  ok: boolean;
  error?: HookError;
  /** For `not-open` and `already-closed`: the socket's state; for `threw`: the native error's message. */
  detail?: string;
}

/**
 * Why the hook did not do a command. The hook builds no UI sentences: the panel words these
 * (`commandErrorText`, src/core/hook-errors.ts).
 * - `no-socket`: the connection is closed or unknown; nothing was done.
 * - `not-paused`: the frame is no longer paused.
 * - `send-not-open` / `simulate-not-open`: the socket is not open (`detail`: `connecting`,
 *   `closing` or `closed`); nothing was sent / delivered.
 * - `already-closed`: a close asked for a socket already `closing` or `closed` (`detail`).
 * - `reason-without-code`: a close reason needs a close code.
 * - `threw`: a native call threw (`detail`: its message, as the browser words it).
 */
export type HookError = 'no-socket' | 'not-paused' | 'send-not-open' | 'simulate-not-open' | 'already-closed' | 'reason-without-code' | 'threw';

/** The events that become history records. */
export type CaptureEvent = Exclude<HookEvent, HookResult>;

/**
 * How a frame came to be, when not from the page or the server on its own: sent from the panel
 * (`replayed` — a captured frame sent again, `composed` — a new or edited message), delivered to
 * the page by the panel as if the server had sent it (`simulated`), or changed by a rule on its way:
 * dropped (`blocked`: it never reached the server or the page) or `rewritten` (the record keeps the
 * original text); or held by a breakpoint and then dropped, from the panel or because its socket
 * closed while it was held (`dropped`: it never reached the server or the page; stamped with the
 * time it arrived, not the time it was dropped). An auto-response rule (src/relay/responder.ts)
 * delivers its responses to the page as `mocked` (sent by the rule, not by the server), and marks
 * a sent frame it answered without sending it on `answered` (it never reached the server). A frame
 * a network fault (src/relay/faults.ts) held and then passed on is `delayed`; one it dropped,
 * `dropped` (with the record's note saying so).
 */
export type FrameMark = 'replayed' | 'composed' | 'simulated' | 'blocked' | 'dropped' | 'rewritten' | 'mocked' | 'answered' | 'delayed';

/** Commands the panel sends to one socket of one document (relay → hook over the private port). */
export type HookCommand =
  | { type: 'send'; req: number; conn: number; data: string | ArrayBuffer; mark: 'replayed' | 'composed' }
  /** `mark`: `simulated` from the panel, `mocked` from an auto-response rule (the relay's own command). */
  | { type: 'simulate'; req: number; conn: number; data: string | ArrayBuffer; mark: 'simulated' | 'mocked' }
  | { type: 'close'; req: number; conn: number; code?: number; reason?: string }
  /** The site's rules, compiled by the relay (`hookRulesOf`, src/core/rules.ts); replaces the previous set. */
  | { type: 'rules'; req: number; rules: HookRule[] }
  /** Lets a paused frame go on (with `data` when edited) or drops it. */
  | { type: 'resume'; req: number; conn: number; pid: number; action: 'continue' | 'drop'; data?: string };

/**
 * A rule as the hook applies it: which directions (1 sent, 2 received, 3 both), which text frames
 * (`match`, null for every text frame) and, for a rewrite, every match of `find` replaced by
 * `replace` (String.prototype.replace's `$1` syntax).
 */
export type HookRule =
  | { action: 'block' | 'pause'; dirs: 1 | 2 | 3; match: RegExpSource | null }
  | { action: 'rewrite'; dirs: 1 | 2 | 3; match: RegExpSource | null; find: RegExpSource; replace: string };

/** A HookCommand on the runtime ports: binary data as Base64. */
export type WireCommand =
  | { type: 'send'; conn: number; text?: string; base64?: string; mark: 'replayed' | 'composed' }
  | { type: 'simulate'; conn: number; text?: string; base64?: string }
  | { type: 'close'; conn: number; code?: number; reason?: string }
  | { type: 'resume'; conn: number; pid: number; action: 'continue' | 'drop'; text?: string };

/** Name of the synchronous DOM events used once, at document_start, to hand the private port over. */
export const HANDSHAKE_HOOK_EVENT = 'wslens:hook-port';
export const HANDSHAKE_RELAY_EVENT = 'wslens:relay-ready';

/**
 * Adoption of a child frame's realm (see ARCHITECTURE.md, "Frames that start without the hook").
 * Synchronous DOM events from the hook to its own relay, on the meeting target (the document's
 * FontFaceSet), whose capture listener, registered before any page script, stops them there.
 *
 * - ADOPT_QUERY (a UIEvent whose `view` is the child window): the relay cancels it when that
 *   window has no relay of its own (its document started without the extension's scripts) and
 *   marks the window, in the extension's isolated world, as adopted. Not cancelled: leave it.
 * - ADOPT_FAILED (same shape): the hook could not adopt it after all; the relay clears the mark.
 * - ADOPTED_QUERY (a plain Event): the first thing a hook asks its relay. Cancelled when this
 *   window was adopted by the hook of the frame above, which keeps capturing its realm: the
 *   document that now reuses the window's realm must not be wrapped a second time.
 */
export const ADOPT_QUERY_EVENT = 'wslens:adopt';
export const ADOPT_FAILED_EVENT = 'wslens:adopt-failed';
export const ADOPTED_QUERY_EVENT = 'wslens:adopted';

// ───────────────────────────── capture records ─────────────────────────────
// What the relay keeps and what the panel shows. `B` is how binary data is held: ArrayBuffer in
// the relay, a Base64 string on the wire, Uint8Array in the panel.

interface RecordBase {
  /** Relay sequence number: position in this document's history, 1-based, strictly increasing. */
  rseq: number;
  /** Connection number within the document. */
  conn: number;
  /** Per-connection sequence number from the hook (0 for the connection record). */
  seq: number;
  /** Wall-clock time in epoch milliseconds, sub-millisecond (timeOrigin + performance.now()). */
  time: number;
}

/** The worker a socket lives in (worker-capture mode: the debugger saw it, the hook cannot). */
export interface WorkerInfo {
  kind: 'dedicated' | 'shared' | 'service';
  /** The worker's script URL. */
  url: string;
}

export interface ConnectionRecord extends RecordBase {
  type: 'connection';
  url: string;
  protocols: string[];
  /** URL of the document (frame) that created the socket; for a worker's socket, the worker's script. */
  frameUrl: string;
  worker?: WorkerInfo;
  /** Stack of the script that called `new WebSocket`, hook frames removed ('' when unknown). */
  initiator: string;
}
export interface OpenRecord extends RecordBase {
  type: 'open';
  protocol: string;
  extensions: string;
}
export interface TextFrameRecord extends RecordBase {
  type: 'frame';
  dir: Direction;
  opcode: 'text';
  data: string;
  /** Full payload length in bytes (UTF-8 for text). */
  size: number;
  /** True when only the first part of the payload was kept (per-frame cap). */
  truncated: boolean;
  mark?: FrameMark;
  /** A rewritten frame: the text before the rule changed it. */
  original?: string;
  /** What an auto-response rule made of this sent frame, in words: what it answered, or why it could not; or what a network fault did to it (delayed, dropped). */
  note?: string;
}
export interface BinaryFrameRecord<B> extends RecordBase {
  type: 'frame';
  dir: Direction;
  opcode: 'binary';
  data: B;
  binKind: BinaryKind;
  size: number;
  truncated: boolean;
  mark?: FrameMark;
}
export type FrameRecord<B> = TextFrameRecord | BinaryFrameRecord<B>;
export interface ErrorRecord extends RecordBase {
  type: 'error';
}
/** The page called close(). */
export interface ClosingRecord extends RecordBase {
  type: 'closing';
  code: number | null;
  reason: string;
  /** The close was asked for from the panel, not by the page's own code. */
  byPanel?: boolean;
}
export interface CloseRecord extends RecordBase {
  type: 'close';
  code: number;
  reason: string;
  wasClean: boolean;
}

/** One HTTP header as the browser reported it (names keep their case; order is kept). */
export interface HttpHeader {
  name: string;
  value: string;
}

/**
 * A socket's HTTP opening handshake, as the browser's network layer saw it (the hook cannot):
 * `webRequest` (with the user's optional host access) or, in the worker-capture mode, the
 * debugger's `Network.webSocket*` events. Times are epoch milliseconds.
 */
export interface HandshakeInfo {
  /** Where it came from; the request's id there. */
  source: 'webRequest' | 'debugger';
  requestId: string;
  url: string;
  /** When the request was started. */
  requestTime: number;
  requestHeaders: HttpHeader[];
  /** When the response headers arrived (null: no response yet, or none came). */
  responseTime: number | null;
  /** The response's status line, e.g. `HTTP/1.1 101 Switching Protocols` ('' when none). */
  statusLine: string;
  /** 0 when no response came. */
  status: number;
  responseHeaders: HttpHeader[];
  /** The network error as the browser names it (`net::ERR_CONNECTION_REFUSED`, `NS_ERROR_…`); '' when none. */
  error: string;
}

/** The handshake of the connection `conn`, matched to it by the relay (src/core/handshake-match.ts). */
export interface HandshakeRecord extends RecordBase {
  type: 'handshake';
  hs: HandshakeInfo;
}

/** A breakpoint holds a text frame in the page. */
export interface PausedRecord extends RecordBase {
  type: 'paused';
  pid: number;
  dir: Direction;
  data: string;
}
export interface ResumedRecord extends RecordBase {
  type: 'resumed';
  pid: number;
  action: 'continue' | 'drop';
}

export type CaptureRecord<B> =
  | ConnectionRecord
  | OpenRecord
  | FrameRecord<B>
  | ErrorRecord
  | ClosingRecord
  | CloseRecord
  | PausedRecord
  | ResumedRecord
  | HandshakeRecord;

export type StoredRecord = CaptureRecord<ArrayBuffer>;
export type WireRecord = CaptureRecord<string>;
export type ViewRecord = CaptureRecord<Uint8Array>;

/** What the relay's bounds have discarded so far (totals for the document). */
export interface DropStats {
  /** Frames evicted from the history because a bound was reached. */
  frames: number;
  /** Payload bytes of those frames. */
  bytes: number;
  /** Frames kept only in part because they exceeded the per-frame cap. */
  truncated: number;
}

export interface HistoryBounds {
  maxFrames: number;
  maxBytes: number;
  maxFrameBytes: number;
}

export const DEFAULT_BOUNDS: HistoryBounds = {
  maxFrames: 100_000,
  maxBytes: 256 * 1024 * 1024,
  maxFrameBytes: 16 * 1024 * 1024,
};

/** One document (top page or iframe) that the relay describes. */
export interface DocInfo {
  /** Random id of this document instance; a reload or navigation gets a new one. */
  docId: string;
  url: string;
  /** True for the top-level document of the tab. */
  top: boolean;
  /** performance.timeOrigin of the document (epoch ms). */
  timeOrigin: number;
  bounds: HistoryBounds;
  /**
   * How many of the site's rules the document's hook applies now (its answer to the relay's last
   * `rules` command); absent before the hook answered one (a site without rules sends none).
   */
  rulesInForce?: number;
}

// ───────────────────────────── relay ⇄ background ⇄ panel ─────────────────────────────

export interface AnnounceMessage {
  type: 'announce';
  /** The relay's PROTOCOL_VERSION. */
  v: number;
  doc: DocInfo;
  /** Highest rseq the relay has assigned so far. */
  last: number;
}

/**
 * A contiguous slice of a document's history: every retained record with after < rseq ≤ upTo.
 * A receiver whose cursor is below `after` has missed something in transit and pulls again.
 */
export interface RecordsMessage {
  type: 'records';
  docId: string;
  after: number;
  upTo: number;
  items: WireRecord[];
  dropped: DropStats;
}

/** The hook's answer to a command, on its way back to the panel that asked. */
export interface CommandResultMessage {
  type: 'command-result';
  docId: string;
  req: number;
  ok: boolean;
  /** A `HookError` from the hook, or a sentence from the relay or background. */
  error?: string;
  /** The hook's `detail` for its error. */
  detail?: string;
}

export type RelayToBackground = AnnounceMessage | RecordsMessage | CommandResultMessage;

export type BackgroundToRelay =
  /** Send every retained record after `since`, then keep streaming new ones. */
  | { type: 'pull'; since: number }
  /** A panel of protocol `v` attached: say who you are. */
  | { type: 'announce-request'; v: number }
  /** No panel listens any more: stop streaming. */
  | { type: 'detach' }
  /** Act on a live socket of this document. */
  | { type: 'command'; req: number; cmd: WireCommand };

export type PanelToBackground =
  /** `v`: the panel's PROTOCOL_VERSION. */
  | { type: 'attach'; tabId: number; v: number }
  | { type: 'pull'; docId: string; since: number }
  | { type: 'command'; docId: string; req: number; cmd: WireCommand }
  /** Turn the worker-capture mode (chrome.debugger) on or off for the inspected tab. */
  | { type: 'worker-capture'; on: boolean };

/** Whether worker capture is on for the tab; `note`: why it stopped or could not start. */
export interface WorkerCaptureState {
  type: 'worker-capture-state';
  on: boolean;
  note?: string;
}

/** A document's relay went away (the document unloaded or entered the back/forward cache). */
export interface GoneMessage {
  type: 'gone';
  docId: string;
}

/**
 * What the background sends a panel: a document's messages with the frame they came from, and the
 * answers to the panel's commands (from the hook, or the background's own refusal when the
 * document is gone), which belong to no frame.
 */
export type BackgroundToPanel = ((AnnounceMessage | RecordsMessage | GoneMessage) & { frameId: number }) | CommandResultMessage | WorkerCaptureState;

/**
 * One-shot runtime messages (runtime.sendMessage / tabs.sendMessage), not on ports.
 * A relay says `hello` when its document opens its first socket, to learn whether a panel listens;
 * the background broadcasts `attach` to every frame of a tab when a panel attaches to it.
 */
export type RelayHello = { type: 'wslens-hello'; v: number };
/** `v`: the protocol version of the panel attached to the tab (when `attached`). */
export type RelayHelloReply = { attached: false } | { attached: true; v: number };
/** `v`: the attaching panel's protocol version. */
export type AttachBroadcast = { type: 'wslens-attach'; v: number };
/**
 * An extension page asks the background to open one of the extension's pages in a tab: Firefox's
 * DevTools panels have no `tabs` API (src/platform/open-tab.ts). `path` is relative to the root.
 */
/**
 * The background tells a frame's relay what the browser saw of one socket's handshake
 * (tabs.sendMessage to that frame). Sent again as the handshake goes on (response, error): the
 * latest for a `requestId` is the one that counts.
 */
export type HandshakeNotice = { type: 'wslens-handshake'; hs: HandshakeInfo };
/**
 * Worker-capture mode (Chrome, `chrome.debugger`): a socket the debugger saw in a worker, told by
 * the background to the tab's top frame's relay, which keeps it in its history. `id` is the
 * debugger's request id. Times are epoch ms; binary payloads Base64.
 */
export type WireSocketEvent =
  | { type: 'connection'; id: string; time: number; url: string; protocols: string[]; worker: WorkerInfo }
  | { type: 'open'; id: string; time: number; protocol: string; extensions: string }
  | { type: 'frame'; id: string; time: number; dir: Direction; text?: string; base64?: string }
  | { type: 'close'; id: string; time: number; code: number; reason: string; wasClean: boolean }
  | { type: 'handshake'; id: string; hs: HandshakeInfo };
export type WireSocketNotice = { type: 'wslens-wire-socket'; ev: WireSocketEvent };

export type OpenTabRequest = { type: 'wslens-open-tab'; path: string };

export const RELAY_PORT = 'wslens-relay';
export const PANEL_PORT = 'wslens-panel';

/** Upper bound of payload bytes in one runtime-port message (one larger frame travels alone). */
export const MAX_MESSAGE_PAYLOAD = 4 * 1024 * 1024;

// ───────────────────────────── panel ↔ the sandboxed page of the user's own decoders ─────────────────────────────
// Over `postMessage` to and from its iframe (`src/sandbox/user-decoder.ts`): the panel sends the
// decoder's source and a batch of frames; the sandbox answers with one result per frame.

/** The time one frame may take in a user decoder before its worker is stopped (ms). */
export const USER_DECODER_BUDGET_MS = 1000;

export interface UserDecodeFrame {
  id: number;
  payload: string | Uint8Array;
  conn: { url: string; protocol: string };
}

/** panel → sandbox */
export interface UserDecodeRequest {
  type: 'wslens-user-decode';
  req: number;
  code: string;
  frames: UserDecodeFrame[];
}

/** One frame's outcome: what the decoder returned, or why there is nothing. */
export type UserDecodeOutcome = { id: number; ok: true; name?: string; value: unknown } | { id: number; ok: false; error: string };

/** sandbox → panel; `ready` once the page listens. */
export type UserDecodeAnswer = { type: 'wslens-user-decode-ready' } | { type: 'wslens-user-decode-result'; req: number; results: UserDecodeOutcome[] };
