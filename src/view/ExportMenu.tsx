/**
 * The toolbar's Export menu: HAR, JSON or NDJSON of all connections, of the selected connection,
 * or of the frames the filter shows. The file is built in slices (the panel stays responsive) with
 * its progress in a status line, then saved through an `<a download>`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionStore } from '../core/session-store';
import type { ExportKind, ExportScope } from '../core/formats/export';
import { formatBytes, formatCount } from '../core/format';
import { buildExportBlob, EXPORT_KINDS, EXPORT_LABEL, exportInput, exportName, type ExportMeta } from './export-file';
import { downloadBlob } from './download';

const SCOPES: ReadonlyArray<{ scope: ExportScope; label: string }> = [
  { scope: 'all', label: 'All connections' },
  { scope: 'connection', label: 'Selected connection' },
  { scope: 'filtered', label: 'Frames shown by the filter' },
];

export function ExportMenu({ store, meta }: { store: SessionStore; meta: () => ExportMeta }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLButtonElement>('[role=menuitem]:not([disabled])')?.focus();
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menuRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]:not([disabled])') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowRight') {
      e.preventDefault();
      go(at + 1);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      e.preventDefault();
      go(at - 1);
    } else if (e.key === 'Home') {
      e.preventDefault();
      go(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      go(items.length - 1);
    } else if (e.key === 'Tab') setOpen(false);
  };

  const run = async (kind: ExportKind, scope: ExportScope) => {
    close();
    const input = exportInput(store, scope, meta());
    if (input === null) return;
    setBusy(true);
    setStatus('Exporting… 0%');
    const started = performance.now();
    try {
      const blob = await buildExportBlob(kind, input, { onProgress: (f) => setStatus(`Exporting… ${Math.floor(f * 100)}%`) });
      const name = exportName(kind, input);
      downloadBlob(blob, name);
      const ms = performance.now() - started;
      const frames = input.frames.length;
      setStatus(
        `Exported ${formatCount(frames)} frame${frames === 1 ? '' : 's'} to ${name} (${formatBytes(blob.size)}) in ${(ms / 1000).toFixed(1)} s`,
      );
    } catch (e) {
      setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const selected = store.view.filter.connection === null ? undefined : store.connections.get(store.view.filter.connection);
  const counts: Record<ExportScope, string | null> | null =
    (open && {
      all: `${formatCount(store.connections.size)} connection${store.connections.size === 1 ? '' : 's'}, ${formatCount(frameCount(store))} frames`,
      connection: selected ? `#${selected.conn}, ${formatCount(selected.sent.frames + selected.received.frames)} frames` : null,
      filtered: `${formatCount(store.view.counts().shown)} frames`,
    }) ||
    null;

  return (
    <span class="export">
      <button
        type="button"
        ref={buttonRef}
        aria-label="Export"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="export-menu"
        disabled={busy}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        Export ▾
      </button>
      {counts && (
        <div class="menu" id="export-menu" role="menu" aria-label="Export" ref={menuRef} onKeyDown={onMenuKey}>
          {SCOPES.map(({ scope, label }) => (
            <div class="menu-group" role="group" aria-label={label}>
              <span class="menu-label" aria-hidden="true">
                {label}
                <small>{counts[scope] ?? 'no connection selected'}</small>
              </span>
              {EXPORT_KINDS.map((kind) => (
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  disabled={counts[scope] === null}
                  aria-label={`${label} as ${EXPORT_LABEL[kind]}`}
                  onClick={() => void run(kind, scope)}
                >
                  {EXPORT_LABEL[kind]}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
      <span class="export-status" role="status" aria-label="Export progress">
        {status}
      </span>
    </span>
  );
}

function frameCount(store: SessionStore): number {
  let n = 0;
  for (const r of store.rows) if (r.kind === 'frame') n++;
  return n;
}
