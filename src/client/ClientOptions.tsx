/** The test client's settings per connection: connect timeout, largest message shown, auto-reconnect with backoff, heartbeat, close code and reason. */
import type { FormState } from './form-state';

export function ClientOptions({ form, onChange }: { form: FormState; onChange(f: FormState): void }) {
  const rc = form.reconnect;
  const hb = form.heartbeat;
  const cl = form.close;
  return (
    <div class="options-grid">
      <fieldset>
        <legend>Connection</legend>
        <label>
          Connect timeout (s){' '}
          <input
            type="text"
            inputMode="decimal"
            size={4}
            value={form.connectTimeoutSec}
            onInput={(e) => onChange({ ...form, connectTimeoutSec: e.currentTarget.value })}
          />
        </label>
        <label>
          Largest message shown in full (KB){' '}
          <input type="text" inputMode="decimal" size={6} value={form.maxShownKb} onInput={(e) => onChange({ ...form, maxShownKb: e.currentTarget.value })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Auto-reconnect</legend>
        <label class="check">
          <input
            type="checkbox"
            aria-label="Auto-reconnect"
            checked={rc.enabled}
            onChange={(e) => onChange({ ...form, reconnect: { ...rc, enabled: e.currentTarget.checked } })}
          />{' '}
          On
        </label>
        <label>
          Max attempts{' '}
          <input
            type="text"
            inputMode="numeric"
            size={4}
            value={rc.maxAttempts}
            onInput={(e) => onChange({ ...form, reconnect: { ...rc, maxAttempts: e.currentTarget.value } })}
          />
        </label>
        <label>
          Initial delay (s){' '}
          <input
            type="text"
            inputMode="decimal"
            size={4}
            value={rc.initialSec}
            onInput={(e) => onChange({ ...form, reconnect: { ...rc, initialSec: e.currentTarget.value } })}
          />
        </label>
        <label>
          Max delay (s){' '}
          <input
            type="text"
            inputMode="decimal"
            size={4}
            value={rc.maxSec}
            onInput={(e) => onChange({ ...form, reconnect: { ...rc, maxSec: e.currentTarget.value } })}
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Heartbeat</legend>
        <label class="check">
          <input
            type="checkbox"
            aria-label="Send a heartbeat"
            checked={hb.enabled}
            onChange={(e) => onChange({ ...form, heartbeat: { ...hb, enabled: e.currentTarget.checked } })}
          />{' '}
          On
        </label>
        <label>
          Every (s){' '}
          <input
            type="text"
            inputMode="decimal"
            size={4}
            value={hb.intervalSec}
            onInput={(e) => onChange({ ...form, heartbeat: { ...hb, intervalSec: e.currentTarget.value } })}
          />
        </label>
        <label>
          Heartbeat message{' '}
          <input
            type="text"
            class="wide"
            size={12}
            value={hb.message}
            onInput={(e) => onChange({ ...form, heartbeat: { ...hb, message: e.currentTarget.value } })}
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Close</legend>
        <label>
          Close code{' '}
          <input
            type="text"
            inputMode="numeric"
            size={5}
            value={cl.code}
            onInput={(e) => onChange({ ...form, close: { ...cl, code: e.currentTarget.value } })}
          />
        </label>
        <label>
          Close reason{' '}
          <input
            type="text"
            class="wide"
            size={16}
            value={cl.reason}
            onInput={(e) => onChange({ ...form, close: { ...cl, reason: e.currentTarget.value } })}
          />
        </label>
      </fieldset>
    </div>
  );
}
