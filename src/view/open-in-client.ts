/**
 * "Open in test client": the client page prefilled with a captured connection's URL and
 * subprotocols, and optionally its sent messages as saved messages (see src/client/main.tsx for
 * the query parameters).
 */
import type { Connection, FrameRow } from '../core/rows';
import { bytesToBase64 } from '../core/codec';
import { CLIENT_PAGE, clientQuery, type HandedFrame, type HandedMessage } from '../core/client-query';

/**
 * The client page path with its query (relative to the extension root). It opens in a tab of its
 * own (`tab=1`): laid out to fill the tab, not the popup's 800×600, and showing the URL it was
 * opened for even when another client tab is open.
 */
export function testClientPath(conn: Connection, frames: readonly FrameRow[], withSent: boolean): string {
  const saved: HandedMessage[] = [];
  if (withSent) {
    let n = 0;
    for (const row of frames) {
      const r = row.rec;
      if (row.connKey !== conn.key || r.dir !== 'sent' || r.truncated) continue;
      n++;
      const preview = r.opcode === 'text' ? r.data.replace(/\s+/g, ' ').slice(0, 30) : `${r.data.length} bytes`;
      saved.push(
        r.opcode === 'text'
          ? { name: `#${conn.index} sent ${n}: ${preview}`, data: r.data }
          : { name: `#${conn.index} sent ${n}: ${preview}`, data: bytesToBase64(r.data), binary: true },
      );
    }
  }
  // With the sent messages, the whole session too, to play against a server from the client.
  const session: HandedFrame[] = [];
  if (withSent) {
    let t0: number | null = null;
    for (const row of frames) {
      const r = row.rec;
      if (row.connKey !== conn.key) continue;
      if (r.truncated) break;
      t0 ??= r.time;
      const t = Math.round(r.time - t0);
      const d = r.dir === 'sent' ? 's' : 'r';
      session.push(r.opcode === 'text' ? { d, t, x: r.data } : { d, t, b: bytesToBase64(r.data) });
    }
  }
  return CLIENT_PAGE + clientQuery({ url: conn.url, protocols: conn.protocols, saved, session, tab: true });
}
