/**
 * What crosses the runtime ports, and how it is turned back. Chrome serialises extension messages
 * as JSON, so binary payloads travel as Base64:
 *
 * - records (relay → panel): `toWireRecord` in the relay, `fromWireRecord` in the panel;
 * - commands (panel → relay → hook): `wirePayload` in the panel, `toHookCommand` in the relay,
 *   which gives the hook an ArrayBuffer to transfer over the private port;
 * - the hook's answer (hook → relay → panel): `toCommandResult`.
 */
import type { CommandResultMessage, HookCommand, HookResult, StoredRecord, ViewRecord, WireCommand, WireRecord } from './protocol';
import { base64ToBytes, bytesToBase64 } from './codec';

export function toWireRecord(rec: StoredRecord): WireRecord {
  if (rec.type === 'frame' && rec.opcode === 'binary') return { ...rec, data: bytesToBase64(new Uint8Array(rec.data)) };
  return rec as WireRecord;
}

export function fromWireRecord(rec: WireRecord): ViewRecord {
  if (rec.type === 'frame' && rec.opcode === 'binary') return { ...rec, data: base64ToBytes(rec.data) };
  return rec as ViewRecord;
}

/** A payload the panel sends (`send`, `simulate`): text as it is, bytes as Base64. */
type WirePayload = { text: string } | { base64: string };

export function wirePayload(data: string | Uint8Array): WirePayload {
  return typeof data === 'string' ? { text: data } : { base64: bytesToBase64(data) };
}

/** The payload of a `send`/`simulate` as the hook takes it ('' when the command carries none). */
function payloadOf(cmd: { text?: string; base64?: string }): string | ArrayBuffer {
  if (cmd.base64 === undefined) return cmd.text ?? '';
  const bytes = base64ToBytes(cmd.base64);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** A command for the hook, and the buffers to transfer with it (its binary payload, if any). */
interface HookDelivery {
  cmd: HookCommand;
  transfer: ArrayBuffer[];
}

/** A panel's command (from the runtime port) as the hook takes it, under the relay's `req`. */
export function toHookCommand(req: number, cmd: WireCommand): HookDelivery {
  switch (cmd.type) {
    case 'send': {
      const data = payloadOf(cmd);
      return { cmd: { type: 'send', req, conn: cmd.conn, data, mark: cmd.mark }, transfer: typeof data === 'string' ? [] : [data] };
    }
    case 'simulate': {
      const data = payloadOf(cmd);
      return { cmd: { type: 'simulate', req, conn: cmd.conn, data, mark: 'simulated' }, transfer: typeof data === 'string' ? [] : [data] };
    }
    case 'close':
      return {
        cmd: { type: 'close', req, conn: cmd.conn, ...(cmd.code !== undefined ? { code: cmd.code } : {}), ...(cmd.reason !== undefined ? { reason: cmd.reason } : {}) },
        transfer: [],
      };
    case 'resume':
      return {
        cmd: { type: 'resume', req, conn: cmd.conn, pid: cmd.pid, action: cmd.action, ...(cmd.text !== undefined ? { data: cmd.text } : {}) },
        transfer: [],
      };
  }
}

/** The hook's answer to a panel's command, on its way back to that panel. */
export function toCommandResult(docId: string, res: HookResult): CommandResultMessage {
  return { type: 'command-result', docId, req: res.req, ok: res.ok, ...(res.error !== undefined ? { error: res.error } : {}), ...(res.detail !== undefined ? { detail: res.detail } : {}) };
}
