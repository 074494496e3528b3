import { describe, expect, it } from 'vitest';
import { ADOPT_FAILED_EVENT, ADOPT_QUERY_EVENT, ADOPTED_QUERY_EVENT, HANDSHAKE_HOOK_EVENT, HANDSHAKE_RELAY_EVENT, type HookEvent } from '../core/protocol';
import { answerAdoption, meetHook } from './hook-port';
import { claimForAdoption, isolatedWorldMarks, windowEventMarks } from './adoption';

const asIs = <T,>(d: T): T => d;

/**
 * What the hook dispatches: a synchronous, cancelable MessageEvent carrying its port. (Node's
 * MessageEvent ignores `cancelable`, so the test builds an Event with the same `ports`.)
 */
function offer(meeting: EventTarget, port: MessagePort): { taken: boolean; seenByPage: boolean } {
  let seenByPage = false;
  const pageListener = (): void => void (seenByPage = true);
  meeting.addEventListener(HANDSHAKE_HOOK_EVENT, pageListener); // a page listener, bubble phase
  const ev = Object.assign(new Event(HANDSHAKE_HOOK_EVENT, { cancelable: true }), { ports: [port] });
  meeting.dispatchEvent(ev);
  meeting.removeEventListener(HANDSHAKE_HOOK_EVENT, pageListener);
  return { taken: ev.defaultPrevented, seenByPage };
}

/** A window as the hook's UIEvent names it (`view`). */
function viewEvent(type: string, view: object | null): Event {
  return Object.assign(new Event(type, { cancelable: true }), { view });
}

describe('meetHook', () => {
  it('announces the relay, takes the first port offered (hidden from the page) and receives the batches over it', async () => {
    const meeting = new EventTarget();
    const announced: boolean[] = [];
    meeting.addEventListener(HANDSHAKE_RELAY_EVENT, () => void announced.push(true));
    let received = (_b: HookEvent[]): void => undefined;
    const firstBatch = new Promise<HookEvent[]>((r) => (received = r));
    const hook = meetHook(meeting, (b) => received(b), asIs);
    expect(announced).toEqual([true]);
    expect(hook.connected).toBe(false);
    expect(hook.post({ type: 'close', req: 1, conn: 1 })).toBe(false);

    const channel = new MessageChannel();
    expect(offer(meeting, channel.port2)).toEqual({ taken: true, seenByPage: false });
    expect(hook.connected).toBe(true);
    // A second offer (a page imitating the hook) is not taken.
    const other = new MessageChannel();
    expect(offer(meeting, other.port2).taken).toBe(false);

    const got = new Promise<unknown>((r) => (channel.port1.onmessage = (m) => r(m.data)));
    expect(hook.post({ type: 'close', req: 2, conn: 3, code: 1000 })).toBe(true);
    expect(await got).toEqual({ type: 'close', req: 2, conn: 3, code: 1000 });

    const batch: HookEvent[] = [{ type: 'error', conn: 1, seq: 1, t: 2 }];
    channel.port1.postMessage(batch);
    expect(await firstBatch).toEqual(batch);
    channel.port1.close();
    other.port1.close();
  });

  it('transfers a binary payload to the hook', async () => {
    const meeting = new EventTarget();
    const hook = meetHook(meeting, () => undefined, asIs);
    const channel = new MessageChannel();
    offer(meeting, channel.port2);
    const data = new Uint8Array([1, 2, 3]).buffer;
    const got = new Promise<unknown>((r) => (channel.port1.onmessage = (m) => r(m.data)));
    hook.post({ type: 'simulate', req: 1, conn: 1, data, mark: 'simulated' }, [data]);
    expect(data.byteLength).toBe(0); // moved, not copied
    const msg = (await got) as { data: ArrayBuffer };
    expect([...new Uint8Array(msg.data)]).toEqual([1, 2, 3]);
    channel.port1.close();
  });

  it('an event without a port is not taken', () => {
    const meeting = new EventTarget();
    const hook = meetHook(meeting, () => undefined, asIs);
    const ev = new Event(HANDSHAKE_HOOK_EVENT, { cancelable: true });
    meeting.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(false);
    expect(hook.connected).toBe(false);
  });
});

describe('answerAdoption', () => {
  it('adopts a window without a relay once, releases a failed claim, and stops every question here', () => {
    const meeting = new EventTarget();
    answerAdoption(meeting, {}, isolatedWorldMarks);
    let pageSaw = 0;
    for (const t of [ADOPT_QUERY_EVENT, ADOPT_FAILED_EVENT, ADOPTED_QUERY_EVENT]) meeting.addEventListener(t, () => void pageSaw++);
    const child = {};
    const ask = (view: object | null): boolean => {
      const ev = viewEvent(ADOPT_QUERY_EVENT, view);
      meeting.dispatchEvent(ev);
      return ev.defaultPrevented;
    };
    expect(ask(child)).toBe(true);
    expect(ask(child)).toBe(false); // adopted already
    meeting.dispatchEvent(viewEvent(ADOPT_FAILED_EVENT, child));
    expect(ask(child)).toBe(true); // released, so adoptable again
    expect(ask(null)).toBe(false);
    const q = new Event(ADOPTED_QUERY_EVENT, { cancelable: true });
    meeting.dispatchEvent(q);
    expect(q.defaultPrevented).toBe(false); // this window was not adopted
    expect(pageSaw).toBe(0);
  });

  it('a window adopted by the frame above tells its hook to stand aside', () => {
    const self = {};
    expect(claimForAdoption(self)).toBe(true); // by the hook above, before this relay ran
    const meeting = new EventTarget();
    answerAdoption(meeting, self, isolatedWorldMarks);
    const q = new Event(ADOPTED_QUERY_EVENT, { cancelable: true });
    meeting.dispatchEvent(q);
    expect(q.defaultPrevented).toBe(true);
  });

  it('with the marks as listeners on the windows (Firefox), a child is adopted once and its next relay stands its hook aside', () => {
    const marks = windowEventMarks('wslens-adoption test');
    const meeting = new EventTarget();
    answerAdoption(meeting, new EventTarget(), marks);
    const child = new EventTarget();
    const ask = (): boolean => {
      const ev = viewEvent(ADOPT_QUERY_EVENT, child);
      meeting.dispatchEvent(ev);
      return ev.defaultPrevented;
    };
    expect(ask()).toBe(true);
    expect(ask()).toBe(false); // adopted already
    const childMeeting = new EventTarget();
    answerAdoption(childMeeting, child, windowEventMarks('wslens-adoption test')); // the child's relay, another instance
    const q = new Event(ADOPTED_QUERY_EVENT, { cancelable: true });
    childMeeting.dispatchEvent(q);
    expect(q.defaultPrevented).toBe(true);
  });
});
