/** The frame filter (substring or /regex/) and direction picker, shared by the panel and the test client. */
import type { DirectionFilter, SessionStore } from '../core/session-store';

export function FilterControls({ store }: { store: SessionStore }) {
  return (
    <>
      <label class="filter">
        <span class="visually-hidden">Filter frames</span>
        <input
          type="search"
          placeholder="Filter (text or /regex/)"
          aria-label="Filter frames"
          aria-invalid={store.filterError !== null}
          value={store.filter.text}
          onInput={(e) => store.setFilter({ text: e.currentTarget.value })}
        />
      </label>
      <label>
        <span class="visually-hidden">Direction</span>
        <select aria-label="Direction" value={store.filter.direction} onChange={(e) => store.setFilter({ direction: e.currentTarget.value as DirectionFilter })}>
          <option value="all">All directions</option>
          <option value="sent">Sent ↑</option>
          <option value="received">Received ↓</option>
        </select>
      </label>
    </>
  );
}
