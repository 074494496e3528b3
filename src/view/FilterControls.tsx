/**
 * The frame filter box (substring or /regex/) and the direction, a segmented toggle (All, Sent,
 * Received), shared by the panel and the test client.
 */
import type { SessionStore } from '../core/session-store';
import type { DirectionFilter } from '../core/row-filter';

const DIRECTIONS: readonly { value: DirectionFilter; label: string; icon: string }[] = [
  { value: 'all', label: 'All', icon: '' },
  { value: 'sent', label: 'Sent', icon: '↑' },
  { value: 'received', label: 'Received', icon: '↓' },
];

export function FilterControls({ store }: { store: SessionStore }) {
  return (
    <>
      <label class="filter">
        <span class="visually-hidden">Filter frames</span>
        <input
          type="search"
          placeholder="Filter (text or /regex/)"
          aria-label="Filter frames"
          aria-keyshortcuts="/"
          value={store.view.filter.text}
          onInput={(e) => store.view.setFilter({ text: e.currentTarget.value })}
        />
      </label>
      <DirectionToggle value={store.view.filter.direction} onChange={(direction) => store.view.setFilter({ direction })} />
    </>
  );
}

function DirectionToggle({ value, onChange }: { value: DirectionFilter; onChange(v: DirectionFilter): void }) {
  return (
    <span class="segmented" role="radiogroup" aria-label="Direction">
      {DIRECTIONS.map((d) => (
        <label class={`segment ${value === d.value ? 'on' : ''}`} title={d.value === 'all' ? 'Both directions' : `${d.label} frames only`}>
          <input type="radio" class="overlay-input" name="wsl-direction" aria-label={d.label} checked={value === d.value} onChange={() => onChange(d.value)} />
          {d.icon && <span aria-hidden="true">{d.icon}</span>}
          <span class={d.icon ? 'segment-text' : undefined}>{d.label}</span>
        </label>
      ))}
    </span>
  );
}
