/**
 * The Protobuf section of the settings: schema files (.proto text, or compiled descriptor sets
 * .pb/.desc), with what did not compile said by file and line; and which message type the frames
 * of which connections are (URL pattern, direction, type; for an envelope, the field naming the
 * inner type and the bytes field holding it; the field that names frames in the Name column).
 * Kept in extension storage; every panel compiles the schema again when it changes.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { EMPTY_PROTOBUF, parseStoredProtobuf, PROTOBUF_KEY, type BindingDirection, type ProtobufBinding, type ProtobufConfig } from '../core/protobuf/config';
import { bytesToBase64, formatSchemaError, type CompiledSchema, type SchemaFile } from '../core/protobuf/schema';

async function readFile(f: File): Promise<SchemaFile> {
  const descriptor = /\.(pb|desc|protoset|bin)$/i.test(f.name);
  if (descriptor) return { name: f.name, kind: 'descriptor', content: bytesToBase64(new Uint8Array(await f.arrayBuffer())) };
  return { name: f.name, kind: 'proto', content: await f.text() };
}

export function ProtobufSettings() {
  const [config, setConfig] = useState<ProtobufConfig>(EMPTY_PROTOBUF);
  const [bindings, setBindings] = useState<ProtobufBinding[]>([]);
  const [status, setStatus] = useState('');

  useEffect(() => {
    browser.storage.local
      .get(PROTOBUF_KEY)
      .then((r) => {
        const c = parseStoredProtobuf(r[PROTOBUF_KEY]);
        setConfig(c);
        setBindings(c.bindings);
      })
      .catch((e: unknown) => setStatus(`Could not read the Protobuf settings: ${String(e)}`));
  }, []);

  const [compiled, setCompiled] = useState<CompiledSchema | null>(null);
  useEffect(() => {
    let live = true;
    if (config.files.length === 0) setCompiled(null);
    else
      void import('../core/protobuf/compile').then(({ compileSchema }) => {
        if (live) setCompiled(compileSchema(config.files));
      });
    return () => {
      live = false;
    };
  }, [config.files]);

  const store = async (next: ProtobufConfig, said: string) => {
    setConfig(next);
    try {
      await browser.storage.local.set({ [PROTOBUF_KEY]: next });
      setStatus(said);
    } catch (err) {
      setStatus(`Could not save: ${String(err)}`);
    }
  };

  const addFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const added = await Promise.all([...list].map(readFile));
    // A file of the same name is replaced (a corrected version); the others are kept.
    const files = [...config.files.filter((f) => !added.some((a) => a.name === f.name)), ...added];
    await store({ ...config, files }, `Added ${added.map((a) => a.name).join(', ')}.`);
  };

  const setBinding = (i: number, patch: Partial<ProtobufBinding>) => setBindings(bindings.map((b, k) => (k === i ? { ...b, ...patch } : b)));
  const errorsOf = (name: string) => compiled?.errors.filter((e) => e.file === name) ?? [];

  return (
    <section class="protobuf-settings" aria-labelledby="protobuf-title">
      <h3 id="protobuf-title">Protobuf</h3>
      <p>Binary frames decode as the Protobuf wire format (field numbers) by themselves. Add schema files to see field names.</p>
      <div class="field">
        <label for="pb-files">Add schema files (.proto, or descriptor sets .pb / .desc)</label>
        <input
          id="pb-files"
          type="file"
          multiple
          accept=".proto,.pb,.desc,.protoset"
          onChange={(e) => {
            const input = e.currentTarget;
            void addFiles(input.files).then(() => (input.value = ''));
          }}
        />
      </div>
      {config.files.length > 0 && (
        <ul class="pb-files" aria-label="Schema files">
          {config.files.map((f) => {
            const errs = errorsOf(f.name);
            return (
              <li>
                <span>
                  {f.name} ({f.kind === 'proto' ? '.proto' : 'descriptor set'}){errs.length === 0 ? '' : ': does not compile'}
                </span>{' '}
                <button type="button" aria-label={`Remove ${f.name}`} onClick={() => void store({ ...config, files: config.files.filter((x) => x !== f) }, `Removed ${f.name}.`)}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {compiled && compiled.errors.length > 0 && (
        <div role="alert" class="error">
          {compiled.errors.map((e) => (
            <p>{formatSchemaError(e)}</p>
          ))}
        </div>
      )}
      {compiled && <p>{compiled.messages.length} message types.</p>}
      <h4>Message types of connections</h4>
      {bindings.map((b, i) => (
        <fieldset class="pb-binding" aria-label={`Message type ${i + 1}`}>
          <div class="field">
            <label for={`pb-url-${i}`}>URL pattern</label>
            <input id={`pb-url-${i}`} value={b.url} placeholder="every URL" onInput={(e) => setBinding(i, { url: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for={`pb-dir-${i}`}>Direction</label>
            <select id={`pb-dir-${i}`} value={b.dir} onChange={(e) => setBinding(i, { dir: e.currentTarget.value as BindingDirection })}>
              <option value="both">Both</option>
              <option value="sent">Sent</option>
              <option value="received">Received</option>
            </select>
          </div>
          <div class="field">
            <label for={`pb-type-${i}`}>Message type</label>
            <select id={`pb-type-${i}`} value={b.type} onChange={(e) => setBinding(i, { type: e.currentTarget.value })}>
              {!compiled?.messages.includes(b.type) && <option value={b.type}>{b.type || '(choose)'}</option>}
              {compiled?.messages.map((m) => (
                <option value={m}>{m}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`pb-typefield-${i}`}>Envelope: field naming the inner type</label>
            <input id={`pb-typefield-${i}`} value={b.typeField ?? ''} placeholder="e.g. type" onInput={(e) => setBinding(i, { typeField: e.currentTarget.value || undefined })} />
          </div>
          <div class="field">
            <label for={`pb-payload-${i}`}>Envelope: bytes field holding it</label>
            <input id={`pb-payload-${i}`} value={b.payloadField ?? ''} placeholder="e.g. payload" onInput={(e) => setBinding(i, { payloadField: e.currentTarget.value || undefined })} />
          </div>
          <div class="field">
            <label for={`pb-name-${i}`}>Name column field</label>
            <input id={`pb-name-${i}`} value={b.nameField ?? ''} placeholder="oneof case or type" onInput={(e) => setBinding(i, { nameField: e.currentTarget.value || undefined })} />
          </div>
          <button type="button" aria-label={`Remove message type ${i + 1}`} onClick={() => setBindings(bindings.filter((_, k) => k !== i))}>
            Remove
          </button>
        </fieldset>
      ))}
      <div class="buttons">
        <button type="button" onClick={() => setBindings([...bindings, { url: '', dir: 'both', type: compiled?.messages[0] ?? '' }])}>
          Add a message type
        </button>
        <button type="button" onClick={() => void store({ ...config, bindings: bindings.filter((b) => b.type) }, 'Message types applied: panels decode with them now.')}>
          Apply message types
        </button>
      </div>
      {/* Not role=status: the dialog's own status line is the one status of the dialog. */}
      <p class="status-line" aria-live="polite">
        {status}
      </p>
    </section>
  );
}
