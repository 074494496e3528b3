/**
 * The private channel to the relay: a MessageChannel whose port is handed over with one
 * synchronous DOM event on the meeting target, before any page script exists; events are queued
 * and posted in batches (on a 0 ms timer, or at once at FLUSH_AT).
 */
import { HANDSHAKE_HOOK_EVENT, HANDSHAKE_RELAY_EVENT, type HookCommand, type HookEvent } from '../core/protocol';
import type { Natives } from './natives';
import type { Outbox } from './state';

/** Until the relay is there, events wait; a hook without relay must not grow without bound. */
const MAX_UNCONNECTED = 10_000;
const FLUSH_AT = 2_000;

type ChannelNatives = Pick<
  Natives,
  'portPost' | 'setTimer' | 'NativeMessageChannel' | 'NativeMessageEvent' | 'channelPort1' | 'channelPort2' | 'portOnMessage' | 'dispatch' | 'addListener' | 'removeListener' | 'evPreventDefault' | 'msgData'
>;

/**
 * Opens the channel on `meeting` (the document's FontFaceSet, see ARCHITECTURE.md) and returns its
 * outbox; commands that arrive go to `onCommand`.
 */
export function openChannel(n: ChannelNatives, meeting: EventTarget, onCommand: (cmd: HookCommand) => void): Outbox {
  const { portPost, setTimer, dispatch } = n;
  let port: MessagePort | null = null;
  let queue: HookEvent[] = [];
  let transfer: ArrayBuffer[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    if (port === null || queue.length === 0) return;
    const batch = queue;
    const buffers = transfer;
    queue = [];
    transfer = [];
    portPost(port, batch, buffers);
  };

  const enqueue = (ev: HookEvent, buf?: ArrayBuffer): void => {
    if (port === null && queue.length >= MAX_UNCONNECTED) return;
    queue[queue.length] = ev;
    if (buf !== undefined) transfer[transfer.length] = buf;
    if (queue.length >= FLUSH_AT) flush();
    else if (!scheduled) {
      scheduled = true;
      setTimer(flush, 0);
    }
  };

  const receive = (m: MessageEvent): void => onCommand(n.msgData(m) as HookCommand);

  const offer = (): boolean => {
    const channel = new n.NativeMessageChannel();
    // Without a prototype: the event constructor reads absent members, which the page could have
    // defined on Object.prototype by the time a late relay announces itself.
    const init = { __proto__: null, ports: [n.channelPort2(channel)], cancelable: true } as MessageEventInit;
    const taken = !dispatch(meeting, new n.NativeMessageEvent(HANDSHAKE_HOOK_EVENT, init));
    if (taken) {
      port = n.channelPort1(channel);
      n.portOnMessage(port, receive);
      flush();
    }
    return taken;
  };

  // The relay normally runs first (it is listed first in the manifest) and takes the port at once.
  // If it runs after us, it announces itself and we offer the port then.
  if (!offer()) {
    const onRelayReady = (ev: Event): void => {
      if (port === null && offer()) {
        n.evPreventDefault(ev);
        n.removeListener(meeting, HANDSHAKE_RELAY_EVENT, onRelayReady, true);
      }
    };
    n.addListener(meeting, HANDSHAKE_RELAY_EVENT, onRelayReady, true);
  }
  return { enqueue, flush };
}
