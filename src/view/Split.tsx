/**
 * A splitter between two panes: drag it, or focus it and use the arrow keys (Shift: larger steps,
 * Home/End: the bounds). It sets the size in px of the pane on its `side` (the pane after it:
 * `end`; before it: `start`); the caller keeps the size (a layout pref).
 */
import { useRef } from 'preact/hooks';

export interface SplitterProps {
  label: string;
  /** `vertical`: a vertical bar between panes side by side (it sets a width); `horizontal`: between panes stacked (a height). */
  orientation: 'vertical' | 'horizontal';
  /** Which pane the size is of: the one before the splitter or the one after it. */
  side: 'start' | 'end';
  value: number;
  min: number;
  max: number;
  onChange(size: number): void;
}

const STEP = 16;

export function Splitter({ label, orientation, side, value, min, max, onChange }: SplitterProps) {
  const drag = useRef<{ from: number; size: number } | null>(null);
  const hi = Math.max(min, max);
  const clamp = (n: number) => Math.round(Math.min(hi, Math.max(min, n)));
  const pos = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  const sign = side === 'start' ? 1 : -1;
  return (
    <div
      class={`splitter ${orientation}`}
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={clamp(value)}
      aria-valuemin={min}
      aria-valuemax={hi}
      tabIndex={0}
      onPointerDown={(e) => {
        e.preventDefault();
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        drag.current = { from: pos(e), size: clamp(value) };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (d) onChange(clamp(d.size + sign * (pos(e) - d.from)));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? STEP * 4 : STEP;
        const grow: Record<string, number> = orientation === 'vertical' ? { ArrowRight: sign, ArrowLeft: -sign } : { ArrowDown: sign, ArrowUp: -sign };
        const dir = grow[e.key];
        let next: number | null = null;
        if (dir !== undefined) next = clamp(value) + dir * step;
        else if (e.key === 'Home') next = min;
        else if (e.key === 'End') next = hi;
        if (next !== null) {
          e.preventDefault();
          onChange(clamp(next));
        }
      }}
    />
  );
}
