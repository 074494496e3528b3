import { describe, expect, it } from 'vitest';
import type { CommandResultMessage, StoredRecord, WireCommand, WireRecord } from './protocol';
import { fromWireRecord, toCommandResult, toHookCommand, toWireRecord, wirePayload } from './wire';

function binary(bytes: Uint8Array | ArrayBuffer): StoredRecord {
  const data = bytes instanceof ArrayBuffer ? bytes : (bytes.slice().buffer as ArrayBuffer);
  return {
    type: 'frame',
    rseq: 4,
    conn: 1,
    seq: 2,
    time: 1.5,
    dir: 'received',
    opcode: 'binary',
    data,
    binKind: 'blob',
    size: 300,
    truncated: true,
  };
}

/** What a runtime port does to a message: JSON in, JSON out. */
function overPort(rec: WireRecord): WireRecord {
  return JSON.parse(JSON.stringify(rec)) as WireRecord;
}

function roundTrip(rec: StoredRecord) {
  return fromWireRecord(overPort(toWireRecord(rec)));
}

describe('wire records', () => {
  it('binary: every byte value 0..255 survives the trip through JSON', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const back = roundTrip(binary(all));
    expect(back.type === 'frame' && back.opcode === 'binary').toBe(true);
    if (back.type !== 'frame' || back.opcode !== 'binary') return;
    expect(back.data).toBeInstanceOf(Uint8Array);
    expect([...back.data]).toEqual([...all]);
    // Every other field is untouched.
    expect({ ...back, data: null }).toEqual({ ...binary(all), data: null });
  });

  it('binary: the empty payload', () => {
    const back = roundTrip(binary(new ArrayBuffer(0)));
    expect(back.type === 'frame' && back.data).toEqual(new Uint8Array(0));
  });

  it('binary: lengths 1, 2, 3, 4 (Base64 padding) and a larger random payload', () => {
    for (const n of [1, 2, 3, 4, 5, 1000, 65_537]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7919 + n) & 255);
      const back = roundTrip(binary(bytes));
      expect(back.type === 'frame' && back.opcode === 'binary' && [...back.data]).toEqual([...bytes]);
    }
  });

  it('binary travels as a Base64 string', () => {
    const wire = toWireRecord(binary(new Uint8Array([0xde, 0xad, 0xbe, 0xef])));
    expect(wire.type === 'frame' && wire.data).toBe('3q2+7w==');
  });

  it('does not modify the stored record', () => {
    const rec = binary(new Uint8Array([1, 2, 3]));
    toWireRecord(rec);
    expect(rec.type === 'frame' && rec.data).toBeInstanceOf(ArrayBuffer);
  });

  it('text frames and control records pass through unchanged', () => {
    const recs: StoredRecord[] = [
      {
        type: 'frame',
        rseq: 1,
        conn: 1,
        seq: 1,
        time: 2,
        dir: 'sent',
        opcode: 'text',
        data: 'héllo \u0000 "x" 😀',
        size: 15,
        truncated: false,
      },
      { type: 'connection', rseq: 2, conn: 1, seq: 0, time: 1, url: 'wss://a/', protocols: ['p'], frameUrl: 'https://f/', initiator: '' },
      { type: 'open', rseq: 3, conn: 1, seq: 1, time: 1, protocol: 'p', extensions: '' },
      { type: 'error', rseq: 4, conn: 1, seq: 2, time: 1 },
      { type: 'closing', rseq: 5, conn: 1, seq: 3, time: 1, code: null, reason: '' },
      { type: 'close', rseq: 6, conn: 1, seq: 4, time: 1, code: 1000, reason: 'ok', wasClean: true },
    ];
    for (const rec of recs) expect(roundTrip(rec)).toEqual(rec);
  });
});

/** A command as the relay receives it: built by the panel, then through JSON. */
function fromPanel(cmd: WireCommand): WireCommand {
  return JSON.parse(JSON.stringify(cmd)) as WireCommand;
}

describe('wire commands (panel → relay → hook)', () => {
  it('bytes: every byte value 0..255 and the Base64 padding lengths reach the hook as an ArrayBuffer, transferred', () => {
    for (const n of [0, 1, 2, 3, 4, 256, 65_537]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
      const { cmd, transfer } = toHookCommand(7, fromPanel({ type: 'send', conn: 2, mark: 'composed', ...wirePayload(bytes) }));
      expect(cmd.type).toBe('send');
      if (cmd.type !== 'send') return;
      expect(cmd.data).toBeInstanceOf(ArrayBuffer);
      expect([...new Uint8Array(cmd.data as ArrayBuffer)]).toEqual([...bytes]);
      expect(transfer).toEqual([cmd.data]);
      expect({ ...cmd, data: null }).toEqual({ type: 'send', req: 7, conn: 2, mark: 'composed', data: null });
    }
  });

  it('bytes that are a view into a larger buffer: only the view travels', () => {
    const big = Uint8Array.from({ length: 10 }, (_, i) => i);
    const { cmd } = toHookCommand(1, fromPanel({ type: 'simulate', conn: 1, ...wirePayload(big.subarray(3, 6)) }));
    expect(cmd.type === 'simulate' && [...new Uint8Array(cmd.data as ArrayBuffer)]).toEqual([3, 4, 5]);
  });

  it('text stays a string and transfers nothing', () => {
    const text = 'héllo \u0000 "x" 😀';
    expect(wirePayload(text)).toEqual({ text });
    expect(toHookCommand(3, fromPanel({ type: 'send', conn: 1, mark: 'replayed', ...wirePayload(text) }))).toEqual({
      cmd: { type: 'send', req: 3, conn: 1, data: text, mark: 'replayed' },
      transfer: [],
    });
    expect(toHookCommand(4, fromPanel({ type: 'simulate', conn: 5, text: '' }))).toEqual({ cmd: { type: 'simulate', req: 4, conn: 5, data: '', mark: 'simulated' }, transfer: [] });
  });

  it('close: code and reason only when given', () => {
    expect(toHookCommand(1, fromPanel({ type: 'close', conn: 2 })).cmd).toEqual({ type: 'close', req: 1, conn: 2 });
    expect(toHookCommand(1, fromPanel({ type: 'close', conn: 2, code: 4000, reason: 'bye' })).cmd).toEqual({ type: 'close', req: 1, conn: 2, code: 4000, reason: 'bye' });
  });

  it('resume: an edited text becomes the data, a plain continue or drop carries none', () => {
    expect(toHookCommand(9, fromPanel({ type: 'resume', conn: 1, pid: 4, action: 'continue', text: 'edited' })).cmd).toEqual({
      type: 'resume',
      req: 9,
      conn: 1,
      pid: 4,
      action: 'continue',
      data: 'edited',
    });
    expect(toHookCommand(9, fromPanel({ type: 'resume', conn: 1, pid: 4, action: 'drop' })).cmd).toEqual({ type: 'resume', req: 9, conn: 1, pid: 4, action: 'drop' });
  });
});

describe('wire command results (hook → relay → panel)', () => {
  it('carries the answer with the document, the error only when there is one', () => {
    const viaPort = (m: CommandResultMessage) => JSON.parse(JSON.stringify(m)) as CommandResultMessage;
    expect(viaPort(toCommandResult('d1', { type: 'result', req: 5, ok: true }))).toEqual({ type: 'command-result', docId: 'd1', req: 5, ok: true });
    expect(viaPort(toCommandResult('d1', { type: 'result', req: 6, ok: false, error: 'already-closed', detail: 'closed' }))).toEqual({
      type: 'command-result',
      docId: 'd1',
      req: 6,
      ok: false,
      error: 'already-closed',
      detail: 'closed',
    });
  });
});
