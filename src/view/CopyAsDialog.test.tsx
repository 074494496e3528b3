// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { binaryFrame, openConnection, textFrame } from '../core/fixtures/records';
import { playwrightTest } from '../core/playwright-test';
import { CopyAsDialog } from './CopyAsDialog';

afterEach(cleanup);

const conn = openConnection({ sent: { frames: 2, bytes: 2 }, received: { frames: 1, bytes: 1 }, protocols: ['chat'] });
const frames = [textFrame('hi'), textFrame('yo', { dir: 'received' }), textFrame("it's")];

describe('CopyAsDialog', () => {
  it('shows the Playwright test, labelled, with the notes, and copies it', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<CopyAsDialog kind="playwright" c={conn} frames={frames} onClose={() => {}} />);
    expect(screen.getByRole('heading').textContent).toBe('Playwright test of #1');
    const generated = playwrightTest(conn, frames);
    if (!generated.ok) throw new Error(generated.message);
    expect((screen.getByRole('textbox', { name: 'Playwright test' }) as HTMLTextAreaElement).value).toBe(generated.text);
    expect(screen.getByRole('list', { name: 'Notes' }).textContent).toBe(generated.notes.join(''));
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Copy status' }).textContent).toBe('Copied the Playwright test.'));
    expect(writeText).toHaveBeenCalledWith(generated.text);
  });

  it('switches between websocat and wscat', () => {
    render(<CopyAsDialog kind="command" c={conn} frames={frames} onClose={() => {}} />);
    expect((screen.getByRole('textbox', { name: 'websocat command' }) as HTMLTextAreaElement).value).toBe(
      `printf '%s\\n' 'hi' 'it'\\''s' | websocat --protocol 'chat' 'wss://ws.test/feed'`,
    );
    fireEvent.click(screen.getByRole('radio', { name: 'wscat' }));
    expect((screen.getByRole('textbox', { name: 'wscat command' }) as HTMLTextAreaElement).value).toBe(
      `wscat --connect 'wss://ws.test/feed' --subprotocol 'chat' --execute='hi' --execute='it'\\''s'`,
    );
  });

  it('says why when no code can be written, and offers nothing to copy', () => {
    render(<CopyAsDialog kind="command" c={conn} frames={[binaryFrame([1])]} onClose={() => {}} />);
    expect(screen.getByRole('alert').textContent).toContain('websocat cannot send binary frames');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect((screen.getByRole('button', { name: 'Copy' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
