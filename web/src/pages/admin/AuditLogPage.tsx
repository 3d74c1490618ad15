import { useCallback } from 'react';
import type { Page, UserView } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/useResource';
import { useSession } from '../../session/SessionProvider';

interface AuditEntry {
  id: string;
  actorId: string | null;
  action: string;
  target: string;
  details: Record<string, unknown> | null;
  at: string;
}

/** Who changed users, roles, service keys and signing keys, newest first. */
export function AuditLogPage() {
  const { api } = useSession();
  const load = useCallback(
    () =>
      Promise.all([
        api.request<Page<AuditEntry>>('auth', '/api/v1/audit-log', { query: { limit: 200 } }),
        api.request<Page<UserView>>('auth', '/api/v1/users', { query: { limit: 200 } }),
      ]),
    [api],
  );
  const { data, error } = useResource(load);
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading what="Loading the audit log" />;
  const [entries, users] = data;
  const names = new Map(users.items.map((u) => [u.id, u.name]));
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      {entries.items.length === 0 ? <Empty>No admin changes yet.</Empty> : null}
      {entries.items.length > 0 ? (
        <Table columns={['When', 'Who', 'What', 'Target', 'Details']}>
          {entries.items.map((e) => (
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
      ) : null}
    </section>
  );
}
