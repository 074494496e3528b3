import { describe, expect, it } from 'vitest';
import { inForceText } from './RulesDialog';

describe('inForceText', () => {
  it('says what the page applies when it matches the list, and that a change is on its way when not', () => {
    expect(inForceText(0, 0)).toBe('In force in this page: none.');
    expect(inForceText(1, 1)).toBe('In force in this page: 1 rule.');
    expect(inForceText(3, 3)).toBe('In force in this page: 3 rules.');
    expect(inForceText(3, 2)).toBe('Applying to this page… (it applies 3 rules until it hears of the change).');
    expect(inForceText(0, 1)).toBe('Applying to this page… (it applies 0 rules until it hears of the change).');
  });
});
