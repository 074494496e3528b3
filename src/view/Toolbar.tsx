/**
 * The panel's toolbar, one compact row in DevTools' style: record/pause and clear (icon toggles),
 * preserve log, the filter box, the direction (a segmented toggle), the Filters toggle (with how
 * many of its filters are active), then the file, rules, settings, pop-out and shortcuts buttons.
 * The Filters toggle opens a second row: Show, match case, type, name, size range, the timeline
 * and the saved filters. The row never wraps: the tools at its end that do not fit go into the
 * "More tools" menu (`MoreTools.tsx`).
 */
import { useRef } from 'preact/hooks';
import type { SessionStore } from '../core/session-store';
import { MoreToolsMenu, useOverflow, type ToolbarTool } from './MoreTools';
import { useWidth } from './use-width';
import { FilterControls } from './FilterControls';
import { activeFilterCount, FilterExtras } from './FilterExtras';
import { SavedFilters } from './SavedFilters';

export interface ToolbarProps {
  store: SessionStore;
  readOnly: boolean;
  onCleared(): void;
  filtersOpen: boolean;
  onFiltersOpen(open: boolean): void;
  /** Export, Import, Rules, Settings, Pop out, shortcuts: at the row's end, the last the first to go into "More tools". */
  tools: readonly ToolbarTool[];
}

export function Toolbar({ store, readOnly, onCleared, filtersOpen, onFiltersOpen, tools }: ToolbarProps) {
  const active = activeFilterCount(store.view.filter, store.view.savedActive);
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const hidden = useOverflow(ref, width, tools, `${tools.map((t) => t.label).join('|')}|${active}|${readOnly}|${store.paused}`);
  const shown = tools.length - hidden;
  return (
    <div class="toolbar panel-bar" role="toolbar" aria-label="WebSocket panel controls" ref={ref}>
      {!readOnly && (
        <>
          <button
            type="button"
            class={`icon rec ${store.paused ? 'paused' : 'recording'}`}
            aria-pressed={!store.paused}
            aria-label={store.paused ? 'Resume capture' : 'Pause capture'}
            aria-keyshortcuts="Control+E"
            title={`${store.paused ? 'Resume capture' : 'Pause capture'} (Ctrl+E)`}
            onClick={() => store.setPaused(!store.paused)}
          >
            <span class="rec-dot" aria-hidden="true" />
          </button>
          <button
            type="button"
            class="icon clear"
            aria-label="Clear"
            aria-keyshortcuts="Control+L"
            title="Clear frames and closed connections (Ctrl+L)"
            onClick={() => {
              store.clear();
              onCleared();
            }}
          >
            <span class="clear-glyph" aria-hidden="true" />
          </button>
          <label class="check" title="Keep the log across navigations">
            <input type="checkbox" checked={store.preserveLog} onChange={(e) => store.setPreserveLog(e.currentTarget.checked)} />
            <span class="check-text">Preserve log</span>
          </label>
          <span class="sep" aria-hidden="true" />
        </>
      )}
      <FilterControls store={store} />
      <button
        type="button"
        class={`filters-toggle ${filtersOpen ? 'on' : ''} ${active > 0 ? 'active' : ''}`}
        aria-pressed={filtersOpen}
        aria-expanded={filtersOpen}
        aria-controls="wsl-filter-row"
        aria-keyshortcuts="Alt+F"
        aria-label={active > 0 ? `Filters, ${active} active` : 'Filters'}
        title="Show, match case, type, name, size and saved filters (Alt+F)"
        onClick={() => onFiltersOpen(!filtersOpen)}
      >
        <span class="filters-text">Filters</span>
        {active > 0 && <span class="badge" aria-hidden="true">{active}</span>}
      </button>
      <span class="spacer" />
      {tools.map((t, i) => (
        <span key={t.id} class={`tool ${i >= shown ? 'collapsed' : ''}`} data-tool={t.id}>
          {t.node}
        </span>
      ))}
      {hidden > 0 && (
        <MoreToolsMenu
          tools={tools.slice(shown)}
          activate={(id) => ref.current?.querySelector<HTMLElement>(`.tool[data-tool="${id}"] :is(button, input[type=file])`)?.click()}
        />
      )}
    </div>
  );
}

export function FilterRow({ store, onNameFocus, timelineOn, onTimeline }: { store: SessionStore; onNameFocus(): void; timelineOn: boolean; onTimeline(on: boolean): void }) {
  return (
    <div class="filterbar" id="wsl-filter-row" role="toolbar" aria-label="More filters">
      <FilterExtras store={store} onNameFocus={onNameFocus} />
      <label class="check">
        <input type="checkbox" checked={timelineOn} onChange={(e) => onTimeline(e.currentTarget.checked)} /> Timeline
      </label>
      <SavedFilters store={store} />
    </div>
  );
}
