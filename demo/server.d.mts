/** Types for demo/server.mjs, so strict TypeScript (the e2e tests) can import it. */

/** One message the server received from a client. */
export interface ReceivedMessage {
  /** The exact payload bytes (UTF-8 bytes for text messages). */
  data: Buffer;
  isBinary: boolean;
  /** Date.now() when it arrived. */
  time: number;
}

/** A close the server did not start: the client's close frame, or 1006 when the link dropped. */
export interface ClientClose {
  code: number;
  reason: string;
  time: number;
}

/** One accepted WebSocket connection. */
export interface AcceptedConnection {
  /** Request target of the upgrade, e.g. "/echo?close=4000". */
  url: string;
  /** Subprotocols the client offered, in its order. */
  protocols: string[];
  /** The subprotocol the server selected ('' for none). */
  protocol: string;
  time: number;
}

/** What the server recorded, per WebSocket path (e.g. "/echo"; the query is not part of the key). */
export interface DemoStats {
  /** Messages received on `path`, oldest first (the last 10,000 and at most 64 MiB are kept). */
  received(path: string): ReceivedMessage[];
  /** Client-initiated closes on `path` (the last 10,000). */
  closes(path: string): ClientClose[];
  /** Connections accepted on `path` (the last 10,000). */
  connections(path: string): AcceptedConnection[];
  /** Forgets everything recorded so far. */
  reset(): void;
}

export interface DemoServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Pace of the /chat bot in ms; default 3000, 0 disables the bot. */
  botIntervalMs?: number;
  /**
   * More static directories by URL prefix, e.g. { '/e2e/': 'e2e/pages' } (prefixes start and end
   * with "/"; demo/public/ stays at "/"). Pages served here are loopback pages to Chromium, so its
   * Local Network Access checks let them open sockets to 127.0.0.1; pages fulfilled through
   * Playwright's request interception count as public and their sockets to 127.0.0.1 are blocked.
   */
  mounts?: Record<string, string>;
}

export interface DemoServer {
  port: number;
  /** e.g. "http://127.0.0.1:8080" (no trailing slash). */
  httpUrl: string;
  /** e.g. "ws://127.0.0.1:8080" (no trailing slash). */
  wsUrl: string;
  /** Terminates every socket and stops the server; safe to call more than once. */
  close(): Promise<void>;
  stats: DemoStats;
}

export function startDemoServer(options?: DemoServerOptions): Promise<DemoServer>;

/** A 127.0.0.1 port that nothing listens on, for "connection refused" tests. */
export function closedPort(): Promise<number>;

/** The payload /binary sends as its `counter`-th frame (1-based): 16–600 bytes, BE u32 header. */
export function binaryFrame(counter: number): Buffer;

/** The payload of /flood message `i` (0-based): "i:" padded with "x" (or cut) to `size` bytes. */
export function floodMessage(i: number, size: number): string;

/** Holds a page's answer for `?delay=MS` (at most 10 s), as the demo server does. */
export function holdIfAsked(url: string | undefined): Promise<void>;
