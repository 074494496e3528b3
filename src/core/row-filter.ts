/**
 * A filter of the grid's rows, as the filter bar sets it (text, match case, direction, type,
 * decoded name, size range, which rows to show) and as saved filters keep it, compiled into one
 * test of a row. Pure: where the decoded name and the searched text of a frame come from is the
 * caller's (`./frame-view.ts`).
 */
import { compileMatcher } from './filter';
import type { EventRow, FrameRow, LifecycleEvent } from './rows';

export type DirectionFilter = 'all' | 'sent' | 'received';
export type TypeFilter = 'all' | 'text' | 'binary';
/**
 * Which rows the grid shows: messages (the default, frames only), messages and lifecycle events,
 * events only, close events (close() called and close), or error events.
 */
export type ShowFilter = 'messages' | 'all' | 'events' | 'close' | 'error';

/** A filter as saved: every field of the filter bar but the connection (connection keys live one session). */
export interface FilterSpec {
  text: string;
  direction: DirectionFilter;
  /** Case-sensitive matching of a substring `text` (a /regex/ has its own i flag). Default false. */
  matchCase?: boolean;
  /** Text or binary frames only. Default 'all'. */
  type?: TypeFilter;
  /** Size range in bytes (the frame's full size), inclusive; null or absent: no bound. */
  minSize?: number | null;
  maxSize?: number | null;
  /**
   * The decoded name (event, topic, destination, method, operation): substring or /regex/, as the
   * filter box. Needs a name resolver; without one every frame's name is ''.
   */
  name?: string;
  /** Frames, lifecycle events or both. Default 'messages'. */
  show?: ShowFilter;
}

/** The filter bar's filter: a spec and the connection it is narrowed to. */
export interface ViewFilter extends FilterSpec {
  /** Connection key, or null for all connections. */
  connection: string | null;
}

/** Where a compiled filter reads what it matches. */
export interface RowFilterSource {
  /** A frame's decoded name ('' when none), or undefined when it is not known yet: the frame is then hidden. */
  nameOf(row: FrameRow): string | undefined;
  /** The text the filter box matches in a frame. */
  searchText(row: FrameRow): string;
}

export interface CompiledRowFilter {
  test: (row: FrameRow | EventRow) => boolean;
  /** Why the text was matched as text although it looks like a /regex/ (see `./pattern.ts`), or null. */
  textNote: string | null;
  /** The same for the name filter. */
  nameNote: string | null;
  /** Whether the test reads decoded names. */
  usesName: boolean;
}

/**
 * Compiles a filter into one test of a frame or event row. Frames: direction, type, size range,
 * name and text. Event rows have no direction, type, size or name: they pass only while those
 * are unset; the text matches what the row says. Which kinds pass at all is `show`.
 */
export function compileRowFilter(f: FilterSpec, source: RowFilterSource): CompiledRowFilter {
  const textMatcher = compileMatcher(f.text, f.matchCase === true);
  const text = textMatcher.pattern.kind === 'empty' ? null : textMatcher.test;
  // The name filter ignores match case: names are short identifiers typed from memory.
  const nameMatcher = compileMatcher(f.name ?? '');
  const nameTest = nameMatcher.pattern.kind === 'empty' ? null : nameMatcher.test;
  const show = f.show ?? 'messages';
  const direction = f.direction;
  const type = f.type ?? 'all';
  const minSize = f.minSize ?? null;
  const maxSize = f.maxSize ?? null;
  const frameProps = direction !== 'all' || type !== 'all' || minSize !== null || maxSize !== null || nameTest !== null;
  const showFrames = show === 'messages' || show === 'all';
  const showEvent = (e: LifecycleEvent): boolean =>
    show === 'all' || show === 'events' || (show === 'close' && (e === 'close' || e === 'closing')) || (show === 'error' && e === 'error');
  const test = (row: FrameRow | EventRow): boolean => {
    if (row.kind === 'event') {
      if (!showEvent(row.event) || frameProps) return false;
      return text === null || text(row.text);
    }
    if (!showFrames) return false;
    const rec = row.rec;
    if (direction !== 'all' && rec.dir !== direction) return false;
    if (type !== 'all' && rec.opcode !== type) return false;
    if (minSize !== null && rec.size < minSize) return false;
    if (maxSize !== null && rec.size > maxSize) return false;
    if (nameTest !== null) {
      const name = source.nameOf(row);
      if (name === undefined || !nameTest(name)) return false;
    }
    return text === null || text(source.searchText(row));
  };
  return { test, textNote: textMatcher.note, nameNote: nameMatcher.note, usesName: nameTest !== null };
}
