/**
 * Playing a recorded session against a server and comparing what comes back (side by side, frames
 * that differ marked), and running the connection's scripted checks (pass or fail per step).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { bytesToBase64 } from '../core/codec';
import { importLog } from '../core/formats/import';
import type { ConnectionTab } from './connection-tab';
import { CheckRun, type CheckStep } from './expectations';
import { diffSessions, volatileFields, type Diff } from './session-diff';
import { SessionPlayer, recordingsOf, type Pace, type Recording } from './session-playback';
import type { Resolved } from './variables';

const PLAYER_DEPS = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

function textOf(d: string | ArrayBuffer): string {
  return typeof d === 'string' ? d : bytesToBase64(new Uint8Array(d));
}

export interface RunPanelProps {
  tab: ConnectionTab;
  fill(text: string): Resolved;
  /** Connects this tab to a URL with its settings; false when the settings are refused (said on the page). */
  connectTo(url: string, protocols: string[]): boolean;
  /** Recordings handed over ("Open in test client"). */
  handed: Recording[];
  checks: CheckStep[];
  onChecksChange(c: CheckStep[]): void;
}

/** Runs `fn` once the tab's connection is open (at once if it is). */
function whenOpen(tab: ConnectionTab, fn: () => void): () => void {
  if (tab.connection.status.phase === 'open') {
    fn();
    return () => {};
  }
  const off = tab.connection.subscribe(() => {
    const ph = tab.connection.status.phase;
    if (ph === 'open') {
      off();
      fn();
    } else if (ph === 'idle') off();
  });
  return off;
}

export function PlaybackPanel({ tab, fill, connectTo, handed }: Omit<RunPanelProps, 'checks' | 'onChecksChange'>) {
  const [fileRecs, setFileRecs] = useState<Recording[]>([]);
  const [fileNote, setFileNote] = useState<{ text: string; error: boolean } | null>(null);
  const [choice, setChoice] = useState(0);
  const [url, setUrl] = useState('');
  const [pace, setPace] = useState<Pace>('answers');
  const [volatile, setVolatile] = useState('id, time, timestamp');
  const [waitMs, setWaitMs] = useState('2000');
  const [player, setPlayer] = useState<SessionPlayer | null>(tab.playback?.player ?? null);
  const [, setTick] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const cleanup = useRef<Array<() => void>>([]);
  useEffect(() => {
    // A playback started before this tab was last in front: follow it again.
    const p = tab.playback?.player;
    if (p) cleanup.current.push(p.subscribe(() => setTick((n) => n + 1)));
  }, []);
  const own = useMemo(() => recordingsOf(tab.log.snapshot().records, 'This client'), [tab, tab.log.version, player]);
  const all = [...handed, ...fileRecs, ...own];
  const rec = all[Math.min(choice, all.length - 1)] ?? null;

  // The subscriptions end with the panel; the playback itself goes on (its frames are fed by the connection).
  useEffect(() => () => cleanup.current.forEach((f) => f()), []);
  useEffect(() => {
    // On the state as it is when the effect runs, not as this render saw it: a URL typed between
    // the render and the effect must not be replaced by the recording's.
    if (rec) setUrl((typed) => (typed === '' ? rec.url : typed));
  }, [rec]);

  const play = () => {
    if (!rec) return;
    const wait = Number(waitMs);
    if (!Number.isFinite(wait) || wait <= 0) return setProblem('"Wait for answers" is a number of milliseconds above 0.');
    setProblem(null);
    cleanup.current.forEach((f) => f());
    cleanup.current = [];
    tab.playback?.player.stop();
    const target = url.trim() || rec.url;
    const p = new SessionPlayer(rec, { pace, waitMs: wait, fill }, { ...PLAYER_DEPS, send: (d) => tab.connection.send(d) });
    tab.playback = { player: p, rec };
    setPlayer(p);
    cleanup.current.push(p.subscribe(() => setTick((n) => n + 1)));
    const sameSocket = tab.connection.status.phase === 'open' && tab.connection.status.url === target;
    if (!sameSocket && !connectTo(target, rec.protocols)) return;
    whenOpen(tab, () => {
      const off = tab.connection.onReceived((d) => p.received(d, typeof d === 'string' ? undefined : textOf(d)));
      const offDone = p.subscribe(() => {
        if (p.state === 'running') return;
        off();
        offDone();
      });
      p.start();
    });
  };

  const result = player?.result();
  const played = tab.playback?.player === player ? tab.playback?.rec : rec;
  const diff: Diff | null =
    player && player.state !== 'running' && player.state !== 'idle' && result ? diffSessions(played?.frames ?? [], result.frames, volatileFields(volatile)) : null;

  return (
    <section class="run-section" aria-label="Play a recorded session">
      <div class="run-form">
        <label>
          Recording{' '}
          <select aria-label="Recording" value={String(choice)} onChange={(e) => (setChoice(Number(e.currentTarget.value)), setUrl(''))}>
            {all.length === 0 && <option value="0">None: connect and send first, or open a log file</option>}
            {all.map((r, i) => (
              <option value={String(i)}>{r.label}</option>
            ))}
          </select>
        </label>
        <label class="file-pick">
          Recording from a log file{' '}
          <input
            type="file"
            accept=".json,.ndjson,.har,application/json"
            onChange={async (e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (!f) return;
              const r = importLog(await f.text(), f.name);
              if (!r.ok) return setFileNote({ text: `${f.name}: ${r.error}`, error: true });
              const recs = recordingsOf(r.session.records.items, f.name);
              if (recs.length === 0) return setFileNote({ text: `${f.name}: no connection in it sent anything; nothing to play.`, error: true });
              setFileRecs(recs);
              setChoice(handed.length);
              setUrl('');
              setFileNote({ text: `${f.name}: ${recs.length} connection${recs.length === 1 ? '' : 's'} to play.`, error: false });
            }}
          />
        </label>
        {fileNote && (
          <p class={`note ${fileNote.error ? 'warn' : ''}`} role={fileNote.error ? 'alert' : 'status'} aria-label="Recording file">
            {fileNote.text}
          </p>
        )}
        <label class="grow">
          Play against (URL){' '}
          <input type="text" spellcheck={false} value={url} placeholder={rec?.url ?? 'ws://…'} onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <fieldset class="log-kind" role="radiogroup" aria-label="Pace">
          <label class="check">
            <input type="radio" name={`pace-${tab.id}`} checked={pace === 'answers'} onChange={() => setPace('answers')} /> As fast as the server answers
          </label>
          <label class="check">
            <input type="radio" name={`pace-${tab.id}`} checked={pace === 'original'} onChange={() => setPace('original')} /> Original timing
          </label>
        </fieldset>
        <label class="grow">
          Volatile fields (ignored in JSON){' '}
          <input type="text" spellcheck={false} value={volatile} onInput={(e) => setVolatile(e.currentTarget.value)} />
        </label>
        <label>
          Wait for answers (ms){' '}
          <input type="text" inputMode="numeric" size={6} value={waitMs} onInput={(e) => setWaitMs(e.currentTarget.value)} />
        </label>
        <div class="emit-row">
          <button type="button" class="primary" disabled={!rec || player?.state === 'running'} onClick={play}>
            Play
          </button>
          {player?.state === 'running' && (
            <button type="button" onClick={() => player.stop()}>
              Stop
            </button>
          )}
        </div>
        {problem && (
          <p class="note warn" role="alert">
            {problem}
          </p>
        )}
      </div>
      {player && (
        <p class={`note ${player.state === 'failed' ? 'warn' : ''}`} role="status" aria-label="Playback result">
          {player.state === 'running'
            ? `Playing: ${result?.frames.filter((f) => f.dir === 'sent').length ?? 0} of ${played?.frames.filter((f) => f.dir === 'sent').length ?? 0} sent…`
            : player.state === 'failed'
              ? result?.error
              : diff && `${diff.rows.length} received frames compared: ${diff.same} the same, ${diff.differs} differ, ${diff.missing} missing, ${diff.extra} extra.`}
        </p>
      )}
      {diff && (
        <table class="diff" aria-label="Comparison">
          <thead>
            <tr>
              <th>#</th>
              <th>Recorded</th>
              <th>Played</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {diff.rows.map((r) => (
              <tr class={`diff-${r.status}`}>
                <td>{r.n}</td>
                <td class="payload">{r.recorded?.data ?? '—'}</td>
                <td class="payload">{r.played?.data ?? '—'}</td>
                <td>
                  {r.status === 'differs' && r.paths.length > 0 ? `differs at ${r.paths.join(', ')}` : r.status}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ChecksPanel({ tab, fill, checks, onChecksChange }: Pick<RunPanelProps, 'tab' | 'fill' | 'checks' | 'onChecksChange'>) {
  const [run, setRun] = useState<CheckRun | null>(tab.checkRun);
  const [, setTick] = useState(0);
  const offs = useRef<Array<() => void>>([]);
  useEffect(() => {
    if (tab.checkRun) offs.current.push(tab.checkRun.subscribe(() => setTick((n) => n + 1)));
    return () => offs.current.forEach((f) => f());
  }, []);
  const set = (i: number, patch: Partial<CheckStep>) => onChecksChange(checks.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const start = () => {
    offs.current.forEach((f) => f());
    tab.checkRun?.stop();
    const r = new CheckRun(checks, fill, { ...PLAYER_DEPS, send: (t) => tab.connection.send(t) });
    tab.checkRun = r;
    offs.current = [r.subscribe(() => setTick((n) => n + 1))];
    const off = tab.connection.onReceived((d) => r.received(textOf(d)));
    const offDone = r.subscribe(() => {
      if (!r.done) return;
      off();
      offDone();
    });
    setRun(r);
    r.start();
  };
  return (
    <section class="run-section" aria-label="Checks">
      <table class="steps" aria-label="Check steps">
        <tbody>
          {checks.map((c, i) => (
            <tr>
              <td>{i + 1}</td>
              <td>
                <input type="text" aria-label={`Step ${i + 1} send`} placeholder="send" spellcheck={false} value={c.send} onInput={(e) => set(i, { send: e.currentTarget.value })} />
              </td>
              <td>
                <input
                  type="text"
                  aria-label={`Step ${i + 1} expect`}
                  placeholder="expect (text or /regex/)"
                  spellcheck={false}
                  value={c.expect}
                  onInput={(e) => set(i, { expect: e.currentTarget.value })}
                />
              </td>
              <td>
                <input type="text" aria-label={`Step ${i + 1} within (ms)`} placeholder="1000" size={5} value={c.withinMs} onInput={(e) => set(i, { withinMs: e.currentTarget.value })} />
              </td>
              <td>
                <button type="button" class="icon" aria-label={`Remove step ${i + 1}`} onClick={() => onChecksChange(checks.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="emit-row">
        <button type="button" onClick={() => onChecksChange([...checks, { send: '', expect: '', withinMs: '1000' }])}>
          Add step
        </button>
        <button type="button" class="primary" disabled={checks.length === 0 || (run !== null && !run.done)} onClick={start}>
          Run checks
        </button>
      </div>
      {run && (
        <>
          <p class={`note ${run.failed > 0 ? 'warn' : ''}`} role="status" aria-label="Checks result">
            {run.done ? `${run.passed} passed, ${run.failed} failed.` : 'Running…'}
          </p>
          <ol class="check-results" aria-label="Check results">
            {run.results.map((r) => (
              <li class={`check-${r.status}`}>
                <strong>{r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : r.status === 'sent' ? 'SENT' : r.status === 'running' ? '…' : ''}</strong> {r.message}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
