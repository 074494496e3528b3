/**
 * The decoded side of a frame: the Decoded tab (summary and each message's structure as
 * a JSON tree; Socket.IO binary events with their attachments put back) and the pairing strip
 * (the partner of a request or response, with the latency; unanswered requests).
 */
import type { DecodedFrame, Exchange } from './decoding';
import { bytesToHex } from '../core/codec';
import { JsonTree } from './JsonTree';
import { formatLatency } from './FrameRows';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const MAX_DEPTH = 2000;
const HEX_PREVIEW = 64;

/** Decoded values as plain JSON for the tree: binary parts as "<N bytes: hex…>", bigint as text. */
export function toTree(v: unknown, depth = 0): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v !== 'object') return String(v);
  if (depth > MAX_DEPTH) return '…';
  if (v instanceof Uint8Array || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
    const b =
      v instanceof Uint8Array ? v : v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return `<${b.length} byte${b.length === 1 ? '' : 's'}: ${bytesToHex(b.subarray(0, HEX_PREVIEW), ' ')}${b.length > HEX_PREVIEW ? ' …' : ''}>`;
  }
  if (Array.isArray(v)) return v.map((x) => toTree(x, depth + 1));
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (v instanceof Map) {
    const o: { [k: string]: Json } = {};
    for (const [k, x] of v) o[typeof k === 'string' ? k : String(k)] = toTree(x, depth + 1);
    return o;
  }
  const o: { [k: string]: Json } = {};
  for (const k of Object.keys(v))
    Object.defineProperty(o, k, {
      value: toTree((v as Record<string, unknown>)[k], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return o;
}

/** Decoders whose one message is the frame's value itself: its summary is only a preview of the tree. */
const VALUE_PROTOCOLS = new Set(['json', 'msgpack', 'cbor', 'protobuf']);

/**
 * The Decoded tab. The payload is shown once: a frame of one message has its heading and tree
 * (with the message's summary only when it says more than the tree, e.g. a Socket.IO event with
 * its arguments); the frame's summary line is for frames of several messages or none.
 */
export function DecodedView({ decoded, protocolName, onGoTo }: { decoded: DecodedFrame; protocolName: string; onGoTo(id: number): void }) {
  const one = decoded.messages.length === 1;
  const valueOnly = VALUE_PROTOCOLS.has(decoded.protocol);
  return (
    <div class="decoded">
      <p class="decoded-summary">
        {protocolName}
        {one ? '' : `: ${decoded.summary || '(nothing decoded)'}`}
      </p>
      {decoded.note && decoded.note !== decoded.summary && (
        <p class="note" role="note">
          {decoded.note}
        </p>
      )}
      {decoded.partOf !== undefined && (
        <p>
          Part of a message that starts in an earlier frame.{' '}
          <button type="button" onClick={() => onGoTo(decoded.partOf!)}>
            Go to the message
          </button>
        </p>
      )}
      {decoded.messages.map((m, i) => (
        <section class="decoded-msg" aria-label={`Message ${i + 1}: ${m.type} ${m.name}`}>
          <h3>
            {m.type}
            {m.name && !m.type.split(/ → | /).includes(m.name) ? ` ${m.name}` : ''}
          </h3>
          {!valueOnly && <p class="decoded-summary">{m.summary}</p>}
          <JsonTree value={toTree(m.value)} />
        </section>
      ))}
    </div>
  );
}

/** The exchanges of the selected frame: its partner (a button selects it), the latency, or "no response". */
export function PairingStrip({ rowId, exchanges, onGoTo }: { rowId: number; exchanges: Exchange[]; onGoTo(id: number): void }) {
  if (exchanges.length === 0) return null;
  return (
    <div class="pairing" role="group" aria-label="Request and response">
      {exchanges.map((ex) => {
        if (ex.request.frame === rowId) {
          if (ex.responses.length === 0)
            return (
              <span class="unanswered" role="note">
                Request {ex.name}: no response (unanswered)
              </span>
            );
          const first = ex.responses[0]!;
          return (
            <span>
              Request {ex.name}: answered in {formatLatency(ex.latency ?? first.time - ex.request.time)}
              {ex.responses.length > 1 ? ` (${ex.responses.length} responses${ex.done ? '' : ', more may come'})` : ''}{' '}
              <button type="button" onClick={() => onGoTo(first.frame)}>
                Go to response
              </button>
            </span>
          );
        }
        const mine = ex.responses.find((r) => r.frame === rowId);
        return (
          <span>
            Response to {ex.name} after {formatLatency((mine?.time ?? ex.request.time) - ex.request.time)}{' '}
            <button type="button" onClick={() => onGoTo(ex.request.frame)}>
              Go to request
            </button>
          </span>
        );
      })}
    </div>
  );
}
