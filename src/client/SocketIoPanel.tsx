/**
 * The Socket.IO mode's controls: the connection's settings (version, namespace, path, auth) and the
 * emit form (event, arguments, ack) with the events listened to.
 */
import type { SioForm } from './form-state';

export function SocketIoSettings({ sio, onChange }: { sio: SioForm; onChange(s: SioForm): void }) {
  return (
    <fieldset class="sio-settings">
      <legend>Socket.IO</legend>
      <label>
        Version{' '}
        <select value={sio.version} onChange={(e) => onChange({ ...sio, version: e.currentTarget.value as SioForm['version'] })}>
          <option value="auto">Detect</option>
          <option value="v4">v3/v4</option>
          <option value="v2">v2</option>
        </select>
      </label>
      <label>
        Namespace{' '}
        <input type="text" size={8} spellcheck={false} value={sio.namespace} onInput={(e) => onChange({ ...sio, namespace: e.currentTarget.value })} />
      </label>
      <label>
        Path{' '}
        <input type="text" size={10} spellcheck={false} value={sio.path} onInput={(e) => onChange({ ...sio, path: e.currentTarget.value })} />
      </label>
      <label class="grow">
        Auth (JSON){' '}
        <input
          type="text"
          size={16}
          spellcheck={false}
          placeholder='{"token": "{{token}}"}'
          value={sio.auth}
          onInput={(e) => onChange({ ...sio, auth: e.currentTarget.value })}
        />
      </label>
    </fieldset>
  );
}

export function EmitForm({
  sio,
  onChange,
  onEmit,
  problem,
}: {
  sio: SioForm;
  onChange(s: SioForm): void;
  onEmit(): void;
  /** Why an emit cannot happen now (shown, and the last emit's error). */
  problem: string | null;
}) {
  return (
    <form
      class="emit"
      aria-label="Emit an event"
      onSubmit={(e) => {
        e.preventDefault();
        onEmit();
      }}
    >
      <label>
        Event{' '}
        <input type="text" spellcheck={false} placeholder="chat message" value={sio.event} onInput={(e) => onChange({ ...sio, event: e.currentTarget.value })} />
      </label>
      <label>
        Arguments (JSON array){' '}
        <textarea
          rows={3}
          spellcheck={false}
          placeholder='["hello", {"n": 1}, {"$binary": "AAEC"}]'
          value={sio.args}
          onInput={(e) => onChange({ ...sio, args: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onEmit();
            }
          }}
        />
      </label>
      <div class="emit-row">
        <label class="check">
          <input type="checkbox" checked={sio.ack} onChange={(e) => onChange({ ...sio, ack: e.currentTarget.checked })} /> Ask for an ack
        </label>
        <button type="submit" class="primary">
          Emit
        </button>
      </div>
      {problem && (
        <p class="note warn" role="alert" aria-label="Emit problem">
          {problem}
        </p>
      )}
      <label>
        Listen to (event names, comma-separated; empty: all){' '}
        <input type="text" spellcheck={false} value={sio.listen} onInput={(e) => onChange({ ...sio, listen: e.currentTarget.value })} />
      </label>
    </form>
  );
}

export function listenList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
