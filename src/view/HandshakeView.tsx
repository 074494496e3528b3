/**
 * A connection's HTTP handshake as the browser saw it (the Connection tab's Handshake section):
 * why it failed, the request and response with their headers (cookies masked until revealed), the
 * time from request to response, the `Sec-WebSocket-Accept` check, and the subprotocols and
 * extensions asked for beside those agreed on. Without a seen handshake, in the live panel, the
 * control that asks for the host access it needs (`HandshakeAccess`).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Connection } from '../core/rows';
import type { HandshakeInfo, HttpHeader } from '../core/protocol';
import { checkAccept, extensionText, headerValue, failureReason, maskValue, negotiation, type AcceptCheck } from '../core/handshake';
import { formatDuration } from '../core/format';
import { ALL_SITES, hasHostAccess, hostAccessAvailable, onAccessChange, requestHostAccess, sitePatterns } from '../platform/host-access';

const COOKIE_HEADERS = new Set(['cookie', 'set-cookie']);

export function HandshakeView({ c, live }: { c: Connection; live: boolean }) {
  const hs = c.handshake;
  if (hs === undefined) {
    return (
      <section class="handshake" aria-label="Handshake">
        <h3>HTTP handshake</h3>
        <p class="empty">The browser&apos;s view of this handshake (headers, status, why it failed) was not seen.</p>
        {live && <HandshakeAccess c={c} />}
      </section>
    );
  }
  return <SeenHandshake hs={hs} pageProtocols={c.protocols} />;
}

function SeenHandshake({ hs, pageProtocols }: { hs: HandshakeInfo; pageProtocols: string[] }) {
  const [reveal, setReveal] = useState(false);
  const [accept, setAccept] = useState<AcceptCheck | null>(null);
  useEffect(() => {
    let live = true;
    void checkAccept(hs).then((r) => live && setAccept(r));
    return () => {
      live = false;
    };
  }, [hs]);
  const failure = failureReason(hs);
  const n = negotiation(hs, pageProtocols);
  const extensionsSeen = headerValue(hs.requestHeaders, 'Sec-WebSocket-Extensions') !== null;
  const hasCookies = [...hs.requestHeaders, ...hs.responseHeaders].some((h) => COOKIE_HEADERS.has(h.name.toLowerCase()));
  let path = hs.url;
  try {
    const u = new URL(hs.url);
    path = u.pathname + u.search;
  } catch {
    /* shown whole */
  }
  return (
    <section class="handshake" aria-label="Handshake">
      <h3>HTTP handshake</h3>
      {failure !== null && (
        <p class="hs-failure" role="status" aria-label="Why it failed">
          Failed: {failure}
        </p>
      )}
      <dl>
        <dt>Time</dt>
        <dd aria-label="Handshake time">
          {hs.responseTime !== null ? `${formatDuration(hs.responseTime - hs.requestTime)} from request to response` : hs.error ? 'no response' : 'waiting for the response'}
        </dd>
        <dt>Accept check</dt>
        <dd aria-label="Accept check">{accept === null ? '…' : acceptText(accept)}</dd>
        <dt>Subprotocol</dt>
        <dd aria-label="Subprotocol negotiation">
          requested {n.requestedProtocols.join(', ') || 'none'} · agreed {n.protocol || 'none'}
        </dd>
        <dt>Extensions</dt>
        <dd aria-label="Extensions negotiation">
          requested {extensionsSeen ? n.requestedExtensions.map(extensionText).join(', ') || 'none' : '(not shown by the browser)'} · agreed {n.extensions.map(extensionText).join(', ') || 'none'}
        </dd>
        {hs.source === 'debugger' && (
          <>
            <dt>Seen by</dt>
            <dd>the debugger (worker capture)</dd>
          </>
        )}
      </dl>
      {hasCookies && (
        <button type="button" aria-pressed={reveal} onClick={() => setReveal(!reveal)}>
          {reveal ? 'Mask cookies' : 'Reveal cookies'}
        </button>
      )}
      <h4>Request</h4>
      <pre class="hs-line" aria-label="Request line">{`GET ${path} HTTP/1.1`}</pre>
      <Headers label="Request headers" headers={hs.requestHeaders} reveal={reveal} />
      <h4>Response</h4>
      <pre class="hs-line" aria-label="Status line">
        {hs.statusLine || (hs.error ? `no response: ${hs.error}` : 'no response yet')}
      </pre>
      <Headers label="Response headers" headers={hs.responseHeaders} reveal={reveal} />
    </section>
  );
}

function acceptText(a: AcceptCheck): string {
  switch (a.state) {
    case 'ok':
      return `✓ Sec-WebSocket-Accept ${a.accept} matches the key (RFC 6455 §4.2.2)`;
    case 'mismatch':
      return `✗ Sec-WebSocket-Accept ${a.accept || '(missing)'} does not match the key: expected ${a.expected}`;
    case 'unknown':
      return `not checked: ${a.why}`;
  }
}

function Headers({ label, headers, reveal }: { label: string; headers: HttpHeader[]; reveal: boolean }) {
  if (headers.length === 0) return <p class="empty">No headers.</p>;
  return (
    <table class="hs-headers" aria-label={label}>
      <tbody>
        {headers.map((h) => (
          <tr>
            <th scope="row">{h.name}</th>
            <td>{COOKIE_HEADERS.has(h.name.toLowerCase()) && !reveal ? maskValue(h.value) : h.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The control that asks for host access: what it reads and why, for all sites or only this one.
 * Granting applies to sockets opened from then on.
 */
function HandshakeAccess({ c }: { c: Connection }) {
  const site = sitePatterns(c.frameUrl, c.url);
  const [granted, setGranted] = useState<'all' | 'site' | 'none' | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const check = () =>
      void (async () => {
        if (await hasHostAccess(ALL_SITES)) setGranted('all');
        else setGranted((await hasHostAccess(site)) ? 'site' : 'none');
      })();
    check();
    return onAccessChange(check);
  }, [site.join(' ')]);
  if (!hostAccessAvailable()) {
    return (
      <p class="hs-access" aria-label="Handshake access">
        To see handshakes, grant WebSocket Lens access to websites: in Firefox, about:addons → WebSocket Lens → Permissions, or pop this panel out and
        ask from there.
      </p>
    );
  }
  const ask = (origins: string[]) => {
    setError('');
    requestHostAccess(origins).then(
      (ok) => !ok && setError('Not granted.'),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <div class="hs-access" role="group" aria-label="Handshake access">
      {granted === 'all' || granted === 'site' ? (
        <p>
          Access granted ({granted === 'all' ? 'all sites' : 'this site'}): handshakes are shown for sockets opened from now on. Reload the page to
          see this one&apos;s.
        </p>
      ) : (
        <>
          <p>
            To show each socket&apos;s HTTP handshake (request and response headers, cookies included, the status, and why a connection failed),
            WebSocket Lens needs to read the requests of the sites involved. It reads only WebSocket handshakes; nothing leaves the browser.
          </p>
          <button type="button" onClick={() => ask(ALL_SITES)}>
            Allow for all sites
          </button>{' '}
          <button type="button" disabled={site.length === 0} onClick={() => ask(site)}>
            Allow for this site only
          </button>
          {error && <span role="alert"> {error}</span>}
        </>
      )}
    </div>
  );
}
