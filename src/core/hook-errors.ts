/**
 * The panel's words for the hook's error codes (`HookError`, src/core/protocol.ts): the hook, in
 * the page, builds no UI sentences.
 */
import type { HookError } from './protocol';

const STATE_WORDS = new Map([
  ['connecting', 'still connecting'],
  ['open', 'open'],
  ['closing', 'closing'],
  ['closed', 'closed'],
]);
const stateWords = (detail: string | undefined): string => STATE_WORDS.get(detail ?? '') ?? 'not open';

const WORDS: Record<HookError, (detail: string | undefined) => string> = {
  'no-socket': () => 'That connection is closed: nothing was done.',
  'not-paused': () => 'That frame is no longer paused.',
  'send-not-open': (d) => `The socket is ${stateWords(d)}: nothing was sent.`,
  'simulate-not-open': (d) => `The socket is ${stateWords(d)}: no message was delivered.`,
  'already-closed': (d) => `The socket is already ${stateWords(d)}.`,
  'reason-without-code': () => 'A close reason needs a close code.',
  threw: (d) => (d === undefined || d === '' ? 'The browser refused the command.' : d),
};

const isHookError = (e: string): e is HookError => Object.prototype.hasOwnProperty.call(WORDS, e);

/**
 * What the panel says for a command that failed: the hook's code worded, or the sentence another
 * context (relay, background) sent as it is.
 */
export function commandErrorText(error: string | undefined, detail?: string): string {
  if (error === undefined || error === '') return 'The page refused the command.';
  return isHookError(error) ? WORDS[error](detail) : error;
}
