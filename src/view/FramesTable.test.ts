import { describe, expect, it } from 'vitest';
import { newRowsText, rowsAfter } from './FramesTable';

type Store = Parameters<typeof rowsAfter>[0];

/** A store with rows of these kinds ('f' frame, 'e' event), ids 1…n, all visible but `hidden`. */
function store(kinds: string, hidden: number[] = []): Store {
  const rows = [...kinds].map((k, i) => ({ id: i + 1, kind: k === 'f' ? 'frame' : 'event' }));
  const visible = rows.map((_, i) => i).filter((i) => !hidden.includes(rows[i].id));
  return { rows, view: { visible } } as unknown as Store;
}

describe('the Follow bar', () => {
  it('counts the frames and the events that came after the last row seen, as the list shows them', () => {
    expect(rowsAfter(store('ffefef'), 2)).toEqual({ frames: 2, events: 2 });
    expect(rowsAfter(store('ffefef'), 6)).toEqual({ frames: 0, events: 0 });
    expect(rowsAfter(store('ffefef'), -1)).toEqual({ frames: 4, events: 2 });
    // Rows the filters hide are not counted.
    expect(rowsAfter(store('ffefef', [4, 6]), 2)).toEqual({ frames: 0, events: 2 });
  });

  it('names what came: frames, events, or both', () => {
    expect(newRowsText({ frames: 1, events: 0 })).toBe('1 new frame');
    expect(newRowsText({ frames: 1200, events: 0 })).toBe('1,200 new frames');
    expect(newRowsText({ frames: 0, events: 1 })).toBe('1 new event');
    expect(newRowsText({ frames: 3, events: 2 })).toBe('3 new frames, 2 events');
  });
});
