/**
 * The Rules dialog's Faults section: the site's network faults (src/core/faults.ts), added
 * latency plus jitter and a drop rate per direction, optionally for the connections whose URL
 * matches a pattern; an on/off switch. Kept per site in extension storage, applied by the relay
 * (src/relay/faults.ts). Bad input is refused with the field's message and keeps what was typed.
 */
import { useEffect, useState } from 'preact/hooks';
import { useStoredValue, type StoredUpdate } from './use-stored-value';
import { FAULTS_KEY, faultsFor, faultsOn, faultsSummary, fieldsOf, parseFaultFields, withFaults, type FaultFields, type Faults } from '../core/faults';

/** The site's faults as stored (null: none), followed live. */
export function useSiteFaults(site: string): [Faults | null, StoredUpdate<Faults | null>] {
  const [faults, update] = useStoredValue<Faults | null>(
    { key: FAULTS_KEY, read: (raw) => faultsFor(raw, site), write: (raw, next) => withFaults(raw, site, next), empty: null, what: 'the faults', enabled: site !== '' },
    [site],
  );
  return [faults, update];
}

const FIELDS: { key: keyof FaultFields; label: string; unit: string }[] = [
  { key: 'sentLatency', label: 'Latency sent', unit: 'ms' },
  { key: 'sentJitter', label: 'Jitter sent', unit: 'ms' },
  { key: 'sentDrop', label: 'Drop sent', unit: '%' },
  { key: 'receivedLatency', label: 'Latency received', unit: 'ms' },
  { key: 'receivedJitter', label: 'Jitter received', unit: 'ms' },
  { key: 'receivedDrop', label: 'Drop received', unit: '%' },
];

export function FaultsSection({ faults, update }: { faults: Faults | null; update: StoredUpdate<Faults | null> }) {
  const [fields, setFields] = useState<FaultFields>(() => fieldsOf(faults));
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [loaded, setLoaded] = useState(faults !== null);
  // The stored faults arrive after the first render: show them once (later edits are the user's).
  useEffect(() => {
    if (!loaded && faults !== null) {
      setFields(fieldsOf(faults));
      setLoaded(true);
    }
  }, [faults, loaded]);

  const save = async (enabled: boolean) => {
    const parsed = parseFaultFields(fields, enabled);
    if (!parsed.ok) {
      setStatus({ ok: false, text: parsed.error });
      return;
    }
    await update(() => parsed.faults);
    const summary = faultsSummary(parsed.faults);
    setStatus({ ok: true, text: enabled ? (summary === null ? 'Faults on, but nothing set: no frame is delayed or dropped.' : `Faults on: ${summary}.`) : 'Faults off.' });
  };
  const on = faults?.enabled === true;

  return (
    <form
      class="faults"
      aria-label="Faults"
      onSubmit={(e) => {
        e.preventDefault();
        void save(on);
      }}
    >
      <fieldset>
        <legend>Faults</legend>
        <p class="faults-about">
          Added latency (a fixed delay plus a random 0 to jitter) and a drop rate, per direction, for the text frames of this site's
          connections. Frames keep their order. Delayed frames are marked ◔ delayed, dropped ones ⊗ dropped.
        </p>
        <label class="faults-switch">
          <input type="checkbox" role="switch" checked={on} onChange={(e) => void save(e.currentTarget.checked)} /> Faults on
        </label>
        <label class="faults-url">
          Connections matching{' '}
          <input value={fields.url} placeholder="URL text or /regex/ (empty: all)" onInput={(e) => setFields({ ...fields, url: e.currentTarget.value })} />
        </label>
        <div class="faults-grid">
          {FIELDS.map((f) => (
            <label key={f.key}>
              {`${f.label} (${f.unit}) `}
              <input inputMode="decimal" value={fields[f.key]} onInput={(e) => setFields({ ...fields, [f.key]: e.currentTarget.value })} />
            </label>
          ))}
        </div>
        {status && (
          <p class={`note ${status.ok ? '' : 'warn'}`} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </p>
        )}
        <div class="buttons">
          <span class="spacer" />
          <button type="submit">Save faults</button>
        </div>
      </fieldset>
    </form>
  );
}

/** The Rules button's word for the faults while they are on. */
export const faultsBadge = (f: Faults | null): string | null => (faultsOn(f) ? 'Faults on' : null);
