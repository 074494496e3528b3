import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, type HistoryBounds } from './protocol';
import { BOUND_LIMITS, boundsToInput, DEFAULT_SETTINGS, parseStoredSettings, validateBounds, type BoundsInput } from './settings';

const MB = 1024 * 1024;

function input(patch: Partial<BoundsInput>): BoundsInput {
  return { maxFrames: '100000', maxBytes: '256', maxFrameBytes: '16', ...patch };
}

function ok(i: BoundsInput): HistoryBounds {
  const r = validateBounds(i);
  if (!r.ok) throw new Error(`expected valid, got ${JSON.stringify(r.errors)}`);
  return r.bounds;
}

function errors(i: BoundsInput) {
  const r = validateBounds(i);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.bounds)}`);
  return r.errors;
}

describe('validateBounds', () => {
  it('the default form values give the default bounds', () => {
    expect(ok(input({}))).toEqual(DEFAULT_BOUNDS);
  });

  it('accepts thousands separators, underscores and surrounding or inner spaces', () => {
    expect(ok(input({ maxFrames: '1,000,000' })).maxFrames).toBe(1_000_000);
    expect(ok(input({ maxFrames: '1_000_000' })).maxFrames).toBe(1_000_000);
    expect(ok(input({ maxFrames: ' 250 000 ' })).maxFrames).toBe(250_000);
    expect(ok(input({ maxBytes: '1,024' })).maxBytes).toBe(1024 * MB);
  });

  it('MB fields accept decimals and convert to whole bytes', () => {
    expect(ok(input({ maxBytes: '17.5' })).maxBytes).toBe(17.5 * MB);
    expect(ok(input({ maxFrameBytes: '0.5' })).maxFrameBytes).toBe(MB / 2);
    expect(ok(input({ maxFrameBytes: '0.123456' })).maxFrameBytes).toBe(Math.round(0.123456 * MB));
    expect(ok(input({ maxFrameBytes: '0.0009765625' })).maxFrameBytes).toBe(1024); // the minimum, exactly
  });

  it('the limits are inclusive', () => {
    expect(ok(input({ maxFrames: '100' })).maxFrames).toBe(100);
    expect(ok(input({ maxFrames: '10000000' })).maxFrames).toBe(10_000_000);
    expect(ok(input({ maxBytes: '1', maxFrameBytes: '1' }))).toEqual({ maxFrames: 100_000, maxBytes: MB, maxFrameBytes: MB });
    expect(ok(input({ maxBytes: '4096', maxFrameBytes: '512' }))).toEqual({
      maxFrames: 100_000,
      maxBytes: 4096 * MB,
      maxFrameBytes: 512 * MB,
    });
  });

  it('out of range: says the range', () => {
    expect(errors(input({ maxFrames: '99' }))).toEqual({ maxFrames: 'Frames per page must be between 100 and 10,000,000.' });
    expect(errors(input({ maxFrames: '10,000,001' }))).toEqual({ maxFrames: 'Frames per page must be between 100 and 10,000,000.' });
    expect(errors(input({ maxBytes: '0.99' }))).toEqual({ maxBytes: 'Payload per page (MB) must be between 1 and 4096.' });
    expect(errors(input({ maxBytes: '4097' }))).toEqual({ maxBytes: 'Payload per page (MB) must be between 1 and 4096.' });
    expect(errors(input({ maxFrameBytes: '0.0009' }))).toEqual({ maxFrameBytes: 'Bytes per frame (MB) must be between 0.001 and 512.' });
    expect(errors(input({ maxBytes: '1000', maxFrameBytes: '513' }))).toEqual({
      maxFrameBytes: 'Bytes per frame (MB) must be between 0.001 and 512.',
    });
    expect(errors(input({ maxFrames: '0' })).maxFrames).toMatch(/between/);
  });

  it('non-numeric input: says it must be a number', () => {
    for (const bad of ['', '   ', 'abc', '-5', '+5', '1e3', '0x10', '1.', '.5', '1.2.3', 'Infinity', 'NaN', '12abc']) {
      expect(errors(input({ maxBytes: bad })).maxBytes, JSON.stringify(bad)).toBe('Payload per page (MB) must be a number.');
    }
    // the frame count is a whole number
    expect(errors(input({ maxFrames: '1000.5' }))).toEqual({ maxFrames: 'Frames per page must be a number.' });
    expect(errors(input({ maxFrames: '1000.0' }))).toEqual({ maxFrames: 'Frames per page must be a number.' });
  });

  it('a per-frame cap above the per-page payload is refused; equal is fine', () => {
    expect(errors(input({ maxBytes: '2', maxFrameBytes: '3' }))).toEqual({
      maxFrameBytes: 'Bytes per frame cannot exceed the payload per page.',
    });
    expect(errors(input({ maxBytes: '2', maxFrameBytes: '2.001' }))).toEqual({
      maxFrameBytes: 'Bytes per frame cannot exceed the payload per page.',
    });
    expect(ok(input({ maxBytes: '2', maxFrameBytes: '2' })).maxFrameBytes).toBe(2 * MB);
  });

  it('the cross-check is not made when either field is already wrong', () => {
    expect(errors(input({ maxBytes: 'x', maxFrameBytes: '16' }))).toEqual({ maxBytes: 'Payload per page (MB) must be a number.' });
    expect(errors(input({ maxBytes: '0.5', maxFrameBytes: '0.9' }))).toEqual({
      maxBytes: 'Payload per page (MB) must be between 1 and 4096.',
    });
  });

  it('reports every field at once', () => {
    expect(Object.keys(errors({ maxFrames: 'a', maxBytes: 'b', maxFrameBytes: 'c' })).sort()).toEqual([
      'maxBytes',
      'maxFrameBytes',
      'maxFrames',
    ]);
  });
});

describe('boundsToInput', () => {
  it('shows the defaults as the form expects them', () => {
    expect(boundsToInput(DEFAULT_BOUNDS)).toEqual({ maxFrames: '100000', maxBytes: '256', maxFrameBytes: '16' });
  });

  it('shows fractions of a MB with at most 4 decimals', () => {
    expect(boundsToInput({ maxFrames: 100, maxBytes: 1.5 * MB, maxFrameBytes: 1_000_000 })).toEqual({
      maxFrames: '100',
      maxBytes: '1.5',
      maxFrameBytes: '0.9537',
    });
  });

  it('round trip: validateBounds(boundsToInput(b)) gives b back for bounds a user can type', () => {
    const cases: HistoryBounds[] = [
      DEFAULT_BOUNDS,
      { maxFrames: 100, maxBytes: MB, maxFrameBytes: MB },
      { maxFrames: 10_000_000, maxBytes: 4096 * MB, maxFrameBytes: 512 * MB },
      { maxFrames: 12_345, maxBytes: 1.5 * MB, maxFrameBytes: 0.25 * MB },
      ok(input({ maxFrameBytes: '0.1235' })),
    ];
    for (const b of cases) expect(ok(boundsToInput(b))).toEqual(b);
  });

  it('round trip from the form: the text a user typed (≤ 4 decimals) reads back the same', () => {
    for (const typed of [
      input({}),
      input({ maxFrames: '5000', maxBytes: '12.75', maxFrameBytes: '0.0625' }),
      input({ maxBytes: '3.3333', maxFrameBytes: '1.0001' }),
    ]) {
      const b = ok(typed);
      expect(boundsToInput(b)).toEqual(typed);
    }
  });
});

describe('parseStoredSettings', () => {
  it('never lets the per-frame cap exceed the per-page byte bound', () => {
    const MB = 1024 * 1024;
    expect(parseStoredSettings({ bounds: { maxBytes: 2 * MB, maxFrameBytes: 'garbage' } }).bounds).toEqual({ ...DEFAULT_BOUNDS, maxBytes: 2 * MB, maxFrameBytes: 2 * MB });
  });

  it('anything that is not an object with bounds gives the defaults', () => {
    for (const raw of [undefined, null, 'settings', 42, true, [], {}, { bounds: null }, { bounds: 'x' }, { bounds: 7 }]) {
      expect(parseStoredSettings(raw), JSON.stringify(raw)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('valid stored bounds are used', () => {
    const bounds = { maxFrames: 500, maxBytes: 8 * MB, maxFrameBytes: 2 * MB };
    expect(parseStoredSettings({ bounds })).toEqual({ bounds });
  });

  it('each malformed field falls back to its default, the others are kept', () => {
    expect(parseStoredSettings({ bounds: { maxFrames: 500 } })).toEqual({ bounds: { ...DEFAULT_BOUNDS, maxFrames: 500 } });
    const garbage: unknown[] = [null, '500', -1, 0, NaN, Infinity, -Infinity, 1e300, {}, [1000]];
    for (const g of garbage) {
      expect(parseStoredSettings({ bounds: { maxFrames: g, maxBytes: 8 * MB, maxFrameBytes: MB } }).bounds, String(g)).toEqual({
        maxFrames: DEFAULT_BOUNDS.maxFrames,
        maxBytes: 8 * MB,
        maxFrameBytes: MB,
      });
      expect(parseStoredSettings({ bounds: { maxFrames: 500, maxBytes: g, maxFrameBytes: g } }).bounds, String(g)).toEqual({
        maxFrames: 500,
        maxBytes: DEFAULT_BOUNDS.maxBytes,
        maxFrameBytes: DEFAULT_BOUNDS.maxFrameBytes,
      });
    }
  });

  it('out-of-range numbers fall back (just outside each limit)', () => {
    const low = {
      maxFrames: BOUND_LIMITS.maxFrames.min - 1,
      maxBytes: BOUND_LIMITS.maxBytes.min - 1,
      maxFrameBytes: BOUND_LIMITS.maxFrameBytes.min - 1,
    };
    const high = {
      maxFrames: BOUND_LIMITS.maxFrames.max + 1,
      maxBytes: BOUND_LIMITS.maxBytes.max + 1,
      maxFrameBytes: BOUND_LIMITS.maxFrameBytes.max + 1,
    };
    expect(parseStoredSettings({ bounds: low })).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettings({ bounds: high })).toEqual(DEFAULT_SETTINGS);
    const edges = {
      maxFrames: BOUND_LIMITS.maxFrames.max,
      maxBytes: BOUND_LIMITS.maxBytes.min,
      maxFrameBytes: BOUND_LIMITS.maxFrameBytes.min,
    };
    expect(parseStoredSettings({ bounds: edges })).toEqual({ bounds: edges });
  });

  it('fractional numbers are floored to whole frames and bytes', () => {
    expect(parseStoredSettings({ bounds: { maxFrames: 150.9, maxBytes: MB + 0.5, maxFrameBytes: 2048.7 } }).bounds).toEqual({
      maxFrames: 150,
      maxBytes: MB,
      maxFrameBytes: 2048,
    });
  });
});
