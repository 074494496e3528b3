import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type BackgroundToPanel, type PanelToBackground } from '../core/protocol';
import { SessionStore } from '../core/session-store';
import { docInfo, DocFeed } from '../core/fixtures/records';

/** The panel's runtime port; the background's side is driven by the test. */
const port = vi.hoisted(() => {
  const sent: unknown[] = [];
  const messageListeners: Array<(msg: unknown) => void> = [];
  return {
    sent,
    messageListeners,
    receive(msg: unknown) {
      for (const l of messageListeners) l(msg);
    },
  };
});

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      connect: () => ({
        postMessage: (msg: unknown) => void port.sent.push(msg),
        disconnect: () => undefined,
        onMessage: { addListener: (cb: (msg: unknown) => void) => void port.messageListeners.push(cb) },
        onDisconnect: { addListener: () => undefined },
      }),
    },
  },
}));

const { connectLive } = await import('./live-connection');

let store: SessionStore;
beforeEach(() => {
  port.sent.length = 0;
  port.messageListeners.length = 0;
  store = new SessionStore();
});

const deliver = (msg: BackgroundToPanel): void => port.receive(JSON.parse(JSON.stringify(msg)));

describe('connectLive: the protocol version', () => {
  it("attaches with the panel's version, and pulls a document whose relay speaks it", () => {
    const live = connectLive(7, store);
    expect(port.sent).toEqual([{ type: 'attach', tabId: 7, v: PROTOCOL_VERSION }]);
    deliver({ type: 'announce', v: PROTOCOL_VERSION, doc: docInfo('d'), last: 0, frameId: 0 });
    expect(port.sent.at(-1)).toEqual({ type: 'pull', docId: 'd', since: 0 } satisfies PanelToBackground);
    expect(live.versions.message()).toBeNull();
    live.stop();
  });

  it('sets aside a document whose relay speaks another version: not held, not pulled, its records unread, named until gone', () => {
    const live = connectLive(7, store);
    port.sent.length = 0;
    deliver({ type: 'announce', v: PROTOCOL_VERSION + 1, doc: docInfo('old'), last: 2, frameId: 0 });
    expect(store.hasDocument('old')).toBe(false);
    expect(port.sent).toEqual([]);
    expect(live.versions.message()).toBe(`This page's WebSocket Lens relay speaks protocol ${PROTOCOL_VERSION + 1}, the panel ${PROTOCOL_VERSION}: reload the page.`);

    const feed = new DocFeed('old');
    feed.connection(1);
    feed.text(1, 'received', 'misread');
    deliver({ ...feed.msg(0), frameId: 0 });
    expect(store.connections.size).toBe(0);

    deliver({ type: 'gone', docId: 'old', frameId: 0 });
    expect(live.versions.message()).toBeNull();
    live.stop();
  });
});
