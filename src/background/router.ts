/**
 * The background is a router, not a store. It knows which panel ports inspect which tab and which
 * relay port speaks for which document, and forwards between them. Everything here is rebuilt from
 * the ports themselves, so nothing is lost when Chrome stops the service worker: relays and panels
 * reconnect, and panels pull what they missed from the relays' histories.
 *
 * The Router takes its browser APIs as arguments so that it can be unit-tested without a browser.
 */
import {
  PANEL_PORT,
  RELAY_PORT,
  type AttachBroadcast,
  type BackgroundToPanel,
  type BackgroundToRelay,
  type PanelToBackground,
  type RelayHelloReply,
  type RelayToBackground,
} from '../core/protocol';

/** The part of a runtime Port the router uses. */
export interface RouterPort {
  name: string;
  sender?: { tab?: { id?: number }; frameId?: number };
  postMessage(msg: unknown): void;
  onMessage: { addListener(cb: (msg: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export interface RouterDeps {
  /** Sends a one-shot message to every frame of a tab (tabs.sendMessage). */
  broadcastToTab(tabId: number, msg: AttachBroadcast): void;
}

interface RelayEntry {
  port: RouterPort;
  tabId: number;
  frameId: number;
  docIds: Set<string>;
}

export class Router {
  private readonly panels = new Map<number, Set<RouterPort>>();
  private readonly relays = new Map<number, Set<RelayEntry>>();
  private readonly relayByDoc = new Map<string, RelayEntry>();
  /** The protocol version each attached panel said it speaks. */
  private readonly panelVersion = new Map<RouterPort, number>();

  constructor(private readonly deps: RouterDeps) {}

  hasPanel(tabId: number): boolean {
    return (this.panels.get(tabId)?.size ?? 0) > 0;
  }

  /**
   * The answer to a relay's hello: whether a panel inspects its tab, and which protocol version
   * that panel (the last to attach) speaks, so that a relay of another version knows at once.
   * The hello's own version is not needed here: the relay connects either way and its announce
   * carries the version to the panel, which is the side that words a mismatch.
   */
  hello(tabId: number | undefined): RelayHelloReply {
    const panels = tabId === undefined ? undefined : this.panels.get(tabId);
    if (panels === undefined || panels.size === 0) return { attached: false };
    const v = this.panelVersion.get([...panels][panels.size - 1] as RouterPort) as number;
    return { attached: true, v };
  }

  connect(port: RouterPort): void {
    if (port.name === RELAY_PORT) this.connectRelay(port);
    else if (port.name === PANEL_PORT) this.connectPanel(port);
  }

  private connectRelay(port: RouterPort): void {
    const tabId = port.sender?.tab?.id;
    if (tabId === undefined) return;
    const entry: RelayEntry = { port, tabId, frameId: port.sender?.frameId ?? 0, docIds: new Set() };
    setAdd(this.relays, tabId, entry);
    port.onMessage.addListener((raw) => {
      const msg = raw as RelayToBackground;
      if (msg.type === 'announce') {
        entry.docIds.add(msg.doc.docId);
        this.relayByDoc.set(msg.doc.docId, entry);
      } else if (!entry.docIds.has(msg.docId)) {
        return; // a relay speaks only for the documents it announced
      }
      this.toPanels(tabId, msg.type === 'command-result' ? msg : { ...msg, frameId: entry.frameId });
    });
    port.onDisconnect.addListener(() => {
      setDelete(this.relays, tabId, entry);
      for (const docId of entry.docIds) {
        if (this.relayByDoc.get(docId) === entry) this.relayByDoc.delete(docId);
        this.toPanels(tabId, { type: 'gone', docId, frameId: entry.frameId });
      }
    });
  }

  private connectPanel(port: RouterPort): void {
    let tabId: number | undefined;
    port.onMessage.addListener((raw) => {
      const msg = raw as PanelToBackground;
      if (msg.type === 'attach') {
        tabId = msg.tabId;
        this.panelVersion.set(port, msg.v);
        setAdd(this.panels, tabId, port);
        for (const relay of this.relays.get(tabId) ?? []) post(relay.port, { type: 'announce-request', v: msg.v } satisfies BackgroundToRelay);
        // Relays of documents that have not connected yet (no panel was there) connect now.
        this.deps.broadcastToTab(tabId, { type: 'wslens-attach', v: msg.v });
      } else if (msg.type === 'pull' || msg.type === 'command') {
        // Only to a document of the tab this panel inspects.
        const relay = this.relayByDoc.get(msg.docId);
        if (relay === undefined || relay.tabId !== tabId) {
          if (msg.type === 'command')
            post(port, { type: 'command-result', docId: msg.docId, req: msg.req, ok: false, error: 'That page is gone (it was closed or navigated away).' } satisfies BackgroundToPanel);
          return;
        }
        post(relay.port, (msg.type === 'pull' ? { type: 'pull', since: msg.since } : { type: 'command', req: msg.req, cmd: msg.cmd }) satisfies BackgroundToRelay);
      }
    });
    port.onDisconnect.addListener(() => {
      if (tabId === undefined) return;
      this.panelVersion.delete(port);
      setDelete(this.panels, tabId, port);
      if (!this.hasPanel(tabId)) {
        for (const relay of this.relays.get(tabId) ?? []) post(relay.port, { type: 'detach' } satisfies BackgroundToRelay);
      }
    });
  }

  private toPanels(tabId: number, msg: BackgroundToPanel): void {
    for (const p of this.panels.get(tabId) ?? []) post(p, msg);
  }
}

function post(port: RouterPort, msg: unknown): void {
  try {
    port.postMessage(msg);
  } catch {
    /* the other side is gone; its onDisconnect cleans up */
  }
}

function setAdd<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(value);
}

function setDelete<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
