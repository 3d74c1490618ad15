import { useCallback, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { ErrorNotice, Loading } from '../../components/States';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';
import { useSession } from '../../session/SessionProvider';

interface System {
  key: string;
  name: string;
}

function SystemRoles({ system }: { system: System }) {
  const { api } = useSession();
  const path = `/api/v1/systems/${system.key}/roles`;
  const load = useCallback(() => api.request<{ items: string[] }>('auth', path), [api, path]);
  const { data, error, reload } = useResource(load);
  const [name, setName] = useState('');
  const change = useAction();
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await change.run(() => api.request('auth', path, { method: 'POST', body: { name } }))) {
      setName('');
      reload();
    }
  };
  const remove = async (role: string) => {
    const removed = await change.run(() =>
      api.request('auth', `${path}/${encodeURIComponent(role)}`, { method: 'DELETE' }),
    );
    if (removed) reload();
  };
  return (
    <section className="card" aria-labelledby={`system-${system.key}`}>
      <h2 id={`system-${system.key}`}>
        {system.name} <small>({system.key})</small>
      </h2>
      {error ? <ErrorNotice error={error} /> : null}
      {change.error ? <ErrorNotice error={change.error} /> : null}
      <ul className="chips">
        {(data?.items ?? []).map((role) => (
          <li key={role}>
            {role}{' '}
            <button
              type="button"
              className="link"
              aria-label={`Delete role ${role}`}
              onClick={() => void remove(role)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <Field label="New role">
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button type="submit" disabled={change.busy}>
          Add role
        </button>
      </form>
    </section>
  );
}

/** Systems and their roles (what user-system-roles grant). */
export function RolesPage() {
  const { api } = useSession();
  const load = useCallback(
    () => api.request<{ items: System[] }>('auth', '/api/v1/systems'),
    [api],
  );
  const { data, error } = useResource(load);
  return (
    <section aria-labelledby="roles-title">
      <h1 id="roles-title">Roles</h1>
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading what="Loading systems" /> : null}
      {data?.items.map((system) => (
        <SystemRoles key={system.key} system={system} />
      ))}
    </section>
  );
}
