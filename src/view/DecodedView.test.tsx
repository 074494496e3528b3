// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DecodedView } from './DecodedView';
import { decodeConnection } from '../core/decoders/index';

afterEach(cleanup);

const count = (text: string, part: string) => text.split(part).length - 1;

describe('DecodedView', () => {
  it('a plain JSON frame shows its payload once', () => {
    const { decoded } = decodeConnection(
      {},
      [{ id: 1, dir: 'received', opcode: 'text', data: '{"type":"tick","price":12345}', time: 1 }],
      'json',
    );
    const { container } = render(<DecodedView decoded={decoded[0]!} protocolName="JSON" onGoTo={() => {}} />);
    expect(count(container.textContent ?? '', '12345')).toBe(1);
    expect(count(container.textContent ?? '', 'tick')).toBe(2); // the heading names it, the tree holds it
    expect(container.querySelector('h3')?.textContent).toBe('json tick');
  });
  it('a Socket.IO event keeps its one-line summary beside the tree', () => {
    const { decoded } = decodeConnection(
      { url: 'ws://x/socket.io/?EIO=4&transport=websocket' },
      [{ id: 1, dir: 'sent', opcode: 'text', data: '42["chat",{"n":1}]', time: 1 }],
      'socketio',
    );
    const { container } = render(<DecodedView decoded={decoded[0]!} protocolName="Socket.IO" onGoTo={() => {}} />);
    expect(container.textContent).toContain('chat({"n":1})');
    expect(count(container.textContent ?? '', 'Socket.IO: ')).toBe(0);
  });
  it('a frame without messages says its note once', () => {
    const { decoded } = decodeConnection({}, [{ id: 1, dir: 'received', opcode: 'binary', data: new Uint8Array([0xff]), time: 1 }], 'json');
    const { container } = render(<DecodedView decoded={decoded[0]!} protocolName="JSON" onGoTo={() => {}} />);
    expect(count(container.textContent ?? '', 'binary frame (1 byte')).toBe(1);
  });
});
