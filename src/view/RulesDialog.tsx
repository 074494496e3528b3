/**
 * Rules for the inspected site: block or rewrite text frames matching a filter, per direction,
 * pause them, or answer sent ones (auto-responses: templates delivered to the page after delays,
 * the original forwarded to the server or not).
 * Kept per site in extension storage (so they hold across reloads) and applied by the page's hook
 * as soon as it hears of a change; each can be switched off on its own. The toolbar button shows
 * how many are active; the dialog, how many the inspected page applies now (its hook's answer), so
 * a change is seen in force, not only stored. Its Faults section (./FaultsSection.tsx) sets the
 * site's network faults; while they are on, the button says "Faults on".
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useStoredValue, type StoredUpdate } from './use-stored-value';
import { faultsBadge, FaultsSection, useSiteFaults } from './FaultsSection';
import { faultsOn, type Faults } from '../core/faults';
import { inForceText, RULES_KEY, ruleError, ruleNotes, rulesFor, withRules, type Rule, type RuleAction, type RuleDirection, type RuleResponse } from '../core/rules';

type Update = StoredUpdate<Rule[]>;

/** The site's rules as stored, followed live (another panel may change them). */
function useSiteRules(site: string): [Rule[], Update] {
  const [rules, update] = useStoredValue<Rule[]>(
    { key: RULES_KEY, read: (raw) => rulesFor(raw, site), write: (raw, next) => withRules(raw, site, next), empty: [], what: 'the rules', enabled: site !== '' },
    [site],
  );
  return [rules, update];
}

/**
 * `inForce`: how many rules the inspected page's hook applies now (null when no live page of the
 * site is inspected).
 */
export function RulesButton({ site, inForce }: { site: string; inForce: number | null }) {
  const [open, setOpen] = useState(false);
  const [rules, update] = useSiteRules(site);
  const [faults, updateFaults] = useSiteFaults(site);
  const active = rules.filter((r) => r.enabled).length;
  const badge = faultsBadge(faults);
  if (site === '') return null;
  return (
    <>
      <button
        type="button"
        class={active > 0 || badge !== null ? 'rules-active' : ''}
        onClick={() => setOpen(true)}
        aria-label={`Rules (${active} active${badge !== null ? ', faults on' : ''})`}
        title="Block, rewrite, pause or answer frames on this site; network faults"
      >
        Rules{active > 0 ? ` (${active})` : ''}
        {badge !== null && <span class="faults-badge"> · {badge}</span>}
      </button>
      {open && <RulesDialog site={site} rules={rules} faults={faults} updateFaults={updateFaults} inForce={inForce} update={update} onClose={() => setOpen(false)} />}
    </>
  );
}

function RulesDialog({
  site,
  rules,
  faults,
  updateFaults,
  inForce,
  update,
  onClose,
}: {
  site: string;
  rules: Rule[];
  faults: Faults | null;
  updateFaults: StoredUpdate<Faults | null>;
  inForce: number | null;
  update: Update;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [action, setAction] = useState<RuleAction>('block');
  const [direction, setDirection] = useState<RuleDirection>('sent');
  const [match, setMatch] = useState('');
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const [where, setWhere] = useState('');
  const [responses, setResponses] = useState<{ template: string; delay: string }[]>([{ template: '', delay: '0' }]);
  const [forward, setForward] = useState(true);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => ref.current?.showModal(), []);

  const add = async (e: Event) => {
    e.preventDefault();
    const rule: Rule = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`,
      enabled: true,
      action,
      direction: action === 'respond' ? 'sent' : direction,
      match,
      ...(action === 'rewrite' ? { find, replace } : {}),
      ...(action === 'respond' ? { where, responses: responses.map(toResponse), forward } : {}),
    };
    const err = ruleError(rule);
    if (err) return setStatus({ ok: false, text: err });
    await update((list) => [...list, rule]);
    setStatus({ ok: true, text: ['Rule added.', ...ruleNotes(rule)].join(' ') });
    setMatch('');
    setFind('');
    setReplace('');
    setWhere('');
    setResponses([{ template: '', delay: '0' }]);
  };
  const setResponse = (i: number, field: 'template' | 'delay', value: string) => setResponses((list) => list.map((x, j) => (j === i ? { ...x, [field]: value } : x)));

  return (
    <dialog ref={ref} class="settings rules" aria-labelledby="rules-title" onClose={onClose}>
      <h2 id="rules-title">Rules for {site}</h2>
      <p>
        Block, rewrite or pause (breakpoint) text frames as they pass, before the server or the page sees them, or respond to sent
        ones as a server would. A paused frame waits until you continue or drop it, and later frames of its socket wait behind it.
        Kept for this site across reloads.
      </p>
      {inForce !== null && (
        <p class="note rules-in-force" aria-live="polite" aria-label="In force in this page">
          {inForceText(inForce, rules.filter((r) => r.enabled && ruleError(r) === null).length + (faultsOn(faults) ? 1 : 0), faultsOn(faults))}
        </p>
      )}
      {rules.length === 0 ? (
        <p class="empty">No rules yet.</p>
      ) : (
        <ul class="rule-list" aria-label="Rules">
          {rules.map((r) => (
            <li key={r.id}>
              <label>
                <input type="checkbox" checked={r.enabled} onChange={(e) => {
                    const enabled = e.currentTarget.checked;
                    void update((list) => list.map((x) => (x.id === r.id ? { ...x, enabled } : x)));
                  }} />{' '}
                {describeRule(r)}
              </label>
              <button type="button" aria-label={`Delete rule: ${describeRule(r)}`} onClick={() => void update((list) => list.filter((x) => x.id !== r.id))}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <FaultsSection faults={faults} update={updateFaults} />
      <form onSubmit={add} aria-label="New rule">
        <div class="rule-form">
          <label>
            Action{' '}
            <select value={action} onChange={(e) => setAction(e.currentTarget.value as RuleAction)}>
              <option value="block">Block</option>
              <option value="rewrite">Rewrite</option>
              <option value="pause">Pause (breakpoint)</option>
              <option value="respond">Respond (auto-response)</option>
            </select>
          </label>
          <label>
            Direction{' '}
            <select value={action === 'respond' ? 'sent' : direction} disabled={action === 'respond'} onChange={(e) => setDirection(e.currentTarget.value as RuleDirection)}>
              <option value="sent">Sent ↑</option>
              <option value="received">Received ↓</option>
              <option value="both">Both</option>
            </select>
          </label>
          <label>
            Frames matching <input value={match} placeholder="text or /regex/ (empty: all)" onInput={(e) => setMatch(e.currentTarget.value)} />
          </label>
          {action === 'rewrite' && (
            <>
              <label>
                Find <input value={find} placeholder="text or /regex/" onInput={(e) => setFind(e.currentTarget.value)} />
              </label>
              <label>
                Replace with <input value={replace} placeholder="$1 for a group" onInput={(e) => setReplace(e.currentTarget.value)} />
              </label>
            </>
          )}
          {action === 'respond' && (
            <label>
              JSON field <input value={where} placeholder='type = "ping" (optional)' onInput={(e) => setWhere(e.currentTarget.value)} />
            </label>
          )}
        </div>
        {action === 'respond' && (
          <fieldset class="rule-responses">
            <legend>Responses, delivered to the page in order</legend>
            <p class="note">
              {'{{$1}}'} inserts a group of the /regex/ match, {'{{id}}'} or {'{{a.b}}'} a field of the sent JSON (as JSON: a string with its
              quotes); {'\\{{'} is a literal {'{{'}. Each delay counts from the response before it.
            </p>
            {responses.map((r, i) => (
              <div class="rule-response" key={i}>
                <label>
                  Response {i + 1}{' '}
                  <textarea rows={2} value={r.template} aria-label={`Response ${i + 1} template`} placeholder='{"type":"pong","id":{{id}}}' onInput={(e) => setResponse(i, 'template', e.currentTarget.value)} />
                </label>
                <label>
                  after{' '}
                  <input type="number" value={r.delay} aria-label={`Response ${i + 1} delay (ms)`} onInput={(e) => setResponse(i, 'delay', e.currentTarget.value)} /> ms
                </label>
                {responses.length > 1 && (
                  <button type="button" aria-label={`Remove response ${i + 1}`} onClick={() => setResponses((list) => list.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                )}
              </div>
            ))}
            <div class="buttons">
              <button type="button" onClick={() => setResponses((list) => [...list, { template: '', delay: '0' }])}>
                Add a response
              </button>
              <label>
                <input type="checkbox" checked={forward} onChange={(e) => setForward(e.currentTarget.checked)} /> Send the original to the server too
              </label>
            </div>
          </fieldset>
        )}
        {status && (
          <p class={`note ${status.ok ? '' : 'warn'}`} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </p>
        )}
        <div class="buttons">
          <span class="spacer" />
          <button type="button" onClick={() => ref.current?.close()}>
            Close
          </button>
          <button type="submit" class="primary">
            Add rule
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A delay field as the rule keeps it: a whole number of ms, or NaN (refused by `ruleError`). */
function toResponse(r: { template: string; delay: string }): RuleResponse {
  const t = r.delay.trim();
  return { template: r.template, delay: /^\d+$/.test(t) ? Number(t) : Number.NaN };
}

function describeRule(r: Rule): string {
  const dir = r.direction === 'both' ? 'sent or received' : r.direction;
  const which = r.match === '' ? `every ${dir} text frame` : `${dir} frames matching ${r.match}`;
  if (r.action === 'pause') return `Pause ${which}`;
  if (r.action === 'respond') {
    const where = (r.where ?? '').trim() === '' ? '' : ` where ${r.where!.trim()}`;
    const answers = (r.responses ?? []).map((x) => `${x.template} after ${x.delay} ms`).join(', then ');
    return `Respond to ${which}${where} with ${answers}${r.forward === false ? '; the original is not sent to the server' : ''}`;
  }
  return r.action === 'block' ? `Block ${which}` : `In ${which}, replace ${r.find} with "${r.replace ?? ''}"`;
}
