/**
 * The user's Protobuf schema files compiled into one @bufbuild/protobuf registry: `.proto` text
 * parsed by protobufjs's parser (`parse`, which builds reflection objects and generates no code),
 * converted here to FileDescriptorProtos; compiled descriptor sets read as they are. Imports are
 * resolved among the files added, the well-known types (`google/protobuf/*.proto`) taken from
 * @bufbuild/protobuf's own descriptors. Loaded on demand (it carries the parser and descriptor.proto).
 */
import { create, createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import {
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  DescriptorProtoSchema,
  EnumDescriptorProtoSchema,
  FieldDescriptorProtoSchema,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import protobuf from 'protobufjs';
import type { CompiledSchema, SchemaError, SchemaFile } from './schema';

const WKT: Record<string, FileDescriptorProto> = {
  'google/protobuf/any.proto': file_google_protobuf_any.proto,
  'google/protobuf/duration.proto': file_google_protobuf_duration.proto,
  'google/protobuf/empty.proto': file_google_protobuf_empty.proto,
  'google/protobuf/field_mask.proto': file_google_protobuf_field_mask.proto,
  'google/protobuf/struct.proto': file_google_protobuf_struct.proto,
  'google/protobuf/timestamp.proto': file_google_protobuf_timestamp.proto,
  'google/protobuf/wrappers.proto': file_google_protobuf_wrappers.proto,
};

/** protobufjs's type names → FieldDescriptorProto.Type. */
const SCALAR: Record<string, number> = {
  double: 1, float: 2, int64: 3, uint64: 4, int32: 5, fixed64: 6, fixed32: 7, bool: 8, string: 9,
  bytes: 12, uint32: 13, sfixed32: 15, sfixed64: 16, sint32: 17, sint64: 18,
};
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;
const LABEL_OPTIONAL = 1;
const LABEL_REQUIRED = 2;
const LABEL_REPEATED = 3;

function lineOf(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "illegal token 'x' (a.proto, line 3)" → { line: 3, message: "illegal token 'x'" } */
function parseErrorOf(file: string, err: unknown): SchemaError {
  const msg = err instanceof Error ? err.message : String(err);
  const m = /^(.*) \((?:.*, )?line (\d+)\)$/s.exec(msg);
  return m ? { file, line: Number(m[2]), message: m[1]! } : { file, message: msg };
}

const parser = protobuf.parse as unknown as { filename: string | null };

interface ParsedFile {
  file: SchemaFile;
  pkg: string;
  imports: string[];
  syntax: 'proto2' | 'proto3';
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The files added, compiled into one registry. Never throws: what fails is in `errors`. */
export function compileSchema(files: readonly SchemaFile[]): CompiledSchema {
  const errors: SchemaError[] = [];
  const protos: FileDescriptorProto[] = [];
  const byName = new Map<string, SchemaFile>();
  for (const f of files) if (f.kind === 'proto') byName.set(f.name, f);
  const resolveImport = (imp: string): string | undefined => {
    if (byName.has(imp)) return imp;
    const b = baseName(imp);
    for (const n of byName.keys()) if (baseName(n) === b) return n;
    return undefined;
  };

  // .proto text: each file parsed on its own first (to blame the right file), then all together.
  const parsed: ParsedFile[] = [];
  for (const f of byName.values()) {
    if (/^\s*edition\s*=/m.test(f.content)) {
      errors.push({ file: f.name, line: lineOf(f.content, /^\s*edition\s*=/m), message: 'Protobuf editions are not read from .proto text: add a compiled descriptor set (protoc --include_imports -o set.pb) instead' });
      continue;
    }
    try {
      parser.filename = f.name;
      const r = protobuf.parse(f.content, new protobuf.Root(), { keepCase: true });
      const syntax = /^\s*syntax\s*=\s*["']proto3["']/m.test(f.content) ? 'proto3' : 'proto2';
      parsed.push({ file: f, pkg: r.package ?? '', imports: [...(r.imports ?? []), ...(r.weakImports ?? [])], syntax });
    } catch (err) {
      errors.push(parseErrorOf(f.name, err));
    }
  }
  // Imports: among the files added, or well-known types.
  const ok = new Map<string, ParsedFile>();
  let changed = true;
  const pending = new Map(parsed.map((p) => [p.file.name, p]));
  while (changed) {
    changed = false;
    for (const [name, p] of pending) {
      let missing: string | null = null;
      for (const imp of p.imports) {
        if (WKT[imp]) continue;
        const target = resolveImport(imp);
        if (target === undefined || (!ok.has(target) && !pending.has(target))) {
          missing = target === undefined ? `imports "${imp}", which is not among the files added` : `imports "${imp}", which does not compile`;
          errors.push({ file: name, line: lineOf(p.file.content, new RegExp(`import[^;]*["']${escapeRe(imp)}["']`)), message: missing });
          break;
        }
      }
      if (missing !== null) {
        pending.delete(name);
        changed = true;
      }
    }
  }
  for (const [name, p] of pending) ok.set(name, p);

  if (ok.size) {
    const root = new protobuf.Root();
    for (const p of ok.values()) {
      parser.filename = p.file.name;
      protobuf.parse(p.file.content, root, { keepCase: true });
      for (const imp of p.imports) {
        const common = (protobuf.common as unknown as Record<string, protobuf.INamespace | undefined>)[imp];
        if (WKT[imp] && common && !root.lookup(`.google.protobuf.${wktTypeOf(imp)}`)) root.addJSON(common.nested ?? {});
      }
    }
    parser.filename = null;
    // Resolve field types file by file, to blame the field that names an unknown type.
    const failed = new Set<string>();
    forEachType(root, (t) => {
      for (const field of t.fieldsArray) {
        try {
          field.resolve();
        } catch (err) {
          const file = field.filename ?? t.filename ?? '?';
          const text = ok.get(file)?.file.content ?? '';
          failed.add(file);
          errors.push({
            file,
            line: lineOf(text, new RegExp(`\\b${escapeRe(field.type)}\\s+${escapeRe(field.name)}\\s*=`)),
            message: `${t.name}.${field.name}: unknown type "${field.type}"${err instanceof Error ? '' : ''}`,
          });
        }
      }
    });
    for (const p of ok.values()) {
      if (failed.has(p.file.name)) continue;
      protos.push(fileProto(root, p, resolveImport));
    }
  }

  // Compiled descriptor sets: each read on its own, and one that does not fit with the rest is
  // left out (said by its name), so that it never takes the other files' types with it.
  const fromSet = new Map<FileDescriptorProto, string>();
  for (const f of files) {
    if (f.kind !== 'descriptor') continue;
    const read = readDescriptorSet(f);
    if (typeof read === 'string') {
      errors.push({ file: f.name, message: read });
      continue;
    }
    for (const fp of read) {
      // Well-known types come from @bufbuild/protobuf's own descriptors, whatever the set calls their file.
      if (WKT[fp.name] || fp.package === 'google.protobuf') continue;
      if (!protos.some((p) => p.name === fp.name)) {
        protos.push(fp);
        fromSet.set(fp, f.name);
      }
    }
  }

  qualified(protos);
  const build = (list: FileDescriptorProto[]): FileRegistry => {
    const used = new Set<string>();
    for (const p of list) for (const d of p.dependency) if (WKT[d]) used.add(d);
    return createFileRegistry(create(FileDescriptorSetSchema, { file: dependenciesFirst([...[...used].map((n) => WKT[n]!), ...list]) }));
  };
  const problem = (err: unknown) => (err instanceof Error ? err.message : String(err));
  let registry: FileRegistry;
  try {
    registry = build(protos);
  } catch (whole) {
    // The .proto text first, then each descriptor set that fits with what is already in.
    let kept = protos.filter((p) => !fromSet.has(p));
    try {
      registry = build(kept);
    } catch (err) {
      const texts = files.filter((f) => f.kind === 'proto').map((f) => f.name);
      errors.push({ file: texts.join(', '), message: problem(err) });
      registry = build([]);
      kept = [];
    }
    for (const name of new Set(fromSet.values())) {
      const next = [...kept, ...protos.filter((p) => fromSet.get(p) === name)];
      try {
        registry = build(next);
        kept = next;
      } catch (err) {
        errors.push({ file: name, message: `left out, its types do not resolve with the files added: ${problem(err)}` });
      }
    }
  }
  const messages: string[] = [];
  for (const d of registry) if (d.kind === 'message' && !d.typeName.startsWith('google.protobuf.')) messages.push(d.typeName);
  messages.sort();
  return { registry, messages, errors };
}

/**
 * The file descriptors of a compiled descriptor set (a FileDescriptorSet, as `protoc
 * --descriptor_set_out` writes it), or what is wrong with it, in words.
 */
function readDescriptorSet(f: SchemaFile): FileDescriptorProto[] | string {
  const bytes = base64ToBytes(f.content);
  if (bytes.length === 0) return 'the file is empty: a compiled descriptor set (protoc --descriptor_set_out=set.pb) was expected';
  let files: FileDescriptorProto[] | null = null;
  let why = '';
  try {
    files = fromBinary(FileDescriptorSetSchema, bytes).file;
  } catch (err) {
    why = err instanceof Error ? err.message : String(err);
  }
  if (files !== null && files.length > 0 && files.every((fp) => fp.name !== '')) return files;
  // Not one: say why in the words of what the file is.
  if (looksLikeText(bytes))
    return 'this is text, not a compiled descriptor set: add .proto text as a file named .proto, or the binary protoc --descriptor_set_out=set.pb writes';
  if (files === null) return `not a compiled descriptor set (FileDescriptorSet): its bytes do not parse (${why})`;
  if (files.length === 0) return 'not a compiled descriptor set (FileDescriptorSet): it holds no file descriptors';
  return `not a compiled descriptor set (FileDescriptorSet): its file descriptor ${files.findIndex((fp) => fp.name === '') + 1} has no name`;
}

/** UTF-8 text of printable characters (what a .proto, or JSON, is; a descriptor set is not). */
function looksLikeText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what binary has and text does not
  return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text);
}

/** The files in an order where each comes after those it imports (what createFileRegistry needs). */
function dependenciesFirst(files: FileDescriptorProto[]): FileDescriptorProto[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const out: FileDescriptorProto[] = [];
  const seen = new Set<string>();
  const visit = (f: FileDescriptorProto) => {
    if (seen.has(f.name)) return;
    seen.add(f.name);
    for (const d of f.dependency) {
      const dep = byName.get(d);
      if (dep) visit(dep);
    }
    out.push(f);
  };
  for (const f of files) visit(f);
  return out;
}

/**
 * Type names made fully qualified, by Protobuf's scoping rules (innermost scope first): protoc
 * writes them so, other tools (protobufjs's descriptor extension) write them as in the source.
 */
function qualified(files: FileDescriptorProto[]): FileDescriptorProto[] {
  const known = new Set<string>();
  const collect = (prefix: string, msgs: DescriptorProto[], enums: EnumDescriptorProto[]) => {
    for (const e of enums) known.add(`${prefix}.${e.name}`);
    for (const m of msgs) {
      known.add(`${prefix}.${m.name}`);
      collect(`${prefix}.${m.name}`, m.nestedType, m.enumType);
    }
  };
  for (const f of files) collect(f.package ? `.${f.package}` : '', f.messageType, f.enumType);
  for (const w of Object.values(WKT)) collect('.google.protobuf', w.messageType, w.enumType);
  const fix = (scope: string, msgs: DescriptorProto[]) => {
    for (const m of msgs) {
      const inner = `${scope}.${m.name}`;
      for (const fd of m.field) {
        if (!fd.jsonName) fd.jsonName = camel(fd.name); // some producers write ""
        if (!fd.typeName || fd.typeName.startsWith('.')) continue;
        for (let s = inner; ; s = s.slice(0, Math.max(0, s.lastIndexOf('.')))) {
          const candidate = `${s}.${fd.typeName}`;
          if (known.has(candidate)) {
            fd.typeName = candidate;
            break;
          }
          if (s === '') break;
        }
      }
      fix(inner, m.nestedType);
    }
  };
  for (const f of files) fix(f.package ? `.${f.package}` : '', f.messageType);
  // Dependencies a producer left out (protobufjs's descriptor extension lists none).
  const owner = new Map<string, string>();
  const own = (file: string, prefix: string, msgs: DescriptorProto[], enums: EnumDescriptorProto[]) => {
    for (const e of enums) owner.set(`${prefix}.${e.name}`, file);
    for (const m of msgs) {
      owner.set(`${prefix}.${m.name}`, file);
      own(file, `${prefix}.${m.name}`, m.nestedType, m.enumType);
    }
  };
  for (const [name, w] of Object.entries(WKT)) own(name, '.google.protobuf', w.messageType, w.enumType);
  for (const f of files) own(f.name, f.package ? `.${f.package}` : '', f.messageType, f.enumType);
  const refs = (msgs: DescriptorProto[], out: Set<string>) => {
    for (const m of msgs) {
      for (const fd of m.field) if (fd.typeName) out.add(fd.typeName);
      refs(m.nestedType, out);
    }
  };
  for (const f of files) {
    const names = new Set<string>();
    refs(f.messageType, names);
    for (const n of names) {
      const o = owner.get(n);
      if (o !== undefined && o !== f.name && !f.dependency.includes(o)) f.dependency.push(o);
    }
  }
  return files;
}

function wktTypeOf(file: string): string {
  const m: Record<string, string> = {
    'google/protobuf/any.proto': 'Any',
    'google/protobuf/duration.proto': 'Duration',
    'google/protobuf/empty.proto': 'Empty',
    'google/protobuf/field_mask.proto': 'FieldMask',
    'google/protobuf/struct.proto': 'Struct',
    'google/protobuf/timestamp.proto': 'Timestamp',
    'google/protobuf/wrappers.proto': 'DoubleValue',
  };
  return m[file] ?? 'Any';
}

function forEachType(ns: protobuf.NamespaceBase, fn: (t: protobuf.Type) => void): void {
  for (const n of ns.nestedArray) {
    if (n instanceof protobuf.Type) fn(n);
    if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) forEachType(n, fn);
  }
}

/** The top-level types and enums of one file (those of its package parsed from it). */
function fileProto(root: protobuf.Root, p: ParsedFile, resolveImport: (imp: string) => string | undefined): FileDescriptorProto {
  const messageType: DescriptorProto[] = [];
  const enumType: EnumDescriptorProto[] = [];
  const ns = p.pkg ? root.lookup(p.pkg) : root;
  const container = ns instanceof protobuf.Namespace || ns instanceof protobuf.Root ? ns : root;
  for (const n of (container as protobuf.NamespaceBase).nestedArray) {
    if (n.filename !== p.file.name) continue;
    if (n instanceof protobuf.Type) messageType.push(typeProto(n, p.syntax));
    else if (n instanceof protobuf.Enum) enumType.push(enumProto(n));
  }
  return create(FileDescriptorProtoSchema, {
    name: p.file.name,
    package: p.pkg,
    dependency: p.imports.map((i) => (WKT[i] ? i : (resolveImport(i) ?? i))),
    messageType,
    enumType,
    syntax: p.syntax,
  });
}

function enumProto(e: protobuf.Enum): EnumDescriptorProto {
  return create(EnumDescriptorProtoSchema, { name: e.name, value: Object.entries(e.values).map(([name, number]) => ({ name, number })) });
}

function ucFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function camel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function fieldType(f: protobuf.Field, typeName: string): { type: number; typeName?: string } {
  const scalar = SCALAR[typeName];
  if (scalar !== undefined) return { type: scalar };
  const rt = f.resolvedType ?? (f.parent as protobuf.Type | null)?.lookupTypeOrEnum(typeName);
  if (rt instanceof protobuf.Enum) return { type: TYPE_ENUM, typeName: rt.fullName };
  return { type: TYPE_MESSAGE, typeName: (rt as protobuf.Type).fullName };
}

function typeProto(t: protobuf.Type, syntax: 'proto2' | 'proto3'): DescriptorProto {
  const nestedType: DescriptorProto[] = [];
  const enumType: EnumDescriptorProto[] = [];
  for (const n of t.nestedArray) {
    if (n instanceof protobuf.Type) nestedType.push(typeProto(n, syntax));
    else if (n instanceof protobuf.Enum) enumType.push(enumProto(n));
  }
  // Real oneofs first, then proto3 `optional`'s synthetic ones (what protoc writes).
  const oneofs = [...t.oneofsArray].sort((a, b) => Number(isSynthetic(a)) - Number(isSynthetic(b)));
  const field: FieldDescriptorProto[] = [];
  for (const f of t.fieldsArray) {
    const options = f.options as Record<string, unknown> | undefined;
    if (f instanceof protobuf.MapField) {
      const entry = `${ucFirst(camel(f.name))}Entry`;
      const key = SCALAR[f.keyType]!;
      const value = fieldType(f, f.type);
      nestedType.push(
        create(DescriptorProtoSchema, {
          name: entry,
          field: [
            { name: 'key', number: 1, label: LABEL_OPTIONAL, type: key, jsonName: 'key' },
            { name: 'value', number: 2, label: LABEL_OPTIONAL, type: value.type, typeName: value.typeName, jsonName: 'value' },
          ],
          options: { mapEntry: true },
        }),
      );
      field.push(create(FieldDescriptorProtoSchema, { name: f.name, number: f.id, label: LABEL_REPEATED, type: TYPE_MESSAGE, typeName: `${t.fullName}.${entry}`, jsonName: camel(f.name) }));
      continue;
    }
    const ft = fieldType(f, f.type);
    const oneof = f.partOf ? oneofs.indexOf(f.partOf) : -1;
    const packed = options?.packed;
    field.push(
      create(FieldDescriptorProtoSchema, {
        name: f.name,
        number: f.id,
        label: f.repeated ? LABEL_REPEATED : f.required ? LABEL_REQUIRED : LABEL_OPTIONAL,
        type: ft.type,
        typeName: ft.typeName,
        jsonName: camel(f.name),
        ...(oneof >= 0 ? { oneofIndex: oneof } : {}),
        ...(syntax === 'proto3' && options?.proto3_optional === true ? { proto3Optional: true } : {}),
        ...(typeof packed === 'boolean' ? { options: { packed } } : {}),
      }),
    );
  }
  return create(DescriptorProtoSchema, { name: t.name, field, nestedType, enumType, oneofDecl: oneofs.map((o) => ({ name: o.name })) });
}

function isSynthetic(o: protobuf.OneOf): boolean {
  return o.fieldsArray.length === 1 && (o.fieldsArray[0]!.options as Record<string, unknown> | undefined)?.proto3_optional === true;
}

function base64ToBytes(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
