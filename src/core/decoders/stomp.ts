/**
 * STOMP 1.0–1.2 frames: COMMAND, header lines, a blank line, the body, NUL. One WebSocket message
 * may hold several frames (and heart-beat EOLs between them). A `content-length` header gives the
 * body length (a body may then contain NUL). Header values are unescaped as in 1.2 (\\n \\c \\\\ \\r),
 * except in CONNECT/CONNECTED.
 */
import type { DecodedMessage, DecodeInput, Decoder } from './types';
import { bytesOf, oneLine, preview, stateless, textOf, tryJson } from './util';

const STOMP_COMMANDS = new Set([
  'CONNECT', 'STOMP', 'CONNECTED', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT', 'MESSAGE', 'RECEIPT', 'ERROR',
]);

export interface StompFrame {
  command: string;
  headers: Record<string, string>;
  /** Headers in order, repeated ones included. */
  headerList: [string, string][];
  body: string | Uint8Array;
}

const dec = new TextDecoder('utf-8', { fatal: false });
const strict = new TextDecoder('utf-8', { fatal: true });

function unescape(s: string): string {
  return s.replace(/\\([nrc\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 'c' ? ':' : '\\'));
}

/** Parses every STOMP frame in `bytes`. Throws on malformed input. */
export function parseStomp(bytes: Uint8Array): StompFrame[] {
  const frames: StompFrame[] = [];
  let pos = 0;
  const n = bytes.length;
  while (pos < n) {
    // Heart-beats / EOLs between frames.
    while (pos < n && (bytes[pos] === 10 || bytes[pos] === 13)) pos++;
    if (pos >= n) break;
    // Headers end at the first blank line.
    let headEnd = -1;
    let bodyStart = -1;
    for (let i = pos; i < n; i++) {
      if (bytes[i] === 10 && (bytes[i + 1] === 10 || (bytes[i + 1] === 13 && bytes[i + 2] === 10))) {
        headEnd = i;
        bodyStart = bytes[i + 1] === 10 ? i + 2 : i + 3;
        break;
      }
      if (bytes[i] === 0) break;
    }
    if (headEnd < 0) throw new Error('STOMP frame without the blank line that ends its headers');
    const lines = dec.decode(bytes.subarray(pos, headEnd)).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const command = lines[0]!;
    if (!STOMP_COMMANDS.has(command)) throw new Error(`unknown STOMP command ${JSON.stringify(command.slice(0, 30))}`);
    const raw = command === 'CONNECT' || command === 'CONNECTED';
    const headers: Record<string, string> = {};
    const headerList: [string, string][] = [];
    for (const line of lines.slice(1)) {
      const c = line.indexOf(':');
      if (c < 0) throw new Error(`STOMP header line without a colon: ${JSON.stringify(line.slice(0, 40))}`);
      const k = raw ? line.slice(0, c) : unescape(line.slice(0, c));
      const v = raw ? line.slice(c + 1) : unescape(line.slice(c + 1));
      headerList.push([k, v]);
      if (!(k in headers)) headers[k] = v; // the first occurrence wins (STOMP 1.2)
    }
    let bodyEnd: number;
    const cl = headers['content-length'];
    if (cl !== undefined && /^\d+$/.test(cl)) {
      bodyEnd = bodyStart + Number(cl);
      if (bodyEnd >= n || bytes[bodyEnd] !== 0) throw new Error(`STOMP body shorter than its content-length ${cl} or not NUL-terminated`);
    } else {
      bodyEnd = bytes.indexOf(0, bodyStart);
      if (bodyEnd < 0) throw new Error('STOMP frame without its NUL terminator');
    }
    const bodyBytes = bytes.subarray(bodyStart, bodyEnd);
    let body: string | Uint8Array;
    try {
      body = strict.decode(bodyBytes);
    } catch {
      body = bodyBytes.slice();
    }
    frames.push({ command, headers, headerList, body });
    pos = bodyEnd + 1;
  }
  return frames;
}

export function stompMessage(f: StompFrame): DecodedMessage {
  const h = f.headers;
  const value: Record<string, unknown> = { command: f.command, headers: h, body: f.body };
  if (typeof f.body === 'string' && f.body && /json/i.test(h['content-type'] ?? 'json')) {
    const j = tryJson(f.body);
    if (j !== undefined) value.json = j;
  }
  if (f.headerList.length !== Object.keys(h).length) value.headerList = f.headerList;
  const body = typeof f.body === 'string' ? (f.body ? ` ${oneLine(preview(f.body, 80))}` : '') : ` <${f.body.length} bytes>`;
  const dest = h.destination ?? '';
  const base = { type: f.command, value };
  switch (f.command) {
    case 'CONNECT':
    case 'STOMP':
      return { ...base, name: h.host ?? f.command, summary: `${f.command} ${h['accept-version'] ? `accept-version ${h['accept-version']}` : ''}${h.host ? ` host ${h.host}` : ''}`.trim(), role: 'request', key: 'stomp:connect' };
    case 'CONNECTED':
      return { ...base, name: 'CONNECTED', summary: `CONNECTED version ${h.version ?? '1.0'}${h.server ? ` server ${h.server}` : ''}`, role: 'response', key: 'stomp:connect' };
    case 'RECEIPT':
      return { ...base, name: 'RECEIPT', summary: `RECEIPT ${h['receipt-id']}`, role: 'response', key: `stomp:receipt:${h['receipt-id']}` };
    case 'ERROR': {
      const summary = `ERROR ${h.message ?? ''}${body}`.trim();
      if (h['receipt-id'] !== undefined) return { ...base, name: 'ERROR', summary, role: 'response', key: `stomp:receipt:${h['receipt-id']}` };
      return { ...base, name: 'ERROR', summary, role: 'response', key: 'stomp:connect' };
    }
    default: {
      const name = dest || (h.id !== undefined ? `id ${h.id}` : h.transaction !== undefined ? `tx ${h.transaction}` : f.command);
      const summary = `${f.command}${dest ? ` ${dest}` : ''}${f.command === 'UNSUBSCRIBE' || f.command === 'ACK' || f.command === 'NACK' ? ` id ${h.id}` : ''}${body}${h.receipt !== undefined ? ` (receipt ${h.receipt})` : ''}`;
      if (h.receipt !== undefined) return { ...base, name, summary, role: 'request', key: `stomp:receipt:${h.receipt}` };
      return { ...base, name, summary, role: 'event' };
    }
  }
}

export function looksLikeStomp(text: string): boolean {
  const m = /^[\r\n]*([A-Z]+)\r?\n/.exec(text);
  return !!m && STOMP_COMMANDS.has(m[1]!);
}

export const stompDecoder: Decoder = {
  id: 'stomp',
  name: 'STOMP',
  subprotocols: ['v10.stomp', 'v11.stomp', 'v12.stomp', 'stomp'],
  urlScore: (url) => (/stomp/i.test(url) ? 0.4 : 0),
  sniff(frame: DecodeInput) {
    const t = textOf(frame).slice(0, 64);
    if (/^(CONNECT|STOMP)\r?\n/.test(t)) return 1;
    return looksLikeStomp(t) ? 0.8 : 0;
  },
  stateless: true,
  create: () =>
    stateless('stomp', (frame) => {
      const bytes = bytesOf(frame);
      if (bytes.length === 1 && (bytes[0] === 10 || bytes[0] === 13)) return [{ type: 'heart-beat', name: 'heart-beat', summary: 'heart-beat', value: null, role: 'event' }];
      if (bytes.length === 2 && bytes[0] === 13 && bytes[1] === 10) return [{ type: 'heart-beat', name: 'heart-beat', summary: 'heart-beat', value: null, role: 'event' }];
      return parseStomp(bytes).map(stompMessage);
    }),
};

