/**
 * The environments of the test client's variables: choose the active one, add, rename and delete
 * environments, edit their variables. Deleting one says what it took away and offers to undo.
 */
import { useState } from 'preact/hooks';
import { newId } from './ids';
import { BUILTINS, type Environment, type Environments } from './variables';

export function EnvironmentEditor({ envs, onChange }: { envs: Environments; onChange(e: Environments): void }) {
  const [deleted, setDeleted] = useState<{ env: Environment; index: number; wasActive: boolean } | null>(null);
  const active = envs.list.find((e) => e.id === envs.active) ?? null;
  const update = (env: Environment) => onChange({ ...envs, list: envs.list.map((e) => (e.id === env.id ? env : e)) });
  const add = () => {
    const env: Environment = { id: newId(), name: `Environment ${envs.list.length + 1}`, vars: [{ key: '', value: '' }] };
    onChange({ active: env.id, list: [...envs.list, env] });
    setDeleted(null);
  };
  const remove = () => {
    if (active === null) return;
    const index = envs.list.indexOf(active);
    setDeleted({ env: active, index, wasActive: true });
    onChange({ active: null, list: envs.list.filter((e) => e !== active) });
  };
  const undo = () => {
    if (deleted === null) return;
    const list = [...envs.list];
    list.splice(Math.min(deleted.index, list.length), 0, deleted.env);
    onChange({ active: deleted.wasActive ? deleted.env.id : envs.active, list });
    setDeleted(null);
  };
  return (
    <section class="environments" aria-label="Environments">
      <div class="env-bar">
        <label>
          Environment{' '}
          <select
            aria-label="Environment"
            value={envs.active ?? ''}
            onChange={(e) => {
              setDeleted(null);
              onChange({ ...envs, active: e.currentTarget.value === '' ? null : e.currentTarget.value });
            }}
          >
            <option value="">No environment</option>
            {envs.list.map((e) => (
              <option value={e.id}>{e.name}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={add}>
          New environment
        </button>
        {active && (
          <>
            <label>
              Environment name{' '}
              <input type="text" size={12} value={active.name} onInput={(e) => update({ ...active, name: e.currentTarget.value })} />
            </label>
            <button type="button" onClick={remove}>
              Delete environment
            </button>
          </>
        )}
      </div>
      {deleted && (
        <p class="note warn" role="status" aria-label="Environment deleted">
          Deleted the environment "{deleted.env.name}" ({deleted.env.vars.filter((v) => v.key.trim() !== '').length} variables), which was active: its
          variables no longer resolve, and a message that uses them is held back until they are defined.{' '}
          <button type="button" onClick={undo}>
            Undo
          </button>
        </p>
      )}
      {active && (
        <table class="vars" aria-label={`Variables of ${active.name}`}>
          <tbody>
            {active.vars.map((v, i) => (
              <tr>
                <td>
                  <input
                    type="text"
                    aria-label={`Variable ${i + 1} name`}
                    placeholder="name"
                    spellcheck={false}
                    value={v.key}
                    onInput={(e) => update({ ...active, vars: active.vars.map((x, j) => (j === i ? { ...x, key: e.currentTarget.value } : x)) })}
                  />
                </td>
                <td>
                  <input
                    type="text"
                    aria-label={`Variable ${i + 1} value`}
                    placeholder="value"
                    spellcheck={false}
                    value={v.value}
                    onInput={(e) => update({ ...active, vars: active.vars.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)) })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="icon"
                    aria-label={`Remove variable ${i + 1}`}
                    onClick={() => update({ ...active, vars: active.vars.filter((_, j) => j !== i) })}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">
        {active && (
          <button type="button" onClick={() => update({ ...active, vars: [...active.vars, { key: '', value: '' }] })}>
            Add variable
          </button>
        )}{' '}
        Use <code>{'{{name}}'}</code> in the URL, subprotocols and messages; built-ins: {BUILTINS.map((b) => `{{${b}}}`).join(' ')}.
      </p>
    </section>
  );
}
