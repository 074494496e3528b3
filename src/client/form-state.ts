/**
 * What the test client keeps in storage.local between openings (the popup loses its page every
 * time it closes): the form, the draft, the saved messages and the log.
 */
import type { DraftMode } from '../core/message-draft';
import { parseSteps, type CheckStep } from './expectations';

export const FORM_KEY = 'client.form';
export const SAVED_KEY = 'client.saved';
export const LOG_KEY = 'client.log';
/** The ids of the connection tabs, in order (the first tab keeps FORM_KEY and LOG_KEY). */
export const TABS_KEY = 'client.tabs';
export const FIRST_TAB = 'main';

export function tabKeys(id: string): { formKey: string; logKey: string } {
  return id === FIRST_TAB ? { formKey: FORM_KEY, logKey: LOG_KEY } : { formKey: `${FORM_KEY}.${id}`, logKey: `${LOG_KEY}.${id}` };
}

/** The stored tab ids, the first tab always first. */
export function parseTabIds(raw: unknown): string[] {
  const ids = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && x !== FIRST_TAB) : [];
  return [FIRST_TAB, ...new Set(ids)];
}

export type ClientMode = 'ws' | 'socketio';

/** The Socket.IO mode's fields, as typed (checked when connecting). */
export interface SioForm {
  version: 'auto' | 'v4' | 'v2';
  namespace: string;
  path: string;
  auth: string;
  /** Event names to show, comma-separated; empty: all. */
  listen: string;
  /** The emit form. */
  event: string;
  args: string;
  ack: boolean;
}

export interface FormState {
  mode: ClientMode;
  sio: SioForm;
  /** Give up connecting after this many seconds ('' or 0: never). */
  connectTimeoutSec: string;
  /** Frames larger than this many KB are shown cut ('' or 0: never). */
  maxShownKb: string;
  /** The scripted checks of this connection. */
  checks: CheckStep[];
  url: string;
  protocols: string;
  history: string[];
  draft: { mode: DraftMode; text: string };
  reconnect: { enabled: boolean; maxAttempts: string; initialSec: string; maxSec: string };
  heartbeat: { enabled: boolean; intervalSec: string; message: string };
  close: { code: string; reason: string };
}

const DEFAULT_SIO_FORM: SioForm = { version: 'auto', namespace: '/', path: '/socket.io/', auth: '', listen: '', event: '', args: '', ack: false };

export const DEFAULT_FORM: FormState = {
  mode: 'ws',
  sio: DEFAULT_SIO_FORM,
  connectTimeoutSec: '10',
  maxShownKb: '1024',
  checks: [],
  url: '',
  protocols: '',
  history: [],
  draft: { mode: 'text', text: '' },
  reconnect: { enabled: true, maxAttempts: '10', initialSec: '1', maxSec: '30' },
  heartbeat: { enabled: false, intervalSec: '30', message: 'ping' },
  close: { code: '1000', reason: '' },
};

const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const MODES: DraftMode[] = ['text', 'json', 'hex', 'base64', 'file'];

/** Reads a stored form, field by field, falling back to the defaults. */
export function parseForm(raw: unknown): FormState {
  const r = obj(raw);
  const d = DEFAULT_FORM;
  const draft = obj(r.draft);
  const rc = obj(r.reconnect);
  const hb = obj(r.heartbeat);
  const cl = obj(r.close);
  const mode = MODES.includes(draft.mode as DraftMode) ? (draft.mode as DraftMode) : 'text';
  const sio = obj(r.sio);
  const ds = DEFAULT_SIO_FORM;
  return {
    mode: r.mode === 'socketio' ? 'socketio' : 'ws',
    sio: {
      version: sio.version === 'v4' || sio.version === 'v2' ? sio.version : 'auto',
      namespace: str(sio.namespace, ds.namespace),
      path: str(sio.path, ds.path),
      auth: str(sio.auth, ds.auth),
      listen: str(sio.listen, ds.listen),
      event: str(sio.event, ds.event),
      args: str(sio.args, ds.args),
      ack: bool(sio.ack, ds.ack),
    },
    connectTimeoutSec: str(r.connectTimeoutSec, d.connectTimeoutSec),
    maxShownKb: str(r.maxShownKb, d.maxShownKb),
    checks: parseSteps(r.checks),
    url: str(r.url, d.url),
    protocols: str(r.protocols, d.protocols),
    history: Array.isArray(r.history) ? r.history.filter((u): u is string => typeof u === 'string').slice(0, 20) : [],
    draft: { mode, text: str(draft.text, '') },
    reconnect: {
      enabled: bool(rc.enabled, d.reconnect.enabled),
      maxAttempts: str(rc.maxAttempts, d.reconnect.maxAttempts),
      initialSec: str(rc.initialSec, d.reconnect.initialSec),
      maxSec: str(rc.maxSec, d.reconnect.maxSec),
    },
    heartbeat: {
      enabled: bool(hb.enabled, d.heartbeat.enabled),
      intervalSec: str(hb.intervalSec, d.heartbeat.intervalSec),
      message: str(hb.message, d.heartbeat.message),
    },
    close: { code: str(cl.code, d.close.code), reason: str(cl.reason, d.close.reason) },
  };
}

/** A non-negative number of seconds or KB from a field ('' is 0); null when it is not one. */
export function nonNegative(text: string): number | null {
  if (text.trim() === '') return 0;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : null;
}
