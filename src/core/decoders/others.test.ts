/**
 * Protocols with no Node server in the npm registry that could run here (SignalR is .NET, Phoenix
 * is Elixir, Action Cable is Rails, WAMP routers are Python/Java): built from the message shapes
 * in each protocol's documentation, as their own clients send them.
 */
import { describe, expect, it } from 'vitest';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { decodeConnection, pairFrames } from './index';
import type { DecodeInput } from './types';

let nextId = 1;
const t = (dir: 'sent' | 'received', data: string | Uint8Array, time = nextId * 10): DecodeInput => ({ id: nextId++, dir, opcode: typeof data === 'string' ? 'text' : 'binary', data, time });
const pairs = (frames: DecodeInput[], decoded: ReturnType<typeof decodeConnection>['decoded']) => pairFrames(frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
const RS = '\u001e';

describe('SignalR JSON hub protocol', () => {
  const frames = [
    t('sent', `{"protocol":"json","version":1}${RS}`),
    t('received', `{}${RS}`),
    t('sent', `{"type":1,"invocationId":"0","target":"SendMessage","arguments":["ada","hi"]}${RS}`),
    t('received', `{"type":1,"target":"ReceiveMessage","arguments":["ada","hi"]}${RS}{"type":3,"invocationId":"0","result":null}${RS}`),
    t('sent', `{"type":4,"invocationId":"1","target":"Counter","arguments":[3]}${RS}`),
    t('received', `{"type":2,"invocationId":"1","item":0}${RS}{"type":2,"invocationId":"1","item":1}${RS}`),
    t('received', `{"type":3,"invocationId":"1"}${RS}`),
    t('received', `{"type":6}${RS}`),
    t('received', `{"type":1,"target":"broken"`),
    t('received', `{"type":7,"error":"Server closed"}${RS}`),
  ];
  const { session, decoded } = decodeConnection({ url: 'wss://x/chathub?id=abc' }, frames);

  it('is detected, splits on 0x1E and names invocations', () => {
    expect(session.active).toBe('signalr');
    expect(decoded.map((d) => d!.name)).toEqual(['handshake', 'handshake', 'SendMessage', 'ReceiveMessage, SendMessage', 'Counter', 'Counter', 'Counter', 'Ping', '', 'Close']);
    expect(decoded[8]!.error).toBe('SignalR message not terminated by 0x1E');
  });

  it('pairs the handshake, invocations and streams', () => {
    const p = pairs(frames, decoded);
    expect(p.exchanges.map((e) => `${e.name}:${e.responses.length}:${e.done}`)).toEqual(['handshake:1:true', 'SendMessage:1:true', 'Counter:3:true']);
  });
});

describe('Phoenix Channels', () => {
  it('reads v2 arrays and pairs replies by ref', () => {
    const frames = [
      t('sent', '["3","3","room:lobby","phx_join",{"token":"x"}]'),
      t('received', '["3","3","room:lobby","phx_reply",{"status":"ok","response":{}}]'),
      t('sent', '["3","4","room:lobby","new_msg",{"body":"hello"}]'),
      t('received', '[null,null,"room:lobby","new_msg",{"body":"hello"}]'),
      t('received', '["3","4","room:lobby","phx_reply",{"status":"ok","response":{}}]'),
      t('sent', '[null,"5","phoenix","heartbeat",{}]'),
    ];
    const { session, decoded } = decodeConnection({ url: 'wss://x/socket/websocket?vsn=2.0.0' }, frames);
    expect(session.active).toBe('phoenix');
    expect(decoded.map((d) => d!.name)).toEqual(['phx_join', 'phx_reply', 'new_msg', 'new_msg', 'phx_reply', 'heartbeat']);
    expect(decoded[0]!.messages[0]!.value).toMatchObject({ topic: 'room:lobby', join_ref: '3', ref: '3', payload: { token: 'x' }, serializer: 'v2' });
    const p = pairs(frames, decoded);
    expect(p.exchanges.map((e) => `${e.name}:${e.responses.length}`)).toEqual(['phx_join:1', 'new_msg:1', 'heartbeat:0']);
    expect(p.unanswered.map((e) => e.name)).toEqual(['heartbeat']);
  });

  it('reads v1 objects', () => {
    const frames = [t('sent', '{"topic":"room:1","event":"phx_join","payload":{},"ref":"1"}'), t('received', '{"topic":"room:1","event":"phx_reply","payload":{"status":"error","response":{"reason":"unauthorized"}},"ref":"1"}')];
    const { decoded } = decodeConnection({ url: 'wss://x/socket/websocket' }, frames);
    expect(decoded[1]!.summary).toBe('room:1 phx_reply error {"reason":"unauthorized"}');
    expect(pairs(frames, decoded).unanswered).toEqual([]);
  });
});

describe('Action Cable', () => {
  it('reads commands, welcome/ping/confirm and broadcasts', () => {
    const id = JSON.stringify({ channel: 'ChatChannel', room: 'a' });
    const frames = [
      t('received', '{"type":"welcome"}'),
      t('sent', JSON.stringify({ command: 'subscribe', identifier: id })),
      t('received', JSON.stringify({ identifier: id, type: 'confirm_subscription' })),
      t('received', '{"type":"ping","message":1700000000}'),
      t('sent', JSON.stringify({ command: 'message', identifier: id, data: JSON.stringify({ action: 'speak', text: 'hi' }) })),
      t('received', JSON.stringify({ identifier: id, message: { text: 'hi' } })),
    ];
    const { session, decoded } = decodeConnection({ url: 'wss://x/cable', protocol: 'actioncable-v1-json' }, frames);
    expect(session.detected.by).toBe('subprotocol');
    expect(decoded.map((d) => d!.name)).toEqual(['welcome', 'ChatChannel', 'ChatChannel', 'ping', 'ChatChannel#speak', 'ChatChannel']);
    expect(decoded[4]!.messages[0]!.value).toMatchObject({ data: { action: 'speak', text: 'hi' }, identifier: { channel: 'ChatChannel', room: 'a' } });
    const p = pairs(frames, decoded);
    expect(p.exchanges.map((e) => `${e.name}:${e.responses.length}`)).toEqual(['ChatChannel:1']);
  });
});

describe('Action Cable detection', () => {
  it("is detected from Action Cable's own frames, not from any JSON whose type is ping or welcome", () => {
    const id = JSON.stringify({ channel: 'ChatChannel' });
    const cable = decodeConnection({}, [t('received', '{"type":"welcome","sid":"abc"}'), t('received', '{"type":"ping","message":1700000000}'), t('received', JSON.stringify({ identifier: id, type: 'confirm_subscription' }))]);
    expect(cable.session.active).toBe('actioncable');
    for (const text of ['{"type":"ping","id":7}', '{"type":"welcome","session":"s-1"}', '{"type":"confirm_subscription"}']) {
      const { session, decoded } = decodeConnection({}, [t('received', text)]);
      expect(session.active, text).not.toBe('actioncable');
      expect(decoded[0]?.summary ?? '', text).not.toContain('undefined');
    }
  });
});

describe('WAMP', () => {
  it('reads JSON messages, names calls by URI and pairs request ids', () => {
    const frames = [
      t('sent', '[1,"realm1",{"roles":{"caller":{}}}]'),
      t('received', '[2,9129137332,{"roles":{"broker":{}}}]'),
      t('sent', '[48,7814135,{},"com.myapp.ping"]'),
      t('received', '[50,7814135,{},["pong"]]'),
      t('sent', '[32,713845233,{},"com.myapp.topic1"]'),
      t('received', '[33,713845233,5512315355]'),
      t('received', '[36,5512315355,4429313566,{},["Hello"]]'),
      t('sent', '[48,7814136,{},"com.myapp.fail"]'),
      t('received', '[8,48,7814136,{},"com.myapp.error.oops"]'),
    ];
    const { session, decoded } = decodeConnection({ protocol: 'wamp.2.json' }, frames);
    expect(session.active).toBe('wamp');
    expect(decoded.map((d) => d!.name)).toEqual(['realm1', 'WELCOME', 'com.myapp.ping', 'com.myapp.ping', 'com.myapp.topic1', 'com.myapp.topic1', 'subscription 5512315355', 'com.myapp.fail', 'com.myapp.fail']);
    const p = pairs(frames, decoded);
    expect(p.exchanges.map((e) => `${e.name}:${e.responses.length}`)).toEqual(['realm1:1', 'com.myapp.ping:1', 'com.myapp.topic1:1', 'com.myapp.fail:1']);
    expect(decoded[8]!.summary).toBe('ERROR CALL #7814136 com.myapp.error.oops');
  });

  it('reads wamp.2.msgpack', () => {
    const frames = [t('sent', msgpackEncode([48, 1, {}, 'com.a.b', [1, 2]])), t('received', msgpackEncode([50, 1, {}, [3]]))];
    const { decoded } = decodeConnection({ protocol: 'wamp.2.msgpack' }, frames);
    expect(decoded.map((d) => d!.name)).toEqual(['com.a.b', 'com.a.b']);
  });
});
