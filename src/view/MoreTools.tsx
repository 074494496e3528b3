/**
 * The toolbar's overflow, as DevTools' toolbars have it: the row never wraps; the tools at its end
 * (Export, Import log, Rules, Settings, Pop out, shortcuts) that do not fit the width there is go,
 * last first, into a "More tools" menu (»), and so do they when the filter box would get less
 * than its basis (160 px). How many go is measured, not set by breakpoints: a tool comes back when
 * the room the flexible parts (the spacer, the filter box above its basis) would give up is as
 * wide as the tool was when last shown.
 *
 * A tool in the menu stays rendered with only its trigger hidden, so its dialog or popover (the
 * rules, the export menu, the shortcuts list) opens where it always does; the menu item clicks
 * that trigger.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface ToolbarTool {
  id: string;
  /** The menu item's name (what the inline control is called). */
  label: string;
  node: ComponentChildren;
}

/** The toolbar's gap between items, in px (view.css `.toolbar`). */
const GAP = 4;

/**
 * How many tools, counted from the end, do not fit `bar` (its width `width`): re-measured when
 * the width, the tools or their labels change.
 */
export function useOverflow(bar: { current: HTMLElement | null }, width: number | null, tools: readonly ToolbarTool[], key: string): number {
  const [hidden, setHidden] = useState(0);
  const widths = useRef(new Map<string, number>());
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el || width === null) return;
    for (const t of el.querySelectorAll<HTMLElement>(':scope > .tool:not(.collapsed)')) widths.current.set(t.dataset.tool ?? '', t.offsetWidth);
    const style = getComputedStyle(el);
    const right = el.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    let end = 0;
    for (const c of el.children) {
      if (!(c instanceof HTMLElement) || c.offsetParent === null || getComputedStyle(c).position === 'absolute') continue;
      end = Math.max(end, c.getBoundingClientRect().right);
    }
    const spacer = el.querySelector<HTMLElement>(':scope > .spacer');
    const filter = el.querySelector<HTMLElement>(':scope > .filter');
    // The filter box keeps its basis before a tool keeps its place (it may shrink further only
    // once every tool is in the menu).
    const comfort = filter ? parseFloat(getComputedStyle(filter).flexBasis) || 0 : 0;
    if (end > right + 0.5 || (filter !== null && filter.offsetWidth < comfort - 0.5)) {
      if (hidden < tools.length) setHidden(hidden + 1);
      return;
    }
    if (hidden === 0) return;
    const give = (spacer?.offsetWidth ?? 0) + (filter ? Math.max(0, filter.offsetWidth - comfort) : 0);
    const more = hidden === 1 ? (el.querySelector<HTMLElement>(':scope > .more-tools')?.offsetWidth ?? 0) + GAP : 0;
    const next = tools[tools.length - hidden];
    // A tool not shown yet (the panel opened narrow) has no width: shown to be measured, it goes
    // back into the menu at once if it does not fit.
    const need = next ? (widths.current.get(next.id) ?? 0) : Infinity;
    if (need + GAP <= give + more) setHidden(hidden - 1);
  }, [width, hidden, key, tools.length]);
  return Math.min(hidden, tools.length);
}

/** The » button and its menu of the tools that did not fit; `activate` clicks a tool's hidden trigger. */
export function MoreToolsMenu({ tools, activate }: { tools: readonly ToolbarTool[]; activate(id: string): void }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    const away = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    const moves: Record<string, () => void> = {
      ArrowDown: () => go(at + 1),
      ArrowUp: () => go(at - 1),
      Home: () => go(0),
      End: () => go(items.length - 1),
      Escape: close,
    };
    if (e.key in moves) {
      e.preventDefault();
      e.stopPropagation();
      moves[e.key]();
    } else if (e.key === 'Tab') setOpen(false);
  };
  return (
    <span class="more-tools">
      <button
        type="button"
        ref={buttonRef}
        class="icon"
        aria-label="More tools"
        title="More tools"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="wsl-more-tools"
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span aria-hidden="true">»</span>
      </button>
      {open && (
        <div class="menu more-menu" id="wsl-more-tools" role="menu" aria-label="More tools" ref={menuRef} onKeyDown={onMenuKey}>
          {tools.map((t) => (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                setOpen(false);
                activate(t.id);
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
