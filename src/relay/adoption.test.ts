import { describe, expect, it } from 'vitest';
import { claimForAdoption, releaseAdoption, startRelayHere, windowEventMarks } from './adoption';

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

  it('a popup (a window that is its own top) is not adopted', () => {
    const popup: { top?: unknown } = {};
    popup.top = popup;
    expect(claimForAdoption(popup)).toBe(false);
    expect(startRelayHere(popup)).toBe(false);
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

describe('frame adoption marks as listeners on the windows (Firefox)', () => {
  // Each document's relay makes its own marks; they agree only through the windows.
  const TYPE = 'wslens-adoption moz-extension://uuid/';
  const relay = () => windowEventMarks(TYPE);

  it('a window whose document runs a relay is never adopted', () => {
    const w = new EventTarget();
    expect(relay().startRelayHere(w)).toBe(false);
    expect(relay().claimForAdoption(w)).toBe(false);
  });

  it('a window without a relay is claimed once, and its next relay learns that it was adopted', () => {
    const w = new EventTarget();
    const above = relay();
    expect(above.claimForAdoption(w)).toBe(true);
    expect(above.claimForAdoption(w)).toBe(false);
    expect(relay().claimForAdoption(w)).toBe(false);
    expect(relay().startRelayHere(w)).toBe(true);
  });

  it('a released claim leaves the window as it was', () => {
    const w = new EventTarget();
    const above = relay();
    expect(above.claimForAdoption(w)).toBe(true);
    above.releaseAdoption(w);
    expect(relay().startRelayHere(w)).toBe(false);
  });

  it('a popup (a window that is its own top) is claimed like a frame', () => {
    const popup = new EventTarget() as EventTarget & { top?: unknown };
    popup.top = popup;
    expect(relay().claimForAdoption(popup)).toBe(true);
    expect(relay().startRelayHere(popup)).toBe(true);
  });

  it('the page, not knowing the type, neither sees the question nor answers it', () => {
    const w = new EventTarget();
    let pageSaw = 0;
    w.addEventListener('wslens-adoption', () => void pageSaw++, true);
    expect(relay().claimForAdoption(w)).toBe(true);
    expect(relay().startRelayHere(w)).toBe(true);
    expect(pageSaw).toBe(0);
    // A listener for the type that is not first (the relay's was added before) is never reached.
    w.addEventListener(TYPE, () => void pageSaw++, true);
    expect(relay().startRelayHere(w)).toBe(true);
    expect(pageSaw).toBe(0);
  });

  it('no window, or a window of another origin (every access throws), is not adopted', () => {
    const crossOrigin = new Proxy(new EventTarget(), {
      get: () => {
        throw new DOMException('Blocked a frame', 'SecurityError');
      },
    });
    expect(relay().claimForAdoption(null)).toBe(false);
    expect(relay().claimForAdoption(crossOrigin)).toBe(false);
    expect(() => relay().releaseAdoption(crossOrigin)).not.toThrow();
  });
});
