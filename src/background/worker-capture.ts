/**
 * The worker-capture mode (Chrome): `chrome.debugger` on the inspected tab, turned on from the panel
 * (the optional `debugger` permission; Chrome shows its "debugging this browser" bar).
 *
 * - The tab's own target: `Network.enable` for the handshakes of the page's sockets (full headers,
 *   which webRequest does not show), told to the tab's relays as `HandshakeNotice`s (source
 *   `debugger`); while the mode is on the webRequest notices of that tab are not sent, so a socket
 *   is never matched twice. Frames of page sockets are the hook's only. (Frames that arrive after
 *   the page called close() are not reported by Chromium 150's debugger either: it reports no
 *   close frames and nothing received in the closing state.)
 * - Dedicated workers: `Target.setAutoAttach` (flat sessions, paused at start until their Network
 *   domain is on). Shared and service workers of the page's origin: attached by target id, looked
 *   for once a second while the mode is on. Their sockets, which no hook sees, are told to the top
 *   frame's relay as whole `WireSocketEvent`s: connection (naming the worker), handshake, open,
 *   every frame's bytes, close.
 * - It ends when the last panel of the tab goes, when the panel turns it off, or when the user
 *   cancels Chrome's bar (the panel is told why).
 *
 * Browser APIs are injected (`WorkerCaptureDeps`) so that it is unit-tested with a fake debugger.
 */
import type { HandshakeInfo, HandshakeNotice, HttpHeader, WireSocketEvent, WorkerCaptureState, WorkerInfo } from '../core/protocol';
import { headerValue } from '../core/handshake';

export interface DebuggeeLike {
  tabId?: number;
  targetId?: string;
  sessionId?: string;
}

export interface DebuggerLike {
  attach(target: DebuggeeLike, version: string): Promise<void>;
  detach(target: DebuggeeLike): Promise<void>;
  sendCommand(target: DebuggeeLike, method: string, params?: object): Promise<unknown>;
  getTargets(): Promise<Array<{ id: string; type: string; url: string; attached: boolean; tabId?: number }>>;
  onEvent: { addListener(cb: (source: DebuggeeLike, method: string, params?: object) => void): void };
  onDetach: { addListener(cb: (source: DebuggeeLike, reason: string) => void): void };
}

export interface WorkerCaptureDeps {
  debugger: DebuggerLike;
  /** To every frame of the tab (a page socket's handshake: its frame is not known). */
  toTab(tabId: number, msg: HandshakeNotice): void;
  /** To the tab's top frame. */
  toTopFrame(tabId: number, ev: WireSocketEvent): void;
  /** To the tab's panels. */
  toPanels(tabId: number, state: WorkerCaptureState): void;
  setInterval(cb: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

const SCAN_MS = 1_000;

type Kind = 'page' | WorkerInfo['kind'];

interface Session {
  kind: Kind;
  url: string;
  target: DebuggeeLike;
}

interface Socket {
  kind: Kind;
  worker: WorkerInfo | null;
  url: string;
  /** Wall-clock ms minus the debugger's monotonic ms, from the handshake request. */
  offset: number;
  hs: HandshakeInfo;
  opened: boolean;
  /** A close frame's code and reason, from its payload. */
  close: { code: number; reason: string } | null;
}

interface TabCapture {
  tabId: number;
  origin: string;
  sessions: Map<string, Session>;
  /** Shared and service workers attached by target id. */
  targets: Set<string>;
  sockets: Map<string, Socket>;
  timer: unknown;
  stopping: boolean;
}

export class WorkerCapture {
  private readonly tabs = new Map<number, TabCapture>();
  private readonly byTarget = new Map<string, TabCapture>();

  constructor(private readonly deps: WorkerCaptureDeps) {
    deps.debugger.onEvent.addListener((source, method, params) => this.onEvent(source, method, (params ?? {}) as Record<string, unknown>));
    deps.debugger.onDetach.addListener((source, reason) => this.onDetach(source, reason));
  }

  isOn(tabId: number): boolean {
    return this.tabs.has(tabId);
  }

  async start(tabId: number): Promise<void> {
    if (this.tabs.has(tabId)) {
      this.deps.toPanels(tabId, { type: 'worker-capture-state', on: true });
      return;
    }
    const dbg = this.deps.debugger;
    try {
      await dbg.attach({ tabId }, '1.3');
    } catch (e) {
      this.deps.toPanels(tabId, { type: 'worker-capture-state', on: false, note: `Could not start: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    const tab: TabCapture = { tabId, origin: '', sessions: new Map(), targets: new Set(), sockets: new Map(), timer: null, stopping: false };
    this.tabs.set(tabId, tab);
    tab.sessions.set(sessionKey({ tabId }), { kind: 'page', url: '', target: { tabId } });
    try {
      const info = (await dbg.sendCommand({ tabId }, 'Target.getTargetInfo')) as { targetInfo?: { url?: string } } | undefined;
      tab.origin = originOf(info?.targetInfo?.url ?? '');
      await dbg.sendCommand({ tabId }, 'Network.enable');
      await dbg.sendCommand({ tabId }, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    } catch (e) {
      await this.stop(tabId, `Could not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    tab.timer = this.deps.setInterval(() => void this.scan(tab), SCAN_MS);
    await this.scan(tab);
    this.deps.toPanels(tabId, { type: 'worker-capture-state', on: true });
  }

  async stop(tabId: number, note?: string): Promise<void> {
    const tab = this.tabs.get(tabId);
    if (tab === undefined) return;
    tab.stopping = true;
    this.tabs.delete(tabId);
    if (tab.timer !== null) this.deps.clearInterval(tab.timer);
    for (const id of tab.targets) {
      this.byTarget.delete(id);
      await this.deps.debugger.detach({ targetId: id }).catch(() => undefined);
    }
    await this.deps.debugger.detach({ tabId }).catch(() => undefined);
    this.deps.toPanels(tabId, { type: 'worker-capture-state', on: false, ...(note !== undefined ? { note } : {}) });
  }

  /** Shared and service workers of the page's origin not yet attached. */
  private async scan(tab: TabCapture): Promise<void> {
    if (tab.stopping || tab.origin === '') return;
    let targets: Awaited<ReturnType<DebuggerLike['getTargets']>>;
    try {
      targets = await this.deps.debugger.getTargets();
    } catch {
      return;
    }
    for (const t of targets) {
      if (t.type !== 'worker' || t.attached || tab.targets.has(t.id) || this.byTarget.has(t.id) || originOf(t.url) !== tab.origin) continue;
      const target = { targetId: t.id };
      tab.targets.add(t.id);
      this.byTarget.set(t.id, tab);
      try {
        await this.deps.debugger.attach(target, '1.3');
        const info = (await this.deps.debugger.sendCommand(target, 'Target.getTargetInfo')) as { targetInfo?: { type?: string } } | undefined;
        const kind: Kind = info?.targetInfo?.type === 'service_worker' ? 'service' : info?.targetInfo?.type === 'shared_worker' ? 'shared' : 'dedicated';
        tab.sessions.set(sessionKey(target), { kind, url: t.url, target });
        await this.deps.debugger.sendCommand(target, 'Network.enable');
      } catch {
        tab.targets.delete(t.id);
        this.byTarget.delete(t.id);
      }
    }
  }

  private tabOf(source: DebuggeeLike): TabCapture | undefined {
    if (source.tabId !== undefined) return this.tabs.get(source.tabId);
    if (source.targetId !== undefined) return this.byTarget.get(source.targetId);
    return undefined;
  }

  private onDetach(source: DebuggeeLike, reason: string): void {
    if (source.targetId !== undefined && source.tabId === undefined) {
      const tab = this.byTarget.get(source.targetId);
      tab?.targets.delete(source.targetId);
      tab?.sessions.delete(sessionKey(source));
      this.byTarget.delete(source.targetId);
      return;
    }
    const tab = this.tabOf(source);
    if (tab === undefined || tab.stopping) return;
    const note =
      reason === 'canceled_by_user'
        ? 'Worker capture stopped: the debugging bar was cancelled.'
        : reason === 'target_closed'
          ? 'Worker capture stopped: the tab was closed or navigated where it cannot follow.'
          : `Worker capture stopped (${reason}).`;
    void this.stop(tab.tabId, note);
  }

  private onEvent(source: DebuggeeLike, method: string, p: Record<string, unknown>): void {
    const tab = this.tabOf(source);
    if (tab === undefined || tab.stopping) return;
    const dbg = this.deps.debugger;
    if (method === 'Target.attachedToTarget') {
      const sessionId = p.sessionId as string;
      const info = (p.targetInfo ?? {}) as { type?: string; url?: string };
      const kind: Kind = info.type === 'worker' ? 'dedicated' : info.type === 'shared_worker' ? 'shared' : info.type === 'service_worker' ? 'service' : 'page';
      const target: DebuggeeLike = { ...source, sessionId };
      tab.sessions.set(sessionKey(target), { kind, url: info.url ?? '', target });
      void (async () => {
        await dbg.sendCommand(target, 'Network.enable').catch(() => undefined);
        await dbg.sendCommand(target, 'Runtime.runIfWaitingForDebugger').catch(() => undefined);
      })();
      return;
    }
    if (method === 'Target.detachedFromTarget') {
      tab.sessions.delete(sessionKey({ ...source, sessionId: p.sessionId as string }));
      return;
    }
    if (!method.startsWith('Network.webSocket')) return;
    const session = tab.sessions.get(sessionKey(source));
    if (session === undefined) return;
    const key = `${sessionKey(source)}|${String(p.requestId)}`;
    const id = String(p.requestId);
    const worker: WorkerInfo | null = session.kind === 'page' ? null : { kind: session.kind, url: session.url };
    switch (method) {
      case 'Network.webSocketCreated':
        tab.sockets.set(key, {
          kind: session.kind,
          worker,
          url: String(p.url),
          offset: 0,
          hs: { source: 'debugger', requestId: id, url: String(p.url), requestTime: 0, requestHeaders: [], responseTime: null, statusLine: '', status: 0, responseHeaders: [], error: '' },
          opened: false,
          close: null,
        });
        return;
      case 'Network.webSocketWillSendHandshakeRequest': {
        const s = tab.sockets.get(key);
        if (s === undefined) return;
        const ts = Number(p.timestamp) * 1000;
        const wall = Number(p.wallTime) * 1000;
        s.offset = wall - ts;
        s.hs.requestTime = wall;
        s.hs.requestHeaders = headerList((p.request as { headers?: unknown } | undefined)?.headers);
        if (s.worker !== null) {
          const protocols = (headerValue(s.hs.requestHeaders, 'Sec-WebSocket-Protocol') ?? '')
            .split(',')
            .map((x) => x.trim())
            .filter((x) => x !== '');
          this.deps.toTopFrame(tab.tabId, { type: 'connection', id, time: wall, url: s.url, protocols, worker: s.worker });
        }
        this.tellHandshake(tab, s, id);
        return;
      }
      case 'Network.webSocketHandshakeResponseReceived': {
        const s = tab.sockets.get(key);
        if (s === undefined) return;
        const r = (p.response ?? {}) as { status?: number; statusText?: string; headers?: unknown; headersText?: string; requestHeaders?: unknown; requestHeadersText?: string };
        s.hs.responseTime = Number(p.timestamp) * 1000 + s.offset;
        s.hs.status = r.status ?? 0;
        const text = typeof r.headersText === 'string' && r.headersText !== '' ? parseHeadersText(r.headersText) : null;
        s.hs.statusLine = text?.first ?? `HTTP/1.1 ${s.hs.status} ${r.statusText ?? ''}`.trim();
        s.hs.responseHeaders = text?.headers ?? headerList(r.headers);
        const sentText = typeof r.requestHeadersText === 'string' && r.requestHeadersText !== '' ? parseHeadersText(r.requestHeadersText) : null;
        if (sentText !== null) s.hs.requestHeaders = sentText.headers;
        else if (r.requestHeaders !== undefined) s.hs.requestHeaders = headerList(r.requestHeaders);
        this.tellHandshake(tab, s, id);
        if (s.worker !== null && s.hs.status === 101) {
          s.opened = true;
          this.deps.toTopFrame(tab.tabId, {
            type: 'open',
            id,
            time: s.hs.responseTime,
            protocol: headerValue(s.hs.responseHeaders, 'Sec-WebSocket-Protocol') ?? '',
            extensions: headerValue(s.hs.responseHeaders, 'Sec-WebSocket-Extensions') ?? '',
          });
        }
        return;
      }
      case 'Network.webSocketFrameSent':
      case 'Network.webSocketFrameReceived': {
        const s = tab.sockets.get(key);
        if (s === undefined) return;
        const f = (p.response ?? {}) as { opcode?: number; payloadData?: string };
        const time = Number(p.timestamp) * 1000 + s.offset;
        const sent = method === 'Network.webSocketFrameSent';
        const data = f.payloadData ?? '';
        if (s.worker === null) return; // a page socket's frames are the hook's
        if (f.opcode === 8) {
          if (!sent) s.close = closeOf(data);
          return;
        }
        if (f.opcode !== 1 && f.opcode !== 2) return; // continuation and control frames
        const payload = f.opcode === 1 ? { text: data } : { base64: data };
        this.deps.toTopFrame(tab.tabId, { type: 'frame', id, time, dir: sent ? 'sent' : 'received', ...payload });
        return;
      }
      case 'Network.webSocketFrameError': {
        const s = tab.sockets.get(key);
        if (s === undefined) return;
        if (!s.opened && s.hs.status !== 101) {
          s.hs.error = typeof p.errorMessage === 'string' && p.errorMessage !== '' ? p.errorMessage : 'handshake failed';
          this.tellHandshake(tab, s, id);
        }
        return;
      }
      case 'Network.webSocketClosed': {
        const s = tab.sockets.get(key);
        if (s === undefined) return;
        tab.sockets.delete(key);
        if (s.worker === null) return;
        const time = Number(p.timestamp) * 1000 + s.offset;
        this.deps.toTopFrame(tab.tabId, { type: 'close', id, time, code: s.close?.code ?? 1006, reason: s.close?.reason ?? '', wasClean: s.close !== null });
        return;
      }
    }
  }

  private tellHandshake(tab: TabCapture, s: Socket, id: string): void {
    const hs = { ...s.hs, requestHeaders: [...s.hs.requestHeaders], responseHeaders: [...s.hs.responseHeaders] };
    if (s.worker !== null) this.deps.toTopFrame(tab.tabId, { type: 'handshake', id, hs });
    else this.deps.toTab(tab.tabId, { type: 'wslens-handshake', hs });
  }
}

function sessionKey(t: DebuggeeLike): string {
  return t.sessionId !== undefined ? `s:${t.sessionId}` : t.targetId !== undefined ? `t:${t.targetId}` : `tab:${t.tabId ?? -1}`;
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : '';
  } catch {
    return '';
  }
}

/** The debugger's `{name: value}` headers (several values of one name joined by newlines) as a list. */
function headerList(h: unknown): HttpHeader[] {
  if (h === null || typeof h !== 'object') return [];
  const out: HttpHeader[] = [];
  for (const [name, value] of Object.entries(h as Record<string, unknown>)) out.push({ name, value: String(value) });
  return out;
}

/** `HTTP/1.1 101 …\r\nName: value\r\n…` as its first line and its headers, in order, repeats kept. */
export function parseHeadersText(text: string): { first: string; headers: HttpHeader[] } {
  const lines = text.split(/\r?\n/);
  const first = lines.shift() ?? '';
  const headers: HttpHeader[] = [];
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    headers.push({ name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
  }
  return { first: first.trim(), headers };
}

/**
 * A close frame's payload as the debugger gives it: the status code (2 bytes) and reason. Chrome
 * hands control-frame payloads over as text; a payload too short for a code means none was sent.
 */
function closeOf(payload: string): { code: number; reason: string } {
  if (payload.length < 2) return { code: 1005, reason: '' };
  const code = ((payload.charCodeAt(0) & 0xff) << 8) | (payload.charCodeAt(1) & 0xff);
  return { code, reason: payload.slice(2) };
}
