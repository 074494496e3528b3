/**
 * Reads WebSocket Lens logs back (the format is described in `./write.ts`): the JSON document and
 * its NDJSON form, one record a line, whose header's counts tell a cut-off file from a whole one.
 */
import type { BinaryKind } from '../../protocol';
import { utf8Length } from '../../codec';
import { LOG_FORMAT, LOG_VERSION } from './write';
import { describeNdjsonLineFailure, skipWhitespace } from '../json-errors';
import type { Draft, DraftConnection, DraftFrame } from '../session';
import { asObject, bool, clip, decodeBase64, describeValue, fail, isObject, num, numArray, numOrNull, oneOf, plural, readClosing, readHandshake, str, strArray } from '../read-fields';

function checkVersion(version: unknown, where: string): void {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail(`${where} has no valid format version (found ${describeValue(version)}).`);
  }
  if (version > LOG_VERSION) {
    fail(
      `This log was made by a newer WebSocket Lens (version ${version}); this one reads version ${LOG_VERSION}. Update the extension to open it.`,
    );
  }
}

export function readLensJson(o: Record<string, unknown>, warnings: string[]): Draft {
  checkVersion(o.version, 'This WebSocket Lens log');
  if (!Array.isArray(o.connections)) fail('This WebSocket Lens log has no "connections" list.');
  if (!Array.isArray(o.frames)) fail('This WebSocket Lens log has no "frames" list.');
  const draft = lensDraft(o, 'json');
  const connIndexById = new Map<number, number>();
  o.connections.forEach((c, i) => addLogConnection(draft, connIndexById, c, `Connection ${i + 1}`));
  o.frames.forEach((f, i) => draft.frames.push(readLogFrame(f, `Frame ${i + 1}`, connIndexById)));
  const counts = isObject(o.counts) ? o.counts : null;
  if (counts !== null && (counts.frames !== draft.frames.length || counts.connections !== draft.connections.length)) {
    warnings.push(
      `The log says it holds ${describeValue(counts.connections)} connections and ${describeValue(counts.frames)} frames, but it has ${draft.connections.length} and ${draft.frames.length}; it may have been edited.`,
    );
  }
  return draft;
}

function lensDraft(header: Record<string, unknown>, format: 'json' | 'ndjson'): Draft {
  const ext = isObject(header.extension) ? header.extension : {};
  return {
    format,
    pageUrl: isObject(header.page) && typeof header.page.url === 'string' ? header.page.url : '',
    exportedAt: typeof header.exportedAt === 'string' ? header.exportedAt : null,
    userAgent: typeof header.userAgent === 'string' ? header.userAgent : null,
    creator: typeof ext.version === 'string' ? `WebSocket Lens ${ext.version}` : 'WebSocket Lens',
    connections: [],
    frames: [],
  };
}

function addLogConnection(draft: Draft, connIndexById: Map<number, number>, value: unknown, where: string): void {
  const o = asObject(value, where);
  const id = num(o, 'id', where);
  if (connIndexById.has(id)) fail(`${where}: its id ${id} is used by another connection.`);
  connIndexById.set(id, draft.connections.length);
  draft.connections.push({
    url: str(o, 'url', where),
    protocols: strArray(o, 'protocols', where, []),
    frameUrl: str(o, 'frameUrl', where, ''),
    initiator: str(o, 'initiator', where, ''),
    createdAt: num(o, 'createdAt', where),
    openedAt: numOrNull(o, 'openedAt', where),
    protocol: str(o, 'protocol', where, ''),
    extensions: str(o, 'extensions', where, ''),
    errors: numArray(o, 'errors', where, []),
    closing: readClosing(o.closing, `${where}, "closing"`),
    close: readClose(o.close, `${where}, "close"`),
  });
  const handshake = readHandshake(o.handshake);
  if (handshake !== undefined) (draft.connections[draft.connections.length - 1] as DraftConnection).handshake = handshake;
}


function readClose(value: unknown, where: string): DraftConnection['close'] {
  if (value === undefined || value === null) return null;
  const o = asObject(value, where);
  return {
    code: num(o, 'code', where),
    reason: str(o, 'reason', where, ''),
    wasClean: bool(o, 'wasClean', where),
    time: num(o, 'time', where),
  };
}

const BINARY_KINDS: readonly BinaryKind[] = ['arraybuffer', 'blob', 'typedarray', 'dataview'];

function readLogFrame(value: unknown, where: string, connIndexById: Map<number, number>): DraftFrame {
  const o = asObject(value, where);
  const connId = num(o, 'connection', where);
  const connIndex = connIndexById.get(connId);
  if (connIndex === undefined) fail(`${where} belongs to connection ${connId}, which is not in the file (or not before it).`);
  const dir = oneOf(o, 'dir', where, ['sent', 'received'] as const);
  const opcode = oneOf(o, 'opcode', where, ['text', 'binary'] as const);
  const data = str(o, 'data', where);
  const seq = o.seq === undefined ? null : num(o, 'seq', where);
  const time = num(o, 'time', where);
  const truncated = bool(o, 'truncated', where, false);
  let frame: DraftFrame;
  if (opcode === 'text') {
    frame = { connIndex, seq, time, dir, size: sizeField(o, where, () => utf8Length(data)), truncated, opcode, data };
  } else {
    const bytes = decodeBase64(data, `${where} (${dir} binary)`);
    const binKind = o.binaryType === undefined ? 'arraybuffer' : oneOf(o, 'binaryType', where, BINARY_KINDS);
    frame = { connIndex, seq, time, dir, size: sizeField(o, where, () => bytes.length), truncated, opcode, data, binKind };
  }
  if (o.marks !== undefined) frame.marks = strArray(o, 'marks', where, []);
  return frame;
}

function sizeField(o: Record<string, unknown>, where: string, measure: () => number): number {
  if (o.size === undefined) return measure();
  const size = num(o, 'size', where);
  if (!Number.isInteger(size) || size < 0) fail(`${where}: "size" should be a whole number of bytes (found ${size}).`);
  return size;
}



export function readNdjson(body: string, warnings: string[]): Draft {
  let draft: Draft | null = null;
  let announced: { connections: number; frames: number } | null = null;
  const connIndexById = new Map<number, number>();
  const unknownKinds = new Map<string, number>();
  let lineNo = 0;
  for (let at = 0; at < body.length;) {
    let end = body.indexOf('\n', at);
    const lastLine = end === -1;
    if (lastLine) end = body.length;
    lineNo++;
    const lineStart = at;
    at = end + 1;
    if (skipWhitespace(body, lineStart, end) === end) continue; // blank line

    let record: unknown;
    try {
      record = JSON.parse(body.slice(lineStart, end));
    } catch {
      fail(describeNdjsonLineFailure(body, lineStart, end, lineNo, lastLine || skipWhitespace(body, at, body.length) === body.length));
    }
    const where = `Line ${lineNo}`;
    const o = asObject(record, where);
    if (draft === null) {
      if (o.kind !== 'header' || o.format !== LOG_FORMAT)
        fail(
          `${where} should be the WebSocket Lens header ({"kind":"header","format":"websocket-lens",…}); this is not a WebSocket Lens NDJSON log.`,
        );
      checkVersion(o.version, 'This WebSocket Lens log');
      draft = lensDraft(o, 'ndjson');
      if (isObject(o.counts) && typeof o.counts.connections === 'number' && typeof o.counts.frames === 'number') {
        announced = { connections: o.counts.connections, frames: o.counts.frames };
      }
      continue;
    }
    switch (o.kind) {
      case 'connection':
        addLogConnection(draft, connIndexById, o, `${where} (connection)`);
        break;
      case 'frame':
        draft.frames.push(readLogFrame(o, `${where} (frame)`, connIndexById));
        break;
      case 'header':
        fail(`${where} is a second header; a log has one, on its first line.`);
        break;
      default: {
        const kind = typeof o.kind === 'string' ? o.kind : describeValue(o.kind);
        unknownKinds.set(kind, (unknownKinds.get(kind) ?? 0) + 1);
      }
    }
  }
  if (draft === null) fail('The file is empty.');
  for (const [kind, n] of unknownKinds) warnings.push(`Skipped ${plural(n, 'line')} of an unknown kind (${clip(kind)}).`);
  if (announced !== null) {
    const got = { connections: draft.connections.length, frames: draft.frames.length };
    if (got.connections < announced.connections || got.frames < announced.frames) {
      fail(
        `The file ends early — was it cut off? Its header announces ${plural(announced.connections, 'connection')} and ${plural(announced.frames, 'frame')}, but it holds ${got.connections} and ${got.frames}.`,
      );
    }
    if (got.connections > announced.connections || got.frames > announced.frames) {
      warnings.push(
        `The file holds more than its header announces (${got.connections} connections and ${got.frames} frames); it may have been edited.`,
      );
    }
  }
  return draft;
}

