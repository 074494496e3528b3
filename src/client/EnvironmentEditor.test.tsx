// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentEditor } from './EnvironmentEditor';
import type { Environments } from './variables';

afterEach(cleanup);

let latest: Environments | null = null;
function Harness({ initial }: { initial: Environments }) {
  const [envs, setEnvs] = useState(initial);
  latest = envs;
  return <EnvironmentEditor envs={envs} onChange={setEnvs} />;
}

const two: Environments = {
  active: 'b',
  list: [
    { id: 'a', name: 'dev', vars: [] },
    { id: 'b', name: 'prod', vars: [{ key: 'host', value: 'example.com' }, { key: '', value: '' }] },
  ],
};

describe('EnvironmentEditor', () => {
  it('edits the active environment\'s variables', () => {
    render(<Harness initial={two} />);
    fireEvent.input(screen.getByLabelText('Variable 1 value'), { target: { value: 'example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove variable 2' }));
    expect(latest?.list[1].vars).toEqual([{ key: 'host', value: 'example.org' }, { key: '', value: '' }]);
  });

  it('deleting the environment in use says what it took, and Undo puts it back in its place, active again', () => {
    render(<Harness initial={two} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete environment' }));
    expect(latest).toEqual({ active: null, list: [two.list[0]] });
    expect(screen.getByRole('status', { name: 'Environment deleted' }).textContent).toContain('Deleted the environment "prod" (1 variables), which was active');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(latest).toEqual(two);
    expect(screen.queryByRole('status', { name: 'Environment deleted' })).toBeNull();
  });
});
