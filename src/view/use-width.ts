/** The width of an element (its content box, scrollbar excluded), followed with a ResizeObserver; null until measured. */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

export function useWidth(ref: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref.current]);
  return width;
}
