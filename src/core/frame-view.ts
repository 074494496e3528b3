/**
 * What the grid shows of a store's rows: the live filter (the filter bar) AND the active saved
 * filters, the rows that pass (`visible`, indexes into the rows), the status bar's counts, a row
 * revealed whatever the filters say, the searched text of binary frames (cached), and the name
 * filter's resolver with its time budget per pass.
 *
 * Owned by a `SessionStore` (`store.view`), which tells it about every change of its rows: a row
 * added (`added`), the oldest rows cut (`cut`), rows replaced (`rebuild`), everything cleared
 * (`cleared`). The view never changes the rows. Filter changes made here notify the store's
 * listeners through `onChange`.
 */
import { bytesToHex, decodeUtf8 } from './codec';
import { compileRowFilter, type FilterSpec, type ViewFilter } from './row-filter';
import type { EventRow, FrameRow, Row } from './rows';
import { combineTests, type CombineMode } from './saved-filters';

/** A frame's decoded name ('' when none), or undefined when it is not known yet (see setNameResolver). */
export type NameResolver = (row: FrameRow) => string | undefined;

/** What the view reads from its store. */
export interface ViewSource {
  /** The rows held, oldest first (the store may replace the array). */
  readonly rows: readonly Row[];
  /** How many of them are event rows. */
  readonly eventRowCount: number;
}

/** Bytes of a binary frame that the filter box searches (as UTF-8 text and as hex). */
const SEARCHED_BYTES = 4096;

export class FrameView {
  filter: ViewFilter = { text: '', direction: 'all', connection: null };
  /**
   * Why the filter text is matched as text although it looks like a /regex/ (it does not compile),
   * or null: a hint for the user, the filter applies all the same.
   */
  filterNote: string | null = null;
  /** The same for the Name filter. */
  nameFilterNote: string | null = null;
  /** How many saved filters take part in the view. */
  savedActive = 0;
  /** Their names (as given to setSavedFilters), and how they combine: for saying what hides the frames. */
  savedNames: readonly string[] = [];
  savedMode: CombineMode = 'and';
  /**
   * Frames the name filter could not test yet because their decoded name is not known yet (the
   * resolver ran out of its time budget; see setNameResolver). They are hidden until then.
   */
  namePending = 0;
  /** Indexes into the rows that pass the filters, in order. */
  visible: number[] = [];
  /** How many of `visible` are event rows (the status bar counts them apart). */
  private visibleEventCount = 0;

  /** The live filter but its connection, compiled (in the constructor, then by setFilter). */
  private liveTest: (row: FrameRow | EventRow) => boolean;
  /** The active saved filters, compiled once and combined (null: none active). */
  private savedTest: ((row: FrameRow | EventRow) => boolean) | null = null;
  /** Each of them alone, compiled (for `savedHiding`). */
  private savedTests: Array<(row: FrameRow | EventRow) => boolean> = [];
  private liveUsesName = false;
  private savedUsesName = false;
  /** A row shown whatever the filters say (see reveal), or null. */
  private revealed: number | null = null;
  /** The last row counted in namePending (a row two filters test is counted once). */
  private pendingRowId = -1;
  private nameOf: NameResolver = () => '';
  private nameBegin: () => void = () => {};
  private readonly searchCache = new Map<number, string>();
  /** What compiled filters read: names through the resolver (counting those not known yet), cached search text. */
  private readonly filterSource = {
    nameOf: (row: FrameRow): string | undefined => {
      const name = this.nameOf(row);
      if (name === undefined && this.pendingRowId !== row.id) {
        // Not decoded yet (the resolver's budget ran out): hidden and counted, once per row.
        this.pendingRowId = row.id;
        this.namePending++;
      }
      return name;
    },
    searchText: (row: FrameRow): string => this.searchText(row),
  };

  constructor(
    private readonly source: ViewSource,
    private readonly onChange: () => void,
  ) {
    this.liveTest = compileRowFilter(this.filter, this.filterSource).test;
  }

  /** Whether some filter in use (live or saved) tests decoded names. */
  private get usesNames(): boolean {
    return this.liveUsesName || this.savedUsesName;
  }

  // ───────── the filters ─────────

  setFilter(patch: Partial<ViewFilter>): void {
    this.revealed = null;
    this.filter = { ...this.filter, ...patch };
    const compiled = compileRowFilter(this.filter, this.filterSource);
    this.liveTest = compiled.test;
    this.liveUsesName = compiled.usesName;
    this.filterNote = compiled.textNote;
    this.nameFilterNote = compiled.nameNote;
    this.refresh();
  }

  /**
   * Sets the saved filters that take part in the view: the view is the live filter AND these,
   * combined with AND (all must pass) or OR (any). Each is compiled once here. An empty list
   * leaves the live filter alone. `names` are theirs, in the same order.
   */
  setSavedFilters(active: readonly FilterSpec[], mode: CombineMode, names: readonly string[] = []): void {
    this.revealed = null;
    this.savedActive = active.length;
    this.savedNames = names;
    this.savedMode = mode;
    const compiled = active.map((f) => compileRowFilter(f, this.filterSource));
    this.savedTests = compiled.map((c) => c.test);
    this.savedUsesName = compiled.some((c) => c.usesName);
    this.savedTest =
      active.length === 0
        ? null
        : combineTests(
            compiled.map((c) => c.test),
            mode,
          );
    this.refresh();
  }

  /**
   * Tells the view how to read a frame's decoded name (the panel's decoders), for the name
   * filter. The filter is applied again. `begin` is called before each pass of the name filter
   * (a refilter, a batch of new records): a resolver may give itself a time budget per pass and
   * answer `undefined` for names it has not decoded within it; such frames are counted in
   * `namePending` and hidden, and the resolver calls `refresh()` once it has them.
   */
  setNameResolver(nameOf: NameResolver, begin?: () => void): void {
    this.nameOf = nameOf;
    this.nameBegin = begin ?? (() => {});
    if (this.usesNames) this.refresh();
  }

  /**
   * Shows one row whatever the filters say (a request's partner the user jumps to), until the
   * filters change. False when there is no such row.
   */
  reveal(id: number): boolean {
    if (!this.source.rows.some((r) => r.id === id)) return false;
    this.revealed = id;
    this.refresh();
    return true;
  }

  /** Applies the filters again (e.g. decoded names changed: another decoder was picked), and notifies. */
  refresh(): void {
    this.rebuild();
    this.onChange();
  }

  /**
   * What the status bar counts: rows other than events (frames, and navigation marks as ever) held
   * and shown, and event rows held and shown.
   */
  counts(): { shown: number; total: number; eventsShown: number; events: number } {
    const events = this.source.eventRowCount;
    return {
      shown: this.visible.length - this.visibleEventCount,
      total: this.source.rows.length - events,
      eventsShown: this.visibleEventCount,
      events,
    };
  }

  /** The text a filter matches: the payload for text frames, the UTF-8 reading and hex for binary. */
  searchText(row: FrameRow): string {
    const rec = row.rec;
    if (rec.opcode === 'text') return rec.data;
    let s = this.searchCache.get(row.id);
    if (s === undefined) {
      const head = rec.data.subarray(0, SEARCHED_BYTES);
      s = `${decodeUtf8(head).text}\n${bytesToHex(head, '')}`;
      this.searchCache.set(row.id, s);
    }
    return s;
  }

  // ───────── told by the store (they do not notify: the store does) ─────────

  /** A batch of new rows begins (the name resolver's budget starts again). */
  beginBatch(): void {
    if (this.usesNames) this.nameBegin();
  }

  /** The row at `index` was just added. */
  added(row: Row, index: number): void {
    if (!this.passes(row)) return;
    this.visible.push(index);
    if (row.kind === 'event') this.visibleEventCount++;
  }

  /** The first `n` rows of `old` (the rows before the cut) were dropped. */
  cut(old: readonly Row[], n: number): void {
    for (let i = 0; i < n; i++) this.searchCache.delete(old[i]!.id);
    const visible: number[] = [];
    for (const i of this.visible)
      if (i >= n) visible.push(i - n);
      else if (old[i]!.kind === 'event') this.visibleEventCount--;
    this.visible = visible;
  }

  /** The rows were replaced (some dropped, or a mark inserted): every row is tested again. */
  rebuild(): void {
    this.namePending = 0;
    this.pendingRowId = -1;
    this.beginBatch();
    const rows = this.source.rows;
    const visible: number[] = [];
    let events = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (this.passes(r)) {
        visible.push(i);
        if (r.kind === 'event') events++;
      }
    }
    this.visible = visible;
    this.visibleEventCount = events;
  }

  /** Every row went. */
  cleared(): void {
    this.visible = [];
    this.visibleEventCount = 0;
    this.searchCache.clear();
  }

  /** Frames were dropped wholesale: forget their cached search text. */
  forgetSearchText(): void {
    this.searchCache.clear();
  }

  /** Some connections went: a connection filter on one of them is lifted. */
  keepConnections(has: (key: string) => boolean): void {
    if (this.filter.connection !== null && !has(this.filter.connection)) this.filter = { ...this.filter, connection: null };
  }

  /**
   * When the view shows nothing although the live filter alone would show rows: the names of the
   * saved filters that hide them. Each saved filter that alone (with the live filter) matches no
   * row; when none does so alone (AND of several), all of them. Empty when the saved filters are
   * not the reason. One pass over the rows: call it only for an empty view.
   */
  savedHiding(): string[] {
    if (this.savedTest === null || this.visible.length > 0) return [];
    const alone = this.savedTests.map(() => false);
    let liveShows = false;
    for (const row of this.source.rows) {
      if (row.kind === 'navigation') continue;
      if (this.filter.connection !== null && row.connKey !== this.filter.connection) continue;
      if (!this.liveTest(row)) continue;
      liveShows = true;
      for (let i = 0; i < alone.length; i++) if (!alone[i] && this.savedTests[i]!(row)) alone[i] = true;
    }
    if (!liveShows) return [];
    const hiding = this.savedNames.filter((_n, i) => alone[i] === false);
    return hiding.length > 0 ? hiding : [...this.savedNames];
  }

  /** The live filter (connection, then the rest) AND the active saved filters. */
  private passes(row: Row): boolean {
    if (row.kind === 'navigation' || row.id === this.revealed) return true;
    if (this.filter.connection !== null && row.connKey !== this.filter.connection) return false;
    if (!this.liveTest(row)) return false;
    return this.savedTest === null || this.savedTest(row);
  }
}
