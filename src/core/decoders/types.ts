/**
 * Shared types of the protocol decoders. Pure: no browser or Node APIs.
 *
 * A decoder turns the frames of one connection, in order, into protocol messages. Most decoders
 * are stateless; some keep per-connection state (MQTT reassembles packets split across frames,
 * Socket.IO puts binary attachments back into their event, GraphQL/WAMP remember which operation
 * an id belongs to). Decoders never throw: a frame they cannot read comes back with `error` set
 * and no messages, and the panel shows it raw.
 */
import type { Direction } from '../protocol';

export type DecoderId =
  | 'socketio'
  | 'sockjs'
  | 'stomp'
  | 'mqtt'
  | 'graphql-ws'
  | 'jsonrpc'
  | 'signalr'
  | 'phoenix'
  | 'actioncable'
  | 'wamp'
  | 'bayeux'
  | 'centrifugo'
  | 'pusher'
  | 'yjs'
  | 'user'
  | 'msgpack'
  | 'cbor'
  | 'protobuf'
  | 'json';

/** One frame as the decoders see it. `id` is the caller's stable frame id (FrameRow.id). */
export interface DecodeInput {
  id: number;
  dir: Direction;
  opcode: 'text' | 'binary';
  data: string | Uint8Array;
  time: number;
}

/**
 * Role of a message for request/response pairing. A `request` opens an exchange under `key`; a
 * `response` with the same key travelling the other way answers it. `event`: neither.
 */
export type Role = 'request' | 'response' | 'event';

export interface DecodedMessage {
  /** Protocol-level kind: 'EVENT', 'ACK', 'PUBLISH', 'MESSAGE', 'subscribe', 'request', … */
  type: string;
  /** Short decoded name for the column and filter: event, destination, topic, method, operation. */
  name: string;
  /** One line. */
  summary: string;
  /** The decoded structure, for a tree view (plain data; Uint8Array for binary parts). */
  value: unknown;
  role: Role;
  /** Pairing key (set for requests and responses). Scoped by direction in pairFrames. */
  key?: string;
  /**
   * For responses: false when more responses may follow under the same key (GraphQL `next`,
   * SignalR stream items, Engine/MQTT never). Defaults to true.
   */
  final?: boolean;
}

export interface DecodedFrame {
  /** The decoder that read this frame. */
  protocol: DecoderId;
  /** What the frame carries: usually one message; several (STOMP, MQTT, batches) or none. */
  messages: DecodedMessage[];
  /** Column text: the messages' names joined with ', ' ('' when none). */
  name: string;
  /** One line for the frame. */
  summary: string;
  /** Set when the decoder failed on this frame: show raw, with this note. */
  error?: string;
  /** Informational note (e.g. "binary attachment 1/2 of #12", "continues in the next frame"). */
  note?: string;
  /**
   * When this frame's content completes a message started in an earlier frame (a Socket.IO event
   * whose attachments arrived), the id of that frame.
   */
  partOf?: number;
}

/** Per-connection decoding state of one decoder. */
export interface DecoderState {
  /**
   * Decode the next frame of the connection (frames are given in order, each once). May return
   * replacements for earlier frames (e.g. a Socket.IO event completed by its attachments, or an
   * MQTT packet found truncated).
   */
  decode(frame: DecodeInput): { frame: DecodedFrame; updates?: Map<number, DecodedFrame> };
}

export interface ConnectionInfo {
  url?: string;
  /** Subprotocols the page asked for. */
  protocols?: readonly string[];
  /** The negotiated subprotocol ('' when none). */
  protocol?: string;
}

export interface Decoder {
  id: DecoderId;
  /** Human name for the picker. */
  name: string;
  /** Negotiated subprotocols that select this decoder outright (lower case). */
  subprotocols: readonly string[];
  /** Score in 0..1 that the connection URL belongs to this protocol (0 when it says nothing). */
  urlScore(url: string): number;
  /** Score in 0..1 that this frame is of this protocol (content sniffing). */
  sniff(frame: DecodeInput): number;
  create(info: ConnectionInfo): DecoderState;
  /**
   * True when a frame's decoding does not depend on the frames before it: the session then
   * decodes only the frames asked for, in any order.
   */
  stateless?: boolean;
}
