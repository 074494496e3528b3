// A minimal Pusher Channels server (the protocol of pusher.com and soketi: JSON messages
// `{event, channel?, data}`, the server's `data` a JSON string), for the end-to-end protocol server
// (e2e/protocol-server.ts) and the protocol fixture recorder (scripts/capture-protocol-fixtures.mjs);
// the client is the real pusher-js.
//
// On connect: pusher:connection_established. pusher:subscribe → pusher_internal:subscription_succeeded
// (a presence channel's with its members), except for a private- or presence- channel whose auth is
// not `key:ok`, refused with pusher:subscription_error as soketi does; on a public channel the
// server then sends the event `greeting`. A client- event on a private channel comes back as
// `echo`; pusher:ping → pusher:pong.

/**
 * @typedef {object} PusherSocket a `ws` WebSocket
 * @property {(event: 'message', listener: (data: Buffer) => void) => unknown} on
 * @property {(text: string) => void} send
 */

/** @param {PusherSocket} ws */
export function pusherConnection(ws) {
  /** @param {string} event @param {unknown} data @param {string} [channel] */
  const send = (event, data, channel) => ws.send(JSON.stringify({ event, ...(channel ? { channel } : {}), data: JSON.stringify(data) }));
  send('pusher:connection_established', { socket_id: '1234.5678', activity_timeout: 120 });
  ws.on('message', (raw) => {
    /** @type {{ event: string, channel?: string, data?: { channel?: string, auth?: string, channel_data?: string } }} */
    const m = JSON.parse(raw.toString('utf8'));
    const channel = m.data?.channel ?? '';
    if (m.event === 'pusher:ping') ws.send(JSON.stringify({ event: 'pusher:pong', data: {} }));
    else if (m.event === 'pusher:subscribe') {
      if (/^(private|presence)-/.test(channel) && m.data?.auth !== 'key:ok') {
        ws.send(JSON.stringify({ event: 'pusher:subscription_error', channel, data: { type: 'AuthError', error: 'The connection is unauthorized.', status: 401 } }));
      } else if (channel.startsWith('presence-')) {
        const me = JSON.parse(m.data?.channel_data ?? '{}');
        send('pusher_internal:subscription_succeeded', { presence: { count: 1, ids: [me.user_id], hash: { [me.user_id]: me.user_info ?? null } } }, channel);
      } else {
        send('pusher_internal:subscription_succeeded', {}, channel);
        if (!channel.startsWith('private-')) send('greeting', { text: 'hello pusher' }, channel);
      }
    } else if (m.event.startsWith('client-') && m.channel) send('echo', m.data, m.channel);
  });
}
