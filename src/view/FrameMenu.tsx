/**
 * The frames grid's context menu (right-click on a row, or the Menu key / Shift+F10 on the
 * selected row): on a sent frame replay, edit and resend; on a received one simulate again, send to
 * the server (through the composer); copy. It acts only in a live panel.
 */
import { useContext, useEffect, useRef } from 'preact/hooks';
import type { SessionStore } from '../core/session-store';
import type { FrameRow } from '../core/rows';
import { bytesToBase64, bytesToHex } from '../core/codec';
import { ActionsContext, draftFromFrame } from './actions';
import { copyText } from './copy';
import { decodingOf } from './decoding';

export interface MenuAt {
  row: FrameRow;
  x: number;
  y: number;
}

export function FrameMenu({ at, store, onDone }: { at: MenuAt; store: SessionStore; onDone(result: string | null): void }) {
  const actions = useContext(ActionsContext);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onDone(null);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [at]);
  const { row } = at;
  const rec = row.rec;
  const conn = store.connections.get(row.connKey);
  const run = (label: string, p: Promise<{ ok: boolean; error?: string }>) =>
    void p.then((r) => onDone(r.ok ? label : (r.error ?? 'The page refused.')));

  const items: Array<[string, () => void]> = [];
  if (actions !== null && conn !== undefined) {
    const edit = () => {
      actions.draft.set(draftFromFrame(rec, decodingOf(store).schemaJsonOf(row)), conn.key);
      store.view.setFilter({ connection: conn.key });
      onDone(null);
    };
    if (rec.dir === 'received') {
      // The server's own message: delivering it to the page again comes first; sending it to the
      // server goes through the composer, never in one click.
      items.push(['Simulate again', () => run(`Delivered to the page again on #${conn.index}.`, actions.simulate(conn.key, rec.data))]);
      items.push(['Send to server as if from page…', edit]);
    } else {
      items.push(['Replay', () => run(`Replayed into #${conn.index}.`, actions.replay(conn.key, rec))]);
      items.push(['Edit and resend', edit]);
    }
  }
  if (rec.opcode === 'text')
    items.push(['Copy text', () => void copyText(rec.data).then((ok) => onDone(ok ? 'Copied the text.' : 'Could not copy.'))]);
  else {
    items.push(['Copy hex', () => void copyText(bytesToHex(rec.data)).then((ok) => onDone(ok ? 'Copied the hex.' : 'Could not copy.'))]);
    items.push([
      'Copy Base64',
      () => void copyText(bytesToBase64(rec.data)).then((ok) => onDone(ok ? 'Copied the Base64.' : 'Could not copy.')),
    ]);
  }

  const onKeyDown = (e: KeyboardEvent) => {
    const list = [...(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const i = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') onDone(null);
    else if (e.key === 'ArrowDown') list[(i + 1) % list.length]?.focus();
    else if (e.key === 'ArrowUp') list[(i - 1 + list.length) % list.length]?.focus();
    else return;
    e.preventDefault();
  };
  return (
    <div
      ref={ref}
      class="menu frame-menu"
      role="menu"
      aria-label="Frame actions menu"
      style={{ left: `${at.x}px`, top: `${at.y}px` }}
      onKeyDown={onKeyDown}
    >
      {items.map(([label, act]) => (
        <button type="button" role="menuitem" key={label} onClick={act}>
          {label}
        </button>
      ))}
    </div>
  );
}
