/**
 * The frames grid's column menu (the button at the end of the Data header, or a right-click on the
 * header): which optional columns to show, and what the Time column counts (the clock, since the
 * connection opened, since the row above). Remembered by the caller (a layout pref).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { COLUMNS, TIME_LABELS, toggleColumn, type ColumnId, type ColumnPrefs, type TimeMode } from './frame-columns';

const TIME_CHOICES: readonly { mode: TimeMode; label: string }[] = [
  { mode: 'clock', label: 'Clock time' },
  { mode: 'since-open', label: 'Since the connection opened' },
  { mode: 'delta', label: 'Since the row above' },
];

export function ColumnMenu({
  prefs,
  onChange,
  available,
  shown,
}: {
  prefs: ColumnPrefs;
  onChange(p: ColumnPrefs): void;
  /** Columns that can show now (Name needs a decoded connection, Connection several). */
  available: ReadonlySet<ColumnId>;
  /** Columns shown now (some chosen ones may not fit). */
  shown: readonly ColumnId[];
}) {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!at) return;
    (menu.current?.querySelector('[role^="menuitem"]') as HTMLElement | null)?.focus();
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && e.target !== button.current) setAt(null);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [at !== null]);
  const close = () => {
    setAt(null);
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };
  return (
    <>
      <button
        type="button"
        ref={button}
        class="icon col-menu-button"
        aria-label="Columns"
        title="Choose the columns"
        aria-haspopup="menu"
        aria-expanded={at !== null}
        onClick={(e) => {
          e.stopPropagation();
          if (at) return close();
          const r = button.current!.getBoundingClientRect();
          setAt({ x: Math.max(4, r.right - 220), y: r.bottom + 2 });
        }}
      >
        ⋮
      </button>
      {at && (
        <div class="menu column-menu" role="menu" aria-label="Columns" ref={menu} style={{ left: `${at.x}px`, top: `${at.y}px` }} onKeyDown={onKeyDown}>
          {COLUMNS.map((c) => {
            const on = prefs.columns.includes(c.id);
            const note = !on ? '' : !available.has(c.id) ? (c.id === 'name' ? ' (no decoded connection)' : ' (one connection listed)') : !shown.includes(c.id) ? ' (no room)' : '';
            return (
              <button type="button" role="menuitemcheckbox" aria-checked={on} onClick={() => onChange(toggleColumn(prefs, c.id))}>
                <span aria-hidden="true" class="menu-check">{on ? '✓' : ''}</span>
                {c.id === 'time' ? TIME_LABELS[prefs.time] : c.label}
                <small>{note}</small>
              </button>
            );
          })}
          <div role="separator" class="menu-sep" />
          {TIME_CHOICES.map((t) => (
            <button type="button" role="menuitemradio" aria-checked={prefs.time === t.mode} onClick={() => onChange({ ...prefs, time: t.mode, columns: prefs.columns.includes('time') ? prefs.columns : [...prefs.columns, 'time'] })}>
              <span aria-hidden="true" class="menu-check">{prefs.time === t.mode ? '•' : ''}</span>
              {t.label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
