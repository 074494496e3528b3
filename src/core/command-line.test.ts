/**
 * The command-line generators, run: each command goes through /bin/sh with `websocat` and `wscat`
 * stand-ins on PATH that print the arguments and the input they got, so the quoting is checked by
 * what a POSIX shell makes of it, not by how the text looks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryFrame, openConnection, textFrame } from './fixtures/records';
import { shQuote, websocatCommand, wscatCommand } from './command-line';
import type { Connection, ViewFrame } from './rows';

let bin = '';
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'wslens-cmd-'));
  const stub = `#!${process.execPath}
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => process.stdout.write(JSON.stringify({ args: process.argv.slice(2), input })));
`;
  for (const tool of ['websocat', 'wscat']) {
    writeFileSync(join(bin, tool), stub);
    chmodSync(join(bin, tool), 0o755);
  }
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** What the tool gets when /bin/sh runs `command`. */
function shell(command: string): { args: string[]; input: string } {
  const out = execFileSync('/bin/sh', ['-c', command], { env: { PATH: `${bin}:/usr/bin:/bin` }, input: '', encoding: 'utf8' });
  return JSON.parse(out) as { args: string[]; input: string };
}

function text(g: ReturnType<typeof websocatCommand>): string {
  if (!g.ok) throw new Error(g.message);
  return g.text;
}

const NASTY = `it's "quoted" \`tick\` $HOME \${x} \\ * ? ~ ; & | > ! Zoë 😀 \u2028`;

function conn(frames: ViewFrame[], patch: Partial<Connection> = {}): [Connection, ViewFrame[]] {
  return [openConnection({ url: 'wss://ws.test/feed?a=1&b=$x', protocols: ['chat.v2', 'chat'], ...patch }), frames];
}

describe('shQuote', () => {
  it('single-quotes, a quote as \'\\\'\'', () => {
    expect(shQuote("a'b")).toBe(`'a'\\''b'`);
    expect(shQuote('')).toBe("''");
    expect(shell(`printf '%s' ${shQuote(NASTY)} | websocat`).input).toBe(NASTY);
  });
});

describe('websocatCommand', () => {
  it('pipes the sent text frames as lines, with the URL and subprotocols; received frames and blocked sends are not sent', () => {
    const [c, frames] = conn([
      textFrame('first'),
      textFrame('reply', { dir: 'received' }),
      textFrame(NASTY),
      textFrame('never reached the server', { mark: 'blocked' }),
      textFrame('-n'),
      textFrame(''),
    ]);
    const cmd = text(websocatCommand(c, frames));
    expect(cmd).toBe(`printf '%s\\n' 'first' ${shQuote(NASTY)} '-n' '' | websocat --protocol 'chat.v2, chat' 'wss://ws.test/feed?a=1&b=$x'`);
    expect(shell(cmd)).toEqual({ args: ['--protocol', 'chat.v2, chat', 'wss://ws.test/feed?a=1&b=$x'], input: `first\n${NASTY}\n-n\n\n` });
  });

  it('separates by NUL when a frame holds a line break; refuses a NUL, which no argument can hold', () => {
    const [c, frames] = conn([textFrame('a\nb'), textFrame('c')], { protocols: [] });
    const g = websocatCommand(c, frames);
    expect(g).toEqual({ ok: true, text: `printf '%s\\0' 'a\nb' 'c' | websocat -0 'wss://ws.test/feed?a=1&b=$x'`, notes: ['A frame holds a line break: websocat reads messages separated by NUL (-0).'] });
    expect(shell(text(g)).input).toBe('a\nb\0c\0');
    expect(websocatCommand(c, [textFrame('c\0')])).toEqual({
      ok: false,
      message: '#1 sent a frame holding a NUL character, which no command-line argument can hold: no websocat command is written.',
    });
  });

  it('says plainly that binary frames cannot be sent', () => {
    const [c, frames] = conn([textFrame('a'), binaryFrame([1, 2])]);
    expect(websocatCommand(c, frames)).toEqual({
      ok: false,
      message: '#1 sent 1 binary frame: websocat cannot send binary frames from a command line, so no command is written (Copy as Playwright test writes binary frames).',
    });
    expect(wscatCommand(c, frames)).toMatchObject({ ok: false, message: expect.stringContaining('wscat cannot send binary frames') });
  });

  it('only connects when nothing was sent, and says so', () => {
    const [c, frames] = conn([textFrame('hello', { dir: 'received' })], { protocols: [] });
    expect(websocatCommand(c, frames)).toEqual({ ok: true, text: `websocat 'wss://ws.test/feed?a=1&b=$x'`, notes: ['#1 sent nothing to the server: the command only connects.'] });
  });

  it('caps the frames in the command and says so', () => {
    const many = Array.from({ length: 1002 }, (_, i) => textFrame(`m${i}`));
    const [c] = conn([]);
    const g = websocatCommand(c, many);
    expect(g.ok && g.notes).toEqual(['Only the first 1,000 of the 1,002 sent frames are in the command (the cap).']);
    expect(shell(text(g)).input.split('\n')).toHaveLength(1001);
  });
});

describe('wscatCommand', () => {
  it('sends each frame with --execute, subprotocols repeated; a frame starting with "-" stays a value', () => {
    const [c, frames] = conn([textFrame('first'), textFrame(`${NASTY}\nsecond line`), textFrame('-x'), textFrame('composed', { mark: 'composed' })]);
    const cmd = text(wscatCommand(c, frames));
    expect(cmd).toBe(
      `wscat --connect 'wss://ws.test/feed?a=1&b=$x' --subprotocol 'chat.v2' --subprotocol 'chat' --execute='first' --execute=${shQuote(`${NASTY}\nsecond line`)} --execute='-x' --execute='composed'`,
    );
    expect(shell(`${cmd} </dev/null`).args).toEqual([
      '--connect',
      'wss://ws.test/feed?a=1&b=$x',
      '--subprotocol',
      'chat.v2',
      '--subprotocol',
      'chat',
      '--execute=first',
      `--execute=${NASTY}\nsecond line`,
      '--execute=-x',
      '--execute=composed',
    ]);
  });

  it('refuses a NUL character, which no argument can hold', () => {
    const [c, frames] = conn([textFrame('a\0b')]);
    expect(wscatCommand(c, frames)).toEqual({ ok: false, message: '#1 sent a frame holding a NUL character, which no command-line argument can hold: no wscat command is written.' });
  });
});
