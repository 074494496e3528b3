/**
 * Matching the handshakes the browser's network layer reports for a frame to the connections its
 * hook recorded (pure; one matcher per document, in the relay).
 *
 * The two arrive separately and in either order: the hook's connection record (the page called
 * `new WebSocket`) and the background's notices about a request (`requestId`), sent again as the
 * request goes on (headers sent, response, error). The first notice of a request is matched to a
 * connection of the same URL made shortly before it, in order: requests start in the order the
 * page made its sockets, and the background sends the first notice of each as its headers are
 * sent, so the n-th request to a URL is the n-th socket to it. A connection that asked for the
 * subprotocols the request carries is preferred, so two sockets to one URL made in the same
 * millisecond get their own handshakes even if their notices cross. Later notices of a matched
 * request go straight to its connection.
 */
import type { HandshakeInfo } from './protocol';
import { headerValue, parseList } from './handshake';

export interface MatchConnection {
  conn: number;
  url: string;
  /** Epoch ms of `new WebSocket`. */
  time: number;
  protocols: string[];
}

/** A request may start a little before the hook's clock says the socket was made (two clocks). */
const CLOCK_SKEW_MS = 50;
/** …and not long after it. */
const MAX_DELAY_MS = 30_000;
/** Bounds on what waits for its other half (a socket the browser never reported, a request of a socket the hook did not see). */
const MAX_WAITING = 256;

export class HandshakeMatcher {
  private readonly waitingConns: MatchConnection[] = [];
  private readonly waitingHandshakes: HandshakeInfo[] = [];
  private readonly connOfRequest = new Map<string, number>();

  constructor(private readonly emit: (conn: number, hs: HandshakeInfo) => void) {}

  connection(c: MatchConnection): void {
    this.waitingConns.push(c);
    if (this.waitingConns.length > MAX_WAITING) this.waitingConns.shift();
    this.drain();
  }

  handshake(hs: HandshakeInfo): void {
    const conn = this.connOfRequest.get(hs.requestId);
    if (conn !== undefined) {
      this.emit(conn, hs);
      return;
    }
    const i = this.waitingHandshakes.findIndex((w) => w.requestId === hs.requestId);
    if (i >= 0) this.waitingHandshakes[i] = hs;
    else {
      this.waitingHandshakes.push(hs);
      if (this.waitingHandshakes.length > MAX_WAITING) this.waitingHandshakes.shift();
    }
    this.drain();
  }

  private drain(): void {
    for (let i = 0; i < this.waitingHandshakes.length; ) {
      const hs = this.waitingHandshakes[i] as HandshakeInfo;
      const at = this.pick(hs);
      if (at < 0) {
        i++;
        continue;
      }
      const c = this.waitingConns.splice(at, 1)[0] as MatchConnection;
      this.waitingHandshakes.splice(i, 1);
      this.connOfRequest.set(hs.requestId, c.conn);
      this.emit(c.conn, hs);
    }
  }

  /** The waiting connection this handshake belongs to (its index), or -1. */
  private pick(hs: HandshakeInfo): number {
    const url = sameOrigin(hs.url);
    const asked = parseList(headerValue(hs.requestHeaders, 'Sec-WebSocket-Protocol')).join(',');
    let first = -1;
    for (let i = 0; i < this.waitingConns.length; i++) {
      const c = this.waitingConns[i] as MatchConnection;
      if (sameOrigin(c.url) !== url) continue;
      if (c.time > hs.requestTime + CLOCK_SKEW_MS || hs.requestTime - c.time > MAX_DELAY_MS) continue;
      // Headers not seen yet (an error before they were sent): order alone decides.
      if (hs.requestHeaders.length === 0 || c.protocols.join(',') === asked) return i;
      if (first < 0) first = i;
    }
    return first;
  }
}

/** A URL as both sides spell it: Firefox reports a socket's request with http(s):, the page says ws(s):. */
function sameOrigin(url: string): string {
  return url.replace(/^http(s?):/i, 'ws$1:');
}
