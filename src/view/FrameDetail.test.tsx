// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connection, ViewFrame } from '../core/rows';
import { FrameDetail, hexBytesPerLine } from './FrameDetail';
import { frameTypeText } from '../core/format';
import { binaryFrame, openConnection, textFrame as fixtureText } from '../core/fixtures/records';

afterEach(cleanup);

/** Frames from the one record builder, with the times, seqs and kinds these tests read. */
function textFrame(data: string, extra: Partial<ViewFrame> = {}): ViewFrame {
  return fixtureText(data, { rseq: 3, seq: 7, time: 3500.5, dir: 'received', ...extra });
}

function binFrame(bytes: number[], extra: Partial<ViewFrame> = {}): ViewFrame {
  return binaryFrame(bytes, { rseq: 4, seq: 8, time: 2000, dir: 'sent', binKind: 'blob', ...extra } as Partial<ViewFrame>);
}

const conn: Connection = openConnection({ url: 'wss://x.test/', frameUrl: 'https://x.test/' });

function tabs(): string[] {
  return screen.getAllByRole('tab').map((t) => `${t.textContent}${t.getAttribute('aria-selected') === 'true' ? '*' : ''}`);
}

function panel(): HTMLElement {
  return screen.getByRole('tabpanel');
}

describe('FrameDetail: text frames', () => {
  it('a JSON text frame: JSON (selected) and Text tabs, the tree, then the raw text', () => {
    const raw = '{"type":"tick","n":[1,2]}';
    render(<FrameDetail rec={textFrame(raw)} conn={conn} onClose={() => {}} />);
    expect(tabs()).toEqual(['JSON*', 'Text']);
    expect(panel().getAttribute('aria-label')).toBe('JSON');
    expect(screen.getByRole('tree')).toBeTruthy();
    expect(panel().textContent).toContain('"type": "tick"');
    expect(screen.getByRole('button', { name: 'Copy JSON' })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Text' }));
    expect(tabs()).toEqual(['JSON', 'Text*']);
    expect(screen.queryByRole('tree')).toBeNull();
    expect(panel().querySelector('pre')!.textContent).toBe(raw);
  });

  it('the header: direction, time since open, size, type, sequence', () => {
    render(<FrameDetail rec={textFrame('x'.repeat(1234))} conn={conn} onClose={() => {}} />);
    const head = screen.getByRole('region', { name: 'Frame detail' }).querySelector('header')!.textContent!;
    expect(head).toContain('↓ Received');
    expect(head).toContain('+2.501s since open'); // 3500.5 − openedAt 1000
    expect(head).toContain('1.2 KB (1,234 bytes)');
    expect(head).toContain('text');
    expect(head).toContain('seq 7');
  });

  it('without a known connection, time since open is 0', () => {
    render(<FrameDetail rec={textFrame('x')} conn={undefined} onClose={() => {}} />);
    expect(screen.getByText('+0.000s since open')).toBeTruthy();
  });

  it('since open counts from creation when the socket never opened', () => {
    render(<FrameDetail rec={textFrame('x', { time: 750 })} conn={{ ...conn, openedAt: null }} onClose={() => {}} />);
    expect(screen.getByText('+0.250s since open')).toBeTruthy();
  });

  it('a plain text frame has only the Text tab', () => {
    render(<FrameDetail rec={textFrame('hello <b>world</b>')} conn={conn} onClose={() => {}} />);
    expect(tabs()).toEqual(['Text*']);
    expect(panel().querySelector('b')).toBeNull();
    expect(panel().querySelector('pre')!.textContent).toBe('hello <b>world</b>');
    expect(screen.queryByRole('button', { name: 'Copy JSON' })).toBeNull();
  });

  it('JSON-looking text that does not parse: Text tab with the reason', () => {
    render(<FrameDetail rec={textFrame('{"a":')} conn={conn} onClose={() => {}} />);
    expect(tabs()).toEqual(['Text*']);
    expect(screen.getByRole('note').textContent).toMatch(/^Not valid JSON: .+/);
  });

  it('a truncated frame says how much was kept', () => {
    render(<FrameDetail rec={textFrame('abcd', { size: 1024 * 1024, truncated: true })} conn={conn} onClose={() => {}} />);
    expect(screen.getByRole('note').textContent).toBe('Truncated: this frame is 1.0 MB; only its first 4 B were kept (per-frame cap).');
  });

  it('a long text is shown page by page', () => {
    const text = 'y'.repeat(300_000);
    render(<FrameDetail rec={textFrame(text)} conn={conn} onClose={() => {}} />);
    expect(panel().querySelector('pre')!.textContent!.length).toBe(256 * 1024);
    fireEvent.click(screen.getByRole('button', { name: 'Show more (37,856 characters not shown)' }));
    expect(panel().querySelector('pre')!.textContent!.length).toBe(300_000);
    expect(screen.queryByRole('button', { name: /^Show more/ })).toBeNull();
  });

  it('the close button calls onClose', () => {
    const onClose = vi.fn();
    render(<FrameDetail rec={textFrame('x')} conn={conn} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Close detail' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('Copy text copies the payload and says so', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    try {
      render(<FrameDetail rec={textFrame('{"a":1}')} conn={conn} onClose={() => {}} />);
      fireEvent.click(screen.getByRole('button', { name: 'Copy JSON' }));
      expect(await screen.findByText('Copied JSON')).toBeTruthy();
      expect(writeText).toHaveBeenCalledWith('{\n  "a": 1\n}');
      fireEvent.click(screen.getByRole('button', { name: 'Copy text' }));
      expect(await screen.findByText('Copied text')).toBeTruthy();
      expect(writeText).toHaveBeenLastCalledWith('{"a":1}');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('FrameDetail: binary frames', () => {
  it('a received binary frame says it was received, as the type its socket delivered it (binaryType)', () => {
    render(<FrameDetail rec={binFrame([1, 2], { dir: 'received', binKind: 'arraybuffer' })} conn={conn} onClose={() => {}} />);
    expect(screen.getByText("binary, received as an ArrayBuffer (the socket's binaryType)")).toBeTruthy();
    expect(screen.queryByText(/sent as/)).toBeNull();
  });
  it('frameTypeText names what the page sent', () => {
    expect(frameTypeText(binFrame([1], { binKind: 'typedarray' }))).toBe('binary, sent as a typed array');
    expect(frameTypeText(binFrame([1], { binKind: 'dataview' }))).toBe('binary, sent as a DataView');
    expect(frameTypeText(textFrame('x'))).toBe('text');
  });
  it('a frame dropped at a breakpoint says so', () => {
    render(<FrameDetail rec={textFrame('held', { dir: 'sent', mark: 'dropped' })} conn={conn} onClose={() => {}} />);
    expect(screen.getByRole('note').textContent).toContain('Dropped while a breakpoint held it');
    expect(screen.getByRole('note').textContent).toContain('never reached the server');
  });
  it('Hex (selected), Base64 and UTF-8 tabs; the header names the JavaScript type', () => {
    render(<FrameDetail rec={binFrame([0xde, 0xad, 0xbe, 0xef])} conn={conn} onClose={() => {}} />);
    expect(tabs()).toEqual(['Hex*', 'Base64', 'UTF-8']);
    expect(screen.getByText('binary, sent as a Blob')).toBeTruthy();
    expect(screen.getByText('↑ Sent')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy hex' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy Base64' })).toBeTruthy();
  });

  it('the hex table knows its row count; nothing is laid out in happy-dom, so no row is rendered', () => {
    render(<FrameDetail rec={binFrame(Array.from({ length: 33 }, (_, i) => i))} conn={conn} onClose={() => {}} />);
    const table = screen.getByRole('table', { name: 'Hex dump' });
    expect(table.getAttribute('aria-rowcount')).toBe('3');
  });

  describe('with a viewport (clientHeight stubbed, as a browser would lay it out)', () => {
    function hexRows(): Array<[string | null, ...(string | null)[]]> {
      return [...screen.getByRole('table', { name: 'Hex dump' }).querySelectorAll('[role=row]')].map((r) => [
        r.getAttribute('aria-rowindex'),
        ...[...r.querySelectorAll('[role=cell]')].map((c) => c.textContent),
      ]);
    }

    it('renders offset, hex and ASCII columns of the rows in view', () => {
      vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(180);
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
      try {
        const bytes = [...new TextEncoder().encode('Hello, WebSocket'), 0x00, 0x7f, 0x80, 0xff, 0x41];
        render(<FrameDetail rec={binFrame(bytes)} conn={conn} onClose={() => {}} />);
        expect(hexRows()).toEqual([
          ['1', '00000000', '48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74', 'Hello, WebSocket'],
          ['2', '00000010', '00 7f 80 ff 41', '....A'],
        ]);
      } finally {
        vi.restoreAllMocks();
      }
    });

    it('a large payload renders only a window of rows', () => {
      vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(180);
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
      try {
        render(<FrameDetail rec={binFrame(Array.from({ length: 1 << 20 }, (_, i) => i & 255))} conn={conn} onClose={() => {}} />);
        const rows = hexRows();
        expect(screen.getByRole('table', { name: 'Hex dump' }).getAttribute('aria-rowcount')).toBe('65536');
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.length).toBeLessThan(100);
        expect(rows[0]).toEqual(['1', '00000000', '00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f', '................']);
        expect(rows[2][1]).toBe('00000020');
        expect(rows[2][3]).toBe(' !"#$%&\'()*+,-./');
      } finally {
        vi.restoreAllMocks();
      }
    });
  });

  it('an empty payload says so', () => {
    render(<FrameDetail rec={binFrame([])} conn={conn} onClose={() => {}} />);
    expect(screen.getByText('Empty payload (0 bytes).')).toBeTruthy();
  });

  it('Base64 view', () => {
    render(<FrameDetail rec={binFrame([0xde, 0xad, 0xbe, 0xef])} conn={conn} onClose={() => {}} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Base64' }));
    expect(tabs()).toEqual(['Hex', 'Base64*', 'UTF-8']);
    expect(panel().querySelector('pre')!.textContent).toBe('3q2+7w==');
  });

  it('UTF-8 view of valid bytes', () => {
    render(<FrameDetail rec={binFrame([0x68, 0xc3, 0xa9])} conn={conn} onClose={() => {}} />);
    fireEvent.click(screen.getByRole('tab', { name: 'UTF-8' }));
    expect(screen.getByRole('note').textContent).toBe('Valid UTF-8.');
    expect(panel().querySelector('pre')!.textContent).toBe('hé');
  });

  it('UTF-8 view reports the offset of the first invalid byte, in decimal and hex', () => {
    const bytes = [...new TextEncoder().encode('twenty ascii bytes!!'), 0xc3, 0x28, 0xff];
    render(<FrameDetail rec={binFrame(bytes)} conn={conn} onClose={() => {}} />);
    fireEvent.click(screen.getByRole('tab', { name: 'UTF-8' }));
    expect(screen.getByRole('note').textContent).toBe(
      'Not valid UTF-8: the first invalid byte is at offset 20 (0x14); invalid sequences are shown as U+FFFD.',
    );
    expect(panel().querySelector('pre')!.textContent).toBe('twenty ascii bytes!!\uFFFD(\uFFFD');
  });

  it('the chosen view persists across frames of the same kind and resets for another kind', () => {
    const { rerender } = render(<FrameDetail rec={binFrame([1])} conn={conn} onClose={() => {}} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Base64' }));
    rerender(<FrameDetail rec={binFrame([2])} conn={conn} onClose={() => {}} />);
    expect(tabs()).toEqual(['Hex', 'Base64*', 'UTF-8']);
    expect(panel().querySelector('pre')!.textContent).toBe('Ag==');
    rerender(<FrameDetail rec={textFrame('[1]')} conn={conn} onClose={() => {}} />);
    expect(tabs()).toEqual(['JSON*', 'Text']);
  });

  it('a truncated binary frame says how many bytes were kept', () => {
    render(<FrameDetail rec={binFrame([1, 2, 3], { size: 5000, truncated: true })} conn={conn} onClose={() => {}} />);
    expect(screen.getByRole('note').textContent).toBe('Truncated: this frame is 4.9 KB; only its first 3 B were kept (per-frame cap).');
  });
});

describe('hexBytesPerLine', () => {
  // 11 px monospace digits are about 6.6 px wide: a 16-byte line is 8 + 48 + 16 = 72 of them.
  it('keeps 16 bytes a line where the whole line fits, else 8, else 4', () => {
    expect(hexBytesPerLine(72 * 6.6 + 56, 6.6)).toBe(16);
    expect(hexBytesPerLine(72 * 6.6 + 55, 6.6)).toBe(8);
    expect(hexBytesPerLine((8 + 23 + 8) * 6.6 + 56, 6.6)).toBe(8);
    expect(hexBytesPerLine((8 + 23 + 8) * 6.6 + 55, 6.6)).toBe(4);
    expect(hexBytesPerLine(100, 6.6)).toBe(4);
  });
  it('is 16 until the pane and the font are measured', () => {
    expect(hexBytesPerLine(null, 6.6)).toBe(16);
    expect(hexBytesPerLine(300, 0)).toBe(16);
  });
});
