/**
 * What the user set for Protobuf, kept in extension storage (`storage.local`, key `protobuf`): the
 * schema files added, and which message type the frames of which connections are (by URL
 * pattern, in the one pattern grammar, and direction). Pure; read defensively.
 */
import { parsePattern, regExpOf } from '../pattern';
import type { SchemaFile, TypeChoice } from './schema';

export const PROTOBUF_KEY = 'protobuf';

export type BindingDirection = 'both' | 'sent' | 'received';

/** Frames of connections whose URL matches `url` (a pattern; empty: every URL), in `dir`, are `type`. */
export interface ProtobufBinding extends TypeChoice {
  url: string;
  dir: BindingDirection;
}

export interface ProtobufConfig {
  files: SchemaFile[];
  bindings: ProtobufBinding[];
}

export const EMPTY_PROTOBUF: ProtobufConfig = { files: [], bindings: [] };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseStoredProtobuf(raw: unknown): ProtobufConfig {
  if (raw === null || typeof raw !== 'object') return EMPTY_PROTOBUF;
  const r = raw as { files?: unknown; bindings?: unknown };
  const files: SchemaFile[] = [];
  if (Array.isArray(r.files))
    for (const f of r.files as unknown[]) {
      const o = (f ?? {}) as Record<string, unknown>;
      const name = str(o.name);
      const content = str(o.content);
      if (name && content !== undefined && (o.kind === 'proto' || o.kind === 'descriptor')) files.push({ name, kind: o.kind, content });
    }
  const bindings: ProtobufBinding[] = [];
  if (Array.isArray(r.bindings))
    for (const b of r.bindings as unknown[]) {
      const o = (b ?? {}) as Record<string, unknown>;
      const type = str(o.type);
      if (!type) continue;
      const dir: BindingDirection = o.dir === 'sent' || o.dir === 'received' ? o.dir : 'both';
      const binding: ProtobufBinding = { url: str(o.url) ?? '', dir, type };
      for (const k of ['typeField', 'payloadField', 'nameField'] as const) {
        const v = str(o[k]);
        if (v) binding[k] = v;
      }
      bindings.push(binding);
    }
  return { files, bindings };
}

/** The first binding for a connection URL and a frame's direction, or undefined. */
export function bindingFor(bindings: readonly ProtobufBinding[], url: string, dir: 'sent' | 'received'): ProtobufBinding | undefined {
  for (const b of bindings) {
    if (b.dir !== 'both' && b.dir !== dir) continue;
    const re = regExpOf(parsePattern(b.url));
    if (re === null || new RegExp(re.source, re.flags).test(url)) return b;
  }
  return undefined;
}
