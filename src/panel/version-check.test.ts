import { describe, expect, it } from 'vitest';
import { DEFAULT_BOUNDS, PROTOCOL_VERSION, type AnnounceMessage } from '../core/protocol';
import { VersionCheck } from './version-check';

const announce = (docId: string, v: number | undefined): AnnounceMessage =>
  ({ type: 'announce', ...(v !== undefined ? { v } : {}), doc: { docId, url: 'https://a/', top: true, timeOrigin: 1, bounds: DEFAULT_BOUNDS }, last: 0 }) as AnnounceMessage;

describe('VersionCheck', () => {
  it("accepts a relay of the panel's version and says nothing", () => {
    const c = new VersionCheck();
    expect(c.accept(announce('d', PROTOCOL_VERSION))).toBe(true);
    expect(c.message()).toBeNull();
  });

  it('sets aside a relay of another version, naming both versions, until its document is gone', () => {
    const c = new VersionCheck(2);
    let told = 0;
    c.subscribe(() => void told++);
    expect(c.accept(announce('d', 1))).toBe(false);
    expect(c.message()).toBe("This page's WebSocket Lens relay speaks protocol 1, the panel 2: reload the page.");
    expect(told).toBe(1);
    c.gone('d');
    expect(c.message()).toBeNull();
    expect(told).toBe(2);
  });

  it('a relay older than versioning (no version in its announce)', () => {
    const c = new VersionCheck(2);
    expect(c.accept(announce('d', undefined))).toBe(false);
    expect(c.message()).toBe("This page's WebSocket Lens relay speaks an older protocol, the panel 2: reload the page.");
  });

  it('a document that announces again with the right version is accepted (e.g. after an update)', () => {
    const c = new VersionCheck(2);
    c.accept(announce('d', 1));
    c.accept(announce('e', 3));
    expect(c.message()).toBe("This page's WebSocket Lens relay speaks protocol 1 and protocol 3, the panel 2: reload the page.");
    expect(c.accept(announce('d', 2))).toBe(true);
    expect(c.message()).toBe("This page's WebSocket Lens relay speaks protocol 3, the panel 2: reload the page.");
  });
});
