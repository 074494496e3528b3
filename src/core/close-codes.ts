/**
 * WebSocket close codes: RFC 6455 §7.4 and the IANA "WebSocket Close Code Number Registry".
 *
 * Ranges (RFC 6455 §7.4.2):
 *   0–999       not used                                   → 'invalid'
 *   1000–1015   defined by the protocol (table below)       → 'standard' (1004: 'reserved')
 *   1016–2999   reserved for the protocol, its revisions
 *               and extensions; currently unassigned       → 'reserved'
 *   3000–3999   registered with IANA by libraries/frameworks → 'registered'
 *   4000–4999   private use, meaning agreed by the app     → 'private'
 *   ≥ 5000, negative, non-integer, NaN                     → 'invalid'
 *
 * Pure data and functions: safe in pages, extension contexts and Node.
 */

export type CloseCodeCategory = 'standard' | 'reserved' | 'registered' | 'private' | 'invalid';

export interface CloseCodeInfo {
  code: number;
  /** Short name, e.g. "Normal Closure". */
  name: string;
  /** One English sentence explaining the code. */
  meaning: string;
  category: CloseCodeCategory;
  /**
   * A page may pass it to `WebSocket.prototype.close(code)`: only 1000 and 3000–4999
   * (any other code makes close() throw an InvalidAccessError).
   */
  sendable: boolean;
  /**
   * It can travel in a Close frame. False for the three pseudo-codes RFC 6455 reserves for local
   * reporting (1005 No Status Received, 1006 Abnormal Closure, 1015 TLS Handshake), which an
   * endpoint generates itself and must never send, and for 'invalid' values, which are not
   * close codes at all.
   */
  onWire: boolean;
}

function entry(code: number, name: string, meaning: string, extra?: Partial<CloseCodeInfo>): CloseCodeInfo {
  return Object.freeze({
    code,
    name,
    meaning,
    category: 'standard' as CloseCodeCategory,
    sendable: code === 1000,
    onWire: true,
    ...extra,
  });
}

/** The codes 1000–1015 defined by RFC 6455 and the IANA registry, in numeric order. */
export const CLOSE_CODES: readonly CloseCodeInfo[] = Object.freeze([
  entry(1000, 'Normal Closure', 'The connection was closed normally because its purpose has been fulfilled.'),
  entry(1001, 'Going Away', 'The endpoint is going away, for example a server shutting down or a browser navigating away from the page.'),
  entry(1002, 'Protocol Error', 'The endpoint is terminating the connection because of a WebSocket protocol error.'),
  entry(1003, 'Unsupported Data', 'The endpoint received a type of data it cannot accept, for example binary data at a text-only endpoint.'),
  entry(1004, 'Reserved', 'Reserved by RFC 6455 with no defined meaning; a future revision of the protocol may define one.', {
    category: 'reserved',
  }),
  entry(1005, 'No Status Received', 'The Close frame carried no status code; the browser reports this itself and it is never sent on the wire.', {
    onWire: false,
  }),
  entry(1006, 'Abnormal Closure', 'The connection was lost without a Close frame (network failure, failed handshake or protocol failure); the browser reports this itself and it is never sent on the wire.', {
    onWire: false,
  }),
  entry(1007, 'Invalid Frame Payload Data', 'The endpoint received data inconsistent with the message type, for example invalid UTF-8 in a text message.'),
  entry(1008, 'Policy Violation', 'The endpoint received a message that violates its policy; this is the generic refusal when no more specific code applies.'),
  entry(1009, 'Message Too Big', 'The endpoint received a message too big for it to process.'),
  entry(1010, 'Mandatory Extension', 'The client is closing because the server did not negotiate an extension the client requires.'),
  entry(1011, 'Internal Error', 'The server hit an unexpected condition that prevented it from fulfilling the request.'),
  entry(1012, 'Service Restart', 'The server is restarting; the client may reconnect after a short delay.'),
  entry(1013, 'Try Again Later', 'The server is temporarily unable to serve the client, for example because it is overloaded; try again later.'),
  entry(1014, 'Bad Gateway', 'The server, acting as a gateway or proxy, received an invalid response from the upstream server.'),
  entry(1015, 'TLS Handshake', 'The TLS handshake failed, for example because the server certificate could not be verified; the browser reports this itself and it is never sent on the wire.', {
    onWire: false,
  }),
]);

const BY_CODE: ReadonlyMap<number, CloseCodeInfo> = new Map(CLOSE_CODES.map((c) => [c.code, c]));

/** Describes any number as a WebSocket close code. Never throws. */
export function describeCloseCode(code: number): CloseCodeInfo {
  const known = BY_CODE.get(code);
  if (known) return known;
  if (!Number.isInteger(code) || code < 1000 || code >= 5000) {
    return {
      code,
      name: 'Invalid',
      meaning:
        Number.isInteger(code) && code >= 0 && code < 1000
          ? 'Codes 0–999 are not used by the WebSocket protocol, so this is not a valid close code.'
          : 'Valid close codes are whole numbers from 1000 to 4999, so this is not a valid close code.',
      category: 'invalid',
      sendable: false,
      onWire: false,
    };
  }
  if (code < 3000) {
    return {
      code,
      name: 'Reserved',
      meaning: 'Reserved for future revisions and extensions of the WebSocket protocol, and currently unassigned.',
      category: 'reserved',
      sendable: false,
      onWire: true,
    };
  }
  if (code < 4000) {
    return {
      code,
      name: 'Registered',
      meaning: 'Registered with IANA for a library or framework, which defines its meaning.',
      category: 'registered',
      sendable: true,
      onWire: true,
    };
  }
  return {
    code,
    name: 'Private Use',
    meaning: 'Reserved for private use; its meaning is agreed between this application’s client and server.',
    category: 'private',
    sendable: true,
    onWire: true,
  };
}

const CATEGORY_LABEL: Record<Exclude<CloseCodeCategory, 'standard'>, string> = {
  reserved: 'reserved',
  registered: 'registered',
  private: 'private use',
  invalid: 'invalid',
};

/**
 * One-line label for a close code and reason, for lists and tooltips.
 *
 *   standard code:   `<code> <Name>`            1000 Normal Closure
 *                    `<code> <Name> "<reason>"` 1001 Going Away "server update"
 *   any other code:  `<code> (<category>)`      4001 (private use), 3000 (registered),
 *                                               1004 (reserved), 999 (invalid)
 *                    `<code> "<reason>" (<category>)`  4001 "bye" (private use)
 *   code null:       `(no code)`, `(no code) "<reason>"` — close() called without a code.
 *
 * The reason is omitted when empty, otherwise quoted JSON-style, so quotes, backslashes and
 * control characters (e.g. newlines) are escaped and the label stays on one line.
 */
export function formatCloseCode(code: number | null, reason = ''): string {
  const quoted = reason === '' ? '' : ' ' + JSON.stringify(reason);
  if (code === null) return '(no code)' + quoted;
  const info = describeCloseCode(code);
  if (info.category === 'standard') return `${code} ${info.name}${quoted}`;
  return `${code}${quoted} (${CATEGORY_LABEL[info.category]})`;
}

/**
 * A close in full, for hover text and details where the one-line summary is cut: the code, its
 * name, the reason as sent, and the code's meaning, e.g.
 * `1006 Abnormal Closure — The connection was lost without a Close frame (…)`.
 */
export function closeFullText(code: number, reason: string): string {
  const d = describeCloseCode(code);
  return `${code} ${d.name}${reason ? ` "${reason}"` : ''} — ${d.meaning}`;
}
