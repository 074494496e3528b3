// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Faults } from '../core/faults';
import { FaultsSection } from './FaultsSection';

vi.mock('webextension-polyfill', () => ({ default: {} }));
afterEach(cleanup);

/** The section over a value kept here, as storage would keep it. */
function setUp(initial: Faults | null) {
  let stored = initial;
  const writes: (Faults | null)[] = [];
  const update = (change: (v: Faults | null) => Faults | null) => {
    stored = change(stored);
    writes.push(stored);
    return Promise.resolve();
  };
  render(<FaultsSection faults={initial} update={update} />);
  return { writes };
}
const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('FaultsSection', () => {
  it('switches on what the fields say, and says so', async () => {
    const { writes } = setUp(null);
    type('Connections matching', 'chat');
    type('Latency received (ms)', '200');
    type('Jitter received (ms)', '20');
    type('Drop sent (%)', '5');
    fireEvent.click(screen.getByRole('switch', { name: 'Faults on' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Faults on: sent 5 % dropped; received +200–220 ms (connections matching chat).'));
    expect(writes).toEqual([{ enabled: true, url: 'chat', sent: { latency: 0, jitter: 0, drop: 5 }, received: { latency: 200, jitter: 20, drop: 0 } }]);
  });

  it('refuses bad input with the field and what is wrong, storing nothing and keeping what was typed', async () => {
    const { writes } = setUp(null);
    type('Drop received (%)', '101');
    fireEvent.click(screen.getByRole('switch', { name: 'Faults on' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Drop received: at most 100 %.'));
    expect(writes).toEqual([]);
    expect((screen.getByLabelText('Drop received (%)') as HTMLInputElement).value).toBe('101');
  });

  it('shows the stored faults, and switching off keeps them for next time', async () => {
    const on: Faults = { enabled: true, url: '', sent: { latency: 30, jitter: 0, drop: 0 }, received: { latency: 0, jitter: 0, drop: 0 } };
    const { writes } = setUp(on);
    expect((screen.getByLabelText('Latency sent (ms)') as HTMLInputElement).value).toBe('30');
    expect((screen.getByRole('switch', { name: 'Faults on' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('switch', { name: 'Faults on' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Faults off.'));
    expect(writes).toEqual([{ ...on, enabled: false }]);
  });
});
