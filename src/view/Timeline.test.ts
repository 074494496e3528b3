import { describe, expect, it } from 'vitest';
import { timeTicks } from './Timeline';
import { formatClock } from '../core/format';

describe('timeTicks', () => {
  const base = new Date(2026, 0, 1, 12, 0, 0, 0).getTime();
  it('puts ticks on round clock times across the span, at most six', () => {
    const ticks = timeTicks(base + 300, base + 10_300);
    expect(ticks.map((t) => t.label)).toEqual(['12:00:02', '12:00:04', '12:00:06', '12:00:08', '12:00:10']);
    expect(ticks[0]!.at).toBeCloseTo(17, 5);
    expect(ticks.every((t) => t.at >= 0 && t.at <= 100)).toBe(true);
  });
  it('shows milliseconds when the ticks are closer than a second', () => {
    const ticks = timeTicks(base, base + 500);
    expect(ticks.map((t) => t.label)).toEqual([
      '12:00:00.000',
      '12:00:00.100',
      '12:00:00.200',
      '12:00:00.300',
      '12:00:00.400',
      '12:00:00.500',
    ]);
  });
  it('minutes and hours for long spans; one tick for an instant', () => {
    expect(timeTicks(base, base + 3_600_000).map((t) => t.label)).toEqual(['12:00:00', '12:15:00', '12:30:00', '12:45:00', '13:00:00']);
    expect(timeTicks(base + 5, base + 5)).toEqual([{ at: 0, label: formatClock(base + 5) }]);
    expect(timeTicks(base, base + 5 * 86_400_000).length).toBeLessThanOrEqual(6);
  });
});
