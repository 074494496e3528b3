/**
 * The messages between the panel and the sandboxed page that runs the user's own decoders
 * (`src/sandbox/user-decoder.ts`), over `postMessage` to and from its iframe. The panel sends the
 * decoder's source and a batch of frames; the sandbox answers with one result per frame.
 */

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
