import { describe, expect, it } from 'vitest';
import { backoffDelay, checkBackoff, checkInterval } from './backoff';

describe('backoffDelay', () => {
  const o = { initialMs: 500, maxMs: 4000, maxAttempts: 6 };
  it('doubles from the initial delay up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, o))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });
  it('gives up after maxAttempts, never with 0', () => {
    expect(backoffDelay(7, o)).toBeNull();
    expect(backoffDelay(0, o)).toBeNull();
    expect(backoffDelay(1000, { ...o, maxAttempts: 0 })).toBe(4000);
  });
  it('applies jitter downwards only', () => {
    expect(backoffDelay(2, { ...o, jitter: 0.5 }, () => 1)).toBe(500);
    expect(backoffDelay(2, { ...o, jitter: 0.5 }, () => 0)).toBe(1000);
    expect(backoffDelay(2, { ...o, factor: 3 })).toBe(1500);
  });
});

describe('checkBackoff / checkInterval', () => {
  it('reads seconds into milliseconds', () => {
    expect(checkBackoff({ maxAttempts: '10', initialSec: '0.5', maxSec: '30' })).toEqual({
      ok: true,
      value: { maxAttempts: 10, initialMs: 500, maxMs: 30_000 },
    });
    expect(checkInterval('2.5')).toEqual({ ok: true, ms: 2500 });
  });
  it('refuses bad values with a sentence', () => {
    expect(checkBackoff({ maxAttempts: '-1', initialSec: '1', maxSec: '2' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('Max attempts'),
    });
    expect(checkBackoff({ maxAttempts: '1', initialSec: '0', maxSec: '2' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('initial delay'),
    });
    expect(checkBackoff({ maxAttempts: '1', initialSec: '5', maxSec: '2' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('maximum delay'),
    });
    expect(checkInterval('0.1')).toMatchObject({ ok: false });
    expect(checkInterval('x')).toMatchObject({ ok: false });
  });
});
