/**
 * The panel's further frame filters, beside the filter box and direction: match case,
 * frame type, size range, the decoded name (substring or /regex/, like the filter box), and Show:
 * messages, connection lifecycle events (open, close() called, close, error) or both.
 */
import type { SessionStore } from '../core/session-store';
import type { ShowFilter, TypeFilter, ViewFilter } from '../core/row-filter';
import { SHOW_LABELS } from '../core/saved-filters';

const SHOW_ORDER: readonly ShowFilter[] = ['messages', 'all', 'events', 'close', 'error'];

/** How many of the Filters row's filters are in use (the Filters toggle says so), saved filters switched on included. */
export function activeFilterCount(f: ViewFilter, savedActive: number): number {
  return (
    (f.matchCase === true ? 1 : 0) +
    (f.type !== undefined && f.type !== 'all' ? 1 : 0) +
    (f.name ? 1 : 0) +
    (f.minSize != null ? 1 : 0) +
    (f.maxSize != null ? 1 : 0) +
    ((f.show ?? 'messages') !== 'messages' ? 1 : 0) +
    savedActive
  );
}

function sizeValue(s: string): number | null {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function FilterExtras({ store, onNameFocus }: { store: SessionStore; onNameFocus?: () => void }) {
  const f = store.view.filter;
  return (
    <span class="filter-extra">
      <label title="Messages, connection events (open, close() called, close, error), or both">
        Show{' '}
        <select aria-label="Show" value={f.show ?? 'messages'} onChange={(e) => store.view.setFilter({ show: e.currentTarget.value as ShowFilter })}>
          {SHOW_ORDER.map((v) => (
            <option value={v}>{SHOW_LABELS[v]}</option>
          ))}
        </select>
      </label>
      <label class={`toggle ${f.matchCase === true ? 'on' : ''}`} title="Match case (a substring filter; a /regex/ takes the i flag)">
        <input
          type="checkbox"
          class="overlay-input"
          aria-label="Match case"
          checked={f.matchCase === true}
          onChange={(e) => store.view.setFilter({ matchCase: e.currentTarget.checked })}
        />
        <span aria-hidden="true">Aa</span>
      </label>
      <label>
        <span class="visually-hidden">Type</span>
        <select aria-label="Type" value={f.type ?? 'all'} onChange={(e) => store.view.setFilter({ type: e.currentTarget.value as TypeFilter })}>
          <option value="all">All types</option>
          <option value="text">Text</option>
          <option value="binary">Binary</option>
        </select>
      </label>
      <label>
        <span class="visually-hidden">Name filter</span>
        <input
          type="search"
          aria-label="Name filter"
          placeholder="Name (event, topic…)"
          title="The decoded name: event, topic, destination, method or operation (text or /regex/)"
          value={f.name ?? ''}
          onFocus={onNameFocus}
          onInput={(e) => store.view.setFilter({ name: e.currentTarget.value })}
        />
      </label>
      <SizeField label="Minimum size (bytes)" placeholder="min bytes" value={f.minSize} onChange={(minSize) => store.view.setFilter({ minSize })} />
      <SizeField label="Maximum size (bytes)" placeholder="max bytes" value={f.maxSize} onChange={(maxSize) => store.view.setFilter({ maxSize })} />
    </span>
  );
}

function SizeField({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: number | null | undefined; onChange(v: number | null): void }) {
  return (
    <label>
      <span class="visually-hidden">{label}</span>
      <input type="number" min={0} aria-label={label} placeholder={placeholder} value={value ?? ''} onInput={(e) => onChange(sizeValue(e.currentTarget.value))} />
    </label>
  );
}
