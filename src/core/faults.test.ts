import { describe, expect, it } from 'vitest';
import { decide, faultDirs, faultsFor, faultsOn, faultsSummary, fieldsOf, hookRulesOfFaults, parseFaultFields, withFaults, type FaultFields, type Faults } from './faults';

const SITE = 'https://site.test';
const fields = (over: Partial<FaultFields> = {}): FaultFields => ({ ...fieldsOf(null), ...over });
const faults = (over: Partial<Faults> = {}): Faults => ({ enabled: true, url: '', sent: { latency: 0, jitter: 0, drop: 0 }, received: { latency: 0, jitter: 0, drop: 0 }, ...over });

describe('parseFaultFields', () => {
  it('reads the fields, empty ones as 0', () => {
    expect(parseFaultFields(fields({ url: 'echo', sentLatency: '120', sentJitter: ' 30 ', receivedDrop: '12.5', receivedLatency: '' }), true)).toEqual({
      ok: true,
      faults: { enabled: true, url: 'echo', sent: { latency: 120, jitter: 30, drop: 0 }, received: { latency: 0, jitter: 0, drop: 12.5 } },
    });
  });
  it('refuses negative numbers, non-numbers, more than 100 %, fractions of ms and more than a minute, naming the field', () => {
    const err = (over: Partial<FaultFields>) => {
      const r = parseFaultFields(fields(over), true);
      return r.ok ? null : r.error;
    };
    expect(err({ sentLatency: '-5' })).toBe('Latency sent: it cannot be negative.');
    expect(err({ receivedJitter: 'abc' })).toBe('Jitter received: "abc" is not a number.');
    expect(err({ sentDrop: '1e2' })).toBe('Drop sent: "1e2" is not a number.');
    expect(err({ receivedDrop: '100.5' })).toBe('Drop received: at most 100 %.');
    expect(err({ receivedDrop: '100' })).toBeNull();
    expect(err({ sentLatency: '1.5' })).toBe('Latency sent: a whole number of milliseconds.');
    expect(err({ sentJitter: '60001' })).toBe('Jitter sent: at most 60000 ms.');
  });
  it('round-trips the stored faults through the fields', () => {
    const f = faults({ url: '/x/', sent: { latency: 5, jitter: 6, drop: 7 }, received: { latency: 8, jitter: 9, drop: 10 } });
    expect(parseFaultFields(fieldsOf(f), true)).toEqual({ ok: true, faults: f });
  });
});

describe('storage', () => {
  it('keeps faults per site and ignores malformed ones', () => {
    const stored = withFaults({ other: faults() }, SITE, faults({ enabled: false }));
    expect(faultsFor(stored, SITE)).toEqual(faults({ enabled: false }));
    expect(faultsFor(stored, 'nowhere')).toBeNull();
    expect(faultsFor({ [SITE]: { ...faults(), sent: { latency: -1, jitter: 0, drop: 0 } } }, SITE)).toBeNull();
    expect(faultsFor({ [SITE]: { ...faults(), received: { latency: 0, jitter: 0, drop: 101 } } }, SITE)).toBeNull();
    expect(faultsFor(undefined, SITE)).toBeNull();
    expect(withFaults(stored, SITE, null)).toEqual({ other: faults() });
  });
});

describe('what the faults act on', () => {
  it('holds only the directions with latency, jitter or drops, and only while on', () => {
    expect(faultDirs(faults())).toBe(0);
    expect(faultsOn(faults())).toBe(false);
    expect(faultDirs(faults({ received: { latency: 0, jitter: 0, drop: 30 } }))).toBe(2);
    expect(faultDirs(faults({ sent: { latency: 0, jitter: 5, drop: 0 }, received: { latency: 1, jitter: 0, drop: 0 } }))).toBe(3);
    expect(faultDirs(faults({ enabled: false, sent: { latency: 10, jitter: 0, drop: 0 } }))).toBe(0);
    expect(hookRulesOfFaults(faults({ sent: { latency: 10, jitter: 0, drop: 0 } }))).toEqual([{ action: 'pause', dirs: 1, match: null }]);
    expect(hookRulesOfFaults(null)).toEqual([]);
  });
  it('says what is on', () => {
    expect(faultsSummary(faults())).toBeNull();
    expect(faultsSummary(faults({ url: 'chat', sent: { latency: 100, jitter: 50, drop: 0 }, received: { latency: 0, jitter: 0, drop: 30 } }))).toBe('sent +100–150 ms; received 30 % dropped (connections matching chat)');
  });
});

describe('decide', () => {
  it('drops with the drop rate from the random source, else delays by latency plus a uniform 0..jitter', () => {
    const seq = (...xs: number[]) => () => xs.shift()!;
    const d = { latency: 100, jitter: 50, drop: 30 };
    expect(decide(d, seq(0.29))).toEqual({ drop: true });
    expect(decide(d, seq(0.3, 0))).toEqual({ drop: false, delay: 100 });
    expect(decide(d, seq(0.5, 0.9999))).toEqual({ drop: false, delay: 150 });
    expect(decide({ latency: 7, jitter: 0, drop: 0 }, seq())).toEqual({ drop: false, delay: 7 }); // no draws needed
    expect(decide({ latency: 0, jitter: 0, drop: 100 }, seq(0.9999))).toEqual({ drop: true });
  });
});
