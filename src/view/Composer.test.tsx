// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Draft } from '../core/message-draft';
import { Composer, rowsFor } from './Composer';

afterEach(cleanup);

function Harness({
  initial,
  onSend,
  blocked = null,
}: {
  initial: Draft;
  onSend: (d: string | Uint8Array) => void;
  blocked?: string | null;
}) {
  const [draft, setDraft] = useState(initial);
  return <Composer draft={draft} onDraftChange={setDraft} onSend={onSend} blocked={blocked} />;
}

const editor = () => screen.getByRole('textbox', { name: /^Message \(/ }) as HTMLTextAreaElement;

describe('Composer', () => {
  it('sends text with the button and with Ctrl/Cmd+Enter', () => {
    const onSend = vi.fn();
    render(<Harness initial={{ mode: 'text', text: 'hello' }} onSend={onSend} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    fireEvent.keyDown(editor(), { key: 'Enter', ctrlKey: true });
    fireEvent.keyDown(editor(), { key: 'Enter', metaKey: true });
    fireEvent.keyDown(editor(), { key: 'Enter' });
    expect(onSend.mock.calls.map((c) => c[0])).toEqual(['hello', 'hello', 'hello']);
  });

  it('validates JSON, pretty-prints and minifies, and sends invalid JSON as text', () => {
    const onSend = vi.fn();
    render(<Harness initial={{ mode: 'json', text: '{"a":[1]}' }} onSend={onSend} />);
    expect(screen.getByText('Valid JSON.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Pretty' }));
    expect(editor().value).toBe('{\n  "a": [\n    1\n  ]\n}');
    fireEvent.click(screen.getByRole('button', { name: 'Minify' }));
    expect(editor().value).toBe('{"a":[1]}');
    fireEvent.input(editor(), { target: { value: '{"a":' } });
    expect(editor().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Invalid JSON: .* It can still be sent as text\./)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Pretty' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Send as text' }));
    expect(onSend).toHaveBeenCalledWith('{"a":', expect.anything());
    expect(screen.getByText(/Not valid JSON .*; sent as text\./)).toBeTruthy();
  });

  it('refuses invalid hex with the position and selects the bad character', () => {
    const onSend = vi.fn();
    render(<Harness initial={{ mode: 'hex', text: '00 0g' }} onSend={onSend} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('position 5');
    expect([editor().selectionStart, editor().selectionEnd]).toEqual([4, 5]);
    fireEvent.input(editor(), { target: { value: '00 0f' } });
    expect(screen.getByText('Binary, 2 bytes.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledWith(new Uint8Array([0, 15]), expect.anything());
  });

  it('converts the draft when the format changes', () => {
    render(<Harness initial={{ mode: 'text', text: 'Hi' }} onSend={() => {}} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Hex' }));
    expect(editor().value).toBe('48 69');
    fireEvent.click(screen.getByRole('radio', { name: 'Base64' }));
    expect(editor().value).toBe('SGk=');
  });

  it('says why it cannot send', () => {
    const onSend = vi.fn();
    render(<Harness initial={{ mode: 'text', text: 'x' }} onSend={onSend} blocked="Not connected." />);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Not connected.');
  });

  it('has a file mode with a labelled file input', () => {
    const onSend = vi.fn();
    render(<Harness initial={{ mode: 'file', text: '' }} onSend={onSend} />);
    expect(screen.getByLabelText('File to send')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose a file to send.');
  });
});

describe('rowsFor', () => {
  it("is the text's line count, at least 3 and at most 10", () => {
    expect(rowsFor('')).toBe(3);
    expect(rowsFor('a\nb\nc\nd')).toBe(4);
    expect(rowsFor(JSON.stringify({ a: 1, b: [1, 2, 3], c: { d: 'e' } }, null, 2))).toBe(10);
    expect(rowsFor('\n'.repeat(1_000_000))).toBe(10);
  });
});
