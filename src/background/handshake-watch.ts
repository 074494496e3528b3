/**
 * Watches the WebSocket handshakes of every tab through `webRequest` (resource type `websocket`)
 * and tells the requesting frame's relay what it saw (`HandshakeNotice`), which matches it to the
 * hook's connection record and keeps it in the document's history.
 *
 * The browser reports a request only for hosts the user granted (the optional host permissions,
 * asked for from the panel): without them the listeners are registered but never called. Chrome
 * shows `Cookie`, `Origin` and the `Sec-WebSocket-*` headers only with `extraHeaders`; Firefox has
 * no such option (and refuses it). A request's notices: when its headers are sent (so the first
 * notices arrive in the order the sockets were made), when the response headers arrive, and on a
 * network error. Only the requests in flight are held here, and only until they end; a stopped
 * service worker loses at most the notices of requests in flight at that moment.
 */
import type { HandshakeInfo, HandshakeNotice, HttpHeader } from '../core/protocol';

/** The part of `webRequest` used here (Chrome's and Firefox's share it). */
export interface WebRequestDetails {
  requestId: string;
  url: string;
  tabId: number;
  frameId: number;
  timeStamp: number;
  type?: string;
  requestHeaders?: Array<{ name: string; value?: string }>;
  responseHeaders?: Array<{ name: string; value?: string }>;
  statusLine?: string;
  statusCode?: number;
  error?: string;
}

interface WebRequestEvent {
  addListener(cb: (d: WebRequestDetails) => void, filter: { urls: string[]; types?: string[] }, extra?: string[]): void;
}

export interface WebRequestLike {
  onBeforeRequest: WebRequestEvent;
  onSendHeaders: WebRequestEvent;
  onHeadersReceived: WebRequestEvent;
  onCompleted: WebRequestEvent;
  onErrorOccurred: WebRequestEvent;
}

export interface HandshakeWatchDeps {
  webRequest: WebRequestLike;
  /** Whether the browser knows `extraHeaders` (Chrome). */
  extraHeaders: boolean;
  /** tabs.sendMessage to one frame. */
  sendToFrame(tabId: number, frameId: number, msg: HandshakeNotice): void;
}

const FILTER = { urls: ['<all_urls>'], types: ['websocket'] };

export function watchHandshakes(deps: HandshakeWatchDeps): void {
  const inFlight = new Map<string, { tabId: number; frameId: number; hs: HandshakeInfo }>();
  const extra = (opt: string) => (deps.extraHeaders ? [opt, 'extraHeaders'] : [opt]);
  const entry = (d: WebRequestDetails) => {
    let e = inFlight.get(d.requestId);
    if (e === undefined) {
      e = {
        tabId: d.tabId,
        frameId: d.frameId,
        hs: { source: 'webRequest', requestId: d.requestId, url: d.url, requestTime: d.timeStamp, requestHeaders: [], responseTime: null, statusLine: '', status: 0, responseHeaders: [], error: '' },
      };
      inFlight.set(d.requestId, e);
    }
    return e;
  };
  const tell = (e: { tabId: number; frameId: number; hs: HandshakeInfo }) => {
    if (e.tabId >= 0) deps.sendToFrame(e.tabId, e.frameId, { type: 'wslens-handshake', hs: { ...e.hs } });
  };
  const isSocket = (d: WebRequestDetails) => d.type === undefined || d.type === 'websocket';

  deps.webRequest.onBeforeRequest.addListener(
    (d) => {
      if (isSocket(d)) entry(d);
    },
    FILTER,
  );
  deps.webRequest.onSendHeaders.addListener(
    (d) => {
      if (!isSocket(d)) return;
      const e = entry(d);
      e.hs.requestHeaders = headers(d.requestHeaders);
      tell(e);
    },
    FILTER,
    extra('requestHeaders'),
  );
  deps.webRequest.onHeadersReceived.addListener(
    (d) => {
      if (!isSocket(d)) return;
      const e = entry(d);
      e.hs.responseTime = d.timeStamp;
      e.hs.status = d.statusCode ?? 0;
      e.hs.statusLine = d.statusLine ?? '';
      e.hs.responseHeaders = headers(d.responseHeaders);
      tell(e);
    },
    FILTER,
    extra('responseHeaders'),
  );
  deps.webRequest.onCompleted.addListener(
    (d) => {
      inFlight.delete(d.requestId);
    },
    FILTER,
  );
  deps.webRequest.onErrorOccurred.addListener(
    (d) => {
      if (!isSocket(d)) return;
      const e = entry(d);
      inFlight.delete(d.requestId);
      // Chrome ends a refused upgrade (403, …) with an error too: the status says it better.
      e.hs.error = d.error ?? 'error';
      tell(e);
    },
    FILTER,
  );
}

function headers(list: WebRequestDetails['requestHeaders']): HttpHeader[] {
  return (list ?? []).map((h) => ({ name: h.name, value: h.value ?? '' }));
}
