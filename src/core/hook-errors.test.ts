import { describe, expect, it } from 'vitest';
import { commandErrorText } from './hook-errors';

describe('commandErrorText', () => {
  it('words each hook error code, with the socket state it names', () => {
    expect(commandErrorText('no-socket')).toBe('That connection is closed: nothing was done.');
    expect(commandErrorText('not-paused')).toBe('That frame is no longer paused.');
    expect(commandErrorText('send-not-open', 'connecting')).toBe('The socket is still connecting: nothing was sent.');
    expect(commandErrorText('send-not-open', 'closed')).toBe('The socket is closed: nothing was sent.');
    expect(commandErrorText('simulate-not-open', 'closing')).toBe('The socket is closing: no message was delivered.');
    expect(commandErrorText('already-closed', 'closing')).toBe('The socket is already closing.');
    expect(commandErrorText('already-closed', 'closed')).toBe('The socket is already closed.');
    expect(commandErrorText('reason-without-code')).toBe('A close reason needs a close code.');
  });

  it("shows a native error's own message, and says something when there is none", () => {
    expect(commandErrorText('threw', "SyntaxError: Failed to execute 'close' on 'WebSocket'")).toBe("SyntaxError: Failed to execute 'close' on 'WebSocket'");
    expect(commandErrorText('threw')).toBe('The browser refused the command.');
  });

  it('passes the sentences of the relay and the background through, and never an unknown state name', () => {
    expect(commandErrorText('The page hook is not running in this frame.')).toBe('The page hook is not running in this frame.');
    expect(commandErrorText(undefined)).toBe('The page refused the command.');
    expect(commandErrorText('send-not-open', 'toString')).toBe('The socket is not open: nothing was sent.');
    expect(commandErrorText('constructor')).toBe('constructor');
  });
});
