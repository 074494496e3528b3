// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleCapture } from '../core/fixtures/sample-capture';
import { buildExportBlob, exportInput } from '../view/export-file';
import { PanelShell } from './PanelShell';

vi.mock('webextension-polyfill', () => ({ default: {} }));
afterEach(cleanup);

const meta = { userAgent: 'UA', extensionVersion: '0.1.0', exportedAt: new Date(0) };

function choose(label: string, file: File): void {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('PanelShell', () => {
  it('shows the live session with its live-only controls, Export and Import', () => {
    const { store } = sampleCapture();
    render(<PanelShell live={store} title="WebSocket Lens" />);
    for (const name of ['Pause capture', 'Clear', 'Settings', 'Export']) expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(screen.getByLabelText('Import log')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Imported log' })).toBeNull();
  });

  it('offers HAR, JSON and NDJSON for each scope; the selected connection only when there is one', () => {
    const { store } = sampleCapture();
    render(<PanelShell live={store} title="WebSocket Lens" />);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const items = screen.getAllByRole('menuitem');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual(
      ['All connections', 'Selected connection', 'Frames shown by the filter'].flatMap((s) =>
        ['HAR', 'JSON', 'NDJSON'].map((k) => `${s} as ${k}`),
      ),
    );
    expect(items.filter((i) => (i as HTMLButtonElement).disabled).map((i) => i.getAttribute('aria-label'))).toEqual([
      'Selected connection as HAR',
      'Selected connection as JSON',
      'Selected connection as NDJSON',
    ]);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('shows an imported log read-only over the live session, and goes back to it', async () => {
    const { store } = sampleCapture();
    const text = await (await buildExportBlob('json', exportInput(store, 'all', meta)!)).text();
    const seen: unknown[] = [];
    render(<PanelShell live={store} title="WebSocket Lens" onImportedChange={(log) => seen.push(log?.store ?? null)} />);
    choose('Import log', new File([text], 'saved.json'));
    const banner = await screen.findByRole('region', { name: 'Imported log' });
    expect(banner.textContent).toContain('Imported: saved.json — read-only · 4 connections, 11 frames');
    for (const name of ['Pause capture', 'Clear', 'Settings']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.queryByLabelText('Preserve log')).toBeNull();
    expect(screen.getByRole('button', { name: 'Export' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Summary' }).textContent).toContain('imported · read-only');
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe(store);
    fireEvent.click(screen.getByRole('button', { name: 'Back to live capture' }));
    expect(screen.queryByRole('region', { name: 'Imported log' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Pause capture' })).toBeTruthy();
    expect(seen).toEqual([seen[0], null]);
  });

  it('says why a file cannot be imported and keeps what was shown', async () => {
    const { store } = sampleCapture();
    const rows = store.rows.length;
    render(<PanelShell live={store} title="WebSocket Lens" />);
    choose('Import log', new File(['{"format":"websocket-lens","version":7,"connections":[],"frames":[]}'], 'future.json'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not import future.json: This log was made by a newer WebSocket Lens (version 7)');
    expect(screen.queryByRole('region', { name: 'Imported log' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Pause capture' })).toBeTruthy();
    expect(store.rows.length).toBe(rows);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
