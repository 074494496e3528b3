// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openConnection } from '../core/fixtures/records';
import type { Connection } from '../core/rows';
import { closeSummary, ConnectionsTable } from './ConnectionsTable';

afterEach(cleanup);

function connection(patch: Partial<Connection> = {}): Connection {
  return openConnection({ createdAt: 1000, openedAt: 1100, ...patch });
}

function closed(
  code: number,
  reason: string,
  wasClean: boolean,
  closedBy: Connection['closedBy'],
  closing: Connection['closing'] = null,
): Connection {
  return connection({ state: 'closed', closedAt: 5000, close: { code, reason, wasClean, time: 5000 }, closedBy, closing });
}

/** The cells of each body row, as text. */
function rows(): string[][] {
  const body = screen.getByRole('grid', { name: 'Connections' }).querySelector('.connections-body')!;
  return [...body.querySelectorAll('[role=row]')].map((r) => [...r.querySelectorAll('[role=gridcell]')].map((c) => c.textContent ?? ''));
}

describe('closeSummary', () => {
  it('4001 "bye" closed by the page: Private Use, the reason, who closed', () => {
    const s = closeSummary(closed(4001, 'bye', true, 'page', { code: 4001, reason: 'bye', time: 4900, byPanel: false }));
    expect(s).toBe('4001 Private Use "bye" · closed by the page');
    expect(s).toContain('Private Use');
    expect(s).toContain('closed by the page');
  });

  it('closed by the server, a standard code', () => {
    expect(closeSummary(closed(1001, 'restart', true, 'server'))).toBe('1001 Going Away "restart" · closed by the server');
  });

  it('connection lost, not clean', () => {
    expect(closeSummary(closed(1006, '', false, 'network'))).toBe('1006 Abnormal Closure · connection lost · not clean');
  });

  it('registered and invalid codes', () => {
    expect(closeSummary(closed(3008, '', true, 'server'))).toBe('3008 Registered · closed by the server');
    expect(closeSummary(closed(999, '', true, 'server'))).toBe('999 Invalid (invalid code) · closed by the server');
  });

  it('closedBy unload or unknown: no attribution', () => {
    expect(closeSummary(closed(1001, '', true, 'unload'))).toBe('1001 Going Away');
    expect(closeSummary(closed(1000, '', true, null))).toBe('1000 Normal Closure');
  });

  it('while closing: what the page asked for', () => {
    expect(closeSummary(connection({ state: 'closing', closing: { code: 4000, reason: 'done', time: 1, byPanel: false } }))).toBe(
      'closing: page called close(4000, "done")',
    );
    expect(closeSummary(connection({ state: 'closing', closing: { code: null, reason: '', time: 1, byPanel: false } }))).toBe(
      'closing: page called close()',
    );
  });

  it('an open connection has no close summary', () => {
    expect(closeSummary(connection())).toBe('');
  });
});

describe('ConnectionsTable', () => {
  it('says when there are no connections', () => {
    render(<ConnectionsTable connections={[]} selected={null} now={0} onSelect={() => {}} />);
    expect(screen.getByRole('grid', { name: 'Connections' }).getAttribute('aria-rowcount')).toBe('1');
    expect(rows()).toEqual([['No connections yet. Sockets the page opens (from page load on) appear here.']]);
  });

  it('a closed 4001 "bye" connection: the close cell', () => {
    render(
      <ConnectionsTable
        connections={[closed(4001, 'bye', true, 'page', { code: 4001, reason: 'bye', time: 4900, byPanel: false })]}
        selected={null}
        now={99_999}
        onSelect={() => {}}
      />,
    );
    const [row] = rows();
    expect(row[8]).toBe('4001 Private Use "bye" · closed by the page');
    expect(row[2]).toBe('closed');
    expect(row[7]).toBe('3.9 s'); // 1100 → 5000, not up to `now`
  });

  it('one row per connection: number, URL, state, protocol, traffic, duration', () => {
    const list = [
      connection({ key: 'd:1', conn: 1, protocol: 'graphql-ws', sent: { frames: 1234, bytes: 2048 }, received: { frames: 5, bytes: 100 } }),
      connection({ key: 'd:2', conn: 2, url: 'wss://two.test/', state: 'connecting', openedAt: null, protocols: ['a', 'b'] }),
      connection({
        key: 'd:3',
        conn: 3,
        state: 'closed',
        openedAt: null,
        closedAt: 1500,
        protocols: [],
        errors: [1400, 1450],
        close: { code: 1006, reason: '', wasClean: false, time: 1500 },
        closedBy: 'network',
      }),
    ];
    render(<ConnectionsTable connections={list} selected={null} now={3100} onSelect={() => {}} />);
    const r = rows();
    expect(r.map((c) => c[0])).toEqual(['1', '2', '3']);
    // The URL without its scheme (cut in the middle when long: url-label.ts); whole in the title.
    expect(r.map((c) => c[1])).toEqual(['ws.test/feed', 'two.test/', 'ws.test/feed']);
    expect(r.map((c) => c[2])).toEqual(['open', 'connecting', 'closed · 2 errors']);
    expect(r.map((c) => c[3])).toEqual(['graphql-ws', '(asked: a, b)', '—']);
    expect(r[0][4]).toBe('1,234 · 2.0 KB');
    expect(r[0][5]).toBe('5 · 100 B');
    expect(r.map((c) => c[6]).slice(1)).toEqual(['connecting…', 'never opened']);
    expect(r.map((c) => c[7])).toEqual(['2.0 s', '2.1 s', '500 ms']); // open: until now; never opened: from creation
    expect(screen.getByRole('grid', { name: 'Connections' }).getAttribute('aria-rowcount')).toBe('4');
  });

  it('a single error is "error"', () => {
    render(<ConnectionsTable connections={[connection({ errors: [5] })]} selected={null} now={2000} onSelect={() => {}} />);
    expect(rows()[0][2]).toBe('open · error');
  });

  it('URL and markup are text, the tooltip names the frame', () => {
    render(
      <ConnectionsTable
        connections={[connection({ url: 'wss://x.test/<img src=x onerror=alert(1)>' })]}
        selected={null}
        now={2000}
        onSelect={() => {}}
      />,
    );
    const grid = screen.getByRole('grid', { name: 'Connections' });
    expect(grid.querySelector('img')).toBeNull();
    expect(rows()[0][1]).toBe('x.test/<img src=x onerror=alert(1)>');
    expect(grid.querySelector('.url')!.getAttribute('title')).toBe('wss://x.test/<img src=x onerror=alert(1)>\nfrom https://site.test/');
  });

  it('click and Enter/Space select a row; selecting the selected row clears the selection', () => {
    const onSelect = vi.fn();
    const list = [connection({ key: 'd:1' }), connection({ key: 'd:2', conn: 2 })];
    const { rerender } = render(<ConnectionsTable connections={list} selected={null} now={2000} onSelect={onSelect} />);
    const bodyRows = () => [...screen.getByRole('grid').querySelectorAll('.connections-body [role=row]')] as HTMLElement[];
    fireEvent.click(bodyRows()[1]);
    expect(onSelect).toHaveBeenLastCalledWith('d:2');
    fireEvent.keyDown(bodyRows()[0], { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith('d:1');
    rerender(<ConnectionsTable connections={list} selected="d:1" now={2000} onSelect={onSelect} />);
    expect(bodyRows().map((r) => r.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    fireEvent.keyDown(bodyRows()[0], { key: ' ' });
    expect(onSelect).toHaveBeenLastCalledWith(null);
    fireEvent.click(bodyRows()[0]);
    expect(onSelect).toHaveBeenLastCalledWith(null);
    fireEvent.keyDown(bodyRows()[0], { key: 'a' });
    expect(onSelect).toHaveBeenCalledTimes(4);
  });
});
