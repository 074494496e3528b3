/**
 * The panel's Protobuf schema: read from extension storage once, compiled, and given to every
 * decoding (PanelDecoding.setProtobuf); compiled again whenever the settings change it.
 * Outside an extension page (unit tests) it does nothing.
 */
import { parseStoredProtobuf, PROTOBUF_KEY, type ProtobufConfig } from '../core/protobuf/config';
import type { CompiledSchema } from '../core/protobuf/schema';

interface SchemaSink {
  setProtobuf(schema: CompiledSchema | null, bindings: ProtobufConfig['bindings']): void;
}

const sinks = new Set<SchemaSink>();
let current: { schema: CompiledSchema | null; config: ProtobufConfig } | null = null;
let started = false;

let applied = 0;

async function apply(raw: unknown): Promise<void> {
  const config = parseStoredProtobuf(raw);
  const n = ++applied;
  // The compiler (protobufjs's parser, descriptor.proto) is loaded only when there is a schema.
  const schema = config.files.length ? (await import('../core/protobuf/compile')).compileSchema(config.files) : null;
  if (n !== applied) return; // a newer change came meanwhile
  current = { schema, config };
  for (const s of sinks) s.setProtobuf(schema, config.bindings);
}

function inExtension(): boolean {
  const g = globalThis as { chrome?: { runtime?: { id?: string } }; browser?: { runtime?: { id?: string } } };
  return Boolean(g.browser?.runtime?.id ?? g.chrome?.runtime?.id);
}

/** Stops feeding `sink`. */
export function unwatchProtobufSchema(sink: SchemaSink): void {
  sinks.delete(sink);
}

/** Feeds `sink` the schema now (when read) and on every change. */
export function watchProtobufSchema(sink: SchemaSink): void {
  sinks.add(sink);
  if (current) sink.setProtobuf(current.schema, current.config.bindings);
  if (started || !inExtension()) return;
  started = true;
  void import('webextension-polyfill').then(async ({ default: browser }) => {
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && PROTOBUF_KEY in changes) void apply(changes[PROTOBUF_KEY]!.newValue);
    });
    await apply((await browser.storage.local.get(PROTOBUF_KEY))[PROTOBUF_KEY]);
  });
}
