/**
 * Collections of the test client: named groups of saved connections (URL, subprotocols, mode,
 * settings) each with its saved messages; a file of our own format to export and import them (with
 * the environments), and the WebSocket requests of a Postman collection (v2.0/v2.1) imported as
 * far as that format carries them.
 *
 * What a Postman collection file holds of a WebSocket request: the item's name and URL (ws:// or
 * wss://), and where an exporter wrote one, a raw body (taken as a saved message); Socket.IO
 * requests are not in that format (Postman keeps them out of its collection exports), so an item
 * is taken as Socket.IO only when its URL names the Engine.IO path (`/socket.io/`). The
 * collection's variables become an environment. HTTP requests are skipped and counted.
 */
import type { SavedMessage } from '../core/message-draft';
import { DEFAULT_FORM, parseForm, type FormState } from './form-state';
import type { Environment } from './variables';

export const COLLECTIONS_KEY = 'client.collections';
export const FILE_FORMAT = 'websocket-lens/collections';

/** What a saved connection keeps of a form: everything but the URL history and the draft. */
export type SavedSettings = Omit<FormState, 'history' | 'draft'>;

export interface SavedConnection {
  id: string;
  name: string;
  settings: SavedSettings;
  messages: SavedMessage[];
}

export interface Collection {
  id: string;
  name: string;
  connections: SavedConnection[];
}

export interface CollectionsFile {
  format: typeof FILE_FORMAT;
  version: 1;
  collections: Collection[];
  environments: Environment[];
}

export type Imported =
  | { ok: true; kind: 'ours' | 'postman'; collections: Collection[]; environments: Environment[]; notes: string[] }
  | { ok: false; error: string };

export function settingsOf(form: FormState): SavedSettings {
  const { history: _h, draft: _d, ...rest } = form;
  void _h;
  void _d;
  return rest;
}

export function formOf(s: SavedSettings, history: string[]): FormState {
  return { ...parseForm(s), history };
}

export function exportFile(collections: Collection[], environments: Environment[]): string {
  const file: CollectionsFile = { format: FILE_FORMAT, version: 1, collections, environments };
  return JSON.stringify(file, null, 2);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MODES = ['text', 'json', 'hex', 'base64'];

class Bad extends Error {}

function need<T>(ok: boolean, path: string, what: string, v: T): T {
  if (!ok) throw new Bad(`${path} ${what}`);
  return v;
}

function str(o: Record<string, unknown>, key: string, path: string): string {
  const v = o[key];
  return need(typeof v === 'string', `${path}.${key}`, 'must be a string', v as string);
}

function arr(o: Record<string, unknown>, key: string, path: string): unknown[] {
  const v = o[key];
  return need(Array.isArray(v), `${path}.${key}`, 'must be a list', v as unknown[]);
}

function message(v: unknown, path: string, makeId: () => string): SavedMessage {
  need(isObj(v), path, 'must be an object', v);
  const o = v as Record<string, unknown>;
  const mode = str(o, 'mode', path);
  need(MODES.includes(mode), `${path}.mode`, `must be one of ${MODES.join(', ')}`, mode);
  return { id: makeId(), name: str(o, 'name', path), mode: mode as SavedMessage['mode'], text: str(o, 'text', path) };
}

function connection(v: unknown, path: string, makeId: () => string): SavedConnection {
  need(isObj(v), path, 'must be an object', v);
  const o = v as Record<string, unknown>;
  const settings = o.settings;
  need(isObj(settings), `${path}.settings`, 'must be an object', settings);
  str(settings as Record<string, unknown>, 'url', `${path}.settings`);
  const messages = arr(o, 'messages', path).map((m, i) => message(m, `${path}.messages[${i}]`, makeId));
  return { id: makeId(), name: str(o, 'name', path), settings: settingsOf(formOf(settings as SavedSettings, [])), messages };
}

function environment(v: unknown, path: string, makeId: () => string): Environment {
  need(isObj(v), path, 'must be an object', v);
  const o = v as Record<string, unknown>;
  const vars = arr(o, 'vars', path).map((x, i) => {
    need(isObj(x), `${path}.vars[${i}]`, 'must be an object', x);
    const xo = x as Record<string, unknown>;
    return { key: str(xo, 'key', `${path}.vars[${i}]`), value: str(xo, 'value', `${path}.vars[${i}]`) };
  });
  return { id: makeId(), name: str(o, 'name', path), vars };
}

/** Reads a collection file: ours, or a Postman collection. Nothing is half-read: an error names where. */
export function parseCollectionsFile(text: string, makeId: () => string): Imported {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The file is not JSON (${e instanceof Error ? e.message : String(e)}); nothing was imported.` };
  }
  if (!isObj(raw)) return { ok: false, error: 'The file is not a collection file (its JSON is not an object); nothing was imported.' };
  const info = raw.info;
  if (isObj(info) && typeof info.schema === 'string' && /getpostman\.com/.test(info.schema)) return importPostman(raw, makeId);
  if (raw.format !== FILE_FORMAT)
    return { ok: false, error: `The file is neither a WebSocket Lens collection file (format "${FILE_FORMAT}") nor a Postman collection; nothing was imported.` };
  if (raw.version !== 1) return { ok: false, error: `This collection file is of version ${JSON.stringify(raw.version)}; this build reads version 1. Nothing was imported.` };
  try {
    const collections = arr(raw, 'collections', 'file').map((c, i) => {
      const path = `collections[${i}]`;
      need(isObj(c), path, 'must be an object', c);
      const o = c as Record<string, unknown>;
      return { id: makeId(), name: str(o, 'name', path), connections: arr(o, 'connections', path).map((x, j) => connection(x, `${path}.connections[${j}]`, makeId)) };
    });
    const environments = Array.isArray(raw.environments) ? raw.environments.map((e, i) => environment(e, `environments[${i}]`, makeId)) : [];
    return { ok: true, kind: 'ours', collections, environments, notes: [] };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, error: `The collection file is malformed: ${e.message}. Nothing was imported.` };
    throw e;
  }
}

interface PostmanItem {
  name?: unknown;
  item?: unknown;
  request?: unknown;
}

function postmanUrl(request: unknown): string | null {
  if (typeof request === 'string') return request;
  if (!isObj(request)) return null;
  const url = request.url;
  if (typeof url === 'string') return url;
  if (isObj(url) && typeof url.raw === 'string') return url.raw;
  return null;
}

function importPostman(raw: Record<string, unknown>, makeId: () => string): Imported {
  const info = raw.info as Record<string, unknown>;
  const name = typeof info.name === 'string' ? info.name : 'Postman collection';
  const connections: SavedConnection[] = [];
  let http = 0;
  const walk = (items: unknown, prefix: string) => {
    if (!Array.isArray(items)) return;
    for (const it of items as PostmanItem[]) {
      if (!isObj(it)) continue;
      const itemName = typeof it.name === 'string' ? it.name : 'request';
      if (Array.isArray(it.item)) {
        walk(it.item, `${prefix}${itemName} / `);
        continue;
      }
      const url = postmanUrl(it.request);
      if (url === null) continue;
      if (!/^wss?:\/\//i.test(url)) {
        http++;
        continue;
      }
      const sio = /\/socket\.io\/?(\?|$)/.test(url);
      const body = isObj(it.request) && isObj(it.request.body) && typeof it.request.body.raw === 'string' ? it.request.body.raw : null;
      const settings = settingsOf({ ...DEFAULT_FORM, url: sio ? url.replace(/\/socket\.io\/?(\?.*)?$/, '') : url, mode: sio ? 'socketio' : 'ws' });
      connections.push({
        id: makeId(),
        name: `${prefix}${itemName}`,
        settings,
        messages: body === null || body === '' ? [] : [{ id: makeId(), name: `${itemName} message`, mode: 'text', text: body }],
      });
    }
  };
  walk(raw.item, '');
  const vars = Array.isArray(raw.variable)
    ? (raw.variable as unknown[]).filter(isObj).flatMap((v) => (typeof v.key === 'string' ? [{ key: v.key, value: v.value === undefined ? '' : String(v.value) }] : []))
    : [];
  if (connections.length === 0)
    return {
      ok: false,
      error: `The Postman collection "${name}" has no WebSocket request (ws:// or wss:// URL)${http > 0 ? `, only ${http} HTTP request${http === 1 ? '' : 's'}` : ''}; nothing was imported.`,
    };
  const notes = [`${connections.length} WebSocket request${connections.length === 1 ? '' : 's'} from the Postman collection "${name}"`];
  if (http > 0) notes.push(`${http} HTTP request${http === 1 ? '' : 's'} skipped`);
  if (vars.length > 0) notes.push(`its ${vars.length} variable${vars.length === 1 ? '' : 's'} as the environment "${name}"`);
  return {
    ok: true,
    kind: 'postman',
    collections: [{ id: makeId(), name, connections }],
    environments: vars.length > 0 ? [{ id: makeId(), name, vars }] : [],
    notes,
  };
}

/** Reads stored collections (our own format's list, checked the same way), or none. */
export function parseStoredCollections(raw: unknown, makeId: () => string): Collection[] {
  if (!Array.isArray(raw)) return [];
  const r = parseCollectionsFile(JSON.stringify({ format: FILE_FORMAT, version: 1, collections: raw }), makeId);
  return r.ok ? r.collections : [];
}
