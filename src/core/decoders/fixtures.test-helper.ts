/** Loads a captured fixture (see scripts/capture-protocol-fixtures.mjs) as decoder input. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionInfo, DecodeInput } from './types';

export interface Fixture {
  name: string;
  url: string;
  protocols: string[];
  protocol: string;
  frames: DecodeInput[];
}

export function loadFixture(name: string): Fixture {
  const raw = JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as {
    name: string;
    url: string;
    protocols: string[];
    protocol: string;
    frames: { dir: 'sent' | 'received'; opcode: 'text' | 'binary'; data: string; time: number }[];
  };
  return {
    name: raw.name,
    url: `ws://127.0.0.1:8080${raw.url}`,
    protocols: raw.protocols,
    protocol: raw.protocol,
    frames: raw.frames.map((f, i) => ({
      id: i + 1,
      dir: f.dir,
      opcode: f.opcode,
      data: f.opcode === 'binary' ? new Uint8Array(Buffer.from(f.data, 'base64')) : f.data,
      time: f.time,
    })),
  };
}

export function infoOf(f: Fixture): ConnectionInfo {
  return { url: f.url, protocols: f.protocols, protocol: f.protocol };
}
