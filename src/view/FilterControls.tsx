/** The frame filter (substring or /regex/) and direction picker, shared by the panel and the test client. */
import type { SessionStore } from '../core/session-store';
import type { DirectionFilter } from '../core/row-filter';

export function FilterControls({ store }: { store: SessionStore }) {
  return (
    <>
      <label class="filter">
        <span class="visually-hidden">Filter frames</span>
        <input
          type="search"
          placeholder="Filter (text or /regex/)"
          aria-label="Filter frames"
          value={store.view.filter.text}
          onInput={(e) => store.view.setFilter({ text: e.currentTarget.value })}
        />
      </label>
      <label>
        <span class="visually-hidden">Direction</span>
        <select aria-label="Direction" value={store.view.filter.direction} onChange={(e) => store.view.setFilter({ direction: e.currentTarget.value as DirectionFilter })}>
          <option value="all">All directions</option>
          <option value="sent">Sent ↑</option>
          <option value="received">Received ↓</option>
        </select>
      </label>
    </>
  );
}
