/**
 * The worker-capture switch (Chrome): a toolbar button, and the notice that says what the mode
 * does before it starts (Chrome's "debugging this browser" bar), asks for the optional `debugger`
 * permission, and says when the mode stopped and why. In Firefox, which has no `chrome.debugger`,
 * the button says the mode is not available there instead of offering it.
 */
import { useEffect, useState } from 'preact/hooks';
import browser, { type Manifest } from 'webextension-polyfill';
import type { WorkerCaptureState } from '../core/protocol';
import type { LiveConnection } from './live-connection';

type Phase = 'off' | 'confirming' | 'starting' | 'on';

/** One model for the button and the notice (they sit in different places of the panel). */
export class WorkerCaptureModel {
  phase: Phase = 'off';
  note = '';
  private readonly listeners = new Set<() => void>();
  /** The build offers the mode (Chrome's manifest lists the debugger permission; Firefox's does not). */
  readonly available: boolean;

  constructor(private readonly live: Pick<LiveConnection, 'workerCapture' | 'onWorkerCapture'>) {
    const m = browser.runtime.getManifest() as { optional_permissions?: string[]; permissions?: string[] };
    this.available = [...(m.optional_permissions ?? []), ...(m.permissions ?? [])].includes('debugger');
    live.onWorkerCapture((s: WorkerCaptureState) => {
      this.phase = s.on ? 'on' : 'off';
      this.note = s.note ?? '';
      this.changed();
    });
  }

  subscribe(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private changed(): void {
    for (const cb of this.listeners) cb();
  }

  set(phase: Phase, note = ''): void {
    this.phase = phase;
    this.note = note;
    this.changed();
  }

  /** Runs in the click's handler: the permission prompt needs the user's gesture. */
  async start(): Promise<void> {
    this.set('starting');
    let granted: boolean;
    try {
      // The polyfill's types list Firefox's permissions, which have no `debugger`.
      granted = await browser.permissions.request({ permissions: ['debugger'] as unknown as Manifest.OptionalPermission[] });
    } catch (e) {
      this.set('off', `Could not ask for the debugger permission: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (!granted) {
      this.set('off', 'Worker capture needs the debugger permission; it was not granted.');
      return;
    }
    this.live.workerCapture(true);
  }

  stop(): void {
    this.live.workerCapture(false);
  }
}

function useModel(model: WorkerCaptureModel): void {
  const [, setTick] = useState(0);
  useEffect(() => model.subscribe(() => setTick((t) => t + 1)), [model]);
}

export function WorkerCaptureButton({ model }: { model: WorkerCaptureModel }) {
  useModel(model);
  if (!model.available) {
    return (
      <span class="worker-capture-na" title="Firefox has no debugger API for extensions: sockets in workers cannot be captured here.">
        Workers: not available in Firefox
      </span>
    );
  }
  const on = model.phase === 'on';
  return (
    <button
      type="button"
      aria-pressed={on}
      disabled={model.phase === 'starting'}
      title={on ? 'Stop capturing workers (detaches the debugger)' : 'Capture the sockets of this page\u2019s workers (uses Chrome\u2019s debugger)'}
      onClick={() => (on ? model.stop() : model.set('confirming'))}
    >
      {on ? 'Capturing workers' : 'Capture workers'}
    </button>
  );
}

export function WorkerCaptureNotice({ model }: { model: WorkerCaptureModel }) {
  useModel(model);
  if (model.phase === 'confirming') {
    return (
      <div class="note warn worker-capture" role="group" aria-label="Capture workers">
        <p>
          Capturing workers uses Chrome&apos;s debugger on this tab: Chrome shows a bar saying the extension started debugging this browser, for as
          long as the mode is on. It records the sockets of the page&apos;s dedicated, shared and service workers, full handshakes, and frames that
          arrive after the page called close(). Nothing leaves the browser. It ends when you turn it off or close this panel.
        </p>
        <button type="button" onClick={() => void model.start()}>
          Start capturing workers
        </button>{' '}
        <button type="button" onClick={() => model.set('off')}>
          Cancel
        </button>
      </div>
    );
  }
  if (model.note !== '') {
    return (
      <div class="note warn worker-capture" role="status" aria-label="Worker capture">
        {model.note}
      </div>
    );
  }
  return null;
}
