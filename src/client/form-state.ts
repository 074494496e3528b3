/**
 * What the test client keeps in storage.local between openings (the popup loses its page every
 * time it closes): the form, the draft, the saved messages and the log.
 */
import type { DraftMode } from '../core/message-draft';

export const FORM_KEY = 'client.form';
export const SAVED_KEY = 'client.saved';
export const LOG_KEY = 'client.log';

export interface FormState {
  url: string;
  protocols: string;
  history: string[];
  draft: { mode: DraftMode; text: string };
  reconnect: { enabled: boolean; maxAttempts: string; initialSec: string; maxSec: string };
  heartbeat: { enabled: boolean; intervalSec: string; message: string };
  close: { code: string; reason: string };
}

export const DEFAULT_FORM: FormState = {
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
  return {
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
