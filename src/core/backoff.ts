/**
 * Reconnect schedule of the test client: exponential backoff from an initial delay, doubled after
 * every failed attempt up to a maximum, for at most `maxAttempts` attempts (0: no limit). Pure.
 */

export interface BackoffOptions {
  /** Delay before the first attempt, ms. */
  initialMs: number;
  /** No delay is longer than this, ms. */
  maxMs: number;
  /** Attempts before giving up; 0 means no limit. */
  maxAttempts: number;
  /** Growth factor per attempt (default 2). */
  factor?: number;
  /**
   * Random spread, 0–1 (default 0): the delay is multiplied by a factor in [1 - jitter, 1]. Keeps
   * many clients from reconnecting in lockstep; the test client defaults to 0 so that the delays
   * it announces are the delays it waits.
   */
  jitter?: number;
}

/**
 * Delay before attempt `attempt` (1-based), or null when the attempts are used up.
 * `random` is injectable for tests.
 */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number | null {
  if (attempt < 1 || (o.maxAttempts > 0 && attempt > o.maxAttempts)) return null;
  const factor = o.factor ?? 2;
  const raw = Math.min(o.maxMs, o.initialMs * Math.pow(factor, attempt - 1));
  const jitter = Math.min(1, Math.max(0, o.jitter ?? 0));
  return Math.round(raw * (1 - jitter * random()));
}

export type BackoffCheck = { ok: true; value: BackoffOptions } | { ok: false; error: string };

/** Validates the form fields (seconds, as typed) of the reconnect settings. */
export function checkBackoff(input: { maxAttempts: string; initialSec: string; maxSec: string }): BackoffCheck {
  const attempts = Number(input.maxAttempts.trim());
  if (!/^\d+$/.test(input.maxAttempts.trim()) || attempts > 1000)
    return { ok: false, error: 'Max attempts must be a whole number from 0 (no limit) to 1000.' };
  const initial = Number(input.initialSec.trim());
  if (input.initialSec.trim() === '' || !Number.isFinite(initial) || initial < 0.1 || initial > 3600)
    return { ok: false, error: 'The initial delay must be from 0.1 to 3600 seconds.' };
  const max = Number(input.maxSec.trim());
  if (input.maxSec.trim() === '' || !Number.isFinite(max) || max < initial || max > 3600)
    return { ok: false, error: 'The maximum delay must be from the initial delay to 3600 seconds.' };
  return { ok: true, value: { maxAttempts: attempts, initialMs: Math.round(initial * 1000), maxMs: Math.round(max * 1000) } };
}

/** Validates the heartbeat interval (seconds, as typed): 0.5 to 86,400. */
export function checkInterval(input: string): { ok: true; ms: number } | { ok: false; error: string } {
  const n = Number(input.trim());
  if (input.trim() === '' || !Number.isFinite(n) || n < 0.5 || n > 86_400)
    return { ok: false, error: 'The heartbeat interval must be from 0.5 to 86400 seconds.' };
  return { ok: true, ms: Math.round(n * 1000) };
}
