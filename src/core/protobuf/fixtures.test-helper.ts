/** The test schema (fixtures/*.proto) loaded by protobufjs on the Node side, to encode real frames. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';

const FIXTURE_DIR = join(__dirname, 'fixtures');

export function fixtureRoot(): protobuf.Root {
  return protobuf.loadSync([join(FIXTURE_DIR, 'market.proto')]);
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

/** Encodes a plain object as `type` with protobufjs (fromObject, then encode). */
export function encode(root: protobuf.Root, type: string, obj: Record<string, unknown>): Uint8Array {
  const t = root.lookupType(type);
  return t.encode(t.fromObject(obj)).finish();
}

export const TRADE = {
  symbol: 'ACME',
  price: 101.25,
  qty: 300,
  delta: -7,
  side: 2,
  tags: [1, 2, 300],
  venue: 42,
  ratio: 0.5,
  live: true,
  raw: new Uint8Array([0xff, 0x00, 0x01]),
  meta: { source: 'feed-a', at: 1700000000000 },
  counts: { a: 1 },
};
