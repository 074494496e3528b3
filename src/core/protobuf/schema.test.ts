import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { compileSchema } from './compile';
import { decodeWithSchema, encodeWithSchema, formatSchemaError, type SchemaFile } from './schema';
import { encode, fixtureRoot, fixtureText, TRADE } from './fixtures.test-helper';

const files = (): SchemaFile[] => [
  { name: 'market.proto', kind: 'proto', content: fixtureText('market.proto') },
  { name: 'common.proto', kind: 'proto', content: fixtureText('common.proto') },
];

describe('Protobuf with a schema', () => {
  const root = fixtureRoot();
  const schema = compileSchema(files());

  it('compiles .proto files, imports resolved among them and well-known types', () => {
    expect(schema.errors).toEqual([]);
    expect(schema.messages).toEqual(['lens.common.Meta', 'lens.market.Envelope', 'lens.market.Heartbeat', 'lens.market.Quote', 'lens.market.Trade']);
  });

  it('decodes what protobufjs encoded: field names, enums by name, maps, nested messages, int64 as text', () => {
    const d = decodeWithSchema(schema.registry, { type: 'lens.market.Trade' }, encode(root, 'lens.market.Trade', TRADE));
    expect(d.json).toEqual({
      symbol: 'ACME',
      price: 101.25,
      qty: '300',
      delta: -7,
      side: 'SIDE_SELL',
      tags: [1, 2, 300],
      venue: 42,
      ratio: 0.5,
      live: true,
      raw: '/wAB',
      meta: { source: 'feed-a', at: '1700000000000' },
      counts: { a: 1 },
    });
    expect(d.name).toBe('Trade');
  });

  it('an envelope: the oneof case names the frame; Any is unpacked; a type field picks the payload type', () => {
    const anyValue = { type_url: 'type.googleapis.com/lens.market.Quote', value: encode(root, 'lens.market.Quote', { symbol: 'Q', bid: 1 }) };
    const env = encode(root, 'lens.market.Envelope', { seq: 3, trade: { symbol: 'X' }, extra: anyValue });
    const d = decodeWithSchema(schema.registry, { type: 'lens.market.Envelope' }, env);
    expect(d.name).toBe('trade');
    expect(d.json).toEqual({ seq: '3', trade: { symbol: 'X' }, extra: { '@type': 'type.googleapis.com/lens.market.Quote', symbol: 'Q', bid: 1 } });

    const hb = encode(root, 'lens.market.Envelope', { type: 'Heartbeat', seq: 4, payload: encode(root, 'lens.market.Heartbeat', { seq: 99 }) });
    const choice = { type: 'lens.market.Envelope', typeField: 'type', payloadField: 'payload' };
    const e = decodeWithSchema(schema.registry, choice, hb);
    expect(e.name).toBe('Heartbeat');
    expect(e.typeLabel).toBe('Envelope → Heartbeat');
    expect(e.json).toEqual({ type: 'Heartbeat', seq: '4', payload: { '@type': 'lens.market.Heartbeat', seq: '99' } });
    expect(decodeWithSchema(schema.registry, { ...choice, nameField: 'seq' }, hb).name).toBe('4');
  });

  it('encodes JSON to the same bytes protobufjs encodes, envelope payloads included', () => {
    const json = { symbol: 'ACME', price: 101.25, qty: '300', delta: -7, side: 'SIDE_SELL', tags: [1, 2, 300], meta: { source: 'feed-a', at: '1700000000000' } };
    const ours = encodeWithSchema(schema.registry, { type: 'lens.market.Trade' }, json);
    const theirs = encode(root, 'lens.market.Trade', { ...json, side: 2, qty: 300, meta: { source: 'feed-a', at: 1700000000000 } });
    expect(Array.from(ours)).toEqual(Array.from(theirs));
    const choice = { type: 'lens.market.Envelope', typeField: 'type', payloadField: 'payload' };
    const env = encodeWithSchema(schema.registry, choice, { type: 'Heartbeat', seq: '4', payload: { '@type': 'Heartbeat', seq: '99' } });
    expect(Array.from(env)).toEqual(Array.from(encode(root, 'lens.market.Envelope', { type: 'Heartbeat', seq: 4, payload: encode(root, 'lens.market.Heartbeat', { seq: 99 }) })));
    expect(() => encodeWithSchema(schema.registry, { type: 'lens.market.Trade' }, { nope: 1 })).toThrow(/nope/);
  });

  it('an envelope whose enum field names the inner type; a nested type by its short name', () => {
    const text = 'syntax = "proto3";\npackage e;\nenum Kind { KIND_NONE = 0; Ping = 1; }\nmessage Ping { int32 n = 1; }\nmessage Env { Kind kind = 1; bytes body = 2; }\n';
    const s = compileSchema([{ name: 'e.proto', kind: 'proto', content: text }]);
    expect(s.errors).toEqual([]);
    const r = protobuf.parse(text, { keepCase: true }).root;
    const Ping = r.lookupType('e.Ping');
    const Env = r.lookupType('e.Env');
    const bytes = Env.encode(Env.fromObject({ kind: 1, body: Ping.encode(Ping.fromObject({ n: 5 })).finish() })).finish();
    const d = decodeWithSchema(s.registry, { type: 'e.Env', typeField: 'kind', payloadField: 'body' }, bytes);
    expect(d.name).toBe('Ping');
    expect(d.json).toEqual({ kind: 'Ping', body: { '@type': 'e.Ping', n: 5 } });
  });

  it('bytes that are not the type throw', () => {
    expect(() => decodeWithSchema(schema.registry, { type: 'lens.market.Trade' }, new Uint8Array([0x0a, 0x05, 0x61]))).toThrow();
  });

  it('a malformed .proto says file:line; the other files still compile; a missing import is named', () => {
    const bad: SchemaFile = { name: 'bad.proto', kind: 'proto', content: 'syntax = "proto3";\n\nmessage Broken {\n  string a = 1\n  int32 b = 2;\n}\n' };
    const s = compileSchema([...files(), bad]);
    expect(s.errors.map(formatSchemaError)).toEqual(["bad.proto:5: illegal token 'int32', ';' expected"]);
    expect(s.messages).toContain('lens.market.Trade');
    const lonely = compileSchema([{ name: 'market.proto', kind: 'proto', content: fixtureText('market.proto') }]);
    expect(lonely.errors.map(formatSchemaError)).toEqual(['market.proto:4: imports "common.proto", which is not among the files added']);
    const unknown = compileSchema([{ name: 'u.proto', kind: 'proto', content: 'syntax = "proto3";\nmessage U {\n  Nope n = 1;\n}\n' }]);
    expect(unknown.errors.map(formatSchemaError)).toEqual(['u.proto:3: U.n: unknown type "Nope"']);
  });

  it('reads a compiled FileDescriptorSet (.pb) as protobufjs writes it', () => {
    const r = protobuf.loadSync([`${__dirname}/fixtures/market.proto`]);
    const set = (r as unknown as { toDescriptor(s: string): protobuf.Message }).toDescriptor('proto3');
    const bytes = (descriptor as unknown as { FileDescriptorSet: protobuf.Type }).FileDescriptorSet.encode(set).finish();
    const s = compileSchema([{ name: 'market.pb', kind: 'descriptor', content: Buffer.from(bytes).toString('base64') }]);
    expect(s.errors).toEqual([]);
    expect(s.messages).toContain('lens.market.Envelope');
    const d = decodeWithSchema(s.registry, { type: 'lens.market.Trade' }, encode(root, 'lens.market.Trade', { symbol: 'Z', side: 1 }));
    expect(d.json).toEqual({ symbol: 'Z', side: 'SIDE_BUY' });
  });

  it('a malformed descriptor set is said in words by its name; the other files keep every type', () => {
    const FDS = (descriptor as unknown as { FileDescriptorSet: protobuf.Type }).FileDescriptorSet;
    const r = protobuf.loadSync([`${__dirname}/fixtures/market.proto`]);
    const good = FDS.encode((r as unknown as { toDescriptor(s: string): protobuf.Message }).toDescriptor('proto3')).finish();
    // A set that parses but names a type no file has (written by protobufjs's own encoder).
    const unresolved = FDS.encode(
      FDS.fromObject({ file: [{ name: 'other.proto', package: 'other', syntax: 'proto3', messageType: [{ name: 'A', field: [{ name: 'x', number: 1, label: 1, type: 11, typeName: '.nope.X' }] }] }] }),
    ).finish();
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const cases: Array<[string, Uint8Array, string]> = [
      ['empty.pb', new Uint8Array(0), 'empty.pb: the file is empty: a compiled descriptor set (protoc --descriptor_set_out=set.pb) was expected'],
      ['text.pb', new TextEncoder().encode(fixtureText('common.proto')), 'text.pb: this is text, not a compiled descriptor set: add .proto text as a file named .proto, or the binary protoc --descriptor_set_out=set.pb writes'],
      ['cut.pb', good.subarray(0, good.length - 7), 'cut.pb: not a compiled descriptor set (FileDescriptorSet): its bytes do not parse (premature EOF)'],
      ['trade.pb', encode(root, 'lens.market.Trade', TRADE), 'trade.pb: not a compiled descriptor set (FileDescriptorSet): its bytes do not parse (illegal tag: field no 0 wire type 0)'],
      ['other.pb', unresolved, 'other.pb: left out, its types do not resolve with the files added: invalid FieldDescriptorProto: type_name .nope.X not found'],
    ];
    for (const [name, bytes, said] of cases) {
      const s = compileSchema([...files(), { name, kind: 'descriptor', content: b64(bytes) }]);
      expect(s.errors.map(formatSchemaError), name).toEqual([said]);
      expect(s.messages, name).toEqual(schema.messages);
    }
    // A good set beside a bad one: both sets' files are read, the bad one alone is left out.
    const both = compileSchema([
      { name: 'other.pb', kind: 'descriptor', content: b64(unresolved) },
      { name: 'market.pb', kind: 'descriptor', content: b64(good) },
    ]);
    expect(both.errors.map(formatSchemaError)).toEqual(['other.pb: left out, its types do not resolve with the files added: invalid FieldDescriptorProto: type_name .nope.X not found']);
    expect(both.messages).toContain('lens.market.Envelope');
  });
});
