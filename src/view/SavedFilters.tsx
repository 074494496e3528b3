/**
 * Saved filters: "Save filter" keeps the current filter under a name, in storage.local,
 * so that it outlives the panel. Saving changes nothing shown: a saved filter starts off (the
 * status says so) and is switched on with "Use <name>"; each can be deleted,
 * and those on are combined with AND or OR. The view is the live filter AND that combination
 * (the store's view compiles them: `FrameView.setSavedFilters`). Model: `src/core/saved-filters.ts`.
 */
import { useState } from 'preact/hooks';
import { useStoredValue, type StoredUpdate } from './use-stored-value';
import type { SessionStore } from '../core/session-store';
import {
  activeNames,
  activeSpecs,
  addSaved,
  describeSpec,
  nameError,
  NO_SAVED_FILTERS,
  parseSavedFilters,
  removeSaved,
  SAVED_FILTERS_KEY,
  serialiseSavedFilters,
  setActive,
  setCombine,
  specError,
  type CombineMode,
  type SavedFilters as Saved,
} from '../core/saved-filters';

/** The saved filters as stored, followed live; every value read or stored goes to the store. */
function useSavedFilters(store: SessionStore): [Saved, StoredUpdate<Saved>, string] {
  return useStoredValue<Saved>(
    {
      key: SAVED_FILTERS_KEY,
      read: parseSavedFilters,
      write: (_raw, next) => serialiseSavedFilters(next),
      empty: NO_SAVED_FILTERS,
      what: 'the saved filters',
      onValue: (next) => store.view.setSavedFilters(activeSpecs(next), next.combine, activeNames(next)),
    },
    [store],
  );
}

export function SavedFilters({ store }: { store: SessionStore }) {
  const [saved, update, storageError] = useSavedFilters(store);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState('');
  const [notice, setNotice] = useState('');
  const active = saved.filters.filter((f) => f.active).length;

  const save = (e: Event) => {
    e.preventDefault();
    const why = nameError(name, saved) ?? specError(store.view.filter);
    if (why !== null) {
      setProblem(why);
      return;
    }
    const typed = name;
    let error = '';
    void update((s) => {
      // Checked again against what is stored: another panel may have saved this name meanwhile.
      const added = addSaved(s, typed, store.view.filter);
      error = added.ok ? '' : added.error;
      return added.ok ? added.saved : s;
    }).then(() => {
      setProblem(error);
      if (error === '') {
        setNaming(false);
        setName('');
        setNotice(`Saved "${typed.trim()}", switched off: tick "Use ${typed.trim()}" to apply it.`);
      }
    });
  };

  return (
    <span class="saved-filters">
      {naming ? (
        <form class="save-filter" onSubmit={save} aria-label="Save the current filter">
          <label>
            <span class="visually-hidden">Filter name</span>
            <input
              type="text"
              aria-label="Filter name"
              placeholder="Name this filter"
              maxLength={60}
              value={name}
              aria-invalid={problem !== ''}
              autoFocus
              onInput={(e) => {
                setName(e.currentTarget.value);
                setProblem('');
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setNaming(false);
              }}
            />
          </label>
          <button type="submit">Save</button>
          <button type="button" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => {
            setNotice('');
            setNaming(true);
          }}
          title="Keep the current filter under a name (saving changes nothing shown)"
        >
          Save filter
        </button>
      )}
      {notice && !problem && (
        <span class="saved-notice" role="status" aria-label="Saved filter status">
          {notice}
        </span>
      )}
      {(problem || storageError) && (
        <span class="saved-problem" role="alert">
          {problem || storageError}
        </span>
      )}
      {saved.filters.length > 0 && (
        <>
          <label>
            <span class="visually-hidden">Combine saved filters</span>
            <select
              aria-label="Combine saved filters"
              value={saved.combine}
              onChange={(e) => {
                const mode = e.currentTarget.value as CombineMode;
                void update((s) => setCombine(s, mode));
              }}
            >
              <option value="and">All (AND)</option>
              <option value="or">Any (OR)</option>
            </select>
          </label>
          <span class="saved-count" aria-label="Saved filters in use">
            {active} of {saved.filters.length} saved filter{saved.filters.length === 1 ? '' : 's'} active
          </span>
          <ul class="saved-list" aria-label="Saved filters">
            {saved.filters.map((f) => (
              <li key={f.name} class={f.active ? 'on' : ''}>
                <label title={describeSpec(f.filter)}>
                  <input
                    type="checkbox"
                    aria-label={`Use ${f.name}`}
                    checked={f.active}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setNotice('');
                      void update((s) => setActive(s, f.name, on));
                    }}
                  />{' '}
                  {f.name}
                  <span class="saved-what"> {describeSpec(f.filter)}</span>
                </label>
                <button
                  type="button"
                  class="saved-delete"
                  aria-label={`Delete ${f.name}`}
                  title={`Delete the saved filter ${f.name}`}
                  onClick={() => void update((s) => removeSaved(s, f.name))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </span>
  );
}
