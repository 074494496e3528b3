import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMN_PREFS, fitColumns, gridTemplate, MIN_DATA_WIDTH, readColumnPrefs, toggleColumn, type ColumnId } from './frame-columns';

const ALL = new Set<ColumnId>(['conn', 'name', 'type', 'size', 'time']);

describe('frame columns', () => {
  it('reads stored prefs, tolerating malformed ones', () => {
    expect(readColumnPrefs(null)).toEqual(DEFAULT_COLUMN_PREFS);
    expect(readColumnPrefs({ columns: ['time', 'bogus', 'size'], time: 'delta' })).toEqual({ columns: ['size', 'time'], time: 'delta' });
    expect(readColumnPrefs({ columns: 'x', time: 'never' })).toEqual(DEFAULT_COLUMN_PREFS);
  });

  it('toggles a column and keeps the grid order', () => {
    const p = toggleColumn({ columns: ['time'], time: 'clock' }, 'type');
    expect(p.columns).toEqual(['type', 'time']);
    expect(toggleColumn(p, 'time').columns).toEqual(['type']);
  });

  it('shows only available columns', () => {
    expect(fitColumns(DEFAULT_COLUMN_PREFS, new Set(['size', 'time']), null)).toEqual(['size', 'time']);
  });

  it('leaves columns out, Connection first and Time last, until the payload keeps its room', () => {
    expect(fitColumns(DEFAULT_COLUMN_PREFS, ALL, 2000)).toEqual(['conn', 'name', 'type', 'size', 'time']);
    expect(fitColumns(DEFAULT_COLUMN_PREFS, ALL, 800)).toEqual(['name', 'type', 'size', 'time']);
    expect(fitColumns(DEFAULT_COLUMN_PREFS, new Set(['type', 'size', 'time']), 560)).toEqual(['type', 'time']);
    expect(fitColumns(DEFAULT_COLUMN_PREFS, new Set(['name', 'type', 'size', 'time']), 620)).toEqual(['name', 'time']);
    expect(fitColumns(DEFAULT_COLUMN_PREFS, ALL, 500)).toEqual(['time']);
    expect(fitColumns(DEFAULT_COLUMN_PREFS, ALL, 300)).toEqual([]);
    // Whatever is left, the payload has at least its minimum.
    for (const w of [200, 300, 360, 500, 700, 900]) {
      const cols = fitColumns(DEFAULT_COLUMN_PREFS, ALL, w);
      const px = gridTemplate(cols).split(' ').filter((t) => t.endsWith('px') && !t.includes('(')).reduce((s, t) => s + parseFloat(t), 0);
      if (cols.length > 0) expect(w - px - 12 - 8 * (cols.length + 1)).toBeGreaterThanOrEqual(MIN_DATA_WIDTH);
    }
  });

  it('builds a template with one track per cell: Dir, Data, then the columns', () => {
    expect(gridTemplate(['size', 'time'])).toBe('32px minmax(0, 1fr) 70px 86px');
    expect(gridTemplate([])).toBe('32px minmax(0, 1fr)');
  });
});
