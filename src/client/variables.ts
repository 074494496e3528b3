/**
 * Variables of the test client: `{{name}}` in the URL, the subprotocols and messages, filled from
 * the active environment (several environments, one active) and from built-ins (`{{$timestamp}}`,
 * `{{$isoTimestamp}}`, `{{$uuid}}`, `{{$randomInt}}`, `{{$counter}}`). A variable's value may use
 * other variables; a loop among them, or a name defined nowhere, is an error found before anything
 * is sent.
 */

export interface Variable {
  key: string;
  value: string;
}

export interface Environment {
  id: string;
  name: string;
  vars: Variable[];
}

export interface Environments {
  /** The id of the active environment (null: none). */
  active: string | null;
  list: Environment[];
}

export const ENV_KEY = 'client.environments';

const EMPTY_ENVIRONMENTS: Environments = { active: null, list: [] };

/** What built-ins are made of, injected so that tests can pin them. */
export interface BuiltinSource {
  now(): number;
  uuid(): string;
  random(): number;
  /** The next value of `{{$counter}}` (1, 2, 3, … per connection tab). */
  counter(): number;
}

export const BUILTINS = ['$timestamp', '$isoTimestamp', '$uuid', '$randomInt', '$counter'] as const;

const REF = /\{\{\s*([A-Za-z0-9_.$-]+)\s*\}\}/g;
/** Nesting deeper than this is reported as a loop even if it is a very long chain. */
const MAX_DEPTH = 32;

export type Resolved = { ok: true; text: string } | { ok: false; error: string; unknown: string[] };

/** The names referenced in a text, in order of first use. */
export function references(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(REF)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/** The active environment's variables as a map (the first definition of a key wins). */
export function activeVars(envs: Environments): Map<string, string> {
  const env = envs.list.find((e) => e.id === envs.active);
  const map = new Map<string, string>();
  for (const v of env?.vars ?? []) if (v.key.trim() !== '' && !map.has(v.key.trim())) map.set(v.key.trim(), v.value);
  return map;
}

function builtin(name: string, src: BuiltinSource): string | null {
  switch (name) {
    case '$timestamp':
      return String(Math.floor(src.now() / 1000));
    case '$isoTimestamp':
      return new Date(src.now()).toISOString();
    case '$uuid':
      return src.uuid();
    case '$randomInt':
      return String(Math.floor(src.random() * 1001));
    case '$counter':
      return String(src.counter());
    default:
      return null;
  }
}

/**
 * Replaces every `{{name}}` in `text`. Unknown names and loops fail the whole text (nothing is
 * half-resolved), naming the variables and the environment they were looked for in.
 */
export function resolve(text: string, vars: Map<string, string>, src: BuiltinSource, envName: string | null = null): Resolved {
  const unknown: string[] = [];
  const found: { loop: string[] | null } = { loop: null };
  const expand = (t: string, chain: string[]): string =>
    t.replace(REF, (whole, name: string) => {
      if (found.loop !== null) return whole;
      if (name.startsWith('$')) {
        const b = builtin(name, src);
        if (b !== null) return b;
        if (!unknown.includes(name)) unknown.push(name);
        return whole;
      }
      if (chain.includes(name) || chain.length >= MAX_DEPTH) {
        found.loop = [...chain.slice(Math.max(0, chain.indexOf(name))), name];
        return whole;
      }
      const v = vars.get(name);
      if (v === undefined) {
        if (!unknown.includes(name)) unknown.push(name);
        return whole;
      }
      return expand(v, [...chain, name]);
    });
  const out = expand(text, []);
  const l = found.loop;
  if (l !== null) {
    return { ok: false, error: `Variable loop: ${l.map((n) => `{{${n}}}`).join(' → ')}. Change one of these values.`, unknown: [] };
  }
  if (unknown.length > 0) return { ok: false, error: unknownMessage(unknown, envName), unknown };
  return { ok: true, text: out };
}

function unknownMessage(unknown: string[], envName: string | null): string {
  const list = unknown.map((n) => `{{${n}}}`).join(', ');
  const builtins = unknown.filter((n) => n.startsWith('$'));
  const where =
    builtins.length === unknown.length
      ? ` Built-ins are ${BUILTINS.map((b) => `{{${b}}}`).join(', ')}.`
      : envName === null
        ? ' No environment is active: choose one, or add the variable to an environment.'
        : ` Add ${unknown.length === 1 ? 'it' : 'them'} to the environment "${envName}", or choose another.`;
  return `Unknown variable${unknown.length === 1 ? '' : 's'} ${list}.${where}`;
}

/**
 * Checks a text without consuming built-ins (the counter does not move): what the page shows
 * before a send.
 */
export function check(text: string, vars: Map<string, string>, envName: string | null): string | null {
  const probe: BuiltinSource = { now: () => 0, uuid: () => '', random: () => 0, counter: () => 0 };
  const r = resolve(text, vars, probe, envName);
  return r.ok ? null : r.error;
}

export function browserBuiltins(): BuiltinSource {
  let n = 0;
  return {
    now: () => Date.now(),
    uuid: () => crypto.randomUUID(),
    random: () => Math.random(),
    counter: () => ++n,
  };
}

/** Reads stored environments, dropping what is malformed; a missing active id becomes null. */
export function parseEnvironments(raw: unknown): Environments {
  if (typeof raw !== 'object' || raw === null) return EMPTY_ENVIRONMENTS;
  const r = raw as { active?: unknown; list?: unknown };
  const list: Environment[] = [];
  for (const e of Array.isArray(r.list) ? (r.list as unknown[]) : []) {
    if (typeof e !== 'object' || e === null) continue;
    const o = e as { id?: unknown; name?: unknown; vars?: unknown };
    if (typeof o.id !== 'string' || typeof o.name !== 'string') continue;
    const vars: Variable[] = [];
    for (const v of Array.isArray(o.vars) ? (o.vars as unknown[]) : []) {
      const vv = v as { key?: unknown; value?: unknown } | null;
      if (vv && typeof vv.key === 'string' && typeof vv.value === 'string') vars.push({ key: vv.key, value: vv.value });
    }
    list.push({ id: o.id, name: o.name, vars });
  }
  const active = typeof r.active === 'string' && list.some((e) => e.id === r.active) ? r.active : null;
  return { active, list };
}
