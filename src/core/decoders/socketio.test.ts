import { describe, expect, it } from 'vitest';
import { decodeConnection, pairFrames } from './index';
import type { DecodedFrame, DecodeInput } from './types';
import { infoOf, loadFixture } from './fixtures.test-helper';

function pairs(frames: DecodeInput[], decoded: (DecodedFrame | null)[]) {
  return pairFrames(frames.map((f, i) => ({ id: f.id, dir: f.dir, time: f.time, decoded: decoded[i] })));
}
const byText = (frames: DecodeInput[], text: string) => {
  const f = frames.find((x) => x.data === text);
  if (!f) throw new Error(`no frame ${text}`);
  return f;
};

describe('Socket.IO v4 (real socket.io 4 traffic)', () => {
  const fx = loadFixture('socketio-v4');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);
  const at = (id: number) => decoded[id - 1]!;

  it('is detected from the URL and content', () => {
    expect(session.active).toBe('socketio');
    expect(session.detected.by).toBe('content');
  });

  it('decodes Engine.IO open, namespaces, events and their arguments', () => {
    expect(at(1).messages[0]!.type).toBe('open');
    expect((at(1).messages[0]!.value as { data: { pingInterval: number } }).data.pingInterval).toBe(150);
    const chat = at(byText(fx.frames, '42["chat","hi there",{"lang":"en"}]').id);
    expect(chat.name).toBe('chat');
    expect(chat.messages[0]!.value).toMatchObject({ type: 'EVENT', nsp: '/', event: 'chat', args: ['hi there', { lang: 'en' }] });
    const kick = at(byText(fx.frames, '42/admin,0["kick","mallory"]').id);
    expect(kick.messages[0]!.value).toMatchObject({ nsp: '/admin', id: 0, event: 'kick', args: ['mallory'] });
    expect(kick.summary).toBe('/admin kick("mallory") ack #0');
    const welcome = at(4);
    expect(welcome.name).toBe('welcome');
  });

  it('puts binary attachments back into their event (one and three attachments)', () => {
    const upload = fx.frames.find((f) => typeof f.data === 'string' && f.data.startsWith('451-1["upload"'))!;
    const d = session.get(upload.id)!; // replaced once the attachment arrived
    const v = d.messages[0]!.value as { type: string; args: unknown[]; attachments: number };
    expect(v.type).toBe('BINARY_EVENT');
    expect(v.attachments).toBe(1);
    expect(v.args[0]).toBe('photo.png');
    expect(Array.from(v.args[1] as Uint8Array)).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const att = session.get(upload.id + 1)!;
    expect(att.partOf).toBe(upload.id);
    expect(att.name).toBe('upload');
    expect(att.note).toBe(`binary attachment 1/1 of upload (frame #${upload.id})`);

    const file = fx.frames.find((f) => typeof f.data === 'string' && f.data.startsWith('453-["file"'))!;
    const fv = session.get(file.id)!.messages[0]!.value as { args: unknown[] };
    expect(fv.args[0]).toBe('report.bin');
    expect(Array.from(fv.args[1] as Uint8Array)).toEqual([1, 2, 3, 4, 250]);
    const parts = (fv.args[2] as { parts: Uint8Array[] }).parts.map((p) => new TextDecoder().decode(p));
    expect(parts).toEqual(['ab', 'cd']);
    expect([1, 2, 3].map((k) => session.get(file.id + k)!.summary)).toEqual([1, 2, 3].map((k) => `binary attachment ${k}/3 of file (frame #${file.id})`));
    expect(session.revision).toBeGreaterThan(0);
  });

  it('pairs acks (both directions, per namespace), connects and pings with their latency', () => {
    const p = pairs(fx.frames, fx.frames.map((f) => session.get(f.id)));
    const names = p.exchanges.map((e) => e.name);
    expect(names).toEqual(['/', '/admin', 'sum', 'upload', 'kick', 'question', 'engine.io ping', 'engine.io ping', 'engine.io ping']);
    expect(p.unanswered).toEqual([]);
    const sum = p.exchanges.find((e) => e.name === 'sum')!;
    const req = byText(fx.frames, '420["sum",2,3]');
    const res = byText(fx.frames, '430[{"sum":5}]');
    expect(sum.request.frame).toBe(req.id);
    expect(sum.responses.map((r) => r.frame)).toEqual([res.id]);
    expect(sum.latency).toBeCloseTo(res.time - req.time, 6);
    expect(sum.latency!).toBeGreaterThanOrEqual(15); // the server acked after 20 ms
    expect(session.get(res.id)!.name).toBe('sum');
    // The server asks, the client acks: ids 0 on both sides do not clash.
    const q = p.exchanges.find((e) => e.name === 'question')!;
    expect(q.dir).toBe('received');
    // /admin ack #0 is not / ack #0.
    const kick = p.exchanges.find((e) => e.name === 'kick')!;
    expect(session.get(kick.responses[0]!.frame)!.messages[0]!.value).toMatchObject({ nsp: '/admin', args: [{ ok: true, user: 'mallory' }] });
    // EIO4: the server pings.
    expect(p.exchanges.filter((e) => e.name === 'engine.io ping').every((e) => e.dir === 'received')).toBe(true);
  });

  it('a bad attachment count shows raw with a note, and the rest still decodes', () => {
    const frames = fx.frames.map((f) => (typeof f.data === 'string' && f.data.startsWith('451-1["upload"') ? { ...f, data: f.data.replace('451-', '452-') } : f));
    const { decoded: d } = decodeConnection(infoOf(fx), frames);
    const header = frames.findIndex((f) => typeof f.data === 'string' && f.data.startsWith('452-'));
    expect(d[header]!.error).toBe('expected 2 binary attachment(s), got 1');
    expect(d[header]!.messages).toEqual([]);
    // The next sent text frame decodes normally.
    const next = frames.findIndex((f, i) => i > header + 1 && f.dir === 'sent');
    expect(d[next]!.error).toBeUndefined();
    expect(d[next]!.name).toBe('kick');
    expect(d.filter((x) => x?.error).length).toBe(1);
    // And the received side never noticed.
    expect(d[frames.findIndex((f) => typeof f.data === 'string' && f.data.startsWith('453-'))]!.messages[0]!.value).toMatchObject({ event: 'file' });
  });

  it('an attachment placeholder out of range and a non-Socket.IO frame are errors, not exceptions', () => {
    const frames = fx.frames.map((f) => (typeof f.data === 'string' && f.data.startsWith('451-1["upload"') ? { ...f, data: f.data.replace('"num":0', '"num":5') } : f));
    frames.splice(3, 0, { id: 999, dir: 'received', opcode: 'text', data: 'x-not-engine-io', time: frames[2]!.time });
    frames.splice(4, 0, { id: 998, dir: 'received', opcode: 'text', data: '42["chat",', time: frames[2]!.time });
    const { decoded: d } = decodeConnection(infoOf(fx), frames);
    expect(d[3]!.error).toMatch(/not an Engine.IO packet/);
    expect(d[4]!.error).toBe('Socket.IO: invalid payload');
    expect(d[5]!.name).toBe('welcome');
    const header = frames.findIndex((f) => typeof f.data === 'string' && f.data.startsWith('451-1["upload"'));
    expect(d[header]!.error).toMatch(/illegal attachments/);
    expect(d[header + 1]!.error).toMatch(/illegal attachments/);
    expect(d[header + 2]!.error).toBeUndefined();
    expect(d.filter((x) => x?.error).length).toBe(4);
  });
});

describe('Socket.IO v2 / Engine.IO v3 (real socket.io 2 traffic)', () => {
  const fx = loadFixture('socketio-v2-eio3');
  const { session, decoded } = decodeConnection(infoOf(fx), fx.frames);

  it('reads EIO=3 binary frames (0x04 prefix) and binary acks', () => {
    expect(decoded.every((d) => d && !d.error)).toBe(true);
    const file = fx.frames.find((f) => typeof f.data === 'string' && f.data.startsWith('451-1["file"'))!;
    const v = session.get(file.id)!.messages[0]!.value as { args: unknown[] };
    expect(Array.from(v.args[1] as Uint8Array)).toEqual([1, 2, 3]);
    const ack = fx.frames.find((f) => typeof f.data === 'string' && f.data.startsWith('461-1'))!;
    const a = session.get(ack.id)!;
    expect(a.name).toBe('file');
    expect(a.messages[0]!.value).toMatchObject({ type: 'BINARY_ACK', event: 'file' });
    expect(Array.from((a.messages[0]!.value as { args: Uint8Array[] }).args[2]!)).toEqual([9, 8, 7]);
    expect(session.get(1)!.summary).toMatch(/^Engine.IO v3 open/);
  });

  it('pairs acks and client pings (EIO3)', () => {
    const p = pairs(fx.frames, fx.frames.map((f) => session.get(f.id)));
    expect(p.exchanges.map((e) => e.name)).toEqual(['sum', 'file', 'engine.io ping', 'engine.io ping']);
    expect(p.exchanges.filter((e) => e.name === 'engine.io ping').every((e) => e.dir === 'sent')).toBe(true);
    expect(p.unanswered).toEqual([]);
    // socket.io 2 connects the default namespace without being asked.
    expect(p.orphans.map((o) => o.frame)).toEqual([2]);
  });
});
