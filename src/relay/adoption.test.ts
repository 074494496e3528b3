import { describe, expect, it } from 'vitest';
import { claimForAdoption, releaseAdoption, startRelayHere } from './adoption';

describe('frame adoption marks', () => {
  it('a window whose document runs a relay is never adopted', () => {
    const w = {};
    expect(startRelayHere(w)).toBe(false);
    expect(claimForAdoption(w)).toBe(false);
  });

  it('a window without a relay is claimed once, and its next relay learns that it was adopted', () => {
    const w = {};
    expect(claimForAdoption(w)).toBe(true);
    expect(claimForAdoption(w)).toBe(false);
    expect(startRelayHere(w)).toBe(true);
  });

  it('a released claim leaves the window as it was', () => {
    const w = {};
    expect(claimForAdoption(w)).toBe(true);
    releaseAdoption(w);
    expect(startRelayHere(w)).toBe(false);
  });

  it('no window, or a window of another origin (every access throws), is not adopted', () => {
    const crossOrigin = new Proxy(
      {},
      {
        get: () => {
          throw new DOMException('Blocked a frame', 'SecurityError');
        },
        set: () => {
          throw new DOMException('Blocked a frame', 'SecurityError');
        },
        deleteProperty: () => {
          throw new DOMException('Blocked a frame', 'SecurityError');
        },
      },
    );
    expect(claimForAdoption(null)).toBe(false);
    expect(claimForAdoption(crossOrigin)).toBe(false);
    expect(() => releaseAdoption(crossOrigin)).not.toThrow();
  });
});
