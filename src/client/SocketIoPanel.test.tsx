// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EmitForm, listenList } from './SocketIoPanel';
import { DEFAULT_FORM } from './form-state';

afterEach(cleanup);

describe('EmitForm', () => {
  it('emits on submit and on Ctrl+Enter in the arguments, and shows the problem', () => {
    let emits = 0;
    render(<EmitForm sio={DEFAULT_FORM.sio} onChange={() => {}} onEmit={() => emits++} problem="Name the event to emit." />);
    fireEvent.click(screen.getByRole('button', { name: 'Emit' }));
    fireEvent.keyDown(screen.getByLabelText('Arguments (JSON array)'), { key: 'Enter', ctrlKey: true });
    expect(emits).toBe(2);
    expect(screen.getByRole('alert', { name: 'Emit problem' }).textContent).toBe('Name the event to emit.');
  });

  it('reads the events listened to', () => {
    expect(listenList(' chat message, ,file ')).toEqual(['chat message', 'file']);
    expect(listenList('')).toEqual([]);
  });
});
