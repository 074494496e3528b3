/**
 * "Copy as command line": a recorded connection as a `websocat` or a `wscat` command that
 * connects to the real server with the same URL and requested subprotocols and sends the frames
 * the server got (what reached it: a rewritten frame as sent, frames from the panel too; not one a
 * rule blocked or a breakpoint dropped), in order. Quoted for POSIX sh.
 *
 * - websocat sends each line of its input as a text message (`printf '%s\n' … | websocat URL`);
 *   when a frame holds a line break, NUL separates them instead (`-0`).
 * - wscat sends each `--execute` at once after connecting, then closes after `--wait` seconds (2).
 * No command-line argument can hold a NUL character: a frame with one is refused.
 * Neither sends a binary frame from its arguments or lines: a conversation with one is refused
 * with that said, rather than a command that would send something else.
 */
import type { Connection, ViewFrame } from './rows';
import { MAX_TEST_FRAMES, type Generated } from './playwright-test';

/** A word quoted for POSIX sh: single quotes, a quote inside as '\'' (nothing else is special there). */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const reachedServer = (f: ViewFrame): boolean => f.dir === 'sent' && f.mark !== 'blocked' && f.mark !== 'dropped';

interface Sends {
  texts: string[];
  notes: string[];
}

/** The text frames the server got, or why a command could not send them. */
function sends(c: Connection, frames: readonly ViewFrame[], tool: string): { ok: true; value: Sends } | { ok: false; message: string } {
  const name = `#${c.index}`;
  if (c.url === '') return { ok: false, message: `The recording does not say which URL ${name} connected to.` };
  const sent = frames.filter(reachedServer);
  const binary = sent.filter((f) => f.opcode === 'binary').length;
  if (binary > 0)
    return {
      ok: false,
      message: `${name} sent ${binary} binary frame${binary === 1 ? '' : 's'}: ${tool} cannot send binary frames from a command line, so no command is written (Copy as Playwright test writes binary frames).`,
    };
  const cut = sent.findIndex((f) => f.truncated);
  if (cut >= 0) return { ok: false, message: `Sent frame ${cut + 1} of ${name} was kept only in part (the per-frame cap in Settings): the command could not send it exactly.` };
  if (sent.some((f) => f.opcode === 'text' && f.data.includes('\0')))
    return { ok: false, message: `${name} sent a frame holding a NUL character, which no command-line argument can hold: no ${tool} command is written.` };
  const notes: string[] = [];
  let texts = sent.map((f) => (f.opcode === 'text' ? f.data : ''));
  if (texts.length > MAX_TEST_FRAMES) {
    notes.push(`Only the first ${MAX_TEST_FRAMES.toLocaleString('en-US')} of the ${texts.length.toLocaleString('en-US')} sent frames are in the command (the cap).`);
    texts = texts.slice(0, MAX_TEST_FRAMES);
  }
  if (texts.length === 0) notes.push(`${name} sent nothing to the server: the command only connects.`);
  return { ok: true, value: { texts, notes } };
}

/** The `websocat` command; `frames` are the connection's, in arrival order. */
export function websocatCommand(c: Connection, frames: readonly ViewFrame[]): Generated {
  const s = sends(c, frames, 'websocat');
  if (!s.ok) return s;
  const { texts, notes } = s.value;
  const protocol = c.protocols.length > 0 ? ` --protocol ${shQuote(c.protocols.join(', '))}` : '';
  if (texts.length === 0) return { ok: true, text: `websocat${protocol} ${shQuote(c.url)}`, notes };
  const lineBreak = texts.some((t) => /[\n\r]/.test(t));
  const words = texts.map(shQuote).join(' ');
  const text = lineBreak ? `printf '%s\\0' ${words} | websocat -0${protocol} ${shQuote(c.url)}` : `printf '%s\\n' ${words} | websocat${protocol} ${shQuote(c.url)}`;
  if (lineBreak) notes.push('A frame holds a line break: websocat reads messages separated by NUL (-0).');
  return { ok: true, text, notes };
}

/** The `wscat` command (wscat 5 or later: `--execute` repeated). */
export function wscatCommand(c: Connection, frames: readonly ViewFrame[]): Generated {
  const s = sends(c, frames, 'wscat');
  if (!s.ok) return s;
  const { texts, notes } = s.value;
  const words = ['wscat', '--connect', shQuote(c.url), ...c.protocols.flatMap((p) => ['--subprotocol', shQuote(p)])];
  // --execute=… so that a frame beginning with "-" is not read as an option.
  for (const t of texts) words.push(`--execute=${shQuote(t)}`);
  return { ok: true, text: words.join(' '), notes };
}
