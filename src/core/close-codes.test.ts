import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, closeFullText, describeCloseCode, formatCloseCode } from './close-codes';

describe('CLOSE_CODES', () => {
  it('lists exactly 1000–1015 in order', () => {
    expect(CLOSE_CODES.map((c) => c.code)).toEqual(Array.from({ length: 16 }, (_, i) => 1000 + i));
  });

  it('has the IANA names', () => {
    expect(Object.fromEntries(CLOSE_CODES.map((c) => [c.code, c.name]))).toEqual({
      1000: 'Normal Closure',
      1001: 'Going Away',
      1002: 'Protocol Error',
      1003: 'Unsupported Data',
      1004: 'Reserved',
      1005: 'No Status Received',
      1006: 'Abnormal Closure',
      1007: 'Invalid Frame Payload Data',
      1008: 'Policy Violation',
      1009: 'Message Too Big',
      1010: 'Mandatory Extension',
      1011: 'Internal Error',
      1012: 'Service Restart',
      1013: 'Try Again Later',
      1014: 'Bad Gateway',
      1015: 'TLS Handshake',
    });
  });

  it('gives each code one sentence of meaning', () => {
    for (const c of CLOSE_CODES) {
      expect(c.meaning, String(c.code)).toMatch(/^[A-Z].*\.$/);
      // One sentence: no full stop followed by a new capitalised sentence inside.
      expect(c.meaning.slice(0, -1), String(c.code)).not.toMatch(/\.\s+[A-Z]/);
      expect(c.meaning.length).toBeGreaterThan(20);
    }
    const meanings = new Set(CLOSE_CODES.map((c) => c.meaning));
    expect(meanings.size).toBe(CLOSE_CODES.length);
  });

  it('marks only 1005, 1006 and 1015 as never on the wire', () => {
    expect(CLOSE_CODES.filter((c) => !c.onWire).map((c) => c.code)).toEqual([1005, 1006, 1015]);
  });

  it('marks only 1000 as sendable by a page among 1000–1015', () => {
    expect(CLOSE_CODES.filter((c) => c.sendable).map((c) => c.code)).toEqual([1000]);
  });

  it('is standard except the reserved 1004', () => {
    expect(CLOSE_CODES.filter((c) => c.category !== 'standard').map((c) => [c.code, c.category])).toEqual([
      [1004, 'reserved'],
    ]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CLOSE_CODES)).toBe(true);
    expect(Object.isFrozen(CLOSE_CODES[0])).toBe(true);
  });
});

describe('describeCloseCode', () => {
  it('returns the table entry for defined codes', () => {
    expect(describeCloseCode(1000)).toEqual({
      code: 1000,
      name: 'Normal Closure',
      meaning: 'The connection was closed normally because its purpose has been fulfilled.',
      category: 'standard',
      sendable: true,
      onWire: true,
    });
    expect(describeCloseCode(1006)).toMatchObject({ name: 'Abnormal Closure', sendable: false, onWire: false });
    expect(describeCloseCode(1011)).toBe(CLOSE_CODES[11]);
  });

  it.each([
    [0, 'invalid', false, false],
    [999, 'invalid', false, false],
    [1016, 'reserved', false, true],
    [2000, 'reserved', false, true],
    [2999, 'reserved', false, true],
    [3000, 'registered', true, true],
    [3999, 'registered', true, true],
    [4000, 'private', true, true],
    [4999, 'private', true, true],
    [5000, 'invalid', false, false],
    [65535, 'invalid', false, false],
    [-1, 'invalid', false, false],
    [1000.5, 'invalid', false, false],
    [Number.NaN, 'invalid', false, false],
    [Number.POSITIVE_INFINITY, 'invalid', false, false],
  ] as const)('%s → %s, sendable %s, onWire %s', (code, category, sendable, onWire) => {
    const d = describeCloseCode(code);
    expect(d.category).toBe(category);
    expect(d.sendable).toBe(sendable);
    expect(d.onWire).toBe(onWire);
    expect(Object.is(d.code, code)).toBe(true);
    expect(d.meaning).toMatch(/^[A-Z].*\.$/);
  });

  it('names the ranges', () => {
    expect(describeCloseCode(1500).name).toBe('Reserved');
    expect(describeCloseCode(3003).name).toBe('Registered');
    expect(describeCloseCode(4001).name).toBe('Private Use');
    expect(describeCloseCode(42).name).toBe('Invalid');
  });

  it('explains why 0–999 and out-of-range codes are invalid, differently', () => {
    expect(describeCloseCode(500).meaning).toContain('0–999');
    expect(describeCloseCode(5000).meaning).toContain('1000 to 4999');
    expect(describeCloseCode(1000.5).meaning).toContain('1000 to 4999');
  });

  it('agrees with the WebSocket API rule for close(code) at every boundary', () => {
    // WHATWG: close(code) throws InvalidAccessError unless code is 1000 or 3000–4999.
    for (let code = 0; code < 6000; code++) {
      expect(describeCloseCode(code).sendable, String(code)).toBe(code === 1000 || (code >= 3000 && code <= 4999));
    }
  });
});

describe('formatCloseCode', () => {
  it('formats standard codes with their name', () => {
    expect(formatCloseCode(1000, '')).toBe('1000 Normal Closure');
    expect(formatCloseCode(1001)).toBe('1001 Going Away');
    expect(formatCloseCode(1006, '')).toBe('1006 Abnormal Closure');
    expect(formatCloseCode(1001, 'server update')).toBe('1001 Going Away "server update"');
  });

  it('formats other codes with their category', () => {
    expect(formatCloseCode(4001, 'bye')).toBe('4001 "bye" (private use)');
    expect(formatCloseCode(4001, '')).toBe('4001 (private use)');
    expect(formatCloseCode(3000, 'unauthorized')).toBe('3000 "unauthorized" (registered)');
    expect(formatCloseCode(1004)).toBe('1004 (reserved)');
    expect(formatCloseCode(2500)).toBe('2500 (reserved)');
    expect(formatCloseCode(999)).toBe('999 (invalid)');
    expect(formatCloseCode(5000, 'x')).toBe('5000 "x" (invalid)');
  });

  it('formats a missing code', () => {
    expect(formatCloseCode(null)).toBe('(no code)');
    expect(formatCloseCode(null, 'done')).toBe('(no code) "done"');
  });

  it('escapes the reason onto one line', () => {
    expect(formatCloseCode(1000, 'a "b"\nc\\d')).toBe('1000 Normal Closure "a \\"b\\"\\nc\\\\d"');
    expect(formatCloseCode(4000, 'héllo ✓')).toBe('4000 "héllo ✓" (private use)');
    expect(formatCloseCode(4000, '\t')).not.toContain('\t');
  });
});

describe('closeFullText', () => {
  it('gives the code, name, whole reason and meaning', () => {
    expect(closeFullText(1006, '')).toBe(`1006 Abnormal Closure — ${describeCloseCode(1006).meaning}`);
    const reason = 'r'.repeat(120);
    expect(closeFullText(4001, reason)).toBe(`4001 Private Use "${reason}" — ${describeCloseCode(4001).meaning}`);
  });
});
