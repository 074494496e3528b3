import { describe, expect, it } from 'vitest';
import { MAX_USER_DECODER_LENGTH, parseUserDecoders, decoderSiteOf } from './user-decoders';

describe('user decoders in storage', () => {
  it('keys a decoder by the host and port of the WebSocket URL', () => {
    expect(decoderSiteOf('ws://127.0.0.1:8080/chat?x=1')).toBe('127.0.0.1:8080');
    expect(decoderSiteOf('wss://example.org/socket')).toBe('example.org');
    expect(decoderSiteOf('not a url')).toBe('');
    expect(decoderSiteOf(undefined)).toBe('');
  });

  it('keeps only string sources, bounded, and tolerates anything else', () => {
    expect(parseUserDecoders(null)).toEqual({});
    expect(parseUserDecoders([1])).toEqual({});
    expect(parseUserDecoders({ 'a.example': 'p => p', 'b.example': 3, 'c.example': '  ', '': 'x' })).toEqual({ 'a.example': 'p => p' });
    expect(parseUserDecoders({ big: 'x'.repeat(MAX_USER_DECODER_LENGTH + 5) }).big).toHaveLength(MAX_USER_DECODER_LENGTH);
  });
});
