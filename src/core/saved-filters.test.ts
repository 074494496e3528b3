import { describe, expect, it } from 'vitest';
import {
  activeNames,
  activeSpecs,
  addSaved,
  combineTests,
  describeSpec,
  MAX_SAVED_FILTERS,
  MAX_TEXT_LENGTH,
  nameError,
  NO_SAVED_FILTERS,
  parseSavedFilters,
  removeSaved,
  serialiseSavedFilters,
  setActive,
  setCombine,
  specError,
  specOf,
  type SavedFilters,
} from './saved-filters';
import type { FilterSpec } from './row-filter';

const ping: FilterSpec = { text: 'ping', direction: 'all' };
const received: FilterSpec = { text: '', direction: 'received' };

function two(): SavedFilters {
  let s = NO_SAVED_FILTERS;
  for (const [name, f] of [
    ['Pings', ping],
    ['Received', received],
  ] as const) {
    const r = addSaved(s, name, f);
    if (!r.ok) throw new Error(r.error);
    s = r.saved;
  }
  return s;
}

describe('saved filters: the model', () => {
  it('specOf fills every field and leaves the connection out', () => {
    expect(specOf({ text: 'x', direction: 'sent', connection: 'a:1' } as FilterSpec)).toEqual({
      text: 'x',
      matchCase: false,
      direction: 'sent',
      type: 'all',
      name: '',
      minSize: null,
      maxSize: null,
      show: 'messages',
    });
  });

  it('names: non-empty once trimmed, unique whatever the case, at most 60 characters', () => {
    const s = two();
    expect(nameError('', s)).toMatch(/name/);
    expect(nameError('   ', s)).toMatch(/name/);
    expect(nameError('pings', s)).toBe('A filter named "pings" exists already.');
    expect(nameError(' Received ', s)).toMatch(/exists already/);
    expect(nameError('x'.repeat(61), s)).toMatch(/at most 60/);
    expect(nameError('Sent', s)).toBeNull();
  });

  it('a filter to save must filter something; a /…/ that is not a valid regex is saved as text', () => {
    expect(specError({ text: '/(/', direction: 'all' })).toBeNull();
    expect(specError({ text: '', direction: 'all', name: '/[/' })).toBeNull();
    expect(specError({ text: 'x'.repeat(MAX_TEXT_LENGTH + 1), direction: 'all' })).toMatch(/longer than/);
    expect(specError({ text: '  ', direction: 'all' })).toMatch(/empty/);
    expect(specError({ text: '', direction: 'all', show: 'error' })).toBeNull();
    expect(specError({ text: '', direction: 'all', minSize: 0 })).toBeNull();
    expect(specError(ping)).toBeNull();
  });

  it('add (trimmed, switched off: saving changes nothing shown), switch on and off, combine, delete', () => {
    let s = two();
    expect(s.filters.map((f) => [f.name, f.active])).toEqual([
      ['Pings', false],
      ['Received', false],
    ]);
    expect(activeSpecs(s)).toEqual([]);
    s = setActive(setActive(s, 'Pings', true), 'Received', true);
    expect(activeNames(s)).toEqual(['Pings', 'Received']);
    const again = addSaved(s, 'pings', received);
    expect(again).toEqual({ ok: false, error: 'A filter named "pings" exists already.' });
    const trimmed = addSaved(s, '  Big  ', { text: '', direction: 'all', minSize: 1000 });
    expect(trimmed.ok && trimmed.saved.filters[2]!.name).toBe('Big');
    s = setActive(s, 'Pings', false);
    expect(activeSpecs(s)).toEqual([specOf(received)]);
    s = setCombine(s, 'or');
    expect(s.combine).toBe('or');
    s = removeSaved(s, 'Received');
    expect(s.filters.map((f) => f.name)).toEqual(['Pings']);
    expect(activeSpecs(s)).toEqual([]);
  });

  it(`at most ${MAX_SAVED_FILTERS}`, () => {
    let s = NO_SAVED_FILTERS;
    for (let i = 0; i < MAX_SAVED_FILTERS; i++) {
      const r = addSaved(s, `f${i}`, ping);
      if (r.ok) s = r.saved;
    }
    expect(s.filters).toHaveLength(MAX_SAVED_FILTERS);
    expect(addSaved(s, 'one more', ping)).toMatchObject({ ok: false });
  });

  it('describes what a filter keeps', () => {
    expect(describeSpec(ping)).toBe('"ping"');
    expect(
      describeSpec({
        text: 'Ab',
        matchCase: true,
        direction: 'sent',
        type: 'binary',
        name: 'order',
        minSize: 10,
        maxSize: null,
        show: 'all',
      }),
    ).toBe('"Ab" (match case) · sent · binary · name "order" · 10–∞ B · messages and events');
    expect(describeSpec({ text: '', direction: 'all', show: 'close' })).toBe('close events');
  });
});

describe('saved filters: combination', () => {
  const even = (n: number) => n % 2 === 0;
  const small = (n: number) => n < 5;
  const nums = [1, 2, 3, 4, 5, 6];

  it('AND: all pass; OR: any passes', () => {
    expect(nums.filter(combineTests([even, small], 'and'))).toEqual([2, 4]);
    expect(nums.filter(combineTests([even, small], 'or'))).toEqual([1, 2, 3, 4, 6]);
  });

  it('one test is itself; none restricts nothing', () => {
    expect(combineTests([even], 'or')).toBe(even);
    expect(nums.filter(combineTests<number>([], 'and'))).toEqual(nums);
    expect(nums.filter(combineTests<number>([], 'or'))).toEqual(nums);
  });

  it('stops at the first test that decides', () => {
    let calls = 0;
    const counted = (n: number) => {
      calls++;
      return n > 0;
    };
    combineTests([() => false, counted], 'and')(1);
    combineTests([() => true, counted], 'or')(1);
    expect(calls).toBe(0);
  });
});

describe('saved filters: storage', () => {
  it('round-trips through JSON', () => {
    const s = setCombine(setActive(two(), 'Received', false), 'or');
    expect(parseSavedFilters(JSON.parse(JSON.stringify(serialiseSavedFilters(s))))).toEqual(s);
  });

  it('tolerates anything: not an object, no list, broken entries, bad fields, repeated names', () => {
    for (const raw of [undefined, null, 42, 'x', [], { filters: 'no' }])
      expect(parseSavedFilters(raw)).toEqual({ combine: 'and', filters: [] });
    const got = parseSavedFilters({
      combine: 'xor',
      filters: [
        null,
        7,
        { name: 5, filter: ping, active: true },
        { name: 'No filter', active: true },
        { name: 'Too long', filter: { text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, active: true },
        { name: 'Not a regex', filter: { text: '/(/' }, active: true },
        {
          name: 'Good',
          filter: { text: 'hi', direction: 'up', type: 3, minSize: -1, maxSize: 'big', show: 'nope', matchCase: 'yes' },
          active: 'yes',
        },
        { name: 'good', filter: ping, active: true },
        { name: '  Spaced ', filter: { direction: 'sent' }, active: true },
      ],
    });
    expect(got).toEqual({
      combine: 'and',
      filters: [
        { name: 'Not a regex', filter: specOf({ text: '/(/', direction: 'all' }), active: true },
        { name: 'Good', filter: specOf({ text: 'hi', direction: 'all' }), active: false },
        { name: 'Spaced', filter: specOf({ text: '', direction: 'sent' }), active: true },
      ],
    });
  });
});
