// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { bool, numberIn, readPref, writePref } from './use-pref';

describe('layout preferences', () => {
  it('reads back what was written, through its reader', () => {
    writePref('test.size', 420);
    expect(readPref('test.size', numberIn(100, 400, 200))).toBe(400);
    expect(readPref('test.missing', numberIn(100, 400, 200))).toBe(200);
    writePref('test.flag', 'yes');
    expect(readPref('test.flag', bool(false))).toBe(false);
  });

  it('tolerates what is not JSON', () => {
    localStorage.setItem('wslens.layout.test.bad', '{');
    expect(readPref('test.bad', numberIn(0, 10, 5))).toBe(5);
  });
});
