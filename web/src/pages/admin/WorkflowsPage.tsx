import { useCallback } from 'react';
import { Link } from 'react-router';
import type { DefinitionRecord } from '../../api/types';
import { formatDateTime, humanize } from '../../components/format';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/useResource';
import { useSession } from '../../session/SessionProvider';

/** Every workflow definition (latest version) with its state. */
export function WorkflowsPage() {
  const { api } = useSession();
  const load = useCallback(
    () => api.request<{ items: DefinitionRecord[] }>('workflow', '/api/v1/workflows'),
    [api],
  );
  const { data, error } = useResource(load);
  return (
    <section aria-labelledby="workflows-title">
      <div className="page-head">
        <h1 id="workflows-title">Workflow definitions</h1>
        <Link className="button" to="/admin/workflows/new">
          New definition
        </Link>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading what="Loading definitions" /> : null}
      {data?.items.length === 0 ? <Empty>No definitions yet.</Empty> : null}
      {data && data.items.length > 0 ? (
        <Table columns={['Definition', 'Routes', 'Steps', 'Latest version', 'Created']}>
          {data.items.map((d) => (
            <tr key={d.key}>
              <td>
                <Link to={`/admin/workflows/${d.key}`}>{d.spec.name}</Link>
                <br />
                <small>{d.key}</small>
              </td>
              <td>
                {d.spec.department} · {d.spec.category}
              </td>
              <td>{d.spec.steps.map((s) => s.name).join(' → ')}</td>
              <td>
                v{d.version} <span className={`badge def-${d.status}`}>{humanize(d.status)}</span>
              </td>
              <td>{formatDateTime(d.createdAt)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}
