// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleCapture } from '../core/fixtures/sample-capture';
import { SessionView } from './SessionView';

// No extension storage here: the saved filters live for the panel's life only.
vi.mock('webextension-polyfill', () => ({ default: {} }));
afterEach(cleanup);
// The panel paints on animation frames; give a loaded machine time before calling a wait failed.
configure({ asyncUtilTimeout: 5000 });

const summary = () => screen.getByRole('status', { name: 'Summary' }).textContent ?? '';
const change = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

async function saveAs(name: string): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: 'Save filter' }));
  fireEvent.input(screen.getByRole('textbox', { name: 'Filter name' }), { target: { value: name } });
  fireEvent.click(screen.getByRole('button', { name: 'Save' }));
}

describe('Show and saved filters in the panel', () => {
  it('Show: messages by default; events are counted apart from frames', async () => {
    // The sample: 11 frames; 8 lifecycle events (3 opens, 1 error, 1 close() call, 3 closes).
    const { store } = sampleCapture();
    render(<SessionView store={store} title="WebSocket Lens" />);
    expect(summary()).toContain('11 / 11 frames shown');
    expect(summary()).not.toContain('events');
    change('Show', 'close');
    await waitFor(() => expect(summary()).toContain('0 / 11 frames shown · 4 / 8 events'));
    change('Show', 'error');
    await waitFor(() => expect(summary()).toContain('0 / 11 frames shown · 1 / 8 events'));
    change('Show', 'all');
    await waitFor(() => expect(summary()).toContain('11 / 11 frames shown · 8 / 8 events'));
    const options = [...(screen.getByLabelText('Show') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['Messages', 'Messages and events', 'Events only', 'Close events', 'Errors']);
  });

  it('saves the current filter under a name, switched off (nothing shown changes), uses it, combines with AND or OR, deletes it', async () => {
    const { store, frames } = sampleCapture();
    render(<SessionView store={store} title="WebSocket Lens" />);
    const sentCount = frames.filter((f) => f.rec.dir === 'sent').length;
    const receivedCount = frames.length - sentCount;
    change('Direction', 'sent');
    await waitFor(() => expect(summary()).toContain(`${sentCount} / 11 frames shown`));
    await saveAs('Sent');
    const use = await screen.findByRole('checkbox', { name: 'Use Sent' });
    expect((use as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('status', { name: 'Saved filter status' }).textContent).toBe(
      'Saved "Sent", switched off: tick "Use Sent" to apply it.',
    );
    expect(screen.getByLabelText('Saved filters in use').textContent).toBe('0 of 1 saved filter active');
    change('Direction', 'all');
    await waitFor(() => expect(summary()).toContain('11 / 11 frames shown')); // the saved filter is off
    fireEvent.click(use);
    await waitFor(() => expect(summary()).toContain(`${sentCount} / 11 frames shown`));
    change('Direction', 'received');
    await saveAs('Received');
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Use Received' }));
    change('Direction', 'all');
    await waitFor(() => expect(summary()).toContain(`0 / 11 frames shown`)); // sent AND received
    // The empty list says which saved filters hide the frames.
    expect(screen.getByRole('grid', { name: 'Frames' }).textContent).toContain(
      'No frame shown: hidden by the saved filters "Sent" and "Received". Switch them off under Saved filters to see more.',
    );
    change('Combine saved filters', 'or');
    await waitFor(() => expect(summary()).toContain(`${sentCount + receivedCount} / 11 frames shown`));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Use Received' }));
    await waitFor(() => expect(summary()).toContain(`${sentCount} / 11 frames shown`));
    expect(screen.getByLabelText('Saved filters in use').textContent).toBe('1 of 2 saved filters active');
    fireEvent.click(screen.getByRole('button', { name: 'Delete Sent' }));
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Use Sent' })).toBeNull());
    await waitFor(() => expect(summary()).toContain('11 / 11 frames shown'));
  });

  it('says why a filter cannot be saved: no name, a name taken, nothing to filter', async () => {
    const { store } = sampleCapture();
    render(<SessionView store={store} title="WebSocket Lens" />);
    await saveAs('Empty');
    expect((await screen.findByRole('alert')).textContent).toMatch(/The filter is empty/);
    fireEvent.input(screen.getByRole('searchbox', { name: 'Filter frames' }), { target: { value: 'hello' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Filter name' }), { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Give the filter a name.');
    fireEvent.input(screen.getByRole('textbox', { name: 'Filter name' }), { target: { value: 'Hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('checkbox', { name: 'Use Hello' });
    await saveAs('hello');
    expect((await screen.findByRole('alert')).textContent).toBe('A filter named "hello" exists already.');
  });
});
