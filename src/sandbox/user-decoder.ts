/**
 * The sandboxed extension page (manifest `sandbox.pages`) where the user's own decoders run. It has
 * no extension API and an opaque origin; its CSP allows eval. Each decoder runs in a Worker made
 * here from a Blob, so a decoder that loops never blocks this page: a frame that takes longer than
 * USER_DECODER_BUDGET_MS has its worker terminated, is answered with an error, and the next frame
 * gets a new worker. A decoder that throws, returns something that cannot be copied, or is not a
 * function is answered per frame with its error.
 */
import { USER_DECODER_BUDGET_MS, type UserDecodeAnswer, type UserDecodeFrame, type UserDecodeOutcome, type UserDecodeRequest } from '../core/protocol';

/** The worker's body, run as the worker's script (from its source text: no imports, no closure). */
function workerMain(): void {
  // The worker's global scope (this module is type-checked with the DOM's types, not a worker's).
  const scope = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };
  let fn: ((payload: unknown, conn: unknown) => unknown) | null = null;
  let compileError = '';
  const text = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  scope.onmessage = (e: MessageEvent) => {
    const m = e.data as { code?: string; id?: number; payload?: unknown; conn?: unknown };
    if (typeof m.code === 'string') {
      try {
        // The user's decoder, an expression: eval is what this sandbox exists for.
        fn = (0, eval)(`(${m.code}\n)`) as typeof fn;
        if (typeof fn !== 'function') throw new TypeError('the decoder is not a function: write (payload, conn) => ({ name, value })');
      } catch (err) {
        compileError = text(err);
      }
      scope.postMessage({ ready: true });
      return;
    }
    try {
      if (compileError) throw new Error(compileError);
      const r = fn!(m.payload, m.conn) as { name?: unknown; value?: unknown } | null | undefined;
      if (r && typeof (r as { then?: unknown }).then === 'function') throw new TypeError('the decoder returned a Promise: return { name, value } directly');
      const name = r && typeof r === 'object' && r.name !== undefined ? String(r.name) : undefined;
      const value = r && typeof r === 'object' && 'value' in r ? r.value : r;
      try {
        scope.postMessage({ id: m.id, ok: true, name, value });
      } catch {
        scope.postMessage({ id: m.id, ok: false, error: 'the decoder returned a value that cannot be copied (functions, DOM objects…)' });
      }
    } catch (err) {
      scope.postMessage({ id: m.id, ok: false, error: text(err) });
    }
  };
}

const workerUrl = URL.createObjectURL(new Blob([`(${workerMain.toString()})()`], { type: 'text/javascript' }));

/** One worker with the decoder compiled, ready for frames. */
async function startWorker(code: string): Promise<Worker> {
  const w = new Worker(workerUrl);
  await new Promise<void>((resolve, reject) => {
    w.onmessage = () => resolve();
    w.onerror = (e) => reject(new Error(e.message || 'the decoder\'s worker failed to start'));
    w.postMessage({ code });
  });
  return w;
}

function runFrame(w: Worker, f: UserDecodeFrame): Promise<UserDecodeOutcome | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), USER_DECODER_BUDGET_MS);
    w.onmessage = (e: MessageEvent<UserDecodeOutcome>) => {
      clearTimeout(timer);
      resolve(e.data);
    };
    w.onerror = (e) => {
      clearTimeout(timer);
      e.preventDefault();
      resolve({ id: f.id, ok: false, error: e.message || 'the decoder failed' });
    };
    w.postMessage({ id: f.id, payload: f.payload, conn: f.conn });
  });
}

let worker: { code: string; w: Worker } | null = null;
/** Requests are handled one at a time, in order. */
let queue: Promise<void> = Promise.resolve();

async function handle(req: UserDecodeRequest): Promise<UserDecodeOutcome[]> {
  const results: UserDecodeOutcome[] = [];
  for (const f of req.frames) {
    if (!worker || worker.code !== req.code) {
      worker?.w.terminate();
      try {
        worker = { code: req.code, w: await startWorker(req.code) };
      } catch (err) {
        worker = null;
        results.push({ id: f.id, ok: false, error: err instanceof Error ? err.message : String(err) });
        continue;
      }
    }
    const r = await runFrame(worker.w, f);
    if (r === 'timeout') {
      worker.w.terminate();
      worker = null;
      results.push({ id: f.id, ok: false, error: `stopped: the decoder ran for more than ${USER_DECODER_BUDGET_MS} ms on this frame` });
    } else results.push(r);
  }
  return results;
}

addEventListener('message', (e: MessageEvent) => {
  if (e.source !== parent) return;
  const req = e.data as UserDecodeRequest;
  if (!req || req.type !== 'wslens-user-decode') return;
  queue = queue.then(async () => {
    const results = await handle(req);
    const answer: UserDecodeAnswer = { type: 'wslens-user-decode-result', req: req.req, results };
    parent.postMessage(answer, '*');
  });
});

const ready: UserDecodeAnswer = { type: 'wslens-user-decode-ready' };
parent.postMessage(ready, '*');
