import { useCallback } from 'react';
import type { MembershipEntry, UserView } from '../../api/types';
import { Field } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { Options } from '../../components/Options';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/useResource';
import type { UrlParams } from '../../hooks/useUrlParams';
import { useSession } from '../../session/SessionProvider';

const LIMIT = 200;

/**
 * Who gave or took which role from whom, newest first; filtered by person (`?user=`) and role
 * (`?role=`) in the URL.
 */
export function RoleMembershipHistory({ url, users }: { url: UrlParams; users: UserView[] }) {
  const { api } = useSession();
  const user = url.get('user');
  const role = url.get('role');
  const load = useCallback(
    () =>
      api.request<{ items: MembershipEntry[]; nextBefore: string | null }>(
        'auth',
        '/api/v1/audit-log/role-memberships',
        {
          query: {
            limit: LIMIT,
            ...(user ? { userId: user } : {}),
            ...(role ? { role } : {}),
          },
        },
      ),
    [api, user, role],
  );
  const { data, error } = useResource(load);
  const roles = [...new Set(data?.items.map((e) => e.role) ?? [])].sort();
  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Person">
          <select value={user} onChange={(e) => url.set('user', e.target.value)}>
            <Options
              options={[
                { value: '', label: 'Everyone' },
                ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
              ]}
            />
          </select>
        </Field>
        <Field label="Role">
          <select value={role} onChange={(e) => url.set('role', e.target.value)}>
            <Options
              options={[
                { value: '', label: 'Any role' },
                ...(role && !roles.includes(role) ? [role] : []).concat(roles).map((r) => ({
                  value: r,
                  label: r,
                })),
              ]}
            />
          </select>
        </Field>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading what="Loading role changes" /> : null}
      {data?.items.length === 0 ? <Empty>No role changes match.</Empty> : null}
      {data && data.items.length > 0 ? (
        <Table columns={['When', 'Who', 'Change', 'Person', 'Role', 'Why']}>
          {data.items.map((e) => (
            <tr key={e.id} data-testid="membership-row">
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actor ? e.actor.name : 'system'}</td>
              <td>{e.change === 'granted' ? 'Given' : 'Taken away'}</td>
              <td>
                {e.user.name} <small>{e.user.email}</small>
              </td>
              <td>
                {e.role} <small>({e.system})</small>
              </td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </Table>
      ) : null}
      {data?.nextBefore ? <p className="hint">The newest {LIMIT} changes are shown.</p> : null}
    </>
  );
}
