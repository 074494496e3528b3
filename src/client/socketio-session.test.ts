import { describe, expect, it } from 'vitest';
import { ClientLog } from './client-log';
import { DEFAULT_SIO, SioSession, engineUrl, parseArgs, parseAuth, type SioSettings } from './socketio-session';

function setup(settings: Partial<SioSettings> = {}) {
  const sent: Array<string | number[]> = [];
  const closes: Array<[number | undefined, string | undefined]> = [];
  const events = new ClientLog();
  let t = 1000;
  const intervals: Array<() => void> = [];
  const sio = new SioSession(
    { ...DEFAULT_SIO, ...settings },
    events,
    { send: (d) => (sent.push(typeof d === 'string' ? d : [...d]), true), close: (c, r) => closes.push([c, r]) },
    {
      now: () => t,
      setTimeout: () => 0,
      clearTimeout: () => {},
      setInterval: (fn) => intervals.push(fn),
      clearInterval: () => {},
    },
  );
  const frames = () => {
    events.flush();
    return events.store.rows.filter((r) => r.kind === 'frame').map((r) => (r.kind === 'frame' ? `${r.rec.dir} ${r.rec.data}` : ''));
  };
  return { sio, sent, closes, events, frames, tick: (ms: number) => (t += ms), intervals };
}

const bytes = (...b: number[]) => new Uint8Array(b).buffer;

describe('SioSession, protocol 5 (Engine.IO 4)', () => {
  it('connects its namespace with the auth payload after the open packet, emits with an ack and shows the ack with its latency', () => {
    const s = setup({ namespace: '/admin', auth: '{"token":"t"}' });
    s.sio.onOpen('ws://x/socket.io/?EIO=4&transport=websocket');
    s.sio.onMessage('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
    expect(s.sio.version).toBe('v4');
    expect(s.sent).toEqual(['40/admin,{"token":"t"}']);
    s.sio.onMessage('40/admin,{"sid":"b"}');
    expect(s.sio.phase).toBe('connected');
    expect(s.sio.emit('sum', [2, 3], true)).toBeNull();
    expect(s.sent[1]).toBe('42/admin,0["sum",2,3]');
    s.tick(12);
    s.sio.onMessage('43/admin,0[5]');
    s.sio.onMessage('2');
    expect(s.sent[2]).toBe('3');
    expect(s.frames()).toEqual(['sent ["sum",2,3]', 'received {"ack":0,"event":"sum","ms":12,"args":[5]}']);
  });

  it('sends binary arguments as attachments and shows received ones as {"$binary"}; listens only to chosen events', () => {
    const s = setup({ listen: ['file'] });
    s.sio.onOpen('ws://x/');
    s.sio.onMessage('0{"sid":"a","pingInterval":25000,"maxPayload":100}');
    s.sio.onMessage('40{"sid":"b"}');
    const args = parseArgs('[{"$binary":"AAH/"}, 1]');
    expect(args.ok).toBe(true);
    if (!args.ok) return;
    s.sio.emit('upload', args.value, false);
    expect(s.sent.slice(1)).toEqual(['451-["upload",{"_placeholder":true,"num":0},1]', [0, 1, 255]]);
    s.sio.onMessage('42["other",1]');
    s.sio.onMessage('451-["file",{"_placeholder":true,"num":0}]');
    s.sio.onMessage(bytes(9, 8));
    expect(s.frames()).toEqual(['sent ["upload",{"$binary":"AAH/"},1]', 'received ["file",{"$binary":"CQg="}]']);
  });

  it('reports a refused namespace and an unsupported server', () => {
    const s = setup();
    s.sio.onOpen('ws://x/');
    s.sio.onMessage('0{"sid":"a","maxPayload":1}');
    s.sio.onMessage('44{"message":"not authorized"}');
    expect(s.sio.phase).toBe('refused');
    expect(s.events.markers.at(-1)?.text).toBe('The server refused namespace /: "not authorized".');
    expect(s.sio.emit('x', [], false)).toContain('refused');

    const u = setup();
    u.sio.onOpen('ws://x/');
    u.sio.onMessage('1::');
    expect(u.events.markers.at(-1)?.text).toContain('it looks like Socket.IO 0.9');
    expect(u.closes).toEqual([[1000, 'unsupported Socket.IO version']]);
  });
});

describe('SioSession, protocol 4 (Engine.IO 3, socket.io v2)', () => {
  it('is detected from the open packet, pings, frames binary with 0x04 and waits for the server to connect "/"', () => {
    const s = setup();
    s.sio.onOpen('ws://x/');
    s.sio.onMessage('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":5000}');
    expect(s.sio.version).toBe('v2');
    expect(s.sent).toEqual([]);
    s.intervals[0]();
    expect(s.sent).toEqual(['2']);
    s.sio.onMessage('40');
    expect(s.sio.phase).toBe('connected');
    s.sio.emit('upload', [new Uint8Array([7])], false);
    expect(s.sent.slice(1)).toEqual(['451-["upload",{"_placeholder":true,"num":0}]', [4, 7]]);
    s.sio.onMessage('451-["file",{"_placeholder":true,"num":0}]');
    s.sio.onMessage(bytes(4, 1, 2));
    expect(s.frames().at(-1)).toBe('received ["file",{"$binary":"AQI="}]');
  });

  it('a closed connection before the open packet is not retried, and says what to choose', () => {
    const s = setup({ version: 'v2' });
    s.sio.onOpen('ws://x/');
    expect(s.sio.onClose(1006, '')).toContain('does not accept Engine.IO 3 (Socket.IO v2)');
  });
});

describe('inputs', () => {
  it('builds the engine URL, v2 auth as query parameters', () => {
    expect(engineUrl('http://h:3000', DEFAULT_SIO, null)).toEqual({ ok: true, value: 'ws://h:3000/socket.io/?EIO=4&transport=websocket' });
    expect(engineUrl('https://h/?a=1', { ...DEFAULT_SIO, version: 'v2', path: 'io' }, { token: 'x y', n: 1 })).toEqual({
      ok: true,
      value: 'wss://h/io/?a=1&EIO=3&transport=websocket&token=x+y&n=1',
    });
    expect(engineUrl('ftp://h', DEFAULT_SIO, null).ok).toBe(false);
  });

  it('checks the auth payload and the arguments', () => {
    expect(parseAuth('[1]')).toEqual({ ok: false, error: 'The auth payload must be a JSON object, e.g. {"token": "…"}.' });
    expect(parseAuth('')).toEqual({ ok: true, value: null });
    expect(parseArgs('{"a":1}')).toMatchObject({ ok: false, error: expect.stringContaining('must be a JSON array') });
    expect(parseArgs('[{"$binary":"***"}]')).toMatchObject({ ok: false, error: 'Not Base64 in {"$binary": "***"}.' });
  });
});
