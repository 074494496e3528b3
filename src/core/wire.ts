/**
 * Records on the runtime ports. Chrome serialises extension messages as JSON, so binary payloads
 * travel as Base64 and are turned back into bytes in the panel.
 */
import type { StoredRecord, ViewRecord, WireRecord } from './protocol';
import { base64ToBytes, bytesToBase64 } from './codec';

export function toWireRecord(rec: StoredRecord): WireRecord {
  if (rec.type === 'frame' && rec.opcode === 'binary') return { ...rec, data: bytesToBase64(new Uint8Array(rec.data)) };
  return rec as WireRecord;
}

export function fromWireRecord(rec: WireRecord): ViewRecord {
  if (rec.type === 'frame' && rec.opcode === 'binary') return { ...rec, data: base64ToBytes(rec.data) };
  return rec as ViewRecord;
}
