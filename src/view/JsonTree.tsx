/**
 * A collapsible JSON tree. Values are rendered as text nodes only (never HTML), children are built
 * only when a node is expanded, and long arrays/objects show their children in pages, so a huge or
 * 10,000-deep document costs only what is open.
 */
import { useState } from 'preact/hooks';

const PAGE = 200;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function JsonTree({ value }: { value: Json }) {
  return (
    <div class="json-tree" role="tree" aria-label="JSON tree">
      <JsonNode name={null} value={value} depth={0} />
    </div>
  );
}

function JsonNode({ name, value, depth }: { name: string | null; value: Json; depth: number }) {
  const [open, setOpen] = useState(depth < 2);
  const [shown, setShown] = useState(PAGE);
  const label = name === null ? null : <span class="j-key">{JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div class="j-row" role="treeitem" aria-level={depth + 1} style={{ paddingLeft: `${depth * 14 + 14}px` }}>
        {label}
        <span class={`j-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const isArr = Array.isArray(value);
  const entries: Array<[string, Json]> = isArr ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = isArr ? `Array(${entries.length})` : `{${entries.length} ${entries.length === 1 ? 'key' : 'keys'}}`;
  return (
    <div role="treeitem" aria-level={depth + 1} aria-expanded={open}>
      <div class="j-row" style={{ paddingLeft: `${depth * 14}px` }}>
        <button type="button" class="j-toggle" aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'root'}`} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {label}
        <span class="j-summary">{summary}</span>
      </div>
      {open && (
        <div role="group">
          {entries.slice(0, shown).map(([k, v]) => (
            <JsonNode key={k} name={isArr ? null : k} value={v} depth={depth + 1} />
          ))}
          {entries.length > shown && (
            <button type="button" class="j-more" style={{ marginLeft: `${depth * 14 + 14}px` }} onClick={() => setShown(shown + PAGE)}>
              Show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown} remaining
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** Parses text as JSON when it looks like an object or array. */
export function tryParseJson(text: string): { ok: true; value: Json } | { ok: false; error: string } | null {
  const t = text.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return null;
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
