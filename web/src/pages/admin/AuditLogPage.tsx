import { useCallback } from 'react';
import type { Page, UserView } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { Table } from '../../components/Table';
import { Tabs } from '../../components/Tabs';
import { useResource } from '../../hooks/useResource';
import { useUrlParams } from '../../hooks/useUrlParams';
import { useSession } from '../../session/SessionProvider';
import { RoleMembershipHistory } from './RoleMembershipHistory';

interface AuditEntry {
  id: string;
  actorId: string | null;
  action: string;
  target: string;
  details: Record<string, unknown> | null;
  at: string;
}

const VIEWS = [
  { key: 'all', label: 'All changes' },
  { key: 'roles', label: 'Role membership' },
] as const;

function AllChanges({ names }: { names: Map<string, string> }) {
  const { api } = useSession();
  const load = useCallback(
    () => api.request<Page<AuditEntry>>('auth', '/api/v1/audit-log', { query: { limit: 200 } }),
    [api],
  );
  const { data, error } = useResource(load);
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="Loading the audit log" />;
  if (data.items.length === 0) return <Empty>No admin changes yet.</Empty>;
  return (
    <Table columns={['When', 'Who', 'What', 'Target', 'Details']}>
      {data.items.map((e) => (
        <tr key={e.id} data-testid="audit-row">
          <td>{formatDateTime(e.at)}</td>
          <td>{e.actorId ? (names.get(e.actorId) ?? `user ${e.actorId}`) : 'system'}</td>
          <td>{e.action}</td>
          <td>{e.target}</td>
          <td>
            <code>{e.details ? JSON.stringify(e.details) : ''}</code>
          </td>
        </tr>
      ))}
    </Table>
  );
}

/**
 * Who changed users, roles, service keys and signing keys, newest first; the Role membership
 * view (`?view=roles`) reads who gave or took which role from whom.
 */
export function AuditLogPage() {
  const { api } = useSession();
  const url = useUrlParams();
  const view = VIEWS.find((v) => v.key === url.get('view'))?.key ?? 'all';
  const loadUsers = useCallback(
    () => api.request<Page<UserView>>('auth', '/api/v1/users', { query: { limit: 200 } }),
    [api],
  );
  const users = useResource(loadUsers);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <Tabs
        label="Audit log views"
        tabs={VIEWS}
        current={view}
        onSelect={(key) => url.set('view', key === 'all' ? '' : key)}
      />
      {users.error ? <ErrorNotice error={users.error} /> : null}
      {!users.data && !users.error ? <Loading what="Loading the audit log" /> : null}
      {users.data && view === 'all' ? (
        <AllChanges names={new Map(users.data.items.map((u) => [u.id, u.name]))} />
      ) : null}
      {users.data && view === 'roles' ? (
        <RoleMembershipHistory url={url} users={users.data.items} />
      ) : null}
    </section>
  );
}
