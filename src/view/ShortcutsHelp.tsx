/**
 * The panel's keyboard shortcuts: what `useShortcuts` (SessionView) answers, listed in a popover
 * opened with `?` or its toolbar button.
 */
import { useEffect, useRef } from 'preact/hooks';

const SHORTCUTS: readonly [keys: string, what: string][] = [
  ['/ or Ctrl+F', 'Focus the filter box'],
  ['Ctrl+E', 'Pause or resume capture'],
  ['Ctrl+L', 'Clear frames and closed connections'],
  ['Alt+F', 'Show or hide the Filters row'],
  ['↑ ↓ PgUp PgDn Home End', 'Move in the frames (the grid focused)'],
  ['Shift+F10 or the menu key', 'Actions on the selected frame'],
  ['Esc', 'Close the detail pane, a menu or this list'],
  ['← → or ↑ ↓ on a splitter', 'Resize the panes (Shift: larger steps)'],
  ['?', 'This list'],
];

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, []);
  return (
    <div
      class="menu shortcuts"
      role="dialog"
      aria-label="Keyboard shortcuts"
      tabIndex={-1}
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' || e.key === '?') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <h2>Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map(([k, w]) => (
          <>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{w}</dd>
          </>
        ))}
      </dl>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
