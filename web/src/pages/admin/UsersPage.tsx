import { useCallback, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { Page, UserView } from '../../api/types';
import { Field } from '../../components/Field';
import { Options } from '../../components/Options';
import { SearchField } from '../../components/SearchField';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { Table } from '../../components/Table';
import { useAction } from '../../hooks/useAction';
import { useResource } from '../../hooks/useResource';
import { useUrlParams } from '../../hooks/useUrlParams';
import { SYSTEM } from '../../session/roles';
import { useSession } from '../../session/SessionProvider';

function NewUserForm({ roles, onCreated }: { roles: string[]; onCreated: () => void }) {
  const { api } = useSession();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('requester');
  const create = useAction();
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run(() =>
      api.request('auth', '/api/v1/users', {
        method: 'POST',
        body: { email, name, password, roles: [{ system: SYSTEM, role }] },
      }),
    );
    if (!created) return;
    setEmail('');
    setName('');
    setPassword('');
    onCreated();
  };
  return (
    <form className="card form inline-form" onSubmit={(e) => void submit(e)} aria-label="New user">
      <h2>New user</h2>
      {create.error && Object.keys(errors).length === 0 ? (
        <ErrorNotice error={create.error} />
      ) : null}
      <Field label="Email" error={errors.email}>
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label="Name" error={errors.name}>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Initial password" error={errors.password}>
        <input
          type="password"
          required
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Field label="Role" error={errors['roles.0.role']}>
        <select value={role} onChange={(e) => setRole(e.target.value)}>
          <Options options={roles.map((r) => ({ value: r, label: r }))} />
        </select>
      </Field>
      <button type="submit" disabled={create.busy}>
        Create user
      </button>
    </form>
  );
}

function UserRow({
  user,
  roles,
  onChanged,
}: {
  user: UserView;
  roles: string[];
  onChanged: () => void;
}) {
  const { api } = useSession();
  const change = useAction();
  const held = user.roles[SYSTEM] ?? [];
  const act = async (path: string, method: 'POST' | 'DELETE' | 'PATCH', body: unknown) => {
    if (await change.run(() => api.request('auth', path, { method, body }))) onChanged();
  };
  const assignment = (role: string) => ({ userId: user.id, system: SYSTEM, role });
  return (
    <tr className={user.active ? '' : 'inactive'}>
      <td>
        <strong>{user.name}</strong>
        <br />
        <small>{user.email}</small>
        {change.error ? <ErrorNotice error={change.error} /> : null}
      </td>
      <td>
        <ul className="chips" aria-label={`Roles of ${user.name}`}>
          {held.map((role) => (
            <li key={role}>
              {role}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Remove ${role} from ${user.name}`}
                disabled={change.busy}
                onClick={() => void act('/api/v1/user-system-roles', 'DELETE', assignment(role))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <select
          aria-label={`Add a role to ${user.name}`}
          value=""
          disabled={change.busy}
          onChange={(e) => {
            if (e.target.value)
              void act('/api/v1/user-system-roles', 'POST', assignment(e.target.value));
          }}
        >
          <Options
            options={[
              { value: '', label: 'Add role…' },
              ...roles.filter((r) => !held.includes(r)).map((r) => ({ value: r, label: r })),
            ]}
          />
        </select>
      </td>
      <td>{user.active ? 'Active' : 'Deactivated'}</td>
      <td>
        <button
          type="button"
          className="secondary"
          disabled={change.busy}
          onClick={() => void act(`/api/v1/users/${user.id}`, 'PATCH', { active: !user.active })}
        >
          {user.active ? 'Deactivate' : 'Reactivate'}
        </button>
      </td>
    </tr>
  );
}

/** Users and the roles they hold in the helpdesk system. */
export function UsersPage() {
  const { api } = useSession();
  const url = useUrlParams();
  const q = url.get('q');
  const load = useCallback(
    () =>
      Promise.all([
        api.request<Page<UserView>>('auth', '/api/v1/users', { query: { q, limit: 200 } }),
        api.request<{ items: string[] }>('auth', `/api/v1/systems/${SYSTEM}/roles`),
      ]),
    [api, q],
  );
  const { data, error, reload } = useResource(load);
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <SearchField
          value={q}
          placeholder="Name or email"
          onSearch={(value) => url.set('q', value)}
        />
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading what="Loading users" /> : null}
      {data ? (
        <>
          {data[0].items.length === 0 ? <Empty>No user matches.</Empty> : null}
          <Table columns={['User', `Roles (${SYSTEM})`, 'State', '']}>
            {data[0].items.map((user) => (
              <UserRow key={user.id} user={user} roles={data[1].items} onChanged={reload} />
            ))}
          </Table>
          <NewUserForm roles={data[1].items} onCreated={reload} />
        </>
      ) : null}
    </section>
  );
}
