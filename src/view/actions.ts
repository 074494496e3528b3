/**
 * What the panel can do to the inspected page's live sockets, as one object the components get
 * from a context: send (replayed or composed), simulate an incoming message, close. Each call
 * travels panel → background → relay → hook of that tab and frame only, and resolves with the
 * page's answer. Imported (read-only) sessions get no actions.
 */
import { createContext } from 'preact';
import type { FrameMark, WireCommand } from '../core/protocol';
import type { SessionStore } from '../core/session-store';
import type { ViewFrame } from '../core/rows';
import { wirePayload as payload } from '../core/wire';
import type { Draft, ProtobufTarget } from '../core/message-draft';

/** A command's outcome, as the page answered it (or why it never reached the page). */
export interface CommandResult {
  ok: boolean;
  error?: string;
}

/** What the actions need from the panel's live port: one command to one document's socket. */
export interface CommandChannel {
  command(docId: string, cmd: WireCommand): Promise<CommandResult>;
}

export interface PanelActions {
  send(connKey: string, data: string | Uint8Array, mark: Extract<FrameMark, 'replayed' | 'composed'>): Promise<CommandResult>;
  simulate(connKey: string, data: string | Uint8Array): Promise<CommandResult>;
  close(connKey: string, code?: number, reason?: string): Promise<CommandResult>;
  /** Lets a frame held by a breakpoint go on (`text`: edited) or drops it. */
  resume(connKey: string, pid: number, action: 'continue' | 'drop', text?: string): Promise<CommandResult>;
  /** Sends a captured frame again, as it was, into its own connection. */
  replay(connKey: string, rec: ViewFrame): Promise<CommandResult>;
  /** The composer's draft is shared so that "Edit and resend" can fill it from a frame. */
  draft: SharedDraft;
}

export interface SharedDraft {
  get(): { draft: Draft; connKey: string | null; version: number };
  set(draft: Draft, connKey?: string | null): void;
  subscribe(listener: () => void): () => void;
}

export const ActionsContext = createContext<PanelActions | null>(null);

export function createActions(live: CommandChannel, store: SessionStore): PanelActions {
  const run = (connKey: string, make: (conn: number) => WireCommand): Promise<CommandResult> => {
    const c = store.connections.get(connKey);
    if (c === undefined) return Promise.resolve({ ok: false, error: 'That connection is no longer listed.' });
    return live.command(c.docId, make(c.conn));
  };
  return {
    send: (connKey, data, mark) => run(connKey, (conn) => ({ type: 'send', conn, mark, ...payload(data) })),
    simulate: (connKey, data) => run(connKey, (conn) => ({ type: 'simulate', conn, ...payload(data) })),
    close: (connKey, code, reason) =>
      run(connKey, (conn) => ({ type: 'close', conn, ...(code !== undefined ? { code } : {}), ...(reason !== undefined ? { reason } : {}) })),
    resume: (connKey, pid, action, text) => run(connKey, (conn) => ({ type: 'resume', conn, pid, action, ...(text !== undefined ? { text } : {}) })),
    replay(connKey, rec) {
      if (rec.truncated) return Promise.resolve({ ok: false, error: 'This frame was kept only in part (over the per-frame cap): it cannot be replayed as it was.' });
      return this.send(connKey, rec.data, 'replayed');
    },
    draft: sharedDraft(),
  };
}

function sharedDraft(): SharedDraft {
  let state = { draft: { mode: 'text', text: '' } as Draft, connKey: null as string | null, version: 0 };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(draft, connKey) {
      state = { draft, connKey: connKey === undefined ? state.connKey : connKey, version: state.version + 1 };
      for (const l of listeners) l();
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/** A frame as its Protobuf type reads it: the JSON and that type (see PanelDecoding.schemaJsonOf). */
export interface SchemaJson {
  json: unknown;
  target: ProtobufTarget;
}

/**
 * The composer draft that edits a captured frame: text (JSON when it parses) or hex for binary;
 * a binary frame decoded with a Protobuf schema (`schema`) as its JSON, encoded back into its type.
 */
export function draftFromFrame(rec: ViewFrame, schema?: SchemaJson | null): Draft {
  if (rec.opcode === 'binary' && schema) return { mode: 'json', text: JSON.stringify(schema.json, null, 2), protobuf: schema.target };
  if (rec.opcode === 'binary') {
    let hex = '';
    for (let i = 0; i < rec.data.length; i++) hex += (i ? ' ' : '') + rec.data[i].toString(16).padStart(2, '0');
    return { mode: 'hex', text: hex };
  }
  const t = rec.data.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      JSON.parse(rec.data);
      return { mode: 'json', text: rec.data };
    } catch {
      /* plain text */
    }
  }
  return { mode: 'text', text: rec.data };
}
