/**
 * The collections: save the connection in front (its settings and the saved messages) into a named
 * collection, open a saved one in a new connection tab, export all to a file and import one (ours
 * or a Postman collection). A bad file changes nothing and says why.
 */
import { useState } from 'preact/hooks';
import type { SavedMessage } from '../core/message-draft';
import { exportFile, parseCollectionsFile, settingsOf, type Collection, type SavedConnection } from './collections';
import type { FormState } from './form-state';
import { newId } from './ids';
import type { Environment } from './variables';

export interface CollectionsPanelProps {
  collections: Collection[];
  onChange(c: Collection[]): void;
  /** The form of the connection in front, and the saved messages, for "Save connection". */
  current(): { form: FormState; messages: SavedMessage[] };
  open(c: SavedConnection): void;
  environments: Environment[];
  onImportEnvironments(e: Environment[]): void;
}

export function CollectionsPanel(p: CollectionsPanelProps) {
  const [selected, setSelected] = useState<string | null>(p.collections[0]?.id ?? null);
  const [connName, setConnName] = useState('');
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const col = p.collections.find((c) => c.id === selected) ?? p.collections[0] ?? null;
  const update = (c: Collection) => p.onChange(p.collections.map((x) => (x.id === c.id ? c : x)));

  const add = () => {
    const c: Collection = { id: newId(), name: `Collection ${p.collections.length + 1}`, connections: [] };
    p.onChange([...p.collections, c]);
    setSelected(c.id);
  };
  const save = () => {
    const { form, messages } = p.current();
    let target = col;
    if (target === null) {
      target = { id: newId(), name: 'Collection 1', connections: [] };
      p.onChange([target]);
      setSelected(target.id);
    }
    const name = connName.trim() || form.url || 'connection';
    const saved: SavedConnection = { id: newId(), name, settings: settingsOf(form), messages: messages.map((m) => ({ ...m, id: newId() })) };
    const next = { ...target, connections: [...target.connections, saved] };
    p.onChange(col === null ? [next] : p.collections.map((x) => (x.id === next.id ? next : x)));
    setConnName('');
    setNote({ text: `Saved "${name}" in "${next.name}" (${saved.messages.length} messages).`, error: false });
  };
  const exportAll = () => {
    const blob = new Blob([exportFile(p.collections, p.environments)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'websocket-lens-collections.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  const importFile = async (file: File) => {
    const r = parseCollectionsFile(await file.text(), newId);
    if (!r.ok) {
      setNote({ text: `${file.name}: ${r.error}`, error: true });
      return;
    }
    p.onChange([...p.collections, ...r.collections]);
    if (r.environments.length > 0) p.onImportEnvironments(r.environments);
    setSelected(r.collections[0]?.id ?? selected);
    const n = r.collections.reduce((k, c) => k + c.connections.length, 0);
    setNote({
      text:
        r.kind === 'postman'
          ? `Imported ${r.notes.join('; ')}.`
          : `Imported ${r.collections.length} collection${r.collections.length === 1 ? '' : 's'} with ${n} connection${n === 1 ? '' : 's'}${r.environments.length ? ` and ${r.environments.length} environment${r.environments.length === 1 ? '' : 's'}` : ''}.`,
      error: false,
    });
  };

  return (
    <section class="collections" aria-label="Collections">
      <div class="env-bar">
        <label>
          Collection{' '}
          <select aria-label="Collection" value={col?.id ?? ''} onChange={(e) => setSelected(e.currentTarget.value)}>
            {p.collections.length === 0 && <option value="">None yet</option>}
            {p.collections.map((c) => (
              <option value={c.id}>{c.name}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={add}>
          New collection
        </button>
        {col && (
          <>
            <label>
              Collection name <input type="text" size={12} value={col.name} onInput={(e) => update({ ...col, name: e.currentTarget.value })} />
            </label>
            <button
              type="button"
              onClick={() => {
                p.onChange(p.collections.filter((c) => c !== col));
                setNote({ text: `Deleted the collection "${col.name}".`, error: false });
              }}
            >
              Delete collection
            </button>
          </>
        )}
      </div>
      <div class="env-bar">
        <label>
          Connection name <input type="text" size={14} placeholder="(its URL)" value={connName} onInput={(e) => setConnName(e.currentTarget.value)} />
        </label>
        <button type="button" onClick={save}>
          Save this connection
        </button>
      </div>
      {col && col.connections.length > 0 && (
        <ul class="saved-conns" aria-label={`Connections of ${col.name}`}>
          {col.connections.map((c) => (
            <li>
              <button type="button" class="link" onClick={() => p.open(c)} aria-label={`Open ${c.name}`} title={c.settings.url}>
                {c.settings.mode === 'socketio' ? 'Socket.IO · ' : ''}
                {c.name}
              </button>
              <span class="dim">{c.messages.length} messages</span>
              <button
                type="button"
                class="icon"
                aria-label={`Delete ${c.name}`}
                onClick={() => update({ ...col, connections: col.connections.filter((x) => x !== c) })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="env-bar">
        <button type="button" onClick={exportAll} disabled={p.collections.length === 0}>
          Export collections
        </button>
        <label class="file-pick">
          Import a collection file (ours or Postman's){' '}
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (f) void importFile(f);
            }}
          />
        </label>
      </div>
      {note && (
        <p class={`note ${note.error ? 'warn' : ''}`} role={note.error ? 'alert' : 'status'} aria-label="Collections result">
          {note.text}
        </p>
      )}
    </section>
  );
}
