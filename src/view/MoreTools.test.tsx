// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MoreToolsMenu, type ToolbarTool } from './MoreTools';

afterEach(cleanup);

const tools: ToolbarTool[] = [
  { id: 'export', label: 'Export', node: null },
  { id: 'settings', label: 'Settings', node: null },
  { id: 'help', label: 'Keyboard shortcuts', node: null },
];

describe('MoreToolsMenu', () => {
  it('opens from the keyboard on its first item; arrows, Home and End move; Escape closes it back onto its button', async () => {
    render(<MoreToolsMenu tools={tools} activate={() => {}} />);
    const button = screen.getByRole('button', { name: 'More tools' });
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    const menu = await screen.findByRole('menu', { name: 'More tools' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const items = screen.getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['Export', 'Settings', 'Keyboard shortcuts']);
    await waitFor(() => expect(document.activeElement).toBe(items[0]));
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: 'End' });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.keyDown(menu, { key: 'Home' });
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('an item closes the menu and activates its tool, once', async () => {
    const activate = vi.fn();
    render(<MoreToolsMenu tools={tools} activate={activate} />);
    fireEvent.click(screen.getByRole('button', { name: 'More tools' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Settings' }));
    expect(activate.mock.calls).toEqual([['settings']]);
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
  });

  it('a click elsewhere closes it without activating anything', async () => {
    const activate = vi.fn();
    render(<MoreToolsMenu tools={tools} activate={activate} />);
    fireEvent.click(screen.getByRole('button', { name: 'More tools' }));
    await screen.findByRole('menu', { name: 'More tools' });
    fireEvent.mouseDown(document.body);
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(activate).not.toHaveBeenCalled();
  });
});
