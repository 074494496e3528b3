// WebSocket Lens demo page. The chat socket was opened by the inline script in <head>
// (window.demo); everything else is opened here. All URLs follow location.host, so any port works.
'use strict';

const demo = window.demo;
const $ = (id) => document.getElementById(id);

function setStatus(el, state) {
  el.textContent = state;
  el.dataset.state = state;
}

/** Appends an <li> to a list, keeping at most `max` items. */
function appendItem(list, text, className, max = 200) {
  const li = document.createElement('li');
  li.textContent = text;
  if (className) li.className = className;
  list.append(li);
  while (list.children.length > max) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

const clock = (time) => new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const closeText = (e) => `closed — code ${e.code}${e.reason ? ` “${e.reason}”` : ''}${e.wasClean ? '' : ' (not clean)'}`;

/**
 * Opens a socket with `handlers` ({open, message, close, error}, each optional) and shows its
 * state in `statusEl`. Returns the WebSocket.
 */
function connect(path, { statusEl, protocols, binaryType, ...handlers }) {
  const ws = protocols ? new WebSocket(demo.base + path, protocols) : new WebSocket(demo.base + path);
  if (binaryType) ws.binaryType = binaryType;
  setStatus(statusEl, 'connecting');
  ws.addEventListener('open', (e) => {
    setStatus(statusEl, 'open');
    handlers.open?.(e);
  });
  ws.addEventListener('message', (e) => handlers.message?.(e));
  ws.addEventListener('error', (e) => {
    setStatus(statusEl, 'error');
    handlers.error?.(e);
  });
  ws.addEventListener('close', (e) => {
    if (statusEl.dataset.state !== 'error') setStatus(statusEl, 'closed');
    handlers.close?.(e);
  });
  return ws;
}

// ───────────── chat ─────────────
{
  const list = $('chat-messages');
  const status = $('chat-status');
  const toggle = $('chat-toggle');
  const nick = $('nick');
  nick.value = demo.user;

  const handle = (event) => {
    const ws = event.target;
    if (ws !== demo.chat) return; // an event of a socket we already replaced
    if (event.type === 'open') setStatus(status, 'open');
    if (event.type === 'error') setStatus(status, 'error');
    if (event.type === 'close') {
      if (status.dataset.state !== 'error') setStatus(status, 'closed');
      appendItem(list, `— ${closeText(event)}`, 'system');
      toggle.textContent = 'Join';
    }
    if (event.type !== 'message') return;
    let msg;
    try {
      msg = JSON.parse(event.data);
    } catch {
      return appendItem(list, String(event.data), 'system');
    }
    if (msg.type === 'chat') {
      appendItem(
        list,
        `[${clock(msg.time)}] ${msg.user}: ${msg.text}`,
        msg.user === nick.value ? 'mine' : msg.user === 'lens-bot' ? 'bot' : '',
      );
    } else if (msg.type === 'welcome') {
      appendItem(list, `${msg.text} You are ${msg.user}.`, 'system');
    } else if (msg.type === 'join') {
      appendItem(list, `${msg.user} 님이 입장하셨습니다. (${msg.count} online)`, 'system');
    } else if (msg.type === 'leave') {
      appendItem(list, `${msg.user} 님이 퇴장하셨습니다. (${msg.count} online)`, 'system');
    } else if (msg.type === 'nick') {
      appendItem(list, `${msg.from} is now ${msg.user}.`, 'system');
    } else {
      appendItem(list, event.data, 'system');
    }
  };

  const join = () => {
    demo.chat = connect(`/chat?user=${encodeURIComponent(nick.value)}`, {
      statusEl: status,
      open: handle,
      message: handle,
      error: handle,
      close: handle,
    });
    toggle.textContent = 'Leave';
  };

  // Take over the socket of the inline script, replaying what happened before this file ran.
  demo.handler = handle;
  setStatus(status, ['connecting', 'open', 'closing', 'closed'][demo.chat.readyState]);
  for (const event of demo.backlog.splice(0)) handle(event);

  $('chat-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('chat-input');
    if (!input.value || demo.chat.readyState !== WebSocket.OPEN) return;
    demo.chat.send(JSON.stringify({ type: 'chat', text: input.value }));
    input.value = '';
  });
  $('nick-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const user = nick.value.trim();
    if (!user) return;
    sessionStorage.setItem('wslens-demo-user', user);
    if (demo.chat.readyState === WebSocket.OPEN) demo.chat.send(JSON.stringify({ type: 'nick', user }));
  });
  toggle.addEventListener('click', () => {
    if (demo.chat.readyState === WebSocket.OPEN || demo.chat.readyState === WebSocket.CONNECTING) demo.chat.close(1000, 'left the room');
    else join();
  });
}

// ───────────── ticker ─────────────
{
  const status = $('ticker-status');
  const rows = $('ticker-rows');
  const toggle = $('ticker-toggle');
  const cells = new Map();
  let ws;

  const row = (symbol) => {
    let entry = cells.get(symbol);
    if (!entry) {
      const tr = rows.insertRow();
      const [name, price, change, count] = [0, 1, 2, 3].map(() => tr.insertCell());
      name.textContent = symbol;
      entry = { price, change, count, updates: 0 };
      cells.set(symbol, entry);
    }
    return entry;
  };
  const start = () => {
    ws = connect('/ticker', {
      statusEl: status,
      message(e) {
        const tick = JSON.parse(e.data);
        if (tick.type !== 'tick') return;
        const entry = row(tick.symbol);
        entry.price.textContent = tick.price.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        entry.change.textContent = `${tick.change >= 0 ? '+' : ''}${tick.change.toFixed(2)}`;
        entry.change.className = tick.change >= 0 ? 'up' : 'down';
        entry.count.textContent = String(++entry.updates);
      },
      close() {
        toggle.textContent = 'Resume';
      },
    });
    toggle.textContent = 'Pause';
  };
  toggle.addEventListener('click', () => (ws.readyState <= WebSocket.OPEN ? ws.close(1000, 'paused by user') : start()));
  start();
}

// ───────────── binary ─────────────
{
  const status = $('binary-status');
  const toggle = $('binary-toggle');
  let frames = 0;
  let bytes = 0;
  let ws;

  const start = () => {
    ws = connect('/binary', {
      statusEl: status,
      binaryType: 'arraybuffer',
      message(e) {
        const view = new DataView(e.data);
        frames += 1;
        bytes += e.data.byteLength;
        $('binary-frames').textContent = frames.toLocaleString();
        $('binary-bytes').textContent = bytes.toLocaleString();
        $('binary-counter').textContent = String(view.getUint32(0));
        $('binary-size').textContent = `${e.data.byteLength} B`;
        $('binary-hex').textContent = [...new Uint8Array(e.data, 0, Math.min(24, e.data.byteLength))]
          .map((b) => b.toString(16).padStart(2, '0'))
          .join(' ');
      },
      close() {
        toggle.textContent = 'Start';
      },
    });
    toggle.textContent = 'Stop';
  };
  toggle.addEventListener('click', () => (ws.readyState <= WebSocket.OPEN ? ws.close(1000, 'stopped by user') : start()));
  start();
}

// ───────────── closer ─────────────
{
  const status = $('closer-status');
  const result = $('closer-result');
  const start = () => {
    result.textContent = '';
    connect('/closer?after=5000&code=4001&reason=session%20expired', {
      statusEl: status,
      message(e) {
        const msg = JSON.parse(e.data);
        $('closer-text').textContent = msg.type === 'countdown' ? `Closing in ${Math.ceil(msg.remaining / 1000)} s…` : msg.text;
      },
      close(e) {
        $('closer-text').textContent = 'The server ended the session.';
        result.textContent = closeText(e);
      },
    });
  };
  $('closer-again').addEventListener('click', start);
  start();
}

// ───────────── reject ─────────────
{
  const status = $('reject-status');
  const result = $('reject-result');
  const start = () => {
    result.textContent = '';
    connect('/reject', {
      statusEl: status,
      error() {
        result.textContent = 'error event (the server refused the upgrade)';
      },
      close(e) {
        result.textContent += ` — ${closeText(e)}`;
      },
    });
  };
  $('reject-again').addEventListener('click', start);
  start();
}

// ───────────── echo and subprotocol ─────────────
{
  const status = $('echo-status');
  const log = $('echo-log');
  const describe = (data) => (typeof data === 'string' ? `text “${data}”` : `binary ${data.byteLength} B`);
  let ws;

  const start = (path) => {
    ws = connect(path, {
      statusEl: status,
      binaryType: 'arraybuffer',
      message: (e) => appendItem(log, `← ${describe(e.data)}`, '', 50),
      close: (e) => appendItem(log, `— ${closeText(e)}`, 'system', 50),
    });
  };
  const send = (data) => {
    if (ws.readyState !== WebSocket.OPEN) start('/echo?close=4000&reason=bye%20from%20the%20server');
    const go = () => {
      ws.send(data);
      appendItem(log, `→ ${describe(data)}`, 'mine', 50);
    };
    if (ws.readyState === WebSocket.OPEN) go();
    else ws.addEventListener('open', go, { once: true });
  };

  $('echo-form').addEventListener('submit', (e) => {
    e.preventDefault();
    send($('echo-input').value);
  });
  $('echo-binary').addEventListener('click', () => {
    // The text's UTF-8 bytes followed by two bytes that are never valid UTF-8.
    const text = new TextEncoder().encode($('echo-input').value);
    const bytes = new Uint8Array(text.length + 2);
    bytes.set(text);
    bytes.set([0xff, 0xfe], text.length);
    send(bytes.buffer);
  });
  // The server closes with 4000 when it receives "close-me" (see ?close= above).
  $('echo-close').addEventListener('click', () => send('close-me'));
  start('/echo?close=4000&reason=bye%20from%20the%20server');

  // /proto picks the first offered protocol it knows (chat.v2 here, since chat.v3 is unknown).
  const proto = new WebSocket(`${demo.base}/proto`, ['chat.v3', 'chat.v2', 'chat.v1']);
  proto.addEventListener('open', () => {
    $('proto-result').textContent = `Subprotocol: offered chat.v3, chat.v2, chat.v1 — server selected “${proto.protocol}”.`;
    proto.send(`hello over ${proto.protocol}`);
  });
  proto.addEventListener('error', () => ($('proto-result').textContent = 'Subprotocol: negotiation failed.'));
}
