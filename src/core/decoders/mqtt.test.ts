import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import type { DecodedFrame, DecodeInput } from './types';
import { infoOf, loadFixture } from './fixtures.test-helper';

const pairsOf = (frames: DecodeInput[], decoded: (DecodedFrame | null)[]) =>
  pairFrames(frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
const messages = (decoded: (DecodedFrame | null)[]) => decoded.flatMap((d) => d?.messages ?? []);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The fixture's frames merged so that each frame holds exactly one whole packet. */
function onePacketPerFrame(frames: DecodeInput[], decoded: (DecodedFrame | null)[]): DecodeInput[] {
  const out: DecodeInput[] = [];
  const pending: Record<string, Uint8Array[]> = { sent: [], received: [] };
  frames.forEach((f, i) => {
    pending[f.dir]!.push(f.data as Uint8Array);
    if (decoded[i]!.messages.length) {
      out.push({ ...f, data: concat(pending[f.dir]!) });
      pending[f.dir] = [];
    }
  });
  return out;
}

describe('MQTT 3.1.1 (real aedes broker + mqtt client over ws)', () => {
  const fx = loadFixture('mqtt-311');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('is picked from the subprotocol and reassembles packets split across frames', () => {
    expect(session.detected).toMatchObject({ id: 'mqtt', by: 'subprotocol' });
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    const types = messages(decoded).map((m) => m.type);
    expect(types).toEqual([
      'CONNECT', 'CONNACK', 'SUBSCRIBE', 'SUBACK', 'PUBLISH', 'PUBACK', 'PUBLISH', 'PUBACK', 'PUBLISH', 'PUBLISH', 'PUBREC', 'PUBREC',
      'PUBREL', 'PUBREL', 'PUBCOMP', 'PUBCOMP', 'PUBLISH', 'PUBLISH', 'PUBLISH', 'PUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT',
    ]);
    // The mqtt client writes the header byte, the length and each field separately.
    expect(decoded[0]!.messages).toEqual([]);
    expect(decoded[0]!.note).toMatch(/continued in a later frame/);
    const connect = decoded.find((d) => d!.messages[0]?.type === 'CONNECT')!;
    expect(connect.partOf).toBe(1);
    expect(connect.messages[0]!.value).toMatchObject({ protocolId: 'MQTT', protocolVersion: 4, clientId: 'lens-311', keepalive: 60 });
  });

  it('names packets by topic and decodes payloads', () => {
    const pubs = messages(decoded).filter((m) => m.type === 'PUBLISH');
    expect(pubs.map((m) => m.name)).toEqual(['sensors/kitchen/temp', 'sensors/kitchen/temp', 'alerts/fire', 'alerts/fire', 'sensors/hall/temp', 'status/lens', 'sensors/hall/temp']);
    expect(pubs[0]!.value).toMatchObject({ qos: 1, payloadText: '{"c":21.5}', payloadJson: { c: 21.5 } });
    expect(Array.from((pubs[4]!.value as { payload: Uint8Array }).payload)).toEqual([0, 1, 2, 255]);
    expect(pubs[5]!.value).toMatchObject({ retain: true, payloadText: 'online' });
    const sub = messages(decoded).find((m) => m.type === 'SUBSCRIBE')!;
    expect(sub.name).toBe('sensors/+/temp, alerts/#');
    expect(sub.value).toMatchObject({ subscriptions: [{ topic: 'sensors/+/temp', qos: 1 }, { topic: 'alerts/#', qos: 2 }] });
  });

  it('pairs CONNECT/CONNACK, SUBSCRIBE/SUBACK, PUBLISH qos1/PUBACK, qos2 PUBREC and PUBREL/PUBCOMP, ping, both ways', () => {
    const p = pairsOf(fx.frames, decoded);
    expect(p.unanswered).toEqual([]);
    expect(p.orphans).toEqual([]);
    expect(p.exchanges.map((e) => `${e.dir === 'sent' ? '→' : '←'}${e.key.replace(/:\d+$/, '')}`)).toEqual([
      '→mqtt:connect', '→mqtt:sub', '→mqtt:pub', '←mqtt:pub', '→mqtt:pub', '←mqtt:pub', '→mqtt:rel', '←mqtt:rel', '→mqtt:pub', '→mqtt:unsub', '→mqtt:ping',
    ]);
    for (const e of p.exchanges) {
      const req = fx.frames.find((f) => f.id === e.request.frame)!;
      const res = fx.frames.find((f) => f.id === e.responses[0]!.frame)!;
      expect(e.latency).toBeCloseTo(res.time - req.time, 6);
      expect(res.dir).not.toBe(req.dir);
      expect(e.latency!).toBeGreaterThanOrEqual(0);
    }
    // The client's PUBLISH #n is acked by the broker's PUBACK #n.
    const pub = p.exchanges.find((e) => e.dir === 'sent' && e.key.startsWith('mqtt:pub'))!;
    const puback = decoded[fx.frames.findIndex((f) => f.id === pub.responses[0]!.frame)]!.messages[0]!;
    expect(puback.type).toBe('PUBACK');
    expect(puback.key).toBe(pub.key);
  });

  it('reads several packets in one WebSocket message', () => {
    const sent = fx.frames.filter((f) => f.dir === 'sent');
    const merged: DecodeInput = { ...sent[0]!, data: concat(sent.map((f) => f.data as Uint8Array)) };
    const { decoded: d } = decodeConnection(infoOf(fx), [merged]);
    expect(d[0]!.messages.map((m) => m.type)).toEqual(['CONNECT', 'SUBSCRIBE', 'PUBLISH', 'PUBACK', 'PUBLISH', 'PUBREC', 'PUBREL', 'PUBCOMP', 'PUBLISH', 'PUBLISH', 'UNSUBSCRIBE', 'PINGREQ', 'DISCONNECT']);
  });

  it('a truncated packet shows raw with a note and the stream resynchronises', () => {
    const whole = onePacketPerFrame(fx.frames, decoded);
    const i = whole.findIndex((f) => f.dir === 'sent' && (f.data as Uint8Array)[0] === 0x32); // PUBLISH qos1 from the client
    const cut = { ...whole[i]!, data: (whole[i]!.data as Uint8Array).subarray(0, 20) };
    const frames = [...whole.slice(0, i), cut, ...whole.slice(i + 1)];
    const { decoded: d } = decodeConnection(infoOf(fx), frames);
    expect(d[i]!.error).toMatch(/^truncated MQTT packet: 20 byte\(s\)/);
    expect(d[i]!.messages).toEqual([]);
    const after = d.slice(i + 1).filter((_x, k) => frames[i + 1 + k]!.dir === 'sent');
    expect(after.every((x) => !x!.error)).toBe(true);
    expect(after[0]!.messages[0]!.type).toBe('PUBACK');
    expect(after[1]!.messages[0]!.type).toBe('PUBLISH');
    expect(after[1]!.messages[0]!.name).toBe('alerts/fire');
    // Every packet but the cut one is still there.
    expect(messages(d).length).toBe(messages(decoded).length - 1);
  });

  it('garbage bytes are an error, and the next packet decodes', () => {
    const whole = onePacketPerFrame(fx.frames, decoded);
    const frames = [...whole.slice(0, 2), { ...whole[2]!, id: 500, data: new Uint8Array([0x00, 0x05, 1, 2, 3]) }, ...whole.slice(2)];
    const { decoded: d } = decodeConnection(infoOf(fx), frames);
    expect(d[2]!.error).toBe('reserved MQTT packet type 0');
    expect(d[3]!.messages[0]!.type).toBe('SUBSCRIBE');
    const bad = decodeConnection(infoOf(fx), [{ ...whole[0]!, id: 0, data: new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]) }, whole[0]!]).decoded;
    expect(bad[0]!.error).toBe('malformed MQTT remaining length');
    expect(bad[1]!.messages[0]!.type).toBe('CONNECT');
  });
});

describe('MQTT 5 (real mqtt client, mqtt-packet responder)', () => {
  const fx = loadFixture('mqtt-5');
  const { decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('decodes v5 properties and pairs the exchanges', () => {
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    const ms = messages(decoded);
    const connect = ms.find((m) => m.type === 'CONNECT')!;
    expect(connect.value).toMatchObject({ protocolVersion: 5, properties: { sessionExpiryInterval: 30, userProperties: { app: 'lens' } } });
    const connack = ms.find((m) => m.type === 'CONNACK')!;
    expect(connack.value).toMatchObject({ properties: { topicAliasMaximum: 10, receiveMaximum: 20 } });
    const pub = ms.find((m) => m.type === 'PUBLISH' && m.name === 'chat/room1' && m.role === 'request')!;
    expect(pub.value).toMatchObject({ payloadText: 'hello v5', properties: { contentType: 'text/plain', userProperties: { k: 'v' } } });
    const echoed = ms.find((m) => m.type === 'PUBLISH' && m.role === 'event')!;
    expect(echoed.value).toMatchObject({ properties: { userProperties: { via: 'responder' } } });
    const p = pairsOf(fx.frames, decoded);
    expect(p.unanswered).toEqual([]);
    expect(p.exchanges.map((e) => e.key.replace(/:\d+$/, ''))).toEqual(['mqtt:connect', 'mqtt:sub', 'mqtt:pub', 'mqtt:pub', 'mqtt:rel', 'mqtt:unsub']);
  });
});
