/**
 * The frames grid's columns: a direction icon, the payload taking the remaining width, then the
 * columns the user chose (the column menu), in a fixed order. One list decides both the grid
 * template and the cells, so they match at every width; columns that do not fit beside a
 * readable payload are left out (and the menu says so) rather than overflowing sideways.
 */

export type ColumnId = 'time' | 'size' | 'type' | 'name' | 'conn';
export type TimeMode = 'clock' | 'since-open' | 'delta';

export interface ColumnPrefs {
  columns: ColumnId[];
  time: TimeMode;
}

/** In grid order (after Dir and Data), with their widths in px. */
export const COLUMNS: readonly { id: ColumnId; label: string; width: number }[] = [
  { id: 'conn', label: 'Connection', width: 150 },
  { id: 'name', label: 'Name', width: 130 },
  { id: 'type', label: 'Type', width: 112 },
  { id: 'size', label: 'Size', width: 70 },
  { id: 'time', label: 'Time', width: 86 },
];

export const TIME_LABELS: Record<TimeMode, string> = { clock: 'Time', 'since-open': 'Since open', delta: 'Delta' };

export const DEFAULT_COLUMN_PREFS: ColumnPrefs = { columns: ['conn', 'name', 'type', 'size', 'time'], time: 'clock' };

/** The arrow, a frame's mark and the truncated mark. */
const DIR_WIDTH = 32;
/** The payload keeps at least this much room before optional columns are left out. */
export const MIN_DATA_WIDTH = 240;
const COLUMN_GAP = 8;
/** Left and right padding of a row. */
const ROW_PADDING = 12;

/** Stored prefs, tolerating anything malformed. */
export function readColumnPrefs(raw: unknown): ColumnPrefs {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_COLUMN_PREFS;
  const o = raw as { columns?: unknown; time?: unknown };
  const ids = new Set(COLUMNS.map((c) => c.id));
  const columns = Array.isArray(o.columns) ? COLUMNS.map((c) => c.id).filter((id) => (o.columns as unknown[]).includes(id) && ids.has(id)) : DEFAULT_COLUMN_PREFS.columns;
  const time = o.time === 'clock' || o.time === 'since-open' || o.time === 'delta' ? o.time : DEFAULT_COLUMN_PREFS.time;
  return { columns, time };
}

export function toggleColumn(prefs: ColumnPrefs, id: ColumnId): ColumnPrefs {
  const on = prefs.columns.includes(id);
  return { ...prefs, columns: COLUMNS.map((c) => c.id).filter((c) => (c === id ? !on : prefs.columns.includes(c))) };
}

/**
 * Which chosen columns give way first when the payload would be too narrow: Connection (the
 * picker and the pane name it), Size, Type, Name, Time. The detail shows them all.
 */
const DROP_ORDER: readonly ColumnId[] = ['conn', 'size', 'type', 'name', 'time'];

/**
 * The optional columns shown: those chosen and available (Name only when a connection is decoded,
 * Connection only with several connections listed), leaving out columns in DROP_ORDER until the
 * payload keeps MIN_DATA_WIDTH of `width` (null: not measured yet, show all).
 */
export function fitColumns(prefs: ColumnPrefs, available: ReadonlySet<ColumnId>, width: number | null): ColumnId[] {
  const chosen = COLUMNS.filter((c) => prefs.columns.includes(c.id) && available.has(c.id));
  if (width === null) return chosen.map((c) => c.id);
  const fixed = () => DIR_WIDTH + ROW_PADDING + COLUMN_GAP * (chosen.length + 1) + chosen.reduce((s, c) => s + c.width, 0);
  for (const id of DROP_ORDER) {
    if (width - fixed() >= MIN_DATA_WIDTH) break;
    const i = chosen.findIndex((c) => c.id === id);
    if (i >= 0) chosen.splice(i, 1);
  }
  return chosen.map((c) => c.id);
}

/** The CSS grid template for these columns: Dir, Data (the rest), then each column. */
export function gridTemplate(columns: readonly ColumnId[]): string {
  const widths = columns.map((id) => `${COLUMNS.find((c) => c.id === id)!.width}px`);
  return [`${DIR_WIDTH}px`, 'minmax(0, 1fr)', ...widths].join(' ');
}
