/**
 * Protobuf with a schema: frames decoded to JSON by message type (field names, enums by name,
 * `google.protobuf.Any` unpacked) or an envelope whose field names the inner type, and JSON encoded
 * back, with @bufbuild/protobuf v2's reflection (no generated code, no eval: it runs under the
 * extension pages' CSP). The registry comes from `compile.ts`.
 */
import { fromBinary, fromJson, toBinary, toJson, type DescMessage, type FileRegistry, type JsonValue } from '@bufbuild/protobuf';
import { reflect } from '@bufbuild/protobuf/reflect';

/** A schema file as the user added it. `content`: the .proto text, or Base64 of a FileDescriptorSet. */
export interface SchemaFile {
  name: string;
  kind: 'proto' | 'descriptor';
  content: string;
}

/** A problem with one file, with its line when the parser knows it. */
export interface SchemaError {
  file: string;
  line?: number;
  message: string;
}

export interface CompiledSchema {
  registry: FileRegistry;
  /** Full names of every message type, sorted. */
  messages: string[];
  /** Files that did not compile (the others still do). */
  errors: SchemaError[];
}

export function formatSchemaError(e: SchemaError): string {
  return `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}`;
}

export function bytesToBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

// ───────────────────────────── decoding and encoding ─────────────────────────────

/** How frames of a connection are read: a message type, or an envelope whose field picks the inner one. */
export interface TypeChoice {
  /** Full name of the frame's message type (e.g. `lens.market.Envelope`). */
  type: string;
  /** Envelope: the field (string or enum) naming the inner message type… */
  typeField?: string;
  /** …and the bytes field that holds it. */
  payloadField?: string;
  /** The field whose value names the frame in the Name column (a dot path in the JSON). */
  nameField?: string;
}

export interface SchemaDecoded {
  json: JsonValue;
  /** The frame's name for the column. */
  name: string;
  /** The message type decoded (for an envelope: `Envelope → Trade`). */
  typeLabel: string;
}

/** Looks a message type up by its full name, or by its short name when that is unique. */
function findMessage(registry: FileRegistry, name: string): DescMessage | undefined {
  const n = name.replace(/^\./, '');
  const exact = registry.getMessage(n);
  if (exact) return exact;
  let found: DescMessage | undefined;
  for (const d of registry) {
    if (d.kind !== 'message') continue;
    if (d.name === n || d.typeName.endsWith(`.${n}`)) {
      if (found) return undefined;
      found = d;
    }
  }
  return found;
}

function pathValue(v: JsonValue, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = v;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Decodes a frame's bytes as the chosen type. Throws (with the library's message) on bytes that are not that type. */
export function decodeWithSchema(registry: FileRegistry, choice: TypeChoice, bytes: Uint8Array): SchemaDecoded {
  const desc = registry.getMessage(choice.type);
  if (!desc) throw new Error(`message type ${choice.type} is not in the schema`);
  const msg = fromBinary(desc, bytes);
  const json = toJson(desc, msg, { registry }) as { [k: string]: JsonValue };
  let typeLabel = desc.name;
  let name = '';
  if (choice.typeField && choice.payloadField) {
    const tf = desc.fields.find((f) => f.name === choice.typeField);
    const pf = desc.fields.find((f) => f.name === choice.payloadField);
    const r = reflect(desc, msg);
    const tv = tf ? r.get(tf) : undefined;
    const typeName = tf?.fieldKind === 'enum' ? tf.enum.values.find((v) => v.number === tv)?.name : typeof tv === 'string' ? tv : undefined;
    const payload = pf ? r.get(pf) : undefined;
    if (typeName) {
      name = typeName;
      const inner = findMessage(registry, typeName);
      if (inner && payload instanceof Uint8Array && pf) {
        json[pf.jsonName] = { '@type': inner.typeName, ...(toJson(inner, fromBinary(inner, payload), { registry }) as object) } as JsonValue;
        typeLabel = `${desc.name} → ${inner.name}`;
      }
    }
  }
  if (!name) {
    // A set oneof names the frame (its case), else the type.
    const r = reflect(desc, msg);
    for (const o of desc.oneofs) {
      const c = r.oneofCase(o);
      if (c) {
        name = c.name;
        break;
      }
    }
  }
  if (choice.nameField) {
    const v = pathValue(json, choice.nameField);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') name = String(v);
  }
  return { json, name: name || desc.name, typeLabel };
}

/**
 * Encodes JSON (proto3 JSON mapping: field names or their JSON names, enums by name) as the chosen
 * type. For an envelope, a JSON object in the payload field with an `@type` is encoded as that
 * type first. Throws with a message on JSON that does not fit the type.
 */
export function encodeWithSchema(registry: FileRegistry, choice: TypeChoice, json: JsonValue): Uint8Array {
  const desc = registry.getMessage(choice.type);
  if (!desc) throw new Error(`message type ${choice.type} is not in the schema`);
  let value = json;
  if (choice.payloadField && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const pf = desc.fields.find((f) => f.name === choice.payloadField);
    const key = pf ? ([pf.jsonName, pf.name].find((k) => k in (value as object)) ?? null) : null;
    const inner = key !== null ? (value as { [k: string]: JsonValue })[key] : undefined;
    if (key !== null && inner !== null && typeof inner === 'object' && !Array.isArray(inner) && typeof inner['@type'] === 'string') {
      const t = findMessage(registry, inner['@type']);
      if (!t) throw new Error(`@type ${inner['@type']} is not in the schema`);
      const { '@type': _, ...rest } = inner;
      value = { ...value, [key]: bytesToBase64(toBinary(t, fromJson(t, rest, { registry }))) };
    }
  }
  return toBinary(desc, fromJson(desc, value, { registry }));
}
