/**
 * How many payload bytes a frame record holds: the kept part of a truncated frame, else its size.
 * The relay's history and the panel's store both bound themselves by it.
 */
import type { FrameRecord } from './protocol';
import { utf8Length } from './codec';

export function keptBytes(rec: FrameRecord<{ byteLength: number }>): number {
  if (rec.opcode === 'binary') return rec.data.byteLength;
  // A text record's size is the UTF-8 length of its data, except when it was cut to the cap.
  return rec.truncated ? utf8Length(rec.data) : rec.size;
}
